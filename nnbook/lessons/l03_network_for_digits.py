"""Lesson 03, a network for digits: the 784-15-10 network and what an untrained one outputs.

* `draw_digit_network()` draws the network of the story: 784 inputs (most left out),
  a hidden layer of 15 sigmoid neurons and 10 outputs, one per digit.
* `show_outputs(net, images, labels, index)` is the slider callback's work: one test digit,
  the network's 10 output activations as bars, and its guess (the most active output), as a View.
* `outputs_table`, `guess_counts`, `parameter_count_text` (from `nnbook.parameters`) and
  `hand_tuning` print the numbers the lesson talks over; `image_text` and `correct_text` compute
  lines its code cells print (the others say theirs with `TEXT(id, **values)`), and
  `show_first_digits` and `test_digit_slider` its titled grid and slider — so that the cells hold
  no words, and read the same in every language.
* `show_xor_attempt(…)`: the hand-tuning slider's callback — a tiny 2-2-1 network of sigmoid
  neurons, its 9 numbers set by hand, asked to compute XOR (a View: its four outputs against the
  targets, the cost, and its output over the unit square).  `learn_xor` lets gradient descent
  (the lesson's own `Network.update_mini_batch`) set the same 9 numbers; `show_xor_learning` shows it.

Claims about training runs (`CLAIMS`, nnbook/claims.py): how often gradient descent on XOR gets stuck
(`xor_stuck`, over batches of 100 seeds) and how an untrained network reads, whatever its seed
(`untrained_accuracy`).

Exercises: `check_pixel_index` (where a pixel goes among the 784 inputs),
`check_parameter_count`, `check_guess` (the guess is the most active output) and `check_bitwise_layer`
(the book's exercise: a layer of 4 sigmoid neurons that turns a sure network's 10 outputs into the digit's
4-bit code; `wrong_rows` decides, exactly, over every input such a network could give).  The layer's
explorer: `show_bitwise_toggles` (its callback), `bitwise_controls` (four rows of ten toggles, the weight
size and the bias); `show_bitwise_layer` shows any weights and biases the same way.

Every text a student reads comes from nnbook/locales/<language>/l03_network_for_digits.toml.
"""

import functools
import math
import unicodedata
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ..diagrams import draw_layers
from ..claims import Claim
from ..cost import quadratic_cost
from ..explorer import Picture, View
from ..feedback import exercise, not_yet, read_answer, right, take_answer
from ..i18n import catalogue, language
from ..network import Network
from ..parameters import parameter_count, parameter_count_text, weight_count
from ..plots import BIG, image_and_outputs, projector, show_digits
from ..sigmoid import sigmoid

#: Colours of the bars: the network's guess, the true digit (when they differ), the rest.
GUESS_COLOUR, TRUE_COLOUR, OTHER_COLOUR = "#1565c0", "#2e7d32", "#b0bec5"

#: What a student reads in this lesson, in the language in use (nnbook/locales/*/l03_network_for_digits.toml).
TEXT = catalogue("l03_network_for_digits")


def draw_digit_network(hidden=15, title=None):
    """The network of the story: 784 input pixels (5 drawn), `hidden` hidden neurons, 10 outputs."""
    inputs = ["x1", "x2", "x3", "⋮", "x784"]
    hidden_layer = [f"h{j}" for j in range(1, hidden + 1)]
    outputs = [f"out{d}" for d in range(10)]
    labels = {"x1": "x₁", "x2": "x₂", "x3": "x₃", "x784": "x₇₈₄"}
    labels.update({f"out{d}": str(d) for d in range(10)})
    labels.update({h: "" for h in hidden_layer})
    names = [TEXT["input_layer"], TEXT("hidden_layer", hidden=hidden), TEXT["output_layer"]]
    fig = draw_layers([inputs, hidden_layer, outputs], labels=labels, layer_names=names,
                      figsize=(7.5, 8.5),
                      title=title or TEXT("network_title", hidden=hidden))
    for line in fig.axes[0].lines:  # solid, un-smoothed lines: as clear, and the PNG is 3× smaller
        line.set_alpha(None)
        line.set_color("#b0b0b0")
        line.set_antialiased(False)
    return fig


def show_first_digits(images, labels, n=20):
    """The first n digits in a grid, each titled with its label."""
    return show_digits(images[:n], labels[:n], title=TEXT("first_digits_title", n=n))


def image_text(image, picture, row=7, columns=(5, 15)):
    """One image as numbers: its shape and range, its shape as a 28 × 28 `picture`, and a piece of one row."""
    first, stop = columns
    values = np.round(picture[row, first:stop], 2)
    return "\n".join([TEXT("image_shape", shape=image.shape, low=image.min(), high=image.max()),
                      TEXT("picture_shape", shape=picture.shape),
                      TEXT("row_values", row=row, first=first, last=stop - 1, values=values)])


