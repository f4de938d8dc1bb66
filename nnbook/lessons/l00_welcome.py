"""Lesson 00, welcome: the MNIST digits — and a first exercise with feedback.

* `check_count_of_fives(answer, labels)`: how many of the training digits are 5s — the first use of
  `check(...)`-style feedback, and of a NumPy comparison over a whole array.
"""

import numpy as np

from ..feedback import not_yet, read_answer, right

#: What the exercise says (one place, to be translated).
TEXT = {
    "blank": "replace ... with a whole number: how many training digits are 5s.",
    "right": "{count:,} of the {total:,} training digits are 5s, {share:.1f}%. `training.labels == 5` makes one "
             "True or False per digit, and `np.sum` counts the Trues — no loop needed.",
    "all": "{answer:,} is every training digit; count only those whose label is 5.",
    "other_digit": "{answer:,} is how many {digit}s there are — count the 5s.",
    "wrong": "{answer:,} is not it: compare `training.labels == 5`, then count the Trues with `np.sum(...)`.",
}


def check_count_of_fives(answer, labels):
    """Exercise 1: how many of the training digits (their `labels`) are 5s?"""
    n, problem = read_answer(answer, "the number of 5s", whole=True, blank=TEXT["blank"])
    if problem is not None:
        return problem
    labels = np.asarray(labels)
    counts = np.bincount(labels, minlength=10)
    if n == counts[5]:
        return right(TEXT["right"].format(count=n, total=len(labels), share=100 * n / len(labels)))
    if n == len(labels):
        return not_yet(TEXT["all"].format(answer=n))
    if n in counts:
        return not_yet(TEXT["other_digit"].format(answer=n, digit=int(np.flatnonzero(counts == n)[0])))
    return not_yet(TEXT["wrong"].format(answer=n))
