"""Lesson 04, cost and gradient descent: the cost, and gradient descent as a ball rolling downhill.

* `show_weight_cost(net, data, w, …)`: move ONE weight of a network and see the cost change (a View).
* `show_surface(surface, path)`: a cost surface in 3-D beside its contour map.
* `show_descent(eta, start_v1, start_v2, surface)`: the learning-rate slider's callback — the
  path of gradient descent on the contour map and its cost step by step, with the regime
  named: crawls, rolls down without overshooting, zig-zags and converges, jumps for ever, diverges (see nnbook.surfaces).
* `show_staircase(net, data, w)`: the same weight moved, the cost (a smooth slope) beside the number of digits
  read right (a staircase, flat between the few values where one digit turns right or wrong: `count_steps`).
* `show_curve_descent(eta, step)`: a ball on the curve C(v) = v², its tangent and its next step v → v − η C′(v).
* `show_direction(angle)`: a dial that turns a step of length 0.5 around the point (2, 1) of the bowl, with
  ∇C·Δv (the predicted change of the cost) for every angle; the lowest is along −∇C (225°).
* `gradient_steps(surface, start, eta)`: the numbers of the first few steps, Δv = −η ∇C.
* `miss_line` and `weight_slider`: a line the lesson's code cells print and the slider of its first
  explorer; the cells say their other lines with `TEXT(id, **values)`, so that they hold no words and
  read the same in every language.
* `check_count_change`, `check_one_step_eta`, `check_best_angle` (the checks beside the staircase, the curve and
  the dial), `check_cost_by_hand`, `check_gradient_step`, `check_learning_rate`: the exercises.

The two slider callbacks return a View (`nnbook.explorer`: text and picture); every figure of
the lesson is a PNG with a small colour palette (`PALETTE`; `show_figure` shows the others): the
contour maps and surfaces look the same and take about a fifth of the space.  The surfaces, their
contour maps and the learning-rate explorer (`show_surface`, `show_descent`, `descent_sliders`) live in
the idea module `nnbook.surface_views`, which lesson 05 draws with too; this module passes them on to
its notebook.

Every text a student reads comes from nnbook/locales/<language>/l04_cost_and_gradient_descent.toml.
"""

from functools import lru_cache

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


# ----- a ball on a curve of one variable: v → v − η C′(v) -----

#: The curve of one variable, C(v) = v², its slope C′(v) = 2v, where the ball starts, and the sliders' ranges.
CURVE_START = -2.5
CURVE_STEPS = 10
CURVE_LIMITS = (-3.2, 3.2)


def curve_cost(v):
    """C(v) = v², the curve the ball rolls on (the bowl along v2 = 0)."""
    return v * v


def curve_slope(v):
    """C′(v) = 2v, the slope of the curve at v."""
    return 2.0 * v


def curve_path(eta, steps=CURVE_STEPS, start=CURVE_START):
    """The points v0, v1, …, v_steps of gradient descent v → v − η C′(v) on C(v) = v²."""
    v = [float(start)]
    for _ in range(steps):
        v.append(v[-1] - eta * curve_slope(v[-1]))
    return np.array(v)


def _checked_curve_values(eta, step):
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= CURVE_STEPS:
        raise ValueError(TEXT["errors"]("step", last=CURVE_STEPS, got=repr(step)))
    if isinstance(eta, bool) or not isinstance(eta, (int, float, np.integer, np.floating)) or not 0 < eta <= 1:
        raise ValueError(TEXT["errors"]("eta_1d", got=repr(eta)))


