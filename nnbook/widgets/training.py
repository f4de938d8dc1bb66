"""Lessons 05 and 06: watch SGD train, read the code that does it, and play with its settings.

* `LiveCurve(epochs)`: a figure of test accuracy that grows epoch by epoch; pass its `update`
  as `callback=` to `Network.SGD`.  It draws into one display that is updated in place, so the
  saved notebook holds only the finished figure.
* `learning_code()`: the source of nnbook's learning methods, read live with `inspect`, with
  pointers from lines to the ideas of lessons 02–04.
* `show_baselines(...)`: random guessing and "average darkness" beside the trained network.
* `compare_hidden(...)` / `show_hidden_comparison(runs)`: 15, 30, 100 hidden neurons.
* `matrix_vs_loop(...)`: the matrix-form mini-batch step, the per-example loop and SGD's fast
  step, timed on the same mini-batches; they end with the same weights.
* `explore(...)` and `show_eta_presets(...)`: the hyper-parameter explorer of lesson 06, training
  on a subset in seconds.
* `run_claims(history)` / `hidden_claims(runs)`: what lesson 05 says about its training runs, checked
  against them.  The exact percentages of a long run depend on the computer (training magnifies
  last-digit rounding differences); these lines read the same on every computer while learning
  works, and say what went wrong when it does not.
"""

import ast
import html
import io
import inspect
import textwrap
import time
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._validate import positive_int, positive_number
from ..fast import FastNetwork, FastStep
from ..network import Network, one_hot
from ..per_example import per_example_step
from ..plots import BIG

CURVE_COLOUR = "#1565c0"


# ----- the live accuracy curve -----

def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    return get_ipython() is not None


class LiveCurve:
    """Test accuracy per epoch, redrawn after every epoch while `Network.SGD` runs.

    `curve = LiveCurve(epochs=30)`, then `net.SGD(..., callback=curve.update)`.  The figure is
    shown once (at the first epoch) and then replaced in place, so it grows under the cell and
    the saved notebook keeps only its final state.  `curve.figure` is the matplotlib Figure.
    """

    def __init__(self, epochs, title="Test accuracy after each epoch", low=85.0):
        self.epochs = positive_int(epochs, "epochs")
        self.low = low
        self.handle = None
        self.figure = Figure(figsize=(10, 4.8))
        self.ax = self.figure.add_subplot()
        self.line, = self.ax.plot([], [], "o-", color=CURVE_COLOUR, lw=2.5, ms=5)
        self.label = self.ax.text(0.98, 0.06, "", transform=self.ax.transAxes, ha="right", fontsize=BIG + 2,
                                  color=CURVE_COLOUR, fontweight="bold")
        self.ax.set_xlim(0, self.epochs + 0.5)
        self.ax.set_ylim(low, 100)
        self.ax.set_xlabel("epoch", fontsize=BIG)
        self.ax.set_ylabel("test digits classified right (%)", fontsize=BIG)
        self.ax.set_title(title, fontsize=BIG + 1)
        self.ax.tick_params(labelsize=BIG - 1)
        self.ax.grid(alpha=0.3)
        self.figure.tight_layout()

    def update(self, history):
        """Redraw with every epoch of `history` (a `History`); the SGD callback."""
        percent = 100 * np.asarray(history.accuracy)
        self.line.set_data(history.epochs, percent)
        if len(percent):
            self.ax.set_ylim(min(self.low, np.floor(percent.min() / 5) * 5), 100)
            self.label.set_text(f"epoch {history.epochs[-1]}: {percent[-1]:.2f}%")
        if not _in_notebook():
            return
        from IPython.display import Image, display

        picture = Image(data=self.png(), format="png")  # a PNG we make: the same whatever matplotlib backend
        if self.handle is None:
            self.handle = display(picture, display_id=True)
        else:
            self.handle.update(picture)

    def png(self):
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=80)
        return buffer.getvalue()


# ----- the learning code, read live, with pointers to the lessons -----