def correct_text(correct, total):
    """How many of `total` digits the network got right, and what fraction that is."""
    return TEXT("correct", correct=correct, total=total, accuracy=correct / total)


def test_digit_slider(n):
    """The slider that picks one of `n` test digits (0 … n − 1), starting at 0."""
    from ipywidgets import IntSlider

    return IntSlider(value=0, min=0, max=n - 1, description=TEXT["test_digit_slider"])


def _width(text):
    """The columns a text takes in a monospace font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _right_aligned(text, width):
    return " " * (width - _width(text)) + text


def _check_index(index, n):
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < n:
        raise ValueError(TEXT["errors"]("index", last=n - 1, n=n, got=repr(index)))
    return int(index)


def outputs_text(a, label):
    """One line per digit: the output activation, marking the network's guess and the true digit."""
    a = np.asarray(a, dtype=float).reshape(-1)
    guess = int(np.argmax(a))
    rows = []
    for d, value in enumerate(a):
        marks = (TEXT["mark_guess"] if d == guess else "") + (TEXT["mark_true"] if d == label else "")
        rows.append(TEXT("output_line", digit=d, value=value, marks=marks))
    return "\n".join(rows)


@functools.lru_cache(maxsize=2)
@projector
def _outputs_picture(lang):
    """The figure of `show_outputs`, built once per language: the digit, its title and the ten bars move."""
    fig, image, ax_img, bars, ax_bar = image_and_outputs(
        TEXT["digit_title"].format(index=0, label=0), TEXT["bars_title_wrong"].format(guess=0, label=0),
        TEXT["bars_xlabel"], TEXT["bars_ylabel"], OTHER_COLOUR)
    return Picture(fig, [image, ax_img.title, *bars, ax_bar.title]), (image, ax_img.title, bars, ax_bar.title)


def show_outputs(net, images, labels, index):
    """Test digit `index`, and the network's 10 output activations as a bar chart.

    Returns a View: the verdict ("label 7, the network's guess 4 (wrong)") and the digit beside
    the bars; the tallest bar is the guess (blue), the true digit's bar is green when they differ.
    """
    index = _check_index(index, len(labels))
    image, label = images[index], int(labels[index])
    a = net.feedforward(image).reshape(-1)
    guess = int(np.argmax(a))
    is_right = guess == label
    text = TEXT["verdict"].format(index=index, label=label, guess=guess, largest=a[guess],
                                  verdict=TEXT["right" if is_right else "wrong"])
    picture, (digit, digit_title, bars, bars_title) = _outputs_picture(language())
    with picture.lock:
        digit.set_data(np.asarray(image).reshape(28, 28))
        digit_title.set_text(TEXT["digit_title"].format(index=index, label=label))
        for d, (bar, value) in enumerate(zip(bars, a)):
            bar.set_height(value)
            bar.set_facecolor(GUESS_COLOUR if d == guess else TRUE_COLOUR if d == label else OTHER_COLOUR)
        bars_title.set_text(TEXT["bars_title" if is_right else "bars_title_wrong"].format(guess=guess, label=label))
        return View(text, picture)


def outputs_table(net, images, labels, n=5):
    """The first n digits as a table: each output activation (rounded), the guess and the label."""
    a = net.feedforward(np.asarray(images[:n]).T)
    header = (_right_aligned(TEXT["table_index"], 7) + " | " + " ".join(f"{d:>5}" for d in range(10)) +
              " | " + _right_aligned(TEXT["table_guess"], 5) + " | " + _right_aligned(TEXT["table_label"], 5))
    lines = [header, "-" * _width(header)]
    for k in range(n):
        guess = int(np.argmax(a[:, k]))
        lines.append(f"{k:>7} | " + " ".join(f"{v:5.2f}" for v in a[:, k]) +
                     f" | {guess:>5} | {int(labels[k]):>5}" + ("  ✔" if guess == int(labels[k]) else ""))
    return "\n".join(lines)


def guess_counts(net, images):
    """How often the network guesses each digit over these images: an array of 10 counts."""
    return np.bincount(net.predict(np.asarray(images).T), minlength=10)


#: Seconds since the Big Bang, about 13.8 billion years.
AGE_OF_UNIVERSE_S = 13.8e9 * 365.25 * 24 * 3600


def hand_tuning(n_parameters, values=2, tries_per_second=1e9):
    """How long trying every combination of `values` settings per parameter would take, as text.

    Uses logarithms, so the astronomically large numbers never overflow.
    """
    log_settings = n_parameters * math.log10(values)
    log_seconds = log_settings - math.log10(tries_per_second)
    log_universes = log_seconds - math.log10(AGE_OF_UNIVERSE_S)
    digits = len(str(values ** n_parameters)) if n_parameters * math.log2(values) < 200_000 else None
    text = TEXT["count"]
    lines = [text("settings", values=values, n_parameters=n_parameters)
             + (text("digits", digits=digits) if digits else ""),
             text("rate", log_settings=log_settings, tries_per_second=tries_per_second),
             text("time", log_seconds=log_seconds, log_universes=log_universes)]
    return "\n".join(lines)


