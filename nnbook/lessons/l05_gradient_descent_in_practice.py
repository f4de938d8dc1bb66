"""Lesson 05, gradient descent in practice: a surface with two valleys, the ball on the REAL cost, SGD, online learning.

* `WeightPair(net, data)` and `show_real_descent(pair, eta, start_1, start_2)`: the ball on the real
  cost — two weights of the digit network, every other number fixed, the path of gradient descent
  with the gradient from the network's own `backprop` (a View); `real_descent_sliders(pair)` are its
  sliders and `real_descent_text(pair, path)` says in three lines what the ball did.
* `show_sgd(eta, mini_batch_size, epochs)`: stochastic gradient descent on the bowl, beside plain
  gradient descent doing the same work.
* Online learning: `one_epoch(pair, size)` runs one epoch of SGD on the real cost with mini-batches of `size`
  (an `Epoch`: its points, costs, steps, backprop calls and the time it took); `show_batch_sizes(pair, seen, seed)`
  replays the epochs with mini-batches of 1, 10 and all on one contour map (a View), `batch_size_sliders(pair)` are
  its sliders, `batch_counts_text` and `timing_text` what each size cost in steps and in time.
* The lesson's code cells say their lines with `TEXT(id, **values)` (this lesson's catalogue), so
  that those cells hold no words and read the same in every language.
* `check_sgd_steps`, `check_deeper_valley`, `check_plateau_eta`, `check_online`: the exercises.

The two-valley pictures and the learning-rate slider (`show_surface`, `show_descent`, `descent_sliders`)
live in the idea module `nnbook.surface_views`, which lesson 04 draws the bowl with; the notebook imports
them from there, and this module takes from it what draws its own pictures (`plot_contours`,
`show_figure`, the palette and colours) and the bowl's start point.

Every text a student reads comes from nnbook/locales/<language>/l05_gradient_descent_in_practice.toml.
"""

import time
from dataclasses import dataclass
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..claims import Claim
from ..cost import quadratic_cost
from ..datasets import examples
from ..explorer import Picture, View
from ..feedback import exercise, not_yet, right, take_answer
from ..gradient_descent import gradient_descent, stochastic_gradient_descent
from ..i18n import catalogue, language
from ..network import Network
from ..plots import BIG, projector
from ..sigmoid import sigmoid
from ..surface_views import PALETTE, PATH_COLOUR, START, plot_contours, show_figure
from ..surfaces import bowl, bowl_example_gradient, bowl_examples, descend, describe, steps_to_arrive, two_valleys

#: What a student reads in this lesson, in the language in use (nnbook/locales/*/l05_gradient_descent_in_practice.toml).
TEXT = catalogue("l05_gradient_descent_in_practice")


# ----- the lines the lesson's code cells print -----

# ----- the ball on the real cost: two weights of the digit network -----

#: The two weights: into output neuron 4, from hidden neurons 3 (the weight lesson 04's slider moves) and 5.
REAL_OUTPUT, REAL_HIDDEN = 4, (3, 5)
REAL_LIMITS = (-10.0, 10.0)
REAL_STEPS = 40
REAL_GRID = 51
#: The real-cost slider's largest η: the plateau exercise needs about 1,100.
REAL_MAX_ETA = 2000