#: (method, a piece of one of its lines, what that line does and where it was taught).
POINTERS = [
    ("feedforward", "z = w @ a + b", "lesson 02: each neuron's weighted input z = w·a + b; lesson 03: layer by layer"),
    ("feedforward", "a = sigmoid(z)", "lesson 02: and its output a = σ(z)"),
    ("SGD", "rng.permutation", "lesson 04: stochastic — shuffle the examples every epoch…"),
    ("SGD", "range(0, len(order), m)", "lesson 04: …then cut them into mini-batches of m"),
    ("SGD", "self.update_mini_batch(x, y, eta)", "lesson 04: one step downhill per mini-batch — update_mini_batch, below"),
    ("SGD", "history.record(", "this lesson: measure accuracy and cost on test data after each epoch"),
    ("update_mini_batch", "self.backprop(x, y)", "the gradient ∇C for the mini-batch (backpropagation: the book's chapter 2)"),
    ("update_mini_batch", "- step * dC_dw", "lesson 04: w → w − (η/m) Σ ∂C/∂w, a small step against the gradient"),
    ("update_mini_batch", "- step * dC_db", "lesson 04: the same step for every bias b"),
    ("backprop", "sigmoid(w @ activations[-1] + b)", "lesson 03: the forward pass again, remembering every layer's a"),
    ("backprop", "cost_derivative(", "lesson 04: how the quadratic cost C changes with the output, (a − y)"),
    ("backprop", "a * (1 - a)", "lesson 02: σ'(z) = σ(z)(1 − σ(z)), the sigmoid's slope"),
    ("evaluate", "np.argmax(", "lesson 03: the most active output neuron is the network's guess"),
]

#: Notes for lines that only make the code faster; shown when such a line is there, skipped if not.
#: (Network's learning code has none now: the fast engine is nnbook.fast.FastNetwork.)
SPEED_NOTES = []

LEARNING_METHODS = ("feedforward", "SGD", "update_mini_batch", "backprop", "evaluate")


def _code_lines(function):
    """The source lines of `function`, dedented, without its docstring."""
    source = textwrap.dedent(inspect.getsource(function))
    lines = source.splitlines()
    body = ast.parse(source).body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        del lines[body[0].lineno - 1:body[0].end_lineno]
    return lines


class AnnotatedSource:
    """Source code with notes under some lines; shows as coloured HTML in Jupyter, plain text elsewhere."""

    def __init__(self, blocks, n_lines):
        self.blocks = blocks  # [(name, [(line, note or None), ...]), ...]
        self.n_lines = n_lines

    def __repr__(self):
        out = []
        for name, rows in self.blocks:
            for line, note in rows:
                out.append(line)
                if note:
                    indent = len(line) - len(line.lstrip())
                    out.append(" " * indent + "▲ " + note)
            out.append("")
        out.append(f"{self.n_lines} lines of code (without docstrings, comments and blank lines)")
        return "\n".join(out)

    def _repr_html_(self):
        parts = []
        for name, rows in self.blocks:
            for line, note in rows:
                parts.append(html.escape(line))
                if note:
                    indent = len(line) - len(line.lstrip())
                    colour = "#78909c" if note.startswith("speed only") else "#e65100"
                    parts.append(f'<span style="color:{colour};font-weight:bold">{" " * indent}▲ {html.escape(note)}</span>')
            parts.append("")
        parts.append(f"<i>{self.n_lines} lines of code (without docstrings, comments and blank lines)</i>")
        return ('<pre style="font-size:14px;line-height:1.35;background:#f7f7f7;padding:10px">'
                + "\n".join(parts) + "</pre>")


def learning_code(methods=LEARNING_METHODS, cls=Network, pointers=POINTERS, optional=SPEED_NOTES):
    """The current source of `cls`'s learning methods, with notes pointing to lessons 02–04.

    Each pointer (method, piece, note) puts `note` under the first line of `method` that
    contains `piece`.  A pointer whose piece is not found raises ValueError (the code changed);
    an `optional` one is then simply left out.
    """
    blocks, n_lines = [], 0
    for name in methods:
        lines = _code_lines(getattr(cls, name))
        notes = {}
        wanted = [(p, True) for p in pointers] + [(p, False) for p in optional]
        for (method, piece, note), required in wanted:
            if method != name:
                continue
            found = [i for i, line in enumerate(lines) if piece in line]
            if not found and not required:
                continue
            if not found:
                raise ValueError(f"no line of {cls.__name__}.{name} contains {piece!r}: update "
                                 "nnbook.widgets.training.POINTERS to the current code")
            notes[found[0]] = note
        blocks.append((name, [(line, notes.get(i)) for i, line in enumerate(lines)]))
        n_lines += sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))
    return AnnotatedSource(blocks, n_lines)


