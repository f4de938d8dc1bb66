"""Lesson 09, an appendix: the same learning, faster.

Lesson 06 trains with `Network`, written to be read.  This appendix takes the very same gradient
step three ways and times them, and shows the fast engine that lessons 06 and 07 use where they
train many networks:

* `three_ways(training, ...)`: three copies of one network take the same mini-batch steps — one
  `backprop` per example (`nnbook.per_example`), the matrix form (`Network.update_mini_batch`) and
  `FastNetwork`'s in-place step (`nnbook.fast.FastStep`); it returns the time each took and how far
  their weights ended apart.  `same_weights_text` and `timing_text` say it in words.
* `code_of(*functions)`: the source of functions, read live with `inspect`, for the projector.
* `check_backprop_calls`: the exercise.
"""

import time
import unicodedata
from collections import namedtuple
from functools import lru_cache

import numpy as np

from .._validate import positive_int, positive_number
from ..claims import Claim
from ..fast import FastNetwork, FastStep
from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue
from ..listings import AnnotatedSource, code_lines
from ..network import Network, one_hot
from ..per_example import per_example_step

#: What the appendix says, in the language in use (nnbook/locales/*/l09_appendix_speed.toml).
TEXT = catalogue("l09_appendix_speed")


def code_of(*functions):
    """The current source of `functions` (without docstrings), shown as code on the projector."""
    blocks = [(f.__qualname__, [(line, None) for line in code_lines(f)]) for f in functions]
    n_lines = sum(1 for _, rows in blocks for line, _ in rows if line.strip() and not line.strip().startswith("#"))
    return AnnotatedSource(blocks, n_lines)


# ----- one step, three ways: the same weights, different speed -----

LoopComparison = namedtuple("LoopComparison",
                            "n_batches mini_batch_size matrix_seconds loop_seconds fast_seconds max_difference")


def three_ways(training, sizes=(784, 30, 10), n_batches=300, mini_batch_size=10, eta=3.0, seed=1):
    """Three identical networks take the same `n_batches` steps: one with `update_mini_batch`
    (all m examples in one matrix product), one with `per_example_step` (nnbook.per_example: one
    `backprop` per example), and one with the `FastStep` that `FastNetwork.SGD` runs
    (update_mini_batch's arithmetic without new arrays).  Returns the time each took and the largest difference
    between the weights and biases of the first two and the loop's afterwards.
    """
    n_batches = positive_int(n_batches, "n_batches")
    m = positive_int(mini_batch_size, "mini_batch_size")
    eta = positive_number(eta, "eta")
    matrix, loop, fast = (Network(sizes, seed=seed) for _ in range(3))
    images, labels = training
    x, y = np.asarray(images, dtype=float).T, one_hot(labels).T  # one example per column
    order = np.random.default_rng(seed).permutation(x.shape[1])[:n_batches * m]
    batches = [(x[:, order[k:k + m]], y[:, order[k:k + m]]) for k in range(0, len(order), m)]
    seconds = []
    for step in (lambda xb, yb: matrix.update_mini_batch(xb, yb, eta),
                 lambda xb, yb: per_example_step(loop, xb, yb, eta),
                 FastStep(fast, m, eta)):
        start = time.perf_counter()
        for xb, yb in batches:
            step(xb, yb)
        seconds.append(time.perf_counter() - start)
    difference = max(float(np.max(np.abs(p - q))) for net in (matrix, fast)
                     for p, q in zip(net.weights + net.biases, loop.weights + loop.biases))
    return LoopComparison(len(batches), m, *seconds, difference)


def same_weights_text(result, tolerance=1e-10):
    """Whether the networks ended with the same weights (no timings: safe to compare)."""
    same = result.max_difference < tolerance
    return TEXT("same_weights", n_batches=result.n_batches, m=result.mini_batch_size, tolerance=tolerance,
                same=TEXT["yes" if same else "no"])


