"""`make present` end to end: tasks.py present starts Voilà, whose front page lists the lessons in a
real browser; one lesson opens from the list as an app, with its explorer and without code.

The real command runs (CI runs as root: there it also proves Voilà starts as root without a flag),
on a free port, in its own process group, stopped in a finally block.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import free_port
from lessonpage import SCREENSHOTS
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180  # seconds; the first start may install nnbook into .venv
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def stop(process):
    if process.poll() is None:
        for sig, wait in ((15, 20), (9, 10)):
            try:
                os.killpg(process.pid, sig)  # tasks.py and the Voilà it started
                process.wait(wait)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue


def start_present(port, env, log, *settings):
    """`tasks.py present` on 127.0.0.1:`port` (with Voilà `settings`), writing to the open file `log`, in a
    session of its own; returns the process once Voilà answers (stop it with `stop`)."""
    process = subprocess.Popen(
        [sys.executable, ROOT / "tasks.py", "present", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         *settings], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise AssertionError(f"tasks.py present stopped (exit {process.returncode}):\n{Path(log.name).read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
            return process
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                stop(process)
                raise AssertionError(f"Voilà did not answer on port {port} within {START_TIMEOUT} s:\n"
                                     f"{Path(log.name).read_text()}") from None
            time.sleep(0.5)


def wait_for_tab(page, path, seconds=60):
    """The tab (this one or a new one) that shows `path`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for tab in page.context.pages:
            if path in tab.url:
                return tab
        page.wait_for_timeout(200)  # lets playwright see new tabs and navigations
    raise AssertionError(f"no tab opened {path}; tabs: {[tab.url for tab in page.context.pages]}")


def test_make_present_lists_the_lessons_and_opens_one_as_an_app(voila_page, tmp_path):
    page = voila_page
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "present.log"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with open(log_path, "w") as log:
        process = start_present(port, env, log)
        try:
            page.goto(base + "/")
            for lesson in LESSONS:  # the front page lists every lesson
                expect(page.get_by_text(lesson, exact=True)).to_be_visible()
            expect(page.get_by_text("zh", exact=True)).to_be_visible()  # and the Chinese edition's folder
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "present-lessons.png"))

            # A double click on a lesson in the list opens it as an app (Voilà's file browser, in this or a new tab)
            page.locator(".jp-DirListing-item", has_text="01_perceptron.ipynb").dblclick()
            page = wait_for_tab(page, "/voila/render/01_perceptron.ipynb")
            expect(page.get_by_role("heading", name="The whole truth table: NAND")).to_be_visible(timeout=180_000)
            picture = page.locator(".nnbook-explorer .widget-image").first
            expect(picture).to_be_visible(timeout=180_000)  # the explorer has drawn: the lesson has run
            assert picture.evaluate("img => img.naturalWidth") > 0
            expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)
            assert "from nnbook" not in page.content(), "an app must not show the code"
            page.screenshot(path=str(SCREENSHOTS / "present-01_perceptron.png"))
        finally:
            stop(process)
    text = log_path.read_text()
    assert "Opening the lessons in Voilà" in text, text
    assert "Traceback" not in text, text
