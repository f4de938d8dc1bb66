"""Checks for lesson 01's exercises: weights for AND and OR, and scaling a perceptron.

Each check returns a `Feedback` (see nnbook.checks): right, with why it works, or not yet,
with which input goes wrong and a hint — never a crash, whatever the answer looks like.
"""

from itertools import product

import numpy as np

from . import as_number, not_yet, right
from ..perceptron import GATES, Perceptron, gate_name, nand_perceptron

INPUTS = list(product((0, 1), repeat=2))


def _is_placeholder(value):
    return value is ... or (isinstance(value, (list, tuple)) and any(v is ... for v in value))


def _as_weights(weights):
    """Two finite numbers as a float array, or None."""
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        return None
    return w if w.shape == (2,) and np.all(np.isfinite(w)) else None


def _fmt(v):
    return f"{float(v) + 0.0:g}"


def check_gate(gate, weights, bias):
    """Does the perceptron with these two weights and this bias compute `gate` ("AND", "OR", …)?"""
    if _is_placeholder(weights) or _is_placeholder(bias):
        return not_yet("replace each ... with a number: weights = [w1, w2] and bias = b.")
    w = _as_weights(weights)
    if w is None:
        return not_yet(f"weights should be two finite numbers, one per input, like [1, 1]; got {weights!r}.")
    b = as_number(bias)
    if b is None:
        return not_yet(f"bias should be one finite number, like -1; got {bias!r}.")
    p = Perceptron(w, bias=b)
    outputs = tuple(p(x) for x in INPUTS)
    want = GATES[gate]
    described = f"w = [{_fmt(w[0])}, {_fmt(w[1])}], b = {_fmt(b)}"
    if outputs == want:
        return right(f"{described} computes {gate}: the outputs for 00, 01, 10, 11 are "
                     f"{', '.join(map(str, outputs))}.")
    problems = []
    tie = False
    for x, out, need in zip(INPUTS, outputs, want):
        if out != need:
            z = float(p.z(x)) + 0.0
            tie |= z == 0
            sign = ">" if z > 0 else "≤"
            problems.append(f"for input ({x[0]}, {x[1]}) z = w·x + b = {z:g} {sign} 0, so the output is {out}, "
                            f"but {gate} needs {need}")
    message = f"{described} computes {gate_name(outputs)}, not {gate}: " + "; ".join(problems) + "."
    if tie:
        message += " Remember that z = 0 gives output 0: the perceptron fires only when z > 0."
    if tuple(Perceptron(w, bias=-b)(x) for x in INPUTS) == want:
        message += (f" With bias {_fmt(-b)} it would work: did you give the threshold? "
                    "The bias is minus the threshold, b = −threshold.")
    return not_yet(message)


def check_and(weights, bias):
    """Exercise: two weights and a bias for a perceptron that computes AND."""
    return check_gate("AND", weights, bias)


def check_or(weights, bias):
    """Exercise: two weights and a bias for a perceptron that computes OR."""
    return check_gate("OR", weights, bias)


#: The perceptrons (weights, bias) and the factors c the scaling check tries.
SCALING_CASES = [(w, b, c) for w, b in [([-2, -2], 3), ([1, 1], -1.5), ([1, 1], -0.5), ([2, -1], 0.5)]
                 for c in (0.5, 3, 100)]


def check_scaling(scaled):
    """Exercise: `scaled(p, c)` returns a new perceptron with every weight and the bias of p times c.

    Checks that it does exactly that (without changing p) and that for c > 0 the truth
    table never changes.
    """
    if not callable(scaled):
        return not_yet(f"pass your function itself, check_scaling(scaled), not {type(scaled).__name__} {scaled!r:.60}.")
    for w, b, c in SCALING_CASES:
        p = Perceptron(w, bias=b)  # a fresh one each time: a faulty `scaled` may change it
        before = (p.weights.copy(), p.bias)
        try:
            q = scaled(p, c)
        except Exception as error:  # the student's code failed: say how, don't crash
            return not_yet(f"scaled({p!r}, {c}) raised {type(error).__name__}: {error}")
        if not (np.array_equal(p.weights, before[0]) and p.bias == before[1]):
            return not_yet("scaled changed the perceptron it was given; build and return a new Perceptron instead.")
        if q is ...:
            return not_yet("scaled still returns ...: replace the ... with a new Perceptron.")
        if q is None:
            return not_yet("scaled returned None: did you forget `return`?")
        if not isinstance(q, Perceptron):
            return not_yet(f"scaled should return a Perceptron; it returned {type(q).__name__} {q!r:.60}.")
        weights_ok = q.weights.shape == p.weights.shape and np.allclose(q.weights, c * p.weights)
        bias_ok = np.isclose(q.bias, c * p.bias)
        if not (weights_ok and bias_ok):
            wrong = " and ".join(part for part, ok in (("weights", weights_ok), ("bias", bias_ok)) if not ok)
            message = (f"scaled({p!r}, {c}) gave {q!r}, but its {wrong} should be {c} times "
                       f"{'those' if wrong == 'weights' else 'that'} of p: weights {_fmt(c * p.weights[0])}, "
                       f"{_fmt(c * p.weights[1])} and bias {_fmt(c * p.bias)}.")
            changed = [x for x in INPUTS if p(x) != q(x)] if q.weights.shape == p.weights.shape else []
            if changed:
                message += f" See what goes wrong: the output for input {changed[0]} changed."
            return not_yet(message)
        if any(p(x) != q(x) for x in INPUTS):  # cannot happen for c > 0; kept as an honest check
            return not_yet(f"scaling {p!r} by {c} changed its truth table.")
    return right("for 4 perceptrons and c = 0.5, 3 and 100 the truth table never changed. Why: "
                 "z becomes c·(w·x + b) = c·z, and for c > 0, c·z > 0 exactly when z > 0.")


def check_negative_scaling(answer):
    """Exercise: which gate does the NAND perceptron compute after multiplying w and b by c = −1?"""
    flipped = Perceptron(-nand_perceptron().weights, bias=-nand_perceptron().bias)
    want = flipped.gate_name()
    if answer is ...:
        return not_yet('replace the ... with a gate name in quotes, e.g. "OR".')
    if not isinstance(answer, str):
        return not_yet(f'give the gate\'s name as text in quotes, e.g. "OR"; got {answer!r}.')
    name = answer.strip().upper()
    if name == want:
        return right(f"with w = [2, 2] and b = −3 the outputs for 00, 01, 10, 11 are "
                     f"{', '.join(str(flipped(x)) for x in INPUTS)}: {want}. A negative c flips the sign of z, so "
                     "every output flips — except where z was exactly 0.")
    if name == "NAND":
        return not_yet("for c < 0 the sign of z flips, so the outputs do change: compute z = w·x + b for "
                       "w = [2, 2], b = −3 and the four inputs.")
    if name not in {g.upper() for g in GATES}:
        return not_yet(f"{answer!r} is not one of the gates {', '.join(sorted(GATES))}.")
    return not_yet(f"not {answer.strip()}: compute z = w·x + b for w = [2, 2], b = −3 and each input 00, 01, 10, 11, "
                   "then output 1 where z > 0.")
