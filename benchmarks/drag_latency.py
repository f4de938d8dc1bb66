"""Does the picture follow a dragged slider?  Lessons in JupyterLab in Chromium, a slider dragged by the mouse.

    .venv/bin/python benchmarks/drag_latency.py                    # 01, 02, 04 and 05, one slider each
    .venv/bin/python benchmarks/drag_latency.py --lessons 02 --seconds 1.5

For each lesson it opens the notebook in a real JupyterLab (the browser tests' set-up: a temporary copy of
the lessons on 127.0.0.1, the system's Chromium), runs every cell, then drags one slider's handle with the
mouse across its whole range in about one second (60 small moves), and lets go.  A watcher in the page
notes the time of every new picture (the <img>'s `src` changes).  It prints, per slider:

* pictures per second during the drag (the goal: 10 or more);
* how long after the hand stopped the last picture arrived (the goal: 150 ms or less);
* whether the last picture is the one for the last value (the text panel shows the slider's final value);
* how many pictures arrived after that (stale pictures still playing: the goal is none).

No test times anything: this is a measurement to read.  tests/browser checks the behaviour (the last
picture is the last value's, no error) without a clock.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

# lesson -> (the slider's description, the descriptions that find its explorer, the panel's text for a value)
SLIDERS = {
    "01": ("01_perceptron.ipynb", "w1", ("w1", "w2", "threshold"), "w1 = {}"),
    "02": ("02_sigmoid_neurons.ipynb", "weight", ("weight",), "weight w = {}"),
    "04": ("04_cost_and_gradient_descent.ipynb", "learning rate η", ("learning rate η", "start v1", "start v2"),
           "η = {}"),
    "05": ("05_gradient_descent_in_practice.ipynb", "learning rate η", ("learning rate η", "start v1", "start v2"),
           "η = {}"),
}

WATCH = """(img) => {
    window.__pictures = [];
    new MutationObserver(() => window.__pictures.push(performance.now()))
        .observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def drag_across(page, slider, seconds, moves=60):
    """Press the handle at the left end, move it to the right end in `moves` steps over `seconds`, let go."""
    handle = slider.locator(".noUi-handle")
    track = slider.locator(".noUi-target").bounding_box()
    box = handle.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"], y, steps=5)  # to the left end first (not timed)
    time.sleep(0.5)
    start = page.evaluate("() => performance.now()")
    for k in range(1, moves + 1):
        page.mouse.move(track["x"] + track["width"] * k / moves, y)
        time.sleep(seconds / moves)
    end = page.evaluate("() => performance.now()")
    page.mouse.up()
    return start, end


def measure(page, lab, lesson, seconds):
    from lessonpage import explorer_box, open_lesson, readout, slider, text_panel

    name, description, finders, panel_text = SLIDERS[lesson]
    open_lesson(page, lab, name)
    box = explorer_box(page, *finders)
    handle = slider(box, description)
    box.locator("img.nnbook-explorer-picture").evaluate(WATCH)
    start, end = drag_across(page, handle, seconds)
    time.sleep(4)  # let every picture still on its way arrive
    pictures = page.evaluate("() => window.__pictures")
    final = readout(handle)
    during = [t for t in pictures if start <= t <= end]
    after = [t for t in pictures if t > end]
    shows_final = panel_text.format(final) in text_panel(box).inner_text()
    return dict(lesson=lesson, slider=description, rate=len(during) / ((end - start) / 1000),
                last_after_ms=(after[-1] - end) if after else 0.0, stale=max(len(after) - 1, 0),
                final=final, shows_final=shows_final, total=len(pictures))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="*", default=sorted(SLIDERS), choices=sorted(SLIDERS))
    parser.add_argument("--seconds", type=float, default=1.0, help="how long the drag takes (default 1 s)")
    args = parser.parse_args(argv)

    import secrets
    import tempfile

    from conftest import LAB_SETTINGS, Server, find_chromium, free_port, open_chromium, server_folders
    from playwright.sync_api import sync_playwright

    class Folders:  # server_folders wants pytest's tmp_path_factory: a stand-in with mktemp
        def __init__(self, root):
            self.root, self.n = Path(root), 0

        def mktemp(self, name):
            self.n += 1
            path = self.root / f"{name}{self.n}"
            path.mkdir()
            return path

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folders = Folders(tmp)
        workdir, lessons = server_folders(folders, "jupyterlab")
        for settings_name, text in LAB_SETTINGS.items():
            file = workdir / "settings" / settings_name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text)
        port, token = free_port(), secrets.token_hex(16)
        bin_ = Path(sys.executable).parent
        command = [str(bin_ / "jupyter"), "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                   f"--ServerApp.root_dir={lessons}", f"--LabApp.user_settings_dir={workdir / 'settings'}",
                   f"--LabApp.workspaces_dir={workdir / 'workspaces'}", "--LabApp.news_url=None",
                   "--LabApp.expose_app_in_browser=True"]
        lab = Server("jupyterlab", command, f"http://127.0.0.1:{port}", f"/api/status?token={token}", workdir, lessons)
        lab.token = token
        browser = open_chromium(pw, find_chromium(), folders.mktemp("profile"))
        rows = []
        try:
            for lesson in args.lessons:
                page = browser.new_page()
                try:
                    rows.append(measure(page, lab, lesson, args.seconds))
                finally:
                    page.close()
        finally:
            browser.close()
            lab.stop()
    load = os.getloadavg()[0]
    print(f"\nA slider dragged across its range in {args.seconds:g} s in JupyterLab (Chromium); load average "
          f"{load:.1f} on {os.cpu_count()} cores")
    print(f"{'lesson':6} {'slider':18} {'pictures/s':>10} {'last after':>11} {'stale':>5}  last picture is the last value's")
    for r in rows:
        print(f"{r['lesson']:6} {r['slider']:18} {r['rate']:10.1f} {r['last_after_ms']:8.0f} ms {r['stale']:5d}  "
              f"{'yes' if r['shows_final'] else 'NO'} (value {r['final']})")


if __name__ == "__main__":
    main()
