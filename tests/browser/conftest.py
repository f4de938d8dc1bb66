"""Servers and a real browser for the slider tests.

JupyterLab (and Voilà) serve a temporary COPY of notebooks/ on 127.0.0.1 with a random token on
a free port, so the tests never touch the committed lessons. Each server runs in its own process
group and is always stopped, even when a test fails. The browser is Chromium driven by the PyPI
`playwright` package (no browser download: we use the system's Chromium).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 120

CHROMIUM_MISSING = (
    "The browser tests need Chromium, and none was found (looked for $NNBOOK_CHROMIUM, then "
    "`chromium` and `chromium-browser` on PATH). Install it with `sudo apt-get update && sudo "
    "apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this), or set NNBOOK_CHROMIUM to "
    "a Chromium or Chrome executable, then run `make test` again."
)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# JupyterLab user settings for the test server: every cell stays in the page (no windowing, so
# a locator finds a slider far down the notebook) and no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        '{"fetchNews": "false", "checkForUpdates": false}',
}


def find_chromium():
    for candidate in (os.environ.get("NNBOOK_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate:
            path = shutil.which(candidate)
            if path:
                return path
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def data_dir():
    """The MNIST folder the lessons read: $NNBOOK_DATA_DIR, else ../shared/data/mnist (as tests/conftest.py)."""
    return os.environ.get("NNBOOK_DATA_DIR") or str(ROOT.parent / "shared" / "data" / "mnist")


class Server:
    """A Jupyter-family server in its own process group; `stop()` ends the whole group."""

    def __init__(self, name, command, url, ready_path, workdir, cwd):
        self.name, self.url, self.workdir = name, url, workdir
        self.log = workdir / f"{name}.log"
        (workdir / "tmp").mkdir(exist_ok=True)
        env = dict(os.environ, NNBOOK_DATA_DIR=data_dir(), TMPDIR=str(workdir / "tmp"),
                   JUPYTER_CONFIG_DIR=str(workdir / "config"), JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait_until_up(ready_path)
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self, path):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{self.name} exited with code {self.proc.returncode} before it answered:\n{self.tail()}")
            try:
                urllib.request.urlopen(self.url + path, timeout=5).close()
                return
            except urllib.error.HTTPError:
                return  # any HTTP answer means the server is up
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"{self.name} did not answer within {STARTUP_SECONDS} s:\n{self.tail()}")

    def tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue


def server_folders(tmp_path_factory, name):
    """A temporary folder for one server's own files, with a fresh copy of the lessons in `lessons/`."""
    workdir = tmp_path_factory.mktemp(name)
    lessons = workdir / "lessons"
    lessons.mkdir()
    for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(nb, lessons / nb.name)
    (lessons / "zh").mkdir()
    for nb in sorted(NOTEBOOKS.glob("zh/[0-9][0-9]_*.ipynb")):  # the Chinese edition, as in the repository
        shutil.copy2(nb, lessons / "zh" / nb.name)
    return workdir, lessons


@pytest.fixture(scope="session")
def chromium():
    path = find_chromium()
    if path is None:
        pytest.fail(CHROMIUM_MISSING, pytrace=False)
    return path


@pytest.fixture(scope="session")
def playwright(chromium):
    """The playwright driver, for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The browser tests need the `playwright` package: run `make test` (it installs the "
                    "test extra) or `.venv/bin/pip install -e .[test]`.", pytrace=False)
    with sync_playwright() as pw:
        yield pw


def open_chromium(playwright, chromium, profile):
    """A headless Chromium with a fresh profile of its own (no cookies, no storage from other tests)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    return context


@pytest.fixture(scope="session")
def browser(playwright, chromium, tmp_path_factory):
    """One headless Chromium (fresh profile) for the JupyterLab tests of the whole session."""
    context = open_chromium(playwright, chromium, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield context
    finally:
        context.close()


def jupyter_server(tmp_path_factory, app):
    """A Jupyter server on 127.0.0.1 with a token, serving a temporary copy of the lessons: `app` "lab"
    (JupyterLab) or "notebook" (Notebook 7, the same server with Notebook 7's pages), with LAB_SETTINGS."""
    workdir, lessons = server_folders(tmp_path_factory, f"jupyter{app}")
    settings = workdir / "settings"
    for name, text in LAB_SETTINGS.items():
        file = settings / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    App = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[app]
    port, token = free_port(), secrets.token_hex(16)
    command = [str(BIN / "jupyter"), app, "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={lessons}", f"--{App}.user_settings_dir={settings}",
               f"--{App}.workspaces_dir={workdir / 'workspaces'}",
               f"--{App}.expose_app_in_browser=True"]  # lets a test ask whether the kernel is ready
    if app == "lab":
        command.append("--LabApp.news_url=None")
    server = Server(f"jupyter {app}", command, f"http://127.0.0.1:{port}", f"/api/status?token={token}",
                    workdir, lessons)
    server.token = token
    return server


def serving(tmp_path_factory, app):
    """The server of `jupyter_server` for as long as a fixture lasts; always stopped."""
    server = jupyter_server(tmp_path_factory, app)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, serving a temporary copy of the lessons."""
    yield from serving(tmp_path_factory, "lab")


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory):
    """`jupyter notebook` (Notebook 7) on 127.0.0.1 with a token, serving a temporary copy of the lessons."""
    yield from serving(tmp_path_factory, "notebook")


@pytest.fixture
def voila(tmp_path_factory):
    """Start Voilà on one lesson (a temporary copy); returns a function lesson name -> Server."""
    servers = []

    def start(lesson):
        workdir, lessons = server_folders(tmp_path_factory, "voila")
        port, token = free_port(), secrets.token_hex(16)
        command = [str(BIN / "voila"), lesson, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
                   f"--token={token}", "--ServerApp.port_retries=0"]
        server = Server("voila", command, f"http://127.0.0.1:{port}", "/", workdir, lessons)
        server.token = token
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def page(browser, request):
    """A new browser tab; closed after the test, with a screenshot when the test failed."""
    tab = browser.new_page()
    yield tab
    _close(tab, request)


@pytest.fixture
def voila_page(playwright, chromium, tmp_path_factory, request):
    """A tab in a Chromium of its own for a Voilà test.

    Cookies ignore the port: in the JupyterLab tests' browser, JupyterLab's _xsrf and login
    cookies would reach Voilà (also on 127.0.0.1), whose page then may never connect to its
    kernel. A separate, fresh profile shares nothing with them.
    """
    context = open_chromium(playwright, chromium, tmp_path_factory.mktemp("chromium-voila-profile"))
    try:
        tab = context.new_page()
        yield tab
        _close(tab, request)
    finally:
        context.close()


def _close(tab, request):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        from lessonpage import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"))
    tab.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
