"""MNIST as users get it: found, downloaded, verified, cached — and refused when wrong.

The network tests talk to a real HTTP server on 127.0.0.1 started here (no mocks): it serves
copies of the real files (made from $NNBOOK_DATA_DIR or ../shared/data/mnist at test time),
damaged versions of them, and 404/500 errors.  Only one test downloads all four real files;
the others download a single small label file into a folder that already holds the other three.
"""

import gzip
import hashlib
import json
import mmap
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from nnbook import data
from nnbook.data import FILES, MNISTFileError, MNISTNotFound, fetch_mnist, load_mnist

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("NNBOOK_DATA_DIR") or ROOT.parent / "shared" / "data" / "mnist")
NAMES = [name for name, _ in FILES.values()]
TRAIN_LABELS = FILES["train_labels"][0]
TEST_LABELS = FILES["test_labels"][0]


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """Copies of the four real files, {name: bytes}."""
    folder = tmp_path_factory.mktemp("originals")
    for name in NAMES:
        shutil.copy(SOURCE / name, folder / name)
    return {name: (folder / name).read_bytes() for name in NAMES}


def with_one_label_changed(gz_bytes):
    """A valid gzip of a label file whose header is right but whose content is not MNIST's."""
    raw = bytearray(gzip.decompress(gz_bytes))
    raw[8] = (raw[8] + 1) % 10
    return gzip.compress(bytes(raw), mtime=0)


