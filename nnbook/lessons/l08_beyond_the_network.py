"""Lesson 08, beyond the network: how good is 95%, what more data buys, and what the network does with noise.

* `fit_svm(training, n)`: scikit-learn's support vector machine (`SVC`, its defaults) fitted on the first
  `n` training digits while the class watches, and how long that took; `svm_note()`: the full fit on all
  50,000 digits, measured once by benchmarks/svm_baseline.py and shipped in nnbook/reference/svm-baseline.json.
* `method_scores(...)`, `scores_text(scores)`, `show_scores(scores)`: guessing, average darkness, the SVM and
  the trained network side by side on the test digits, with the best published result (`RECORD`) as a line.
* `size_curve(...)`, `show_size_curve(...)`: validation accuracy of the network and of the SVM against the
  number of training digits: a better algorithm against more data.
* `noise_images(...)`, `show_noise(net, seed, density)`, `noise_sliders()`, `noise_confidence(...)`: random
  dots fed to the trained network: it still answers, often with an output as large as for a real digit.
* `check_ranking`, `check_record_mistakes`, `check_confident_noise`: the exercises.
* `CLAIMS`: what the lesson says about training runs, checked over seeds (nnbook/claims.py, tests/test_claims.py).

Every word a student sees comes from the catalogue nnbook/locales/<language>/l08_beyond_the_network.toml.
"""

import functools
import json
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from ..baselines import AverageDarkness, random_guesses
from ..claims import Claim
from ..explorer import Picture, View
from ..fast import train
from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue, language
from ..plots import BIG, CURVE_COLOUR, image_and_outputs, projector

#: What a student reads in lesson 08, in the language in use (nnbook/locales/*/l08_beyond_the_network.toml).
TEXT = catalogue("l08_beyond_the_network")

#: The full SVM fit, measured by benchmarks/svm_baseline.py.
SVM_NOTE = Path(__file__).resolve().parent.parent / "reference" / "svm-baseline.json"

#: The best result on MNIST's test digits published by 2013: an error of 0.21% (Wan, Zeiler, Zhang, LeCun and
#: Fergus, "Regularization of Neural Networks using DropConnect", ICML 2013), the figure Nielsen's book quotes.
RECORD = {"accuracy": 0.9979, "year": 2013}

#: The methods of the comparison, in the order the figure and the ranking exercise number them (1–4).
METHODS = ("guessing", "darkness", "svm", "network")

#: The numbers of training digits of the size curve, and the recipe its networks train by: every network takes
#: the same number of steps (80,000 examples seen, 8,000 mini-batches of 10), so a network with fewer digits goes
#: over them more often (160 epochs of 500 digits, 20 of 4,000) and only the amount of data differs.
SIZES = (500, 1000, 2000, 4000)
CURVE_RECIPE = {"sizes": [784, 30, 10], "examples": 80_000, "mini_batch_size": 10, "eta": 3.0}

#: A noise image: every pixel inked (1) with probability `density`, else blank (0).  0.1 inks about 78 pixels,
#: roughly as much ink as a real digit has (about 100 in total, spread over grey edges).
NOISE_DENSITY = 0.1
#: An output above this counts as a confident answer (the trained network gives one for most real digits).
CONFIDENT = 0.9

GUESS_COLOUR, OTHER_COLOUR = "#1f77b4", "#c7c7c7"
METHOD_COLOURS = {"guessing": "#9e9e9e", "darkness": "#8d6e63", "svm": "#ef6c00", "network": "#1f77b4"}


# ----- the support vector machine -----

def _count(n, name, low, high):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not low <= n <= high:
        raise ValueError(TEXT["errors"]("count", name=name, got=f"{n!r:.60}", low=low, high=high))
    return int(n)


def fit_svm(training, n):
    """An `SVC()` (scikit-learn's defaults: RBF kernel, C = 1) fitted on the first `n` training digits;
    returns (svm, seconds the fit took).  `training` = (images, labels)."""
    from sklearn.svm import SVC

    images, labels = training
    n = _count(n, "n", 20, len(labels))
    svm = SVC()
    start = time.perf_counter()
    svm.fit(np.asarray(images[:n]), np.asarray(labels[:n]))
    return svm, time.perf_counter() - start