class WeightPair:
    """The real cost C of a 3-layer network as two weights into one output neuron move; all else stays fixed.

    `cost(v)` and `gradient(v)` take v = (the first weight, the second weight).  Only weights of the
    output layer move, so the hidden neurons' activations never change: they are computed once, and
    the output layer alone (a `Network` of its own, the same weights and biases) gives the cost and,
    by its own `backprop`, ∂C/∂w — the same numbers as the whole network's feedforward and backprop,
    at a fraction of the work.  Of the gradient only the two chosen components are used.
    """

    def __init__(self, net, data, output=REAL_OUTPUT, hidden=REAL_HIDDEN, limits=REAL_LIMITS):
        if net.num_layers != 3:
            raise ValueError(TEXT["errors"]("one_hidden_layer", sizes=net.sizes))
        n_hidden, n_out = net.sizes[1], net.sizes[2]
        if not (0 <= output < n_out and all(0 <= k < n_hidden for k in hidden) and len(set(hidden)) == 2):
            raise ValueError(TEXT["errors"]("neurons", last_output=n_out - 1, last_hidden=n_hidden - 1,
                                            output=repr(output), hidden=repr(hidden)))
        x, self.y = examples(data, net).columns()
        self.n = x.shape[1]
        self.hidden_activations = sigmoid(net.weights[0] @ x + net.biases[0])  # a of the hidden layer, fixed
        self.output_layer = Network([n_hidden, n_out])
        self.output_layer.weights = [net.weights[1].copy()]
        self.output_layer.biases = [net.biases[1].copy()]
        self.output, self.hidden, self.limits = output, tuple(hidden), tuple(limits)
        self.start = tuple(float(net.weights[1][output, k]) for k in hidden)
        self.others = sum(array.size for array in net.weights + net.biases) - 2
        self._grid = None

    def _set(self, v):
        w = self.output_layer.weights[0].copy()
        w[self.output, self.hidden[0]], w[self.output, self.hidden[1]] = v
        self.output_layer.weights[0] = w

    def cost(self, v):
        """C with the two weights set to v = (w1, w2): the quadratic cost on the data, as `Network.cost`."""
        self._set(v)
        return quadratic_cost(self.output_layer.feedforward(self.hidden_activations), self.y)

    def gradient(self, v, batch=None):
        """(∂C/∂w1, ∂C/∂w2) at v, from backprop (which sums over the examples; C averages: divide by their number).

        `batch`, if given, holds the indices of a mini-batch's examples: the gradient of the average cost over those
        examples alone, one backprop over all of them at once (the matrix form of lesson 06)."""
        self._set(v)
        a, y = self.hidden_activations, self.y
        if batch is not None:
            a, y = a[:, batch], y[:, batch]
        _, weight_gradients = self.output_layer.backprop(a, y)
        return weight_gradients[0][self.output, list(self.hidden)] / a.shape[1]

    def grid(self, n=REAL_GRID):
        """(w1, w2, C) over the map: n × n points between the limits (computed once, then remembered)."""
        if self._grid is None or self._grid[0].shape[0] != n:
            values = np.linspace(*self.limits, n)
            w1, w2 = np.meshgrid(values, values)
            c = np.array([self.cost(v) for v in zip(w1.ravel(), w2.ravel())]).reshape(w1.shape)
            self._grid = (w1, w2, c)
        return self._grid

    def lowest(self):
        """The lowest point of the map's grid: ((w1, w2), C)."""
        w1, w2, c = self.grid()
        i = np.unravel_index(np.argmin(c), c.shape)
        return (float(w1[i]), float(w2[i])), float(c[i])

    def descend(self, start, eta, steps=REAL_STEPS):
        """Gradient descent on the two weights from `start` with learning rate η: a `Path` (nnbook.gradient_descent)."""
        return gradient_descent(self.cost, start, eta, steps, gradient=self.gradient)


def real_descent_text(pair, path):
    """What the ball did on the real cost, in three lines."""
    (v1, v2), (e1, e2) = path.points[0], path.end
    moves = np.linalg.norm(np.diff(path.points, axis=0), axis=1)
    rises = np.diff(path.costs)
    flat = 1e-12  # changes this small are rounding, which differs from machine to machine: neither up nor down
    uphill = int(np.count_nonzero(rises > flat))
    downhill = (TEXT("real_uphill", n=uphill) if uphill else
                TEXT["real_downhill"] if np.all(rises < -flat) else TEXT["real_not_uphill"])
    lines = [TEXT["real_path"].format(eta=path.eta, steps=path.steps, v1=v1, v2=v2, c0=path.costs[0],
                                      c1=path.costs[-1], e1=e1, e2=e2),
             TEXT["real_moves"].format(longest=moves.max(), last=moves[-1], downhill=downhill)]
    if np.any(np.abs(path.points) > pair.limits[1]):
        lines[-1] += TEXT("real_off_map", low=pair.limits[0], high=pair.limits[1])
    (l1, l2), lowest = pair.lowest()
    lines.append(TEXT["real_lowest"].format(cost=lowest, v1=l1, v2=l2))
    return "\n".join(lines)