class Mirror(BaseHTTPRequestHandler):
    """GET /<mode>/<file name>: how the file is served depends on the mode."""

    def do_GET(self):
        _, mode, name = self.path.split("/", 2)
        self.server.requests.append((mode, name))
        good = self.server.files.get(name)
        if good is None or mode in ("404", "500"):
            self.send_error(500 if mode == "500" else 404)
            return
        body = {
            "good": good,
            "corrupt": with_one_label_changed(good) if "labels" in name else good[:100] + good[101:],
            "truncated": good[: len(good) // 2],
            "html": b"<html><body>Please log in to the school Wi-Fi</body></html>",
            "raw": gzip.decompress(good),  # what a server that decodes the gzip for us sends
            "cut": good,
        }[mode]
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if mode == "html" else "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "cut":  # the connection drops half way: fewer bytes than announced
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(originals):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    httpd.daemon_threads = True
    httpd.files, httpd.requests = originals, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = lambda mode: f"http://127.0.0.1:{httpd.server_address[1]}/{mode}/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def mirror(server):
    server.requests.clear()
    return server


def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: the connection is refused, as when offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No NNBOOK_* variables from outside; the user cache folder lives in tmp_path; shared images made there go after."""
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.delenv(data.MIRRORS_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield
    for cache in tmp_path.rglob(data.CACHE_NAME):  # 220 MB each: pytest keeps the temporary folders of 3 runs
        cache.parent.chmod(0o755)
        cache.unlink()


def seed(folder, originals, leave_out=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        if name not in leave_out:
            (folder / name).write_bytes(originals[name])
    return folder


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def snapshot(top):
    return {str(p.relative_to(top)): (p.stat().st_mtime_ns, p.stat().st_size, p.stat().st_mode)
            for p in sorted(top.rglob("*"))}


def same_digits(a, b):
    return all(np.array_equal(x.images, y.images) and np.array_equal(x.labels, y.labels) for x, y in zip(a, b))


# ---------------------------------------------------------------- the real files

def test_real_mnist_has_the_books_split_shapes_ranges_and_counts(mnist):
    training, validation, test = mnist
    for digits, n in ((training, 50000), (validation, 10000), (test, 10000)):
        assert digits.images.shape == (n, 784) and digits.images.dtype == np.float32
        assert digits.labels.shape == (n,) and digits.labels.dtype == np.int64
        assert digits.images.min() == 0.0 and digits.images.max() == 1.0
        assert set(np.unique(digits.labels)) == set(range(10))
    assert np.count_nonzero(test.labels == 0) == 980
    assert np.count_nonzero(test.labels == 1) == 1135
    assert np.bincount(training.labels).sum() + np.bincount(validation.labels).sum() == 60000
    # The famous first digits: a 5 opens the training file, a 7 the test file.
    assert training.labels[0] == 5 and test.labels[0] == 7
    # Row-by-row layout: the 28×28 picture comes back with reshape, ink in the middle, paper at the edge.
    picture = training.images[0].reshape(28, 28)
    assert picture[0].max() == 0 and picture[:, 0].max() == 0 and picture[10:18, 10:18].max() > 0.9


def test_digits_repr_and_one_hot(mnist):
    test = mnist[2]
    assert repr(test) == "Digits(10000 images of 28×28 = 784 pixels)"
    rows = test.one_hot()
    assert rows.shape == (10000, 10) and np.array_equal(rows.sum(axis=1), np.ones(10000))
    assert np.array_equal(rows.argmax(axis=1), test.labels)


def test_python_dash_m_nnbook_data_verifies_a_folder():
    result = subprocess.run([sys.executable, "-m", "nnbook.data", "--data-dir", str(SOURCE), "--no-download"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"MNIST folder: {SOURCE}" in result.stdout
    assert all(name in result.stdout for name in NAMES)
    assert "All four files are verified" in result.stdout
    assert "Shared images (one copy for every kernel on this machine): " in result.stdout  # in the cache folder


# ---------------------------------------------------------------- a complete folder is only read

def test_a_complete_read_only_folder_is_read_and_never_written_the_images_go_to_the_cache(tmp_path, originals, mirror,
                                                                                          monkeypatch, mnist, capsys):
    folder = seed(tmp_path / "teacher" / "mnist", originals)
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    before = snapshot(tmp_path)
    try:
        monkeypatch.setenv(data.ENV_VAR, str(folder))
        monkeypatch.setenv(data.MIRRORS_ENV_VAR, mirror.url("good"))
        assert same_digits(load_mnist(), mnist)
        assert same_digits(load_mnist(folder), mnist)
        assert fetch_mnist() == folder
        assert data.main([]) == 0
        assert f"MNIST folder: {folder}" in capsys.readouterr().out
        after = snapshot(tmp_path)
        # the folder: nothing created, changed or touched; the one thing written is the shared images, in the cache
        assert {path: after[path] for path in before} == before
        assert sorted(set(after) - set(before)) == ["cache", "cache/nnbook", "cache/nnbook/mnist",
                                                    f"cache/nnbook/mnist/{data.CACHE_NAME}"]
        assert listing(folder) == sorted(NAMES)
        assert mirror.requests == []
    finally:
        folder.chmod(0o755)


# ---------------------------------------------------------------- downloads

def test_download_falls_back_past_dead_404_and_500_mirrors_and_stores_verified_files(tmp_path, originals, mirror,
                                                                                      mnist, capsys):
    folder = tmp_path / "new" / "mnist"  # does not exist yet
    dead = closed_port_url()
    mirrors = [dead, mirror.url("404"), mirror.url("500"), mirror.url("good")]
    loaded = load_mnist(folder, mirrors=mirrors)  # progress bars on, as users see them
    assert same_digits(loaded, mnist)
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])  # the shared images, no temporary files left behind
    for name in NAMES:
        assert (folder / name).read_bytes() == originals[name]
    # Each file: 404, then 500, then the good mirror; the unreachable one is not asked again.
    assert mirror.requests == [(mode, name) for name in NAMES for mode in ("404", "500", "good")]
    err = capsys.readouterr().err
    assert f"Downloading {NAMES[0]} from {dead}{NAMES[0]}" in err
    assert f"{mirror.url('good')}{NAMES[-1]}" in err
    # Warm: everything is there, nothing is asked for again.
    mirror.requests.clear()
    assert same_digits(load_mnist(folder, mirrors=mirrors), mnist)
    assert mirror.requests == []


def test_the_user_cache_folder_is_used_when_nothing_else_is_set(tmp_path, originals, mirror, monkeypatch):
    expected = tmp_path / "cache" / "nnbook" / "mnist"  # XDG_CACHE_HOME is tmp_path/cache here
    assert data.cache_dir() == expected == data.default_data_dir()
    seed(expected, originals, leave_out=[TEST_LABELS])
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, f"{mirror.url('404')}, {mirror.url('good')}")
    test = load_mnist(progress=False)[2]
    assert np.count_nonzero(test.labels == 1) == 1135
    assert mirror.requests == [("404", TEST_LABELS), ("good", TEST_LABELS)]
    assert (expected / TEST_LABELS).read_bytes() == originals[TEST_LABELS]
    assert listing(expected) == sorted(NAMES + [data.CACHE_NAME])


def test_data_dir_beats_the_environment_variable_which_beats_the_cache(tmp_path, monkeypatch):
    given, from_env = tmp_path / "given", tmp_path / "env"
    monkeypatch.setenv(data.ENV_VAR, str(from_env))
    assert data.default_data_dir() == from_env
    with pytest.raises(MNISTNotFound, match=f"Looked in: {given} \\(given as data_dir\\)"):
        load_mnist(given, download=False)
    with pytest.raises(MNISTNotFound, match=f"Looked in: {from_env} \\(from the environment variable"):
        load_mnist(download=False)
    monkeypatch.delenv(data.ENV_VAR)
    with pytest.raises(MNISTNotFound, match="Looked in: .*cache.*your user cache folder"):
        load_mnist(download=False)
    assert not given.exists() and not from_env.exists()  # download=False creates nothing


def test_a_bad_download_is_skipped_for_the_next_mirror(tmp_path, originals, mirror):
    folder = seed(tmp_path / "mnist", originals, leave_out=[TRAIN_LABELS])
    modes = ["corrupt", "truncated", "cut", "html", "good"]
    fetch_mnist(folder, mirrors=[mirror.url(m) for m in modes], progress=False)
    assert mirror.requests == [(m, TRAIN_LABELS) for m in modes]
    assert (folder / TRAIN_LABELS).read_bytes() == originals[TRAIN_LABELS]
    assert listing(folder) == sorted(NAMES)


@pytest.mark.parametrize("mode, reason", [
    ("corrupt", "sent a file that is not the MNIST file: checksum mismatch"),
    ("truncated", "sent a file that is not the MNIST file: the gzip data is truncated"),
    ("html", "sent a file that is not the MNIST file: wrong magic number"),
    ("cut", "the download was cut off before the end"),
    ("404", "answered HTTP 404 Not Found"),
    ("500", "answered HTTP 500 Internal Server Error"),
])
def test_when_every_mirror_fails_nothing_is_left_and_the_error_says_why(tmp_path, originals, mirror, mode, reason):
    folder = seed(tmp_path / "mnist", originals, leave_out=[TRAIN_LABELS])
    url = mirror.url(mode)
    with pytest.raises(MNISTNotFound) as caught:
        load_mnist(folder, mirrors=[url], progress=False)
    message = str(caught.value)
    assert f"no mirror gave a good copy of {TRAIN_LABELS}" in message
    assert f"Missing:   {TRAIN_LABELS}\n" in message
    assert f"  - {url}{TRAIN_LABELS}: {reason}" in message
    assert "python -m nnbook.data" in message
    assert listing(folder) == sorted(set(NAMES) - {TRAIN_LABELS})  # no partial or temporary file


def test_offline_with_no_files_says_where_it_looked_what_it_tried_and_how_to_fix_it(tmp_path, monkeypatch):
    mirrors = [closed_port_url(), closed_port_url()]
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, " ".join(mirrors))
    folder = tmp_path / "mnist"
    with pytest.raises(MNISTNotFound) as caught:
        load_mnist(folder, progress=False)
    message = str(caught.value)
    assert message.startswith("Could not download MNIST: no MNIST mirror could be reached (is this machine offline?)")
    assert f"Looked in: {folder} (given as data_dir)" in message
    for url in mirrors:
        assert f"  - {url}{NAMES[0]}: could not connect: the connection was refused" in message
    assert "connect to the internet and run `python -m nnbook.data`" in message
    assert "put the four files there by hand" in message and ", ".join(NAMES) in message
    assert f"into {folder}\n" in message and data.ENV_VAR in message
    assert listing(folder) == []
    assert isinstance(caught.value, FileNotFoundError)


def test_a_folder_that_cannot_be_written_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(MNISTNotFound, match="cannot be stored: .* is not a folder nnbook can write to"):
        load_mnist(blocker / "mnist", mirrors=[closed_port_url()], progress=False)
    with pytest.raises(ValueError, match="is a file, not a folder"):
        load_mnist(blocker)


def test_a_server_that_unpacks_the_gzip_still_gives_a_verified_file(tmp_path, originals, mirror, mnist):
    folder = seed(tmp_path / "mnist", originals, leave_out=[TRAIN_LABELS])
    training = load_mnist(folder, mirrors=[mirror.url("raw")], progress=False)[0]
    assert np.array_equal(training.labels, mnist[0].labels)
    stored = folder / TRAIN_LABELS[: -len(".gz")]
    assert hashlib.md5(stored.read_bytes()).hexdigest() == FILES["train_labels"][1]
    assert listing(folder) == sorted(set(NAMES) - {TRAIN_LABELS} | {stored.name, data.CACHE_NAME})


# ---------------------------------------------------------------- files in a folder are checked by content

def test_recompressed_and_uncompressed_files_are_accepted(tmp_path, originals, mnist):
    folder = seed(tmp_path / "mnist", originals)
    for name in (TRAIN_LABELS, TEST_LABELS):
        again = gzip.compress(gzip.decompress(originals[name]), compresslevel=1, mtime=12345)
        assert again != originals[name]
        (folder / name).write_bytes(again)
    test_images = FILES["test_images"][0]
    (folder / test_images).unlink()  # as Safari leaves it: unpacked, without .gz
    (folder / test_images[: -len(".gz")]).write_bytes(gzip.decompress(originals[test_images]))
    assert same_digits(load_mnist(folder, download=False), mnist)


def damaged_gzip(gz):
    data = bytearray(gz)
    data[len(data) // 2: len(data) // 2 + 64] = bytes(64)
    return bytes(data)


@pytest.mark.parametrize("make_bad, problem", [
    (lambda o: with_one_label_changed(o[TRAIN_LABELS]),
     "checksum mismatch: the md5 of its content is [0-9a-f]{32}, the canonical MNIST one is "
     + FILES["train_labels"][1]),
    (lambda o: o[TRAIN_LABELS][:-1000], "the gzip data is truncated"),
    (lambda o: damaged_gzip(o[TRAIN_LABELS]), "the gzip data is damaged"),
    (lambda o: o[FILES["test_images"][0]], "wrong magic number 0x00000803: this is an image file"),
    (lambda o: b"<html>404 Not Found</html>", "wrong magic number: MNIST labels start with the IDX magic number "
                                              "0x00000801"),
    (lambda o: b"", "wrong magic number: .* it is empty"),
    (lambda o: o[TEST_LABELS], r"its header says labels of shape \(10000,\), but train-labels-idx1-ubyte.gz holds "
                               r"\(60000,\)"),
    (lambda o: gzip.compress(gzip.decompress(o[TRAIN_LABELS])[:-5]), "it is truncated: 60,003 bytes of content "
                                                                     "instead of 60,008"),
])
def test_a_bad_file_in_the_folder_is_refused_by_name_and_left_alone(tmp_path, originals, mirror, make_bad, problem):
    folder = seed(tmp_path / "mnist", originals)
    bad = make_bad(originals)
    (folder / TRAIN_LABELS).write_bytes(bad)
    with pytest.raises(MNISTFileError, match=problem) as caught:
        load_mnist(folder, mirrors=[mirror.url("good")], progress=False)
    assert caught.value.path == folder / TRAIN_LABELS
    message = str(caught.value)
    assert message.startswith(f"{folder / TRAIN_LABELS} is not a good copy of the MNIST file {TRAIN_LABELS}: ")
    assert "Fix: delete it (or replace it with a good copy) and run `python -m nnbook.data`" in message
    assert isinstance(caught.value, ValueError)
    assert (folder / TRAIN_LABELS).read_bytes() == bad and mirror.requests == []  # refused, not replaced
    with pytest.raises(MNISTFileError, match=problem):
        fetch_mnist(folder, download=False)


# ---------------------------------------------------------------- the command and bad arguments

def test_the_command_downloads_what_is_missing_and_reports_where_it_went(tmp_path, originals, mirror, capsys):
    folder = seed(tmp_path / "class" / "mnist", originals, leave_out=[TEST_LABELS])
    argv = ["--data-dir", str(folder), "--mirror", mirror.url("404"), "--mirror", mirror.url("good"), "--quiet"]
    assert data.main(argv) == 0
    out = capsys.readouterr().out
    assert f"MNIST folder: {folder}" in out
    assert f"downloaded from {mirror.url('good')}{TEST_LABELS}" in out
    assert out.count(" ok") == 4 and "All four files are verified" in out
    assert f"Shared images (one copy for every kernel on this machine): {folder / data.CACHE_NAME}" in out
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])


def test_the_command_reports_errors_without_a_traceback(tmp_path, originals, capsys):
    folder = seed(tmp_path / "mnist", originals)
    (folder / TEST_LABELS).write_bytes(originals[TEST_LABELS][:100])
    assert data.main(["--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder / TEST_LABELS} is not a good copy") and "Traceback" not in err
    assert data.main(["--data-dir", str(tmp_path / "empty"), "--no-download"]) == 1
    assert "downloading is switched off" in capsys.readouterr().err


@pytest.mark.parametrize("kwargs, expected", [
    ({"data_dir": 5}, "data_dir must be a folder path .* got int 5"),
    ({"mirrors": []}, "mirrors must name at least one base URL"),
    ({"mirrors": ["ftp://example.org/mnist/"]}, "each mirror must be an http:// or https:// base URL"),
    ({"mirrors": [None]}, "each mirror must be an http:// or https:// base URL .* got None"),
])
def test_bad_arguments_are_refused_with_a_clear_value_error(tmp_path, kwargs, expected):
    with pytest.raises(ValueError, match=expected):
        load_mnist(**{"data_dir": tmp_path / "mnist", **kwargs})
    assert not (tmp_path / "mnist").exists()


# ---------------------------------------------------------------- one copy of the images per machine

def before_the_cache(folder):
    """The digits as load_mnist made them before the shared images: converted in memory from the verified files."""
    raw = {key: data._read_verified(folder / name, key) for key, (name, _) in FILES.items()}
    train_x = raw["train_images"].reshape(-1, 784).astype(np.float32) / np.float32(255)
    test_x = raw["test_images"].reshape(-1, 784).astype(np.float32) / np.float32(255)
    train_y, test_y = raw["train_labels"].astype(np.int64), raw["test_labels"].astype(np.int64)
    return (data.Digits(train_x[:50000], train_y[:50000]), data.Digits(train_x[50000:], train_y[50000:]),
            data.Digits(test_x, test_y))


def identical(loaded, expected):
    """The same numbers, dtypes and shapes, as plain writable C-ordered NumPy arrays."""
    for got, want in zip(loaded, expected, strict=True):
        assert type(got) is data.Digits and type(got.images) is np.ndarray and type(got.labels) is np.ndarray
        assert got.images.dtype == np.float32 and got.labels.dtype == np.int64
        assert got.images.flags.c_contiguous and got.images.flags.writeable
        assert np.array_equal(got.images, want.images) and np.array_equal(got.labels, want.labels)
    return True


def mapped(array):
    """True when the array's memory is a mapping of a file (the shared images), not memory of its own."""
    while array is not None and not isinstance(array, mmap.mmap):
        array = array.obj if isinstance(array, memoryview) else getattr(array, "base", None)
    return array is not None


@pytest.fixture(scope="module")
def expected(originals, tmp_path_factory):
    """The digits as they were before the shared images (in memory), for the whole module."""
    return before_the_cache(seed(tmp_path_factory.mktemp("before") / "mnist", originals))


@pytest.fixture(scope="module")
def good_cache(originals, tmp_path_factory):
    """A cache file written by load_mnist, to copy beside the files of a test's folder."""
    folder = seed(tmp_path_factory.mktemp("written") / "mnist", originals)
    with pytest.MonkeyPatch.context() as patch:  # a user cache folder of its own: nothing to find there
        patch.setenv("XDG_CACHE_HOME", str(folder.parent / "cache"))
        load_mnist(folder)
    yield folder / data.CACHE_NAME
    (folder / data.CACHE_NAME).unlink()


def test_the_shared_images_are_written_once_beside_the_files_and_mapped_by_every_load(tmp_path, originals,
                                                                                      expected):
    folder = seed(tmp_path / "mnist", originals)
    cache = folder / data.CACHE_NAME
    first = load_mnist(folder)
    written = cache.stat()
    assert written.st_size == 128 + 70000 * 784 * 4  # the .npy header, then the float32 images, uncompressed
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])  # no temporary file left behind
    second = load_mnist(folder)
    again = cache.stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # reused, not written again
    assert identical(first, expected) and identical(second, expected)
    assert all(mapped(digits.images) for digits in first + second)
    assert not mapped(expected[0].images)
    assert not (tmp_path / "cache").exists()  # the folder was writable: nothing in the user cache folder
    with open(cache, "rb") as f:  # a plain .npy file: NumPy reads it without pickle
        assert np.array_equal(np.load(f, allow_pickle=False)[60000:], expected[2].images)


