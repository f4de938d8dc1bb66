"""Lesson 06, training: watch SGD train, read the code that does it, and what the result means.

* `learning_code()`: the source of `Network`'s learning methods, read live with `inspect` (what
  it shows is what trains in the next cell), with pointers from lines to lessons 02–05.
* `LiveCurve(epochs)`: a figure of test accuracy that grows epoch by epoch; pass its `update`
  as `callback=` to `Network.SGD`.  It draws into one display that is updated in place, so the
  saved notebook holds only the finished figure.
* `run_claims(history)`: what the lesson says about the book's run, checked against it.  The exact
  percentages of a long run depend on the computer (training magnifies last-digit rounding
  differences); these lines read the same on every computer while learning works, and say what
  went wrong when it does not.  `hidden_claims(runs)` does the same for the hidden-size comparison.
* `show_baselines(...)`: random guessing and "average darkness" beside the trained network.
* `compare_hidden(...)`, `hidden_table(runs)`, `show_hidden_comparison(runs)`: 15, 30 and 100
  hidden neurons, trained with the fast engine (`nnbook.fast`); `saturation_table(images)`: how
  many of their neurons start saturated.
* `check_steps`, `check_parameters`, `check_mistakes`: the exercises.
"""

import ast
import html
import inspect
import io
import textwrap
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._validate import positive_int
from ..fast import train
from ..feedback import not_yet, read_answer, right
from ..network import Network
from ..parameters import parameter_count, weight_count
from ..plots import BIG, CURVE_COLOUR, PROJECTOR, projector
from ..sigmoid import sigmoid


# ----- the live accuracy curve -----

def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    return get_ipython() is not None


#: Words of the live figure (one place, to be translated).
CURVE_TEXT = {
    "accuracy": "test digits classified right (%)",
    "cost": "cost C on the test digits",
    "epoch": "epoch",
    "last": "epoch {epoch}: {percent:.2f}%",
    "neurons": "the incoming weights of hidden neurons 0–{last} after epoch {epoch} (red < 0 < blue)",
    "start": "the incoming weights of hidden neurons 0–{last} before training (red < 0 < blue)",
}


