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
* `data_line(...)`, `book_run_title()`, `kept_message(path)`: the words of the lesson's cells, so that
  its code cells say nothing in English.

Every word a student sees comes from the catalogue `nnbook/locales/<language>/l06_training.toml`.
"""

import ast
import io
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._validate import positive_int
from ..fast import train
from ..feedback import not_yet, read_answer, right
from ..i18n import catalogue
from ..listings import AnnotatedSource, code_lines
from ..network import Network
from ..parameters import parameter_count, weight_count
from ..plots import BIG, CURVE_COLOUR, PROJECTOR, projector
from ..sigmoid import sigmoid

#: What a student reads in lesson 06, in the language in use (nnbook/locales/*/l06_training.toml).
TEXT = catalogue("l06_training")


# ----- the words of the lesson's cells -----

def data_line(training, validation, test):
    """One line: how many digits each of the three MNIST sets (`Digits`, or (images, labels)) holds."""
    return TEXT("data_line", training=_count(training), validation=_count(validation), test=_count(test))


def _count(data):
    return len(data.labels) if hasattr(data, "labels") else len(data[1])


def book_run_title():
    """The title of the live figure of the book's run (784-30-10, mini-batches of 10, η = 3.0)."""
    return TEXT["curve"]["book_run"]


def kept_message(path):
    """What `nnbook.models.remember` did: the network kept for lesson 07 (a path), or not (None)."""
    return TEXT["kept" if path is not None else "not_kept"]


# ----- the live accuracy curve -----

def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    return get_ipython() is not None


class LiveCurve:
    """Test accuracy and cost per epoch — and, given the network, its hidden neurons — redrawn while SGD runs.

    `curve = LiveCurve(epochs=30, network=net)`, then `net.SGD(..., callback=curve.update)`.  The
    figure is shown once (at the first epoch) and then replaced in place, so it grows under the
    cell and the saved notebook keeps only its final state.  With `network`, a row of pictures
    shows the incoming weights of its first `neurons` hidden neurons after each epoch: random
    noise at the start, strokes as it learns.  `curve.figure` is the matplotlib Figure.  Without a
    `title`, the figure says "Test accuracy after each epoch" (in the language in use).
    """

    def __init__(self, epochs, title=None, low=85.0, network=None, neurons=10):
        title = TEXT["curve"]["title"] if title is None else title
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
        words = TEXT["curve"]
        for ax, ylabel in ((self.ax, words["accuracy"]), (self.cost_ax, words["cost"])):
            ax.set_xlim(0, self.epochs + 0.5)
            ax.set_xlabel(words["epoch"])
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
            self.neurons_title = bottom.suptitle(words("start", last=len(w) - 1), fontsize=BIG)

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
            self.label.set_text(TEXT["curve"]("last", epoch=history.epochs[-1], percent=percent[-1]))
        if self.pictures:
            w = self.network.weights[0]
            for k, picture in enumerate(self.pictures):
                picture.set_data(self._picture(w[k]))
            last = history.epochs[-1] if history.epochs else 0
            self.neurons_title.set_text(TEXT["curve"]("neurons", last=len(self.pictures) - 1, epoch=last))
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

#: (method, a piece of one of its lines, the id of the note on what that line does and where it was taught:
#: its text is in the catalogue's [pointers]).
POINTERS = [
    ("__init__", "rng.standard_normal(shape)", "init"),
    ("feedforward", "z = w @ a + b", "weighted_input"),
    ("feedforward", "a = sigmoid(z)", "output"),
    ("SGD", "rng.permutation", "shuffle"),
    ("SGD", "range(0, len(order), m)", "mini_batches"),
    ("SGD", "self.update_mini_batch(x, y, eta)", "one_step"),
    ("SGD", "history.record(", "measure"),
    ("update_mini_batch", "self.backprop(x, y)", "gradient"),
    ("update_mini_batch", "- step * dC_dw", "weight_step"),
    ("update_mini_batch", "- step * dC_db", "bias_step"),
    ("backprop", "sigmoid(w @ activations[-1] + b)", "forward_again"),
    ("backprop", "cost_derivative(", "cost_derivative"),
    ("backprop", "a * (1 - a)", "sigmoid_slope"),
    ("evaluate", "np.argmax(", "guess"),
]


