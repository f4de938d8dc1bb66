"""Lesson 02, sigmoid neurons: from the perceptron's step to the sigmoid's smooth curve.

Three slider callbacks, each also meant to be called with fixed values; each returns a View
(`nnbook.explorer`: the text and the figure its explorer shows):

* `show_wheel(w)` — the steering-wheel story: one weight of a small network, nudged in
  steps of 0.001; the perceptron network's output jumps, the sigmoid twin's output glides.
* `show_sigmoid_neuron(w, b)` — one sigmoid neuron's output σ(w·x + b) against its input x,
  beside the perceptron's step; a huge w makes the curve a step again.
* `show_small_change(dw1, dw2, db)` — the real change of a neuron's output against the
  estimate Δa ≈ Σ_j ∂a/∂w_j Δw_j + ∂a/∂b Δb.
* `show_circuit(c, bias)` — sigmoid neurons simulating a network of perceptrons: lesson 01's XOR of four NAND gates
  (weights −2, −2, bias b), every weight and bias times c, as perceptrons and as sigmoid neurons, on every input.

Each has a `…_slider(s)` function that makes its sliders.

Exercises: `check_sigma_zero`, `check_limits`, `check_huge_c` (a sigmoid neuron that acts as
the NAND perceptron), `check_estimate` (a small-change estimate by hand) and `check_stuck` (the bias, input and gate
where a z of exactly 0 keeps the sigmoid circuit from the perceptron circuit, however large c).

Every word a student reads comes from the catalogue `l02_sigmoid_neurons` (nnbook/locales/), in
the language in use; pure maths (w, b = -8, Δw1) is written here.
"""

import math
from functools import lru_cache
from itertools import product

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..diagrams import draw_layers
from ..explorer import Picture, View
from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue, language
from ..perceptron import Perceptron, PerceptronCircuit, nand_perceptron
from ..plots import BIG, projector
from ..sigmoid import sigmoid, sigmoid_prime, step

PERCEPTRON_COLOUR = "#ef6c00"
SIGMOID_COLOUR = "#1565c0"
MARK_COLOUR = "#c62828"

#: What a student reads here (tables, figure labels, slider names, exercise feedback), in the language in use:
#: nnbook/locales/*/l02_sigmoid_neurons.toml.
TEXT = catalogue("l02_sigmoid_neurons")


def _clean(v):
    """A float without the minus sign of −0.0."""
    return float(v) + 0.0


# --- the steering wheel -----------------------------------------------------------------------

#: The steering-wheel network gets inputs x1 = x2 = 1; the slider moves the weight w from x1 to h1.
WHEEL_INPUT = np.array([1.0, 1.0])
#: The range of the nudged weight: the perceptron network's output flips at w = 4.
WHEEL_RANGE = (3.0, 5.0)
WHEEL_STEP = 0.001


def wheel_network(w):
    """The steering-wheel network's [(weights, biases), …], layer by layer, with weights shaped (n_out, n_in).

    Hidden neuron h1 has weights (w, 4) and bias −8, so with x1 = x2 = 1 its z is w − 4;
    h2 has weights (4, 4) and bias −4; the output neuron has weights (6, 6) and bias −9
    (as a perceptron: "h1 AND h2").
    """
    return [(np.array([[w, 4.0], [4.0, 4.0]]), np.array([-8.0, -4.0])),
            (np.array([[6.0, 6.0]]), np.array([-9.0]))]


def wheel_feedforward(w, activation):
    """The activations [hidden (h1, h2), output (a,)] of the wheel network with `activation` = step or sigmoid.

    Each layer turns a into activation(W @ a + b) — the same loop as Network.feedforward,
    which always uses sigmoid.
    """
    a, activations = WHEEL_INPUT, []
    for W, b in wheel_network(w):
        a = activation(W @ a + b)
        activations.append(a)
    return activations


def draw_wheel_network():
    """The steering-wheel network: weights on the connections, biases under the neurons."""
    (W1, b1), (W2, b2) = wheel_network(np.nan)
    edges = [(src, dst, W1[j, k] if not np.isnan(W1[j, k]) else 1.0, "w" if np.isnan(W1[j, k]) else f"{W1[j, k]:g}")
             for j, dst in enumerate(["h1", "h2"]) for k, src in enumerate(["x1", "x2"])]
    edges += [(src, "out", W2[0, k]) for k, src in enumerate(["h1", "h2"])]
    notes = {"h1": f"b = {b1[0]:g}", "h2": f"b = {b1[1]:g}", "out": f"b = {b2[0]:g}",
             "x1": "x1 = 1", "x2": "x2 = 1"}
    return draw_layers([["x1", "x2"], ["h1", "h2"], ["out"]], edges, edge_labels=True, notes=notes,
                       labels={"out": TEXT["wheel_output_node"]}, title=TEXT["wheel_network_title"],
                       figsize=(8, 4.5))