def _width(text):
    """How many columns `text` takes in a monospace font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def timing_text(result):
    """How long each way took, and how much faster than the loop the other two were."""
    rows = [(TEXT("way", name=TEXT["ways"][key]), seconds) for key, seconds in
            (("loop", result.loop_seconds), ("matrix", result.matrix_seconds), ("fast", result.fast_seconds))]
    column = max(58, max(_width(name) for name, _ in rows) + 1)  # the names, padded to one column
    lines = [name + " " * (column - _width(name)) + " " + TEXT("seconds", seconds=seconds)
             + (TEXT("faster", ratio=result.loop_seconds / seconds) if i else "")
             for i, (name, seconds) in enumerate(rows)]
    return "\n".join(lines) + "\n" + TEXT("difference", difference=result.max_difference)


# ----- exercise -----

@exercise
def check_backprop_calls(per_example, matrix_form, n=50_000, m=10):
    """How many times is `backprop` called in one epoch of the book's run, one example at a time / per mini-batch?"""
    a = take_answer(per_example, TEXT["what_per_example"], whole=True)
    b = take_answer(matrix_form, TEXT["what_matrix_form"], whole=True)
    if (a, b) == (n, n // m):
        return right(TEXT("right", n=n, batches=n // m))
    if a != n:
        return not_yet(TEXT("not_per_example", answer=a, n=n))
    return not_yet(TEXT("not_matrix_form", answer=b, n=n, m=m))


# ----- the claims, checked over seeds (nnbook/claims.py; tests/test_claims.py runs them) -----

@lru_cache(maxsize=None)
def _digits():
    """MNIST's training and validation digits as (images, labels) pairs, loaded once."""
    from ..data import load_mnist

    training, validation, _ = load_mnist(progress=False)
    return (training.images, training.labels), (validation.images, validation.labels)


def _after_300_steps(seed):
    return three_ways(_digits()[0], n_batches=300, seed=seed).max_difference


#: How far a longer run takes `Network` and `FastNetwork` apart.  Measured on seeds 0–2 (784-30-10, the book's
#: recipe): after one epoch their weights differ by 5e-7 to 3e-5 and they read 0 or 1 validation digit differently;
#: after two, by 0.34 to 0.38, and they read 267 to 331 of the 10,000 validation digits differently, while their
#: accuracies stay within 0.35 points of each other.
DRIFT_EPOCHS = 2


@lru_cache(maxsize=None)
def _drift(seed, epochs=DRIFT_EPOCHS):
    """`Network` and `FastNetwork` trained from the same seed, epoch by epoch, by the book's recipe: after each
    epoch, the largest difference between their weights and biases, how many validation digits they read
    differently, and how far apart their accuracies on them are."""
    training, (images, labels) = _digits()
    nets = [cls([784, 30, 10], seed=seed) for cls in (Network, FastNetwork)]
    orders = [np.random.default_rng(seed) for _ in nets]  # each goes on drawing its epochs' orders
    found = []
    for _ in range(epochs):
        for net, order in zip(nets, orders):
            net.SGD(training, 1, 10, 3.0, seed=order)
        difference = max(float(np.max(np.abs(p - q))) for p, q in zip(nets[0].weights + nets[0].biases,
                                                                      nets[1].weights + nets[1].biases))
        guesses = [net.predict(images.T) for net in nets]
        gap = abs(float(np.mean(guesses[0] == labels) - np.mean(guesses[1] == labels)))
        found.append((difference, int(np.count_nonzero(guesses[0] != guesses[1])), gap))
    return tuple(found)


def _drifted(found):
    (one_epoch, differ_1, _), (two_epochs, differ_2, gap) = found
    return one_epoch < 1e-4 and differ_1 <= 5 and two_epochs > 0.1 and 200 <= differ_2 <= 400 and gap < 0.005


CLAIMS = (
    Claim("same_weights", ("l09_appendix_speed.toml:same_weights", "09_appendix_speed.ipynb#9ddc3911",
                           "teacher-guide.md"),
          "after 300 mini-batches of 10, the loop, the matrix form and FastStep end with weights less than 1e-10 apart",
          measure=_after_300_steps, holds=lambda difference: difference < 1e-10, seeds=(0, 1, 2, 3, 4)),
    Claim("long_runs_drift", ("09_appendix_speed.ipynb#3f0be8f2", "teacher-guide.md"),
          "Network and FastNetwork from the same seed: after one epoch of the book's recipe their weights agree to "
          "1e-4 and they read at most 5 validation digits differently; after two they are more than 0.1 apart and "
          "read 200 to 400 of the 10,000 validation digits differently, their accuracies within half a point",
          measure=_drift, holds=_drifted, seeds=(0, 1, 2)),
)
