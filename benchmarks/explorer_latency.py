"""How fast does every lesson's explorer answer a slider?  From a new value to new PNG bytes, per control.

    .venv/bin/python benchmarks/explorer_latency.py             # every explorer of every lesson (≈ 3 min)
    .venv/bin/python benchmarks/explorer_latency.py --lessons 01 04 --values 6

The benchmark follows the lessons themselves: it reads each lesson notebook with nbformat and runs its
code cells in order in an in-process IPython shell (no kernel, no browser), up to its last explorer
cell, so every explorer is built exactly as the lesson's cell builds it.  An explorer is an
`nnbook.explorer.Explorer` (controls, an `ipywidgets.Image` picture, an `HTML` text panel, wired with
`observe`); they are found among the live widgets after each cell.

Then each control of each explorer is swept over its range — a dozen values across a slider, or every
option of a dropdown or selection slider — one change at a time, from the lesson's setting; each change
is timed from setting the widget's value to new PNG bytes in the picture (with `observe` that happens
before the assignment returns; a manual explorer — a "train" button — is timed from the button's
click, to the final picture; the first picture it shows while it trains is noted too).  The control
goes back to its start value before the next control.  The table gives the median
and the worst change per control against the goal: median ≤ 50 ms, worst ≤ 100 ms.  Each change's time is also split:
"render" is matplotlib drawing the finished figure into PNG bytes (nnbook.explorer.figure_png), the rest
is the callback's own work (its maths and building the figure) and the widgets' bookkeeping.  For every
miss the worst change is run again under cProfile, and its time outside "render" is shared out by where
the profile saw it (matplotlib, NumPy and nnbook's own code, the rest).  "CPU ms" is the median / worst
CPU time of the changes (time.thread_time): on a machine busy with other work, the wall-clock times grow
and these do not (much).

BLAS gets one thread, as in `make test`.  No test times anything: this is a measurement to read.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TARGET_MS = 100.0  # the worst change
TARGET_MEDIAN_MS = 50.0  # the median change


@dataclass
class Change:
    value: object
    setting: tuple  # (attribute, value) that made this change, and the one before it
    before: tuple
    total_ms: float
    render_ms: float
    png_kb: float
    first_ms: float = None  # a manual explorer: ms to the first picture it shows (its progress while it trains)
    cpu_ms: float = None  # the CPU time of the change (this thread): what a busy machine does not add


@dataclass
class Sweep:
    lesson: str
    explorer: str
    control: str
    manual: bool
    changes: list = field(default_factory=list)
    reason: str = ""

    @property
    def median(self):
        return statistics.median(c.total_ms for c in self.changes)

    @property
    def worst(self):
        return max(self.changes, key=lambda c: c.total_ms)


# ----- running a lesson without a kernel -----

def live_explorers():
    """Every live widget that is an explorer: it has controls, a picture and a text panel, and updates."""
    from ipywidgets.widgets import widget

    instances = getattr(widget, "_instances", None)
    if instances is None:  # pragma: no cover - other ipywidgets versions
        instances = widget.Widget.widgets
    return [w for w in list(instances.values())
            if all(hasattr(w, name) for name in ("controls", "picture", "text", "update"))]


def run_lesson(path, quiet=True):
    """Run the notebook's code cells in order, up to its last explorer cell; return its explorers in order."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    last = max((i for i, src in enumerate(code) if "explore(" in src or "Explorer(" in src), default=None)
    if last is None:
        return []
    shell = InteractiveShell.instance()
    shell.reset(new_session=True)
    found, seen = [], {id(e) for e in live_explorers()}
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        for i, src in enumerate(code[:last + 1]):
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
                result = shell.run_cell(src, store_history=False, silent=False)
            if not result.success:
                raise RuntimeError(f"{path.name}: code cell {i + 1} failed under the benchmark: "
                                   f"{result.error_in_exec or result.error_before_exec!r}. Run the lesson in "
                                   "JupyterLab to see the error, or `make test` to see whether it passes.")
            for explorer in live_explorers():
                if id(explorer) not in seen:
                    seen.add(id(explorer))
                    found.append(explorer)
    finally:
        os.chdir(cwd)
    return found


# ----- sweeping one control -----

