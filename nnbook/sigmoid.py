"""The sigmoid neuron's activation function, and the perceptron's step beside it.

A perceptron fires (outputs 1) when its weighted input z = w·x + b is above 0, and
stays at 0 otherwise: a *step*. A sigmoid neuron outputs σ(z) = 1 / (1 + e^(−z))
instead, a smooth "soft step" that moves from 0 to 1 as z grows. Because σ is smooth,
a small change in a weight or bias makes a small change in the output, which is what
lets a network learn by small adjustments.
"""

import numpy as np

#: e^(−z) overflows float64 a little above −z = 709 (float32: 88).  Beyond these limits σ(z) is 0 to
#: the last bit anyway, so `sigmoid` caps −z there: the same numbers, and no overflow warning, whatever
#: value a slider sends in.
LIMIT = {np.dtype(np.float64): 700.0, np.dtype(np.float32): 87.0}


def _as_float_array(z):
    z = np.asarray(z)
    return z if z.dtype in LIMIT else z.astype(np.float64)


def _result(z_in, out):
    """Give back a Python float for a scalar input, an array for an array input."""
    return float(out) if np.ndim(z_in) == 0 else out


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)): the output of a sigmoid neuron whose weighted input is z.

    Works on a number or on a NumPy array (element by element).  σ(0) = 0.5; σ(z) → 1
    as z → +∞ and → 0 as z → −∞.  Any finite or infinite input is fine: there is no
    overflow warning even for z = ±1000.
    """
    z = _as_float_array(z)
    minus_z = np.minimum(-z, z.dtype.type(LIMIT[z.dtype]))  # e^(−z) can no longer overflow
    return _result(z, 1 / (1 + np.exp(minus_z)))


def sigmoid_prime(z):
    """The slope of σ at z: σ'(z) = σ(z)·(1 − σ(z)).

    It is largest (0.25) at z = 0 and tends to 0 far from 0, where the curve is flat:
    there, changing z barely changes the output.
    """
    s = sigmoid(_as_float_array(z))
    return _result(z, s * (1.0 - s))


def step(z):
    """The perceptron's activation: 1 where z > 0, else 0 (as floats)."""
    a = _as_float_array(z)
    return _result(z, (a > 0).astype(a.dtype))
