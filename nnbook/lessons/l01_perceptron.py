"""Lesson 01, the perceptron: its slider, its pictures and its exercise checks.

`show_perceptron(w1, w2, threshold)` is the slider callback: it returns a View (`nnbook.explorer`)
with the truth table and the gate's name, and a picture of the four inputs (0,0), (0,1), (1,0), (1,1) coloured by output,
with the line w1·x1 + w2·x2 = threshold that separates the 1s from the 0s.
`perceptron_sliders()` makes the sliders it is used with; `show_xor_attempts` and
`circuit_table` show why XOR needs more than one perceptron.  The lesson's code cells say their
lines with `TEXT(id, **values)` from this lesson's catalogue, or with the functions that compute
what they say (`output_both_ways`, `search_line`, `circuit_title`), so that the cells are the same in
every language.  `gate_from_text` reads the name of a gate a student typed, in either language.

Exercises: `check_and`, `check_or` (weights and a bias for a gate), `check_scaling` and
`check_negative_scaling` (multiplying w and b by c).
"""

import unicodedata
from functools import lru_cache
from itertools import product

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon

from ..explorer import Picture, View
from ..feedback import exercise, not_yet, right, take_answer
from .. import words
from ..i18n import catalogue, language
from ..perceptron import GATES, Perceptron, gate_label, gate_name, nand_perceptron
from ..plots import BIG, projector

#: What a student reads in this lesson, in the language in use (nnbook/locales/*/l01_perceptron.toml).
TEXT = catalogue("l01_perceptron")

#: Colours of the two outputs, in the points and in the shaded half-planes.
OUTPUT_COLOURS = {1: "#1565c0", 0: "#ef6c00"}
SHADE_COLOURS = {1: "#bbdefb", 0: "#ffe0b2"}
INPUTS = list(product((0, 1), repeat=2))
_LIMITS = (-0.6, 1.6)



def _clean(v):
    """A float without the minus sign of −0.0, so that printed tables never show "-0.00"."""
    return float(v) + 0.0


def _width(text):
    """How many columns `text` takes in a monospace font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rjust(text, width):
    """`text` right-aligned in `width` columns (as str.rjust, counting a Chinese character as two)."""
    return " " * max(0, width - _width(text)) + text


def output_both_ways(p, same, x):
    """z and the output of `p` for input `x`, and the output of `same` (built with a threshold) beside them."""
    return TEXT("output_both_ways", z=p.z(x), output=p(x), threshold=same.threshold, same=same(x))


def truth_table_text(p):
    """The perceptron's truth table as text: one row per input, with z = w·x + b and the output."""
    rows = [TEXT["table_header"]]
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
    parts = _decision_parts(ax)
    _show_decision(parts, p, target)
    if title:
        ax.set_title(title)
    return ax


#: Where the dashed line is drawn.
_GRID = np.linspace(*_LIMITS, 401)
#: The corners of the picture, in order around it.
_CORNERS = [(_LIMITS[0], _LIMITS[0]), (_LIMITS[1], _LIMITS[0]), (_LIMITS[1], _LIMITS[1]), (_LIMITS[0], _LIMITS[1])]


def fires_region(p):
    """The corners of the part of the picture where the perceptron outputs 1 (z > 0): a polygon, maybe empty.

    Walk around the picture's corners; keep each corner where z > 0, and where z changes sign along
    an edge, the point of that edge where z = 0.
    """
    z = [float(p.z(corner)) for corner in _CORNERS]
    region = []
    for k, (x0, y0) in enumerate(_CORNERS):
        (x1, y1), z0, z1 = _CORNERS[(k + 1) % 4], z[k], z[(k + 1) % 4]
        if z0 > 0:
            region.append((x0, y0))
        if (z0 > 0) != (z1 > 0) and z0 != z1:
            t = z0 / (z0 - z1)
            region.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return region