def accuracy_of(method, data):
    """The fraction of `data` = (images, labels) that `method` (anything with `predict(images)`) reads right."""
    images, labels = data
    return float(np.mean(method.predict(np.asarray(images)) == np.asarray(labels)))


def live_svm_text(n, seconds, accuracy, n_validation):
    """What the live fit did: on how many digits, how long it took, and its validation accuracy."""
    return TEXT("live_svm", n=n, seconds=seconds, accuracy=accuracy, n_validation=n_validation)


def live_svm_claims(n, accuracy):
    """What the lesson says about the live fit (more than 90% right), or what went wrong."""
    if accuracy > 0.9:
        return TEXT("live_svm_claim", n=n)
    return TEXT("live_svm_failed", n=n, accuracy=accuracy)


def svm_note():
    """The full fit measured by benchmarks/svm_baseline.py: digits trained on, seconds, validation and test scores."""
    return json.loads(SVM_NOTE.read_text(encoding="utf-8"))


def full_svm_text(note):
    """The full fit in words: its digits, its time, its validation accuracy and its one test score."""
    return TEXT("full_svm", n=note["trained_on"], minutes=note["fit_seconds"] / 60, cpus=note["machine"]["cpus"],
                validation=note["validation_accuracy"], right=note["test_digits_right"], total=note["test_digits"],
                test=note["test_digits_right"] / note["test_digits"])


# ----- four methods side by side -----

def method_scores(training, test, net, note, seed=0):
    """Each method's share of the test digits read right: guessing (seeded), average darkness (fitted on the
    training digits), the full SVM fit (`note`, measured once) and the trained network `net`."""
    images, labels = np.asarray(test[0]), np.asarray(test[1])
    darkness = AverageDarkness().fit(*training)
    return {"guessing": float(np.mean(random_guesses(len(labels), seed) == labels)),
            "darkness": darkness.accuracy(images, labels),
            "svm": note["test_digits_right"] / note["test_digits"],
            "network": net.evaluate((images, labels)) / len(labels)}


