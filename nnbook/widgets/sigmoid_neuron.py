"""Lesson 02's sliders and pictures: from the perceptron's step to the sigmoid's smooth curve.

Three slider callbacks, each also meant to be called with fixed values:

* `show_wheel(w)` — the steering-wheel story: one weight of a small network, nudged in
  steps of 0.001; the perceptron network's output jumps, the sigmoid twin's output glides.
* `show_sigmoid_neuron(w, b)` — one sigmoid neuron's output σ(w·x + b) against its input x,
  beside the perceptron's step; a huge w makes the curve a step again.
* `show_small_change(dw1, dw2, db)` — the real change of a neuron's output against the
  estimate Δa ≈ Σ_j ∂a/∂w_j Δw_j + ∂a/∂b Δb.

Each has a `…_slider(s)` function that makes its sliders.
"""

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np

from ..diagrams import draw_layers
from ..plots import BIG
from ..sigmoid import sigmoid, sigmoid_prime, step

PERCEPTRON_COLOUR = "#ef6c00"
SIGMOID_COLOUR = "#1565c0"
MARK_COLOUR = "#c62828"


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
                       title="One network, two kinds of neuron: the slider nudges w", figsize=(8, 4.5))


def _wheel_values(w):
    w = round(float(w), 3)  # the slider moves in steps of 0.001: no float noise near the flip at 4
    (h_p, out_p), (h_s, out_s) = wheel_feedforward(w, step), wheel_feedforward(w, sigmoid)
    return w, h_p, int(out_p[0]), h_s, float(out_s[0])


def wheel_table(ws=(3.998, 3.999, 4.0, 4.001, 4.002)):
    """Print both networks' outputs for a few values of the nudged weight w."""
    print("      w | perceptron network | sigmoid network")
    for w in ws:
        w, _, out_p, _, out_s = _wheel_values(w)
        print(f"{w:7.3f} | {out_p:>18} | {out_s:15.4f}")


@lru_cache(maxsize=1)
def _wheel_curves():
    """Both networks' output for 2001 values of w across the slider's range (computed once)."""
    grid = np.linspace(*WHEEL_RANGE, 2001)
    return grid, {f: np.array([wheel_feedforward(v, f)[1][0] for v in grid]) for f in (step, sigmoid)}


def show_wheel(w):
    """Slider callback: both networks' outputs at this value of the nudged weight w, and as curves of w."""
    w, h_p, out_p, h_s, out_s = _wheel_values(w)
    print(f"weight w = {w:.3f}  (from x1 to h1; inputs x1 = x2 = 1)")
    print(f"perceptron network: h1 = {int(h_p[0])}, h2 = {int(h_p[1])}, output = {out_p}")
    print(f"sigmoid network:    h1 = {h_s[0]:.4f}, h2 = {h_s[1]:.4f}, output = {out_s:.4f}")
    grid, curves = _wheel_curves()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
    for ax, f, colour, name, out in [(axes[0], step, PERCEPTRON_COLOUR, "perceptron network", f"{out_p}"),
                                     (axes[1], sigmoid, SIGMOID_COLOUR, "sigmoid network", f"{out_s:.4f}")]:
        ax.plot(grid, curves[f], color=colour, lw=3)
        ax.plot([w], [float(out)], "o", color=MARK_COLOUR, ms=14, zorder=3)
        ax.axvline(w, color=MARK_COLOUR, lw=1, ls=":")
        ax.set_xlim(*WHEEL_RANGE)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("the nudged weight w", fontsize=BIG)
        ax.set_ylabel("output of the network", fontsize=BIG)
        ax.set_title(f"{name}: output {out} at w = {w:.3f}", fontsize=BIG)
        ax.tick_params(labelsize=BIG - 2)
        ax.grid(alpha=0.3)
    plt.show()


def wheel_slider(value=3.995):
    """The slider for `show_wheel`: the nudged weight w, in steps of 0.001 (arrow keys move one step)."""
    from ipywidgets import FloatSlider, Layout

    return FloatSlider(value=value, min=WHEEL_RANGE[0], max=WHEEL_RANGE[1], step=WHEEL_STEP, description="weight",
                       readout_format=".3f", layout=Layout(width="600px"))


# --- the sigmoid curve --------------------------------------------------------------------------

def plot_sigmoid_vs_step():
    """σ(z) and the perceptron's step(z) on one plot, z from −8 to 8."""
    z = np.linspace(-8, 8, 1601)
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    ax.plot(z, step(z), color=PERCEPTRON_COLOUR, lw=3, label="perceptron: step(z) = 1 if z > 0 else 0")
    ax.plot(z, sigmoid(z), color=SIGMOID_COLOUR, lw=3, label="sigmoid neuron: σ(z) = 1 / (1 + e^(−z))")
    ax.plot([0], [0.5], "o", color=SIGMOID_COLOUR, ms=9)
    ax.annotate("σ(0) = 0.5", (0, 0.5), (1.2, 0.38), fontsize=BIG, arrowprops=dict(arrowstyle="->"))
    ax.set_xlabel("weighted input z = w·x + b", fontsize=BIG)
    ax.set_ylabel("output", fontsize=BIG)
    ax.set_title("The step jumps; the sigmoid glides from 0 to 1", fontsize=BIG + 1)
    ax.tick_params(labelsize=BIG - 2)
    ax.legend(fontsize=BIG - 2, loc="upper left")
    ax.grid(alpha=0.3)
    plt.show()