def sweep_values(control, n):
    """About n values across a slider's range (snapped to its step), or every option of a selection."""
    if hasattr(control, "options"):
        return [("index", i) for i in range(len(control.options))]
    if hasattr(control, "min") and hasattr(control, "max"):
        low, high = control.min, control.max
        step = getattr(control, "step", None) or (high - low) / (n - 1)
        values = []
        for k in range(n):
            v = low + (high - low) * k / (n - 1)
            v = low + round((v - low) / step) * step
            v = int(v) if isinstance(control.value, int) else round(float(v), 10)
            if v not in values:
                values.append(v)
        return [("value", v) for v in values]
    if isinstance(control.value, bool):
        return [("value", not control.value), ("value", control.value)]
    raise TypeError(f"don't know how to sweep a {type(control).__name__}")


class RenderClock:
    """Wraps nnbook.explorer.figure_png (what View uses to draw a Figure into PNG bytes) and adds up its time."""

    def __init__(self):
        import nnbook.explorer as ex

        self.module, self.original, self.ms, self.profile = ex, ex.figure_png, 0.0, None

        def timed(*args, **kw):
            if self.profile is not None:
                self.profile.disable()  # the profile sees the callback's own work, not the render
            start = time.perf_counter()
            try:
                return self.original(*args, **kw)
            finally:
                self.ms += 1000 * (time.perf_counter() - start)
                if self.profile is not None:
                    self.profile.enable()

        ex.figure_png = timed

    def close(self):
        self.module.figure_png = self.original


def change(explorer, control, attribute, value, clock, before=None):
    """Set the control (and press the button of a manual explorer); ms until the picture holds new bytes."""
    clock.ms = 0.0
    old_view = getattr(explorer, "view", None)
    old_value = control.value
    button = getattr(explorer, "button", None)
    pictures = []  # when each new picture came (a manual explorer shows its progress before the end)

    def noted(_change):
        pictures.append(time.perf_counter())

    explorer.picture.observe(noted, names="value")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(io.StringIO()):  # a callback that prints must not fill the table
            start, cpu = time.perf_counter(), time.thread_time()
            setattr(control, attribute, value)
            if button is not None:
                button.click()
            total, cpu = 1000 * (time.perf_counter() - start), 1000 * (time.thread_time() - cpu)
    explorer.picture.unobserve(noted, names="value")
    first = 1000 * (pictures[0] - start) if pictures and button is not None else None
    view = getattr(explorer, "view", None)
    if control.value == old_value and button is None:
        return None  # the slider kept its value (clamped or rounded to the same step): no change to time
    if view is None or view is old_view:
        text = getattr(explorer.text, "value", "")
        raise RuntimeError(f"setting {attribute}={value!r} did not give a new picture; the panel says: {text[:300]}")
    return Change(getattr(control, "value"), (attribute, value), before, total, clock.ms, len(explorer.picture.value) / 1024,
                  first, cpu)


def explain(explorer, control, worst, clock):
    """Run the worst change again (from the setting before it) under cProfile; say where its time goes."""
    import cProfile
    import pstats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        setattr(control, *worst.before)
        if getattr(explorer, "button", None) is not None:
            explorer.button.click()
    profile = cProfile.Profile()
    clock.profile = profile
    profile.enable()
    try:
        change(explorer, control, *worst.setting, clock)
    finally:
        profile.disable()
        clock.profile = None
    where = {"matplotlib (building the figure)": 0.0, "NumPy/nnbook maths": 0.0, "other": 0.0}
    for (filename, _line, name), (_cc, _nc, tottime, _cumtime, _callers) in pstats.Stats(profile).stats.items():
        f = filename.replace("\\", "/")
        if any(part in f for part in ("/matplotlib/", "/PIL/", "/kiwisolver", "/fontTools/", "/pyparsing/")):
            where["matplotlib (building the figure)"] += tottime
        elif any(part in f for part in ("/numpy/", "/nnbook/")) or (filename == "~" and "numpy" in name):
            where["NumPy/nnbook maths"] += tottime
        else:
            where["other"] += tottime
    # Share the measured time outside the render out by where the profile saw it.
    rest_ms = max(worst.total_ms - worst.render_ms, 0.0)
    profiled = max(sum(where.values()), 1e-9)
    parts = [f"render {worst.render_ms:.0f} ms"]
    parts += [f"{name} {rest_ms * seconds / profiled:.0f} ms" for name, seconds in where.items()
              if rest_ms * seconds / profiled >= 5]
    if getattr(explorer, "button", None) is not None:
        parts.insert(0, "trains a network on the button (manual)")
    return f"worst {worst.total_ms:.0f} ms at {worst.value!r}: " + ", ".join(parts) + f"; PNG {worst.png_kb:.0f} KB"