@lru_cache(maxsize=4)
@projector
def _curve_picture(lang):
    """The figure of `show_curve_descent`, built once per language: the curve drawn once; the path, the ball,
    the tangent and the step's arrow over it."""
    fig = Figure(figsize=(11, 5.2))
    ax = fig.subplots()
    v = np.linspace(*CURVE_LIMITS, 201)
    ax.plot(v, curve_cost(v), color="#1565c0", lw=3, label=TEXT["curve"]["label"])
    ax.plot([0], [0], "*", color="#2e7d32", ms=20, mec="black", zorder=4)
    ax.set_xlim(*CURVE_LIMITS)
    ax.set_ylim(-1.2, 10.5)
    ax.axhline(0, color="grey", lw=1)
    ax.set_xlabel("v")
    ax.set_ylabel(TEXT["cost_ylabel"])
    trail, = ax.plot([], [], "o", ms=8, color="#ef9a9a", mec="black", zorder=5)
    tangent, = ax.plot([], [], "--", color="#6a1b9a", lw=2.5, label=TEXT["curve"]["tangent"])
    ball, = ax.plot([], [], "o", ms=16, color=PATH_COLOUR, mec="black", zorder=7)
    arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), zorder=6,
                        arrowprops=dict(arrowstyle="-|>", color="#e65100", lw=3, mutation_scale=25))
    ghost, = ax.plot([], [], "o", ms=14, color="white", mec="#e65100", mew=2.5, zorder=6)
    title = ax.set_title(" ")
    ax.legend(loc="upper center")
    fig.tight_layout()
    return Picture(fig, [trail, tangent, ball, arrow, ghost, title], colors=PALETTE), (trail, tangent, ball, arrow,
                                                                                       ghost, title)


def show_curve_descent(eta, step=0):
    """Slider work: gradient descent on C(v) = v² from v = −2.5 with learning rate η, at step `step` — a View.

    The picture: the ball at v (red), the tangent there (its slope is C′(v)), the earlier positions (pale) and the
    next step v → v − η C′(v) as an arrow to a hollow ball.
    """
    _checked_curve_values(eta, step)
    path = curve_path(eta, step + 1)
    v, after = path[step], path[step + 1]
    slope = curve_slope(v)
    words = TEXT["curve"]
    text = words("now", eta=eta, step=step, v=v, cost=curve_cost(v), slope=slope, change=-eta * slope, after=after,
                 cost_after=curve_cost(after))
    picture, (trail, tangent, ball, arrow, ghost, title) = _curve_picture(language())
    with picture.lock:
        trail.set_data(path[:step], curve_cost(path[:step]))
        t = np.array([v - 1.2, v + 1.2])
        tangent.set_data(t, curve_cost(v) + slope * (t - v))
        ball.set_data([v], [curve_cost(v)])
        arrow.xy, arrow.xyann = (after, curve_cost(v)), (v, curve_cost(v))
        ghost.set_data([after], [curve_cost(v)])
        title.set_text(words("title", eta=eta, step=step))
        return View(text, picture)


def curve_sliders(eta=0.1, step=0):
    """The sliders of `show_curve_descent`: the learning rate η (0.05 to 1) and the step number (0 to 10)."""
    from ipywidgets import FloatSlider, IntSlider, Layout

    words = TEXT["curve"]
    style, layout = {"description_width": "130px"}, Layout(width="560px")
    return dict(eta=FloatSlider(value=eta, min=0.05, max=1.0, step=0.05, readout_format=".2f",
                                description=words["eta_slider"], style=style, layout=layout),
                step=IntSlider(value=step, min=0, max=CURVE_STEPS, description=words["step_slider"], style=style,
                               layout=layout))


#: Exercise 4: the η that takes the ball from −2.5 to the bottom of C = v² in one step.
ONE_STEP_ETA = 0.5


@exercise
def check_one_step_eta(eta):
    """An η with which one step v → v − η·2v from v = −2.5 lands exactly at the bottom v = 0: η = 1/2."""
    words = TEXT["one_step"]
    e = take_answer(eta, words["what"], finite=True, blank=words["blank"])
    if e <= 0:
        return not_yet(words("not_positive", eta=e))
    after = float(curve_path(e, 1)[1])
    if abs(after) < 1e-9:
        return right(words["right"])
    if after < 0:
        return not_yet(words("short", eta=e, after=after))
    if abs(e - 1) < 1e-9:
        return not_yet(words("other_side", eta=e, after=after))
    return not_yet(words("past", eta=e, after=after))


# ----- right answers are a staircase, the cost a slope -----

#: The digits of the staircase explorer: the first 100 training digits (few enough to see each step).
STAIR_DIGITS = 100
#: Where the weight of the staircase explorer may go.
STAIR_LIMITS = (-10.0, 10.0)


