"""Figures shared by the lessons, sized for a classroom projector."""

import matplotlib.pyplot as plt
import numpy as np

#: Font size for titles and labels: readable from the back row.
BIG = 14


def style_cost_map(ax, limits):
    """Axes for a cost surface seen from above: v1 across, v2 up, both over `limits`, to the same scale."""
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_aspect("equal")
    ax.set_xlabel("v1", fontsize=BIG)
    ax.set_ylabel("v2", fontsize=BIG)
    ax.tick_params(labelsize=BIG - 2)


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
            text = str(labels[k]) if guesses is None else f"{labels[k]} (guess {guesses[k]})"
            ax.set_title(text, fontsize=BIG)
    if title:
        fig.suptitle(title, fontsize=BIG + 2)
    fig.tight_layout()
    return fig


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
    ax.set_title("one digit = 28 × 28 = 784 numbers (shown ×100)", fontsize=BIG)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig
