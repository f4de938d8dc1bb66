"""Checks at the door: turn a student's slip into one clear ValueError.

Each helper says what was expected, what was given, and (where it helps) what to do,
so that nothing fails three calls deeper with a bare NumPy message.
"""

import numpy as np


def as_finite_array(value, name, dtype=np.float64):
    """`value` as a float array, refusing NaN and infinity."""
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers; got {type(value).__name__} {value!r:.80}") from None
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s); every value must be a finite number "
            "(check how the data was loaded or scaled)"
        )
    return arr


def as_layer_sizes(sizes):
    """A list of at least two positive whole numbers, e.g. [784, 30, 10]."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer sizes such as [784, 30, 10]; got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"a network needs at least an input and an output layer, e.g. [784, 30, 10]; got {sizes!r}"
        )
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"every layer size must be a whole number ≥ 1; got {n!r} in {sizes!r}")
    return [int(n) for n in sizes]


def as_labels(labels, n_classes, name="labels"):
    """Whole-number class labels 0 … n_classes − 1, as an int array."""
    arr = np.asarray(labels)
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must be whole numbers 0–{n_classes - 1}; got non-integer values")
    elif arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must be whole numbers 0–{n_classes - 1}; got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(
            f"{name} must lie in 0–{n_classes - 1} (one per output neuron); "
            f"got values from {arr.min()} to {arr.max()}"
        )
    return arr


def positive_number(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number > 0; got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    return value


def positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number ≥ 1; got {value!r}")
    return int(value)


def float_dtype(dtype):
    """The network's number type: np.float64 (None means this default) or np.float32, as a NumPy dtype."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = np.dtype(object)
    if checked.type not in (np.float64, np.float32):
        raise ValueError(f"dtype must be np.float64 (the default, the book's precision) or np.float32 "
                         f"(single precision: faster to train); got {dtype!r}")
    return checked
