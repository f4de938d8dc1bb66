"""Lesson 01's sliders and pictures: a two-input perceptron, its truth table and its line.

`show_perceptron(w1, w2, threshold)` is the slider callback: it prints the truth table and
the gate's name, then draws the four inputs (0,0), (0,1), (1,0), (1,1) coloured by output,
with the line w1·x1 + w2·x2 = threshold that separates the 1s from the 0s.
`perceptron_sliders()` makes the sliders it is used with.
"""

from itertools import product

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from ..perceptron import GATES, Perceptron
from ..plots import BIG

#: Colours of the two outputs, in the points and in the shaded half-planes.
OUTPUT_COLOURS = {1: "#1565c0", 0: "#ef6c00"}
SHADE_COLOURS = {1: "#bbdefb", 0: "#ffe0b2"}
INPUTS = list(product((0, 1), repeat=2))
_LIMITS = (-0.6, 1.6)


def _clean(v):
    """A float without the minus sign of −0.0, so that printed tables never show "-0.00"."""
    return float(v) + 0.0


def truth_table_text(p):
    """The perceptron's truth table as text: one row per input, with z = w·x + b and the output."""
    rows = ["x1  x2 |  z = w·x + b | output"]
    for x in INPUTS:
        rows.append(f"{x[0]:>2}  {x[1]:>2} | {_clean(p.z(x)):>+12.2f} | {p(x):>4}")
    return "\n".join(rows)


def plot_decision(p, ax=None, title=None, target=None):
    """The four binary inputs in the (x1, x2) plane, coloured by output, and the perceptron's line.

    The half-plane where the perceptron outputs 1 is shaded blue, the rest orange; the line
    w1·x1 + w2·x2 = threshold (where z = 0) is dashed.  With `target` (four outputs, or a gate
    name) the points are coloured by the target instead and those the perceptron gets wrong
    are crossed out in red.  Returns the Axes.
    """
    if ax is None:
        ax = plt.subplots(figsize=(6, 6))[1]
    if isinstance(target, str):
        target = GATES[target]
    w1, w2 = (float(v) for v in p.weights)
    grid = np.linspace(*_LIMITS, 401)
    gx, gy = np.meshgrid(grid, grid)
    fires = (w1 * gx + w2 * gy + p.bias > 0).astype(int)
    shades = np.array([[int(c[k:k + 2], 16) / 255 for k in (1, 3, 5)] for c in (SHADE_COLOURS[0], SHADE_COLOURS[1])])
    ax.imshow(shades[fires], origin="lower", extent=(*_LIMITS, *_LIMITS), interpolation="nearest", zorder=0)
    if w2 != 0:
        ax.plot(grid, (p.threshold - w1 * grid) / w2, "k--", lw=2.5, zorder=1)
    elif w1 != 0:
        ax.axvline(p.threshold / w1, color="k", ls="--", lw=2.5, zorder=1)
    for k, x in enumerate(INPUTS):
        out = p(x)
        shown = out if target is None else int(target[k])
        ax.scatter(*x, s=900, color=OUTPUT_COLOURS[shown], edgecolor="black", lw=1.5, zorder=2)
        ax.text(*x, str(shown), color="white", fontsize=BIG + 2, weight="bold", ha="center", va="center", zorder=3)
        if target is not None and out != shown:
            ax.scatter(*x, s=2000, facecolor="none", edgecolor="#c62828", lw=4, zorder=4)
            ax.text(x[0], x[1] - 0.24, "wrong", color="#c62828", fontsize=BIG, weight="bold",
                    ha="center", va="top", zorder=4)
    ax.set_xlim(*_LIMITS)
    ax.set_ylim(*_LIMITS)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.tick_params(labelsize=BIG)
    ax.set_xlabel("x1", fontsize=BIG)
    ax.set_ylabel("x2", fontsize=BIG)
    ax.set_aspect("equal")
    if title:
        ax.set_title(title, fontsize=BIG)
    return ax


def show_perceptron(w1, w2, threshold):
    """Slider callback: the perceptron with weights w1, w2 and this threshold (bias b = −threshold).

    Prints its truth table and the gate it computes, then draws its four points and its line.
    """
    p = Perceptron([w1, w2], threshold=threshold)
    name = p.gate_name()
    print(f"w1 = {_clean(w1):.1f}, w2 = {_clean(w2):.1f}, threshold = {_clean(threshold):.1f}"
          f"  (bias b = −threshold = {_clean(p.bias):.1f})")
    print(truth_table_text(p))
    print(f"gate: {name}")
    if w1 == 0 and w2 == 0:
        print("both weights are 0: there is no line, z = b for every input")
    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    plot_decision(p, ax, title=f"w1 = {_clean(w1):g}, w2 = {_clean(w2):g}, threshold = {_clean(threshold):g}\n"
                               f"computes {name}")
    ax.legend(handles=[Patch(color=OUTPUT_COLOURS[1], label="output 1"),
                       Patch(color=OUTPUT_COLOURS[0], label="output 0")],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=BIG - 2, frameon=False)
    fig.tight_layout()
    plt.show()


def perceptron_sliders(w1=-2.0, w2=-2.0, threshold=-3.0):
    """The three sliders for `show_perceptron` (start: the NAND perceptron), as keyword arguments."""
    from ipywidgets import FloatSlider, Layout

    def make(value, low, high, description):
        return FloatSlider(value=value, min=low, max=high, step=0.5, description=description,
                           readout_format=".1f", continuous_update=True, layout=Layout(width="480px"))

    return dict(w1=make(w1, -3, 3, "w1"), w2=make(w2, -3, 3, "w2"), threshold=make(threshold, -4, 4, "threshold"))


def show_xor_attempts(attempts=((1, 1, 0.5), (-1, -1, -1.5), (1, -1, 0.5))):
    """XOR's four points with a few perceptron lines (w1, w2, threshold): each one gets a point wrong."""
    fig, axes = plt.subplots(1, len(attempts), figsize=(5 * len(attempts), 5.8), layout="constrained")
    for ax, (w1, w2, threshold) in zip(np.atleast_1d(axes), attempts):
        p = Perceptron([w1, w2], threshold=threshold)
        wrong = sum(p(x) != t for x, t in zip(INPUTS, GATES["XOR"]))
        plot_decision(p, ax, target="XOR",
                      title=f"this line computes {p.gate_name()}\n{wrong} of 4 points on the wrong side")
    fig.suptitle("XOR: the blue points (0,1), (1,0) must be on one side, the orange (0,0), (1,1) on the "
                 "other — no line can do it", fontsize=BIG + 1)
    plt.show()


def circuit_table(circuit):
    """Print a circuit's truth table: its inputs, its perceptrons' outputs, its output(s)."""
    names = list(circuit.inputs) + list(circuit.nodes)
    print("  ".join(f"{n:>5}" for n in names))
    for values in product((0, 1), repeat=len(circuit.inputs)):
        signals = circuit.run(*values)
        print("  ".join(f"{signals[n]:>5}" for n in names))