class LiveCurve:
    """Test accuracy and cost per epoch — and, given the network, its hidden neurons — redrawn while SGD runs.

    `curve = LiveCurve(epochs=30, network=net)`, then `net.SGD(..., callback=curve.update)`.  The
    figure is shown once (at the first epoch) and then replaced in place, so it grows under the
    cell and the saved notebook keeps only its final state.  With `network`, a row of pictures
    shows the incoming weights of its first `neurons` hidden neurons after each epoch: random
    noise at the start, strokes as it learns.  `curve.figure` is the matplotlib Figure.
    """

    def __init__(self, epochs, title="Test accuracy after each epoch", low=85.0, network=None, neurons=10):
        with plt.rc_context(PROJECTOR):
            self._draw(positive_int(epochs, "epochs"), title, low, network, positive_int(neurons, "neurons"))

    def _draw(self, epochs, title, low, network, neurons):
        self.epochs, self.low, self.network, self.handle = epochs, low, network, None
        self.figure = Figure(figsize=(14, 4.8 if network is None else 7.4), layout="constrained")
        top, bottom = (self.figure, None) if network is None else self.figure.subfigures(2, 1, height_ratios=[3, 1.5])
        self.ax, self.cost_ax = top.subplots(1, 2)
        self.line, = self.ax.plot([], [], "o-", color=CURVE_COLOUR, lw=2.5, ms=5)
        self.cost_line, = self.cost_ax.plot([], [], "o-", color="#6a1b9a", lw=2.5, ms=5)
        self.label = self.ax.text(0.98, 0.06, "", transform=self.ax.transAxes, ha="right", fontsize=BIG + 2,
                                  color=CURVE_COLOUR, fontweight="bold")
        for ax, ylabel in ((self.ax, CURVE_TEXT["accuracy"]), (self.cost_ax, CURVE_TEXT["cost"])):
            ax.set_xlim(0, self.epochs + 0.5)
            ax.set_xlabel(CURVE_TEXT["epoch"])
            ax.set_ylabel(ylabel)
            ax.grid(alpha=0.3)
        self.ax.set_ylim(low, 100)
        top.suptitle(title, fontsize=BIG + 1)
        self.pictures = []
        if network is not None:
            w = network.weights[0][:neurons]
            for ax, weights in zip(bottom.subplots(1, len(w)), w):
                ax.axis("off")
                self.pictures.append(ax.imshow(self._picture(weights), cmap="RdBu", vmin=-1, vmax=1))
            self.neurons_title = bottom.suptitle(CURVE_TEXT["start"].format(last=len(w) - 1), fontsize=BIG)

    @staticmethod
    def _picture(weights):
        """A neuron's 784 weights as a 28 × 28 picture, scaled so that its largest weight is ±1."""
        return weights.reshape(28, 28) / max(float(np.abs(weights).max()), 1e-12)

    def update(self, history):
        """Redraw with every epoch of `history` (a `History`); the SGD callback."""
        percent = 100 * np.asarray(history.accuracy)
        self.line.set_data(history.epochs, percent)
        self.cost_line.set_data(history.epochs, history.cost)
        if len(percent):
            self.ax.set_ylim(min(self.low, np.floor(percent.min() / 5) * 5), 100)
            self.cost_ax.set_ylim(0, 1.1 * max(history.cost))
            self.label.set_text(CURVE_TEXT["last"].format(epoch=history.epochs[-1], percent=percent[-1]))
        if self.pictures:
            w = self.network.weights[0]
            for k, picture in enumerate(self.pictures):
                picture.set_data(self._picture(w[k]))
            last = history.epochs[-1] if history.epochs else 0
            self.neurons_title.set_text(CURVE_TEXT["neurons"].format(last=len(self.pictures) - 1, epoch=last))
        if not _in_notebook():
            return
        from IPython.display import Image, display

        picture = Image(data=self.png(), format="png")  # a PNG we make: the same whatever matplotlib backend
        if self.handle is None:
            self.handle = display(picture, display_id=True)
        else:
            self.handle.update(picture)

    def png(self):
        """The figure as PNG bytes.  The layout is worked out at the first drawing and then kept (twice as fast)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=72)
        self.figure.set_layout_engine("none")
        return buffer.getvalue()


# ----- the learning code, read live, with pointers to the lessons -----

#: (method, a piece of one of its lines, what that line does and where it was taught).
POINTERS = [
    ("__init__", "rng.standard_normal(shape)", "lesson 03: random weights and biases to start with — an untrained skeleton"),
    ("feedforward", "z = w @ a + b", "lesson 02: each neuron's weighted input z = w·a + b; lesson 03: layer by layer"),
    ("feedforward", "a = sigmoid(z)", "lesson 02: and its output a = σ(z)"),
    ("SGD", "rng.permutation", "lesson 05: stochastic — shuffle the examples every epoch…"),
    ("SGD", "range(0, len(order), m)", "lesson 05: …then cut them into mini-batches of m"),
    ("SGD", "self.update_mini_batch(x, y, eta)", "lesson 05: one step downhill per mini-batch — update_mini_batch, below"),
    ("SGD", "history.record(", "this lesson: measure accuracy and cost on test data after each epoch"),
    ("update_mini_batch", "self.backprop(x, y)", "the gradient ∇C for the mini-batch (backpropagation: the book's chapter 2)"),
    ("update_mini_batch", "- step * dC_dw", "lessons 04–05: w → w − (η/m) Σₓ ∂Cₓ/∂w, a small step against the gradient"),
    ("update_mini_batch", "- step * dC_db", "lessons 04–05: the same step for every bias b"),
    ("backprop", "sigmoid(w @ activations[-1] + b)", "lesson 03: the forward pass again, remembering every layer's a"),
    ("backprop", "cost_derivative(", "lesson 04: how the quadratic cost C changes with the output, (a − y)"),
    ("backprop", "a * (1 - a)", "lesson 02: σ'(z) = σ(z)(1 − σ(z)), the sigmoid's slope"),
    ("evaluate", "np.argmax(", "lesson 03: the most active output neuron is the network's guess"),
]

LEARNING_METHODS = ("__init__", "feedforward", "SGD", "update_mini_batch", "backprop", "evaluate")


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
                    parts.append(f'<span style="color:#e65100;font-weight:bold">{" " * indent}▲ {html.escape(note)}</span>')
            parts.append("")
        parts.append(f"<i>{self.n_lines} lines of code (without docstrings, comments and blank lines)</i>")
        return ('<pre style="font-size:14px;line-height:1.35;background:#f7f7f7;padding:10px">'
                + "\n".join(parts) + "</pre>")


def learning_code(methods=LEARNING_METHODS, cls=Network, pointers=POINTERS):
    """The current source of `cls`'s learning methods, with notes pointing to lessons 02–05.

    It reads the source that runs, with `inspect`: what it shows is what `Network.SGD` trains
    with.  Each pointer (method, piece, note) puts `note` under the first line of `method` that
    contains `piece`; a pointer whose piece is not found raises ValueError (the code changed).
    """
    blocks, n_lines = [], 0
    for name in methods:
        lines = _code_lines(getattr(cls, name))
        notes = {}
        for method, piece, note in pointers:
            if method != name:
                continue
            found = [i for i, line in enumerate(lines) if piece in line]
            if not found:
                raise ValueError(f"no line of {cls.__name__}.{name} contains {piece!r}: update "
                                 "nnbook.lessons.l06_training.POINTERS to the current code")
            notes[found[0]] = note
        blocks.append((name, [(line, notes.get(i)) for i, line in enumerate(lines)]))
        n_lines += sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))
    return AnnotatedSource(blocks, n_lines)


# ----- baselines -----

@projector
def show_baselines(results):
    """Horizontal bars: the accuracy (0–1) of each named method, e.g. {"random guessing": 0.1, …}."""
    names, values = list(results), [100 * v for v in results.values()]
    fig, ax = plt.subplots(figsize=(10, 0.9 * len(names) + 1.4))
    bars = ax.barh(names, values, color=["#b0bec5"] * (len(names) - 1) + [CURVE_COLOUR], edgecolor="black")
    for bar, v in zip(bars, values):
        ax.text(v + 1, bar.get_y() + bar.get_height() / 2, f"{v:.2f}%", va="center", fontsize=BIG)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("test digits classified right (%)")
    ax.set_title("What the number means: simple rules against the trained network", fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


# ----- more hidden neurons: better, and slower -----

Run = namedtuple("Run", "hidden history seconds")


def compare_hidden(training, test, hidden=(15, 30, 100), epochs=10, mini_batch_size=10, eta=3.0, seed=1):
    """Train 784-h-10 for each h in `hidden`, the same way; a list of `Run`s.

    Three networks, 10 epochs each: they train with the fast engine, `nnbook.fast.FastNetwork`
    (the same arithmetic as `Network`, arranged for speed — appendix 07 shows it).
    """
    runs = []
    for h in hidden:
        _, history, seconds = train([784, positive_int(h, "a hidden size"), 10], training, epochs, mini_batch_size,
                                    eta, test_data=test, seed=seed)
        runs.append(Run(h, history, seconds))
    return runs


def hidden_table(runs):
    """Final and best accuracy of each run (on the data it was measured on), as text (no timings: they vary)."""
    lines = ["network      | parameters | after last epoch | best epoch"]
    for run in runs:
        params = parameter_count([784, run.hidden, 10])
        best = int(np.argmax(run.history.accuracy))
        lines.append(f"784-{run.hidden}-10".ljust(12) + f" | {params:>10,} | {100 * run.history.accuracy[-1]:>15.2f}%"
                     f" | {100 * run.history.accuracy[best]:.2f}% (epoch {run.history.epochs[best]})")
    return "\n".join(lines)


@projector
def show_hidden_comparison(runs):
    """Accuracy per epoch for each hidden size, beside the seconds each epoch took on this machine."""
    fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(15, 5), width_ratios=[2, 1])
    colours = plt.cm.viridis(np.linspace(0.1, 0.8, len(runs)))
    for run, colour in zip(runs, colours):
        ax.plot(run.history.epochs, 100 * np.asarray(run.history.accuracy), "o-", color=colour, lw=2.5,
                label=f"784-{run.hidden}-10")
    ax.set_xlabel("epoch")
    ax.set_ylabel("validation digits classified right (%)")
    ax.set_title("More hidden neurons: better…", fontsize=BIG + 1)
    ax.legend()
    ax.grid(alpha=0.3)
    per_epoch = [run.seconds / len(run.history.epochs) for run in runs]
    ax_t.bar([f"{run.hidden}" for run in runs], per_epoch, color=colours, edgecolor="black")
    ax_t.set_xlabel("hidden neurons")
    ax_t.set_ylabel("seconds per epoch (this machine)")
    ax_t.set_title("…and slower", fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def saturation_table(images, hidden=(15, 30, 100), seed=2, limit=4.0):
    """Untrained 784-h-10 networks (`Network([784, h, 10], seed)`, as `compare_hidden` starts them):
    the share of hidden and of output neurons' weighted inputs z beyond ±`limit` over `images`
    (one per row), where σ'(z) < 0.018 and learning is slow.  Exact: no training involved.
    """
    x = np.asarray(images, dtype=float).T
    lines = [f"network      | hidden z beyond ±{limit:g} | output z beyond ±{limit:g}"]
    for h in hidden:
        net = Network([784, positive_int(h, "a hidden size"), 10], seed=seed)
        z_hidden = net.weights[0] @ x + net.biases[0]
        z_output = net.weights[1] @ sigmoid(z_hidden) + net.biases[1]
        shares = [100 * np.mean(np.abs(z) > limit) for z in (z_hidden, z_output)]
        lines.append(f"784-{h}-10".ljust(12) + f" | {shares[0]:>17.0f}% | {shares[1]:>17.0f}%")
    return "\n".join(lines)


# ----- what holds on every computer -----

#: The claims lesson 06 makes about its runs: (low, high) accuracy bands, and the words that say them.
FIRST_EPOCH_BAND = (0.85, 0.93)
TRAINED_BAND = (0.945, 0.96)
CLAIMS = {
    "first": "after the first epoch, about nine test digits in ten are right (between {low:.0%} and {high:.0%})",
    "best": "at its best epoch, it reads about 95% of the test digits right (between {low:.1%} and {high:.0%})",
    "last": "so does its last epoch (between {low:.1%} and {high:.0%})",
    "30 beats 15": "after {epochs} epochs, 784-30-10 reads more validation digits right than 784-15-10",
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
    """Lesson 06's claims about the book's run (30 epochs of 784-30-10), one line each, checked."""
    return "\n".join([_in_band("first", history.accuracy[0], first),
                      _in_band("best", history.best_accuracy, trained),
                      _in_band("last", history.accuracy[-1], trained)])


def hidden_claims(runs):
    """Lesson 06's claims about the comparison of 15, 30 and 100 hidden neurons, one line each, checked."""
    by_size = {run.hidden: run.history.accuracy for run in runs}
    if not {15, 30, 100} <= set(by_size):
        raise ValueError(f"hidden_claims compares the runs with 15, 30 and 100 hidden neurons; got {sorted(by_size)}")
    h15, h30, h100 = by_size[15], by_size[30], by_size[100]
    return "\n".join([
        _claim("30 beats 15", h30[-1] > h15[-1], f"{h30[-1]:.2%} against {h15[-1]:.2%}", epochs=len(h30)),
        _claim("slow start", h100[0] < h30[0], f"{h100[0]:.2%} against {h30[0]:.2%}"),
    ])



