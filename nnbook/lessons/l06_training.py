"""Lesson 06, training: watch SGD train, read the code that does it, and what the result means.

* `learning_code()`: the source of `Network`'s learning methods, read live with `inspect` (what
  it shows is what trains in the next cell), with pointers from lines to lessons 02–05.
* `LiveCurve(epochs)`: a figure of validation accuracy that grows epoch by epoch; pass its `update`
  as `callback=` to `Network.SGD`.  It draws into one display that is updated in place, so the
  saved notebook holds only the finished figure.
* `run_line(history)`, `run_claims(history, net, validation)`: the book's run in one line, and what the
  lesson says about it, checked against it.  The exact percentages of a long run depend on the computer
  (training magnifies last-digit rounding differences) and on the seed; these lines read the same on
  every computer and every seed while learning works, and say what went wrong when it does not.
  `hidden_claims(runs, validation)` does the same for the hidden-size comparison.
* `CLAIMS`: every sentence of the lesson about what training does, checked over several seeds
  (nnbook/claims.py, tests/test_claims.py); the ranges the text gives were measured over seeds 0–19.
* `show_baselines(...)`: random guessing and "average darkness" beside the trained network.
* `compare_hidden(...)`, `hidden_table(runs)`, `recall_table(runs, data)`, `show_hidden_comparison(runs)`:
  15, 30 and 100 hidden neurons over several seeds, trained with the fast engine (`nnbook.fast`), with
  each digit's share read right (a stuck output neuron shows as a digit near 0%); `stuck_outputs`:
  those digits and how saturated their output neurons are; `saturation_table(images)`: how many
  weighted inputs start saturated, over seeds 0–19.
  `compare_hidden(..., hidden=(0,))` trains 784-10, a network with no hidden layer; `no_hidden_claims(no_hidden,
  runs, validation)` checks what the lesson says about it against the 784-30-10 of the same seeds.
* `training_subset(training)`: the first 10,000 training digits, which `LiveCurve(..., training=...)` measures after
  every epoch beside the validation digits; `run_claims(..., training=curve.training_accuracy)` checks the gap.
* `check_steps`, `check_parameters`, `check_no_hidden`, `check_mistakes`: the exercises.
* `data_line(...)`, `kept_message(path)`: the words of the lesson's cells that are computed; the
  cells say the others with `TEXT(id, **values)`, so that its code cells say nothing in English.

Every word a student sees comes from the catalogue `nnbook/locales/<language>/l06_training.toml`.
"""

import ast
import io
from collections import namedtuple
from functools import lru_cache
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._validate import positive_int
from ..claims import Claim
from ..datasets import examples
from ..fast import FastNetwork, train
from ..feedback import exercise, not_yet, right, take_answer
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


#: How many training digits lesson 06 measures after every epoch, beside the validation digits (`training_subset`).
TRAINING_SUBSET = 10_000