def _last_layer(net, data, j, k):
    """What the output layer's weight w[j, k] acts on, for every digit of `data`: the hidden activations h_k, the
    rest of z_j (c, so z_j = c + w·h_k), the largest other z and its output, the other outputs' squared misses,
    the wanted y_j and the labels."""
    layer = len(net.weights) - 1
    _weights(net, layer, j, k)
    images, labels = data
    a = np.asarray(images, dtype=float).T
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        a = 1.0 / (1.0 + np.exp(-np.clip(w @ a + b, -500, 500)))
    z = net.weights[-1] @ a + net.biases[-1]
    h = a[k]
    c = z[j] - net.weights[-1][j, k] * h
    others = np.delete(np.arange(z.shape[0]), j)
    top = others[np.argmax(z[others], axis=0)]
    labels = np.asarray(labels)
    y = (np.arange(z.shape[0])[:, None] == labels[None, :]).astype(float)
    out = 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
    rest = np.sum(np.delete((y - out) ** 2, j, axis=0), axis=0)
    return h, c, z[top, np.arange(z.shape[1])], top, rest, y[j], labels


def staircase_curves(net, data, w, j=4, k=3):
    """The cost C and the number of digits read right as the output weight w[j, k] takes each value of `w`.

    Only that weight changes (the network is not touched): z_j = c + w·h_k for every digit, the other outputs stay.
    """
    h, c, top_z, top, rest, yj, labels = _last_layer(net, data, j, k)
    w = np.atleast_1d(np.asarray(w, dtype=float))[:, None]
    zj = c[None, :] + w * h[None, :]
    aj = 1.0 / (1.0 + np.exp(-np.clip(zj, -500, 500)))
    costs = np.sum(rest[None, :] + (yj[None, :] - aj) ** 2, axis=1) / (2 * len(labels))
    guesses = np.where(zj > top_z[None, :], j, top[None, :])
    return costs, np.count_nonzero(guesses == labels[None, :], axis=1)


def cost_slope(net, data, w, j=4, k=3):
    """dC/dw: the slope of the cost along the output weight w[j, k], at the value w (exact, by the chain rule)."""
    h, c, _, _, _, yj, labels = _last_layer(net, data, j, k)
    aj = 1.0 / (1.0 + np.exp(-np.clip(c + w * h, -500, 500)))
    return float(np.sum((aj - yj) * aj * (1 - aj) * h) / len(labels))


def count_steps(net, data, j=4, k=3, limits=STAIR_LIMITS):
    """The values of w[j, k] (within `limits`, sorted) where the number of digits read right changes: at each, one
    digit's output j overtakes (or falls behind) its largest other output, and that digit turns right or wrong."""
    h, c, top_z, top, _, _, labels = _last_layer(net, data, j, k)
    with np.errstate(divide="ignore"):
        crossing = np.where(h > 0, (top_z - c) / np.where(h > 0, h, 1), np.inf)
    matters = (labels == j) | (top == labels)
    found = crossing[matters & (crossing > limits[0]) & (crossing < limits[1])]
    return np.sort(found)


def _stair_grid():
    return np.linspace(*STAIR_LIMITS, 4001)


def _stair_data(net, data, j, k):
    key = (hash(b"".join(a.tobytes() for a in net.weights + net.biases)), id(data[0]), len(data[0]), j, k)
    return _stair_curves(key, _Same(net), _Same(data), j, k)


class _Same:
    """A network or data set passed through lru_cache by identity (the key holds what it depends on)."""

    def __init__(self, thing):
        self.thing = thing

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return True


@lru_cache(maxsize=4)
def _stair_curves(key, net, data, j, k):
    """The cached work of `_stair_data`, given the wrapped network and data."""
    net, data = net.thing, data.thing
    grid = _stair_grid()
    costs, counts = staircase_curves(net, data, grid, j, k)
    return grid, costs, counts, count_steps(net, data, j, k)


_stair_pictures = {}