def _width(text):
    """How many columns `text` takes in a monospace font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def scores_text(scores):
    """One line per method (in the order of METHODS), the names padded to one column, and the record."""
    names = [TEXT["methods"][m] for m in METHODS]
    column = max(_width(name) for name in names)
    lines = [TEXT("score_line", name=name + " " * (column - _width(name)), accuracy=scores[m])
             for m, name in zip(METHODS, names)]
    lines.append(TEXT("record_line", accuracy=RECORD["accuracy"], year=RECORD["year"]))
    return "\n".join(lines)


@projector
def show_scores(scores):
    """A bar per method (share of the test digits read right) and the record as a dashed line."""
    fig = Figure(figsize=(12, 5.5), layout="constrained")
    ax = fig.subplots()
    values = [100 * scores[m] for m in METHODS]
    bars = ax.bar(range(len(METHODS)), values, color=[METHOD_COLOURS[m] for m in METHODS], edgecolor="black")
    for bar, value in zip(bars, values):  # a tall bar's figure inside its top, clear of the record's line
        inside = value > 50
        ax.text(bar.get_x() + bar.get_width() / 2, value - 7 if inside else value + 1.5, f"{value:.1f}%",
                ha="center", fontsize=BIG, color="white" if inside else "black")
    ax.axhline(100 * RECORD["accuracy"], color="black", linestyle="--")
    ax.text(-0.45, 100 * RECORD["accuracy"] + 2.5, TEXT("record_label", accuracy=RECORD["accuracy"],
                                                          year=RECORD["year"]), fontsize=BIG - 2)
    ax.set_xticks(range(len(METHODS)), [TEXT["methods"][m] for m in METHODS])
    ax.set_ylim(0, 112)
    ax.set_ylabel(TEXT["scores_ylabel"])
    ax.set_title(TEXT["scores_title"])
    return View(scores_text(scores), fig)


# ----- a better algorithm or more data? -----

def size_curve(training, validation, seed, sizes=SIZES, recipe=CURVE_RECIPE):
    """Validation accuracy of a network (`FastNetwork`, `recipe`, started from `seed`) trained on the first n
    training digits, for each n in `sizes`: each takes the same number of steps (recipe["examples"] examples seen)."""
    images, labels = training
    found = []
    for n in sizes:
        n = _count(n, "n", 20, len(labels))
        epochs = max(1, recipe["examples"] // n)
        net, _, _ = train(recipe["sizes"], (images[:n], labels[:n]), epochs, recipe["mini_batch_size"],
                          recipe["eta"], seed=seed)
        found.append(net.accuracy(validation))
    return found


def svm_curve(training, validation, sizes=SIZES):
    """Validation accuracy of an `SVC()` fitted on the first n training digits, for each n in `sizes`."""
    return [accuracy_of(fit_svm(training, n)[0], validation) for n in sizes]


@projector
def show_size_curve(sizes, network, svm):
    """Validation accuracy against training digits: the network's curve and the SVM's."""
    fig = Figure(figsize=(12, 5.5), layout="constrained")
    ax = fig.subplots()
    ax.plot(sizes, [100 * a for a in network], "o-", color=CURVE_COLOUR, lw=3, ms=9, label=TEXT["methods"]["network"])
    ax.plot(sizes, [100 * a for a in svm], "s-", color=METHOD_COLOURS["svm"], lw=3, ms=9, label=TEXT["methods"]["svm"])
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{n:,}" for n in sizes])
    ax.minorticks_off()
    ax.set_xlabel(TEXT["curve_xlabel"])
    ax.set_ylabel(TEXT["curve_ylabel"])
    ax.set_title(TEXT["curve_title"])
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    lines = [TEXT("curve_line", n=n, network=a, svm=b) for n, a, b in zip(sizes, network, svm)]
    return View("\n".join(lines), fig)


def curve_claims(network, svm):
    """What the lesson says about the size curve (the claim `more_data`), when this run bears it out."""
    if _curve_holds((network, svm)):
        return TEXT["curve_claim"]
    return TEXT("curve_claim_failed", network=", ".join(f"{a:.1%}" for a in network),
                svm=", ".join(f"{a:.1%}" for a in svm))


# ----- noise in, an answer out -----

def noise_images(n, density=NOISE_DENSITY, seed=0):
    """`n` images of random dots, shape (n, 784): each pixel inked (1.0) with probability `density`."""
    n = _count(n, "n", 1, 100_000)
    density = _density(density)
    return (np.random.default_rng(seed).random((n, 784)) < density).astype(np.float64)


def _density(density):
    if isinstance(density, bool) or not isinstance(density, (int, float, np.floating, np.integer)) \
            or not 0 <= density <= 1:
        raise ValueError(TEXT["errors"]("density", got=f"{density!r:.60}"))
    return float(density)


@functools.lru_cache(maxsize=2)
@projector
def _noise_picture(lang):
    """The figure of `show_noise`, built once per language: the noise image, its title and the ten bars move."""
    fig, image, ax_img, bars, ax_bar = image_and_outputs(
        TEXT("noise_title", seed=0, density=0.0), TEXT("bars_title", guess=0, largest=0.0),
        TEXT["bars_xlabel"], TEXT["bars_ylabel"], OTHER_COLOUR, line=CONFIDENT)
    return Picture(fig, [image, ax_img.title, *bars, ax_bar.title]), (image, ax_img.title, bars, ax_bar.title)


def show_noise(net, seed=0, density=NOISE_DENSITY):
    """One image of random dots (`seed`, `density`) and the trained network's ten outputs for it."""
    x = noise_images(1, density, seed)[0]
    a = net.feedforward(x).reshape(-1)
    guess = int(np.argmax(a))
    text = TEXT("noise_verdict", seed=seed, inked=int(x.sum()), guess=guess, largest=a[guess],
                confident=TEXT["confident" if a[guess] > CONFIDENT else "not_confident"], limit=CONFIDENT)
    picture, (image, image_title, bars, bars_title) = _noise_picture(language())
    with picture.lock:
        image.set_data(x.reshape(28, 28))
        image_title.set_text(TEXT("noise_title", seed=seed, density=density))
        for d, (bar, value) in enumerate(zip(bars, a)):
            bar.set_height(value)
            bar.set_facecolor(GUESS_COLOUR if d == guess else OTHER_COLOUR)
        bars_title.set_text(TEXT("bars_title", guess=guess, largest=a[guess]))
        return View(text, picture)


