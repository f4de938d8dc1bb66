"""A ball rolling down a cost surface, as a small animation that plays anywhere.

`rolling_ball(surface, start, eta, steps)` runs gradient descent on a two-variable
`Surface` and returns an animation of the ball: on the left the surface in 3-D, on the
right its contour map (seen from above) with the trail so far.  It is an HTML player made
by matplotlib's `FuncAnimation.to_jshtml()`, with every frame embedded, so it plays in a
live notebook, in a static HTML export and offline.  The frames are re-encoded with a
small colour palette (`shrink_frames`) so that one animation stays around half a megabyte.

matplotlib's player draws its buttons with an icon font fetched from the internet; offline
those buttons are blank.  `offline_player` swaps the icons for plain text labels (play ▶,
pause, step, …), drops the font link, and shows the first frame even where scripts do not
run (e.g. a notebook that has not been trusted yet).  The labels, the buttons' tooltips, the
repetition choices (once, loop, reflect) and the frames' titles come from the catalogue
(nnbook/locales/*/animation.toml), in the language in use.
"""

import base64
import html as _html
import io
import re
from collections.abc import Mapping

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from .i18n import catalogue
from .plots import BIG, projector, style_cost_map
from .surfaces import descend, get_surface

#: What a student reads here, in the language in use (nnbook/locales/*/animation.toml).
TEXT = catalogue("animation")

#: The player's buttons: matplotlib's title of each (its tooltip, in English) → the button's id in the catalogue.
BUTTONS = {
    "Decrease speed": "slower",
    "First frame": "first",
    "Previous frame": "previous",
    "Play backwards": "backwards",
    "Pause": "pause",
    "Play": "play",
    "Next frame": "next",
    "Last frame": "last",
    "Increase speed": "faster",
}

#: The repetition choices under the buttons: matplotlib's English label → the id in the catalogue.
REPETITIONS = {"Once": "once", "Loop": "loop", "Reflect": "reflect"}


class _ButtonLabels(Mapping):
    """Text for each of the player's buttons, by matplotlib's title of the button, in the language in use."""

    def __getitem__(self, title):
        return TEXT["buttons"][BUTTONS[title]]

    def __iter__(self):
        return iter(BUTTONS)

    def __len__(self):
        return len(BUTTONS)


#: Text for each of the player's buttons, by the button's title (matplotlib's, in English).
BUTTON_LABELS = _ButtonLabels()

_BUTTON_STYLE = """
<style>
.animation .anim-buttons button { width: auto; min-width: 36px; padding: 2px 8px; margin: 1px;
  font-size: 15px; font-family: sans-serif; }
</style>
"""


def _retitle(html, title, tip):
    """The player with matplotlib's tooltip `title` (and its aria-label) replaced by `tip`."""
    return html.replace(f'title="{title}"', f'title="{tip}"').replace(f'aria-label="{title}"', f'aria-label="{tip}"')


def offline_player(html):
    """matplotlib's jshtml player, made usable offline: text buttons, no web font, a first frame without scripts."""
    html = re.sub(r'<link rel="stylesheet"\s*href="[^"]*font-awesome[^"]*">', "", html)
    for title, key in BUTTONS.items():
        label, tip = (_html.escape(TEXT[table][key]) for table in ("buttons", "tooltips"))
        html = re.sub(rf'(title="{title}"[^>]*>)\s*<i class="fa [^"]*"></i>', lambda m: m.group(1) + label, html)
        html = _retitle(html, title, tip)
    html = _retitle(html, "Repetition mode", _html.escape(TEXT["tooltips"]["repetition"]))
    for english, key in REPETITIONS.items():
        label = _html.escape(TEXT["repetitions"][key])
        html = re.sub(rf'(<label for="_anim_radio\d_[0-9a-f]*">){english}</label>',
                      lambda m: m.group(1) + label + "</label>", html)
    first = re.search(r'frames\[0\] = "(data:image/[a-z]+;base64,[^"]*)"', html)
    if first:
        html = re.sub(r'<img id="(_anim_img[0-9a-f]+)">', rf'<img id="\1" src="{first.group(1)}">', html, count=1)
    return _BUTTON_STYLE + html


