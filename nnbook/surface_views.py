"""Cost surfaces drawn: the landscape, its contour map, and gradient descent rolling on it.

The pictures lessons 04 and 05 share (an idea of the book — the ball rolling downhill — not a piece of
one lesson):

* `plot_contours(surface, ax, path)`, `plot_surface_3d(surface, ax, path)` and `show_surface(surface, path)`:
  a surface seen from above and as a landscape, with an optional path of the ball;
* `show_descent(eta, start_v1, start_v2, surface)`: the learning-rate explorer's callback — the path of
  gradient descent on the contour map beside its cost step by step, with what happened named (see
  `nnbook.surfaces`: crawls, rolls down without overshooting, zig-zags, jumps for ever, diverges, jumps the ridge);
* `descent_sliders(...)`: its controls; `show_figure(fig)`: a finished figure as a small-palette PNG.

Every text a student reads comes from nnbook/locales/<language>/surface_views.toml.
"""

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .explorer import Picture, View, figure_png
from .i18n import catalogue, language
from .plots import BIG, PROJECTOR, projector, style_cost_map
from .surfaces import choices, describe, descend, get_surface, regime, steps_to_arrive, verdict

PATH_COLOUR = "#c62828"
REGIME_COLOURS = {"crawls": "#ef6c00", "rolls": "#2e7d32", "zigzags": "#00838f", "oscillates": "#ad1457",
                  "diverges": "#c62828"}

#: Where the learning-rate slider starts the ball, unless told otherwise, and how many steps it runs.
START = (-2.5, 1.8)
STEPS = 50

#: The PNG palette of these pictures: contour maps look the same in 64 colours and take a fifth of the space.
PALETTE = 64

#: What a student reads here, in the language in use (nnbook/locales/*/surface_views.toml).
TEXT = catalogue("surface_views")


def show_figure(fig, colors=PALETTE):
    """Show a finished figure as a PNG with a palette of `colors` colours, then close it.

    Contour lines and shaded surfaces are anti-aliased into hundreds of thousands of
    shades, which makes PNGs several times larger than they look; a small palette keeps
    the picture and the notebook small.  (The figure is closed, so it is never shown twice.)
    """
    from IPython.display import Image as ImageOutput, display

    display(ImageOutput(data=figure_png(fig, colors), format="png"))


@projector
def plot_contours(surface, ax=None, path=None, numbered=0, title=None):
    """The surface seen from above: contour lines of C, the valley bottoms (★) and an optional path."""
    surface = get_surface(surface)
    if ax is None:
        ax = plt.subplots(figsize=(6.5, 6.5))[1]
    v1, v2, c = surface.grid()
    cs = ax.contour(v1, v2, c, levels=surface.contour_levels(), cmap="viridis", linewidths=1.5)
    ax.clabel(cs, fontsize=BIG - 5, fmt="%.2g")
    for m in surface.minima:
        ax.plot(*m, "*", color="#2e7d32", ms=20, mec="black", zorder=4)
    if path is not None:
        pts = path.points
        ax.plot(pts[:, 0], pts[:, 1], "-o", color=PATH_COLOUR, lw=2, ms=5, zorder=5)
        ax.plot(*pts[0], "o", ms=13, color="white", mec="black", mew=2, zorder=6)
        inside = np.all(np.abs(pts[-1] - np.mean(surface.limits)) <= np.ptp(surface.limits) / 2)
        if inside:
            ax.plot(*pts[-1], "o", ms=15, color="#e53935", mec="black", mew=1.5, zorder=6)
        for n in range(1, min(numbered, len(pts) - 1) + 1):
            ax.annotate(str(n), pts[n], xytext=(6, 6), textcoords="offset points", fontsize=BIG - 2,
                        color=PATH_COLOUR, weight="bold")
    style_cost_map(ax, surface.limits)
    ax.set_title(title or TEXT("contours_title", formula=surface.formula))
    return ax