@projector
def _real_picture(pair):
    """The real-cost explorer's figure for `pair`, built once per language: the contour map and the cost axes
    drawn once, the path and its costs over them.  The cost axis spans the costs of the whole map, the same
    for every path, so that a path that barely lowers the cost looks as flat as it is."""
    pictures = pair.__dict__.setdefault("_pictures", {})
    if language() in pictures:
        return pictures[language()]
    w1, w2, c = pair.grid()
    fig = Figure(figsize=(14, 6))
    ax_map, ax_cost = fig.subplots(1, 2, width_ratios=[1, 1.15])
    levels = np.unique(np.round(np.quantile(c, np.linspace(0.01, 0.99, 16)), 4))
    contours = ax_map.contour(w1, w2, c, levels=levels, cmap="viridis", linewidths=1.5)
    ax_map.clabel(contours, fontsize=BIG - 5, fmt="%.2f")
    ax_map.plot(*pair.start, "X", ms=14, color="grey", mec="black", zorder=4)
    line, = ax_map.plot([], [], "-o", color=PATH_COLOUR, lw=2, ms=5, zorder=5)
    first, = ax_map.plot([], [], "o", ms=13, color="white", mec="black", mew=2, zorder=6)
    last, = ax_map.plot([], [], "o", ms=15, color="#e53935", mec="black", mew=1.5, zorder=6)
    ax_map.set_xlim(*pair.limits)
    ax_map.set_ylim(*pair.limits)
    ax_map.set_aspect("equal")
    ax_map.set_xlabel(TEXT["real_axis"].format(hidden=pair.hidden[0], output=pair.output))
    ax_map.set_ylabel(TEXT["real_axis"].format(hidden=pair.hidden[1], output=pair.output))
    ax_map.set_title(TEXT["real_title"].format(n=pair.n, others=pair.others), fontsize=BIG - 2)
    costs, = ax_cost.plot([], [], "-o", color=PATH_COLOUR, lw=2, ms=4)
    ax_cost.axhline(pair.lowest()[1], color="#2e7d32", ls="--", lw=1.5)
    margin = 0.05 * (c.max() - c.min())
    ax_cost.set_ylim(c.min() - margin, c.max() + margin)
    ax_cost.set_xlim(-0.5, REAL_STEPS + 0.5)
    ax_cost.set_xlabel(TEXT["real_step_xlabel"])
    ax_cost.set_ylabel(TEXT["real_cost_ylabel"])
    ax_cost.set_title(TEXT["real_cost_title"])
    fig.tight_layout()
    pictures[language()] = Picture(fig, [line, first, last, costs], colors=PALETTE), (line, first, last, costs)
    return pictures[language()]


def show_real_descent(pair, eta, start_1=None, start_2=None):
    """Slider work: REAL_STEPS steps of gradient descent on the two weights of `pair` (a `WeightPair`).

    Returns a View: where the ball went and how the cost changed, and, drawn, its path on the contour
    map of the real cost (white circle: start; grey cross: the untrained weights) beside the cost at every step.
    """
    start = (pair.start[0] if start_1 is None else start_1, pair.start[1] if start_2 is None else start_2)
    path = pair.descend(start, eta)
    picture, (line, first, last, costs) = _real_picture(pair)
    with picture.lock:
        pts = path.points
        line.set_data(pts[:, 0], pts[:, 1])
        first.set_data([pts[0, 0]], [pts[0, 1]])
        last.set_data([pts[-1, 0]], [pts[-1, 1]])
        costs.set_data(range(len(path.costs)), path.costs)
        return View(real_descent_text(pair, path), picture)


def real_descent_sliders(pair, eta=30.0):
    """Widgets for `show_real_descent`: the learning rate and the two weights where the ball starts."""
    from ipywidgets import FloatSlider, Layout

    def slider(value, low, high, step, description, fmt):
        return FloatSlider(value=value, min=low, max=high, step=step, description=description,
                           readout_format=fmt, style={"description_width": "150px"},
                           layout=Layout(width="560px"))

    low, high = pair.limits
    words = TEXT["sliders"]
    return dict(eta=slider(eta, 5, REAL_MAX_ETA, 5, words["eta"], ".0f"),
                start_1=slider(round(pair.start[0], 1), low, high, 0.1, words("start", hidden=pair.hidden[0]), ".1f"),
                start_2=slider(round(pair.start[1], 1), low, high, 0.1, words("start", hidden=pair.hidden[1]), ".1f"))


# ----- stochastic gradient descent -----