# ----- hand-tuning a tiny network: XOR with sigmoid neurons -----

#: The four XOR examples as columns: inputs x (2, 4) and targets y (1, 4): 1 when exactly one input is 1.
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])

#: The nine numbers of the 2-2-1 network, in the order of the sliders (hidden neuron h1, h2, then the output).
XOR_NUMBERS = ("w_h1_x1", "w_h1_x2", "b_h1", "w_h2_x1", "w_h2_x2", "b_h2", "w_out_h1", "w_out_h2", "b_out")

#: Gradient descent on XOR: the lesson's seed, learning rate and number of steps (one step uses all 4 examples).
XOR_SEED, XOR_ETA, XOR_STEPS = 1, 4.0, 2000


def xor_network(w_h1_x1, w_h1_x2, b_h1, w_h2_x1, w_h2_x2, b_h2, w_out_h1, w_out_h2, b_out):
    """The 2-2-1 network with these nine numbers: a `Network([2, 2, 1])` whose weights and biases are set by hand."""
    net = Network([2, 2, 1])
    net.weights = [np.array([[w_h1_x1, w_h1_x2], [w_h2_x1, w_h2_x2]], dtype=float),
                   np.array([[w_out_h1, w_out_h2]], dtype=float)]
    net.biases = [np.array([[b_h1], [b_h2]], dtype=float), np.array([[b_out]], dtype=float)]
    return net


def xor_numbers(net):
    """The nine numbers of a 2-2-1 network, by name (the names of `XOR_NUMBERS`)."""
    (w, v), (b, c) = net.weights, net.biases
    values = [w[0, 0], w[0, 1], b[0, 0], w[1, 0], w[1, 1], b[1, 0], v[0, 0], v[0, 1], c[0, 0]]
    return dict(zip(XOR_NUMBERS, (float(x) for x in values)))


def xor_table(net):
    """The four inputs, their targets and the network's outputs, row by row, with the cost: (text, cost, n_right)."""
    a = net.feedforward(XOR_X).reshape(-1)
    rows, n_right = [TEXT["xor_header"]], 0
    for (x1, x2), y, out in zip(XOR_X.T.astype(int), XOR_Y.reshape(-1).astype(int), a):
        ok = (out > 0.5) == (y == 1)
        n_right += ok
        mark = TEXT["xor_right"] if ok else TEXT["xor_wrong"].format(side=TEXT["above" if y == 1 else "below"])
        rows.append(TEXT("xor_row", x1=x1, x2=x2, y=y, a=out, ok=mark))
    cost = quadratic_cost(a.reshape(1, 4), XOR_Y)
    rows.append(TEXT["xor_summary"].format(cost=cost, n_right=n_right, solved=TEXT["xor_solved"] if n_right == 4 else ""))
    return "\n".join(rows), cost, n_right


#: The grid the XOR network's output is drawn on.
_XOR_GRID = np.linspace(-0.25, 1.25, 61)


def _xor_map_values(net):
    g1, g2 = np.meshgrid(_XOR_GRID, _XOR_GRID)
    return net.feedforward(np.vstack([g1.ravel(), g2.ravel()])).reshape(g1.shape)


def _half_line(a):
    """The line where the output `a` (on the grid) crosses 0.5, as segments of (x1, x2) points."""
    from contourpy import contour_generator

    return contour_generator(_XOR_GRID, _XOR_GRID, a).lines(0.5) if a.min() < 0.5 < a.max() else []


def _plot_xor_map(ax, net):
    """The network's output over the square, its a = 0.5 line and the four inputs; returns (image, line)."""
    a = _xor_map_values(net)
    image = ax.imshow(a, origin="lower", extent=(-0.25, 1.25, -0.25, 1.25), cmap="coolwarm", vmin=0, vmax=1)
    half = ax.add_collection(LineCollection(_half_line(a), colors="black", linewidths=2))
    for (x1, x2), y in zip(XOR_X.T, XOR_Y.reshape(-1)):
        ax.plot(x1, x2, "o", ms=22, color="#b71c1c" if y else "#0d47a1", mec="white", mew=3)
        ax.annotate(f"{int(y)}", (x1, x2), ha="center", va="center", color="white", fontsize=BIG, weight="bold",
                    zorder=3)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_title(TEXT["xor_map_title"])
    return image, half


