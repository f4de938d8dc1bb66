"""Lesson 00, welcome: the MNIST digits — and a first exercise with feedback.

* `split_sizes`, `index_slider`: the lesson's first table and its slider.  The code cells say their
  titles and captions with `TEXT(id, **values)`, from the catalogue (nnbook/locales/*/l00_welcome.toml).
* `check_count_of_fives(answer, labels)`: how many of the training digits are 5s — the first use of
  `check(...)`-style feedback, and of a NumPy comparison over a whole array.
"""

import numpy as np
from ipywidgets import IntSlider

from ..feedback import exercise, not_yet, right, take_answer
from ..i18n import catalogue

#: What the lesson says, in the language in use (nnbook/locales/*/l00_welcome.toml).
TEXT = catalogue("l00_welcome")


def split_sizes(training, validation, test):
    """One line: how many digits each of the three parts of MNIST holds."""
    return TEXT("split_sizes", training=len(training.labels), validation=len(validation.labels),
                test=len(test.labels))


def index_slider(n, value=7):
    """A slider over the positions 0 … n − 1 of the training digits."""
    return IntSlider(value=value, min=0, max=n - 1, description=TEXT["index"])


@exercise
def check_count_of_fives(answer, labels):
    """Exercise 1: how many of the training digits (their `labels`) are 5s?"""
    n = take_answer(answer, TEXT["what"], whole=True, blank=TEXT["blank"])
    labels = np.asarray(labels)
    counts = np.bincount(labels, minlength=10)
    if n == counts[5]:
        return right(TEXT("right", count=n, total=len(labels), share=100 * n / len(labels)))
    if n == len(labels):
        return not_yet(TEXT("all", answer=n))
    if n in counts:
        return not_yet(TEXT("other_digit", answer=n, digit=int(np.flatnonzero(counts == n)[0])))
    return not_yet(TEXT("wrong", answer=n))