def _wheel_values(w):
    w = round(float(w), 3)  # the slider moves in steps of 0.001: no float noise near the flip at 4
    (h_p, out_p), (h_s, out_s) = wheel_feedforward(w, step), wheel_feedforward(w, sigmoid)
    return w, h_p, int(out_p[0]), h_s, float(out_s[0])


def wheel_table(ws=(3.998, 3.999, 4.0, 4.001, 4.002)):
    """Print both networks' outputs for a few values of the nudged weight w."""
    print(TEXT["wheel_table_head"])
    for w in ws:
        w, _, out_p, _, out_s = _wheel_values(w)
        print(f"{w:7.3f} | {out_p:>18} | {out_s:15.4f}")  # the head's columns: 7, 18 and 15 wide


@lru_cache(maxsize=1)
def _wheel_curves():
    """Both networks' output for 2001 values of w across the slider's range (computed once)."""
    grid = np.linspace(*WHEEL_RANGE, 2001)
    return grid, {f: np.array([wheel_feedforward(v, f)[1][0] for v in grid]) for f in (step, sigmoid)}


@lru_cache(maxsize=2)
@projector
def _wheel_picture(lang):
    """The wheel's figure, built once per language: both curves, and the marks `show_wheel` moves."""
    grid, curves = _wheel_curves()
    fig = Figure(figsize=(12, 4.6), layout="constrained")
    marks = []
    for ax, f, colour in zip(fig.subplots(1, 2), (step, sigmoid), (PERCEPTRON_COLOUR, SIGMOID_COLOUR)):
        ax.plot(grid, curves[f], color=colour, lw=3)
        dot, = ax.plot([], [], "o", color=MARK_COLOUR, ms=14, zorder=3)
        line = ax.axvline(WHEEL_RANGE[0], color=MARK_COLOUR, lw=1, ls=":")
        ax.set_xlim(*WHEEL_RANGE)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel(TEXT["wheel_xlabel"])
        ax.set_ylabel(TEXT["wheel_ylabel"])
        ax.set_title(TEXT["wheel_title"].format(name=TEXT["wheel_name_sigmoid"], out="0.0000", w=4.0))
        ax.grid(alpha=0.3)
        marks.append((ax, dot, line))
    return Picture(fig, [artist for ax, dot, line in marks for artist in (dot, line, ax.title)]), marks


def show_wheel(w):
    """Slider callback: both networks' outputs at this value of the nudged weight w, and as curves of w (a View)."""
    w, h_p, out_p, h_s, out_s = _wheel_values(w)
    text = "\n".join([TEXT["wheel_weight"].format(w=w),
                      TEXT["wheel_perceptron"].format(h1=int(h_p[0]), h2=int(h_p[1]), out=out_p),
                      TEXT["wheel_sigmoid"].format(h1=h_s[0], h2=h_s[1], out=out_s)])
    picture, marks = _wheel_picture(language())
    with picture.lock:
        for (ax, dot, line), name, out in zip(marks, (TEXT["wheel_name_perceptron"], TEXT["wheel_name_sigmoid"]),
                                              (f"{out_p}", f"{out_s:.4f}")):
            dot.set_data([w], [float(out)])
            line.set_xdata([w, w])
            ax.title.set_text(TEXT["wheel_title"].format(name=name, out=out, w=w))
        return View(text, picture)


def wheel_slider(value=3.995):
    """The slider for `show_wheel`: the nudged weight w, in steps of 0.001 (arrow keys move one step)."""
    from ipywidgets import FloatSlider, Layout

    return FloatSlider(value=value, min=WHEEL_RANGE[0], max=WHEEL_RANGE[1], step=WHEEL_STEP, description=TEXT["wheel_slider"],
                       readout_format=".3f", layout=Layout(width="600px"))


# --- the sigmoid curve --------------------------------------------------------------------------

