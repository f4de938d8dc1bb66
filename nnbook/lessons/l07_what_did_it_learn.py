"""Lesson 07, what did it learn: look inside the trained network — its hidden weights, its mistakes,
its confusions — and let it read your own drawing.

* `show_all_hidden_weights(net)`: every hidden neuron's 784 incoming weights as a 28 × 28 picture.
* `show_hidden_neuron(net, images, labels, neuron)`: the slider's callback — one neuron's weights,
  large, and the test digits that make it fire most (a View, `nnbook.explorer`).
* `mistakes(net, images, labels)` and `show_mistakes(...)`: the test digits it gets wrong.
* `confusion_matrix(...)`, `show_confusion(cm)` and `most_confused(cm)`: which digit is taken for which.
* `DrawPad(net)`, `show_reading(net, drawing)`, `reading_text(reading)`: the drawing pad, from
  `nnbook.lessons.l07_drawpad` (a widget with its own JavaScript, so it has a module of its own).
* `train_settings(...)`, `show_settings(...)`, `show_eta_presets(...)`, `ETA_PRESETS`: the
  hyper-parameter explorer; it trains many networks, so it uses the fast engine, `nnbook.fast`
  (the same arithmetic as `Network`).
* `check_hardest_digit`, `check_drawn_one`, `check_learning_rate`: the exercises.

Weights are drawn red where negative (ink there pushes the neuron's z down) and blue where
positive (ink there pushes z up), white near 0, on a scale symmetric about 0.
"""

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_labels, positive_int
from ..explorer import View
from ..fast import train
from ..feedback import not_yet, read_answer, right
from ..plots import BIG, CURVE_COLOUR, projector
from ..preprocess import as_drawing, mnist_style
from .l07_drawpad import DrawPad, reading_text, show_reading

__all__ = ["WEIGHT_CMAP", "show_all_hidden_weights", "show_hidden_neuron", "mistakes", "show_mistakes",
           "confusion_matrix", "most_confused", "confused_text", "show_confusion",
           "DrawPad", "reading_text", "show_reading",
           "ETA_PRESETS", "train_settings", "show_settings", "show_eta_presets", "check_hardest_digit", "check_drawn_one", "check_learning_rate"]

WEIGHT_CMAP = "RdBu"