@projector
def _stair_picture(key, grid, costs, counts, n, j, k):
    """The figure of `show_staircase`: the cost (left) and the right answers (right) against the weight, drawn
    once; the slider's dots, the cost's tangent and the flat step under the dot over them."""
    full = (language(),) + key
    if full not in _stair_pictures:
        if len(_stair_pictures) > 4:
            _stair_pictures.clear()
        words = TEXT["stair"]
        fig = Figure(figsize=(14, 5.2))
        ax_cost, ax_count = fig.subplots(1, 2)
        ax_cost.plot(grid, costs, color="#1565c0", lw=3)
        ax_count.plot(grid, counts, color="#2e7d32", lw=3, drawstyle="steps-mid")
        xlabel = TEXT["weight_xlabel_hidden_output"].format(hidden=k, output=j)
        for ax in (ax_cost, ax_count):
            ax.set_xlim(*STAIR_LIMITS)
            ax.set_xlabel(xlabel)
        ax_cost.set_ylabel(TEXT["cost_ylabel"])
        ax_count.set_ylabel(words("count_ylabel", n=n))
        ax_cost.set_title(words["cost_title"])
        ax_count.set_title(words["count_title"])
        tangent, = ax_cost.plot([], [], "--", color="#6a1b9a", lw=2.5)
        cost_dot, = ax_cost.plot([], [], "o", ms=14, color=PATH_COLOUR, mec="black", zorder=6)
        flat, = ax_count.plot([], [], "-", color="#ef6c00", lw=7, alpha=0.6, solid_capstyle="butt")
        count_dot, = ax_count.plot([], [], "o", ms=14, color=PATH_COLOUR, mec="black", zorder=6)
        fig.tight_layout()
        _stair_pictures[full] = (Picture(fig, [tangent, cost_dot, flat, count_dot], colors=PALETTE),
                                 (tangent, cost_dot, flat, count_dot))
    return _stair_pictures[full]


def show_staircase(net, data, w, j=4, k=3):
    """Slider work: the output weight w[j, k] set to `w` — a View of the cost (a slope) and of the number of digits
    read right (a staircase) against that weight, on `data`; the network itself is left as it was.

    The text gives the cost's slope dC/dw there (which way to move w) and the stretch of w over which the count
    stays the same (its slope there is 0: it cannot say which way to move).
    """
    w = float(w)
    grid, costs, counts, steps = _stair_data(net, data, j, k)
    (cost,), (count,) = staircase_curves(net, data, [w], j, k)
    slope = cost_slope(net, data, w, j, k)
    n = len(data[1])
    below, above = steps[steps < w], steps[steps > w]
    left = below[-1] if len(below) else STAIR_LIMITS[0]
    right_end = above[0] if len(above) else STAIR_LIMITS[1]
    words = TEXT["stair"]
    text = words("now", w=w, cost=cost, slope=slope, way=words["way"]["down" if slope > 0 else "up"], count=count,
                 n=n, left=left, right=right_end, steps=len(steps), low=STAIR_LIMITS[0], high=STAIR_LIMITS[1])
    key = (hash(b"".join(a.tobytes() for a in net.weights + net.biases)), id(data[0]), n, j, k)
    picture, (tangent, cost_dot, flat, count_dot) = _stair_picture(key, grid, costs, counts, n, j, k)
    with picture.lock:
        t = np.array([w - 2.5, w + 2.5])
        tangent.set_data(t, cost + slope * (t - w))
        cost_dot.set_data([w], [cost])
        flat.set_data([left, right_end], [count, count])
        count_dot.set_data([w], [count])
        return View(text, picture)


def stair_slider(value=-3.0):
    """The slider of `show_staircase`: the weight from −10 to 10 in steps of 0.25 (named apart from the slider of
    `show_weight_cost` above it, which moves the same weight on 1,000 digits)."""
    from ipywidgets import FloatSlider, Layout

    return FloatSlider(value=value, min=STAIR_LIMITS[0], max=STAIR_LIMITS[1], step=0.25,
                       description=TEXT["stair"]["slider"], style={"description_width": "180px"},
                       layout=Layout(width="620px"))


#: Exercise 5: the weight moves from its untrained value to this one; how does the count of right answers change?
NUDGE = 0.01


@exercise
def check_count_change(change, net, data, j=4, k=3):
    """How many more digits of `data` are read right when w[j, k] goes from its untrained value up by 0.01."""
    words = TEXT["count_change"]
    d = take_answer(change, words["what"], whole=True, blank=words["blank"])
    start = float(_weights(net, len(net.weights) - 1, j, k)[j, k])
    _, counts = staircase_curves(net, data, [start, start + NUDGE], j, k)
    want = int(counts[1] - counts[0])
    slope = cost_slope(net, data, start, j, k)
    way = TEXT["stair"]["way"]["down" if slope > 0 else "up"]
    if d == want:
        return right(words("right" if want == 0 else "right_step", change=want, start=start, nudged=start + NUDGE,
                           slope=slope, way=way))
    if d in (int(counts[0]), int(counts[1])):  # the count itself, before or after the nudge, not its change
        return not_yet(words("count_itself", change=d, before=int(counts[0]), after=int(counts[1]), start=start,
                             nudged=start + NUDGE, n=len(data[1])))
    return not_yet(words("wrong", change=d, start=start, nudged=start + NUDGE))


# ----- the best direction: a step of fixed length turned around a point -----

#: The point of the dial on the bowl, and the length of its step Δv.
DIAL_POINT = (2.0, 1.0)
DIAL_LENGTH = 0.5


def dial_step(angle):
    """The step Δv of length DIAL_LENGTH at `angle` degrees (anticlockwise from the v1 axis), and ∇C·Δv there."""
    t = np.radians(angle)
    dv = DIAL_LENGTH * np.array([np.cos(t), np.sin(t)])
    return dv, float(bowl.gradient(DIAL_POINT) @ dv)


def real_change(angle, length=DIAL_LENGTH):
    """The real change of the bowl's cost, C(v + Δv) − C(v), for the step of `length` at `angle` degrees from the
    dial's point (∇C·Δv is its first-order prediction)."""
    t = np.radians(angle)
    v = np.array(DIAL_POINT)
    return float(bowl.cost(v + length * np.array([np.cos(t), np.sin(t)])) - bowl.cost(v))


@lru_cache(maxsize=8)
def real_best_angle(length=DIAL_LENGTH):
    """The angle (degrees, to a hundredth) at which the REAL cost falls most for a step of `length`: about 220° for
    0.5, where the bowl's curvature pulls it from the prediction's 225°; it tends to 225° as the step shrinks."""
    angles = np.arange(0, 360, 0.01)
    t = np.radians(angles)
    v = np.array(DIAL_POINT)
    costs = [bowl.cost(v + length * np.array([c, s])) for c, s in zip(np.cos(t), np.sin(t))]
    return float(np.round(angles[int(np.argmin(costs))], 2))


def best_angle():
    """The angle of −∇C at the dial's point, in degrees from 0 to 360 (225° at (2, 1))."""
    g = bowl.gradient(DIAL_POINT)
    return float(np.degrees(np.arctan2(-g[1], -g[0])) % 360)


@lru_cache(maxsize=4)
@projector
def _dial_picture(lang):
    """The figure of `show_direction`, built once per language: the contour map with the point and the circle of
    all steps of that length, the curve of ∇C·Δv against the angle; the arrow and the marks over them."""
    words = TEXT["dial"]
    fig = Figure(figsize=(14, 6))
    ax_map, ax_curve = fig.subplots(1, 2, width_ratios=[1, 1.2])
    plot_contours(bowl, ax_map, title=words["map_title"].format(length=DIAL_LENGTH))
    t = np.linspace(0, 2 * np.pi, 181)
    ax_map.plot(DIAL_POINT[0] + DIAL_LENGTH * np.cos(t), DIAL_POINT[1] + DIAL_LENGTH * np.sin(t), ":", color="black")
    ax_map.plot(*DIAL_POINT, "o", ms=12, color="white", mec="black", mew=2, zorder=6)
    angles = np.arange(0, 361)
    ax_curve.plot(angles, [dial_step(a)[1] for a in angles], color="#1565c0", lw=3)
    ax_curve.axhline(0, color="grey", lw=1)
    ax_curve.set_xlim(0, 360)
    ax_curve.set_xticks(range(0, 361, 45))
    ax_curve.set_xlabel(words["angle_xlabel"])
    ax_curve.set_ylabel(words["change_ylabel"])
    ax_curve.set_title(words["curve_title"])
    arrow = ax_map.annotate("", xy=DIAL_POINT, xytext=DIAL_POINT, zorder=7,
                            arrowprops=dict(arrowstyle="-|>", color=PATH_COLOUR, lw=3, mutation_scale=25))
    mark, = ax_curve.plot([], [], "o", ms=14, color=PATH_COLOUR, mec="black", zorder=6)
    line = ax_curve.axvline(0, color=PATH_COLOUR, lw=1.5, ls="--")
    fig.tight_layout()
    return Picture(fig, [arrow, line, mark], colors=PALETTE), (arrow, mark, line)