# ----- exercises -----

def check_steps(per_epoch, in_30_epochs):
    """Lesson 06: gradient steps per epoch (50,000 digits, mini-batches of 10), and in 30 epochs."""
    a, problem = read_answer(per_epoch, "the number of steps in one epoch", whole=True)
    if problem is not None:
        return problem
    b, problem = read_answer(in_30_epochs, "the number of steps in 30 epochs", whole=True)
    if problem is not None:
        return problem
    if a == 5_000 and b == 150_000:
        return right("one step per mini-batch: 50,000 / 10 = 5,000 steps an epoch, 30 × 5,000 = 150,000 in all. "
                     "Each step uses only 10 digits' gradient: that is what makes it *stochastic* — and fast.")
    if a == 50_000:
        return not_yet("SGD takes one step per *mini-batch*, not per digit: how many mini-batches of 10 are "
                       "there in 50,000 digits?")
    if a != 5_000:
        return not_yet(f"{a:,} steps per epoch is not it: an epoch cuts the 50,000 training digits into "
                       "mini-batches of 10, and takes one step per mini-batch.")
    return not_yet(f"5,000 steps per epoch is right; now multiply by the 30 epochs (you gave {b:,}).")


def check_parameters(answer, sizes=(784, 100, 10)):
    """Lesson 06: how many weights and biases does the 784-100-10 network have?"""
    v, problem = read_answer(answer, "the number of weights and biases", whole=True)
    if problem is not None:
        return problem
    total = parameter_count(sizes)
    weights = weight_count(sizes)
    if v == total:
        return right(f"784·100 + 100 (hidden weights and biases) + 100·10 + 10 (output ones) = {total:,}: more "
                     "than three times the 784-30-10 network's 23,860 — which is why each epoch takes longer.")
    if v == weights:
        return not_yet(f"{v:,} counts the weights only; every hidden and output neuron also has a bias.")
    return not_yet(f"{v:,} is not it: count, layer by layer, n_in × n_out weights plus n_out biases.")


def check_mistakes(answer, net, test):
    """Lesson 06: how many of the test digits does the trained network get wrong?"""
    v, problem = read_answer(answer, "the number of test digits it gets wrong", whole=True)
    if problem is not None:
        return problem
    n = len(test[0])
    correct = net.evaluate(test)
    if v == n - correct:
        return right(f"net.evaluate(test) counts {correct:,} right, so {n:,} − {correct:,} = {n - correct:,} are wrong: "
                     f"about {100 * (n - correct) / n:.0f} digits in every 100.")
    if v == correct:
        return not_yet(f"{v:,} is how many it gets *right*; subtract that from the {n:,} test digits.")
    return not_yet(f"{v:,} is not it: `net.evaluate(test)` counts the right ones among {n:,} test digits.")