@projector
def plot_sigmoid_vs_step():
    """σ(z) and the perceptron's step(z) on one plot, z from −8 to 8."""
    z = np.linspace(-8, 8, 1601)
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    ax.plot(z, step(z), color=PERCEPTRON_COLOUR, lw=3, label=TEXT["curve_step_label"])
    ax.plot(z, sigmoid(z), color=SIGMOID_COLOUR, lw=3, label=TEXT["curve_sigmoid_label"])
    ax.plot([0], [0.5], "o", color=SIGMOID_COLOUR, ms=9)
    ax.annotate("σ(0) = 0.5", (0, 0.5), (1.2, 0.38), fontsize=BIG, arrowprops=dict(arrowstyle="->"))
    ax.set_xlabel(TEXT["curve_xlabel"])
    ax.set_ylabel(TEXT["curve_ylabel"])
    ax.set_title(TEXT["curve_title"], fontsize=BIG + 1)
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    plt.show()


#: Where `show_sigmoid_neuron` prints the outputs.
SAMPLE_XS = (-1.0, -0.5, 0.0, 0.5, 1.0)


#: The inputs x that `show_sigmoid_neuron` draws the neuron's output for.
NEURON_XS = np.linspace(-2, 2, 2001)


@lru_cache(maxsize=2)
@projector
def _neuron_picture(lang):
    """The one-input neuron's figure, built once per language; `show_sigmoid_neuron` moves its curves."""
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.subplots()
    steps, = ax.plot(NEURON_XS, NEURON_XS * 0, color=PERCEPTRON_COLOUR, lw=2.5, ls="--",
                     label=TEXT["neuron_step_label"], zorder=3)
    curve, = ax.plot(NEURON_XS, NEURON_XS * 0, color=SIGMOID_COLOUR, lw=3, label=TEXT["neuron_sigmoid_label"])
    half = ax.axvline(0, color="gray", lw=1, ls=":")
    ax.set_xlim(-2, 2)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(TEXT["neuron_xlabel"])
    ax.set_ylabel(TEXT["neuron_ylabel"])
    ax.set_title(TEXT["neuron_title"].format(w=1.0, b=0.0), fontsize=BIG + 1)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left").set_animated(True)  # drawn over the moving curves
    return Picture(fig, [steps, curve, half, ax.title, ax.get_legend()]), (ax, steps, curve, half)


def show_sigmoid_neuron(w, b):
    """Slider callback: a one-input sigmoid neuron's output σ(w·x + b) for x from −2 to 2, beside the step (a View)."""
    lines = [TEXT["neuron_setting"].format(w=_clean(w), b=_clean(b))]
    for x in SAMPLE_XS:
        z = w * x + b
        lines.append(TEXT["neuron_row"].format(x=x, a=sigmoid(z), step=int(step(z))))
    crossing = _clean(-b / w)
    lines.append(TEXT["neuron_half"].format(crossing=crossing))
    picture, (ax, steps, curve, half) = _neuron_picture(language())
    with picture.lock:
        steps.set_ydata(step(w * NEURON_XS + b))
        curve.set_ydata(sigmoid(w * NEURON_XS + b))
        half.set_xdata([crossing, crossing])
        half.set_visible(-2 <= crossing <= 2)
        ax.title.set_text(TEXT["neuron_title"].format(w=_clean(w), b=_clean(b)))
        return View("\n".join(lines), picture)


def sigmoid_sliders(w=1.0, b=0.0):
    """Sliders for `show_sigmoid_neuron`: w on a log scale from 0.1 to 1000, b from −10 to 10."""
    from ipywidgets import FloatLogSlider, FloatSlider, Layout

    return dict(w=FloatLogSlider(value=w, base=10, min=-1, max=3, step=0.1, description="w",
                                 readout_format=".3g", layout=Layout(width="500px")),
                b=FloatSlider(value=b, min=-10, max=10, step=0.5, description="b", readout_format=".1f",
                              layout=Layout(width="500px")))


# --- small changes in, small changes out ---------------------------------------------------------

#: The neuron of the small-change widget: the NAND perceptron's weights and bias, fed inputs in [0, 1].
NEURON_X = np.array([0.619, 0.987])
NEURON_W = np.array([-2.0, -2.0])
NEURON_B = 3.0


def small_change(dw1, dw2, db, x=NEURON_X, w=NEURON_W, b=NEURON_B):
    """The estimate Σ_j ∂a/∂w_j Δw_j + ∂a/∂b Δb and the real change of a = σ(w·x + b).

    For one sigmoid neuron ∂a/∂w_j = σ'(z)·x_j and ∂a/∂b = σ'(z).  Returns a dict with z,
    a, the partial derivatives, estimate and real.
    """
    z = float(w @ x + b)
    slope = sigmoid_prime(z)
    partials = {"w1": slope * x[0], "w2": slope * x[1], "b": slope}
    estimate = partials["w1"] * dw1 + partials["w2"] * dw2 + partials["b"] * db
    z_new = float((w + np.array([dw1, dw2])) @ x + b + db)
    return dict(z=z, a=sigmoid(z), partials=partials, dz=z_new - z,
                estimate=_clean(estimate), real=_clean(sigmoid(z_new) - sigmoid(z)))


