"""Lesson 03, a network for digits: the 784-15-10 network and what an untrained one outputs.

* `draw_digit_network()` draws the network of the story: 784 inputs (most left out),
  a hidden layer of 15 sigmoid neurons and 10 outputs, one per digit.
* `show_outputs(net, images, labels, index)` is the slider callback's work: one test digit,
  the network's 10 output activations as bars, and its guess (the most active output), as a View.
* `outputs_table`, `guess_counts`, `parameter_count_text` (from `nnbook.parameters`) and
  `hand_tuning` print the numbers the lesson talks over.
* `show_xor_attempt(…)`: the hand-tuning slider's callback — a tiny 2-2-1 network of sigmoid
  neurons, its 9 numbers set by hand, asked to compute XOR (a View: its four outputs against the
  targets, the cost, and its output over the unit square).  `learn_xor` lets gradient descent
  (the lesson's own `Network.update_mini_batch`) set the same 9 numbers; `show_xor_learning` shows it.

Exercises: `check_pixel_index` (where a pixel goes among the 784 inputs),
`check_parameter_count` and `check_guess` (the guess is the most active output).
"""

import math

import matplotlib.pyplot as plt
import numpy as np

from ..diagrams import draw_layers
from ..cost import quadratic_cost
from ..explorer import View
from ..feedback import not_yet, read_answer, right
from ..network import Network
from ..parameters import parameter_count, parameter_count_text, weight_count
from ..plots import BIG, projector

#: Colours of the bars: the network's guess, the true digit (when they differ), the rest.
GUESS_COLOUR, TRUE_COLOUR, OTHER_COLOUR = "#1565c0", "#2e7d32", "#b0bec5"

#: What the test-digit slider shows (text and figure labels), with named placeholders.
TEXT = {
    "verdict": "test digit #{index}: label {label}, the network's guess {guess} ({verdict}); largest output {largest:.3f}",
    "right": "right",
    "wrong": "wrong",
    "digit_title": "test digit #{index}: a {label}",
    "bars_xlabel": "output neuron (digit)",
    "bars_ylabel": "activation a",
    "bars_title": "outputs: guess {guess} (blue)",
    "bars_title_wrong": "outputs: guess {guess} (blue), true digit {label} (green)",
    # the hand-tuning slider and gradient descent on XOR
    "xor_header": "x1 x2 | target | output a | ",
    "xor_row": " {x1}  {x2} |   {y}    |  {a:.3f}   | {mark}",
    "xor_right": "✔ on the right side of 0.5",
    "xor_wrong": "✘ should be {side} 0.5",
    "above": "above",
    "below": "below",
    "xor_summary": "cost C = {cost:.4f}   {n_right} of 4 right{solved}",
    "xor_solved": " — XOR solved!",
    "xor_map_title": "the network's output a over the square",
    "xor_colorbar": "output a",
    "xor_bars_title": "the four outputs (bars) and targets (lines)",
    "xor_bars_ylabel": "output a",
    "xor_target": "target",
    "learn_header": "gradient descent on the 4 XOR examples: Network([2, 2, 1], seed={seed}), η = {eta:g}, {steps:,} steps",
    "learn_row": "after {step:>5,} steps: cost C = {cost:.4f}",
    "learn_numbers": "the 9 numbers it found:\n{numbers}",
    "learn_cost_title": "the cost after each step",
    "learn_step": "step",
    "learn_cost": "cost C",
}


def draw_digit_network(hidden=15, title=None):
    """The network of the story: 784 input pixels (5 drawn), `hidden` hidden neurons, 10 outputs."""
    inputs = ["x1", "x2", "x3", "⋮", "x784"]
    hidden_layer = [f"h{j}" for j in range(1, hidden + 1)]
    outputs = [f"out{d}" for d in range(10)]
    labels = {"x1": "x₁", "x2": "x₂", "x3": "x₃", "x784": "x₇₈₄"}
    labels.update({f"out{d}": str(d) for d in range(10)})
    labels.update({h: "" for h in hidden_layer})
    names = ["input layer\n784 pixels", f"hidden layer\n{hidden} neurons", "output layer\n10 digits"]
    fig = draw_layers([inputs, hidden_layer, outputs], labels=labels, layer_names=names,
                      figsize=(7.5, 8.5),
                      title=title or f"The network for digits: 784 → {hidden} → 10")
    for line in fig.axes[0].lines:  # solid, un-smoothed lines: as clear, and the PNG is 3× smaller
        line.set_alpha(None)
        line.set_color("#b0b0b0")
        line.set_antialiased(False)
    return fig


def _check_index(index, n):
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < n:
        raise ValueError(f"index must be a whole number from 0 to {n - 1} (one of the {n:,} images); got {index!r}")
    return int(index)