def noise_sliders(seed=0, density=NOISE_DENSITY):
    """The noise explorer's sliders: which noise image (its seed, 0–99) and how much of it is ink (0–0.5)."""
    from ipywidgets import FloatSlider, IntSlider

    return {"seed": IntSlider(value=seed, min=0, max=99, description=TEXT["sliders"]["seed"]),
            "density": FloatSlider(value=density, min=0.0, max=0.5, step=0.01, description=TEXT["sliders"]["density"])}


def noise_confidence(net, n=1000, density=NOISE_DENSITY, seed=0, limit=CONFIDENT):
    """Of `n` noise images: the share whose largest output is above `limit`, and how often each digit is the answer."""
    a = net.feedforward(noise_images(n, density, seed).T)
    return float(np.mean(a.max(axis=0) > limit)), np.bincount(np.argmax(a, axis=0), minlength=10)


def digits_confidence(net, images, limit=CONFIDENT):
    """The share of real digits (rows of `images`) whose largest output is above `limit`."""
    return float(np.mean(net.feedforward(np.asarray(images).T).max(axis=0) > limit))


def confidence_text(noise_share, answers, digit_share, n):
    """What the network does with `n` noise images, beside what it does with real digits."""
    commonest = int(np.argmax(answers))
    return TEXT("confidence", n=n, noise=noise_share, digits=digit_share, limit=CONFIDENT, commonest=commonest,
                times=int(answers[commonest]))


# ----- exercises -----

@exercise
def check_ranking(ranking, scores):
    """Rank the four methods (numbered 1–4 as in METHODS) from best to worst on the test digits."""
    if np.ndim(ranking) > 1:
        return not_yet(TEXT["ranking_one_list"])
    given = take_answer(ranking, TEXT["what_ranking"], size=len(METHODS))
    if sorted(given.tolist()) != list(range(1, len(METHODS) + 1)):
        return not_yet(TEXT("ranking_not_each_once", given=", ".join(f"{v:g}" for v in given)))
    order = [METHODS[int(v) - 1] for v in given]
    best_first = sorted(METHODS, key=lambda m: -scores[m])
    if order == best_first:
        return right(TEXT("ranking_right", first=TEXT["methods"][order[0]], second=TEXT["methods"][order[1]],
                          gap=scores[order[0]] - scores[order[1]]))
    k = next(i for i, (a, b) in enumerate(zip(order, best_first)) if a != b)
    return not_yet(TEXT("ranking_wrong", place=k + 1, given=TEXT["methods"][order[k]], accuracy=scores[order[k]],
                        better=TEXT["methods"][best_first[k]], better_accuracy=scores[best_first[k]]))


@exercise
def check_record_mistakes(mistakes, n_test=10_000):
    """How many of the 10,000 test digits does the record (99.79%) read wrong?"""
    if isinstance(mistakes, (int, float, np.integer, np.floating)) and not isinstance(mistakes, bool):
        percent = 100 * (1 - RECORD["accuracy"])  # 0.21: the percentage wrong, not the count
        if np.isclose(float(mistakes), percent, rtol=0, atol=1e-6):
            return not_yet(TEXT("record_percentage", given=float(mistakes), n=n_test))
        if np.isclose(float(mistakes), percent / 100, rtol=0, atol=1e-8):  # 0.0021: the share wrong
            return not_yet(TEXT("record_share", given=float(mistakes), n=n_test))
    given = take_answer(mistakes, TEXT["what_record"], whole=True)
    wrong = round(n_test * (1 - RECORD["accuracy"]))
    if given == wrong:
        return right(TEXT("record_right", wrong=wrong, n=n_test))
    if given == n_test - wrong:
        return not_yet(TEXT("record_right_ones", given=given))
    return not_yet(TEXT("record_wrong", given=given, n=n_test, accuracy=RECORD["accuracy"]))


