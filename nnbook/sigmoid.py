"""The sigmoid neuron's activation function, and the perceptron's step beside it.

A perceptron fires (outputs 1) when its weighted input z = w·x + b is above 0, and
stays at 0 otherwise: a *step*. A sigmoid neuron outputs σ(z) = 1 / (1 + e^(−z))
instead, a smooth "soft step" that moves from 0 to 1 as z grows. Because σ is smooth,
a small change in a weight or bias makes a small change in the output, which is what
lets a network learn by small adjustments.
"""

import numpy as np

# e^x overflows float64 a little above x = 709 and float32 above x = 88.  Beyond these
# limits σ is 0 or 1 to the last bit anyway, so capping −z there changes no result and
# keeps NumPy from ever warning about an overflow, whatever value a slider sends in.
_LIMIT = {np.dtype(np.float64): 700.0, np.dtype(np.float32): 87.0}
# The same limits, and the number 1, as 0-d arrays of each type: NumPy combines these with
# an array of that type faster than Python numbers, which counts when training calls σ
# ten thousand times an epoch on small arrays.
_CONSTANTS = {dtype: (np.array(limit, dtype), np.array(1, dtype)) for dtype, limit in _LIMIT.items()}


def _as_float_array(z):
    z = np.asarray(z)
    if z.dtype not in _LIMIT:
        z = z.astype(np.float64)
    return z


def _result(z_in, out):
    """Give back a Python float for a scalar input, an array for an array input."""
    return float(out) if np.ndim(z_in) == 0 else out


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)): the output of a sigmoid neuron whose weighted input is z.

    Works on a number or on a NumPy array (element by element).  σ(0) = 0.5; σ(z) → 1
    as z → +∞ and → 0 as z → −∞.  Any finite or infinite input is fine: there is no
    overflow warning even for z = ±1000.
    """
    a = _as_float_array(z)
    return _result(z, sigmoid_into(a, np.empty_like(a)))


def sigmoid_into(z, out):
    """σ(z) written into the float array `out` (which may be z itself, to work in place); returns out.

    The same σ as `sigmoid`, for code that computes it thousands of times on small arrays
    (training): it makes no new arrays.
    """
    limit, one = _CONSTANTS[out.dtype]
    # 1 / (1 + e^(−z)), step by step in out's memory:
    np.negative(z, out=out)  # −z,
    np.minimum(out, limit, out=out)  # capped where e^(−z) would overflow (σ is 0 there anyway),
    np.exp(out, out=out)  # e^(−z),
    out += one  # 1 + e^(−z),
    return np.reciprocal(out, out=out)  # σ(z).


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
