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
* `network_text`, `mistakes_text`, `confusion_title`, `as_is_text`, `corner_title`, `saved_text`,
  `loaded_text`, `same_outputs_text`, `neuron_slider`, `settings_controls`, `train_button_text`: the
  words of the lesson's own cells, so that its code cells are the same in every language.

Every text a student reads here comes from nnbook/locales/*/l07_what_did_it_learn.toml.

Weights are drawn red where negative (ink there pushes the neuron's z down) and blue where
positive (ink there pushes z up), white near 0, on a scale symmetric about 0.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_labels, positive_int
from ..explorer import View
from ..fast import train
from ..feedback import not_yet, read_answer, right
from ..i18n import catalogue
from ..plots import BIG, CURVE_COLOUR, projector
from ..preprocess import as_drawing, mnist_style
from .l07_drawpad import DrawPad, reading_text, show_reading

__all__ = ["WEIGHT_CMAP", "show_all_hidden_weights", "show_hidden_neuron", "mistakes", "show_mistakes",
           "confusion_matrix", "most_confused", "confused_text", "show_confusion",
           "DrawPad", "reading_text", "show_reading",
           "ETA_PRESETS", "train_settings", "show_settings", "show_eta_presets", "check_hardest_digit", "check_drawn_one", "check_learning_rate",
           "network_text", "mistakes_text", "confusion_title", "as_is_text", "corner_title", "saved_text", "loaded_text",
           "same_outputs_text", "neuron_slider", "settings_controls", "train_button_text"]

WEIGHT_CMAP = "RdBu"

#: What the lesson shows (text, figure labels, feedback), in the language in use
#: (nnbook/locales/*/l07_what_did_it_learn.toml).
TEXT = catalogue("l07_what_did_it_learn")


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
    fig.suptitle(TEXT("all_weights", n=n))
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
    text = TEXT("neuron", neuron=neuron, b=b, low=w[neuron].min(), high=w[neuron].max(),
                labels=TEXT["list_separator"].join(str(int(labels[k])) for k in best))
    fig = plt.figure(figsize=(14, 5.4))
    outer = fig.add_gridspec(1, 2, width_ratios=[1.2, 1.4], wspace=0.12)
    ax = fig.add_subplot(outer[0])
    limit = np.abs(w[neuron]).max()
    image = ax.imshow(w[neuron].reshape(28, 28), cmap=WEIGHT_CMAP, vmin=-limit, vmax=limit)
    ax.set_title(TEXT("neuron_weights", neuron=neuron))
    ax.axis("off")
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    bar.set_label(TEXT["weight_bar"])
    cols = -(-top // 2)
    digits = outer[1].subgridspec(2, cols, hspace=0.35)
    for i, k in enumerate(best):
        cell = fig.add_subplot(digits[i // cols, i % cols])
        cell.imshow(np.asarray(images[k]).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        cell.set_title(TEXT("digit_z", z=z[k]), fontsize=BIG - 1)
        cell.axis("off")
    fig.text(0.72, 0.95, TEXT("top_digits", top=top), ha="center", fontsize=BIG)
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
    text = TEXT("settings", hidden=hidden, eta=eta, mini_batch_size=mini_batch_size, epochs=epochs,
                n_training=len(training[0]), n_validation=len(validation[0]), last=percent[-1], best=percent.max())
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.plot(history.epochs, percent, "o-", color=CURVE_COLOUR, lw=2.5)
    _accuracy_axes(ax, epochs)
    ax.set_title(TEXT("settings_title", hidden=hidden, eta=eta, mini_batch_size=mini_batch_size), fontsize=BIG + 1)
    fig.tight_layout()
    return View(text, fig)


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


# ----- exercises -----

def check_hardest_digit(answer, net, test):
    """Lesson 07: which digit (0–9) does the network get wrong most often, as a share of that digit?"""
    feedback = TEXT["hardest"]
    v, problem = read_answer(answer, feedback["what"], whole=True)
    if problem is not None:
        return problem
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
    return not_yet(feedback("not_yet", guess=guess, a1=a[1]))


def check_learning_rate(eta, training, validation, epochs=5, target=0.85):
    """Lesson 07: an η that gets ≥ 85% of the validation digits right after 5 epochs on the subset."""
    feedback = TEXT["learning_rate"]
    eta, problem = read_answer(eta, feedback["what"], finite=True, blank=feedback["blank"])
    if problem is not None:
        return problem
    if eta <= 0:
        return not_yet(feedback("not_positive", eta=eta))
    _, history, _ = train([784, 30, 10], training, epochs, 10, eta, test_data=validation, seed=1)
    got = history.accuracy[-1]
    if got >= target:
        return right(feedback("right", eta=eta, percent=100 * got, epochs=epochs))
    rising = history.accuracy[-1] > history.accuracy[0] + 0.05
    hint = feedback["climbing" if rising else "stuck"]
    return not_yet(feedback("not_yet", eta=eta, percent=100 * got, epochs=epochs, target=100 * target, hint=hint))


# ----- the words of the lesson's own cells -----

def network_text(net, recipe, test_data):
    """Two lines: the network and the recipe it was trained with; how many test digits it reads right."""
    images, labels = test_data
    return (TEXT("trained_with", net=net, recipe=recipe) + "\n"
            + TEXT("reads_test", right=net.evaluate(test_data), total=len(labels)))


def mistakes_text(wrong, labels):
    """How many of the test digits are read wrong (`wrong`: their indices, from `mistakes`)."""
    return TEXT("mistakes_count", wrong=len(wrong), total=len(labels))


def confusion_title(true, guess, count):
    """The title of the commonest confusion's figure: a `true` read as a `guess`, `count` times."""
    return TEXT("commonest_confusion", true=true, guess=guess, count=count)


def as_is_text(guess):
    """What the network guesses for a drawing shrunk to 28 × 28 as it is, without MNIST's preparation."""
    return TEXT("as_is", guess=guess)


def corner_title():
    """The title of the small 1 in the corner, prepared like MNIST."""
    return TEXT["corner_title"]


def saved_text(path):
    """What the saved file `path` holds: each array's name and shape, read back with np.load."""
    with np.load(path) as saved:
        arrays = ", ".join(f"{k} {saved[k].shape}" for k in saved.files)
    return TEXT("saved", name=path.name, arrays=arrays)


def loaded_text(net, test_data):
    """The loaded network and how many test digits it reads right."""
    return TEXT("loaded", net=net, right=net.evaluate(test_data))


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


def train_button_text():
    """The word on the hyper-parameter explorer's button ("train")."""
    return TEXT["controls"]["train"]