#: Where `show_sigmoid_neuron` prints the outputs.
SAMPLE_XS = (-1.0, -0.5, 0.0, 0.5, 1.0)


def show_sigmoid_neuron(w, b):
    """Slider callback: a one-input sigmoid neuron's output σ(w·x + b) for x from −2 to 2, beside the step."""
    print(f"w = {_clean(w):.4g}, b = {_clean(b):.2f}")
    for x in SAMPLE_XS:
        z = w * x + b
        print(f"x = {x:+.1f}: sigmoid {sigmoid(z):.4f}, step {int(step(z))}")
    crossing = _clean(-b / w)
    print(f"the output is 0.5 at x = −b/w = {crossing:.3f}")
    x = np.linspace(-2, 2, 2001)
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    ax.plot(x, step(w * x + b), color=PERCEPTRON_COLOUR, lw=2.5, ls="--", label="perceptron: step(w·x + b)", zorder=3)
    ax.plot(x, sigmoid(w * x + b), color=SIGMOID_COLOUR, lw=3, label="sigmoid neuron: σ(w·x + b)")
    if -2 <= crossing <= 2:
        ax.axvline(crossing, color="gray", lw=1, ls=":")
    ax.set_xlim(-2, 2)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input x", fontsize=BIG)
    ax.set_ylabel("output", fontsize=BIG)
    ax.set_title(f"w = {_clean(w):.4g}, b = {_clean(b):g}: a = σ(w·x + b)", fontsize=BIG + 1)
    ax.tick_params(labelsize=BIG - 2)
    ax.legend(fontsize=BIG - 2, loc="upper left")
    ax.grid(alpha=0.3)
    plt.show()


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


def change_table(sizes=(1.0, 0.5, 0.1, 0.01, 0.001)):
    """Print estimate and real change when w1, w2 and b are all nudged by the same t."""
    print("Δw1 = Δw2 = Δb |  estimate |  real Δa  |  error")
    for t in sizes:
        c = small_change(t, t, t)
        print(f"{t:>14g} | {c['estimate']:+.6f} | {c['real']:+.6f} | {abs(c['estimate'] - c['real']):.6f}")


def show_small_change(dw1, dw2, db):
    """Slider callback: nudge w1, w2 and b of the neuron a = σ(w·x + b) with x = (0.619, 0.987), w = (−2, −2), b = 3."""
    c = small_change(dw1, dw2, db)
    p = c["partials"]
    print(f"Δw1 = {_clean(dw1):+.2f}, Δw2 = {_clean(dw2):+.2f}, Δb = {_clean(db):+.2f}")
    print(f"z = w·x + b = {c['z']:.4f}, a = σ(z) = {c['a']:.4f}")
    print(f"∂a/∂w1 = σ'(z)·x1 = {p['w1']:.4f}, ∂a/∂w2 = σ'(z)·x2 = {p['w2']:.4f}, ∂a/∂b = σ'(z) = {p['b']:.4f}")
    print(f"estimate:    Δa ≈ {c['estimate']:+.6f}")
    print(f"real change: Δa = {c['real']:+.6f}")
    print(f"error of the estimate: {abs(c['estimate'] - c['real']):.6f}")
    z = np.linspace(-6, 6, 1201)
    z0, a0, slope = c["z"], c["a"], p["b"]
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    ax.plot(z, sigmoid(z), color=SIGMOID_COLOUR, lw=3, label="a = σ(z): the real output")
    ax.plot(z, a0 + slope * (z - z0), color="gray", lw=2, ls="--", label="tangent at the start: the estimate")
    ax.plot([z0], [a0], "o", color="black", ms=10, label="start")
    z1 = z0 + c["dz"]
    ax.plot([z1], [a0 + c["real"]], "o", color=SIGMOID_COLOUR, ms=12, label="after the nudge: real")
    ax.plot([z1], [a0 + c["estimate"]], "s", color="gray", ms=11, label="after the nudge: estimate")
    ax.set_xlim(-6, 6)
    ax.set_ylim(-0.3, 1.3)
    ax.set_xlabel("z = w·x + b", fontsize=BIG)
    ax.set_ylabel("output a", fontsize=BIG)
    ax.set_title(f"real Δa = {c['real']:+.4f}, estimate {c['estimate']:+.4f}", fontsize=BIG + 1)
    ax.tick_params(labelsize=BIG - 2)
    ax.legend(fontsize=BIG - 3, loc="upper left")
    ax.grid(alpha=0.3)
    plt.show()


def change_sliders():
    """Sliders for `show_small_change`: Δw1, Δw2 and Δb from −1 to 1 in steps of 0.01."""
    from ipywidgets import FloatSlider, Layout

    return {name: FloatSlider(value=0.1 if name == "dw1" else 0.0, min=-1, max=1, step=0.01, description=label,
                              readout_format="+.2f", layout=Layout(width="500px"))
            for name, label in [("dw1", "Δw1"), ("dw2", "Δw2"), ("db", "Δb")]}
