"""Lesson 07, what did it learn: look inside the trained network — its hidden weights, its mistakes,
its confusions — and let it read your own drawing.

* `show_all_hidden_weights(net, start=None)`: every hidden neuron's 784 incoming weights as a 28 × 28
  picture — or, given `start` (the same network before training, made again from its seed), what
  training changed; `weight_changes` / `changes_text`: how far the weights moved from the start.
* `firing(net, images, labels)`, `show_firing`, `selective`, `selective_text`: how often each hidden neuron
  fires (a > 0.5) for each digit, over a whole data set (validation digits) — a neuron is described
  from these statistics, never from the few digits that excite it most.
* `show_hidden_neuron(net, images, labels, neuron, start=None)`: the slider's callback — one neuron's
  weights, large (and what training changed), and how often it fires for each digit (a View, `nnbook.explorer`).
* `mistakes(net, images, labels)` and `show_mistakes(...)`: the test digits it gets wrong.
* `confusion_matrix(...)`, `show_confusion(cm)` and `most_confused(cm)`: which digit is taken for which.
* `DrawPad(net)`, `show_reading(net, drawing)`, `reading_text(reading)`: the drawing pad, from
  `nnbook.lessons.l07_drawpad` (a widget with its own JavaScript, so it has a module of its own).
* `nudges(net, images, labels, index)`, `show_nudges(...)` (the digit slider's callback), `nudges_text`,
  `nudges_over`, `nudges_over_text`: which nudges matter most — backprop on one training or validation digit gives
  ∂C/∂w for every weight; the largest first-layer ones marked on the digit, and the cost after a step on just them
  (against ten random weights), exactly; and the same over a whole set of digits. `check_largest_nudge`: its question.
* `train_settings(...)`, `show_settings(...)`, `show_eta_presets(...)`, `ETA_PRESETS`: the
  hyper-parameter explorer; it trains many networks, so it uses the fast engine, `nnbook.fast`
  (the same arithmetic as `Network`).
* `check_hardest_digit`, `check_drawn_one`, `check_learning_rate`: the exercises (tests/test_lesson07.py
  checks the feedback of exercises 2 and 3 over sweeps of answers).
* `CLAIMS`: what the lesson says about training runs, each checked on several seeds (nnbook/claims.py).
* `network_text`, `saved_text`, `same_outputs_text`, `neuron_slider`, `digit_slider`, `settings_controls`: the words
  of the lesson's own cells that are computed; the cells say the others with `TEXT(id, **values)`,
  so that its code cells are the same in every language.

Every text a student reads here comes from nnbook/locales/*/l07_what_did_it_learn.toml.

Weights are drawn red where negative (ink there pushes the neuron's z down) and blue where
positive (ink there pushes z up), white near 0, on a scale symmetric about 0.
"""

import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._validate import as_labels, positive_int
from ..claims import Claim
from ..explorer import Picture, View, show_progress, showing_progress
from ..fast import FastNetwork, train
from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue, language
from ..plots import BIG, CURVE_COLOUR, projector
from ..preprocess import as_drawing, bounding_box, mnist_style
from ..sigmoid import sigmoid
from .l07_drawpad import DrawPad, reading_text, show_reading

__all__ = ["WEIGHT_CMAP", "show_all_hidden_weights", "weight_changes", "changes_text", "firing", "selective",
           "selective_text", "show_firing", "show_hidden_neuron", "mistakes", "show_mistakes",
           "confusion_matrix", "most_confused", "confused_text", "show_confusion",
           "DrawPad", "reading_text", "show_reading",
           "STEP", "NUDGED", "nudges", "nudges_over", "nudges_text", "nudges_over_text", "random_weights",
           "show_nudges", "digit_slider", "check_largest_nudge",
           "ETA_PRESETS", "train_settings", "show_settings", "show_eta_presets", "check_hardest_digit", "check_drawn_one", "check_learning_rate",
           "network_text", "saved_text", "same_outputs_text", "neuron_slider", "settings_controls", "TEXT"]

WEIGHT_CMAP = "RdBu"

#: What the lesson shows (text, figure labels, feedback), in the language in use
#: (nnbook/locales/*/l07_what_did_it_learn.toml).
TEXT = catalogue("l07_what_did_it_learn")


def _hidden_weights(net):
    if len(net.sizes) < 3 or net.sizes[0] != 784:
        raise ValueError(TEXT["errors"]("network", net=f"{net!r:.80}"))
    return net.weights[0]


def _check_neuron(neuron, n):
    if isinstance(neuron, bool) or not isinstance(neuron, (int, np.integer)) or not 0 <= neuron < n:
        raise ValueError(TEXT["errors"]("neuron", last=n - 1, n=n, got=repr(neuron)))
    return int(neuron)


def _start_weights(net, start):
    """The hidden weights of `start`, the same network before training (checked: same sizes)."""
    w0 = _hidden_weights(start)
    if w0.shape != _hidden_weights(net).shape:
        raise ValueError(TEXT["errors"]("start", sizes=net.sizes, got=f"{start!r:.80}"))
    return w0


@projector
def show_all_hidden_weights(net, start=None, ncols=10):
    """Each hidden neuron's incoming weights as a 28 × 28 picture, one panel per neuron.

    With `start` (the same network before training, e.g. ``Network(RECIPE["sizes"], seed=RECIPE["seed"])``)
    each panel shows what training changed instead: w − w_start.
    """
    w = _hidden_weights(net)
    if start is not None:
        w = w - _start_weights(net, start)
    n = w.shape[0]
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.75 * nrows + 0.9), squeeze=False)
    for j, ax in enumerate(axes.flat):
        ax.axis("off")
        if j < n:
            limit = np.abs(w[j]).max()
            ax.imshow(w[j].reshape(28, 28), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
            ax.set_title(f"#{j}", fontsize=BIG - 1)
    fig.suptitle(TEXT("all_weights" if start is None else "all_changes", n=n))
    fig.tight_layout()
    plt.show()


def weight_changes(net, start, training_images):
    """How far training moved the hidden weights from `start` (the same network before training).

    A dict: `r`, the correlation of the trained weights with the starting ones; `small`, the share of
    weights that moved by less than 0.1; `count`, how many hidden weights there are; `blank`, how many
    pixels no image of `training_images` inks; `blank_same`, whether every weight from those pixels is
    exactly its starting value (its gradient δ·x is 0 on every step, since x = 0 there).
    """
    w, w0 = _hidden_weights(net), _start_weights(net, start)
    blank = ~np.any(np.asarray(training_images) > 0, axis=0)
    return {"r": float(np.corrcoef(w.ravel(), w0.ravel())[0, 1]), "small": float(np.mean(np.abs(w - w0) < 0.1)),
            "count": int(w.size), "blank": int(blank.sum()), "blank_same": bool(np.array_equal(w[:, blank], w0[:, blank]))}


def changes_text(net, start, training_images):
    """`weight_changes` in words: three lines."""
    c = weight_changes(net, start, training_images)
    return TEXT("changes", r=c["r"], small=100 * c["small"], count=c["count"], blank=c["blank"],
                same=TEXT["yes_no"]["yes" if c["blank_same"] else "no"])


def firing(net, images, labels):
    """How often each hidden neuron fires (a > 0.5) on `images`: (shares, overall).

    `shares[j, d]` is the share of the digits labelled d for which neuron j has a > 0.5 (0–1);
    `overall[j]` the share of all the images.  Use validation (or training) digits: the test digits
    are for the final score.
    """
    w = _hidden_weights(net)
    labels = as_labels(labels, 10)
    fires = sigmoid(np.asarray(images) @ w.T + net.biases[0].reshape(1, -1)) > 0.5  # one row per image
    counts = np.bincount(labels, minlength=10)
    if np.any(counts == 0):
        raise ValueError(TEXT["errors"]("every_digit", missing=", ".join(str(d) for d in np.flatnonzero(counts == 0))))
    shares = np.stack([fires[labels == d].mean(axis=0) for d in range(10)], axis=1)
    return shares, fires.mean(axis=0)


def selective(shares, most=0.5, others=0.2):
    """The neurons that fire for more than `most` of one digit and for less than `others` of every other:
    [(neuron, digit)]."""
    found = []
    for j, row in enumerate(np.asarray(shares)):
        order = np.argsort(-row, kind="stable")
        if row[order[0]] > most and row[order[1]] < others:
            found.append((j, int(order[0])))
    return found


def selective_text(shares):
    """Which neurons fire mostly for one digit (`selective`), and how many fire for more than half of two or more
    digits, in words (two lines)."""
    found = selective(shares)
    names = TEXT["list_separator"].join(TEXT("selective_one", neuron=j, digit=d) for j, d in found)
    several = int(np.sum(np.sum(np.asarray(shares) > 0.5, axis=1) >= 2))
    return (TEXT("selective", found=len(found), n=len(shares), names=names or "–") + "\n"
            + TEXT("several", several=several, n=len(shares)))


@projector
def show_firing(shares, n_images):
    """Every hidden neuron's share of each digit with a > 0.5, as a table of colours with the percentages."""
    percent = 100 * np.asarray(shares).T  # rows: digits, columns: neurons
    n = percent.shape[1]
    fig, ax = plt.subplots(figsize=(max(10, 0.62 * n + 2), 6.8))
    image = ax.imshow(percent, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for d in range(10):
        for j in range(n):
            ax.text(j, d, f"{percent[d, j]:.0f}", ha="center", va="center", fontsize=BIG - 5,
                    color="white" if percent[d, j] > 60 else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(10))
    ax.tick_params(labelsize=BIG - 3)
    ax.set_xlabel(TEXT["firing_neuron"])
    ax.set_ylabel(TEXT["firing_digit"])
    ax.set_title(TEXT("firing_title", n_images=n_images), fontsize=BIG)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    bar.set_label(TEXT["firing_bar"])
    fig.tight_layout()
    plt.show()


def show_hidden_neuron(net, images, labels, neuron, start=None):
    """Hidden neuron `neuron`: a View of its 784 weights as a picture (and, given `start`, what training
    changed), and how often it fires (a > 0.5) for each digit of `images` (validation digits).

    The pictures share one colour scale for all the neurons of `net`, so that two neurons can be compared
    by eye: it reaches the size that 99.5% of the weights (of the changes) stay within; the few larger ones
    show in the scale's end colours (the colour bar's pointed ends)."""
    w = _hidden_weights(net)
    neuron = _check_neuron(neuron, w.shape[0])
    b = float(net.biases[0][neuron, 0])
    shares, overall = _firing_once(net, images, labels)
    row = shares[neuron]
    order = np.argsort(-row, kind="stable")
    text = TEXT("neuron", neuron=neuron, b=b, low=w[neuron].min(), high=w[neuron].max(), share=100 * overall[neuron],
                n_images=len(labels), top=int(order[0]), top_share=100 * row[order[0]],
                bottom=int(order[-1]), bottom_share=100 * row[order[-1]])
    values = [w[neuron]] + ([] if start is None else [w[neuron] - _start_weights(net, start)[neuron]])
    titles = [TEXT("neuron_weights", neuron=neuron)] + ([] if start is None else [TEXT("neuron_change", neuron=neuron)])
    picture, images_shown, bars = _neuron_picture(net, start, len(labels))
    with picture.lock:
        for image, value, title in zip(images_shown, values, titles):
            image.set_data(value.reshape(28, 28))
            image.axes.title.set_text(title)
        for bar, share in zip(bars, row):
            bar.set_height(100 * share)
        return View(text, picture)


_neuron_pictures = {}
_firings = {}


def _firing_once(net, images, labels):
    """`firing(net, images, labels)`, worked out once for the same network (with the same numbers) and digits."""
    key = (id(net), id(images), id(labels), hash(_hidden_weights(net).tobytes()), hash(net.biases[0].tobytes()))
    if key not in _firings or _firings[key][0] is not net:
        _firings.clear()
        _firings[key] = (net, firing(net, images, labels))
    return _firings[key][1]


@projector
def _neuron_picture(net, start, n_images):
    """The figure of `show_hidden_neuron` for `net` (and its `start`), built once per language: the weight
    pictures with their colour bars and the bar chart's axes drawn once; the pictures, titles and bars move."""
    key = (language(), id(net), None if start is None else id(start), n_images)
    if key in _neuron_pictures and _neuron_pictures[key][0] is net:
        return _neuron_pictures[key][1]
    w = _hidden_weights(net)
    scales = [w] + ([] if start is None else [w - _start_weights(net, start)])
    fig = Figure(figsize=(7 + 5.5 * len(scales), 5.4))
    outer = fig.add_gridspec(1, len(scales) + 1, width_ratios=[1.2] * len(scales) + [1.5], wspace=0.4)
    shown = []
    for k, values in enumerate(scales):
        ax = fig.add_subplot(outer[k])
        limit = float(np.percentile(np.abs(values), 99.5))
        image = ax.imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
        ax.set_title(" ")
        ax.axis("off")
        bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03, extend="both")
        bar.set_label(TEXT["weight_bar"])
        shown.append(image)
    ax = fig.add_subplot(outer[-1])
    bars = list(ax.bar(range(10), np.zeros(10), color=CURVE_COLOUR))
    ax.set_ylim(0, 100)
    ax.set_xticks(range(10))
    ax.tick_params(labelsize=BIG)
    ax.set_xlabel(TEXT["firing_digit"])
    ax.set_ylabel(TEXT["firing_share"])
    ax.set_title(TEXT("firing_bars", n_images=n_images))
    ax.grid(axis="y", alpha=0.3)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.14)  # room for the bars' labels
    moving = [*shown, *(image.axes.title for image in shown), *bars]
    if len(_neuron_pictures) > 4:
        _neuron_pictures.clear()
    _neuron_pictures[key] = (net, (Picture(fig, moving), shown, bars))  # the net kept: its id is not reused
    return _neuron_pictures[key][1]


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
    fig.suptitle(title or TEXT["mistakes_title"])
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
    rows = [TEXT("confused_row", true=true, guess=guess, count=count) for true, guess, count in most_confused(cm, k)]
    return TEXT("confused_head", k=k, total=int(cm.sum() - np.trace(cm))) + "\n" + "\n".join(rows)


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
    ax.set_xlabel(TEXT["confusion_guess"])
    ax.set_ylabel(TEXT["confusion_true"])
    ax.set_title(TEXT["confusion_title"], fontsize=BIG + 1)
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    bar.set_label(TEXT["confusion_bar"])
    fig.tight_layout()
    plt.show()


# ----- the hyper-parameter explorer -----

def train_settings(training, validation, hidden=30, eta=3.0, mini_batch_size=10, epochs=10, seed=1, callback=None):
    """Train 784-hidden-10 on `training`, measuring it on `validation` after each epoch; returns the `History`.

    Made for a subset (e.g. 5,000 training digits) so that it takes seconds.  `callback(history)` is
    called after every epoch (SGD's callback).
    """
    hidden = positive_int(hidden, "hidden")
    net = FastNetwork([784, hidden, 10], seed=seed)
    return net.SGD(training, epochs, mini_batch_size, eta, test_data=validation, seed=seed, callback=callback)


#: While the explorer trains, a new picture after every epoch that ends at least this long (seconds) after the
#: last one shown: each epoch of a slow run, a few at a time of a fast one.
PROGRESS_EVERY = 0.2


@projector
def show_settings(training, validation, hidden=30, eta=3.0, mini_batch_size=10, epochs=10, seed=1):
    """The explorer's work: train with these settings (`train_settings`) and return a View of the result.

    Its text says how many validation digits the network reads right at the end (and at best);
    its figure is the accuracy after each epoch.  In the explorer, the figure and the text follow the
    training while it runs (`nnbook.explorer.show_progress`): empty axes at once, then the accuracy
    curve as the epochs end (at least every PROGRESS_EVERY seconds), so the picture never stands still.
    """
    hidden = positive_int(hidden, "hidden")
    epochs = positive_int(epochs, "epochs")
    words = dict(hidden=hidden, eta=eta, mini_batch_size=mini_batch_size, epochs=epochs,
                 n_training=len(training[0]), n_validation=len(validation[0]))
    fig = Figure(figsize=(10, 4.5))
    ax = fig.subplots()
    curve, = ax.plot([], [], "o-", color=CURVE_COLOUR, lw=2.5)
    _accuracy_axes(ax, epochs)
    ax.set_title(TEXT("settings_title", hidden=hidden, eta=eta, mini_batch_size=mini_batch_size), fontsize=BIG + 1)
    fig.tight_layout()
    picture = Picture(fig, [curve])  # the axes drawn once; the curve over them, as it grows
    shown = [time.perf_counter()]

    def epoch_done(history):
        if time.perf_counter() - shown[0] < PROGRESS_EVERY or len(history.epochs) == epochs:
            return  # (after the last epoch, the final View comes at once)
        curve.set_data(history.epochs, 100 * np.asarray(history.accuracy))
        show_progress(View(TEXT("settings_epoch", epoch=history.epochs[-1], percent=100 * history.accuracy[-1],
                                **words), picture))
        shown[0] = time.perf_counter()

    progress = showing_progress()
    if progress:
        show_progress(View(TEXT("settings_start", **words), picture))
    history = train_settings(training, validation, hidden, eta, mini_batch_size, epochs, seed,
                             callback=epoch_done if progress else None)
    percent = 100 * np.asarray(history.accuracy)
    curve.set_data(history.epochs, percent)
    return View(TEXT("settings", last=percent[-1], best=percent.max(), **words), picture)


