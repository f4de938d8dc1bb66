"""Checks for lesson 03's exercises: where a pixel goes, how many parameters, the guess.

Each check returns a `Feedback` (see nnbook.checks): right, with why, or not yet, with a
hint — never a crash, whatever the answer looks like.
"""

import numpy as np

from . import not_yet, right
from ..widgets.digits import parameter_count, parameter_count_text


def _whole(value):
    if isinstance(value, bool) or value is ...:
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return None


def check_pixel_index(answer, row=5, col=12):
    """Where pixel (row, col) of a 28 × 28 image lands in the list of 784 inputs (counting from 0)."""
    if answer is ...:
        return not_yet("replace ... with a whole number from 0 to 783.")
    k = _whole(answer)
    want = row * 28 + col
    if k is None:
        return not_yet(f"the position is one whole number from 0 to 783; got {answer!r}.")
    if k == want:
        return right(f"rows are laid end to end: {row} full rows of 28 come first, so pixel ({row}, {col}) is "
                     f"number {row}·28 + {col} = {want}.")
    if k == col * 28 + row:
        return not_yet("you swapped row and column: the image is flattened row by row, so skip whole rows first.")
    if k == want + 1:
        return not_yet("close — Python counts from 0, so the first pixel is number 0, not 1.")
    return not_yet(f"the image is flattened row by row: first all 28 pixels of row 0, then row 1, … "
                   f"How many pixels come before row {row}?")


def check_parameter_count(answer, sizes=(784, 30, 10)):
    """The number of weights and biases of a network with these layer sizes (the book's [784, 30, 10])."""
    if answer is ...:
        return not_yet("replace ... with a whole number.")
    k = _whole(answer)
    want = parameter_count(sizes)
    if k is None:
        return not_yet(f"a count is one whole number; got {answer!r}.")
    if k == want:
        return right(f"{parameter_count_text(sizes)}: twice as many hidden neurons, about twice as many "
                     "knobs to set.")
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if k == weights:
        return not_yet(f"{k:,} counts the weights only; every hidden and output neuron also has a bias.")
    if k == weights + sum(sizes):
        return not_yet("input neurons have no bias: they just hold the pixels.")
    return not_yet("count layer by layer: each neuron of a layer has one weight per neuron of the layer "
                   "before, plus one bias.")


def check_guess(guess):
    """`guess(outputs)` should return the digit whose output activation is the largest."""
    if guess is ... or not callable(guess):
        return not_yet("define a function guess(outputs) that returns a digit 0–9.")
    cases = [np.array([0.1, 0.2, 0.9, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.9, 0.2, 0.1, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.3]),
             np.array([0.1, 0.2, 0.3, 0.3, 0.0, 0.1, 0.2, 0.1, 0.4, 0.95]).reshape(10, 1)]
    for outputs in cases:
        want = int(np.argmax(outputs))
        try:
            got = guess(outputs.copy())
        except Exception as exc:  # a student's function may fail in any way: say how, don't crash
            return not_yet(f"guess raised {type(exc).__name__}: {exc}")
        if got is ...:
            return not_yet("guess still returns ... : replace it with your code.")
        if _whole(got) != want:
            shown = np.round(outputs.reshape(-1), 2).tolist()
            return not_yet(f"for outputs {shown} guess returned {got!r}, but output {want} is the largest. "
                           "Hint: np.argmax.")
    return right("the guess is the position of the largest output: np.argmax(outputs). "
                 "It works for a flat array and for a (10, 1) column alike.")