def pointer_notes(pointers=POINTERS):
    """`POINTERS` with each note's id replaced by its text in the language in use: (method, piece, note)."""
    return [(method, piece, TEXT["pointers"][note]) for method, piece, note in pointers]

LEARNING_METHODS = ("__init__", "feedforward", "SGD", "update_mini_batch", "backprop", "evaluate")


def learning_code(methods=LEARNING_METHODS, cls=Network, pointers=None):
    """The current source of `cls`'s learning methods, with notes pointing to lessons 02–05.

    It reads the source that runs, with `inspect`: what it shows is what `Network.SGD` trains
    with.  Each pointer (method, piece, note) puts `note` under the first line of `method` that
    contains `piece`; a pointer whose piece is not found raises ValueError (the code changed).
    By default the pointers are `pointer_notes()`: `POINTERS`, in the language in use.
    """
    pointers = pointer_notes() if pointers is None else pointers
    blocks, n_lines = [], 0
    for name in methods:
        lines = code_lines(getattr(cls, name))
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
def show_baselines(**results):
    """Horizontal bars: the accuracy (0–1) of each method, the last one (the network) highlighted.

    `show_baselines(guessing=0.1, darkness=0.22, network=0.95)`: each keyword is a method whose name
    is in the catalogue's [baselines.methods] ("guessing", "darkness", "network"); another keyword is shown
    as it is written.
    """
    words, known = TEXT["baselines"], TEXT["baselines"]["methods"]
    names = [known[key] if key in known else key for key in results]
    values = [100 * v for v in results.values()]
    fig, ax = plt.subplots(figsize=(10, 0.9 * len(names) + 1.4))
    bars = ax.barh(names, values, color=["#b0bec5"] * (len(names) - 1) + [CURVE_COLOUR], edgecolor="black")
    for bar, v in zip(bars, values):
        ax.text(v + 1, bar.get_y() + bar.get_height() / 2, f"{v:.2f}%", va="center", fontsize=BIG)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel(words["xlabel"])
    ax.set_title(words["title"], fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


# ----- more hidden neurons: better, and slower -----

Run = namedtuple("Run", "hidden history seconds")


def compare_hidden(training, test, hidden=(15, 30, 100), epochs=10, mini_batch_size=10, eta=3.0, seed=1):
    """Train 784-h-10 for each h in `hidden`, the same way; a list of `Run`s.

    Three networks, 10 epochs each: they train with the fast engine, `nnbook.fast.FastNetwork`
    (the same arithmetic as `Network`, arranged for speed — appendix 08 shows it).
    """
    runs = []
    for h in hidden:
        _, history, seconds = train([784, positive_int(h, "a hidden size"), 10], training, epochs, mini_batch_size,
                                    eta, test_data=test, seed=seed)
        runs.append(Run(h, history, seconds))
    return runs


def hidden_table(runs):
    """Final and best accuracy of each run (on the data it was measured on), as text (no timings: they vary)."""
    words = TEXT["hidden"]
    lines = [words["header"]]
    for run in runs:
        best = int(np.argmax(run.history.accuracy))
        lines.append(words("row", network=f"784-{run.hidden}-10", parameters=parameter_count([784, run.hidden, 10]),
                           last=100 * run.history.accuracy[-1], best=100 * run.history.accuracy[best],
                           epoch=run.history.epochs[best]))
    return "\n".join(lines)


@projector
def show_hidden_comparison(runs):
    """Accuracy per epoch for each hidden size, beside the seconds each epoch took on this machine."""
    fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(15, 5), width_ratios=[2, 1])
    colours = plt.cm.viridis(np.linspace(0.1, 0.8, len(runs)))
    for run, colour in zip(runs, colours):
        ax.plot(run.history.epochs, 100 * np.asarray(run.history.accuracy), "o-", color=colour, lw=2.5,
                label=f"784-{run.hidden}-10")
    words = TEXT["hidden"]
    ax.set_xlabel(words["epoch"])
    ax.set_ylabel(words["accuracy"])
    ax.set_title(words["better"], fontsize=BIG + 1)
    ax.legend()
    ax.grid(alpha=0.3)
    per_epoch = [run.seconds / len(run.history.epochs) for run in runs]
    ax_t.bar([f"{run.hidden}" for run in runs], per_epoch, color=colours, edgecolor="black")
    ax_t.set_xlabel(words["hidden_neurons"])
    ax_t.set_ylabel(words["seconds"])
    ax_t.set_title(words["slower"], fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def saturation_table(images, hidden=(15, 30, 100), seed=2, limit=4.0):
    """Untrained 784-h-10 networks (`Network([784, h, 10], seed)`, as `compare_hidden` starts them):
    the share of hidden and of output neurons' weighted inputs z beyond ±`limit` over `images`
    (one per row), where σ'(z) < 0.018 and learning is slow.  Exact: no training involved.
    """
    x = np.asarray(images, dtype=float).T
    lines = [TEXT["saturation"]("header", limit=limit)]
    for h in hidden:
        net = Network([784, positive_int(h, "a hidden size"), 10], seed=seed)
        z_hidden = net.weights[0] @ x + net.biases[0]
        z_output = net.weights[1] @ sigmoid(z_hidden) + net.biases[1]
        shares = [100 * np.mean(np.abs(z) > limit) for z in (z_hidden, z_output)]
        lines.append(f"784-{h}-10".ljust(12) + f" | {shares[0]:>17.0f}% | {shares[1]:>17.0f}%")  # numbers only
    return "\n".join(lines)


# ----- what holds on every computer -----

#: The claims lesson 06 makes about its runs: (low, high) accuracy bands; the words that say them are the
#: catalogue's [claims].
FIRST_EPOCH_BAND = (0.85, 0.93)
TRAINED_BAND = (0.945, 0.96)


def _claim(key, holds, found, **values):
    words = TEXT["claims"]
    claim = words(key, **values)
    return words("yes", claim=claim) if holds else words("no", claim=claim, found=found)


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
        _claim("more_hidden", h30[-1] > h15[-1], TEXT["claims"]("against", found=h30[-1], other=h15[-1]),
               epochs=len(h30)),
        _claim("slow_start", h100[0] < h30[0], TEXT["claims"]("against", found=h100[0], other=h30[0])),
    ])