@functools.lru_cache(maxsize=2)
@projector
def _xor_picture(lang):
    """The figure of `show_xor_attempt`, built once per language: the map and the bars that it updates."""
    fig = Figure(figsize=(12, 5))
    ax_map, ax_bars = fig.subplots(1, 2, width_ratios=[1.15, 1])
    image, half = _plot_xor_map(ax_map, xor_network(*[0.0] * 9))
    fig.colorbar(image, ax=ax_map, label=TEXT["xor_colorbar"])
    bars = _plot_xor_bars(ax_bars, xor_network(*[0.0] * 9))
    fig.tight_layout()
    on_top = [*ax_map.lines, *ax_map.texts, *ax_bars.lines]  # the inputs, the targets, the 0.5 line: over the rest
    return Picture(fig, [image, half, *bars, *on_top]), (image, half, bars)


def show_xor_attempt(w_h1_x1, w_h1_x2, b_h1, w_h2_x1, w_h2_x2, b_h2, w_out_h1, w_out_h2, b_out):
    """Slider callback: the 2-2-1 network with these nine numbers, asked to compute XOR.

    Returns a View: its four outputs against the targets (above 0.5 for inputs 01 and 10, below for
    00 and 11), the cost C, and, drawn, its output over the unit square (the black line is a = 0.5;
    the dots are the four inputs, labelled with their targets) beside the four outputs as bars.
    """
    net = xor_network(w_h1_x1, w_h1_x2, b_h1, w_h2_x1, w_h2_x2, b_h2, w_out_h1, w_out_h2, b_out)
    text, _, _ = xor_table(net)
    picture, (image, half, bars) = _xor_picture(language())
    with picture.lock:
        a = _xor_map_values(net)
        image.set_data(a)
        half.set_segments(_half_line(a))
        for bar, height in zip(bars, net.feedforward(XOR_X).reshape(-1)):
            bar.set_height(height)
        return View(text, picture)


def _plot_xor_bars(ax, net):
    """The four outputs as bars against their targets; returns the bars."""
    a = net.feedforward(XOR_X).reshape(-1)
    names = [f"{int(x1)}{int(x2)}" for x1, x2 in XOR_X.T]
    y = XOR_Y.reshape(-1)
    bars = ax.bar(range(4), a, color=["#b71c1c" if t else "#0d47a1" for t in y], edgecolor="black")
    for k, t in enumerate(y):
        ax.plot([k - 0.4, k + 0.4], [t, t], color="black", lw=4, label=TEXT["xor_target"] if k == 0 else None)
    ax.axhline(0.5, color="grey", ls="--", lw=1.5)
    ax.set_xticks(range(4), names)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(TEXT["xor_bars_xlabel"])
    ax.set_ylabel(TEXT["xor_bars_ylabel"])
    ax.set_title(TEXT["xor_bars_title"])
    return list(bars)


def learn_xor(seed=XOR_SEED, eta=XOR_ETA, steps=XOR_STEPS):
    """Gradient descent on the four XOR examples: `Network([2, 2, 1], seed)` and `steps` calls of its
    `update_mini_batch` with all four examples (so each step follows the exact gradient).
    Returns the network and the cost before and after every step (an array of steps + 1 costs)."""
    net = Network([2, 2, 1], seed=seed)
    costs = [quadratic_cost(net.feedforward(XOR_X), XOR_Y)]
    for _ in range(steps):
        net.update_mini_batch(XOR_X, XOR_Y, eta)
        costs.append(quadratic_cost(net.feedforward(XOR_X), XOR_Y))
    return net, np.array(costs)


@projector
def show_xor_learning(net, costs, seed=XOR_SEED, eta=XOR_ETA, report=(0, 100, 200, 500, 1000)):
    """What `learn_xor` did, as a View: the cost at a few steps, the four outputs, the nine numbers found,
    and, drawn, the cost falling beside the learned network's output over the square."""
    steps = len(costs) - 1
    text = TEXT["learn"]
    lines = [text("header", seed=seed, eta=eta, steps=steps)]
    lines += [text("row", step=k, cost=costs[k]) for k in sorted(set(report) | {steps}) if k <= steps]
    lines.append(xor_table(net)[0])
    numbers = "\n".join(f"  {name:<9} = {value:+7.2f}" for name, value in xor_numbers(net).items())
    lines.append(text("numbers", numbers=numbers))
    fig, (ax_cost, ax_map) = plt.subplots(1, 2, figsize=(12, 5), width_ratios=[1, 1.15])
    ax_cost.plot(range(len(costs)), costs, color="#c62828", lw=3)
    ax_cost.set_ylim(0, max(costs) * 1.1)
    ax_cost.set_xlabel(text["step"])
    ax_cost.set_ylabel(text["cost"])
    ax_cost.set_title(text["cost_title"])
    fig.colorbar(_plot_xor_map(ax_map, net)[0], ax=ax_map, label=TEXT["xor_colorbar"])
    fig.tight_layout()
    return View("\n".join(lines), fig)


def xor_sliders(first_try):
    """One slider per number of the 2-2-1 network (−10 … 10, steps of 0.5), set to `first_try` (a dict by name)."""
    from ipywidgets import FloatSlider, Layout

    return {name: FloatSlider(value=first_try[name], min=-10, max=10, step=0.5, description=TEXT["sliders"][name],
                              readout_format=".1f", layout=Layout(width="420px"))
            for name in XOR_NUMBERS}


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

