"""Figures shared by the lessons, and the projector style every figure of nnbook is drawn in.

`PROJECTOR` is that style, in one place: titles and axis labels of 14 points, tick labels and
legends of 12, figure titles of 16 — readable from the back row of a classroom.  A function that
draws a figure is decorated with `@projector`, which draws it inside that style; its code then
names a font size only where a piece of text is meant to stand out from the style (a larger
title, small labels on a crowded diagram).
"""

import functools

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
import numpy as np

from .i18n import catalogue

#: What a student reads here, in the language in use (nnbook/locales/*/plots.toml).
TEXT = catalogue("plots")

#: The colour of a network's accuracy curve in every figure.
CURVE_COLOUR = "#1565c0"

#: The base font size of the projector style, in points: titles and axis labels.
BIG = 14

#: The projector style (matplotlib rcParams): every figure of nnbook is drawn with these sizes.
PROJECTOR = {
    "axes.titlesize": BIG,
    "axes.labelsize": BIG,
    "xtick.labelsize": BIG - 2,
    "ytick.labelsize": BIG - 2,
    "legend.fontsize": BIG - 2,
    "figure.titlesize": BIG + 2,
}


def projector(draw):
    """Decorator for a function that draws a figure: it runs inside the `PROJECTOR` style.

    matplotlib reads the style when a figure's axes, titles, labels and legends are made, so the
    whole figure — from `plt.subplots` to `plt.show()` — must be made inside the decorated
    function (or another one it calls); the settings outside are left as they were.
    """
    @functools.wraps(draw)
    def in_projector_style(*args, **kwargs):
        with plt.rc_context(PROJECTOR):
            return draw(*args, **kwargs)

    return in_projector_style


@projector
def style_cost_map(ax, limits):
    """Axes for a cost surface seen from above: v1 across, v2 up, both over `limits`, to the same scale."""
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_aspect("equal")
    ax.set_xlabel("v1")
    ax.set_ylabel("v2")


@projector
def show_digits(images, labels=None, ncols=10, size=1.3, title=None, guesses=None):
    """A grid of 28×28 digits, each titled with its label (and the network's guess, if given).

    images: (n, 784) or (n, 28, 28); ink is drawn dark on white as on paper.
    Returns the matplotlib Figure.
    """
    images = np.asarray(images).reshape(-1, 28, 28)
    n = len(images)
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.2), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
        if labels is not None:
            text = str(labels[k]) if guesses is None else TEXT("label_and_guess", label=labels[k], guess=guesses[k])
            ax.set_title(text)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@projector
def show_digit_numbers(image, step=1):
    """One digit drawn with its pixel values written on it (×100, rounded), to show it is just numbers."""
    image = np.asarray(image).reshape(28, 28)
    fig, ax = plt.subplots(figsize=(11, 11))
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    for r in range(0, 28, step):
        for c in range(0, 28, step):
            if image[r, c] > 0:
                ax.text(c, r, f"{image[r, c] * 100:.0f}", ha="center", va="center", fontsize=6,
                        color="white" if image[r, c] > 0.5 else "black")
    ax.set_title(TEXT["digit_numbers_title"])
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def image_and_outputs(image_title, bars_title, xlabel, ylabel, colour, line=None):
    """A figure of a 28 × 28 image beside the network's ten outputs as bars, built once for an explorer to update.

    Returns (figure, image, image axes, the ten bars, bar axes); `line` draws a dotted level across the bars.
    Lesson 03 shows a digit this way, lesson 08 random noise.
    """
    fig = Figure(figsize=(12, 4.6))
    ax_img, ax_bar = fig.subplots(1, 2, width_ratios=[1, 2.4])
    image = ax_img.imshow(np.zeros((28, 28)), cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_title(image_title)
    ax_img.axis("off")
    bars = list(ax_bar.bar(range(10), np.zeros(10), color=colour, edgecolor="black"))
    if line is not None:
        ax_bar.axhline(line, color="black", linestyle=":", lw=1.5)
    ax_bar.set_ylim(0, 1.05)
    ax_bar.set_xticks(range(10))
    ax_bar.tick_params(labelsize=BIG)
    ax_bar.set_xlabel(xlabel)
    ax_bar.set_ylabel(ylabel)
    ax_bar.set_title(bars_title)
    fig.tight_layout()
    return fig, image, ax_img, bars, ax_bar