@projector
def plot_surface_3d(surface, ax, path=None):
    """The surface as a landscape: height = cost C over the (v1, v2) plane, with an optional path."""
    surface = get_surface(surface)
    v1, v2, c = surface.grid(61)
    ax.plot_surface(v1, v2, c, cmap="viridis", alpha=0.8, linewidth=0, rstride=2, cstride=2)
    if path is not None:
        ax.plot(path.points[:, 0], path.points[:, 1], path.costs, "-o", color=PATH_COLOUR, lw=2.5, ms=4, zorder=5)
    ax.set_xlabel("v1")
    ax.set_ylabel("v2")
    ax.set_zlabel("C")
    ax.tick_params(labelsize=BIG - 4)
    ax.view_init(elev=35, azim=-60)
    ax.set_title(TEXT("surface_title", formula=surface.formula))
    return ax


@projector
def show_surface(surface, path=None):
    """A surface in 3-D (left) and as a contour map (right), with a path if given."""
    surface = get_surface(surface)
    fig = plt.figure(figsize=(14, 6))
    plot_surface_3d(surface, fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False), path)
    plot_contours(surface, fig.add_subplot(1, 2, 2), path, title=TEXT["seen_from_above"])
    fig.tight_layout()
    show_figure(fig)


# ----- the learning-rate slider -----

@lru_cache(maxsize=8)
@projector
def _descent_picture(lang, surface_name):
    """The explorer's figure for one surface, built once per language: the contour map and the cost axes
    (drawn once; the cost axes alone again when their range must change), and what moves on them."""
    surface = get_surface(surface_name)
    fig = Figure(figsize=(14, 6))
    ax_map, ax_cost = fig.subplots(1, 2, width_ratios=[1, 1.15])
    plot_contours(surface, ax_map, title=TEXT["descent_title"].format(eta=0.1, verdict=""))
    ax_map.title.set_weight("bold")
    line, = ax_map.plot([], [], "-o", color=PATH_COLOUR, lw=2, ms=5, zorder=5)
    start, = ax_map.plot([], [], "o", ms=13, color="white", mec="black", mew=2, zorder=6)
    end, = ax_map.plot([], [], "o", ms=15, color="#e53935", mec="black", mew=1.5, zorder=6)
    costs = _cost_parts(ax_cost, surface)
    fig.tight_layout()
    moving = [line, start, end, ax_map.title, *costs[:-1]]
    return Picture(fig, moving, colors=PALETTE, redrawn=[ax_cost]), (ax_map, line, start, end, ax_cost, costs)


def show_descent(eta, start_v1=START[0], start_v2=START[1], surface="bowl"):
    """Slider callback: STEPS steps of gradient descent with learning rate η from (start_v1, start_v2).

    Returns a View: what happened ("η = 0.10: rolls down without overshooting and arrives in 25 steps", "…
    crawls …", "… zig-zags …", "… diverges …"), and the path on the contour map beside the cost at every step.
    """
    surface = get_surface(surface)
    path = descend(surface, (start_v1, start_v2), eta, STEPS)
    text = describe(path, surface)
    kind = regime(path, surface)
    picture, (ax_map, line, start, end, ax_cost, costs) = _descent_picture(language(), surface.name)
    with picture.lock:
        pts = path.points
        line.set_data(pts[:, 0], pts[:, 1])
        start.set_data([pts[0, 0]], [pts[0, 1]])
        end.set_data([pts[-1, 0]], [pts[-1, 1]])
        end.set_visible(bool(np.all(np.abs(pts[-1] - np.mean(surface.limits)) <= np.ptp(surface.limits) / 2)))
        ax_map.title.set_text(TEXT["descent_title"].format(eta=eta, verdict=verdict(path, surface)))
        ax_map.title.set_color(REGIME_COLOURS[kind])
        legend = costs[3]
        if _show_costs(costs, path, surface):
            # its ticks changed (the range is all that changes there); the contour map beside it stays as drawn
            picture.redraw(ax_cost, key=ax_cost.get_ylim())
        picture.replace(legend, costs[3])
        return View(text, picture)