def _decision_parts(ax):
    """The artists of a decision picture, made once and set by `_show_decision`: shading, line, points."""
    ax.set_facecolor(SHADE_COLOURS[0])
    shading = ax.add_patch(Polygon(_CORNERS, closed=True, facecolor=SHADE_COLOURS[1], edgecolor="none", zorder=0))
    line, = ax.plot([], [], "k--", lw=2.5, zorder=1)
    points = []
    for x in INPUTS:
        dot = ax.scatter(*x, s=900, color=OUTPUT_COLOURS[0], edgecolor="black", lw=1.5, zorder=2)
        label = ax.text(*x, "", color="white", fontsize=BIG + 2, weight="bold", ha="center", va="center", zorder=3)
        ring = ax.scatter(*x, s=2000, facecolor="none", edgecolor="#c62828", lw=4, zorder=4, visible=False)
        wrong = ax.text(x[0], x[1] - 0.24, TEXT["wrong"], color="#c62828", fontsize=BIG, weight="bold",
                        ha="center", va="top", zorder=4, visible=False)
        points.append((dot, label, ring, wrong))
    ax.set_xlim(*_LIMITS)
    ax.set_ylim(*_LIMITS)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.tick_params(labelsize=BIG)
    ax.set_xlabel(TEXT["axis_x1"])
    ax.set_ylabel(TEXT["axis_x2"])
    ax.set_aspect("equal")
    return shading, line, points


def _show_decision(parts, p, target=None):
    """Set a decision picture's artists for perceptron `p` (and `target`, see `plot_decision`)."""
    shading, line, points = parts
    if isinstance(target, str):
        target = GATES[target]
    w1, w2 = (float(v) for v in p.weights)
    region = fires_region(p)
    shading.set_visible(len(region) > 2)
    if len(region) > 2:
        shading.set_xy(region)
    if w2 != 0:
        line.set_data(_GRID, (p.threshold - w1 * _GRID) / w2)
    elif w1 != 0:
        line.set_data([p.threshold / w1] * 2, list(_LIMITS))
    else:
        line.set_data([], [])
    for k, (x, (dot, label, ring, wrong)) in enumerate(zip(INPUTS, points)):
        out = p(x)
        shown = out if target is None else int(target[k])
        dot.set_facecolor(OUTPUT_COLOURS[shown])
        label.set_text(str(shown))
        ring.set_visible(target is not None and out != shown)
        wrong.set_visible(target is not None and out != shown)