def test_writing_into_the_digits_changes_this_copy_only(tmp_path, originals, good_cache, expected):
    folder = seed(tmp_path / "mnist", originals)
    shutil.copy(good_cache, folder)
    training = load_mnist(folder)[0]
    assert mapped(training.images)
    training.images[0] = 1.0  # a lesson may write into the arrays it was given
    training.images[:100] *= 0.5
    assert training.images[0, 0] == 0.5
    assert data.open_cache(folder / data.CACHE_NAME) is not None  # the file still holds MNIST (its SHA-256 checks)
    assert identical(load_mnist(folder), expected)  # and the next load gets the digits untouched


def flip_a_byte(path):
    with open(path, "r+b") as f:
        f.seek(128 + 4 * (784 * 12345 + 400))
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x40]))


def other_endianness(path):
    """The same length and bytes, but a header that says big-endian: an array of other numbers."""
    body = path.read_bytes()[128:]
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, {"descr": ">f4", "fortran_order": False, "shape": data.CACHE_SHAPE})
        f.write(body)


@pytest.mark.parametrize("damage", [
    flip_a_byte,
    lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),  # truncated
    lambda path: path.write_bytes(b""),
    lambda path: path.write_bytes(b"<html>not an array</html>"),
    lambda path: np.save(path, np.zeros((10, 784), np.float32)),  # another array
    other_endianness,
], ids=["one-byte-changed", "truncated", "empty", "not-npy", "another-array", "header-says-big-endian"])
def test_a_damaged_or_stale_cache_is_noticed_and_written_again(tmp_path, originals, good_cache, expected, damage):
    folder = seed(tmp_path / "mnist", originals)
    cache = Path(shutil.copy(good_cache, folder))
    assert data.open_cache(cache) is not None
    damage(cache)
    assert data.open_cache(cache) is None
    assert identical(load_mnist(folder), expected)
    assert data.open_cache(cache) is not None  # written again, good
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])