# ----- baselines -----

def show_baselines(results):
    """Horizontal bars: the accuracy (0–1) of each named method, e.g. {"random guessing": 0.1, …}."""
    names, values = list(results), [100 * v for v in results.values()]
    fig, ax = plt.subplots(figsize=(10, 0.9 * len(names) + 1.4))
    bars = ax.barh(names, values, color=["#b0bec5"] * (len(names) - 1) + [CURVE_COLOUR], edgecolor="black")
    for bar, v in zip(bars, values):
        ax.text(v + 1, bar.get_y() + bar.get_height() / 2, f"{v:.2f}%", va="center", fontsize=BIG)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("test digits classified right (%)", fontsize=BIG)
    ax.tick_params(labelsize=BIG)
    ax.set_title("What the number means: simple rules against the trained network", fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


# ----- more hidden neurons: better, and slower -----

Run = namedtuple("Run", "hidden history seconds")


def train_timed(sizes, training, test, epochs, mini_batch_size=10, eta=3.0, seed=1):
    """Train a new `FastNetwork(sizes, seed)` (the fast engine, nnbook.fast) by SGD; return (net, history, seconds taken)."""
    net = FastNetwork(sizes, seed=seed)
    start = time.perf_counter()
    history = net.SGD(training, epochs, mini_batch_size, eta, test_data=test, seed=seed)
    return net, history, time.perf_counter() - start


def compare_hidden(training, test, hidden=(15, 30, 100), epochs=10, mini_batch_size=10, eta=3.0, seed=1):
    """Train 784-h-10 for each h in `hidden`, the same way (with the fast engine, FastNetwork); a list of `Run`s."""
    runs = []
    for h in hidden:
        _, history, seconds = train_timed([784, positive_int(h, "a hidden size"), 10], training, test,
                                          epochs, mini_batch_size, eta, seed)
        runs.append(Run(h, history, seconds))
    return runs


def hidden_table(runs):
    """Final and best test accuracy of each run, as text (no timings: they vary from run to run)."""
    lines = ["network      | parameters | after last epoch | best epoch"]
    for run in runs:
        params = 784 * run.hidden + run.hidden + run.hidden * 10 + 10
        best = int(np.argmax(run.history.accuracy))
        lines.append(f"784-{run.hidden}-10".ljust(12) + f" | {params:>10,} | {100 * run.history.accuracy[-1]:>15.2f}%"
                     f" | {100 * run.history.accuracy[best]:.2f}% (epoch {run.history.epochs[best]})")
    return "\n".join(lines)


def show_hidden_comparison(runs):
    """Accuracy per epoch for each hidden size, beside the seconds each epoch took on this machine."""
    fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(15, 5), width_ratios=[2, 1])
    colours = plt.cm.viridis(np.linspace(0.1, 0.8, len(runs)))
    for run, colour in zip(runs, colours):
        ax.plot(run.history.epochs, 100 * np.asarray(run.history.accuracy), "o-", color=colour, lw=2.5,
                label=f"784-{run.hidden}-10")
    ax.set_xlabel("epoch", fontsize=BIG)
    ax.set_ylabel("test digits classified right (%)", fontsize=BIG)
    ax.set_title("More hidden neurons: better…", fontsize=BIG + 1)
    ax.legend(fontsize=BIG)
    ax.grid(alpha=0.3)
    per_epoch = [run.seconds / len(run.history.epochs) for run in runs]
    ax_t.bar([f"{run.hidden}" for run in runs], per_epoch, color=colours, edgecolor="black")
    ax_t.set_xlabel("hidden neurons", fontsize=BIG)
    ax_t.set_ylabel("seconds per epoch (this machine)", fontsize=BIG)
    ax_t.set_title("…and slower", fontsize=BIG + 1)
    for a in (ax, ax_t):
        a.tick_params(labelsize=BIG - 1)
    fig.tight_layout()
    plt.show()


# ----- what holds on every computer -----

