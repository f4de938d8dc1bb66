"""Checks for lesson 02's exercises: σ(0), σ's limits, the huge-weight limit, a small-change estimate.

Each check returns a `Feedback` (see nnbook.checks): right, with why, or not yet, with a hint.
"""

import math
from itertools import product

import numpy as np

from . import not_yet, read_number, right
from ..perceptron import nand_perceptron
from ..sigmoid import sigmoid, sigmoid_prime

INPUTS = list(product((0, 1), repeat=2))


def check_sigma_zero(answer):
    """Exercise: what is σ(0)?"""
    v, problem = read_number(answer, "your value of σ(0)")
    if problem is not None:
        return problem
    if math.isclose(v, 0.5, abs_tol=1e-9):
        return right("σ(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 0.5: exactly halfway between 0 and 1, where the "
                     "perceptron's step jumps.")
    if v in (0.0, 1.0):
        return not_yet(f"{v:g} is what a perceptron would give near z = 0 (it jumps from 0 to 1 there). "
                       "The sigmoid does not jump: compute 1 / (1 + e^(−0)), remembering that e^0 = 1.")
    return not_yet(f"σ(0) is not {v:g}: put z = 0 into σ(z) = 1 / (1 + e^(−z)); e^0 = 1.")


def check_limits(large_z, small_z):
    """Exercise: what does σ(z) approach as z → +∞ (`large_z`) and as z → −∞ (`small_z`)?"""
    hi, problem = read_number(large_z, "the limit for z → +∞")
    if problem is not None:
        return problem
    lo, problem = read_number(small_z, "the limit for z → −∞")
    if problem is not None:
        return problem
    if (hi, lo) == (1.0, 0.0):
        return right("for huge z, e^(−z) is almost 0 and σ(z) ≈ 1/(1 + 0) = 1; for very negative z, e^(−z) is "
                     "enormous and σ(z) ≈ 0. Far from 0 a sigmoid neuron behaves like a perceptron.")
    if (hi, lo) == (0.0, 1.0):
        return not_yet("you swapped them: when z is large and positive, is e^(−z) large or tiny? "
                       "And what is 1 / (1 + that)?")
    wrong = []
    if hi != 1.0:
        wrong.append(f"as z → +∞ the limit is not {hi:g} (e^(−z) → 0 there; what is 1 / (1 + 0)?)")
    if lo != 0.0:
        wrong.append(f"as z → −∞ the limit is not {lo:g} (e^(−z) grows without bound there; what happens to "
                     "1 / (1 + a huge number)?)")
    return not_yet("; ".join(wrong) + ".")


#: How close (at most) the scaled sigmoid neuron must come to the NAND perceptron on every input.
HUGE_C_TOLERANCE = 0.01


def check_huge_c(c):
    """Exercise: a factor c so that the sigmoid neuron with weights c·(−2, −2) and bias c·3 acts as NAND.

    Right when its output is within 0.01 of the NAND perceptron's on all four binary inputs.
    """
    v, problem = read_number(c, "your factor c")
    if problem is not None:
        return problem
    if not v > 0:
        return not_yet(f"c must be positive (got {v:g}): a c ≤ 0 flips or flattens the curve instead of "
                       "sharpening it.")
    nand = nand_perceptron()
    rows, worst = [], (0.0, None)
    for x in INPUTS:
        z = float(nand.z(x))
        a = sigmoid(v * z)
        gap = abs(a - nand(x))
        rows.append(f"{x[0]}{x[1]} → {a:.4f}")
        if gap > worst[0]:
            worst = (gap, x, a, nand(x))
    shown = ", ".join(rows)
    if worst[0] <= HUGE_C_TOLERANCE:
        return right(f"with c = {v:g} the sigmoid neuron gives {shown}: the NAND perceptron's 1, 1, 1, 0 to within "
                     f"0.01. As c → ∞, σ(c·z) → 1 for z > 0 and → 0 for z < 0: the perceptron is the sigmoid neuron's "
                     "limit. Only where z = 0 exactly would it stay at σ(0) = 0.5.")
    _, x, a, want = worst
    return not_yet(f"with c = {v:g} the outputs are {shown}; for input {x[0]}{x[1]} it gives {a:.4f}, more than 0.01 "
                   f"away from the perceptron's {want}. Make c larger, so that σ(c·z) comes closer to the step.")


#: The neuron and the nudge of the estimate exercise: inputs (0.619, 0.987), weights (−2, −2), bias 3; Δw1 = 0.02.
ESTIMATE_X = np.array([0.619, 0.987])
ESTIMATE_W = np.array([-2.0, -2.0])
ESTIMATE_B = 3.0
ESTIMATE_DW1 = 0.02


#: An estimate rounded to two significant figures (0.0031) still counts as right.
ESTIMATE_TOLERANCE = 5e-5


def check_estimate(answer):
    """Exercise: estimate Δa for Δw1 = 0.02 (Δw2 = Δb = 0) from ∂a/∂w1 = σ'(z)·x1."""
    v, problem = read_number(answer, "your estimate of Δa")
    if problem is not None:
        return problem
    z = float(ESTIMATE_W @ ESTIMATE_X + ESTIMATE_B)
    slope = sigmoid_prime(z)
    estimate = slope * ESTIMATE_X[0] * ESTIMATE_DW1
    real = sigmoid(z + ESTIMATE_X[0] * ESTIMATE_DW1) - sigmoid(z)
    if abs(v - estimate) <= ESTIMATE_TOLERANCE or abs(v - real) <= ESTIMATE_TOLERANCE:
        return right(f"Δa ≈ ∂a/∂w1 · Δw1 = σ'(z)·x1 · 0.02 = {slope:.4f} × 0.619 × 0.02 = {estimate:.6f}; the real "
                     f"change is {real:.6f}. For a small nudge the estimate is excellent.")
    if abs(v - slope * ESTIMATE_DW1) <= ESTIMATE_TOLERANCE:
        return not_yet("that is σ'(z)·Δw1, the rule for the bias. For a weight, multiply by its input too: "
                       "∂a/∂w1 = σ'(z)·x1.")
    if abs(v - ESTIMATE_X[0] * ESTIMATE_DW1) <= ESTIMATE_TOLERANCE or abs(v - ESTIMATE_DW1) <= ESTIMATE_TOLERANCE:
        return not_yet("you left out the sigmoid's slope σ'(z) = σ(z)(1 − σ(z)): ∂a/∂w1 = σ'(z)·x1.")
    if abs(v + estimate) <= ESTIMATE_TOLERANCE:
        return not_yet("right size, wrong sign: a larger w1 with a positive input x1 makes z larger, and σ only goes "
                       "up as z grows.")
    return not_yet(f"not {v:g}. Compute z = w·x + b, then σ'(z) = σ(z)(1 − σ(z)), then ∂a/∂w1 = σ'(z)·x1, and "
                   "multiply by Δw1 = 0.02.")