@exercise
def check_confident_noise(confident, net, noise):
    """How many of the noise images (rows of `noise`) get a largest output above 0.9 from `net`?"""
    given = take_answer(confident, TEXT["what_confident"], whole=True)
    outputs = net.feedforward(np.asarray(noise).T)
    count = int(np.sum(outputs.max(axis=0) > CONFIDENT))
    n = outputs.shape[1]
    if given == count:
        return right(TEXT("confident_right", count=count, n=n))
    if given == n - count:
        return not_yet(TEXT("confident_flipped", given=given, n=n))
    if given == int(np.sum(outputs > CONFIDENT)) and given != count:
        return not_yet(TEXT("confident_outputs", given=given))
    return not_yet(TEXT("confident_wrong", given=given, n=n, limit=CONFIDENT))


# ----- the claims, checked over seeds (nnbook/claims.py; tests/test_claims.py runs them) -----

@lru_cache(maxsize=None)
def _digits():
    """MNIST's training and validation digits as (images, labels) pairs, loaded once."""
    from ..data import load_mnist

    training, validation, _ = load_mnist(progress=False)
    return (training.images, training.labels), (validation.images, validation.labels)


#: The networks of the noise claim: FastNetwork 784-30-10 trained on 10,000 training digits, 10 epochs.
NOISE_RECIPE = {"sizes": [784, 30, 10], "epochs": 10, "mini_batch_size": 10, "eta": 3.0, "n": 10_000}


def _noise_claim(seed):
    """A network trained from `seed`: its share of confident answers on 1,000 noise images (drawn with that
    seed), and on 1,000 validation digits."""
    (images, labels), validation = _digits()
    n = NOISE_RECIPE["n"]
    net, _, _ = train(NOISE_RECIPE["sizes"], (images[:n], labels[:n]), NOISE_RECIPE["epochs"],
                      NOISE_RECIPE["mini_batch_size"], NOISE_RECIPE["eta"], seed=seed)
    share, answers = noise_confidence(net, 1000, NOISE_DENSITY, seed)
    return share, digits_confidence(net, validation[0][:1000]), int(np.count_nonzero(answers))


@lru_cache(maxsize=None)
def _svm_curve():
    training, (images, labels) = _digits()
    return tuple(svm_curve(training, (images[:1000], labels[:1000])))


def _curve_claim(seed):
    """The size curve on 1,000 validation digits: the network's accuracies (from `seed`) and the SVM's."""
    training, (images, labels) = _digits()
    return tuple(size_curve(training, (images[:1000], labels[:1000]), seed)), _svm_curve()


def _curve_holds(measured):
    network, svm = measured
    return (all(b > a for a, b in zip(network, svm))              # at every size the SVM reads more right
            and network[-1] > svm[0]                               # the network on 4,000 beats the SVM on 500
            and all(b > a for a, b in zip(network, network[1:])))  # and more data always helped the network


CLAIMS = (
    Claim("noise_confident", ("l08_beyond_the_network.toml:noise_claim", "teacher-guide.md"),
          "networks trained from seeds 0–4 (10,000 digits, 10 epochs) answer every one of 1,000 noise images (each "
          "pixel inked with probability 0.1), between 10% and 35% of them with an output above 0.9 (measured: 13% to "
          "33%) — against more than 70% of real validation digits (measured: 72% to 78%) — and their answers spread "
          "over at least 5 different digits (measured: all 10)",
          measure=_noise_claim,
          holds=lambda m: 0.10 <= m[0] <= 0.35 and m[1] > 0.7 and m[2] >= 5, seeds=(0, 1, 2, 3, 4)),
    Claim("more_data", ("l08_beyond_the_network.toml:curve_claim", "teacher-guide.md"),
          "trained on the first 500, 1,000, 2,000 and 4,000 training digits (networks: the same 8,000 steps, seeds "
          "0–4), the SVM reads more of 1,000 validation digits right than the network at every size (SVM: 84.4%, "
          "89.6%, 92.9%, 94.6%; networks: 74–75%, 78–80%, 82–86%, 87–89%), yet the network on 4,000 digits beats "
          "the SVM on 500, and each size up helps the network",
          measure=_curve_claim, holds=_curve_holds, seeds=(0, 1, 2, 3, 4)),
)