def change_table(sizes=(1.0, 0.1, 0.01, 0.001, 0.0001)):
    """Print estimate and real change when w1, w2 and b are all nudged by the same t, and how fast the error shrinks."""
    print(TEXT["change_table_head"])
    before = None
    for t in sizes:
        c = small_change(t, t, t)
        error = abs(c["estimate"] - c["real"])
        shrink = TEXT["change_table_shrink"].format(ratio=before / error) if before else ""
        print(f"{t:>14g} | {c['estimate']:+.6f} | {c['real']:+.6f} | {error:.2e} | {shrink}".rstrip())
        before = error


#: The weighted inputs z that `show_small_change` draws σ over.
CHANGE_ZS = np.linspace(-6, 6, 1201)


@lru_cache(maxsize=2)
@projector
def _change_picture(lang):
    """The small-change figure, built once per language: σ's curve, and the tangent and marks that move."""
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    ax.plot(CHANGE_ZS, sigmoid(CHANGE_ZS), color=SIGMOID_COLOUR, lw=3, label=TEXT["change_curve"])
    tangent, = ax.plot(CHANGE_ZS, CHANGE_ZS * 0, color="gray", lw=2, ls="--", label=TEXT["change_tangent"])
    start, = ax.plot([0], [0.5], "o", color="black", ms=10, label=TEXT["change_start_mark"])
    real, = ax.plot([0], [0.5], "o", color=SIGMOID_COLOUR, ms=12, label=TEXT["change_real_mark"])
    estimate, = ax.plot([0], [0.5], "s", color="gray", ms=11, label=TEXT["change_estimate_mark"])
    ax.set_xlim(-6, 6)
    ax.set_ylim(-0.3, 1.3)
    ax.set_xlabel(TEXT["change_xlabel"])
    ax.set_ylabel(TEXT["change_ylabel"])
    ax.set_title(TEXT["change_title"].format(real=0.0, estimate=0.0), fontsize=BIG + 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=BIG - 3, loc="upper left").set_animated(True)  # drawn over the moving marks
    moving = [tangent, start, real, estimate, ax.title, ax.get_legend()]
    return Picture(fig, moving), (ax, tangent, start, real, estimate)


def show_small_change(dw1, dw2, db):
    """Slider callback: nudge w1, w2 and b of the neuron a = σ(w·x + b) with x = (0.619, 0.987), w = (−2, −2), b = 3.

    Returns a View: the estimate Δa ≈ Σ ∂a/∂w_j Δw_j + ∂a/∂b Δb against the real change, and both on σ's curve.
    """
    c = small_change(dw1, dw2, db)
    p = c["partials"]
    text = "\n".join([TEXT["change_setting"].format(dw1=_clean(dw1), dw2=_clean(dw2), db=_clean(db)),
                      TEXT["change_start"].format(z=c["z"], a=c["a"]),
                      TEXT["change_partials"].format(**p),
                      TEXT["change_estimate"].format(estimate=c["estimate"]),
                      TEXT["change_real"].format(real=c["real"]),
                      TEXT["change_error"].format(error=abs(c["estimate"] - c["real"]))])
    z0, a0, slope = c["z"], c["a"], p["b"]
    z1 = z0 + c["dz"]
    picture, (ax, tangent, start, real, estimate) = _change_picture(language())
    with picture.lock:
        tangent.set_ydata(a0 + slope * (CHANGE_ZS - z0))
        start.set_data([z0], [a0])
        real.set_data([z1], [a0 + c["real"]])
        estimate.set_data([z1], [a0 + c["estimate"]])
        ax.title.set_text(TEXT["change_title"].format(real=c["real"], estimate=c["estimate"]))
        return View(text, picture)


def change_sliders():
    """Sliders for `show_small_change`: Δw1, Δw2 and Δb from −1 to 1 in steps of 0.01."""
    from ipywidgets import FloatSlider, Layout

    return {name: FloatSlider(value=0.1 if name == "dw1" else 0.0, min=-1, max=1, step=0.01, description=label,
                              readout_format="+.2f", layout=Layout(width="500px"))
            for name, label in [("dw1", "Δw1"), ("dw2", "Δw2"), ("db", "Δb")]}


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