def test_a_write_that_fails_half_way_leaves_nothing_behind(tmp_path, originals, monkeypatch, expected):
    """A disk that fills up in the middle of the file: no half-written cache, no temporary file; the next place is used."""
    folder = seed(tmp_path / "mnist", originals)
    convert, calls = data._to_float, []

    def full_disk_once(pixels):
        calls.append(len(pixels))
        if len(calls) == 3:  # the third chunk of the first file written
            raise OSError(28, "No space left on device")
        return convert(pixels)

    monkeypatch.setattr(data, "_to_float", full_disk_once)
    loaded = load_mnist(folder)
    assert listing(folder) == sorted(NAMES)  # nothing half-written beside the files
    cache = tmp_path / "cache" / "nnbook" / "mnist"
    assert listing(cache) == [data.CACHE_NAME] and data.open_cache(cache / data.CACHE_NAME) is not None
    assert identical(loaded, expected) and mapped(loaded[0].images)


def test_what_a_killed_writer_left_is_removed_and_never_read(tmp_path, originals, expected):
    folder = seed(tmp_path / "mnist", originals)
    leftover = folder / f".{data.CACHE_NAME}.k1ll3d.part"
    leftover.write_bytes(b"\x93NUMPY half a file")
    assert identical(load_mnist(folder), expected)
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])