def outputs_text(a, label):
    """One line per digit: the output activation, marking the network's guess and the true digit."""
    a = np.asarray(a, dtype=float).reshape(-1)
    guess = int(np.argmax(a))
    rows = []
    for d, value in enumerate(a):
        marks = ("  ← guess" if d == guess else "") + ("  ← true digit" if d == label else "")
        rows.append(f"  output {d}: {value:.3f}{marks}")
    return "\n".join(rows)


@projector
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
    fig, (ax_img, ax_bar) = plt.subplots(1, 2, figsize=(12, 4.6), width_ratios=[1, 2.4])
    ax_img.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_title(TEXT["digit_title"].format(index=index, label=label))
    ax_img.axis("off")
    colours = [GUESS_COLOUR if d == guess else TRUE_COLOUR if d == label else OTHER_COLOUR for d in range(10)]
    ax_bar.bar(range(10), a, color=colours, edgecolor="black")
    ax_bar.set_ylim(0, 1.05)
    ax_bar.set_xticks(range(10))
    ax_bar.tick_params(labelsize=BIG)
    ax_bar.set_xlabel(TEXT["bars_xlabel"])
    ax_bar.set_ylabel(TEXT["bars_ylabel"])
    ax_bar.set_title(TEXT["bars_title" if is_right else "bars_title_wrong"].format(guess=guess, label=label))
    fig.tight_layout()
    return View(text, fig)


def outputs_table(net, images, labels, n=5):
    """The first n digits as a table: each output activation (rounded), the guess and the label."""
    a = net.feedforward(np.asarray(images[:n]).T)
    header = "digit # | " + " ".join(f"{d:>5}" for d in range(10)) + " | guess | label"
    lines = [header, "-" * len(header)]
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
    lines = [f"{values} values for each of {n_parameters:,} parameters: {values}^{n_parameters:,} settings"
             + (f" — a number with {digits:,} digits" if digits else ""),
             f"≈ 10^{log_settings:.0f} settings; at {tries_per_second:.0e} tries per second that is",
             f"≈ 10^{log_seconds:.0f} seconds ≈ 10^{log_universes:.0f} times the age of the universe"]
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
        rows.append(TEXT["xor_row"].format(x1=x1, x2=x2, y=y, a=out, mark=mark))
    cost = quadratic_cost(a.reshape(1, 4), XOR_Y)
    rows.append(TEXT["xor_summary"].format(cost=cost, n_right=n_right, solved=TEXT["xor_solved"] if n_right == 4 else ""))
    return "\n".join(rows), cost, n_right