INPUTS = list(product((0, 1), repeat=2))


@exercise
def check_sigma_zero(answer):
    """Exercise: what is σ(0)?"""
    v = take_answer(answer, TEXT["sigma_zero"]["what"])
    if math.isclose(v, 0.5, abs_tol=1e-9):
        return right(TEXT["sigma_zero"]["right"])
    if v in (0.0, 1.0):
        return not_yet(TEXT["sigma_zero"]("perceptron", v=v))
    return not_yet(TEXT["sigma_zero"]("wrong", v=v))


@exercise
def check_limits(large_z, small_z):
    """Exercise: what does σ(z) approach as z → +∞ (`large_z`) and as z → −∞ (`small_z`)?"""
    text = TEXT["limits"]
    hi = take_answer(large_z, text["what_large"])
    lo = take_answer(small_z, text["what_small"])
    if (hi, lo) == (1.0, 0.0):
        return right(text["right"])
    if (hi, lo) == (0.0, 1.0):
        return not_yet(text["swapped"])
    wrong = []
    if hi != 1.0:
        wrong.append(text("large_wrong", hi=hi))
    if lo != 0.0:
        wrong.append(text("small_wrong", lo=lo))
    return not_yet(text("ending", wrong=text["separator"].join(wrong)))


#: How close (at most) the scaled sigmoid neuron must come to the NAND perceptron on every input.
HUGE_C_TOLERANCE = 0.01


@exercise
def check_huge_c(c):
    """Exercise: a factor c so that the sigmoid neuron with weights c·(−2, −2) and bias c·3 acts as NAND.

    Right when its output is within 0.01 of the NAND perceptron's on all four binary inputs.
    """
    text = TEXT["huge_c"]
    v = take_answer(c, text["what"])
    if not v > 0:
        return not_yet(text("positive", v=v))
    nand = nand_perceptron()
    rows, worst = [], (0.0, None)
    for x in INPUTS:
        z = float(nand.z(x))
        a = sigmoid(v * z)
        gap = abs(a - nand(x))
        rows.append(text("row", x=f"{x[0]}{x[1]}", a=a))
        if gap > worst[0]:
            worst = (gap, x, a, nand(x))
    shown = text["separator"].join(rows)
    if worst[0] <= HUGE_C_TOLERANCE + 1e-12:  # c = ln 99 reaches 0.99 exactly, up to rounding
        return right(text("right", v=v, shown=shown))
    _, x, a, want = worst
    return not_yet(text("too_small", v=v, shown=shown, x=f"{x[0]}{x[1]}", a=a, want=want))


#: The nudge of the estimate exercise, on the small-change neuron (NEURON_X, NEURON_W, NEURON_B): Δw1 = 0.02.
ESTIMATE_DW1 = 0.02


#: An estimate rounded to two significant figures (0.0031) still counts as right.
ESTIMATE_TOLERANCE = 5e-5
#: An estimate this close (a share of it) is told to keep more digits (σ' ≈ 0.25 and x1 ≈ 0.6 give 0.003).
ESTIMATE_CLOSE = 0.1


@exercise
def check_estimate(answer):
    """Exercise: estimate Δa for Δw1 = 0.02 (Δw2 = Δb = 0) from ∂a/∂w1 = σ'(z)·x1."""
    text = TEXT["estimate"]
    v = take_answer(answer, text["what"])
    change = small_change(ESTIMATE_DW1, 0.0, 0.0)
    slope, estimate, real = change["partials"]["b"], change["estimate"], change["real"]
    if abs(v - estimate) <= ESTIMATE_TOLERANCE or abs(v - real) <= ESTIMATE_TOLERANCE:
        return right(text("right", slope=slope, estimate=estimate, real=real))
    if abs(v - estimate) <= ESTIMATE_CLOSE * estimate:
        return not_yet(text("close", slope=slope))
    if abs(v - slope * ESTIMATE_DW1) <= ESTIMATE_TOLERANCE:
        return not_yet(text["bias_rule"])
    if abs(v - slope * NEURON_X[1] * ESTIMATE_DW1) <= ESTIMATE_TOLERANCE:
        return not_yet(text["other_input"])
    if abs(v - NEURON_X[0] * ESTIMATE_DW1) <= ESTIMATE_TOLERANCE or abs(v - ESTIMATE_DW1) <= ESTIMATE_TOLERANCE:
        return not_yet(text["no_slope"])
    if abs(v + estimate) <= ESTIMATE_TOLERANCE:
        return not_yet(text["sign"])
    return not_yet(text("wrong", v=v))