#: η too small, about right, too large — for `show_eta_presets`: key → η (the catalogue's table
#: [presets] names each key; a preset of your own is shown by its key).
ETA_PRESETS = {"too_small": 0.05, "about_right": 3.0, "too_large": 100.0}


@projector
def show_eta_presets(training, validation, presets=ETA_PRESETS, hidden=30, mini_batch_size=10, epochs=10, seed=1):
    """The explorer three times, changing only η: one figure with a curve per preset."""
    fig, ax = plt.subplots(figsize=(11, 5))
    colours = {"too_small": "#ef6c00", "about_right": CURVE_COLOUR, "too_large": "#c62828"}
    for key, eta in presets.items():
        name = TEXT["presets"].get(key, key)
        history = train_settings(training, validation, hidden, eta, mini_batch_size, epochs, seed)
        percent = 100 * np.asarray(history.accuracy)
        print(TEXT("preset_line", eta=eta, name=name, percents=" ".join(f"{p:.0f}" for p in percent)))
        ax.plot(history.epochs, percent, "o-", lw=2.5, color=colours.get(key), label=TEXT("preset_label", eta=eta, name=name))
    _accuracy_axes(ax, epochs)
    ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.66))  # between the curves
    ax.set_title(TEXT("presets_title", hidden=hidden, mini_batch_size=mini_batch_size, n_training=len(training[0])),
                 fontsize=BIG + 1)
    fig.tight_layout()
    plt.show()


def _accuracy_axes(ax, epochs):
    ax.set_xlim(0.5, epochs + 0.5)
    ax.set_ylim(0, 100)
    ax.axhline(10, color="grey", ls=":", lw=1.5)
    ax.text(0.6, 11, TEXT["guessing"], ha="left", fontsize=BIG - 2, color="grey")
    ax.set_xlabel(TEXT["epoch"])
    ax.set_ylabel(TEXT["validation_right"])
    ax.grid(alpha=0.3)


# ----- which nudges matter most: ∂C/∂w for one digit, by backpropagation -----

#: How far the ten weights step against their gradient: η/m with lesson 06's η = 3 and mini-batches of m = 10,
#: the step one digit of a mini-batch gives each weight in training.
STEP = 0.3
#: How many weights are nudged and drawn.
NUDGED = 10


def _digit(images, labels, index):
    """Digit `index` of (images, labels): its 784 pixels as a column (784, 1) and its label."""
    labels = as_labels(labels, 10)
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(labels):
        raise ValueError(TEXT["errors"]("digit", last=len(labels) - 1, got=repr(index)))
    return np.asarray(images[int(index)], dtype=np.float64).reshape(784, 1), int(labels[int(index)])


def _cost(net, x, label, weights=None):
    """C = ½‖y − a‖² of one digit (the quadratic cost of one example), optionally with other first-layer weights."""
    a = x
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        a = sigmoid((weights if layer == 0 and weights is not None else w) @ a + b)
    y = np.zeros((10, 1))
    y[label] = 1.0
    return float(np.sum((y - a) ** 2) / 2), int(np.argmax(a))


def random_weights(seed, n=NUDGED, n_weights=30 * 784):
    """`n` first-layer weights drawn at random (flat indices into the (30, 784) array, neuron · 784 + pixel)."""
    return np.random.default_rng(seed).choice(n_weights, size=n, replace=False)