def test_a_good_cache_beside_read_only_files_is_used_and_nothing_is_written(tmp_path, originals, expected):
    """The teacher ran `python -m nnbook.data` on the class folder, then made it read-only: every student maps it."""
    folder = seed(tmp_path / "teacher" / "mnist", originals)
    assert data.main(["--data-dir", str(folder), "--quiet"]) == 0
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    before = snapshot(tmp_path)
    try:
        loaded = load_mnist(folder)
        assert snapshot(tmp_path) == before  # no cache folder made, nothing touched
        assert identical(loaded, expected) and mapped(loaded[0].images)
    finally:
        folder.chmod(0o755)


def test_with_nowhere_to_write_the_images_are_made_in_memory(tmp_path, originals, expected, capsys):
    folder = seed(tmp_path / "mnist", originals)
    cache = tmp_path / "cache" / "nnbook" / "mnist"
    cache.mkdir(parents=True)
    for place in (folder, cache):
        place.chmod(0o555)
    before = snapshot(tmp_path)
    try:
        loaded = load_mnist(folder)
        assert snapshot(tmp_path) == before
        assert identical(loaded, expected) and not mapped(loaded[0].images)
        assert data.main(["--data-dir", str(folder), "--quiet"]) == 0
        assert "Shared images: none (no folder could be written)" in capsys.readouterr().out
    finally:
        for place in (folder, cache):
            place.chmod(0o755)