def shrink_frames(html, colors=32):
    """Re-encode every embedded PNG frame with a palette of `colors` colours: the same picture, ~5× fewer bytes.

    A plot has few real colours; anti-aliased edges add thousands more that PNG stores
    at full cost.  Rounding them to a small palette keeps the notebook small.
    """
    from PIL import Image

    def smaller(match):
        data = re.sub(r"[^A-Za-z0-9+/=]", "", match.group(1))  # the player splits lines with "\\\n"
        image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")

    return re.sub(r'data:image/png;base64,([^"]+)', smaller, html)


@projector
def rolling_ball(surface, start, eta, steps=24, figsize=(8.4, 3.8), dpi=80, interval=250):
    """An animation (IPython HTML) of gradient descent on `surface` from `start` with learning rate `eta`.

    One frame per step, plus the start: keep `steps` small (≈ 20–30) so the notebook stays small.
    A path that diverges simply ends where it flew off the map; the title says so.
    """
    from IPython.display import HTML

    surface = get_surface(surface)
    path = descend(surface, start, eta, steps)
    fig = _frame_figure(surface, figsize, dpi)
    ax3d, axc = fig.axes
    pts = path.points
    heights = path.costs
    lift = 0.04 * np.ptp(surface.grid(41)[2])
    trail3d, = ax3d.plot([], [], [], "-", color="#c62828", lw=2, zorder=5)
    ball3d, = ax3d.plot([], [], [], "o", ms=13, color="#e53935", mec="black", mew=1.5, zorder=6)
    trail, = axc.plot([], [], "-o", color="#c62828", lw=2, ms=4, zorder=5)
    ball, = axc.plot([], [], "o", ms=15, color="#e53935", mec="black", mew=1.5, zorder=6)
    title = fig.suptitle("")
    low, high = surface.limits

    def draw(k):
        seen = pts[: k + 1]
        inside = np.all((seen >= low) & (seen <= high), axis=1)
        shown = seen[inside]
        trail.set_data(shown[:, 0], shown[:, 1])
        ball.set_data(shown[-1:, 0], shown[-1:, 1])
        trail3d.set_data_3d(shown[:, 0], shown[:, 1], heights[: k + 1][inside] + lift)
        ball3d.set_data_3d(shown[-1:, 0], shown[-1:, 1], heights[: k + 1][inside][-1:] + lift)
        gone = TEXT["gone"] if not inside[-1] else ""
        title.set_text(TEXT("title", eta=path.eta, k=k, cost=heights[k], gone=gone))
        return trail, ball, trail3d, ball3d, title

    anim = FuncAnimation(fig, draw, frames=len(pts), interval=interval, blit=False)
    html = anim.to_jshtml(default_mode="loop")
    return HTML(offline_player(shrink_frames(html)))


def _frame_figure(surface, figsize, dpi):
    """A figure outside pyplot (so nothing is shown twice): 3-D surface on the left, contours on the right."""
    fig = Figure(figsize=figsize, dpi=dpi)
    v1, v2, c = surface.grid(41)
    ax3d = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax3d.plot_wireframe(v1, v2, c, rstride=3, cstride=3, color="#5c6bc0", linewidth=0.8, zorder=1)
    ax3d.set_xlabel("v1")
    ax3d.set_ylabel("v2")
    ax3d.set_zlabel("C")
    ax3d.tick_params(labelsize=BIG - 4)
    ax3d.view_init(elev=35, azim=-60)
    axc = fig.add_subplot(1, 2, 2)
    axc.contour(v1, v2, c, levels=surface.contour_levels(), cmap="viridis", linewidths=1.5)
    for m in surface.minima:
        axc.plot(*m, "*", color="#2e7d32", ms=16, mec="black")
    style_cost_map(axc, surface.limits)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.14, top=0.88, wspace=0.1)
    return fig