def nudges(net, images, labels, index, step=STEP, n=NUDGED):
    """Which weights matter most for digit `index` of (images, labels) — use training or validation digits.

    Backpropagation on that one digit (the book's `backprop`, with y its desired output) gives ∂C/∂w for every
    weight of `net`. A dict:
    `cost` and `guess` of the digit; `gradients` (∂C/∂w of every layer); `delta` (δ = ∂C/∂z of the hidden
    neurons, 1-D); `top`, the `n` first-layer weights with the largest |∂C/∂w| as flat indices (neuron · 784 +
    pixel; ties in pixel order); `tied`, how many first-layer weights have the same |∂C/∂w| as the last of them;
    `zero`, how many first-layer weights have ∂C/∂w = 0 exactly — those from blank pixels (x = 0) and those into a
    hidden neuron whose δ is exactly 0 (`flat` of them: a = σ(z) so close to 0 or 1 that σ'(z) = a(1 − a) is 0 in
    the computer's arithmetic); `inked`, how many pixels have ink; `top_first_layer`, how many of the `n` largest
    |∂C/∂w| of the whole network are first-layer weights; `after_top` and `after_random`, the digit's cost after
    just the top `n` (or `n` random first-layer weights, `random_weights(index)`) step by −step · ∂C/∂w,
    computed by running the network again (exact for this fixed network)."""
    w1 = _hidden_weights(net)
    x, label = _digit(images, labels, index)
    y = np.zeros((net.sizes[-1], 1))
    y[label] = 1.0
    bias_gradients, weight_gradients = net.backprop(x, y)
    g = weight_gradients[0]
    size = np.abs(g).ravel()
    top = np.argsort(-size, kind="stable")[:n]
    everything = np.concatenate([np.abs(w).ravel() for w in weight_gradients])
    cost, guess = _cost(net, x, label)
    moved = {}
    for name, chosen in (("after_top", top), ("after_random", random_weights(index, n, w1.size))):
        w = w1.copy()
        w.flat[chosen] -= step * g.flat[chosen]
        moved[name] = _cost(net, x, label, w)[0]
    return {"cost": cost, "guess": guess, "label": label, "image": x.reshape(784), "gradients": weight_gradients,
            "delta": bias_gradients[0].reshape(-1), "top": top, "tied": int(np.sum(size == size[top[-1]])),
            "zero": int(np.sum(g == 0)), "inked": int(np.sum(x > 0)), "n_first": int(g.size),
            "flat": int(np.sum(bias_gradients[0] == 0)),
            "top_first_layer": int(np.sum(np.argsort(-everything, kind="stable")[:n] < g.size)), **moved}