@exercise
def check_pixel_index(answer, row=5, col=12):
    """Where pixel (row, col) of a 28 × 28 image lands in the list of 784 inputs (counting from 0)."""
    text = TEXT["pixel"]
    k = take_answer(answer, text["what"], whole=True, blank=text["blank"])
    want = row * 28 + col
    if k == want:
        return right(text("right", row=row, col=col, want=want))
    if k == col * 28 + row:
        return not_yet(text["swapped"])
    if k == want + 1:
        return not_yet(text["from_one"])
    return not_yet(text("row_by_row", row=row))


@exercise
def check_parameter_count(answer, sizes=(784, 30, 10)):
    """The number of weights and biases of a network with these layer sizes (the book's [784, 30, 10])."""
    text = TEXT["parameters"]
    k = take_answer(answer, text["what"], whole=True, blank=text["blank"])
    want = parameter_count(sizes)
    if k == want:
        return right(text("right", count_text=parameter_count_text(sizes)))
    weights = weight_count(sizes)
    if k == weights:
        return not_yet(text("weights_only", count=k))
    if k == weights + sum(sizes):
        return not_yet(text["input_bias"])
    return not_yet(text["layer_by_layer"])


def check_guess(guess):
    """`guess(outputs)` should return the digit whose output activation is the largest."""
    text = TEXT["guess"]
    if guess is ... or not callable(guess):
        return not_yet(text["define"])
    cases = [np.array([0.1, 0.2, 0.9, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.9, 0.2, 0.1, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.1, 0.2, 0.3, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.95]).reshape(10, 1)]
    for outputs in cases:
        want = int(np.argmax(outputs))
        try:
            got = guess(outputs.copy())
        except Exception as exc:  # a student's function may fail in any way: say how, don't crash
            return not_yet(text("raised", kind=type(exc).__name__, message=exc))
        if got is ...:
            return not_yet(text["returns_dots"])
        if read_answer(got, text["what"], whole=True)[0] != want:
            shown = np.round(outputs.reshape(-1), 2).tolist()
            return not_yet(text("wrong", outputs=shown, got=repr(got), want=want))
    return right(text["right"])


# ----- the lesson's claims about training runs (nnbook/claims.py; tests/test_claims.py runs them) -----

#: How many seeds one measurement of the XOR stuck rate runs: seeds 100·batch … 100·batch + 99.
XOR_BATCH = 100


def xor_stuck(first_seed, n=XOR_BATCH, eta=XOR_ETA, steps=XOR_STEPS):
    """How many of the runs of `learn_xor` with seeds first_seed … first_seed + n − 1 get stuck (end with fewer
    than 4 of the 4 XOR examples right).  The same steps as `learn_xor`, without recording the cost."""
    stuck = 0
    for seed in range(first_seed, first_seed + n):
        net = Network([2, 2, 1], seed=seed)
        for _ in range(steps):
            net.update_mini_batch(XOR_X, XOR_Y, eta)
        stuck += int(xor_table(net)[2] < 4)
    return stuck


@functools.cache
def _test_digits():
    from ..data import load_mnist

    return load_mnist(progress=False)[2]


def untrained_accuracy(seed):
    """The fraction of the 10,000 test digits that an untrained Network([784, 15, 10], seed) reads right."""
    test = _test_digits()
    return Network([784, 15, 10], seed=seed).evaluate((test.images, test.labels)) / len(test.labels)


#: The sentences of this lesson about training runs, checked over seeds by tests/test_claims.py.
CLAIMS = (
    Claim("xor_stuck_rate",
          ("03_network_for_digits.ipynb#4a653d1a", "teacher-guide.md"),
          "Gradient descent on XOR (Network([2, 2, 1]), η = 4, 2,000 steps) gets stuck from roughly one random "
          "start in four: 548 of seeds 0–1,999 (27%), between 23 and 33 in every hundred seeds; the recap: it "
          "succeeds from about three starts in four.",
          measure=lambda batch: xor_stuck(XOR_BATCH * batch),
          holds=lambda stuck: 23 <= stuck <= 33,
          seeds=(0, 4, 12)),
    Claim("untrained_near_chance",
          ("03_network_for_digits.ipynb#1273a951", "teacher-guide.md"),
          "An untrained Network([784, 15, 10]) reads between 4% and 14% of the test digits right, whatever its "
          "seed (twenty seeds: 4.1% to 13.9%): none much better than the 10% of guessing.",
          measure=untrained_accuracy,
          holds=lambda accuracy: 0.04 <= accuracy <= 0.14,
          seeds=tuple(range(20))),
)


# ----- exercise 4: a bitwise output layer, 10 → 4 (the book's exercise after its network for digits) -----