def sweep(lesson, explorer, values, clock):
    name = getattr(explorer.callback, "__name__", type(explorer.callback).__name__)
    sweeps = []
    for control_name, control in explorer.controls.items():
        result = Sweep(lesson, name, control_name, getattr(explorer, "button", None) is not None)
        start = control.value
        plan = sweep_values(control, values)
        start_setting = ("index", control.index) if plan and plan[0][0] == "index" else ("value", start)
        previous = start_setting[1]
        for attribute, value in plan:
            if value == previous:
                continue
            timed = change(explorer, control, attribute, value, clock, before=(attribute, previous))
            if timed is not None:
                result.changes.append(timed)
                previous = value
        if missed(result):
            result.reason = explain(explorer, control, result.worst, clock)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            setattr(control, start_setting[0], start_setting[1])  # back to the lesson's setting
        sweeps.append(result)
    return sweeps


def missed(sweep):
    """Whether a control misses the goal: a median change over TARGET_MEDIAN_MS or a worst over TARGET_MS."""
    return sweep.median > TARGET_MEDIAN_MS or sweep.worst.total_ms > TARGET_MS


def lessons_named(prefixes):
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if prefixes:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in prefixes)]
    return paths


def table(sweeps):
    lines = [f"{'lesson':34} {'explorer':22} {'control':16} {'changes':>7} {'median ms':>9} {'worst ms':>9} "
             f"{'render ms':>9} {'CPU ms':>13}  target: median ≤ {TARGET_MEDIAN_MS:.0f}, worst ≤ {TARGET_MS:.0f} ms"]
    for s in sweeps:
        verdict = "MISS" if missed(s) else "ok"
        render = statistics.median(c.render_ms for c in s.changes)
        cpu = [c.cpu_ms for c in s.changes]
        lines.append(f"{s.lesson:34} {s.explorer:22} {s.control:16} {len(s.changes):7} {s.median:9.0f} "
                     f"{s.worst.total_ms:9.0f} {render:9.0f} {statistics.median(cpu):6.0f} / {max(cpu):4.0f}  {verdict}")
        if s.reason:
            lines.append(f"{'':36}why: {s.reason}")
        firsts = [c.first_ms for c in s.changes if c.first_ms is not None]
        if firsts:
            lines.append(f"{'':36}its first picture (progress while it trains): median {statistics.median(firsts):.0f} ms, "
                         f"worst {max(firsts):.0f} ms after the button")
    misses = sum(missed(s) for s in sweeps)
    lines.append(f"{len(sweeps)} controls of {len({(s.lesson, s.explorer) for s in sweeps})} explorers; "
                 f"{misses} miss the goal (median > {TARGET_MEDIAN_MS:.0f} ms or worst > {TARGET_MS:.0f} ms)")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="+", metavar="NN", help="lesson numbers (default: all)")
    parser.add_argument("--values", type=int, default=12, help="values per slider (default 12)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NNBOOK_DATA_DIR", str(ROOT.parent / "shared" / "data" / "mnist"))
    sweeps = []
    clock = None
    for path in lessons_named(args.lessons):
        started = time.perf_counter()
        explorers = run_lesson(path)
        print(f"{path.name}: ran its cells in {time.perf_counter() - started:.1f} s, {len(explorers)} explorer(s)",
              flush=True)
        clock = clock or RenderClock()
        for explorer in explorers:
            sweeps += sweep(path.stem, explorer, args.values, clock)
    if clock:
        clock.close()
    print()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; BLAS threads: "
          f"{os.environ['OPENBLAS_NUM_THREADS']}; render = matplotlib drawing the figure into PNG bytes")
    print(table(sweeps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
