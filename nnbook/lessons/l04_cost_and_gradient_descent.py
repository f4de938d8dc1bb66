"""Lesson 04, cost and gradient descent: the cost, and gradient descent as a ball rolling downhill.

* `show_weight_cost(net, data, w, …)`: move ONE weight of a network and see the cost change (a View).
* `show_surface(surface, path)`: a cost surface in 3-D beside its contour map.
* `show_descent(eta, start_v1, start_v2, surface)`: the learning-rate slider's callback — the
  path of gradient descent on the contour map and its cost step by step, with the regime
  named: crawls, rolls down without overshooting, zig-zags and converges, jumps for ever, diverges (see nnbook.surfaces).
* `gradient_steps(surface, start, eta)`: the numbers of the first few steps, Δv = −η ∇C.
* `miss_line` and `weight_slider`: a line the lesson's code cells print and the slider of its first
  explorer; the cells say their other lines with `TEXT(id, **values)`, so that they hold no words and
  read the same in every language.
* `check_cost_by_hand`, `check_gradient_step`, `check_learning_rate`: the exercises.

The two slider callbacks return a View (`nnbook.explorer`: text and picture); every figure of
the lesson is a PNG with a small colour palette (`PALETTE`; `show_figure` shows the others): the
contour maps and surfaces look the same and take about a fifth of the space.  The surfaces, their
contour maps and the learning-rate explorer (`show_surface`, `show_descent`, `descent_sliders`) live in
the idea module `nnbook.surface_views`, which lesson 05 draws with too; this module passes them on to
its notebook.

Every text a student reads comes from nnbook/locales/<language>/l04_cost_and_gradient_descent.toml.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..explorer import Picture, View
from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue, language
from ..parameters import parameter_count
from ..plots import BIG, projector
from ..surface_views import (PALETTE, PATH_COLOUR, START, STEPS, descent_sliders, plot_contours,  # noqa: F401
                             show_descent, show_figure, show_surface)
from ..surfaces import bowl, describe, descend, get_surface, steps_to_arrive

#: What a student reads in this lesson, in the language in use (nnbook/locales/*/l04_cost_and_gradient_descent.toml).
TEXT = catalogue("l04_cost_and_gradient_descent")


# ----- the lines the lesson's code cells print -----

def miss_line(d, a, y):
    """One output of one digit: its activation a, the wanted y, and the squared miss (y − a)²."""
    return TEXT("miss_line", d=d, a=a, y=y, miss=(y - a) ** 2)


def weight_slider(value=-3.0):
    """The slider of one weight w, from −10 to 10 in steps of 0.5."""
    from ipywidgets import FloatSlider

    return FloatSlider(value=value, min=-10, max=10, step=0.5, description=TEXT["weight_slider"])


# ----- one weight of a real network -----

_curves = {}


def weight_cost_curve(net, data, layer, j, k, values):
    """The cost C on `data` as weight w[layer][j, k] takes each of `values` (the others stay put).

    Remembers the last few curves (keyed by the network's current numbers), so that moving
    a slider does not recompute the whole curve every time.
    """
    key = (hash(b"".join(a.tobytes() for a in net.weights + net.biases)), id(data[0]), len(data[0]),
           layer, j, k, tuple(np.round(np.asarray(values, dtype=float), 12)))
    if key not in _curves:
        if len(_curves) > 16:
            _curves.clear()
        _curves[key] = _cost_curve(net, data, layer, j, k, values)
    return _curves[key].copy()


def _weights(net, layer, j, k):
    """The weight matrix `net.weights[layer]`, checked to hold a weight [j, k] (else an error saying which do)."""
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(net.weights):
        raise ValueError(TEXT["errors"]("layer", last=len(net.weights) - 1, got=repr(layer)))
    w = net.weights[layer]
    if not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in (j, k)) or \
            not (0 <= j < w.shape[0] and 0 <= k < w.shape[1]):
        raise ValueError(TEXT["errors"]("j_k", layer=layer, shape=w.shape, last_j=w.shape[0] - 1,
                                        last_k=w.shape[1] - 1, j=j, k=k))
    return w


def _cost_curve(net, data, layer, j, k, values):
    w = _weights(net, layer, j, k)
    original = w[j, k]
    costs = []
    try:
        for value in values:
            w[j, k] = value
            costs.append(net.cost(data))
    finally:
        w[j, k] = original
    return np.array(costs)


_weight_pictures = {}


@projector
def _weight_picture(net, layer, j, k, values, curve, original):
    """The figure of `show_weight_cost` for one weight and one cost curve, built once per language: the
    curve and the untrained value drawn once, the slider's dot and the legend over them."""
    key = (language(), layer, j, k, original, curve.tobytes(), np.asarray(values, dtype=float).tobytes())
    if key not in _weight_pictures:
        if len(_weight_pictures) > 8:
            _weight_pictures.clear()
        fig = Figure(figsize=(10, 4.8))
        ax = fig.subplots()
        ax.plot(values, curve, color="#1565c0", lw=3)
        ax.axvline(original, color="grey", ls="--", lw=1.5, label=TEXT["untrained"].format(original=original))
        dot, = ax.plot([], [], "o", ms=14, color=PATH_COLOUR, mec="black", label=" ")
        ax.set_xlabel(TEXT["weight_xlabel_hidden_output"].format(hidden=k, output=j) if layer == 1 else
                      TEXT["weight_xlabel"].format(layer=layer, j=j, k=k))
        ax.set_ylabel(TEXT["cost_ylabel"])
        ax.set_title(TEXT["weight_title"].format(others=parameter_count(net.sizes) - 1))
        legend = ax.legend(loc="best")
        fig.tight_layout()
        _weight_pictures[key] = Picture(fig, [dot, legend], colors=PALETTE), ax, dot, legend
    return _weight_pictures[key]


def show_weight_cost(net, data, w, layer=1, j=0, k=0, values=np.linspace(-10, 10, 41)):
    """Slider work: weight w[layer][j, k] set to `w` — a View of the cost and of C against that weight.

    The network itself is left as it was.  The curve shows the cost for every value of
    this one weight; the red dot is the slider's value, the grey line the untrained value.
    """
    original = float(_weights(net, layer, j, k)[j, k])
    start_cost = net.cost(data)
    cost_now = weight_cost_curve(net, data, layer, j, k, [w])[0]
    curve = weight_cost_curve(net, data, layer, j, k, values)
    change = cost_now - start_cost
    how = TEXT["how"]["better" if change < -5e-5 else "worse" if change > 5e-5 else "same"]
    text = TEXT["weight_cost"].format(w=w, cost=cost_now, original=original, start=start_cost, change=change, how=how)
    picture, ax, dot, legend = _weight_picture(net, layer, j, k, values, curve, original)
    with picture.lock:
        dot.set_data([w], [cost_now])
        legend.get_texts()[1].set_text(TEXT["weight_mark"].format(w=w, cost=cost_now))
        return View(text, picture)


# ----- the numbers of a few steps -----

def gradient_steps(surface, start, eta, n=3):
    """A table of the first n steps: v, ∇C(v), Δv = −η ∇C, the predicted ΔC ≈ ∇C·Δv and the real ΔC."""
    surface = get_surface(surface)
    v = np.asarray(start, dtype=float)
    words = TEXT["steps"]
    rows = [words("title", eta=eta, formula=surface.formula), words["header"], "-" * 104]
    for step in range(n):
        g = surface.gradient(v)
        dv = -eta * g
        new = v + dv
        predicted = float(g @ dv)
        real = surface.cost(new) - surface.cost(v)
        rows.append(f"{step:>4} | ({v[0]:+7.3f}, {v[1]:+7.3f}) | ({g[0]:+7.3f}, {g[1]:+7.3f}) | "
                    f"({dv[0]:+7.3f}, {dv[1]:+7.3f}) | {predicted:>+20.4f} | {real:+.4f}")
        v = new
    rows.append(words("after", n=n, v1=v[0], v2=v[1], cost=surface.cost(v)))
    return "\n".join(rows)


# ----- the exercises: each check returns a Feedback, right (with why) or not yet (with a hint) -----

#: Exercise 1: one example's outputs a and desired outputs y.
COST_A = (0.8, 0.3)
COST_Y = (1.0, 0.0)

#: Exercise 2: one step on the bowl from here, with this learning rate.
STEP_START = (2.0, 1.0)
STEP_ETA = 0.1

#: Exercise 3: from where (the slider's start), how many steps at most, and how many steps are run.
ETA_START = START
ETA_MAX_STEPS = 20
ETA_RUN = 50


@exercise
def check_cost_by_hand(cost):
    """C for one example with a = (0.8, 0.3) and y = (1, 0): ½‖y − a‖² = ½(0.2² + 0.3²) = 0.065."""
    words = TEXT["cost_by_hand"]
    c = take_answer(cost, words["what"], finite=True, blank=words["blank"])
    if abs(c - 0.065) < 1e-6:
        return right(words["right"])
    if abs(c - 0.13) < 1e-6:
        return not_yet(words["no_half"])
    if abs(c - 0.25) < 1e-6 or abs(c - 0.5) < 1e-6:
        return not_yet(words["square_first"])
    if c < 0:
        return not_yet(words["negative"])
    return not_yet(words("other", c=c))


@exercise
def check_gradient_step(new_v):
    """One step on the bowl C = v1² + 2·v2² from v = (2, 1) with η = 0.1: ∇C = (4, 4), v' = (1.6, 0.6)."""
    words = TEXT["gradient_step"]
    v = take_answer(new_v, words["what"], size=2, blank=words["blank"])
    want = np.array(STEP_START) - STEP_ETA * bowl.gradient(STEP_START)
    if np.allclose(v, want, atol=1e-9):
        return right(words("right", before=bowl.cost(STEP_START), after=bowl.cost(want)))
    if np.allclose(v, np.array(STEP_START) + STEP_ETA * bowl.gradient(STEP_START)):
        return not_yet(words["uphill"])
    if np.allclose(v, np.array(STEP_START) - STEP_ETA * np.array([2.0, 2.0])):
        return not_yet(words["slope_v2"])
    if np.allclose(v, -STEP_ETA * bowl.gradient(STEP_START)):
        return not_yet(words["step_itself"])
    return not_yet(words["other"])


@exercise
def check_learning_rate(eta):
    """A learning rate with which gradient descent on the bowl from (−2.5, 1.8) arrives within 20 steps."""
    words = TEXT["learning_rate"]
    e = take_answer(eta, words["what"], finite=True, blank=words["blank"])
    if e <= 0:
        return not_yet(words("not_positive", eta=e))
    path = descend(bowl, ETA_START, e, ETA_RUN)
    arrived = steps_to_arrive(path, bowl)
    said = describe(path, bowl)
    if arrived is not None and arrived <= ETA_MAX_STEPS:
        return right(words("right", said=said, most=ETA_MAX_STEPS))
    advice = words["advice"]
    if arrived is not None:
        return not_yet(words("too_slow", said=said, most=ETA_MAX_STEPS,
                             advice=advice["larger" if e < 0.25 else "zigzags"]))
    if path.diverged or e >= 0.5:
        return not_yet(words("not_arrived", said=said, advice=advice["smaller"]))
    return not_yet(words("not_arrived", said=said, advice=advice["larger" if e < 0.25 else "smaller"]))