#: How many output neurons the bitwise layer has: 4 bits are enough for the digits 0 … 9 (2^4 = 16).
BITS = 4

#: What the 10 outputs look like when the network is sure: the right one at least `HIGH`, the others at most `LOW`.
HIGH, LOW = 0.99, 0.01

#: The largest weight or bias the check takes (larger numbers say nothing more, and would overflow).
LARGEST = 1e6


def binary_code(digit):
    """The digit's 4-bit binary code as written, the bit worth 8 first: 6 → "0110"."""
    return format(int(digit), f"0{BITS}b")


#: The answer the layer should give: BIT_TABLE[k, d] is bit k of digit d's code (row 0: the bit worth 8).
BIT_TABLE = np.array([[int(binary_code(d)[k]) for d in range(10)] for k in range(BITS)])


def near_one_hot(digit, high=HIGH, low=LOW):
    """The 10 outputs of a network sure of `digit`: `high` at that digit, `low` everywhere else, a (10, 1) column."""
    a = np.full((10, 1), low)
    a[int(digit), 0] = high
    return a


def bitwise_layer(weights, biases, a):
    """The bitwise layer's 4 activations σ(w·a + b) for the 10 outputs `a` (a (10, 1) column, or (10, n))."""
    return sigmoid(np.asarray(weights, dtype=float) @ a + np.asarray(biases, dtype=float).reshape(BITS, 1))


def _read_bits(z):
    """The bits read from weighted inputs z: 1 above 0 (σ above 0.5), 0 below, "?" exactly at 0 (σ = 0.5)."""
    return "".join("1" if v > 0 else "0" if v < 0 else "?" for v in z)


def wrong_rows(weights, biases, low=LOW, high=HIGH):
    """For each digit d, the rows (output neurons) that can come out on the wrong side of 0.5.

    The 10 inputs are any a network sure of d could give: a_d from `high` to 1, every other from 0 to
    `low`.  The weighted input z is linear in them, so its smallest and largest values over that box are
    at its corners, computed exactly: a bit that should be 1 needs its smallest z above 0, a bit that
    should be 0 its largest z below 0.  Returns a dict digit → list of rows (only digits with some).
    """
    w, b = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float).reshape(BITS)
    others_low = low * np.minimum(w, 0).sum(axis=1)   # the other nine pulling z down as far as they can …
    others_high = low * np.maximum(w, 0).sum(axis=1)  # … and up
    wrong = {}
    for d in range(10):
        own_low = np.minimum(high * w[:, d], w[:, d])
        own_high = np.maximum(high * w[:, d], w[:, d])
        z_low = b + own_low + others_low - low * np.minimum(w[:, d], 0)
        z_high = b + own_high + others_high - low * np.maximum(w[:, d], 0)
        rows = [k for k in range(BITS) if (z_low[k] <= 0 if BIT_TABLE[k, d] else z_high[k] >= 0)]
        if rows:
            wrong[d] = rows
    return wrong


def _rows_text(rows):
    return TEXT["bitwise"]["row_join"].join(map(str, rows))


def bitwise_table(weights, biases):
    """The layer on each digit's near-one-hot outputs (0.99 and nine 0.01), one line per digit: (text, n_right).

    A digit counts as right only if its code comes out right for every input a sure network could give
    (see `wrong_rows`), not just for these."""
    w, b = np.asarray(weights, dtype=float), np.asarray(biases, dtype=float).reshape(BITS, 1)
    wrong = wrong_rows(w, b)
    lines = [TEXT["bitwise"]["header"]]
    for d in range(10):
        z = (w @ near_one_hot(d) + b).reshape(-1)
        outputs = " ".join(f"{a:.2f}" for a in sigmoid(z))
        mark = TEXT["bitwise"]("row_wrong", rows=_rows_text(wrong[d])) if d in wrong else "✔"
        lines.append(f"  {d}   | {binary_code(d)} | {outputs} | {_read_bits(z)} | {mark}")  # the header's columns
    n_right = 10 - len(wrong)
    lines.append(TEXT["bitwise"]("summary", n_right=n_right, solved=TEXT["bitwise"]["solved"] if n_right == 10 else ""))
    return "\n".join(lines), n_right


#: Colour of a bit read wrong in the picture of `show_bitwise_layer`.
WRONG_COLOUR = "#d50000"