def training_subset(training, n=TRAINING_SUBSET):
    """The first `n` digits of `training` (`Digits` or (images, labels)), as (images, labels): the fixed subset of
    the training digits the lesson measures after every epoch — a fifth of them, so that it costs little."""
    images, labels = (training.images, training.labels) if hasattr(training, "labels") else training
    return images[:positive_int(n, "n")], labels[:n]


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
    """Accuracy and cost per epoch on the digits SGD measures (lesson 06: the validation digits) — and, given the
    network, its hidden neurons — redrawn while SGD runs.

    Given the network and `training` (images, labels) — lesson 06 gives the first 10,000 training digits, a fixed
    subset, so that measuring them costs a fraction of a second an epoch — it also measures the network's accuracy
    on those digits after every epoch and draws it beside the other: `curve.training_accuracy`, one per epoch.

    `curve = LiveCurve(epochs=30, network=net)`, then `net.SGD(..., callback=curve.update)`.  The
    figure is shown once (at the first epoch) and then replaced in place, so it grows under the
    cell and the saved notebook keeps only its final state.  With `network`, a row of pictures
    shows the incoming weights of its first `neurons` hidden neurons after each epoch: random
    noise at the start, strokes as it learns.  `curve.figure` is the matplotlib Figure.  Without a
    `title`, the figure says "Validation accuracy after each epoch" (in the language in use).
    """

    def __init__(self, epochs, title=None, low=85.0, network=None, neurons=10, training=None):
        title = TEXT["curve"]["title"] if title is None else title
        if training is not None and network is None:
            raise ValueError(TEXT["errors"]["training_needs_network"])
        self.training = None if training is None else examples(training, network, "training")
        self.training_accuracy = []
        with plt.rc_context(PROJECTOR):
            self._draw(positive_int(epochs, "epochs"), title, low, network, positive_int(neurons, "neurons"))

    def _draw(self, epochs, title, low, network, neurons):
        self.epochs, self.low, self.network, self.handle = epochs, low, network, None
        self.figure = Figure(figsize=(14, 4.8 if network is None else 7.4), layout="constrained")
        top, bottom = (self.figure, None) if network is None else self.figure.subfigures(2, 1, height_ratios=[3, 1.5])
        self.ax, self.cost_ax = top.subplots(1, 2)
        self.line, = self.ax.plot([], [], "o-", color=CURVE_COLOUR, lw=2.5, ms=5)
        self.training_line = None
        if self.training is not None:
            self.training_line, = self.ax.plot([], [], "s--", color="#ef6c00", lw=2, ms=4)
        self.cost_line, = self.cost_ax.plot([], [], "o-", color="#6a1b9a", lw=2.5, ms=5)
        self.label = self.ax.text(0.98, 0.06, "", transform=self.ax.transAxes, ha="right", fontsize=BIG + 2,
                                  color=CURVE_COLOUR, fontweight="bold")
        words = TEXT["curve"]
        accuracy = words["accuracy"] if self.training is None else words["accuracy_both"]
        for ax, ylabel in ((self.ax, accuracy), (self.cost_ax, words["cost"])):
            ax.set_xlim(0, self.epochs + 0.5)
            ax.set_xlabel(words["epoch"])
            ax.set_ylabel(ylabel)
            ax.grid(alpha=0.3)
        self.ax.set_ylim(low, 100)
        if self.training is not None:
            self.line.set_label(words["validation"])
            self.training_line.set_label(words("training", n=len(self.training)))
            self.ax.legend(loc="upper left")
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
        if self.training is not None:
            while len(self.training_accuracy) < len(history.epochs):  # one measurement per new epoch
                self.training_accuracy.append(self.network.accuracy(self.training))
            trained = 100 * np.asarray(self.training_accuracy[:len(history.epochs)])
            self.training_line.set_data(history.epochs, trained)
        else:
            trained = percent
        self.cost_line.set_data(history.epochs, history.cost)
        if len(percent):
            self.ax.set_ylim(min(self.low, np.floor(min(percent.min(), trained.min()) / 5) * 5), 100)
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
    ("__init__", "@checked", "checked"),
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


# ----- how many hidden neurons? -----

Run = namedtuple("Run", "hidden seed history seconds network")


def layer_sizes(hidden):
    """The sizes of 784-`hidden`-10; for `hidden` = 0, of 784-10, a network with no hidden layer."""
    if not isinstance(hidden, (int, np.integer)) or isinstance(hidden, (bool, np.bool_)) or hidden < 0:
        raise ValueError(TEXT["errors"]("hidden_count", got=repr(hidden)))
    return [784, 10] if hidden == 0 else [784, int(hidden), 10]


def compare_hidden(training, validation, hidden=(15, 30, 100), seeds=(0, 1, 2), epochs=10, mini_batch_size=10,
                   eta=3.0):
    """Train 784-h-10 for each h in `hidden` (0: 784-10, no hidden layer) and each seed in `seeds`, the same way;
    a list of `Run`s.

    Each network is measured on `validation` after every epoch.  They train with the fast engine,
    `nnbook.fast.FastNetwork` (the same arithmetic as `Network`, arranged for speed — appendix 09 shows it).
    """
    runs = []
    for h in hidden:
        for seed in seeds:
            net, history, seconds = train(layer_sizes(h), training, epochs, mini_batch_size, eta,
                                          test_data=validation, seed=seed)
            runs.append(Run(h, seed, history, seconds, net))
    return runs


def _name(run):
    return "-".join(str(n) for n in layer_sizes(run.hidden))


def hidden_table(runs):
    """Each run's accuracy after its first and after its last epoch (on the data it was measured on), as text.

    No timings: they vary from run to run."""
    words = TEXT["hidden"]
    lines = [words("header", last=len(runs[0].history.epochs))]
    for run in runs:
        first, last = 100 * run.history.accuracy[0], 100 * run.history.accuracy[-1]
        lines.append(f"{_name(run):<12} | {run.seed:>4} | {parameter_count(layer_sizes(run.hidden)):>10,} | "
                     f"{first:>12.2f}% | {last:>12.2f}%")  # numbers only
    return "\n".join(lines)