# ----- exercises -----

def check_steps(per_epoch, in_30_epochs):
    """Lesson 06: gradient steps per epoch (50,000 digits, mini-batches of 10), and in 30 epochs."""
    words = TEXT["steps"]
    a, problem = read_answer(per_epoch, words["what_per_epoch"], whole=True)
    if problem is not None:
        return problem
    b, problem = read_answer(in_30_epochs, words["what_in_30"], whole=True)
    if problem is not None:
        return problem
    if a == 5_000 and b == 150_000:
        return right(words["right"])
    if a == 50_000:
        return not_yet(words["per_digit"])
    if a != 5_000:
        return not_yet(words("per_epoch_wrong", steps=a))
    return not_yet(words("multiply", steps=b))


def check_parameters(answer, sizes=(784, 100, 10)):
    """Lesson 06: how many weights and biases does the 784-100-10 network have?"""
    words = TEXT["parameters"]
    v, problem = read_answer(answer, words["what"], whole=True)
    if problem is not None:
        return problem
    total = parameter_count(sizes)
    weights = weight_count(sizes)
    if v == total:
        return right(words("right", total=total))
    if v == weights:
        return not_yet(words("weights_only", answer=v))
    return not_yet(words("wrong", answer=v))


def check_mistakes(answer, net, test):
    """Lesson 06: how many of the test digits does the trained network get wrong?"""
    words = TEXT["mistakes"]
    v, problem = read_answer(answer, words["what"], whole=True)
    if problem is not None:
        return problem
    n = len(test[0])
    correct = net.evaluate(test)
    if v == n - correct:
        return right(words("right", correct=correct, n=n, wrong=n - correct, per_100=100 * (n - correct) / n))
    if v == correct:
        return not_yet(words("counted_right", answer=v, n=n))
    return not_yet(words("wrong", answer=v, n=n))