@functools.lru_cache(maxsize=2)
@projector
def _bitwise_picture(lang):
    """The figure of `show_bitwise_layer`, built once per language: a 10 × 4 grid (digit × bit) of the new
    neurons' outputs, each cell showing the bit it reads; the grid's colours and the 40 labels move."""
    text = TEXT["bitwise"]
    fig = Figure(figsize=(5.5, 7))
    ax = fig.subplots()
    image = ax.imshow(np.zeros((10, BITS)), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    labels = [[ax.text(k, d, "", ha="center", va="center", fontsize=BIG, weight="bold") for k in range(BITS)]
              for d in range(10)]
    ax.set_xticks(range(BITS), [str(2 ** (BITS - 1 - k)) for k in range(BITS)])
    ax.set_yticks(range(10))
    ax.set_xlabel(text["picture_xlabel"])
    ax.set_ylabel(text["picture_ylabel"])
    ax.set_title(text["picture_title"])
    fig.colorbar(image, ax=ax, label=text["picture_colorbar"])
    fig.tight_layout()
    return Picture(fig, [image, *[label for row in labels for label in row]]), (image, labels)


def show_bitwise_layer(weights, biases):
    """The bitwise layer with these weights (4 × 10) and biases (4) on the ten digits, as a View: the table of
    `bitwise_table` and, drawn, each digit's 4 outputs (its output 0.99, the nine others 0.01) as a grid, each
    cell labelled with the bit it reads (red where that bit can come out wrong)."""
    w, b, problem = _read_layer(weights, biases)
    if problem is not None:
        raise ValueError(problem)
    return _bitwise_view(w, b, bitwise_table(w, b)[0])


def _bitwise_view(w, b, text):
    """The View of `show_bitwise_layer`: `text` and the picture of the layer (w, b) on the ten digits."""
    wrong = wrong_rows(w, b)
    z = w @ np.hstack([near_one_hot(d) for d in range(10)]) + b.reshape(BITS, 1)  # (4, 10): column d for digit d
    picture, (image, labels) = _bitwise_picture(language())
    with picture.lock:
        a = sigmoid(z).T
        image.set_data(a)
        for d in range(10):
            read = _read_bits(z[:, d])
            for k in range(BITS):
                labels[d][k].set_text(read[k])
                labels[d][k].set_color(WRONG_COLOUR if k in wrong.get(d, ()) else "white" if a[d, k] > 0.5 else "black")
        return View(text, picture)


#: The names of the toggle rows, one per new neuron: row0 is the bit worth 8, … row3 the bit worth 1.
ROWS = tuple(f"row{k}" for k in range(BITS))


def _pressed(row, name):
    """The digits pressed in one row of toggles, as a set; anything but digits 0–9 is refused."""
    try:
        digits = set(row)
    except TypeError:
        digits = None
    if digits is None or not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and 0 <= d <= 9
                                 for d in digits):
        raise ValueError(TEXT["errors"]("row", name=name, got=repr(row)))
    return {int(d) for d in digits}


def toggles_layer(row0=(), row1=(), row2=(), row3=(), size=5.0, bias=0.0):
    """The weights and biases the toggles set: in row k, weight +size from each digit pressed (in `row<k>`, a tuple
    of digits), −size from the others; the same bias for the four new neurons."""
    rows = [_pressed(row, name) for row, name in zip((row0, row1, row2, row3), ROWS)]
    w = np.array([[size if d in rows[k] else -size for d in range(10)] for k in range(BITS)], dtype=float)
    return w, np.full(BITS, float(bias))


def show_bitwise_toggles(row0=(), row1=(), row2=(), row3=(), size=5.0, bias=0.0):
    """Toggle callback: the bitwise layer whose row k gives weight +size from the digits pressed in `row<k>` and
    −size from the others, with this bias for all four neurons: `show_bitwise_layer`'s View, with a first line
    that says the setting."""
    w, b = toggles_layer(row0, row1, row2, row3, size, bias)
    setting = TEXT["bitwise"]("setting", size=float(size), bias=float(bias))
    return _bitwise_view(w, b, setting + "\n" + bitwise_table(w, b)[0])


@functools.cache
def _bit_row_class():
    """`BitRow`: one row of the weight grid as one control: its label and ten toggles; its value the digits pressed."""
    from ipywidgets import HBox, Label, Layout, ToggleButton, ValueWidget
    from traitlets import Tuple

    class BitRow(HBox, ValueWidget):
        """A row of ten toggles, one per digit; `.value` is the tuple of the digits pressed, in order."""

        value = Tuple()

        def __init__(self, k, pressed=()):
            self.toggles = [ToggleButton(value=d in pressed, description=str(d),
                                         tooltip=TEXT["bitwise"]("toggle_tip", row=k, digit=d),
                                         layout=Layout(width="42px")) for d in range(10)]
            label = Label(TEXT["bitwise"]("grid_row", row=k, worth=2 ** (BITS - 1 - k)), layout=Layout(width="150px"))
            super().__init__([label, *self.toggles])
            self.value = tuple(d for d in range(10) if d in pressed)
            for toggle in self.toggles:
                toggle.observe(self._toggled, names="value")

        def _toggled(self, _change):
            self.value = tuple(d for d, toggle in enumerate(self.toggles) if toggle.value)

    return BitRow