@projector
def show_sgd(eta=0.1, mini_batch_size=10, epochs=3, n_examples=1000, seed=1, start=START):
    """SGD on the bowl built from n_examples examples, beside plain gradient descent doing the same work.

    Plain gradient descent averages all n gradients before each step, so in the same
    `epochs` passes over the data it takes only `epochs` steps.  SGD takes one step per
    mini-batch: many more steps, each from a noisy estimate of the gradient.
    """
    examples = bowl_examples(n_examples, seed=0)
    sgd = stochastic_gradient_descent(bowl_example_gradient, examples, start, eta, epochs, mini_batch_size,
                                      cost=bowl.cost, seed=seed)
    full = descend(bowl, start, eta, epochs)
    per_epoch = -(-n_examples // mini_batch_size)
    words = TEXT["sgd"]
    print(words("examples", n=n_examples, size=mini_batch_size, per_epoch=per_epoch))
    print(words("sgd", epochs=epochs, steps=sgd.steps, start=sgd.costs[0], end=sgd.costs[-1],
                distance=bowl.nearest_minimum(sgd.end)[1]))
    print(words("full", steps=full.steps, start=full.costs[0], end=full.costs[-1]))
    fig, ax = plt.subplots(figsize=(8, 7.5))
    plot_contours(bowl, ax, title=words("title", epochs=epochs, size=mini_batch_size, eta=eta))
    colours = ["#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037"]
    for e in range(epochs):
        part = sgd.points[e * per_epoch: (e + 1) * per_epoch + 1]
        ax.plot(part[:, 0], part[:, 1], "-", color=colours[e % len(colours)], lw=1.5, alpha=0.9,
                label=words("epoch", epoch=e + 1))
    ax.plot(full.points[:, 0], full.points[:, 1], "--s", color="black", lw=2, ms=9,
            label=words("full_legend", steps=full.steps))
    ax.plot(*sgd.points[0], "o", ms=13, color="white", mec="black", mew=2, zorder=6)
    ax.legend(loc="lower right")
    fig.tight_layout()
    show_figure(fig)


# ----- online learning: one epoch with mini-batches of 1, 10 and all the examples -----

#: The mini-batch sizes compared on the real cost; None is all the examples (plain gradient descent).
BATCH_SIZES = (1, 10, None)
#: Their learning rate: the same η for all three, so that each step's expected move is the same.
BATCH_ETA = 10.0
#: Their colours on the map and on the cost axis.
BATCH_COLOURS = ("#e53935", "#1e88e5", "black")
#: The shuffles the explorer's slider offers: seeds 0 to BATCH_SEEDS - 1.
BATCH_SEEDS = 10


@dataclass
class Epoch:
    """One epoch of stochastic gradient descent on a `WeightPair`: every example seen once, in mini-batches of `size`.

    `points` (steps + 1, 2) and `costs` there (C over all the examples, computed after the run, outside the time);
    `seen[k]` how many examples had been seen after step k; `gradients` the examples' gradients computed (always
    all n); `backprops` the calls to backprop (one per step); `seconds` the time the steps took, measured here.
    """

    size: int
    points: np.ndarray
    costs: np.ndarray
    seen: np.ndarray
    seconds: float

    @property
    def steps(self):
        return len(self.points) - 1

    @property
    def gradients(self):
        return int(self.seen[-1])

    @property
    def backprops(self):
        return self.steps

    def uphill(self):
        """How many of its steps raised C (by more than rounding)."""
        return int(np.count_nonzero(np.diff(self.costs) > 1e-12))

    def at(self, seen):
        """How many steps it had taken when `seen` examples had been seen."""
        return int(np.searchsorted(self.seen, seen, side="right") - 1)


def _whole(value):
    """`value` as an int if it is a whole number (5, 5.0, numpy's 5), else None (2.5, "5", True, None)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    return int(value) if float(value).is_integer() else None


def _steps(pair, size, eta, seed, start):
    """The steps of one epoch alone, timed: (the mini-batch size, the points, the seconds the steps took)."""
    given, size = size, pair.n if size is None else _whole(size)
    if size is None or not 1 <= size <= pair.n:
        raise ValueError(TEXT["errors"]("batch_size", n=pair.n, size=repr(given)))
    v = np.array(pair.start if start is None else start, dtype=float)
    order = np.random.default_rng(seed).permutation(pair.n)
    points = [v.copy()]
    began = time.perf_counter()
    for k in range(0, pair.n, size):
        v = v - eta * pair.gradient(v, order[k:k + size])
        points.append(v.copy())
    return size, np.array(points), time.perf_counter() - began


def one_epoch(pair, size, eta=BATCH_ETA, seed=0, start=None):
    """One epoch of SGD on the two weights of `pair`: shuffle the examples with `seed`, cut them into mini-batches
    of `size` (None: all of them, one step), and step v → v − η ∇C_batch after each.  Returns an `Epoch`."""
    size, points, seconds = _steps(pair, size, eta, seed, start)
    seen = np.minimum(np.arange(len(points)) * size, pair.n)
    return Epoch(size, points, np.array([pair.cost(p) for p in points]), seen, seconds)


def batch_size_runs(pair, seed=0, eta=BATCH_ETA):
    """The three epochs (mini-batches of 1, 10 and all) for one shuffle, computed once and remembered."""
    runs = pair.__dict__.setdefault("_epochs", {})
    if (seed, eta) not in runs:
        runs[seed, eta] = tuple(one_epoch(pair, size, eta, seed) for size in BATCH_SIZES)
    return runs[seed, eta]


def _size_name(size, n):
    """The words for a mini-batch size: "mini-batches of 10", "mini-batches of 1 (online learning)", "one batch of all"."""
    words = TEXT["batch"]
    return words("all", n=n) if size in (None, n) else words["online"] if size == 1 else words("size", size=size)


def batch_sizes_text(pair, runs, seen):
    """What each path had done when `seen` examples had been seen: its steps and its cost, one line each."""
    words = TEXT["batch"]
    lines = [words("seen", seen=seen, n=pair.n)]
    for run in runs:
        k = run.at(seen)
        lines.append(words("line", name=_size_name(run.size, pair.n), steps=k, per_epoch=run.steps,
                           cost=run.costs[k], w1=run.points[k][0], w2=run.points[k][1]))
    return "\n".join(lines)


def batch_counts_text(pair, runs):
    """The exact cost of one epoch for each size: steps, gradients of examples, backprop calls; and where it ended."""
    words = TEXT["batch"]
    return "\n".join(words("counts", name=_size_name(run.size, pair.n), steps=run.steps, gradients=run.gradients,
                            backprops=run.backprops, uphill=run.uphill(), cost=run.costs[-1]) for run in runs)


def timing_text(pair, seed=0, repeats=5):
    """How long one epoch took for each size on this computer: the fastest of `repeats` runs (it changes from run
    to run and machine to machine: a timing, not a claim)."""
    words = TEXT["batch"]
    lines = []
    for size in BATCH_SIZES:
        best = min(_steps(pair, size, BATCH_ETA, seed, None)[2] for _ in range(repeats))
        steps = -(-pair.n // (size or pair.n))
        lines.append(words("time", name=_size_name(size, pair.n), ms=1000 * best, per_step=1e6 * best / steps))
    return "\n".join(lines)


@projector
def _batch_picture(pair):
    """The batch-size explorer's figure, built once per language: the contour map of the real cost with the three
    paths, and the cost against the examples seen."""
    pictures = pair.__dict__.setdefault("_batch_pictures", {})
    if language() in pictures:
        return pictures[language()]
    w1, w2, c = pair.grid()
    words = TEXT["batch"]
    fig = Figure(figsize=(14, 6))
    ax_map, ax_cost = fig.subplots(1, 2, width_ratios=[1, 1.15])
    levels = np.unique(np.round(np.quantile(c, np.linspace(0.01, 0.99, 16)), 4))
    contours = ax_map.contour(w1, w2, c, levels=levels, cmap="viridis", linewidths=1.2, alpha=0.8)
    ax_map.clabel(contours, fontsize=BIG - 6, fmt="%.2f")
    ax_map.plot(*pair.start, "o", ms=13, color="white", mec="black", mew=2, zorder=6)
    paths, balls, curves = [], [], []
    names = [_size_name(size, pair.n) for size in BATCH_SIZES]
    for colour, name, width in zip(BATCH_COLOURS, names, (1.0, 1.8, 2.5)):
        paths.append(ax_map.plot([], [], "-", color=colour, lw=width, zorder=4, label=name)[0])
        balls.append(ax_map.plot([], [], "o", ms=11, color=colour, mec="white", mew=1.5, zorder=7)[0])
        curves.append(ax_cost.plot([], [], "-", color=colour, lw=width + 0.5, drawstyle="steps-post", label=name)[0])
    ax_map.set_xlim(*pair.limits)
    ax_map.set_ylim(*pair.limits)
    ax_map.set_aspect("equal")
    ax_map.set_xlabel(TEXT["real_axis"].format(hidden=pair.hidden[0], output=pair.output))
    ax_map.set_ylabel(TEXT["real_axis"].format(hidden=pair.hidden[1], output=pair.output))
    ax_map.set_title(words("map_title", eta=BATCH_ETA), fontsize=BIG - 2)
    ax_map.legend(loc="upper left", fontsize=BIG - 5)
    now = ax_cost.axvline(0, color="grey", ls=":", lw=1.5)
    ax_cost.axhline(pair.lowest()[1], color="#2e7d32", ls="--", lw=1.5)
    start = pair.cost(pair.start)
    low = pair.lowest()[1]
    ax_cost.set_ylim(low - 0.05 * (start - low), start + 0.1 * (start - low))
    ax_cost.set_xlim(0, pair.n)
    ax_cost.set_xlabel(words("seen_xlabel"))
    ax_cost.set_ylabel(TEXT["real_cost_ylabel"])
    ax_cost.set_title(words("cost_title"))
    fig.tight_layout()
    artists = (paths, balls, curves, now)
    pictures[language()] = Picture(fig, [*paths, *balls, *curves, now], colors=PALETTE), artists
    return pictures[language()]


def show_batch_sizes(pair, seen=None, seed=0):
    """Slider work: one epoch of SGD on the real cost of `pair` with mini-batches of 1, 10 and all the examples,
    replayed up to `seen` examples (None: the whole epoch), for the shuffle `seed`.

    Returns a View: for each size the steps it has taken and its cost there; drawn, the three paths on the contour
    map (white circle: the start, the untrained weights) and the cost against the examples seen."""
    given, seen = seen, pair.n if seen is None else _whole(seen)
    if seen is None or not 0 <= seen <= pair.n:
        raise ValueError(TEXT["errors"]("seen", n=pair.n, seen=repr(given)))
    runs = batch_size_runs(pair, int(seed))
    picture, (paths, balls, curves, now) = _batch_picture(pair)
    with picture.lock:
        for run, path, ball, curve in zip(runs, paths, balls, curves):
            k = run.at(seen)
            path.set_data(run.points[:k + 1, 0], run.points[:k + 1, 1])
            ball.set_data([run.points[k, 0]], [run.points[k, 1]])
            curve.set_data(run.seen[:k + 1], run.costs[:k + 1])
        now.set_xdata([seen, seen])
        return View(batch_sizes_text(pair, runs, seen), picture)


def batch_size_sliders(pair, seen=None, seed=0):
    """Widgets for `show_batch_sizes`: the examples seen so far (to replay the epoch) and the shuffle."""
    from ipywidgets import IntSlider, Layout

    words = TEXT["sliders"]
    style, layout = {"description_width": "150px"}, Layout(width="560px")
    return dict(seen=IntSlider(value=pair.n if seen is None else seen, min=0, max=pair.n, step=10,
                               description=words["seen"], style=style, layout=layout),
                seed=IntSlider(value=seed, min=0, max=BATCH_SEEDS - 1, description=words["shuffle"], style=style,
                               layout=layout))


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

#: Exercise 1: SGD on the bowl's 1,000 examples (as `show_sgd`), with mini-batches of this size, for this many epochs.
SGD_EXAMPLES = 1000
SGD_MINI_BATCH = 20
SGD_EPOCHS = 3

#: Exercise 2: the learning rate on the two valleys, how many steps are run, and where "the right side" begins.
VALLEY_ETA = 0.1
VALLEY_STEPS = 50
VALLEY_RIGHT_SIDE = 0.5

#: Exercise 3: the start on the plateau, and the cost the ball must get below within REAL_STEPS steps.
PLATEAU_START = (8.0, 8.0)
PLATEAU_GOAL = 2.0
PLATEAU_MAX_ETA = 100_000


def _sgd_steps():
    """(steps per epoch, steps in all) that SGD really takes in exercise 1: counted by running it."""
    x = bowl_examples(SGD_EXAMPLES, seed=0)
    path = stochastic_gradient_descent(bowl_example_gradient, x, START, 0.1, SGD_EPOCHS, SGD_MINI_BATCH,
                                       cost=bowl.cost, seed=1)
    return path.steps // SGD_EPOCHS, path.steps


@exercise
def check_sgd_steps(per_epoch, in_all):
    """SGD on 1,000 examples with mini-batches of 20: steps per epoch (50), and in 3 epochs (150)."""
    words = TEXT["sgd_steps"]
    a = take_answer(per_epoch, words["what_per_epoch"], whole=True, blank=words["blank"])
    b = take_answer(in_all, words("what_in_all", epochs=SGD_EPOCHS), whole=True, blank=words["blank"])
    want_a, want_b = _sgd_steps()
    sizes = dict(examples=SGD_EXAMPLES, size=SGD_MINI_BATCH)
    if (a, b) == (want_a, want_b):
        return right(words("right", per_epoch=want_a, in_all=want_b, epochs=SGD_EPOCHS, **sizes))
    if a == SGD_EXAMPLES // 10:
        return not_yet(words("batches_of_10", a=a, size=SGD_MINI_BATCH))
    if a == SGD_EXAMPLES:
        return not_yet(words("per_example", **sizes))
    if a == SGD_EPOCHS:
        return not_yet(words("full", a=a))
    if a != want_a:
        return not_yet(words("other", a=a, **sizes))
    return not_yet(words("multiply", per_epoch=want_a, epochs=SGD_EPOCHS, b=b))


@exercise
def check_deeper_valley(start):
    """A start on the right side of the two valleys (v1 ≥ 0.5) from which η = 0.1 still ends in the left valley.

    Checked by running the descent.  The answers are the starts with v1 from about 1.84 to 2 (any v2):
    there the slope is so steep that the first step lands across the ridge (which runs along v1 ≈ 0.08).
    """
    words = TEXT["deeper_valley"]
    v = take_answer(start, words["what"], size=2, blank=words["blank"])
    low, high = two_valleys.limits
    if np.any(v < low) or np.any(v > high):
        return not_yet(words("off_map", low=low, high=high))
    if v[0] < VALLEY_RIGHT_SIDE:
        return not_yet(words("left_side", right_side=VALLEY_RIGHT_SIDE, v1=v[0]))
    path = descend(two_valleys, v, VALLEY_ETA, VALLEY_STEPS)
    said = describe(path, two_valleys)
    valley, _ = two_valleys.nearest_minimum(path.end)
    if not path.diverged and valley == 0 and steps_to_arrive(path, two_valleys) is not None:
        first = path.points[1][0]
        return right(words("right", said=said, step=first - v[0], first=first))
    return not_yet(words("not_yet", said=said))


@exercise
def check_plateau_eta(eta, pair):
    """An η with which the ball on the real cost, started on the plateau at (8, 8), gets below C = 2 in 40 steps.

    Checked by running the descent on `pair` (the lesson's `WeightPair`).  From about η = 1,100 on it does.
    """
    words = TEXT["plateau"]
    e = take_answer(eta, words["what"], finite=True, blank=words["blank"])
    if e <= 0:
        return not_yet(words("not_positive", eta=e))
    if e > PLATEAU_MAX_ETA:
        return not_yet(words("beyond", eta=e, most=REAL_MAX_ETA))
    path = pair.descend(PLATEAU_START, e)
    said = real_descent_text(pair, path).splitlines()[0]
    if path.costs[-1] < PLATEAU_GOAL:
        return right(words("right", said=said))
    return not_yet(words("not_yet", said=said, goal=PLATEAU_GOAL))


#: Exercise 4: the statements about online learning (mini-batches of 1) a student chooses from, by letter.  The
#: advantage is A; B and D are disadvantages; C, E and F are not true.  Their words are the catalogue's [online].
ONLINE_LETTERS = "ABCDEF"
ONLINE_ADVANTAGES = {"A"}
ONLINE_DISADVANTAGES = {"B", "D"}
#: Why each statement that is not true is not: its catalogue id.
ONLINE_FALSE = {"C": "false_C", "E": "false_E", "F": "false_F"}


def _letter(answer, words, what):
    """A student's letter, upper case, or raise the not-yet Feedback (through take_answer's path) saying what to give."""
    if answer is ... or not isinstance(answer, str):
        blank = answer is ...
        raise _Answer(not_yet(words["blank"] if blank else words("not_a_letter", what=what, value=f"{answer!r:.40}")))
    letter = answer.strip().upper()
    if len(letter) != 1 or letter not in ONLINE_LETTERS:  # "" contains no letter; "AB" is two
        raise _Answer(not_yet(words("not_a_letter", what=what, value=f"{answer!r:.40}")))
    return letter


class _Answer(Exception):
    def __init__(self, feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def check_online(advantage, disadvantage):
    """Exercise 4: the letter of an advantage and of a disadvantage of online learning (mini-batches of 1) against
    mini-batches of 10.  Right: A, and B or D.  Each wrong letter gets the reason why it is not one."""
    words = TEXT["online"]
    try:
        a = _letter(advantage, words, words["what_advantage"])
        d = _letter(disadvantage, words, words["what_disadvantage"])
    except _Answer as stop:
        return stop.feedback
    if a in ONLINE_ADVANTAGES and d in ONLINE_DISADVANTAGES:
        return right(words("right", other="D" if d == "B" else "B"))
    if a not in ONLINE_ADVANTAGES:
        why = words("is_disadvantage", letter=a) if a in ONLINE_DISADVANTAGES else words[ONLINE_FALSE[a]]
        return not_yet(words("advantage_not", letter=a, why=why))
    why = words("is_advantage", letter=d) if d in ONLINE_ADVANTAGES else words[ONLINE_FALSE[d]]
    return not_yet(words("disadvantage_not", letter=d, why=why))


# ----- the lesson's claims about training runs (nnbook/claims.py; tests/test_claims.py runs them) -----

def sgd_end_cost(seed, eta=0.1, mini_batch_size=10, epochs=3, n_examples=1000, start=START):
    """The cost where SGD ends (as `show_sgd` runs it) when it shuffles the examples with `seed`."""
    examples = bowl_examples(n_examples, seed=0)
    path = stochastic_gradient_descent(bowl_example_gradient, examples, start, eta, epochs, mini_batch_size,
                                       cost=bowl.cost, seed=seed)
    return float(path.costs[-1])


@lru_cache(maxsize=1)
def _lesson_pair():
    """The lesson's WeightPair: lesson 04's untrained Network([784, 15, 10], seed=8) on the first 1,000 training
    digits, the weights from hidden neurons 3 and 5 into output 4 (as the notebook makes it)."""
    from ..data import load_mnist

    training = load_mnist(progress=False)[0]
    return WeightPair(Network([784, 15, 10], seed=8), (training.images[:1000], training.labels[:1000]))


def batch_size_ends(seed):
    """For the shuffle `seed`: the cost after one epoch, and the share of steps that went uphill, for mini-batches
    of 1, 10 and all (as `show_batch_sizes` runs them)."""
    runs = [one_epoch(_lesson_pair(), size, seed=seed) for size in BATCH_SIZES]
    return tuple((float(run.costs[-1]), run.uphill() / run.steps) for run in runs)


#: What the lesson says of one epoch with mini-batches of 1, 10 and all, over twenty shuffles (seeds 0–19): after the
#: epoch both SGD paths are below this cost, plain gradient descent's one step is above it (C = 2.1469)...
BATCH_LOW = 1.80
#: ...and the share of their steps that went uphill lies in these ranges (measured: 64.4–78.6% and 31–49%).
ONLINE_UPHILL = (0.64, 0.79)
TEN_UPHILL = (0.31, 0.49)


def _batch_claim_holds(ends):
    (online, up_1), (ten, up_10), (full, up_all) = ends
    return (online < BATCH_LOW and ten < BATCH_LOW < full and up_all == 0
            and ONLINE_UPHILL[0] <= up_1 <= ONLINE_UPHILL[1] and TEN_UPHILL[0] <= up_10 <= TEN_UPHILL[1])


#: The sentences of this lesson about training runs, checked over seeds by tests/test_claims.py.
CLAIMS = (
    Claim("sgd_ends_far_lower",
          ("05_gradient_descent_in_practice.ipynb#ab39fbe2", "teacher-guide.md"),
          "For the work of 3 full gradient-descent steps (which end at C = 1.9407), SGD with mini-batches of 10 "
          "arrives near the bottom: it ends below C = 0.15 whatever the shuffle (twenty shuffles: 0.0007 to 0.13).",
          measure=sgd_end_cost,
          holds=lambda cost: cost < 0.15,
          seeds=tuple(range(20))),
    Claim("online_noisiest",
          ("l05_gradient_descent_in_practice.toml:online.false_E", "05_gradient_descent_in_practice.ipynb#b5e1a0c2",
           "teacher-guide.md"),
          "One epoch on the real cost (η = 10, 1,000 training digits): mini-batches of 1 and of 10 both end below "
          "C = 1.80, plain gradient descent's one step at 2.1469 (it goes only downhill); 64% to 79% of the online "
          "steps go uphill, 31% to 49% of those with mini-batches of 10 (twenty shuffles: 64.4–78.6% and 31–49%).",
          measure=batch_size_ends,
          holds=_batch_claim_holds,
          seeds=tuple(range(20))),
)