def _plot_xor_map(ax, net):
    grid = np.linspace(-0.25, 1.25, 61)
    g1, g2 = np.meshgrid(grid, grid)
    a = net.feedforward(np.vstack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    image = ax.imshow(a, origin="lower", extent=(-0.25, 1.25, -0.25, 1.25), cmap="coolwarm", vmin=0, vmax=1)
    if a.min() < 0.5 < a.max():
        ax.contour(g1, g2, a, levels=[0.5], colors="black", linewidths=2)
    for (x1, x2), y in zip(XOR_X.T, XOR_Y.reshape(-1)):
        ax.plot(x1, x2, "o", ms=22, color="#b71c1c" if y else "#0d47a1", mec="white", mew=3)
        ax.annotate(f"{int(y)}", (x1, x2), ha="center", va="center", color="white", fontsize=BIG, weight="bold")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_title(TEXT["xor_map_title"])
    return image


@projector
def show_xor_attempt(w_h1_x1, w_h1_x2, b_h1, w_h2_x1, w_h2_x2, b_h2, w_out_h1, w_out_h2, b_out):
    """Slider callback: the 2-2-1 network with these nine numbers, asked to compute XOR.

    Returns a View: its four outputs against the targets (above 0.5 for inputs 01 and 10, below for
    00 and 11), the cost C, and, drawn, its output over the unit square (the black line is a = 0.5;
    the dots are the four inputs, labelled with their targets) beside the four outputs as bars.
    """
    net = xor_network(w_h1_x1, w_h1_x2, b_h1, w_h2_x1, w_h2_x2, b_h2, w_out_h1, w_out_h2, b_out)
    text, _, _ = xor_table(net)
    fig, (ax_map, ax_bars) = plt.subplots(1, 2, figsize=(12, 5), width_ratios=[1.15, 1])
    fig.colorbar(_plot_xor_map(ax_map, net), ax=ax_map, label=TEXT["xor_colorbar"])
    _plot_xor_bars(ax_bars, net)
    fig.tight_layout()
    return View(text, fig)


def _plot_xor_bars(ax, net):
    a = net.feedforward(XOR_X).reshape(-1)
    names = [f"{int(x1)}{int(x2)}" for x1, x2 in XOR_X.T]
    y = XOR_Y.reshape(-1)
    ax.bar(range(4), a, color=["#b71c1c" if t else "#0d47a1" for t in y], edgecolor="black")
    for k, t in enumerate(y):
        ax.plot([k - 0.4, k + 0.4], [t, t], color="black", lw=4, label=TEXT["xor_target"] if k == 0 else None)
    ax.axhline(0.5, color="grey", ls="--", lw=1.5)
    ax.set_xticks(range(4), names)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("input x1 x2")
    ax.set_ylabel(TEXT["xor_bars_ylabel"])
    ax.set_title(TEXT["xor_bars_title"])


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
    lines = [TEXT["learn_header"].format(seed=seed, eta=eta, steps=steps)]
    lines += [TEXT["learn_row"].format(step=k, cost=costs[k]) for k in sorted(set(report) | {steps}) if k <= steps]
    lines.append(xor_table(net)[0])
    numbers = "\n".join(f"  {name:<9} = {value:+7.2f}" for name, value in xor_numbers(net).items())
    lines.append(TEXT["learn_numbers"].format(numbers=numbers))
    fig, (ax_cost, ax_map) = plt.subplots(1, 2, figsize=(12, 5), width_ratios=[1, 1.15])
    ax_cost.plot(range(len(costs)), costs, color="#c62828", lw=3)
    ax_cost.set_ylim(0, max(costs) * 1.1)
    ax_cost.set_xlabel(TEXT["learn_step"])
    ax_cost.set_ylabel(TEXT["learn_cost"])
    ax_cost.set_title(TEXT["learn_cost_title"])
    fig.colorbar(_plot_xor_map(ax_map, net), ax=ax_map, label=TEXT["xor_colorbar"])
    fig.tight_layout()
    return View("\n".join(lines), fig)


def xor_sliders(first_try):
    """One slider per number of the 2-2-1 network (−10 … 10, steps of 0.5), set to `first_try` (a dict by name)."""
    from ipywidgets import FloatSlider, Layout

    labels = dict(zip(XOR_NUMBERS, ["x1 → h1", "x2 → h1", "bias h1", "x1 → h2", "x2 → h2", "bias h2",
                                    "h1 → out", "h2 → out", "bias out"]))
    return {name: FloatSlider(value=first_try[name], min=-10, max=10, step=0.5, description=labels[name],
                              readout_format=".1f", continuous_update=False, layout=Layout(width="420px"))
            for name in XOR_NUMBERS}


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

def check_pixel_index(answer, row=5, col=12):
    """Where pixel (row, col) of a 28 × 28 image lands in the list of 784 inputs (counting from 0)."""
    k, problem = read_answer(answer, "the position", whole=True, blank="replace ... with a whole number from 0 to 783.")
    if problem is not None:
        return problem
    want = row * 28 + col
    if k == want:
        return right(f"rows are laid end to end: {row} full rows of 28 come first, so pixel ({row}, {col}) is "
                     f"number {row}·28 + {col} = {want}.")
    if k == col * 28 + row:
        return not_yet("you swapped row and column: the image is flattened row by row, so skip whole rows first.")
    if k == want + 1:
        return not_yet("close — Python counts from 0, so the first pixel is number 0, not 1.")
    return not_yet(f"the image is flattened row by row: first all 28 pixels of row 0, then row 1, … "
                   f"How many pixels come before row {row}?")


def check_parameter_count(answer, sizes=(784, 30, 10)):
    """The number of weights and biases of a network with these layer sizes (the book's [784, 30, 10])."""
    k, problem = read_answer(answer, "the count", whole=True, blank="replace ... with a whole number.")
    if problem is not None:
        return problem
    want = parameter_count(sizes)
    if k == want:
        return right(f"{parameter_count_text(sizes)}: twice as many hidden neurons, about twice as many "
                     "knobs to set.")
    weights = weight_count(sizes)
    if k == weights:
        return not_yet(f"{k:,} counts the weights only; every hidden and output neuron also has a bias.")
    if k == weights + sum(sizes):
        return not_yet("input neurons have no bias: they just hold the pixels.")
    return not_yet("count layer by layer: each neuron of a layer has one weight per neuron of the layer "
                   "before, plus one bias.")


def check_guess(guess):
    """`guess(outputs)` should return the digit whose output activation is the largest."""
    if guess is ... or not callable(guess):
        return not_yet("define a function guess(outputs) that returns a digit 0–9.")
    cases = [np.array([0.1, 0.2, 0.9, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.9, 0.2, 0.1, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.1, 0.2, 0.3, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.95]).reshape(10, 1)]
    for outputs in cases:
        want = int(np.argmax(outputs))
        try:
            got = guess(outputs.copy())
        except Exception as exc:  # a student's function may fail in any way: say how, don't crash
            return not_yet(f"guess raised {type(exc).__name__}: {exc}")
        if got is ...:
            return not_yet("guess still returns ... : replace it with your code.")
        if read_answer(got, "the guess", whole=True)[0] != want:
            shown = np.round(outputs.reshape(-1), 2).tolist()
            return not_yet(f"for outputs {shown} guess returned {got!r}, but output {want} is the largest. "
                           "Hint: np.argmax.")
    return right("the guess is the position of the largest output: np.argmax(outputs). "
                 "It works for a flat array and for a (10, 1) column alike.")