def bitwise_controls(pressed=None):
    """The controls of the bitwise explorer: four rows of ten toggles (`row0` … `row3`: the weight grid, one row per
    new neuron, one toggle per digit; `pressed` maps a row's name to the digits that start pressed), a slider for
    the weights' size and one for the bias."""
    from ipywidgets import FloatSlider, Layout

    pressed = pressed or {}
    controls = {name: _bit_row_class()(k, pressed.get(name, ())) for k, name in enumerate(ROWS)}
    controls["size"] = FloatSlider(value=5.0, min=0.0, max=10.0, step=0.5, description=TEXT["bitwise"]["size"],
                                   readout_format=".1f", layout=Layout(width="420px"))
    controls["bias"] = FloatSlider(value=0.0, min=-10.0, max=10.0, step=0.5, description=TEXT["bitwise"]["bias"],
                                   readout_format=".1f", layout=Layout(width="420px"))
    return controls


def _numbers(value):
    """`value` as a float array, or a key of what is wrong with it: "blank", "text", "true_false" or "numbers"."""
    def walk(v):
        if isinstance(v, (list, tuple, np.ndarray)):
            for x in (v.reshape(-1) if isinstance(v, np.ndarray) else v):
                yield from walk(x)
        else:
            yield v

    parts = list(walk(value))
    if value is None or any(p is ... or p is None for p in parts):
        return "blank"
    if any(isinstance(p, (str, bytes)) for p in parts):
        return "text"
    if any(isinstance(p, (bool, np.bool_)) for p in parts):
        return "true_false"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a complex number is refused, not half-read
        try:
            return np.asarray(value, dtype=float)
        except (TypeError, ValueError, Warning):
            return "numbers"


#: What `_numbers` found wrong with the weights or the biases, as the id of the sentence that says so.
_PROBLEMS = {"weights": {"blank": "weights_blank", "text": "weights_text", "true_false": "weights_true_false",
                         "numbers": "weights_numbers"},
             "biases": {"blank": "biases_blank", "text": "biases_text", "true_false": "biases_true_false",
                        "numbers": "biases_numbers"}}


def _read_layer(weights, biases):
    """(w (4, 10), b (4,), None), or (None, None, a sentence saying what to give instead)."""
    text = TEXT["bitwise"]
    w = _numbers(weights)
    if isinstance(w, str):
        return None, None, text[_PROBLEMS["weights"][w]]
    if w.shape == (10, BITS):
        return None, None, text["transposed"]
    if w.shape != (BITS, 10):
        return None, None, text("weights_shape", shape=w.shape)
    b = _numbers(biases)
    if isinstance(b, str):
        return None, None, text[_PROBLEMS["biases"][b]]
    if b.shape not in ((BITS,), (BITS, 1)):
        return None, None, text("biases_shape", shape=b.shape)
    for name, v in (("weights", w), ("biases", b)):
        if not np.all(np.isfinite(v)):
            return None, None, text("not_finite", what=text[name])
        if np.abs(v).max() > LARGEST:
            return None, None, text("too_large", what=text[name])
    return w, b.reshape(BITS), None


def check_bitwise_layer(weights, biases):
    """The 4 × 10 weights and 4 biases of a layer that turns the 10 outputs into the digit's 4-bit code.

    Right when, for every digit d and every input a network sure of d could give (a_d ≥ 0.99, the others
    ≤ 0.01), each output neuron lands on the right side of 0.5: row 0 the bit worth 8, … row 3 the bit worth 1.
    """
    text = TEXT["bitwise"]
    w, b, problem = _read_layer(weights, biases)
    if problem is not None:
        return not_yet(problem)
    wrong = wrong_rows(w, b)
    if not wrong:
        sure = np.hstack([near_one_hot(d) for d in range(10)])  # (10, 10): digit d's outputs in column d
        worst = float(np.max(np.abs(bitwise_layer(w, b, sure) - BIT_TABLE)))
        return right(text["right"] + (text("unsure", worst=worst) if worst > 0.1 else ""))
    digits = text["digit_join"].join(text("digit_wrong", digit=d, code=binary_code(d), rows=_rows_text(rows))
                       for d, rows in wrong.items())
    if not wrong_rows(w[::-1], b[::-1]):
        return not_yet(text["reversed"])
    exact = {d for d in range(10)
             if all((v > 0) == bool(BIT_TABLE[k, d]) and v != 0 for k, v in enumerate(w[:, d] + b))}
    should_be_1 = {(d, k) for d, rows in wrong.items() for k in rows if BIT_TABLE[k, d]}
    should_be_0 = {(d, k) for d, rows in wrong.items() for k in rows if not BIT_TABLE[k, d]}
    if len(exact) == 10:
        hint = text["only_exact"]
    elif not should_be_1:
        hint = text["too_high"]
    elif not should_be_0:
        hint = text["too_low"]
    else:
        hint = text["recipe"]
    return not_yet(text("wrong", count=len(wrong), digits=digits, hint=hint))
