"""Lesson 01, the perceptron: its slider, its pictures and its exercise checks.

`show_perceptron(w1, w2, threshold)` is the slider callback: it returns a View (`nnbook.explorer`)
with the truth table and the gate's name, and a picture of the four inputs (0,0), (0,1), (1,0), (1,1) coloured by output,
with the line w1·x1 + w2·x2 = threshold that separates the 1s from the 0s.
`perceptron_sliders()` makes the sliders it is used with; `show_xor_attempts` and
`circuit_table` show why XOR needs more than one perceptron.

Exercises: `check_and`, `check_or` (weights and a bias for a gate), `check_scaling` and
`check_negative_scaling` (multiplying w and b by c).
"""

from itertools import product

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from ..explorer import View
from ..feedback import not_yet, read_answer, right
from ..perceptron import GATES, Perceptron, gate_name, nand_perceptron
from ..plots import BIG, projector

#: Colours of the two outputs, in the points and in the shaded half-planes.
OUTPUT_COLOURS = {1: "#1565c0", 0: "#ef6c00"}
SHADE_COLOURS = {1: "#bbdefb", 0: "#ffe0b2"}
INPUTS = list(product((0, 1), repeat=2))
_LIMITS = (-0.6, 1.6)

#: What the perceptron's slider shows (text and figure labels), with named placeholders.
TEXT = {
    "setting": "w1 = {w1:.1f}, w2 = {w2:.1f}, threshold = {threshold:.1f}  (bias b = −threshold = {bias:.1f})",
    "gate": "gate: {name}",
    "no_line": "both weights are 0: there is no line, z = b for every input",
    "title": "w1 = {w1:g}, w2 = {w2:g}, threshold = {threshold:g}\ncomputes {name}",
    "output": "output {out}",
}


def _clean(v):
    """A float without the minus sign of −0.0, so that printed tables never show "-0.00"."""
    return float(v) + 0.0


def truth_table_text(p):
    """The perceptron's truth table as text: one row per input, with z = w·x + b and the output."""
    rows = ["x1  x2 |  z = w·x + b | output"]
    for x in INPUTS:
        rows.append(f"{x[0]:>2}  {x[1]:>2} | {_clean(p.z(x)):>+12.2f} | {p(x):>4}")
    return "\n".join(rows)


@projector
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
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax


@projector
def show_perceptron(w1, w2, threshold):
    """Slider callback: the perceptron with weights w1, w2 and this threshold (bias b = −threshold).

    Returns a View: its truth table and the gate it computes, and a picture of its four points and its line.
    """
    p = Perceptron([w1, w2], threshold=threshold)
    name = p.gate_name()
    values = dict(w1=_clean(w1), w2=_clean(w2), threshold=_clean(threshold), bias=_clean(p.bias), name=name)
    lines = [TEXT["setting"].format(**values), truth_table_text(p), TEXT["gate"].format(**values)]
    if w1 == 0 and w2 == 0:
        lines.append(TEXT["no_line"])
    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    plot_decision(p, ax, title=TEXT["title"].format(**values))
    ax.legend(handles=[Patch(color=OUTPUT_COLOURS[1], label=TEXT["output"].format(out=1)),
                       Patch(color=OUTPUT_COLOURS[0], label=TEXT["output"].format(out=0))],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    return View("\n".join(lines), fig)


def perceptron_sliders(w1=-2.0, w2=-2.0, threshold=-3.0):
    """The three sliders for `show_perceptron` (start: the NAND perceptron), as keyword arguments."""
    from ipywidgets import FloatSlider, Layout

    def make(value, low, high, description):
        return FloatSlider(value=value, min=low, max=high, step=0.5, description=description,
                           readout_format=".1f", continuous_update=True, layout=Layout(width="480px"))

    return dict(w1=make(w1, -3, 3, "w1"), w2=make(w2, -3, 3, "w2"), threshold=make(threshold, -4, 4, "threshold"))


@projector
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


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

def _fmt(v):
    return f"{_clean(v):g}"


#: What check_gate says while the answer still holds a `...`.
GATE_BLANK = "replace each ... with a number: weights = [w1, w2] and bias = b."


def check_gate(gate, weights, bias):
    """Does the perceptron with these two weights and this bias compute `gate` ("AND", "OR", …)?"""
    w, problem = read_answer(weights, "the weights (one per input)", size=2, blank=GATE_BLANK)
    if problem is not None:
        return problem
    b, problem = read_answer(bias, "the bias b", finite=True, blank=GATE_BLANK)
    if problem is not None:
        return problem
    p = Perceptron(w, bias=b)
    outputs = tuple(p(x) for x in INPUTS)
    want = GATES[gate]
    described = f"w = [{_fmt(w[0])}, {_fmt(w[1])}], b = {_fmt(b)}"
    if outputs == want:
        return right(f"{described} computes {gate}: the outputs for 00, 01, 10, 11 are "
                     f"{', '.join(map(str, outputs))}.")
    problems = []
    tie = False
    for x, out, need in zip(INPUTS, outputs, want):
        if out != need:
            z = float(p.z(x)) + 0.0
            tie |= z == 0
            sign = ">" if z > 0 else "≤"
            problems.append(f"for input ({x[0]}, {x[1]}) z = w·x + b = {z:g} {sign} 0, so the output is {out}, "
                            f"but {gate} needs {need}")
    message = f"{described} computes {gate_name(outputs)}, not {gate}: " + "; ".join(problems) + "."
    if tie:
        message += " Remember that z = 0 gives output 0: the perceptron fires only when z > 0."
    if tuple(Perceptron(w, bias=-b)(x) for x in INPUTS) == want:
        message += (f" With bias {_fmt(-b)} it would work: did you give the threshold? "
                    "The bias is minus the threshold, b = −threshold.")
    return not_yet(message)


def check_and(weights, bias):
    """Exercise: two weights and a bias for a perceptron that computes AND."""
    return check_gate("AND", weights, bias)


def check_or(weights, bias):
    """Exercise: two weights and a bias for a perceptron that computes OR."""
    return check_gate("OR", weights, bias)


#: The perceptrons (weights, bias) and the factors c the scaling check tries.
SCALING_CASES = [(w, b, c) for w, b in [([-2, -2], 3), ([1, 1], -1.5), ([1, 1], -0.5), ([2, -1], 0.5)]
                 for c in (0.5, 3, 100)]


def check_scaling(scaled):
    """Exercise: `scaled(p, c)` returns a new perceptron with every weight and the bias of p times c.

    Checks that it does exactly that (without changing p) and that for c > 0 the truth
    table never changes.
    """
    if not callable(scaled):
        return not_yet(f"pass your function itself, check_scaling(scaled), not {type(scaled).__name__} {scaled!r:.60}.")
    for w, b, c in SCALING_CASES:
        p = Perceptron(w, bias=b)  # a fresh one each time: a faulty `scaled` may change it
        before = (p.weights.copy(), p.bias)
        try:
            q = scaled(p, c)
        except Exception as error:  # the student's code failed: say how, don't crash
            return not_yet(f"scaled({p!r}, {c}) raised {type(error).__name__}: {error}")
        if not (np.array_equal(p.weights, before[0]) and p.bias == before[1]):
            return not_yet("scaled changed the perceptron it was given; build and return a new Perceptron instead.")
        if q is ...:
            return not_yet("scaled still returns ...: replace the ... with a new Perceptron.")
        if q is None:
            return not_yet("scaled returned None: did you forget `return`?")
        if not isinstance(q, Perceptron):
            return not_yet(f"scaled should return a Perceptron; it returned {type(q).__name__} {q!r:.60}.")
        weights_ok = q.weights.shape == p.weights.shape and np.allclose(q.weights, c * p.weights)
        bias_ok = np.isclose(q.bias, c * p.bias)
        if not (weights_ok and bias_ok):
            wrong = " and ".join(part for part, ok in (("weights", weights_ok), ("bias", bias_ok)) if not ok)
            message = (f"scaled({p!r}, {c}) gave {q!r}, but its {wrong} should be {c} times "
                       f"{'those' if wrong == 'weights' else 'that'} of p: weights {_fmt(c * p.weights[0])}, "
                       f"{_fmt(c * p.weights[1])} and bias {_fmt(c * p.bias)}.")
            changed = [x for x in INPUTS if p(x) != q(x)] if q.weights.shape == p.weights.shape else []
            if changed:
                message += f" See what goes wrong: the output for input {changed[0]} changed."
            return not_yet(message)
        if any(p(x) != q(x) for x in INPUTS):  # cannot happen for c > 0; kept as an honest check
            return not_yet(f"scaling {p!r} by {c} changed its truth table.")
    return right("for 4 perceptrons and c = 0.5, 3 and 100 the truth table never changed. Why: "
                 "z becomes c·(w·x + b) = c·z, and for c > 0, c·z > 0 exactly when z > 0.")


def check_negative_scaling(answer):
    """Exercise: which gate does the NAND perceptron compute after multiplying w and b by c = −1?"""
    flipped = Perceptron(-nand_perceptron().weights, bias=-nand_perceptron().bias)
    want = flipped.gate_name()
    if answer is ...:
        return not_yet('replace the ... with a gate name in quotes, e.g. "OR".')
    if not isinstance(answer, str):
        return not_yet(f'give the gate\'s name as text in quotes, e.g. "OR"; got {answer!r}.')
    name = answer.strip().upper()
    if name == want:
        return right(f"with w = [2, 2] and b = −3 the outputs for 00, 01, 10, 11 are "
                     f"{', '.join(str(flipped(x)) for x in INPUTS)}: {want}. A negative c flips the sign of z, so "
                     "every output flips — except where z was exactly 0.")
    if name == "NAND":
        return not_yet("for c < 0 the sign of z flips, so the outputs do change: compute z = w·x + b for "
                       "w = [2, 2], b = −3 and the four inputs.")
    if name not in {g.upper() for g in GATES}:
        return not_yet(f"{answer!r} is not one of the gates {', '.join(sorted(GATES))}.")
    return not_yet(f"not {answer.strip()}: compute z = w·x + b for w = [2, 2], b = −3 and each input 00, 01, 10, 11, "
                   "then output 1 where z > 0.")