def nudges_over(net, images, labels, step=STEP, n=NUDGED, seed=0):
    """`nudges` for every digit of (images, labels) at once — statistics over a whole set, not a few examples.

    A dict of arrays, one entry per digit: `on_ink` (all `n` largest first-layer |∂C/∂w| are weights from inked
    pixels), `neurons` (how many hidden neurons they come from), `biggest_delta` (all come from the hidden neuron
    with the largest |δ|), `cost`, `after_top` and `after_random` (as `nudges`; the random weights drawn anew for
    each digit from `seed`). The same arithmetic as `backprop`, for many digits in one go (∂C/∂w = δ · x): the
    `n` largest of the outer product |δ| · x are among the `n` largest |δ| times the `n` largest x."""
    w1 = _hidden_weights(net)
    if len(net.sizes) != 3:  # the arithmetic below is written out for one hidden layer
        raise ValueError(TEXT["errors"]("one_hidden_layer", net=f"{net!r:.80}"))
    labels = as_labels(labels, 10)
    x = np.asarray(images, dtype=np.float64)
    (w1, w2), (b1, b2) = net.weights, net.biases
    y = np.eye(10)[labels]
    a1 = sigmoid(x @ w1.T + b1.T)
    a2 = sigmoid(a1 @ w2.T + b2.T)
    delta2 = (a2 - y) * a2 * (1 - a2)
    delta = (delta2 @ w2) * a1 * (1 - a1)
    rows = np.argsort(-np.abs(delta), axis=1, kind="stable")[:, :n]
    cols = np.argsort(-x, axis=1, kind="stable")[:, :n]
    size = (np.abs(np.take_along_axis(delta, rows, 1))[:, :, None] * np.take_along_axis(x, cols, 1)[:, None, :])
    flat = (rows[:, :, None] * 784 + cols[:, None, :]).reshape(len(x), -1)
    order = np.lexsort((flat, -size.reshape(len(x), -1)), axis=-1)[:, :n]
    top = np.take_along_axis(flat, order, 1)
    neuron, pixel = top // 784, top % 784
    cost = 0.5 * np.sum((y - a2) ** 2, axis=1)

    def after(neuron, pixel):
        # only the chosen weights move: z of neuron j changes by Σ −step · δ_j x_k · x_k over its chosen pixels k
        xk = np.take_along_axis(x, pixel, 1)
        change = -step * np.take_along_axis(delta, neuron, 1) * xk * xk
        dz = np.zeros_like(a1)
        np.add.at(dz, (np.repeat(np.arange(len(x)), n), neuron.ravel()), change.ravel())
        out = sigmoid(sigmoid(x @ w1.T + b1.T + dz) @ w2.T + b2.T)
        return 0.5 * np.sum((y - out) ** 2, axis=1)

    rng = np.random.default_rng(seed)
    chosen = np.stack([rng.choice(w1.size, size=n, replace=False) for _ in range(len(x))])
    return {"on_ink": np.all(np.take_along_axis(x, pixel, 1) > 0, axis=1),
            "neurons": np.array([len(set(row)) for row in neuron]),
            "biggest_delta": np.all(neuron == rows[:, :1], axis=1),
            "cost": cost, "after_top": after(neuron, pixel), "after_random": after(chosen // 784, chosen % 784)}


def nudges_text(found, index, step=STEP):
    """What `nudges` found for digit `index`, in words (four lines)."""
    top = found["top"]
    neurons = sorted(set(int(j) for j in top // 784))
    x = found["image"][top % 784]
    cost = found["cost"]

    def change(after):
        return 100 * (after - cost) / cost if cost > 0 else 0.0

    blank = 784 - found["inked"]
    zero = TEXT("nudges_zero" if found["flat"] == 0 else "nudges_zero_flat", zero=found["zero"], n_first=found["n_first"],
                blank=blank, blank_weights=blank * len(found["delta"]), flat=found["flat"],
                flat_weights=found["zero"] - blank * len(found["delta"]))
    return TEXT("nudges", zero_line=zero, index=index, label=found["label"], guess=found["guess"], cost=cost,
                n_first=found["n_first"], zero=found["zero"], blank=784 - found["inked"], n=len(top),
                neurons=TEXT["list_separator"].join(str(j) for j in neurons), x_low=x.min(), x_high=x.max(),
                tied=found["tied"], top_first_layer=found["top_first_layer"],
                n_all=sum(g.size for g in found["gradients"]), step=step,
                after_top=found["after_top"], change_top=change(found["after_top"]),
                after_random=found["after_random"], change_random=change(found["after_random"]))


def show_nudges(net, images, labels, index, step=STEP):
    """The slider's callback: digit `index` of (images, labels) — validation digits — with its `NUDGED` largest
    first-layer |∂C/∂w| marked on the pixels they come from, and the δ of every hidden neuron (a View)."""
    found = nudges(net, images, labels, index, step)
    picture, image, marks, title, bars = _nudges_picture(net)
    top = found["top"]
    neuron, pixel = top // 784, top % 784
    delta = found["delta"]
    biggest = np.abs(delta).max()
    with picture.lock:
        image.set_data(found["image"].reshape(28, 28))
        marks.set_offsets(np.column_stack([pixel % 28, pixel // 28]))
        marks.set_edgecolors([NUDGE_COLOURS[0] if j == neuron[0] else NUDGE_COLOURS[1] for j in neuron])
        others = [int(j) for j in dict.fromkeys(neuron) if j != neuron[0]]  # in order of their largest nudge
        into = (TEXT("nudges_into_one", n=len(top), neuron=int(neuron[0])) if not others else
                TEXT("nudges_into_more", n=len(top), neuron=int(neuron[0]),
                     others=TEXT["list_separator"].join(str(j) for j in others)))
        title.set_text(TEXT("nudges_digit", index=index, label=found["label"], guess=found["guess"]) + "\n" + into)
        for j, bar in enumerate(bars):
            bar.set_height(delta[j] / biggest if biggest > 0 else 0.0)
            bar.set_color(NUDGE_COLOURS[0] if j == neuron[0] else NUDGE_COLOURS[1] if j in neuron else "#b0bec5")
        return View(nudges_text(found, index, step), picture)


#: The marks of the neuron with the largest nudge, and of any other neuron among the ten.
NUDGE_COLOURS = ("#d81b60", "#fb8c00")
_nudges_pictures = {}


@projector
def _nudges_picture(net):
    """The figure of `show_nudges`, built once per language and network: the digit with its marked pixels, and
    the hidden neurons' δ as bars (each divided by the largest |δ|, so that the axes stay still)."""
    key = (language(), id(net))
    if key in _nudges_pictures and _nudges_pictures[key][0] is net:
        return _nudges_pictures[key][1]
    n_hidden = net.sizes[1]
    fig = Figure(figsize=(15, 5.6))
    left, right_ = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1.9]})
    image = left.imshow(np.zeros((28, 28)), cmap="Greys", vmin=0, vmax=1)
    marks = left.scatter(np.zeros(NUDGED), np.zeros(NUDGED), s=160, marker="s", facecolors="none",
                         edgecolors=NUDGE_COLOURS[0], linewidths=2.5)
    left.set_xticks([])
    left.set_yticks([])
    title = left.set_title(" ", fontsize=BIG - 3)
    bars = list(right_.bar(range(n_hidden), np.zeros(n_hidden), color="#b0bec5"))
    right_.set_ylim(-1.05, 1.05)
    right_.axhline(0, color="grey", lw=1)
    right_.set_xticks(range(0, n_hidden, 5))
    right_.tick_params(labelsize=BIG - 2)
    right_.set_xlabel(TEXT["firing_neuron"])
    right_.set_ylabel(TEXT["nudges_delta"])
    right_.set_title(TEXT("nudges_bars", n=NUDGED))
    right_.grid(axis="y", alpha=0.3)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.88, bottom=0.13, wspace=0.15)
    if len(_nudges_pictures) > 4:
        _nudges_pictures.clear()
    _nudges_pictures[key] = (net, (Picture(fig, [image, marks, title, *bars]), image, marks, title, bars))
    return _nudges_pictures[key][1]


def digit_slider(labels):
    """The slider that picks a digit: 0 to the last of `labels` (use the validation digits)."""
    return widgets.IntSlider(value=0, min=0, max=len(labels) - 1, description=TEXT["digit_control"])


def nudges_over_text(net, images, labels, step=STEP):
    """`nudges_over` in words: over every digit of (images, labels), where the ten largest nudges sit and what a
    step on them does to the cost, against ten random weights (three lines)."""
    found = nudges_over(net, images, labels, step)
    fell_top = float(np.mean(found["cost"] - found["after_top"]))
    fell_random = float(np.mean(found["cost"] - found["after_random"]))
    return TEXT("nudges_over", total=len(found["cost"]), on_ink=int(found["on_ink"].sum()),
                one=int(np.sum(found["neurons"] == 1)), biggest=int(found["biggest_delta"].sum()), n=NUDGED,
                step=step, fell_top=fell_top, fell_random=fell_random,
                times=fell_top / fell_random if fell_random > 0 else float("inf"))


# ----- exercises -----

@exercise
def check_hardest_digit(answer, net, test):
    """Lesson 07: which digit (0–9) does the network get wrong most often, as a share of that digit?"""
    feedback = TEXT["hardest"]
    v = take_answer(answer, feedback["what"], whole=True)
    if not 0 <= v <= 9:
        return not_yet(feedback("not_a_digit", v=v))
    images, labels = test
    guesses = net.predict(np.asarray(images).T)
    labels = np.asarray(labels)
    share = np.array([np.mean(guesses[labels == d] != d) for d in range(10)])
    hardest = int(np.argmax(share))
    if v == hardest:
        return right(feedback("right", hardest=hardest, share=100 * share[hardest], easiest=int(np.argmin(share)),
                              easiest_share=100 * share.min()))
    return not_yet(feedback("not_yet", v=v, share=100 * share[v]))


@exercise
def check_largest_nudge(answer, net, images, labels, index):
    """Lesson 07: from δ alone, which hidden neuron gets the largest nudges (|∂C/∂w|) for digit `index`?"""
    feedback = TEXT["largest_nudge"]
    v = take_answer(answer, feedback["what"], whole=True)
    found = nudges(net, images, labels, index)
    delta, n = found["delta"], len(found["delta"])
    if not 0 <= v < n:
        return not_yet(feedback("not_a_neuron", v=v, last=n - 1))
    neuron = int(found["top"][0] // 784)
    if v == neuron:
        return right(feedback("right", neuron=neuron, delta=delta[neuron]))
    if v == int(np.argmax(delta)):
        return not_yet(feedback("signed", v=v, delta=delta[v]))
    return not_yet(feedback("not_yet", v=v, delta=delta[v]))


def check_drawn_one(drawing, net):
    """Lesson 07: draw a 1 with `draw_strokes` that the network reads as a 1."""
    feedback = TEXT["drawn_one"]
    if drawing is ...:
        return not_yet(feedback["blank"])
    try:
        drawing = as_drawing(drawing)
    except ValueError as problem:
        return not_yet(str(problem))
    picture = mnist_style(drawing)
    if not picture.any():
        return not_yet(feedback["empty"])
    a = net.feedforward(picture.reshape(784)).reshape(10)
    guess = int(np.argmax(a))
    if guess == 1:
        return right(feedback("right", a1=a[1]))
    top, bottom, left, right_ = bounding_box(drawing)
    return not_yet(feedback("not_yet", guess=guess, a1=a[1], height=bottom - top, width=right_ - left))


#: The η that exercise 3's feedback steers towards: a failing η below it is told to grow, above it to shrink.
#: It passes the check (tests/test_lesson07.py sweeps η to show that every failing η is on the side it is told).
GOOD_ETA = 3.0


@exercise
def check_learning_rate(eta, training, validation, epochs=5, target=0.85):
    """Lesson 07: an η that gets ≥ 85% of the validation digits right after 5 epochs on the subset (seed 1)."""
    feedback = TEXT["learning_rate"]
    eta = take_answer(eta, feedback["what"], finite=True, blank=feedback["blank"])
    if eta <= 0:
        return not_yet(feedback("not_positive", eta=eta))
    _, history, _ = train([784, 30, 10], training, epochs, 10, eta, test_data=validation, seed=1)
    got = history.accuracy[-1]
    if got >= target:
        return right(feedback("right", eta=eta, percent=100 * got, epochs=epochs))
    return not_yet(feedback("not_yet", eta=eta, first=100 * history.accuracy[0], percent=100 * got, epochs=epochs,
                            target=100 * target, hint=feedback["bigger" if eta < GOOD_ETA else "smaller"]))


# ----- the words of the lesson's own cells -----

def network_text(net, recipe, test_data):
    """Two lines: the network and the recipe it was trained with (a dict such as `nnbook.models.RECIPE`, said as a
    sentence in the language in use); how many test digits it reads right."""
    images, labels = test_data
    recipe = dict(recipe)
    sizes = "-".join(str(n) for n in recipe.pop("sizes"))
    return (TEXT("trained_with", net=net, sizes=sizes, **recipe) + "\n"
            + TEXT("reads_test", right=net.evaluate(test_data), total=len(labels)))


def saved_text(path):
    """What the saved file `path` holds: each array's name and shape, read back with np.load."""
    with np.load(path) as saved:
        arrays = ", ".join(f"{k} {saved[k].shape}" for k in saved.files)
    return TEXT("saved", name=path.name, arrays=arrays)


def same_outputs_text(same):
    """Whether the loaded network's outputs are the original's (`same`: True or False)."""
    return TEXT("same_outputs", same=TEXT["yes_no"]["yes" if same else "no"])


def neuron_slider(net):
    """The slider that picks a hidden neuron of `net`: 0 to the last."""
    return widgets.IntSlider(value=0, min=0, max=net.sizes[1] - 1, description=TEXT["neuron_control"])


def settings_controls():
    """The hyper-parameter explorer's four controls, by the names `show_settings` takes.

    hidden neurons 5–100 (30), η 0.01–100 (3.0), mini-batch size 1–100 (10), epochs 1–30 (10).
    """
    controls = TEXT["controls"]
    return {
        "hidden": widgets.IntSlider(value=30, min=5, max=100, step=5, description=controls["hidden"]),
        "eta": widgets.SelectionSlider(options=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0], value=3.0,
                                       description=controls["eta"]),
        "mini_batch_size": widgets.Dropdown(options=[1, 5, 10, 20, 50, 100], value=10,
                                            description=controls["mini_batch_size"]),
        "epochs": widgets.IntSlider(value=10, min=1, max=30, description=controls["epochs"]),
    }


# ----- what this lesson claims about training runs (nnbook/claims.py; tests/test_claims.py runs them) -----

def _subsets(n_training=5000, n_validation=1000):
    """The explorer's subsets of MNIST: the first 5,000 training and 1,000 validation digits."""
    from ..data import load_mnist

    training, validation, _ = load_mnist()
    return ((training.images[:n_training], training.labels[:n_training]),
            (validation.images[:n_validation], validation.labels[:n_validation]))


def _exercise_etas(seed, etas=(1.5, 5.0, 6.0, 20.0)):
    """Exercise 3's training (784-30-10, 5 epochs, mini-batches of 10, the subsets) from `seed`: {η: accuracy}."""
    training, validation = _subsets()
    return {eta: train([784, 30, 10], training, 5, 10, eta, test_data=validation, seed=seed)[1].accuracy[-1]
            for eta in etas}


def _presets(seed):
    """The three-η figure's too-small and too-large runs (10 epochs on the subsets) from `seed`."""
    training, validation = _subsets()
    _, small, _ = train([784, 30, 10], training, 10, 10, ETA_PRESETS["too_small"], test_data=validation, seed=seed)
    net, large, _ = train([784, 30, 10], training, 10, 10, ETA_PRESETS["too_large"], test_data=validation, seed=seed)
    a = net.feedforward(validation[0].T)
    guesses = np.bincount(np.argmax(a, axis=0), minlength=10)
    return {"small": [round(float(x), 3) for x in small.accuracy],
            "large_best": float(max(large.accuracy)),
            "large_saturated": float(np.mean((a < 0.01) | (a > 0.99))),
            "large_two_guesses": float(np.sort(guesses)[-2:].sum() / guesses.sum())}


def _untouched(seed):
    """One epoch on 2,000 digits from `seed`: (blank pixels, whether their weights stayed exactly, share of the
    other weights that moved)."""
    from ..fast import FastNetwork

    training, _ = _subsets(2000, 1)
    start = FastNetwork([784, 30, 10], seed=seed)
    net, _, _ = train([784, 30, 10], training, 1, 10, 3.0, seed=seed)
    blank = ~np.any(training[0] > 0, axis=0)
    w, w0 = net.weights[0], start.weights[0]
    return int(blank.sum()), bool(np.array_equal(w[:, blank], w0[:, blank])), float(np.mean(w[:, ~blank] != w0[:, ~blank]))


def _nudges_elsewhere(seed):
    """A network trained from `seed` (2 epochs on the explorer's 5,000 digits), and its ten largest first-layer
    nudges over the 1,000 validation digits: (share on inked pixels, share from one hidden neuron, how many times
    more a step on them lowers C, on average, than a step on ten random first-layer weights)."""
    training, validation = _subsets()
    net, _, _ = train([784, 30, 10], training, 2, 10, 3.0, seed=seed)
    found = nudges_over(net, validation[0], validation[1])
    fell_top = np.mean(found["cost"] - found["after_top"])
    fell_random = np.mean(found["cost"] - found["after_random"])
    return (float(found["on_ink"].mean()), float(np.mean(found["neurons"] == 1)),
            round(float(fell_top / fell_random), 1) if fell_random > 0 else float("inf"))


CLAIMS = (
    Claim("exercise_3_eta", where=("07_what_did_it_learn.ipynb#51ebff1d", "l07_what_did_it_learn.toml:learning_rate.right",
                                  "teacher-guide.md"),
          says="with exercise 3's settings (784-30-10, 5 epochs, mini-batches of 10, 5,000 training and 1,000 "
               "validation digits), η = 5 and η = 6 reach 85% from every one of ten random starts, and "
               "η = 1.5 and η = 20 from none",
          measure=_exercise_etas,
          holds=lambda got: got[5.0] >= 0.85 and got[6.0] >= 0.85 and got[1.5] < 0.85 and got[20.0] < 0.85,
          seeds=tuple(range(10))),
    Claim("eta_presets", where=("07_what_did_it_learn.ipynb#acdf8956", "07_what_did_it_learn.ipynb#25c5323a",
                               "teacher-guide.md"),
          says="on the explorer's subsets, 10 epochs: η = 0.05 is still climbing and below 50%; η = 100 never "
               "gets past 13%, its outputs are all saturated (σ within 0.01 of 0 or 1) and two digits make up "
               "at least 95% of its guesses",
          measure=_presets,
          holds=lambda got: (got["small"][-1] < 0.5 and got["small"][-1] > got["small"][0]
                             and got["large_best"] <= 0.13 and got["large_saturated"] >= 0.99
                             and got["large_two_guesses"] >= 0.95)),
    Claim("largest_nudges", where=("07_what_did_it_learn.ipynb#7a0e5b05", "teacher-guide.md"),
          says="in a network trained from another random start (2 epochs, mini-batches of 10, η = 3, the explorer's "
               "5,000 training digits), over the 1,000 validation digits: the ten largest first-layer |∂C/∂w| of "
               "each digit sit on inked pixels for every digit, come from one hidden neuron for at least 98% of the "
               "digits, and a step of 0.3 against the gradient on them lowers C on average more than 100 times as "
               "much as on ten random first-layer weights",
          measure=_nudges_elsewhere,
          holds=lambda got: got[0] == 1.0 and got[1] >= 0.98 and got[2] > 100),
    Claim("blank_pixels_keep_their_start", where=("07_what_did_it_learn.ipynb#c1a2b3d5", "teacher-guide.md"),
          says="a weight from a pixel that no training digit inks keeps its starting value exactly (its gradient "
               "δ·x is 0); the other hidden weights all move",
          measure=_untouched,
          holds=lambda got: got[0] > 0 and got[1] and got[2] > 0.99),
)
