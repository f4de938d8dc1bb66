"""The set-up README.zh-CN.md gives a class in mainland China holds (#24, point 3), as far as it can be checked here.

* A MNIST mirror named in NNBOOK_MNIST_MIRRORS that serves the wrong file — another data set with the same names
  and headers, a login page — is refused by the content check, nothing of it stays on disk, the next mirror is
  tried, and `python -m nnbook.data` says so in Chinese: trying an unfamiliar mirror does no harm.  (The mirror is a
  local http.server: this machine reaches no network in China.)
* The menu names the Chinese lessons, README and teacher's guide give are those of JupyterLab's Chinese language
  pack (`jupyterlab-language-pack-zh-CN` 4.5.post3, read from its jupyterlab.json).
"""

import gzip
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nnbook import data

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("NNBOOK_DATA_DIR") or ROOT.parent / "shared" / "data" / "mnist")  # as test_data.py
LABELS = "t10k-labels-idx1-ubyte.gz"


def another_data_set(gz_bytes):
    """A label file with MNIST's name and a right header whose labels are other ones (as Fashion-MNIST's are)."""
    raw = bytearray(gzip.decompress(gz_bytes))
    raw[8:] = bytes((label + 3) % 10 for label in raw[8:])
    return gzip.compress(bytes(raw), mtime=0)


class Mirror(BaseHTTPRequestHandler):
    """GET /wrong/<name>: the same name, other content; GET /login/<name>: a Wi-Fi login page; /good/: the file."""

    def do_GET(self):
        _, mode, name = self.path.split("/", 2)
        self.server.requests.append((mode, name))
        good = self.server.files.get(name)
        if good is None:
            self.send_error(404)
            return
        body = {"good": good, "wrong": another_data_set(good),
                "login": "<html><body>请先登录校园网</body></html>".encode("utf-8")}[mode]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    httpd.daemon_threads = True
    httpd.files, httpd.requests = {LABELS: (SOURCE / LABELS).read_bytes()}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = lambda mode: f"http://127.0.0.1:{httpd.server_address[1]}/{mode}/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def folder_without_the_labels(tmp_path):
    """The four MNIST files but the test labels (to be downloaded), in a folder of their own."""
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, _ in data.FILES.values():
        if name != LABELS:
            (folder / name).symlink_to(SOURCE / name)
    return folder


def test_another_data_set_has_the_mnist_header_so_only_the_checksum_can_tell(tmp_path):
    wrong = another_data_set((SOURCE / LABELS).read_bytes())
    with pytest.raises(data.MNISTFileError, match="md5"):
        data._check_content(wrong, "test_labels", "a mirror")
    assert gzip.decompress(wrong)[:8] == gzip.decompress((SOURCE / LABELS).read_bytes())[:8]


def test_a_mirror_that_serves_the_wrong_file_is_refused_and_leaves_nothing(tmp_path, mirror, monkeypatch, capsys,
                                                                           chinese):
    folder = folder_without_the_labels(tmp_path)
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, f"{mirror.url('wrong')} {mirror.url('login')}")
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    assert data.main(["--quiet"]) == 1
    said = capsys.readouterr().err
    assert "无法下载 MNIST" in said and "校验和不符" in said, said
    assert f"{mirror.url('wrong')}{LABELS}" in said and f"{mirror.url('login')}{LABELS}" in said
    assert mirror.requests == [("wrong", LABELS), ("login", LABELS)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(n for n, _ in data.FILES.values() if n != LABELS), (
        "a refused download leaves no file, not even a temporary one")
    with pytest.raises(data.MNISTNotFound):
        data.load_mnist(folder, download=False)  # and nothing of it is read as MNIST


def test_after_a_wrong_mirror_the_next_one_in_the_list_gives_the_file(tmp_path, mirror, monkeypatch, capsys, chinese):
    folder = folder_without_the_labels(tmp_path)
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, f"{mirror.url('wrong')},{mirror.url('good')}")
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    assert data.main(["--quiet"]) == 0
    out = capsys.readouterr().out
    assert "四个文件都已对照标准 MNIST 校验和验证无误" in out
    assert mirror.requests == [("wrong", LABELS), ("good", LABELS)]
    assert (folder / LABELS).read_bytes() == (SOURCE / LABELS).read_bytes()