#: What the two explorers show (text and figure labels), with named placeholders.
TEXT = {
    "neuron": "hidden neuron {neuron}: bias b = {b:.2f}, weights from {low:.2f} to {high:.2f}; "
              "it fires most for test digits labelled {labels}",
    "neuron_weights": "hidden neuron {neuron}: its 784 weights",
    "weight_bar": "weight w",
    "digit_z": "z = {z:.1f}",
    "top_digits": "the {top} test digits that give it the largest z",
    "settings": "784-{hidden}-10, η = {eta:g}, mini-batches of {mini_batch_size}, {epochs} epochs on {n_training:,} "
                "digits: {last:.1f}% of {n_validation:,} validation digits right (best {best:.1f}%)",
    "settings_title": "784-{hidden}-10, η = {eta:g}, mini-batch {mini_batch_size}",
}


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
    """Hidden neuron `neuron`: a View of its 784 weights as a picture, and the `top` test digits that excite it most."""
    w = _hidden_weights(net)
    neuron = _check_neuron(neuron, w.shape[0])
    b = float(net.biases[0][neuron, 0])
    z = np.asarray(images) @ w[neuron] + b  # this neuron's z = w·x + b for every test digit
    best = np.argsort(-z, kind="stable")[:top]
    text = TEXT["neuron"].format(neuron=neuron, b=b, low=w[neuron].min(), high=w[neuron].max(),
                                 labels=", ".join(str(int(labels[k])) for k in best))
    fig = plt.figure(figsize=(14, 5.4))
    outer = fig.add_gridspec(1, 2, width_ratios=[1.2, 1.4], wspace=0.12)
    ax = fig.add_subplot(outer[0])
    limit = np.abs(w[neuron]).max()
    image = ax.imshow(w[neuron].reshape(28, 28), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
    ax.set_title(TEXT["neuron_weights"].format(neuron=neuron))
    ax.axis("off")
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    bar.set_label(TEXT["weight_bar"])
    cols = -(-top // 2)
    digits = outer[1].subgridspec(2, cols, hspace=0.35)
    for i, k in enumerate(best):
        cell = fig.add_subplot(digits[i // cols, i % cols])
        cell.imshow(np.asarray(images[k]).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        cell.set_title(TEXT["digit_z"].format(z=z[k]), fontsize=BIG - 1)
        cell.axis("off")
    fig.text(0.72, 0.95, TEXT["top_digits"].format(top=top), ha="center", fontsize=BIG)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.03)
    return View(text, fig)


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


# ----- the hyper-parameter explorer -----

def train_settings(training, validation, hidden=30, eta=3.0, mini_batch_size=10, epochs=10, seed=1):
    """Train 784-hidden-10 on `training`, measuring it on `validation` after each epoch; returns the `History`.

    Made for a subset (e.g. 5,000 training digits) so that it takes seconds.
    """
    hidden = positive_int(hidden, "hidden (the number of hidden neurons)")
    _, history, _ = train([784, hidden, 10], training, epochs, mini_batch_size, eta, test_data=validation, seed=seed)
    return history


@projector
def show_settings(training, validation, hidden=30, eta=3.0, mini_batch_size=10, epochs=10, seed=1):
    """The explorer's work: train with these settings (`train_settings`) and return a View of the result.

    Its text says how many validation digits the network reads right at the end (and at best);
    its figure is the accuracy after each epoch.
    """
    history = train_settings(training, validation, hidden, eta, mini_batch_size, epochs, seed)
    percent = 100 * np.asarray(history.accuracy)
    text = TEXT["settings"].format(hidden=hidden, eta=eta, mini_batch_size=mini_batch_size, epochs=epochs,
                                   n_training=len(training[0]), n_validation=len(validation[0]),
                                   last=percent[-1], best=percent.max())
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.plot(history.epochs, percent, "o-", color=CURVE_COLOUR, lw=2.5)
    _accuracy_axes(ax, epochs)
    ax.set_title(TEXT["settings_title"].format(hidden=hidden, eta=eta, mini_batch_size=mini_batch_size),
                 fontsize=BIG + 1)
    fig.tight_layout()
    return View(text, fig)


#: η too small, about right, too large — for `show_eta_presets`.
ETA_PRESETS = {"too small": 0.05, "about right": 3.0, "too large": 100.0}


@projector
def show_eta_presets(training, validation, presets=ETA_PRESETS, hidden=30, mini_batch_size=10, epochs=10, seed=1):
    """The explorer three times, changing only η: one figure with a curve per preset."""
    fig, ax = plt.subplots(figsize=(11, 5))
    colours = {"too small": "#ef6c00", "about right": CURVE_COLOUR, "too large": "#c62828"}
    for name, eta in presets.items():
        history = train_settings(training, validation, hidden, eta, mini_batch_size, epochs, seed)
        percent = 100 * np.asarray(history.accuracy)
        print(f"η = {eta:<6g} ({name}): " + " ".join(f"{p:.0f}" for p in percent) + "  (% right, epoch by epoch)")
        ax.plot(history.epochs, percent, "o-", lw=2.5, color=colours.get(name), label=f"η = {eta:g}: {name}")
    _accuracy_axes(ax, epochs)
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.66))  # between the curves
    ax.set_title(f"Only η changes: 784-{hidden}-10, mini-batch {mini_batch_size}, {len(training[0]):,} training digits",
                 fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def _accuracy_axes(ax, epochs):
    ax.set_xlim(0.5, epochs + 0.5)
    ax.set_ylim(0, 100)
    ax.axhline(10, color="grey", ls=":", lw=1.5)
    ax.text(0.6, 11, "guessing: 10%", ha="left", fontsize=BIG - 2, color="grey")
    ax.set_xlabel("epoch")
    ax.set_ylabel("validation digits right (%)")
    ax.grid(alpha=0.3)


# ----- exercises -----

def check_hardest_digit(answer, net, test):
    """Lesson 07: which digit (0–9) does the network get wrong most often, as a share of that digit?"""
    v, problem = read_answer(answer, "a digit 0–9", whole=True)
    if problem is not None:
        return problem
    if not 0 <= v <= 9:
        return not_yet(f"answer with one digit 0–9; got {v}.")
    images, labels = test
    guesses = net.predict(np.asarray(images).T)
    labels = np.asarray(labels)
    share = np.array([np.mean(guesses[labels == d] != d) for d in range(10)])
    hardest = int(np.argmax(share))
    if v == hardest:
        return right(f"{hardest}s are the hardest: {100 * share[hardest]:.1f}% of them are read wrong "
                     f"(the easiest, {int(np.argmin(share))}s: {100 * share.min():.1f}%). Look at its row of the "
                     "confusion matrix to see what they are taken for.")
    return not_yet(f"{100 * share[v]:.1f}% of the {v}s are read wrong — not the most. Divide each row's mistakes "
                   "in the confusion matrix by that row's total.")


def check_drawn_one(drawing, net):
    """Lesson 07: draw a 1 with `draw_strokes` that the network reads as a 1."""
    if drawing is ...:
        return not_yet("replace the ... with a drawing, e.g. draw_strokes([[(x0, y0), (x1, y1)]]).")
    try:
        drawing = as_drawing(drawing)
    except ValueError as problem:
        return not_yet(str(problem))
    picture = mnist_style(drawing)
    if not picture.any():
        return not_yet("the drawing is blank: give draw_strokes a stroke whose points lie inside the canvas "
                       "(x and y from 0 to 140).")
    a = net.feedforward(picture.reshape(784)).reshape(10)
    guess = int(np.argmax(a))
    if guess == 1:
        return right(f"the network reads a 1 (output 1: {a[1]:.2f}). However long or short you made the stroke, "
                     "preparing it like MNIST scaled it to 20 pixels tall and put it in the middle.")
    return not_yet(f"the network reads a {guess}, not a 1 (output 1: {a[1]:.2f}). A 1 is mostly one upright "
                   "stroke: try points with the same x and different y, e.g. [(70, 20), (70, 120)].")


def check_learning_rate(eta, training, validation, epochs=5, target=0.85):
    """Lesson 07: an η that gets ≥ 85% of the validation digits right after 5 epochs on the subset."""
    eta, problem = read_answer(eta, "η", finite=True, blank="replace the ... with a learning rate η, a number > 0.")
    if problem is not None:
        return problem
    if eta <= 0:
        return not_yet(f"η must be a number > 0 (a step *downhill*); got {eta:g}.")
    _, history, _ = train([784, 30, 10], training, epochs, 10, eta, test_data=validation, seed=1)
    got = history.accuracy[-1]
    if got >= target:
        return right(f"with η = {eta:g}: {100 * got:.1f}% after {epochs} epochs. Anywhere from about 1 to 10 "
                     "works here; much smaller crawls, much larger saturates the sigmoids and stops learning.")
    rising = history.accuracy[-1] > history.accuracy[0] + 0.05
    hint = ("it is still climbing: η is too small, take bigger steps" if rising else
            "it is stuck: if η is large the steps overshoot and the sigmoids saturate — try a smaller one; "
            "if η is tiny, a bigger one")
    return not_yet(f"with η = {eta:g}: {100 * got:.1f}% after {epochs} epochs (need {100 * target:.0f}%); {hint}.")
