"""Load every lesson that has a slider in Voilà, again and again, and count the loads that hang.

    .venv/bin/python benchmarks/voila_soak.py              # 20 loads of each slider lesson (≈ 18 min)
    .venv/bin/python benchmarks/voila_soak.py --loads 3 --lessons 01 04

One Voilà serves a temporary copy of notebooks/ as `make present` does (its front page lists the
lessons; /voila/render/NAME opens one as an app with a fresh kernel).  Each load is a fresh page in a
fresh browser context (headless Chromium, as the browser tests use) that waits until Voilà has
finished: its "Executing N of M" spinner gone, the cells shown, every explorer's picture drawn
(an `ipywidgets.Image` with PNG bytes, `.widget-image`).  A load that has not finished within
--timeout seconds counts as a hang, with where it stopped (e.g. "Executing 12 of 31"); a page that
shows a Python error counts as an error.  The page is closed after each load, which shuts its
kernel down.  Exit status 0 only when no load hung or failed.

Why: Voilà's cell runner (nbclient) can lose a cell's execute reply while an `Output` widget
(which `interact` always makes) is capturing — voila#1428 — and the page then stays at "Executing
N of M" for good.  The lessons' explorers use no Output widget; this script is the proof.
`tests/browser/test_voila_soak.py` runs a short version (3 loads per lesson) in `make test`.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def slider_lessons(folder=NOTEBOOKS):
    """The numbers of the lessons with an explorer ("01", …): their saved widget state holds an `.nnbook-explorer`."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        state = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("widgets", {})
        models = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {}).values()
        if any("nnbook-explorer" in model.get("state", {}).get("_dom_classes", []) for model in models):
            found.append(path.name[:2])
    return tuple(found)


SLIDER_LESSONS = slider_lessons()  # found, not listed: a new lesson with a slider is soaked too
STARTUP_SECONDS = 120
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# In the page: has Voilà finished, and has every explorer drawn its picture?  An explorer is an
# `.nnbook-explorer` box (nnbook.explorer); one with a button (manual: it trains on demand) has no
# picture until the button is pressed, so it is left out.
STATE = r"""() => {
    const loading = document.getElementById('loading');
    const text = loading ? (document.getElementById('loading_text') || loading).textContent.trim() : '';
    const explorers = [...document.querySelectorAll('.nnbook-explorer')].filter(e => !e.querySelector('button'));
    const drawn = explorers.filter(e => {
        const img = e.querySelector('.widget-image');
        return !!img && img.complete && img.naturalWidth > 0;
    }).length;
    const errors = [...document.querySelectorAll(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], " +
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], .nnbook-explorer-error")]
        .map(e => e.textContent.trim().slice(0, 300));
    return {loading: !!loading, text, explorers: explorers.length, drawn, errors};
}"""


# The kernel Voilà started for this page (its page configuration says which).
KERNEL_ID = """() => {
    const config = document.getElementById('jupyter-config-data');
    return config ? JSON.parse(config.textContent).kernelId || null : null;
}"""


def finished(state):
    """Voilà is done and every explorer that draws on its own shows its picture."""
    return not state["loading"] and state["explorers"] > 0 and state["drawn"] == state["explorers"]


@dataclass
class Result:
    lesson: str
    outcome: str  # "ok", "hang" or "error"
    seconds: float
    where: str = ""


@dataclass
class Tally:
    results: list = field(default_factory=list)

    def counts(self, lesson):
        return Counter(r.outcome for r in self.results if r.lesson == lesson)

    @property
    def hangs(self):
        return sum(r.outcome == "hang" for r in self.results)

    @property
    def errors(self):
        return sum(r.outcome == "error" for r in self.results)

    def table(self):
        lessons = list(dict.fromkeys(r.lesson for r in self.results))
        lines = [f"{'lesson':36} {'loads':>5} {'ok':>4} {'hangs':>5} {'errors':>6} {'median s':>8} {'worst s':>8}"]
        for lesson in lessons:
            mine = [r for r in self.results if r.lesson == lesson]
            times = sorted(r.seconds for r in mine if r.outcome == "ok") or [float("nan")]
            c = self.counts(lesson)
            lines.append(f"{lesson:36} {len(mine):5} {c['ok']:4} {c['hang']:5} {c['error']:6} "
                         f"{times[len(times) // 2]:8.1f} {times[-1]:8.1f}")
            lines += [f"    load {i + 1}: {r.outcome} after {r.seconds:.0f} s — {r.where}"
                      for i, r in enumerate(mine) if r.outcome != "ok"]
        lines.append(f"total: {len(self.results)} loads, {self.hangs} hangs, {self.errors} errors")
        return "\n".join(lines)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chromium():
    for candidate in (os.environ.get("NNBOOK_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("The soak needs Chromium: `sudo apt-get install -y chromium` (Debian/Ubuntu), or set NNBOOK_CHROMIUM "
             "to a Chromium or Chrome program.")


def lessons_named(prefixes):
    found = []
    for prefix in prefixes:
        matches = sorted(NOTEBOOKS.glob(f"{prefix}*.ipynb"))
        if len(matches) != 1:
            sys.exit(f"--lessons {prefix}: expected one notebook in {NOTEBOOKS} starting with {prefix!r}, "
                     f"found {[m.name for m in matches]}")
        found.append(matches[0].name)
    return found


class Voila:
    """Voilà on a temporary copy of notebooks/, in its own process group; use it in a `with`."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)

    def __enter__(self):
        lessons = self.workdir / "lessons"
        lessons.mkdir(parents=True)
        for nb in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"):
            shutil.copy2(nb, lessons / nb.name)
        port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{port}"
        self.log = self.workdir / "voila.log"
        data = os.environ.get("NNBOOK_DATA_DIR") or str(ROOT.parent / "shared" / "data" / "mnist")
        env = dict(os.environ, NNBOOK_DATA_DIR=data, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"))
        command = [str(Path(sys.executable).parent / "voila"), str(lessons), "--no-browser", f"--port={port}",
                   "--Voila.ip=127.0.0.1", f"--token={self.token}", "--ServerApp.port_retries=0"]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, cwd=lessons, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voilà exited with code {self.proc.returncode}:\n{self.tail()}")
            try:
                urllib.request.urlopen(f"{self.url}/?token={self.token}", timeout=5).close()
                return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"Voilà did not answer within {STARTUP_SECONDS} s:\n{self.tail()}")
                time.sleep(0.3)

    def tail(self, lines=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proc.pid, sig)
                    self.proc.wait(wait)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue

    def shut_down(self, kernel):
        """Shut the page's kernel down, as the page asks Voilà to when it is left.

        Not left to the page: a closed headless tab did not reliably send its request, and after a hundred
        loads a hundred kernels (≈ 360 MB each) had filled the memory.
        """
        if not kernel:
            return
        request = urllib.request.Request(f"{self.url}/voila/api/shutdown/{kernel}", data=b"", method="POST",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as error:
            if error.code != 404:  # 404: the page did shut it down itself
                raise

    def lesson_url(self, lesson):
        return f"{self.url}/voila/render/{lesson}?token={self.token}"


def load_once(browser, server, lesson, timeout):
    """One fresh page on `lesson`: "ok" when it has finished, "hang" at the timeout, "error" on a Python error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.monotonic()
    state = {"loading": True, "text": "(nothing yet)", "explorers": 0, "drawn": 0, "errors": []}
    try:
        page.goto(server.lesson_url(lesson), wait_until="commit", timeout=timeout * 1000)
        while time.monotonic() - start < timeout:
            try:
                state = page.evaluate(STATE)
            except Exception as error:  # the page is navigating or still empty
                state = dict(state, text=f"(page not ready: {str(error).splitlines()[0][:80]})")
            if state["errors"]:
                return Result(lesson, "error", time.monotonic() - start, state["errors"][0])
            if finished(state):
                return Result(lesson, "ok", time.monotonic() - start)
            time.sleep(0.25)
        where = (f"stopped at {state['text']!r}" if state["loading"]
                 else f"Voilà had finished executing, but {state['drawn']} of {state['explorers']} explorers' "
                      "pictures were drawn (widgets still rendering)")
        where += f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        return Result(lesson, "hang", time.monotonic() - start, where)
    finally:
        try:
            kernel = page.evaluate(KERNEL_ID)
        except Exception:  # the page crashed or never loaded its configuration
            kernel = None
        try:
            page.close(run_before_unload=True)
        finally:
            context.close()
            server.shut_down(kernel)


def soak(lessons, loads, timeout=120, report=print, playwright=None):
    """Load each lesson `loads` times in a row; returns a Tally.  `playwright`: a running sync driver, if any."""
    with contextlib.ExitStack() as stack:
        if playwright is None:
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
        server = stack.enter_context(Voila(stack.enter_context(tempfile.TemporaryDirectory(prefix="nnbook-soak-"))))
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        tally = Tally()
        for lesson in lessons:
            for n in range(1, loads + 1):
                result = load_once(browser, server, lesson, timeout)
                tally.results.append(result)
                report(f"{lesson} load {n}/{loads}: {result.outcome} in {result.seconds:.1f} s"
                       + (f" — {result.where}" if result.where else ""))
        return tally


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=20, help="page loads per lesson (default 20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a load counts as a hang (120)")
    parser.add_argument("--lessons", nargs="+", default=SLIDER_LESSONS, metavar="NN",
                        help="lesson numbers (default: every lesson with a slider, from its saved widgets)")
    args = parser.parse_args(argv)
    tally = soak(lessons_named(args.lessons), args.loads, args.timeout, report=lambda line: print(line, flush=True))
    print()
    print(tally.table())
    return 0 if tally.hangs == 0 and tally.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