def digit_recall(net, data):
    """For each digit 0–9, the share (0–1) of its examples in `data` that `net` reads right."""
    images, labels = data
    labels = np.asarray(labels)
    missing = [d for d in range(10) if not np.any(labels == d)]
    if missing:
        raise ValueError(TEXT["errors"]("every_digit", missing=missing))
    guesses = net.predict(np.asarray(images).T)
    return np.array([np.mean(guesses[labels == d] == d) for d in range(10)])


def recall_table(runs, data):
    """Per run, the percentage of each digit of `data` read right: a digit near 0% is an output that never answers."""
    words = TEXT["recall"]
    lines = [words["title"], words["header"] + "".join(f"{d:>5}" for d in range(10))]
    for run in runs:
        percent = 100 * digit_recall(run.network, data)
        lines.append(f"{_name(run):<12} | {run.seed:>4} |" + "".join(f"{p:>5.0f}" for p in percent))
    return "\n".join(lines)


@projector
def show_hidden_comparison(runs):
    """Accuracy per epoch of every run (one colour per hidden size), beside the seconds each epoch took here."""
    fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(15, 5), width_ratios=[2, 1])
    sizes = list(dict.fromkeys(run.hidden for run in runs))
    colours = dict(zip(sizes, plt.cm.viridis(np.linspace(0.1, 0.8, len(sizes)))))
    for run in runs:
        first = run is next(r for r in runs if r.hidden == run.hidden)
        ax.plot(run.history.epochs, 100 * np.asarray(run.history.accuracy), "o-", color=colours[run.hidden], lw=2,
                ms=4, label=f"784-{run.hidden}-10" if first else None)
    words = TEXT["hidden"]
    ax.set_xlabel(words["epoch"])
    ax.set_ylabel(words["accuracy"])
    ax.set_title(words("title", seeds=len(runs) // len(sizes)), fontsize=BIG + 1)
    ax.legend()
    ax.grid(alpha=0.3)
    per_epoch = [np.mean([r.seconds / len(r.history.epochs) for r in runs if r.hidden == h]) for h in sizes]
    ax_t.bar([f"{h}" for h in sizes], per_epoch, color=[colours[h] for h in sizes], edgecolor="black")
    ax_t.set_xlabel(words["hidden_neurons"])
    ax_t.set_ylabel(words["seconds"])
    ax_t.set_title(words["time"], fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def saturation_shares(images, hidden, seed, limit=4.0):
    """An untrained `Network([784, hidden, 10], seed)`: the shares (0–1) of its hidden and of its output neurons'
    weighted inputs z beyond ±`limit` over `images` (one per row).  For `hidden` = 0 (784-10, no hidden layer) the
    first is None and the output neurons' z are the pixels' weighted sums."""
    x = np.asarray(images, dtype=float).T
    net = Network(layer_sizes(hidden), seed=seed)
    if net.num_layers == 2:
        return None, float(np.mean(np.abs(net.weights[0] @ x + net.biases[0]) > limit))
    z_hidden = net.weights[0] @ x + net.biases[0]
    z_output = net.weights[1] @ sigmoid(z_hidden) + net.biases[1]
    return float(np.mean(np.abs(z_hidden) > limit)), float(np.mean(np.abs(z_output) > limit))


def saturation_table(images, hidden=(15, 30, 100), seeds=range(20), limit=4.0):
    """Untrained 784-h-10 networks (784-10 for h = 0: its hidden column is "-"), one per seed (as `compare_hidden` starts them): the share of hidden and of
    output neurons' weighted inputs z beyond ±`limit` over `images`, where σ'(z) < 0.018 and learning is slow —
    the average over the seeds and, in brackets, the lowest and the highest.  Exact: no training involved."""
    seeds = list(seeds)
    lines = [TEXT["saturation"]("header", limit=limit)]
    for h in hidden:
        shares = [saturation_shares(images, h, seed, limit) for seed in seeds]
        cells = []
        for column in zip(*shares):
            s = 100 * np.array(column if column[0] is not None else [np.nan])
            cells.append("-" if np.isnan(s[0]) else f"{s.mean():.0f}% ({s.min():.0f}–{s.max():.0f}%)")
        name = "-".join(str(n) for n in layer_sizes(h))
        lines.append(name.ljust(12) + f" | {cells[0]:>18} | {cells[1]:>18}")  # numbers only
    return "\n".join(lines)


# ----- what holds on every computer, and on every seed -----

#: The claims lesson 06 makes about its runs: (low, high) accuracy bands and thresholds; the words that say them
#: are the catalogue's [claims].  `CLAIMS` (below) checks each one over several seeds.  Measured over seeds 0–19
#: (FastNetwork, validation digits): first epoch 72.6–92.0%; after 30 epochs best 95.0–95.8% and last 94.9–95.7%,
#: except seed 18, whose 784-30-10 got an output stuck (85.2%); on the test digits 94.5–95.4% (seed 18: 85.8%).
FIRST_EPOCH_BAND = (0.70, 0.93)
TRAINED_BAND = (0.945, 0.965)
STUCK_BAND = (0.80, 0.90)   # where a 784-30-10 with one stuck output ends
TEST_BAND = (0.94, 0.96)
STUCK = 0.10                # a digit read right less often than this: its output neuron is stuck
MOST_STUCK = {15: 0, 30: 1, 100: 4}  # after 10 epochs, at most this many stuck outputs (seeds 0–19: 0, 1, 4)
SATURATED = 0.90            # a stuck output's z is beyond ±LIMIT on more than this share of the digits
LIMIT = 4.0
#: 784-10 against 784-30-10 after 10 epochs, same seed, validation digits: how much further ahead 784-30-10 is (0–1)
#: unless its own output is stuck.  Over seeds 0–19: 10.8–44.8 points; 784-10 ended with one to five stuck outputs
#: (50.0–84.0%) on 19 seeds; on seed 18, none (92.0%), and 784-30-10 had one (84.5%): 784-10 ahead by 7.4 points.
NO_HIDDEN_LEAD = (0.10, 0.45)
#: Training (the first 10,000 training digits) minus validation accuracy in the book's run: after the first epoch less
#: than GAP_FIRST apart, after the 30th training ahead by GAP_END_BAND.  Over seeds 0–19: after the first epoch −0.49
#: to +0.91 points, after the 30th +1.78 to +2.54 (seed 18, with a stuck output, +2.05).
GAP_FIRST = 0.015
GAP_END_BAND = (0.01, 0.04)


def _claim(key, holds, found, **values):
    words = TEXT["claims"]
    claim = words(key, **values)
    return words("yes", claim=claim) if holds else words("no", claim=claim, found=found)


def run_line(history):
    """The book's run in one line: how many epochs, and its accuracy on the validation digits, last and best."""
    best = int(np.argmax(history.accuracy))
    return TEXT("run_line", epochs=len(history.epochs), last=history.accuracy[-1], best=history.accuracy[best],
                epoch=history.epochs[best], cost=history.cost[-1])


def stuck_outputs(net, data, below=STUCK, limit=LIMIT):
    """The digits `net` reads right less often than `below` in `data`, each with the share (0–1) of `data`'s
    examples on which its output neuron's weighted input z is beyond ±`limit` (saturated): {digit: share}."""
    images, _ = data
    recall = digit_recall(net, data)
    a = np.asarray(images, dtype=float).T
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        a = sigmoid(w @ a + b)
    z = net.weights[-1] @ a + net.biases[-1]
    return {d: float(np.mean(np.abs(z[d]) > limit)) for d in range(10) if recall[d] < below}


def trained_as_claimed(best, last, stuck):
    """The lesson's claim about a trained 784-30-10: best and last in TRAINED_BAND, or, with one output stuck,
    the last in STUCK_BAND."""
    if not stuck:
        return all(TRAINED_BAND[0] <= a <= TRAINED_BAND[1] for a in (best, last))
    return len(stuck) == 1 and STUCK_BAND[0] <= last <= STUCK_BAND[1]


def gaps(validation, training):
    """Training minus validation accuracy (0–1) after the first and after the last epoch: (first, last)."""
    if len(training) != len(validation) or not len(training):
        raise ValueError(TEXT["errors"]("gap_epochs", training=len(training), validation=len(validation)))
    return training[0] - validation[0], training[-1] - validation[-1]


def gap_as_claimed(first, last):
    """The lesson's claims about the gap between training and validation accuracy (0–1) after the first and the
    last epoch: close after the first, training ahead at the end (within GAP_END_BAND), and wider than at first."""
    return (abs(first) < GAP_FIRST, GAP_END_BAND[0] <= last <= GAP_END_BAND[1], last > first)


def run_claims(history, net, data, first=FIRST_EPOCH_BAND, training=None):
    """Lesson 06's claims about the book's run (30 epochs of 784-30-10 `net`, measured on `data`, the validation
    digits), one line each, checked; given `training`, its accuracy on the training subset after every epoch
    (`LiveCurve.training_accuracy`), the claims about the gap between the two as well."""
    words = TEXT["claims"]
    best, last, stuck = history.best_accuracy, history.accuracy[-1], stuck_outputs(net, data)
    found = words("best_last", best=best, last=last) + "".join(words("stuck", digit=d) for d in stuck)
    a = history.accuracy[0]
    lines = [
        _claim("first", first[0] <= a <= first[1], f"{a:.2%}", low=first[0], high=first[1]),
        _claim("trained", trained_as_claimed(best, last, stuck), found, low=TRAINED_BAND[0], high=TRAINED_BAND[1],
               stuck_low=STUCK_BAND[0], stuck_high=STUCK_BAND[1], below=STUCK),
    ]
    if training is not None:
        gap_first, gap_last = gaps(history.accuracy, training)
        close, ahead, wider = gap_as_claimed(gap_first, gap_last)
        n = TRAINING_SUBSET
        lines += [
            _claim("gap_first", close, words("points", points=100 * gap_first), n=n, close=100 * GAP_FIRST),
            _claim("gap_end", ahead, words("points", points=100 * gap_last), n=n, low=100 * GAP_END_BAND[0],
                   high=100 * GAP_END_BAND[1]),
            _claim("gap_wider", wider, words("first_last", first=100 * gap_first, last=100 * gap_last)),
        ]
    return "\n".join(lines)


def hidden_claims(runs, data):
    """Lesson 06's claims about the comparison of 15, 30 and 100 hidden neurons (`runs`, measured on `data`,
    the validation digits), one line each, checked against every seed of `runs`."""
    sizes = {run.hidden for run in runs}
    if not {15, 30, 100} <= sizes:
        raise ValueError(TEXT["errors"]("hidden_sizes", sizes=sorted(sizes)))
    words = TEXT["claims"]
    stuck = {(run.hidden, run.seed): stuck_outputs(run.network, data) for run in runs}
    by = {(run.hidden, run.seed): run for run in runs}
    pairs = [(by[15, s].history.accuracy[-1], by[30, s].history.accuracy[-1]) for h, s in by
             if h == 15 and (30, s) in by and not stuck[15, s] and not stuck[30, s]]
    behind = [(a15, a30) for a15, a30 in pairs if a30 <= a15]
    over = [(h, s, len(found)) for (h, s), found in stuck.items() if len(found) > MOST_STUCK.get(h, 0)]
    loose = [(h, s, d, share) for (h, s), found in stuck.items() for d, share in found.items() if share <= SATURATED]
    return "\n".join([
        _claim("more_hidden", not behind, words("against", found=behind[0][1], other=behind[0][0]) if behind else "",
               epochs=len(runs[0].history.epochs)),
        _claim("stuck_counts", not over, words("too_many", network=f"784-{over[0][0]}-10", seed=over[0][1],
                                               count=over[0][2]) if over else "",
               below=STUCK, epochs=len(runs[0].history.epochs)),
        _claim("stuck_saturated", not loose, words("loose", network=f"784-{loose[0][0]}-10", seed=loose[0][1],
                                                   digit=loose[0][2], found=loose[0][3]) if loose else "",
               below=STUCK, limit=LIMIT, share=SATURATED),
    ])


def no_hidden_claims(no_hidden, runs, data):
    """Lesson 06's claims about 784-10 (`no_hidden`, runs of `compare_hidden(..., hidden=(0,))`) against the
    784-30-10 of the same seeds in `runs`, measured on `data` (the validation digits), one line each, checked."""
    pairs = {run.seed: [run] for run in no_hidden if run.hidden == 0}
    for run in runs:
        if run.hidden == 30 and run.seed in pairs:
            pairs[run.seed].append(run)
    pairs = {seed: pair for seed, pair in pairs.items() if len(pair) == 2}
    if not pairs or any(run.hidden != 0 for run in no_hidden):
        raise ValueError(TEXT["errors"]["no_hidden_runs"])
    words = TEXT["claims"]
    epochs = len(no_hidden[0].history.epochs)
    behind = [(seed, h30.history.accuracy[-1] - h0.history.accuracy[-1]) for seed, (h0, h30) in pairs.items()
              if h30.history.accuracy[-1] <= h0.history.accuracy[-1] and not stuck_outputs(h30.network, data)]
    stuck = {seed: stuck_outputs(h0.network, data) for seed, (h0, _) in pairs.items()}
    loose = [(seed, d, share) for seed, found in stuck.items() for d, share in found.items() if share <= SATURATED]
    return "\n".join([
        _claim("no_hidden_ahead", not behind, words("lead", seed=behind[0][0], points=100 * behind[0][1])
               if behind else "", epochs=epochs),
        _claim("no_hidden_stuck", not loose, words("loose", network="784-10", seed=loose[0][0], digit=loose[0][1],
                                                   found=loose[0][2]) if loose else "",
               below=STUCK, limit=LIMIT, share=SATURATED),
    ])


# ----- exercises -----

@exercise
def check_steps(per_epoch, in_30_epochs):
    """Lesson 06: gradient steps per epoch (50,000 digits, mini-batches of 10), and in 30 epochs."""
    words = TEXT["steps"]
    a = take_answer(per_epoch, words["what_per_epoch"], whole=True)
    b = take_answer(in_30_epochs, words["what_in_30"], whole=True)
    if a == 5_000 and b == 150_000:
        return right(words["right"])
    if a == 50_000:
        return not_yet(words["per_digit"])
    if a != 5_000:
        return not_yet(words("per_epoch_wrong", steps=a))
    return not_yet(words("multiply", steps=b))


@exercise
def check_parameters(answer, sizes=(784, 100, 10)):
    """Lesson 06: how many weights and biases does the 784-100-10 network have?"""
    words = TEXT["parameters"]
    v = take_answer(answer, words["what"], whole=True)
    total = parameter_count(sizes)
    weights = weight_count(sizes)
    if v == total:
        return right(words("right", total=total))
    if v == weights:
        return not_yet(words("weights_only", answer=v))
    return not_yet(words("wrong", answer=v))


@exercise
def check_no_hidden(lead):
    """Lesson 06: predict by how many percentage points 784-30-10 leads 784-10 on the validation digits after 10
    epochs, same seed (negative: 784-10 ahead).  Right within the range the lesson's seeds showed."""
    words = TEXT["no_hidden"]
    v = take_answer(lead, words["what"], finite=True)
    low, high = (100 * bound for bound in NO_HIDDEN_LEAD)
    values = dict(answer=v, low=low, high=high)
    if low <= v <= high:
        return right(words("right", **values))
    if 0 < v < 1 and low <= 100 * v <= high:
        return not_yet(words("as_share", points=100 * v, **values))
    if v == 0:
        return not_yet(words("tie", **values))
    if v < 0:
        return not_yet(words("hidden_loses", **values))
    if v > 100:
        return not_yet(words("at_most_100", **values))
    return not_yet(words("more" if v < low else "less", **values))


@exercise
def check_mistakes(answer, net, test):
    """Lesson 06: how many of the test digits does the trained network get wrong?"""
    words = TEXT["mistakes"]
    v = take_answer(answer, words["what"], whole=True)
    n = len(test[0])
    correct = net.evaluate(test)
    if v == n - correct:
        return right(words("right", correct=correct, n=n, wrong=n - correct, per_100=100 * (n - correct) / n))
    if v == correct:
        return not_yet(words("counted_right", answer=v, n=n))
    return not_yet(words("wrong", answer=v, n=n))


# ----- the claims, checked over seeds (nnbook/claims.py; tests/test_claims.py runs them) -----

@lru_cache(maxsize=None)
def _digits():
    """MNIST's training, validation and test digits as (images, labels) pairs, loaded once."""
    from ..data import load_mnist

    return tuple((d.images, d.labels) for d in load_mnist(progress=False))


@lru_cache(maxsize=None)
def _seeded_run(hidden, seed, epochs):
    """784-`hidden`-10 (784-10 for 0) trained the lesson's way (m = 10, η = 3.0) with the fast engine, measured on
    the validation digits and on `training_subset` of the training digits: its accuracy per epoch; after epoch 10, its recall per digit and its stuck outputs; at the end, its
    score on the test digits (once).  Cached: the claims about the same runs train them once."""
    training, validation, test = _digits()
    net = FastNetwork(layer_sizes(hidden), seed=seed)
    at_10, subset = {}, examples(training_subset(training), net)
    on_training = []

    def note(history):
        on_training.append(net.accuracy(subset))
        if len(history.epochs) == 10:
            at_10.update(recall=digit_recall(net, validation), stuck=stuck_outputs(net, validation))

    history = net.SGD(training, epochs, 10, 3.0, test_data=validation, seed=seed, callback=note)
    return SimpleNamespace(accuracy=tuple(history.accuracy), cost=tuple(history.cost),
                           training=tuple(on_training), stuck_end=stuck_outputs(net, validation),
                           test=net.accuracy(test), **at_10)


#: The seeds the claims are checked on: the book's 30-epoch run on three, the 10-epoch comparison on five.
BOOK_SEEDS = (0, 1, 2)
SEEDS = (0, 1, 2, 3, 4)


def _after_10(hidden, seed):
    if hidden == 30 and seed in BOOK_SEEDS:
        return _seeded_run(30, seed, 30)  # its first 10 epochs are the 784-30-10 run of compare_hidden
    return _seeded_run(hidden, seed, 10)


def _book_run(seed):
    run = _seeded_run(30, seed, 30)
    return max(run.accuracy), run.accuracy[-1], run.stuck_end


def _falls(values):
    """How many times a sequence goes down from one value to the next."""
    return sum(1 for before, after in zip(values, values[1:]) if after < before)


def _ups_and_downs(seed):
    """The book's run: epochs after which the accuracy fell, epochs after which the cost rose, and whether the
    last cost is below the first."""
    run = _seeded_run(30, seed, 30)
    return _falls(run.accuracy), _falls([-c for c in run.cost]), run.cost[-1] < run.cost[0]


def _gaps(seed):
    """The book's run: training (the first 10,000 training digits) minus validation accuracy, first and last epoch."""
    run = _seeded_run(30, seed, 30)
    return gaps(run.accuracy, run.training)


def _no_hidden(seed):
    """After 10 epochs: how far 784-30-10 is ahead of 784-10 (0–1), and 784-10's stuck outputs {digit: share}."""
    h0 = _after_10(0, seed)
    return _after_10(30, seed).accuracy[9] - h0.accuracy[9], h0.stuck


def _saturation(seed):
    validation = _digits()[1][0]
    return {h: saturation_shares(validation, h, seed) for h in SATURATION_RANGES}


def _stuck(seed):
    """Per hidden size, after 10 epochs: {digit: share of validation digits with its output z beyond ±4}."""
    return {h: _after_10(h, seed).stuck for h in (15, 30, 100)}


#: The ranges the lesson gives for the share of weighted inputs z beyond ±4 in untrained networks, over seeds
#: 0–19 and the validation digits (what `saturation_table` prints): (hidden, output) per hidden size.
SATURATION_RANGES = {15: ((0.60, 0.72), (0.05, 0.35)), 30: ((0.60, 0.72), (0.15, 0.46)),
                     100: ((0.60, 0.72), (0.40, 0.72)), 0: (None, (0.60, 0.70))}

CLAIMS = (
    Claim("first_epoch", ("l06_training.toml:claims.first", "06_training.ipynb#9d27b630", "teacher-guide.md"),
          "after one epoch the book's 784-30-10 reads between 70% and 93% of the validation digits right "
          "(seeds 0–19: 72.6–92.0%)",
          measure=lambda seed: _seeded_run(30, seed, 30).accuracy[0],
          holds=lambda a: FIRST_EPOCH_BAND[0] <= a <= FIRST_EPOCH_BAND[1], seeds=BOOK_SEEDS),
    Claim("trained", ("l06_training.toml:claims.trained", "06_training.ipynb#9d27b630", "teacher-guide.md"),
          "after 30 epochs its best and its last epoch read between 94.5% and 96.5% of the validation digits right, "
          "or, with one output stuck, its last between 80% and 90% (seeds 0–19: 94.9–95.8%; seed 18 stuck, 85.2%)",
          measure=_book_run, holds=lambda found: trained_as_claimed(*found), seeds=BOOK_SEEDS),
    Claim("ups_and_downs", ("06_training.ipynb#9d27b630", "teacher-guide.md"),
          "over the 30 epochs the accuracy rises with small ups and downs (it falls after some epochs), and the cost "
          "falls overall (the last below the first) with ups of its own (seeds 0–19: 8–13 epochs with a fall in "
          "accuracy, 9–14 with a rise in cost)",
          measure=_ups_and_downs,
          holds=lambda found: found[0] > 0 and found[1] > 0 and found[2], seeds=BOOK_SEEDS),
    Claim("test_once", ("06_training.ipynb#c1077d32", "06_training.ipynb#d6c3c1de", "teacher-guide.md"),
          "the trained 784-30-10, measured once on the test digits, reads between 94% and 96% of them right unless "
          "an output is stuck (seeds 0–19: 94.5–95.4%; seed 18, stuck: 85.8%)",
          measure=lambda seed: (_seeded_run(30, seed, 30).test, len(_seeded_run(30, seed, 30).stuck_end)),
          holds=lambda found: (TEST_BAND[0] <= found[0] <= TEST_BAND[1]) if not found[1]
          else STUCK_BAND[0] <= found[0] <= STUCK_BAND[1], seeds=BOOK_SEEDS),
    Claim("more_hidden", ("l06_training.toml:claims.more_hidden", "06_training.ipynb#fddfa24d", "teacher-guide.md"),
          "after 10 epochs, unless an output of either is stuck, 784-30-10 reads more validation digits right than "
          "784-15-10 of the same seed (seeds 0–19: by 1.1 points or more; seed 18's 784-30-10 is stuck)",
          measure=lambda seed: (_after_10(30, seed).accuracy[9], _after_10(15, seed).accuracy[9],
                                len(_after_10(30, seed).stuck) + len(_after_10(15, seed).stuck)),
          holds=lambda found: found[2] > 0 or found[0] > found[1], seeds=SEEDS),
    Claim("stuck_counts", ("l06_training.toml:claims.stuck_counts", "06_training.ipynb#fddfa24d", "teacher-guide.md"),
          "after 10 epochs, digits read right less than 10% of the time: none for 784-15-10, at most one for "
          "784-30-10, at most four for 784-100-10 (seeds 0–19: 784-100-10 had one to four on 19 seeds, 784-30-10 "
          "one on seed 18)",
          measure=lambda seed: {h: len(found) for h, found in _stuck(seed).items()},
          holds=lambda counts: all(counts[h] <= MOST_STUCK[h] for h in counts), seeds=SEEDS),
    Claim("stuck_saturated", ("l06_training.toml:claims.stuck_saturated", "06_training.ipynb#ac9aa25b",
                              "teacher-guide.md"),
          "after 10 epochs, every digit read right less than 10% of the time has its output neuron's z beyond ±4 "
          "on more than 90% of the validation digits",
          measure=_stuck,
          holds=lambda found: all(share > SATURATED for stuck in found.values() for share in stuck.values()),
          seeds=SEEDS),
    Claim("gap", ("l06_training.toml:claims.gap_first", "l06_training.toml:claims.gap_end",
                  "l06_training.toml:claims.gap_wider", "06_training.ipynb#9d27b630", "teacher-guide.md"),
          "the book's run read on the first 10,000 training digits after every epoch: after the first epoch within "
          "1.5 points of the validation accuracy, after the last ahead of it by 1 to 4 points, and further ahead than "
          "after the first (seeds 0–19: −0.49 to +0.91 points after the first epoch, +1.78 to +2.54 after the last)",
          measure=_gaps, holds=lambda found: all(gap_as_claimed(*found)), seeds=BOOK_SEEDS),
    Claim("no_hidden_lead", ("l06_training.toml:claims.no_hidden_ahead", "l06_training.toml:no_hidden.right",
                             "06_training.ipynb#a0d1e512", "06_training.ipynb#a0d1e514", "teacher-guide.md"),
          "after 10 epochs, unless an output of 784-30-10 is stuck, 784-30-10 reads more validation digits right than "
          "784-10 of the same seed, by 10 to 45 percentage points (seeds 0–19: 10.8–44.8 on 19 seeds; on seed 18 "
          "784-30-10 had a stuck output and 784-10, with none, was 7.4 points ahead)",
          measure=lambda seed: (_no_hidden(seed)[0], len(_after_10(30, seed).stuck)),
          holds=lambda found: found[1] > 0 or NO_HIDDEN_LEAD[0] <= found[0] <= NO_HIDDEN_LEAD[1], seeds=SEEDS),
    Claim("no_hidden_stuck", ("l06_training.toml:claims.no_hidden_stuck", "06_training.ipynb#a0d1e514",
                              "teacher-guide.md"),
          "after 10 epochs, every digit 784-10 reads right less than 10% of the time has its output neuron's z beyond "
          "±4 on more than 90% of the validation digits (seeds 0–19: 784-10 had one to five such digits on 19 seeds, "
          "none on seed 18)",
          measure=lambda seed: _no_hidden(seed)[1],
          holds=lambda stuck: all(share > SATURATED for share in stuck.values()), seeds=SEEDS),
    Claim("saturation", ("l06_training.toml:saturation.header", "06_training.ipynb#ec1b1829",
                         "06_training.ipynb#a0d1e514", "teacher-guide.md"),
          "untrained, over seeds 0–19 and the validation digits: about two in three hidden z beyond ±4 for every "
          "size (61–71%); output z beyond ±4 15% on average for 15 (6–34%), 27% for 30 (15–45%), "
          "56% for 100 (40–72%); 784-10 (no hidden layer): its output z beyond ±4 65% on average (60–69%)",
          measure=_saturation,
          holds=lambda found: all(lo <= share <= hi for h, shares in found.items()
                                  for share, band in zip(shares, SATURATION_RANGES[h]) if band is not None
                                  for lo, hi in [band]),
          seeds=tuple(range(20))),
)