@lru_cache(maxsize=2)
@projector
def _perceptron_picture(lang):
    """The slider's figure, built once per language; `show_perceptron` sets its artists."""
    fig = Figure(figsize=(6.5, 6.5))
    ax = fig.subplots()
    parts = _decision_parts(ax)
    ax.set_title(TEXT("title", w1=0.0, w2=0.0, threshold=0.0, bias=0.0, name=TEXT["sliders"]["w1"]))
    ax.legend(handles=[Patch(color=OUTPUT_COLOURS[1], label=TEXT("output", out=1)),
                       Patch(color=OUTPUT_COLOURS[0], label=TEXT("output", out=0))],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    shading, line, points = parts
    moving = [shading, line, *(artist for point in points for artist in point), ax.title]
    return Picture(fig, moving), ax, parts


def show_perceptron(w1, w2, threshold):
    """Slider callback: the perceptron with weights w1, w2 and this threshold (bias b = −threshold).

    Returns a View: its truth table and the gate it computes, and a picture of its four points and its line.
    """
    p = Perceptron([w1, w2], threshold=threshold)
    name = p.gate_label()
    values = dict(w1=_clean(w1), w2=_clean(w2), threshold=_clean(threshold), bias=_clean(p.bias), name=name)
    lines = [TEXT("setting", **values), truth_table_text(p), TEXT("gate", **values)]
    if w1 == 0 and w2 == 0:
        lines.append(TEXT["no_line"])
    picture, ax, parts = _perceptron_picture(language())
    with picture.lock:
        _show_decision(parts, p)
        ax.title.set_text(TEXT("title", **values))
        return View("\n".join(lines), picture)


def perceptron_sliders(w1=-2.0, w2=-2.0, threshold=-3.0):
    """The three sliders for `show_perceptron` (start: the NAND perceptron), as keyword arguments."""
    from ipywidgets import FloatSlider, Layout

    def make(value, low, high, description):
        return FloatSlider(value=value, min=low, max=high, step=0.5, description=description,
                           readout_format=".1f", continuous_update=True, layout=Layout(width="480px"))

    names = TEXT["sliders"]
    return dict(w1=make(w1, -3, 3, names["w1"]), w2=make(w2, -3, 3, names["w2"]),
                threshold=make(threshold, -4, 4, names["threshold"]))


@projector
def show_xor_attempts(attempts=((1, 1, 0.5), (-1, -1, -1.5), (1, -1, 0.5))):
    """XOR's four points with a few perceptron lines (w1, w2, threshold): each one gets a point wrong."""
    fig, axes = plt.subplots(1, len(attempts), figsize=(5 * len(attempts), 5.8), layout="constrained")
    for ax, (w1, w2, threshold) in zip(np.atleast_1d(axes), attempts):
        p = Perceptron([w1, w2], threshold=threshold)
        wrong = sum(p(x) != t for x, t in zip(INPUTS, GATES["XOR"]))
        plot_decision(p, ax, target="XOR", title=TEXT["xor"]("attempt", name=p.gate_label(), wrong=wrong))
    fig.suptitle(TEXT["xor"]["title"], fontsize=BIG + 1)
    plt.show()


def circuit_title(circuit):
    """The title of the lesson's drawing of a circuit: "xor" (XOR from NAND) or "adder" (the one-bit adder)."""
    titles = TEXT["circuit_titles"]
    if circuit not in titles:
        raise ValueError(TEXT["errors"]("circuit", circuit=repr(circuit), known=", ".join(map(repr, titles))))
    return titles[circuit]


def search_line(gate, found):
    """One line of the grid search: how many perceptrons `found` (rows w1, w2, b) compute `gate`, and the first.

    The gates' names are right-aligned, so that the counts of AND, OR, NAND, NOR, XOR and XNOR
    stand in one column in every language.
    """
    text = TEXT["search"]
    example = text("example", w1=found[0][0], w2=found[0][1], b=found[0][2]) if len(found) else ""
    width = max(5, *(_width(gate_label(g)) for g in ("AND", "OR", "NAND", "NOR", "XOR", "XNOR")))
    return text("line", gate=_rjust(gate_label(gate), width), count=len(found), example=example)


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


@exercise
def check_gate(gate, weights, bias):
    """Does the perceptron with these two weights and this bias compute `gate` ("AND", "OR", …)?"""
    text = TEXT["gates"]
    w = take_answer(weights, text["what_weights"], size=2, blank=text["blank"])
    b = take_answer(bias, text["what_bias"], finite=True, blank=text["blank"])
    p = Perceptron(w, bias=b)
    outputs = tuple(p(x) for x in INPUTS)
    want = GATES[gate]
    described = text("described", w1=_fmt(w[0]), w2=_fmt(w[1]), b=_fmt(b))
    if outputs == want:
        return right(text("right", described=described, gate=gate_label(gate), outputs=", ".join(map(str, outputs))))
    problems = []
    tie = False
    for x, out, need in zip(INPUTS, outputs, want):
        if out != need:
            z = float(p.z(x)) + 0.0
            tie |= z == 0
            sign = ">" if z > 0 else "≤"
            problems.append(text("problem", x1=x[0], x2=x[1], z=z, sign=sign, out=out, gate=gate_label(gate),
                                 need=need))
    message = text("not_yet", described=described, actual=gate_label(gate_name(outputs)), gate=gate_label(gate),
                   problems=text["problems_joined_by"].join(problems))
    if tie:
        message += text["tie"]
    if tuple(Perceptron(w, bias=-b)(x) for x in INPUTS) == want:
        message += text("threshold_given", bias=_fmt(-b))
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
    text = TEXT["scaling"]
    if not callable(scaled):
        return not_yet(text("not_callable", kind=type(scaled).__name__, value=f"{scaled!r:.60}"))
    for w, b, c in SCALING_CASES:
        p = Perceptron(w, bias=b)  # a fresh one each time: a faulty `scaled` may change it
        before = (p.weights.copy(), p.bias)
        try:
            q = scaled(p, c)
        except Exception as error:  # the student's code failed: say how, don't crash
            return not_yet(text("raised", p=repr(p), c=c, error=type(error).__name__, message=error))
        if not (np.array_equal(p.weights, before[0]) and p.bias == before[1]):
            return not_yet(text["changed_p"])
        if q is ...:
            return not_yet(text["returns_ellipsis"])
        if q is None:
            return not_yet(text["returns_none"])
        if not isinstance(q, Perceptron):
            return not_yet(text("not_perceptron", kind=type(q).__name__, value=f"{q!r:.60}"))
        weights_ok = q.weights.shape == p.weights.shape and np.allclose(q.weights, c * p.weights)
        bias_ok = np.isclose(q.bias, c * p.bias)
        if not (weights_ok and bias_ok):
            wrong = "both" if not (weights_ok or bias_ok) else "weights" if not weights_ok else "bias"
            message = text["wrong"](wrong, p=repr(p), c=c, q=repr(q), w1=_fmt(c * p.weights[0]),
                                    w2=_fmt(c * p.weights[1]), b=_fmt(c * p.bias))
            changed = [x for x in INPUTS if p(x) != q(x)] if q.weights.shape == p.weights.shape else []
            if changed:
                message += text("output_changed", x=changed[0])
            return not_yet(message)
        if any(p(x) != q(x) for x in INPUTS):  # cannot happen for c > 0; kept as an honest check
            return not_yet(text("table_changed", p=repr(p), c=c))
    return right(text["right"])


def _words(text):
    """A gate's name as typed, reduced for comparing: no case, no spaces, no brackets, no word "gate"."""
    text = "".join(text.split()).upper()
    for bracket in "()（）":
        text = text.replace(bracket, " ")
    return [part.removesuffix("GATE").removesuffix("门") for part in text.split()]


def gate_from_text(text):
    """The key of the gate a student named in `text`, or None if it names no gate.

    Takes the key in any case ("or", "NAND", "x1 and not x2") or the gate's name in any language
    nnbook speaks, whole or in part ("与非门（NAND）", "与非门", "与非", "NAND gate").
    """
    if not isinstance(text, str):
        return None
    typed = "".join(_words(text))
    if not typed:
        return None
    for key in GATES:
        labels = words.gate_names(key)
        names = {"".join(_words(key))} | {part for label in labels for part in _words(label)}
        names |= {"".join(_words(label)) for label in labels}
        if typed in names:
            return key
    return None


def check_negative_scaling(answer):
    """Exercise: which gate does the NAND perceptron compute after multiplying w and b by c = −1?"""
    flipped = Perceptron(-nand_perceptron().weights, bias=-nand_perceptron().bias)
    want = flipped.gate_name()
    text = TEXT["flip"]
    if answer is ...:
        return not_yet(text["blank"])
    if not isinstance(answer, str):
        return not_yet(text("not_text", value=repr(answer)))
    key = gate_from_text(answer)  # "and", "AND", "与门", "与门（AND）" … all name the key "AND"
    if key == want:
        return right(text("right", outputs=", ".join(str(flipped(x)) for x in INPUTS), gate=gate_label(want)))
    if key == "NAND":
        return not_yet(text["nand"])
    if key is None:
        return not_yet(text("unknown", value=repr(answer),
                            gates=text["gates_joined_by"].join(gate_label(g) for g in sorted(GATES))))
    return not_yet(text("wrong", answer=answer.strip()))
