"""The quadratic cost: one number that says how wrong the network is.

For training inputs x with desired outputs y(x), and the network's actual outputs a,

    C = 1/(2n) · Σ_x ‖y(x) − a‖²

It is never negative, it is 0 only when every output is exactly right, and higher
means worse.  Learning means changing the weights and biases so that C goes down.
"""

import numpy as np

from ._validate import as_finite_array
from .errors import InputError


def quadratic_cost(a, y):
    """C = 1/(2n) Σ ‖y − a‖² for outputs `a` and desired outputs `y` of the same shape.

    A 1-D array is one example.  A 2-D array holds one example per **column**, as the
    network computes them: shape (n_outputs, n_examples).  Returns a float.
    """
    a = as_finite_array(a, "a")
    y = as_finite_array(y, "y")
    if a.shape != y.shape:
        raise InputError("shapes_differ", a=a.shape, y=y.shape)
    n = a.shape[1] if a.ndim == 2 else 1
    return float(np.sum((y - a) ** 2) / (2 * n))


def cost_derivative(a, y):
    """∂C_x/∂a = a − y: how the cost of one example changes as each output changes."""
    return a - y
