"""Lesson 06, what did it learn: look inside the trained network — its hidden weights, its mistakes,
its confusions — and let it read your own drawing.

* `show_all_hidden_weights(net)`: every hidden neuron's 784 incoming weights as a 28 × 28 picture.
* `show_hidden_neuron(net, images, labels, neuron)`: the slider's callback — one neuron's weights,
  large, and the test digits that make it fire most.
* `mistakes(net, images, labels)` and `show_mistakes(...)`: the test digits it gets wrong.
* `confusion_matrix(...)`, `show_confusion(cm)` and `most_confused(cm)`: which digit is taken for which.
* `DrawPad(net)`, `show_reading(net, drawing)`, `reading_text(reading)`: the drawing pad, from
  `nnbook.lessons.l06_drawpad` (a widget with its own JavaScript, so it has a module of its own).
* `explore(...)`, `show_eta_presets(...)`, `ETA_PRESETS`: the hyper-parameter explorer, and the exercise checks
  `check_hardest_digit`, `check_drawn_one`, `check_learning_rate` — for now re-exported from
  `nnbook.widgets.training` and `nnbook.checks.training`, shared with lesson 05 until the training
  module is split by lesson.

Weights are drawn red where negative (ink there pushes the neuron's z down) and blue where
positive (ink there pushes z up), white near 0, on a scale symmetric about 0.
"""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_labels
from ..plots import BIG, projector
from .l06_drawpad import DrawPad, reading_text, show_reading

# Temporary: lesson 06's explorer and exercise checks still live in the training module that lesson
# 05 shares; they move here (or to l05_training) when that module is split.
from ..checks.training import check_drawn_one, check_hardest_digit, check_learning_rate
from ..widgets.training import ETA_PRESETS, explore, show_eta_presets

__all__ = ["WEIGHT_CMAP", "show_all_hidden_weights", "show_hidden_neuron", "mistakes", "show_mistakes",
           "confusion_matrix", "most_confused", "confused_text", "show_confusion",
           "DrawPad", "reading_text", "show_reading",
           "ETA_PRESETS", "explore", "show_eta_presets", "check_hardest_digit", "check_drawn_one", "check_learning_rate"]

WEIGHT_CMAP = "RdBu"


def _hidden_weights(net):
    if len(net.sizes) < 3 or net.sizes[0] != 784:
        raise ValueError(f"this needs a network with 784 inputs and a hidden layer, e.g. Network([784, 30, 10]); "
                         f"got {net!r}")
    return net.weights[0]


def _check_neuron(neuron, n):
    if isinstance(neuron, bool) or not isinstance(neuron, (int, np.integer)) or not 0 <= neuron < n:
        raise ValueError(f"neuron must be a whole number from 0 to {n - 1} (this hidden layer has {n} neurons); "
                         f"got {neuron!r}")
    return int(neuron)