def test_the_mirrors_the_chinese_readme_names_are_taken_as_mirrors():
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    named = re.findall(r'NNBOOK_MNIST_MIRRORS="([^"]+)"', readme)
    assert named, "README.zh-CN.md shows no NNBOOK_MNIST_MIRRORS=\"…\""
    for value in named:
        urls = value.split()
        assert data._choose_mirrors(urls) == urls and "https://dataset.bj.bcebos.com/mnist/" in urls


# --- the menus, as JupyterLab's Chinese language pack names them --------------------------------------------------

#: From jupyterlab_language_pack_zh_CN 4.5.post3, locale/zh_CN/LC_MESSAGES/jupyterlab.json ("menu\x04Kernel" etc.):
#: each English menu name the lessons mention, and its Chinese in that pack.
PACK = {
    "Kernel": "内核",
    "Run": "运行",
    "Settings": "设置",
    "Language": "语言",
    "Restart Kernel and Run All Cells…": "重启并运行所有单元格…",
    "Run All Cells": "运行所有单元格",
}
#: JupyterLab's menu bar in both languages (the pack's "menu\x04File" …): an arrow path that starts with one is a menu.
MENU_BAR = {"File": "文件", "Edit": "编辑", "View": "查看", "Run": "运行", "Kernel": "内核", "Tabs": "标签页",
            "Settings": "设置", "Help": "帮助"}
ARROW = r"\s*[→▸]\s*"
CHINESE_MENU = re.compile(rf"([\u4e00-\u9fff]+(?:{ARROW}[\u4e00-\u9fff…]+)+)")
ENGLISH_MENU = re.compile(rf"([A-Z][A-Za-z]+(?:{ARROW}[A-Z][A-Za-z …]*[A-Za-z…])+)")


def chinese_texts():
    """Every Chinese text a Chinese teacher or student reads about the interface: lessons, README, guide, catalogues."""
    texts = {"README.zh-CN.md": (ROOT / "README.zh-CN.md").read_text(encoding="utf-8"),
             "docs/teacher-guide.zh-CN.md": (ROOT / "docs" / "teacher-guide.zh-CN.md").read_text(encoding="utf-8")}
    for notebook in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts[notebook.name] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for catalogue in sorted((ROOT / "nnbook" / "locales" / "zh").glob("*.toml")):
        texts[catalogue.name] = catalogue.read_text(encoding="utf-8")
    return texts


def test_the_menu_paths_in_chinese_texts_are_the_language_packs_words():
    checked = 0
    for name, text in chinese_texts().items():
        for path in CHINESE_MENU.findall(text):
            parts = [p.strip() for p in re.split(ARROW, path)]
            if parts[0] not in MENU_BAR.values():
                continue  # an arrow that is no menu ("真实数字 → 猜测")
            unknown = [p for p in parts if p not in PACK.values()]
            assert not unknown, f"{name}: the menu path {path!r} has {unknown}, not the language pack's words"
            checked += 1
        for path in ENGLISH_MENU.findall(text):
            parts = [p.strip() for p in re.split(ARROW, path)]
            if parts[0] not in MENU_BAR:
                continue
            unknown = [p for p in parts if p not in PACK]
            assert not unknown, f"{name}: the English menu path {path!r} has {unknown}, not JupyterLab's menu names"
            checked += 1
    assert checked >= 4, "the Chinese texts name menus (README, guide, lessons 00 and 05's feedback at least)"


def test_the_menu_patterns_find_what_they_should():
    assert CHINESE_MENU.findall("菜单“内核 → 重启并运行所有单元格…”") == ["内核 → 重启并运行所有单元格…"]
    assert ENGLISH_MENU.findall("(Run ▸ Run All Cells)") == ["Run ▸ Run All Cells"]
    assert CHINESE_MENU.findall("菜单“运行 → 全部运行”") == ["运行 → 全部运行"]  # which the test above refuses