#: The claims lessons 05 makes about its runs: (low, high) accuracy bands, and the words that say them.
FIRST_EPOCH_BAND = (0.85, 0.93)
TRAINED_BAND = (0.945, 0.96)
CLAIMS = {
    "first": "after the first epoch, about nine test digits in ten are right (between {low:.0%} and {high:.0%})",
    "best": "at its best epoch, it reads about 95% of the test digits right (between {low:.1%} and {high:.0%})",
    "last": "so does its last epoch (between {low:.1%} and {high:.0%})",
    "30 beats 15": "after {epochs} epochs, 784-30-10 reads more test digits right than 784-15-10",
    "slow start": "after the first epoch, 784-100-10 is behind 784-30-10: a slow start",
    "yes": "{claim}: yes",
    "no": "{claim}: NO ({found}) — this is not what the lesson expects: something in the learning is broken",
}


def _claim(key, holds, found, **values):
    claim = CLAIMS[key].format(**values)
    return CLAIMS["yes"].format(claim=claim) if holds else CLAIMS["no"].format(claim=claim, found=found)


def _in_band(key, accuracy, band):
    low, high = band
    return _claim(key, low <= accuracy <= high, f"{accuracy:.2%}", low=low, high=high)


def run_claims(history, first=FIRST_EPOCH_BAND, trained=TRAINED_BAND):
    """Lesson 05's claims about the book's run (30 epochs of 784-30-10), one line each, checked."""
    return "\n".join([_in_band("first", history.accuracy[0], first),
                      _in_band("best", history.best_accuracy, trained),
                      _in_band("last", history.accuracy[-1], trained)])


def hidden_claims(runs):
    """Lesson 05's claims about the comparison of 15, 30 and 100 hidden neurons, one line each, checked."""
    by_size = {run.hidden: run.history.accuracy for run in runs}
    if not {15, 30, 100} <= set(by_size):
        raise ValueError(f"hidden_claims compares the runs with 15, 30 and 100 hidden neurons; got {sorted(by_size)}")
    h15, h30, h100 = by_size[15], by_size[30], by_size[100]
    return "\n".join([
        _claim("30 beats 15", h30[-1] > h15[-1], f"{h30[-1]:.2%} against {h15[-1]:.2%}", epochs=len(h30)),
        _claim("slow start", h100[0] < h30[0], f"{h100[0]:.2%} against {h30[0]:.2%}"),
    ])


# ----- the matrix form and the per-example loop: same algorithm, different speed -----

LoopComparison = namedtuple("LoopComparison",
                            "n_batches mini_batch_size matrix_seconds loop_seconds fast_seconds max_difference")


def matrix_vs_loop(training, sizes=(784, 30, 10), n_batches=300, mini_batch_size=10, eta=3.0, seed=1):
    """Three identical networks take the same `n_batches` steps: one with `update_mini_batch`
    (all m examples in one matrix product), one with `per_example_step` (nnbook.per_example: one
    `backprop` per example), and one with the `FastStep` that `FastNetwork.SGD` runs
    (update_mini_batch's arithmetic without new arrays).  Returns the time each took and the largest difference
    between the weights and biases of the first two and the loop's afterwards.
    """
    n_batches = positive_int(n_batches, "n_batches")
    m = positive_int(mini_batch_size, "mini_batch_size")
    eta = positive_number(eta, "eta")
    matrix, loop, fast = (Network(sizes, seed=seed) for _ in range(3))
    images, labels = training
    x, y = np.asarray(images, dtype=float).T, one_hot(labels).T  # one example per column
    order = np.random.default_rng(seed).permutation(x.shape[1])[:n_batches * m]
    batches = [(x[:, order[k:k + m]], y[:, order[k:k + m]]) for k in range(0, len(order), m)]
    seconds = []
    for step in (lambda xb, yb: matrix.update_mini_batch(xb, yb, eta),
                 lambda xb, yb: per_example_step(loop, xb, yb, eta),
                 FastStep(fast, m, eta)):
        start = time.perf_counter()
        for xb, yb in batches:
            step(xb, yb)
        seconds.append(time.perf_counter() - start)
    difference = max(float(np.max(np.abs(p - q))) for net in (matrix, fast)
                     for p, q in zip(net.weights + net.biases, loop.weights + loop.biases))
    return LoopComparison(len(batches), m, *seconds, difference)


