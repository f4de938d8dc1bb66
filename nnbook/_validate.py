"""Checks at the door: turn a student's slip into one clear error.

Each helper raises an `InputError` (a ValueError) with a key of nnbook/locales/*/errors.toml and the values
that explain it — what was expected, what was given, and (where it helps) what to do — so that
nothing fails three calls deeper with a bare NumPy message, and the student reads it in the language
in use.  `name` is the argument's name as code ("eta", "training_data[0]"), the same in every language.
"""

import numpy as np

from .errors import InputError


def as_finite_array(value, name, dtype=np.float64):
    """`value` as a float array, refusing NaN and infinity."""
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise InputError("not_numbers", name=name, got=f"{type(value).__name__} {value!r:.80}") from None
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise InputError("not_finite", name=name, bad=bad)
    return arr


def as_layer_sizes(sizes):
    """A list of at least two positive whole numbers, e.g. [784, 30, 10]."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise InputError("sizes_not_a_list", got=repr(sizes)) from None
    if len(sizes) < 2:
        raise InputError("too_few_layers", got=repr(sizes))
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InputError("layer_size", n=repr(n), sizes=repr(sizes))
    return [int(n) for n in sizes]


def as_labels(labels, n_classes, name="labels"):
    """Whole-number class labels 0 … n_classes − 1, as an int array."""
    arr = np.asarray(labels)
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise InputError("labels_not_whole", name=name, last=n_classes - 1)
    elif arr.dtype.kind not in "iu":
        raise InputError("labels_kind", name=name, last=n_classes - 1, dtype=arr.dtype)
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise InputError("labels_range", name=name, last=n_classes - 1, low=arr.min(), high=arr.max())
    return arr


def positive_number(value, name):
    """A finite number > 0, e.g. the learning rate eta."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError("not_a_number", name=name, got=repr(value))
    if not np.isfinite(value) or value <= 0:
        raise InputError("not_positive", name=name, got=repr(value))
    return value


def positive_int(value, name):
    """A whole number ≥ 1, e.g. epochs."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InputError("not_a_count", name=name, got=repr(value))
    return int(value)


def float_dtype(dtype):
    """The network's number type: np.float64 (None means this default) or np.float32, as a NumPy dtype."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = np.dtype(object)
    if checked.type not in (np.float64, np.float32):
        raise InputError("dtype", got=repr(dtype))
    return checked