# --- sigmoid neurons simulating a network of perceptrons -------------------------------------------

#: The circuit's gates, in the order they run: XOR from four NAND gates (lesson 01), every gate with weights −2, −2.
CIRCUIT_GATES = ("n1", "n2", "n3", "xor")
GATE_WEIGHTS = (-2.0, -2.0)
#: The gates' bias b: the NAND perceptron's 3; the slider keeps b in (2, 4], where each gate is still NAND.
CIRCUIT_BIAS = 3.0
BIAS_RANGE = (2.25, 4.0)
BIAS_STEP = 0.25
#: The scale factor c of every weight and bias, on a log slider from 0.1 to 100.
C_RANGE = (0.1, 100.0)
#: How close the sigmoid circuit must come to the perceptron circuit on every input ("follows it").
CLOSE = 0.01
#: The values of c the explorer's curves are drawn for (log-spaced across the slider's range).
C_GRID = np.logspace(-1, 2, 301)


def xor_circuit(bias=CIRCUIT_BIAS, c=1.0):
    """XOR wired from four NAND perceptrons (as nnbook.perceptron.xor_from_nand), every weight and bias times c.

    Each gate has weights c·(−2, −2) and bias c·`bias`; `bias` in (2, 4] keeps every gate a NAND.
    """
    circuit = PerceptronCircuit(["x1", "x2"])
    for name, sources in zip(CIRCUIT_GATES, (["x1", "x2"], ["x1", "n1"], ["n1", "x2"], ["n2", "n3"])):
        circuit.add(name, Perceptron([c * w for w in GATE_WEIGHTS], bias=c * bias), sources)
    circuit.outputs = ["xor"]
    return circuit


def perceptron_signals(bias, x, c=1.0):
    """Every gate's z and output in the perceptron circuit (weights and biases times c) on input x = (x1, x2).

    Returns {gate: (z, output)}; z is computed exactly (the weights, bias and 0/1 signals are small binary fractions).
    """
    circuit = xor_circuit(bias, c)
    signals = circuit.run(*x)
    return {name: (float(p.z([signals[s] for s in sources])), signals[name])
            for name, (p, sources) in circuit.nodes.items()}


def sigmoid_signals(bias, x, c, fixed=None):
    """Every gate's output in the same circuit made of sigmoid neurons: σ(c·(w·a + b)) gate by gate.

    `c` may be a number or an array of values of c (then each output is an array, one per c).  `fixed` ({gate:
    output}) puts a given output in place of a gate's σ: e.g. its perceptron's, to see whether that gate is the one
    that holds the circuit's output away.
    """
    fixed = fixed or {}
    signals = {"x1": float(x[0]), "x2": float(x[1])}
    for name, weights, b, sources in _gates(float(bias)):
        z = sum(w * signals[s] for w, s in zip(weights, sources)) + b
        signals[name] = fixed[name] if name in fixed else sigmoid(np.multiply(c, z))
    return {name: signals[name] for name in CIRCUIT_GATES}


@lru_cache(maxsize=64)
def _gates(bias):
    """The circuit's gates (c = 1) as (name, weights, bias, sources), read once per bias from `xor_circuit`."""
    return tuple((name, tuple(float(w) for w in p.weights), p.bias, tuple(sources))
                 for name, (p, sources) in xor_circuit(bias).nodes.items())


@lru_cache(maxsize=64)
def _perceptron_outputs(bias):
    """The perceptron circuit's output on each input 00, 01, 10, 11 (c = 1; any c > 0 gives the same)."""
    return tuple(perceptron_signals(bias, x)["xor"][1] for x in INPUTS)


def circuit_outputs(bias, c):
    """For every input 00, 01, 10, 11: (input, the perceptron circuit's output (weights × c), the sigmoid circuit's)."""
    return [(x, perceptron_signals(bias, x, c)["xor"][1], float(sigmoid_signals(bias, x, c)["xor"])) for x in INPUTS]


def largest_gap(bias, c):
    """The largest |sigmoid circuit − perceptron circuit| over the four inputs, at this c (a number or an array)."""
    return np.max([np.abs(sigmoid_signals(bias, x, c)["xor"] - want)
                   for x, want in zip(INPUTS, _perceptron_outputs(float(bias)))], axis=0)


def zero_gates(bias):
    """The (input, gate) pairs where a gate of the perceptron circuit has z exactly 0."""
    return [(x, name) for x in INPUTS for name, (z, _) in perceptron_signals(bias, x).items() if z == 0]