def same_weights_text(result, tolerance=1e-10):
    """Whether the networks ended with the same weights (no timings: safe to compare)."""
    same = result.max_difference < tolerance
    return (f"after {result.n_batches} mini-batches of {result.mini_batch_size}: the largest difference between "
            f"the networks' weights and biases is below {tolerance:g}: {same}")


def timing_text(result):
    """How long each way took, and how much faster than the loop the other two were."""
    rows = [("per-example loop (per_example_step)", result.loop_seconds),
            ("matrix form (update_mini_batch)", result.matrix_seconds),
            ("matrix form without new arrays (FastStep, FastNetwork)", result.fast_seconds)]
    lines = [f"{name + ':':58} {seconds:.3f} s" + (f"  {result.loop_seconds / seconds:4.1f}× faster" if i else "")
             for i, (name, seconds) in enumerate(rows)]
    return "\n".join(lines) + f"\n(largest weight difference {result.max_difference:.1e})"


# ----- the hyper-parameter explorer (lesson 06) -----

def explore(training, validation, hidden=30, eta=3.0, mini_batch_size=10, epochs=10, seed=1, show=True):
    """Train 784-hidden-10 on `training` and plot its accuracy on `validation` after each epoch.

    Returns the `History`.  Made for a subset (e.g. 5,000 training digits) so that it takes seconds.
    """
    hidden = positive_int(hidden, "hidden (the number of hidden neurons)")
    net = FastNetwork([784, hidden, 10], seed=seed)  # the fast engine: the explorer trains many networks
    history = net.SGD(training, epochs, mini_batch_size, eta, test_data=validation, seed=seed)
    if show:
        percent = 100 * np.asarray(history.accuracy)
        print(f"784-{hidden}-10, η = {eta:g}, mini-batches of {mini_batch_size}, {epochs} epochs on "
              f"{len(training[0]):,} digits: {percent[-1]:.1f}% of {len(validation[0]):,} validation digits right "
              f"(best {percent.max():.1f}%)")
        fig, ax = plt.subplots(figsize=(10, 4.5))
        ax.plot(history.epochs, percent, "o-", color=CURVE_COLOUR, lw=2.5)
        _accuracy_axes(ax, epochs)
        ax.set_title(f"784-{hidden}-10, η = {eta:g}, mini-batch {mini_batch_size}", fontsize=BIG + 1)
        fig.tight_layout()
        plt.show()
    return history


#: η too small, about right, too large — for `show_eta_presets`.
ETA_PRESETS = {"too small": 0.05, "about right": 3.0, "too large": 100.0}


def show_eta_presets(training, validation, presets=ETA_PRESETS, hidden=30, mini_batch_size=10, epochs=10, seed=1):
    """The explorer three times, changing only η: one figure with a curve per preset."""
    fig, ax = plt.subplots(figsize=(11, 5))
    colours = {"too small": "#ef6c00", "about right": CURVE_COLOUR, "too large": "#c62828"}
    for name, eta in presets.items():
        history = explore(training, validation, hidden, eta, mini_batch_size, epochs, seed, show=False)
        percent = 100 * np.asarray(history.accuracy)
        print(f"η = {eta:<6g} ({name}): " + " ".join(f"{p:.0f}" for p in percent) + "  (% right, epoch by epoch)")
        ax.plot(history.epochs, percent, "o-", lw=2.5, color=colours.get(name), label=f"η = {eta:g}: {name}")
    _accuracy_axes(ax, epochs)
    ax.legend(fontsize=BIG, loc="center right", bbox_to_anchor=(1.0, 0.66))  # between the curves
    ax.set_title(f"Only η changes: 784-{hidden}-10, mini-batch {mini_batch_size}, {len(training[0]):,} training digits",
                 fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def _accuracy_axes(ax, epochs):
    ax.set_xlim(0.5, epochs + 0.5)
    ax.set_ylim(0, 100)
    ax.axhline(10, color="grey", ls=":", lw=1.5)
    ax.text(0.6, 11, "guessing: 10%", ha="left", fontsize=BIG - 2, color="grey")
    ax.set_xlabel("epoch", fontsize=BIG)
    ax.set_ylabel("validation digits right (%)", fontsize=BIG)
    ax.tick_params(labelsize=BIG - 1)
    ax.grid(alpha=0.3)