LOADER = """
import hashlib, json, sys, tempfile, time
from nnbook import data
make_temp, writes = tempfile.mkstemp, []
def counting(*args, **kwargs):
    if kwargs.get("prefix", "").startswith("." + data.CACHE_NAME):
        writes.append(1)
    return make_temp(*args, **kwargs)
tempfile.mkstemp = counting
while time.time() < float(sys.argv[2]):  # all start loading at the same moment
    time.sleep(0.01)
training, validation, test = data.load_mnist(sys.argv[1])
print(json.dumps({"writes": len(writes), "sha256": hashlib.sha256(training.images).hexdigest()
                  + hashlib.sha256(test.images).hexdigest()}))
"""


def test_kernels_that_load_for_the_first_time_at_once_write_the_cache_once(tmp_path, originals, expected):
    folder = seed(tmp_path / "mnist", originals)
    start = time.time() + 4  # after every process has imported NumPy
    procs = [subprocess.Popen([sys.executable, "-c", LOADER, str(folder), str(start)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT) for _ in range(4)]
    results = [json.loads(proc.communicate(timeout=180)[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    want = hashlib.sha256(expected[0].images).hexdigest() + hashlib.sha256(expected[2].images).hexdigest()
    assert [r["sha256"] for r in results] == [want] * 4
    # one writer at a time (a lock on the folder): the others wait and map its file
    assert sum(r["writes"] for r in results) == (1 if os.name == "posix" else sum(r["writes"] for r in results))
    assert listing(folder) == sorted(NAMES + [data.CACHE_NAME])
    assert data.open_cache(folder / data.CACHE_NAME) is not None