def follows_from(bias, tolerance=CLOSE):
    """The smallest c from which the sigmoid circuit is within `tolerance` of the perceptron circuit on every input.

    None when it never comes that close for c up to the slider's end, 100. Found by bisection, to 0.0001: the gap
    crosses `tolerance` once, from above to below, as c grows (tests/test_lesson02.py checks it along C_GRID).
    """
    lo, hi = C_RANGE
    if largest_gap(bias, hi) > tolerance:
        return None
    while hi - lo > 1e-4:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if largest_gap(bias, mid) > tolerance else (lo, mid)
    return hi


def _input_name(x):
    return f"{x[0]}{x[1]}"


def circuit_table(bias=CIRCUIT_BIAS, cs=(1, 2, 5, 10, 100)):
    """Print, for a few values of c, the sigmoid circuit's output on every input, beside the perceptron circuit's."""
    lines = [TEXT["circuit_table_head"]]
    for c in cs:
        rows = circuit_outputs(bias, c)
        lines.append(f"{c:>5g} | " + " | ".join(f"{_input_name(x)}: {p} {s:.4f}" for x, p, s in rows)
                     + f" | {largest_gap(bias, c):.4f}")
    print("\n".join(lines))


def follows_table(biases=(2.5, 3.0, 3.5, 3.75)):
    """Print, for a few gate biases b, the c from which the sigmoid circuit follows the perceptron circuit (within 0.01)."""
    lines = []
    for b in biases:
        c = follows_from(b)
        lines.append(TEXT("circuit_follows", b=b, c=c) if c is not None else TEXT("circuit_never", b=b, c=C_RANGE[1]))
    print("\n".join(lines))  # in one piece: a slow bisection must not split the printout into two outputs


#: The colours of the four inputs' curves.
INPUT_COLOURS = ("#1565c0", "#2e7d32", "#6a1b9a", "#c62828")


@lru_cache(maxsize=2)
@projector
def _circuit_picture(lang):
    """The circuit's figure, built once per language: each input's sigmoid output against c, the perceptron's level."""
    fig = Figure(figsize=(10, 5), layout="constrained")
    ax = fig.subplots()
    curves, levels, dots = [], [], []
    for x, colour, width in zip(INPUTS, INPUT_COLOURS, (3, 6, 2.5, 3)):  # 01 and 10 give the same curve: 10 on top
        name = _input_name(x)
        curve, = ax.plot(C_GRID, C_GRID * 0, color=colour, lw=width, label=TEXT["circuit_curve"].format(x=name))
        level, = ax.plot(C_GRID, C_GRID * 0, color=colour, lw=1.5, ls="--")
        dot, = ax.plot([1.0], [0.5], "o", color=colour, ms=11, zorder=3)
        curves.append(curve), levels.append(level), dots.append(dot)
    line = ax.axvline(1.0, color="gray", lw=1, ls=":")
    ax.set_xscale("log")
    ax.set_xlim(*C_RANGE)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(TEXT["circuit_xlabel"])
    ax.set_ylabel(TEXT["circuit_ylabel"])
    ax.set_title(TEXT["circuit_title"].format(c=1.0, b=CIRCUIT_BIAS), fontsize=BIG)
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", fontsize=BIG - 3).set_animated(True)  # drawn over the moving curves
    moving = [*curves, *levels, *dots, line, ax.title, ax.get_legend()]
    return Picture(fig, moving), (ax, curves, levels, dots, line)


def show_circuit(c, bias=CIRCUIT_BIAS):
    """Slider callback: XOR from NAND gates, every weight and bias times c, as perceptrons and as sigmoid neurons.

    Returns a View: for each input the perceptron circuit's output and the sigmoid circuit's, the largest gap, and
    the sigmoid circuit's output on each input as a curve of c, with the perceptron circuit's output dashed.
    """
    c, bias = float(c), round(float(bias), 2)
    rows = circuit_outputs(bias, c)
    gaps = [abs(s - p) for _, p, s in rows]
    worst = int(np.argmax(gaps))
    lines = [TEXT["circuit_setting"].format(c=c, b=bias, cw=c * GATE_WEIGHTS[0], cb=_clean(c * bias))]
    lines += [TEXT["circuit_row"].format(x=_input_name(x), p=p, s=s) for x, p, s in rows]
    key = "circuit_close" if gaps[worst] <= CLOSE else "circuit_far"
    lines.append(TEXT[key].format(gap=gaps[worst], x=_input_name(rows[worst][0])))
    picture, (ax, curves, levels, dots, line) = _circuit_picture(language())
    with picture.lock:
        for x, curve, level, dot, (_, p, s) in zip(INPUTS, curves, levels, dots, rows):
            curve.set_ydata(sigmoid_signals(bias, x, C_GRID)["xor"])
            level.set_ydata(np.full(C_GRID.shape, float(p)))
            dot.set_data([c], [s])
        line.set_xdata([c, c])
        ax.title.set_text(TEXT["circuit_title"].format(c=c, b=bias))
        return View("\n".join(lines), picture)


