"""No English sentence reaches a Chinese student from nnbook's objects: what a cell shows when its last line is one of
them (its repr, and its HTML where it has one), each object in the states a lesson shows it in.  The errors are
checked by tests/test_student_errors.py and tests/test_lesson_errors.py, the listings by tests/test_listings.py.
"""

import numpy as np
import pytest

import nnbook
from i18n_checks import CJK, ENGLISH_RUN
from nnbook.baselines import AverageDarkness
from nnbook.data import Digits
from nnbook.datasets import examples
from nnbook.fast import FastNetwork
from nnbook.feedback import not_yet, right
from nnbook.gradient_descent import gradient_descent
from nnbook.network import History, Network
from nnbook.perceptron import Perceptron


def digits(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return Digits(rng.random((n, 784)).astype(np.float32), np.arange(n) % 10)


def trained_darkness():
    model = AverageDarkness()
    model.fit(*digits())
    return model


def history(evaluated_on, epochs=2):
    h = History(evaluated_on)
    for epoch in range(epochs):
        h.record(epoch, 0.9 + epoch / 100, 0.1 - epoch / 100)
    return h


def walked():
    return gradient_descent(lambda v: float(v @ v), [1.0, 2.0], 0.1, 3, gradient=lambda v: 2 * v)


#: (what, how to make it, whether its words must be Chinese (False: code only, such as Network([784, 30, 10])))
OBJECTS = [
    ("AverageDarkness() before fit", AverageDarkness, True),
    ("AverageDarkness() after fit", trained_darkness, False),
    ("History before training", lambda: History("validation"), True),
    *[(f"History on {on} digits", lambda on=on: history(on), True) for on in ("training", "validation", "test")],
    ("Network", lambda: Network([784, 30, 10], seed=0), False),
    ("FastNetwork", lambda: FastNetwork([784, 30, 10], seed=0), False),
    ("Perceptron", lambda: Perceptron([-2, -2], bias=3), False),
    ("Digits", digits, True),
    ("Examples", lambda: examples(digits(), Network([784, 30, 10], seed=0)), True),
    ("a gradient descent path", walked, True),
    ("feedback: right", lambda: right("x = 1"), True),  # the words are the verdict's: the message is a lesson's
    ("feedback: not yet", lambda: not_yet("x = 1"), True),
]


def shown_texts(thing):
    texts = [repr(thing)]
    if hasattr(thing, "_repr_html_"):
        texts.append(thing._repr_html_())
    return texts


@pytest.mark.parametrize("what, make, chinese_words", OBJECTS, ids=[o[0] for o in OBJECTS])
def test_what_a_chinese_student_sees_of_it_has_no_english_sentence(what, make, chinese_words, chinese):
    for text in shown_texts(make()):
        left = ENGLISH_RUN.search(text.replace("<", " <").replace(">", "> "))
        assert not left, f"{what}: English in what a Chinese student sees: {left.group()!r} in {text[:300]!r}"
        if chinese_words:
            assert CJK.search(text), f"{what} shows no Chinese: {text[:200]!r}"


@pytest.mark.parametrize("what, make, chinese_words", [o for o in OBJECTS if o[2]], ids=[o[0] for o in OBJECTS if o[2]])
def test_in_english_the_same_objects_speak_english(what, make, chinese_words):
    nnbook.set_language("en")
    for text in shown_texts(make()):
        assert not CJK.search(text), f"{what}: Chinese in English: {text[:200]!r}"
