"""Lesson 03's pictures and slider: the 784-15-10 network and what an untrained one outputs.

* `draw_digit_network()` draws the network of the story: 784 inputs (most left out),
  a hidden layer of 15 sigmoid neurons and 10 outputs, one per digit.
* `show_outputs(net, images, labels, index)` is the slider callback's work: one test digit,
  the network's 10 output activations as bars, and its guess (the most active output).
* `outputs_table`, `guess_counts`, `parameter_count` and `hand_tuning` print the numbers
  the lesson talks over.
"""

import math

import matplotlib.pyplot as plt
import numpy as np

from ..diagrams import draw_layers
from ..plots import BIG

#: Colours of the bars: the network's guess, the true digit (when they differ), the rest.
GUESS_COLOUR, TRUE_COLOUR, OTHER_COLOUR = "#1565c0", "#2e7d32", "#b0bec5"


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


def show_outputs(net, images, labels, index):
    """Test digit `index`, and the network's 10 output activations as a bar chart.

    Prints the verdict ("label 7, guess 4: wrong") and draws the digit beside the bars;
    the tallest bar is the guess (blue), the true digit's bar is green when they differ.
    """
    index = _check_index(index, len(labels))
    image, label = images[index], int(labels[index])
    a = net.feedforward(image).reshape(-1)
    guess = int(np.argmax(a))
    verdict = "right" if guess == label else "wrong"
    print(f"test digit #{index}: label {label}, the network's guess {guess} ({verdict}); "
          f"largest output {a[guess]:.3f}")
    fig, (ax_img, ax_bar) = plt.subplots(1, 2, figsize=(12, 4.6), width_ratios=[1, 2.4])
    ax_img.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_title(f"test digit #{index}: a {label}", fontsize=BIG)
    ax_img.axis("off")
    colours = [GUESS_COLOUR if d == guess else TRUE_COLOUR if d == label else OTHER_COLOUR for d in range(10)]
    ax_bar.bar(range(10), a, color=colours, edgecolor="black")
    ax_bar.set_ylim(0, 1.05)
    ax_bar.set_xticks(range(10))
    ax_bar.tick_params(labelsize=BIG)
    ax_bar.set_xlabel("output neuron (digit)", fontsize=BIG)
    ax_bar.set_ylabel("activation a", fontsize=BIG)
    ax_bar.set_title(f"outputs: guess {guess} (blue)" + ("" if verdict == "right" else f", true digit {label} (green)"),
                     fontsize=BIG)
    fig.tight_layout()
    plt.show()


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


def parameter_count(sizes):
    """Weights and biases of a fully connected network: Σ n_in·n_out + n_out over its layers."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def parameter_count_text(sizes):
    """The count worked out layer by layer, e.g. "784·15 + 15 + 15·10 + 10 = 11,935"."""
    parts = " + ".join(f"{n_in}·{n_out} + {n_out}" for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    return f"{parts} = {parameter_count(sizes):,}"


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