def circuit_sliders(c=1.0, bias=CIRCUIT_BIAS):
    """Sliders for `show_circuit`: c on a log scale from 0.1 to 100, the gates' bias b from 2.25 to 4 in steps of 0.25."""
    from ipywidgets import FloatLogSlider, FloatSlider, Layout

    return dict(c=FloatLogSlider(value=c, base=10, min=-1, max=2, step=0.05, description="c",
                                 readout_format=".3g", layout=Layout(width="500px")),
                bias=FloatSlider(value=bias, min=BIAS_RANGE[0], max=BIAS_RANGE[1], step=BIAS_STEP,
                                 description=TEXT["circuit_bias_slider"], readout_format=".2f",
                                 layout=Layout(width="500px")))


def draw_xor_circuit(bias=CIRCUIT_BIAS):
    """The XOR circuit of NAND gates, weights on the connections, every gate's bias under it."""
    from ..diagrams import draw_circuit

    return draw_circuit(xor_circuit(bias), title=TEXT["circuit_drawing_title"],
                        notes={name: f"b = {bias:g}" for name in CIRCUIT_GATES}, figsize=(9, 4))


#: Where exercise 5's sigmoid circuit is looked at: the c slider's end.
STUCK_C = C_RANGE[1]


def _gate_answer(answer):
    """A gate's name as a student may type it ("n1", " N1 ", "xor"), or None."""
    if not isinstance(answer, str):
        return None
    name = answer.strip().lower()
    return name if name in CIRCUIT_GATES else None


@exercise
def check_stuck(bias, x, gate):
    """Exercise: a gate bias b, an input x and a gate where the sigmoid circuit never becomes the perceptron circuit.

    Right when, with every gate's bias at b, that gate's z in the perceptron circuit is exactly 0 on input x, the
    sigmoid circuit's output on x is still more than 0.01 from the perceptron circuit's at c = 100, AND that gate is
    what holds it there: with the gate's perceptron output in place of its 0.5, the circuit's output comes within 0.01.
    (At b = 4 on input 11, n1's z is 0 too, but its 0.5 does no harm: n2 and n3 still go to 1, and it is the output
    gate, whose z is then 0, that stays at 0.5.)
    """
    text = TEXT["stuck"]
    b = take_answer(bias, text["what_bias"], finite=True, blank=text["blank"])
    x = take_answer(x, text["what_input"], size=2, blank=text["blank"])
    if not np.isin(x, (0, 1)).all():
        return not_yet(text("not_binary", x=[_clean(v) for v in x]))
    x = tuple(int(v) for v in x)
    if gate is ...:
        return not_yet(text["blank"])
    name = _gate_answer(gate)
    if name is None:
        return not_yet(text("unknown_gate", gate=repr(gate)[:60], gates=text["gate_separator"].join(CIRCUIT_GATES)))
    if not 2 < b <= 4:
        return not_yet(text("not_nand", b=b))
    if not zero_gates(b):
        c = follows_from(b)
        return not_yet(text("no_zero", b=b, c=c) if c is not None else text("no_zero_slow", b=b, c=STUCK_C))
    z, _ = perceptron_signals(b, x)[name]
    want = perceptron_signals(b, x)["xor"][1]
    out = float(sigmoid_signals(b, x, STUCK_C)["xor"])
    stuck = abs(out - want) > CLOSE
    where = dict(b=b, x=_input_name(x), gate=name, z=_clean(z), c=STUCK_C, out=out, want=want)
    if z != 0:
        return not_yet(text("not_zero", step=int(z > 0), **where))
    if not stuck:
        return not_yet(text("harmless", **where))
    mended = float(sigmoid_signals(b, x, STUCK_C, fixed={name: perceptron_signals(b, x)[name][1]})["xor"])
    if abs(mended - want) > CLOSE:
        return not_yet(text("not_the_cause", mended=mended, **where))
    return right(text("right", **where))