@projector
def show_all_hidden_weights(net, ncols=10):
    """Each hidden neuron's incoming weights as a 28 × 28 picture, one panel per neuron."""
    w = _hidden_weights(net)
    n = w.shape[0]
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.75 * nrows + 0.9), squeeze=False)
    for j, ax in enumerate(axes.flat):
        ax.axis("off")
        if j < n:
            limit = np.abs(w[j]).max()
            ax.imshow(w[j].reshape(28, 28), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
            ax.set_title(f"#{j}", fontsize=BIG - 1)
    fig.suptitle(f"The incoming weights of all {n} hidden neurons (red < 0 < blue)")
    fig.tight_layout()
    plt.show()


@projector
def show_hidden_neuron(net, images, labels, neuron, top=6):
    """Hidden neuron `neuron`: its 784 weights as a picture, and the `top` test digits that excite it most."""
    w = _hidden_weights(net)
    neuron = _check_neuron(neuron, w.shape[0])
    b = float(net.biases[0][neuron, 0])
    z = np.asarray(images) @ w[neuron] + b  # this neuron's z = w·x + b for every test digit
    best = np.argsort(-z, kind="stable")[:top]
    print(f"hidden neuron {neuron}: bias b = {b:.2f}, weights from {w[neuron].min():.2f} to {w[neuron].max():.2f}; "
          f"it fires most for test digits labelled {', '.join(str(int(labels[k])) for k in best)}")
    fig = plt.figure(figsize=(14, 5.4))
    outer = fig.add_gridspec(1, 2, width_ratios=[1.2, 1.4], wspace=0.12)
    ax = fig.add_subplot(outer[0])
    limit = np.abs(w[neuron]).max()
    image = ax.imshow(w[neuron].reshape(28, 28), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
    ax.set_title(f"hidden neuron {neuron}: its 784 weights")
    ax.axis("off")
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    bar.set_label("weight w")
    cols = -(-top // 2)
    digits = outer[1].subgridspec(2, cols, hspace=0.35)
    for i, k in enumerate(best):
        cell = fig.add_subplot(digits[i // cols, i % cols])
        cell.imshow(np.asarray(images[k]).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        cell.set_title(f"z = {z[k]:.1f}", fontsize=BIG - 1)
        cell.axis("off")
    fig.text(0.72, 0.95, f"the {top} test digits that give it the largest z", ha="center", fontsize=BIG)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.03)
    plt.show()


def mistakes(net, images, labels):
    """(indices, guesses) of the test digits the network reads wrong, in order."""
    guesses = net.predict(np.asarray(images).T)
    labels = as_labels(labels, 10)
    wrong = np.flatnonzero(guesses != labels)
    return wrong, guesses[wrong]


@projector
def show_mistakes(net, images, labels, n=24, ncols=8, true=None, guess=None, title=None):
    """The first `n` misread test digits, each titled "true → guess" (optionally only true → guess)."""
    wrong, guesses = mistakes(net, images, labels)
    keep = np.ones(len(wrong), dtype=bool)
    if true is not None:
        keep &= np.asarray(labels)[wrong] == true
    if guess is not None:
        keep &= guesses == guess
    wrong, guesses = wrong[keep][:n], guesses[keep][:n]
    nrows = max(1, -(-len(wrong) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.9 * ncols, 2.25 * nrows + 0.8), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, k, g in zip(axes.flat, wrong, guesses):
        ax.imshow(np.asarray(images[k]).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"{int(labels[k])} → {int(g)}", fontsize=BIG + 1, color="#c62828")
    fig.suptitle(title or "Misread test digits: true digit → the network's guess")
    fig.tight_layout()
    plt.show()


def confusion_matrix(net, images, labels):
    """10 × 10 counts: row = the true digit, column = the network's guess."""
    guesses = net.predict(np.asarray(images).T)
    labels = as_labels(labels, 10)
    cm = np.zeros((10, 10), dtype=int)
    np.add.at(cm, (labels, guesses), 1)
    return cm


def most_confused(cm, k=5):
    """The k commonest mistakes as (true digit, guess, count), most frequent first."""
    cm = np.asarray(cm)
    off = cm.copy()
    np.fill_diagonal(off, -1)
    order = np.argsort(-off, axis=None, kind="stable")[:k]
    return [(int(i // 10), int(i % 10), int(cm.flat[i])) for i in order]


def confused_text(cm, k=5):
    """The commonest mistakes as lines of text."""
    rows = [f"  {true} read as {guess}: {count} times" for true, guess, count in most_confused(cm, k)]
    return f"its {k} commonest mistakes (of {int(cm.sum() - np.trace(cm))}):\n" + "\n".join(rows)


@projector
def show_confusion(cm):
    """The confusion matrix as a picture: mistakes coloured by count, right answers on the grey diagonal."""
    cm = np.asarray(cm)
    off = cm.astype(float)
    np.fill_diagonal(off, np.nan)
    fig, ax = plt.subplots(figsize=(9.5, 8.5))
    image = ax.imshow(off, cmap="Reds", vmin=0)
    for i in range(10):
        ax.add_patch(plt.Rectangle((i - 0.5, i - 0.5), 1, 1, color="#eceff1"))
        for j in range(10):
            colour = "white" if i != j and off[i, j] > 0.6 * np.nanmax(off) else "black"
            ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=BIG - 1 if i == j else BIG,
                    color=colour, fontweight="normal" if i == j else "bold")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.tick_params(labelsize=BIG)
    ax.set_xlabel("the network's guess")
    ax.set_ylabel("true digit")
    ax.set_title("Confusion matrix of the 10,000 test digits\n(diagonal: right; red: mistakes)", fontsize=BIG + 1)
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    bar.set_label("mistakes")
    fig.tight_layout()
    plt.show()