def show_direction(angle):
    """Slider work: the step Δv of length 0.5 at `angle` degrees from the point (2, 1) of the bowl — a View of the
    arrow on the contour map and of ∇C·Δv (the predicted change of the cost) for every angle, this one marked."""
    if isinstance(angle, bool) or not isinstance(angle, (int, float, np.integer, np.floating)) or \
            not np.isfinite(angle):
        raise ValueError(TEXT["errors"]("angle", got=repr(angle)))
    dv, change = dial_step(angle)
    g = bowl.gradient(DIAL_POINT)
    words = TEXT["dial"]
    how = words["how"]["down" if change < -5e-4 else "up" if change > 5e-4 else "level"]
    text = words("now", angle=angle, length=DIAL_LENGTH, dv1=dv[0], dv2=dv[1], g1=g[0], g2=g[1], change=change,
                 how=how)
    picture, (arrow, mark, line) = _dial_picture(language())
    with picture.lock:
        arrow.xy = tuple(np.add(DIAL_POINT, dv))
        mark.set_data([angle % 360], [change])
        line.set_xdata([angle % 360] * 2)
        return View(text, picture)


def dial_slider(value=0):
    """The dial: the angle of the step, 0° to 360° in steps of 1° (0° points along v1, 90° along v2)."""
    from ipywidgets import IntSlider, Layout

    return IntSlider(value=value, min=0, max=360, step=1, description=TEXT["dial"]["slider"],
                     style={"description_width": "130px"}, layout=Layout(width="560px"))


@exercise
def check_best_angle(angle):
    """The angle (degrees) of the step of length 0.5 from (2, 1) whose PREDICTED change ∇C·Δv is lowest: 225°,
    along −∇C. (The real cost falls most near 220° for a step this long: answers within a degree of it are told
    so.)

    Any angle within half a degree of 225° (as the whole degrees of the dial round to it), and the same
    direction written as 225 + 360·n, is right."""
    words = TEXT["best_angle"]
    a = take_answer(angle, words["what"], finite=True, blank=words["blank"])
    best = best_angle()
    off = (a - best + 180) % 360 - 180  # how far round from the best, −180 to 180
    _, change = dial_step(a)
    _, least = dial_step(best)
    bottom = float(np.degrees(np.arctan2(-DIAL_POINT[1], -DIAL_POINT[0])) % 360)
    if abs(off) <= 0.5:
        return right(words("right", best=best, least=least, length=DIAL_LENGTH))
    real_best = real_best_angle()
    if abs((a - round(real_best) + 180) % 360 - 180) <= 1:  # 219° to 221°, about the real best (220°)
        return not_yet(words("real", angle=a, length=DIAL_LENGTH, real=real_change(a), real_best=real_best,
                             at_best_real=real_change(real_best), at_best=real_change(best), best=best,
                             change=change, least=least))
    if abs(change) < 5e-4:
        return not_yet(words("level", angle=a))
    if change > 0:
        return not_yet(words("uphill", angle=a, change=change))
    if abs((a - bottom + 180) % 360 - 180) <= 2:
        return not_yet(words("bottom", angle=a, change=change, least=least))
    turn = words["turn"]["more" if off < 0 else "less"]
    return not_yet(words("downhill", angle=a, change=change, least=least, turn=turn))