def _cost_range(path, surface):
    """The cost axis's range for a path: from just below the lowest cost to a round number well above where it
    starts (1, 2 or 5 times a power of ten), so that moving the start seldom changes the scale."""
    floor = min(surface.cost(m) for m in surface.minima)
    top = max(path.costs[0], floor + 1e-3) * 1.3 + 0.1
    power = 10.0 ** np.floor(np.log10(top))
    top = next(power * m for m in (1, 2, 5, 10) if power * m >= top)
    return floor, top


@projector
def _cost_parts(ax, surface):
    """The cost-by-step axes of the explorer: the still parts drawn, the moving ones made (and the range)."""
    floor = min(surface.cost(m) for m in surface.minima)
    ax.axhline(floor, color="#2e7d32", ls="--", lw=1.5, label=TEXT("lowest_cost", floor=floor))
    curve, = ax.plot([], [], "-o", color=PATH_COLOUR, lw=2, ms=4)
    arrived = ax.axvline(0, color="grey", ls=":", lw=2)
    shoots = ax.text(0.5, 0.95, TEXT["shoots_off"], transform=ax.transAxes, ha="center", va="top", fontsize=BIG,
                     color=PATH_COLOUR, weight="bold")
    ax.set_xlim(-0.5, max(STEPS, 10) + 0.5)
    ax.set_xlabel(TEXT["step_xlabel"])
    ax.set_ylabel(TEXT["cost_ylabel"])
    ax.set_title(TEXT["costs_title"])
    legend = ax.legend(loc="upper right")
    return [curve, arrived, shoots, legend, ax]


def _show_costs(parts, path, surface):
    """Set the cost axes for a path; True when their range changed (the still parts must be drawn again)."""
    curve, arrived, shoots, legend, ax = parts
    floor, top = _cost_range(path, surface)
    costs = path.costs
    curve.set_data(range(len(costs)), np.clip(costs, floor - 1, top * 2))
    steps = steps_to_arrive(path, surface)
    arrived.set_visible(steps is not None)
    arrived.set_xdata([steps or 0] * 2)
    arrived.set_label(TEXT("arrived_after", arrived=steps) if steps is not None else "_")  # "_…": not in the legend
    off = bool(np.max(costs) > top or path.diverged)
    shoots.set_visible(off)
    legend.remove()
    with plt.rc_context(PROJECTOR):
        parts[3] = ax.legend(loc="center right" if off else "upper right")
    low = floor - 0.05 * (top - floor)
    if ax.get_ylim() == (low, top):
        return False
    ax.set_ylim(low, top)
    return True


def descent_sliders(eta=0.1, start=START, surface="bowl"):
    """Widgets for `show_descent`: the learning-rate slider, two start sliders and a surface menu.

    The menu shows each surface's name in the language in use; its value (what `show_descent` is
    given) is the surface's key, "bowl" or "two valleys".  Every surface's figure is built and drawn
    here once (once per language, about 0.2 s each), not at the menu's first change.
    """
    from ipywidgets import Dropdown, FloatSlider, Layout

    for _label, name in choices():
        show_descent(eta, *start, surface=name)

    def slider(value, low, high, step, description, fmt):
        return FloatSlider(value=value, min=low, max=high, step=step, description=description,
                           readout_format=fmt, style={"description_width": "130px"},
                           layout=Layout(width="560px"))

    words = TEXT["sliders"]
    return dict(eta=slider(eta, 0.01, 0.6, 0.01, words["eta"], ".2f"),
                start_v1=slider(start[0], -3, 3, 0.1, words["start_v1"], ".1f"),
                start_v2=slider(start[1], -3, 3, 0.1, words["start_v2"], ".1f"),
                surface=Dropdown(options=choices(), value=get_surface(surface).name, description=words["surface"],
                                 style={"description_width": "130px"}))
