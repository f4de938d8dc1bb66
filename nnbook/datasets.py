"""Data at the door of a network: check it once, then hand out examples as columns.

A data set comes in as a pair (images, labels): images of shape (n, n_in), one flattened input
per row (MNIST's layout), and labels either whole numbers 0 … n_out − 1 of shape (n,) or one-hot
rows of shape (n, n_out).  The book's layout, a list of (x, y) pairs of columns, is accepted too.

`examples(data, net)` checks it against the network and gives back `Examples`: the same data,
checked, with the desired outputs y as one-hot rows in the network's dtype.  The network then
takes mini-batches from it as columns, `x, y = training.columns(rows)`, one example per column,
the layout its matrix products use.  Checked `Examples` passed in again are returned as they are,
so a method that receives them from another method checks nothing twice.

`inputs(a, net)` is the same door for `feedforward`: one input or a batch of columns.

`@checked` puts these doors in front of a method of `Network`: it checks the method's arguments by
their names (sizes, dtype, training_data, test_data, a, epochs, mini_batch_size, eta) once, where
they come in, and shows a progress bar if asked; the method itself holds only the learning.

Every error says what was expected, what was given, and what to do (an `InputError`, in the language
in use).
"""

import functools
import inspect

import numpy as np

from . import words
from ._validate import as_finite_array, as_labels, as_layer_sizes, float_dtype, positive_int, positive_number
from .errors import InputError


class Examples:
    """A data set checked for one network: `images` (n, n_in) rows, `targets` (n, n_out) one-hot rows, `labels` (n,).

    Images keep their own float type (MNIST's float32 is not copied for a float64 network);
    `columns` gives them in the network's dtype.
    """

    def __init__(self, images, targets, labels, dtype):
        self.images, self.targets, self.labels, self.dtype = images, targets, labels, dtype

    def __len__(self):
        return len(self.labels)

    def columns(self, rows=slice(None)):
        """(x, y) for the examples `rows` (all by default): x (n_in, m) and y (n_out, m), one example per column."""
        return self.images[rows].astype(self.dtype, copy=False).T, self.targets[rows].T

    def __repr__(self):
        return words.examples(self)


def examples(data, net, name="data"):
    """`data` checked for `net` (its sizes and dtype), as `Examples`; a clear ValueError if it does not fit."""
    n_in, n_out = net.sizes[0], net.sizes[-1]
    if isinstance(data, Examples):
        if data.dtype == net.dtype and data.images.shape[1] == n_in and data.targets.shape[1] == n_out:
            return data
        data = (data.images, data.labels)
    if isinstance(data, (list, tuple)) and len(data) and isinstance(data[0], tuple):  # the book's (x, y) pairs
        data = (np.stack([np.ravel(x) for x, _ in data]), [_label(y) for _, y in data])
    try:
        images, labels = data
    except (TypeError, ValueError):
        raise InputError("not_a_pair", name=name, got=type(data).__name__) from None
    images = as_finite_array(images, f"{name}[0]", dtype=None)
    if images.ndim != 2 or images.shape[1] != n_in:
        raise InputError("images_shape", name=name, n_in=n_in, shape=images.shape)
    if images.dtype.kind != "f" or np.result_type(images.dtype, net.dtype) != net.dtype:
        images = images.astype(net.dtype)  # (narrower floats, e.g. MNIST's float32, are kept as they are)
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape == (len(images), n_out):
        targets = as_finite_array(labels, f"{name}[1]", dtype=net.dtype)
        labels = np.argmax(targets, axis=1)
    else:
        if labels.shape != (len(images),):
            raise InputError("labels_shape", name=name, n=len(images), last=n_out - 1, n_out=n_out,
                             shape=labels.shape)
        labels = as_labels(labels, n_out, f"{name}[1]")
        targets = one_hot(labels, n_out).astype(net.dtype, copy=False)
    return Examples(images, targets, labels, net.dtype)


def inputs(a, net):
    """The input `a` of `net.feedforward`, checked: an (n_in, m) array of the network's dtype, one input per column.

    One input may be given as (n_in,) or (n_in, 1); a batch as (n_in, m).
    """
    a = as_finite_array(a, "a", dtype=net.dtype)
    n_in = net.sizes[0]
    if a.ndim == 1 and a.shape[0] == n_in:
        return a.reshape(n_in, 1)
    if a.ndim == 2 and a.shape[0] == n_in:
        return a
    if a.ndim == 2 and a.shape[1] == n_in:
        raise InputError("input_in_rows", n_in=n_in, shape=a.shape)
    raise InputError("input_is_an_image" if a.shape == (28, 28) else "input_shape", n_in=n_in, shape=a.shape)


def one_hot(labels, n=10):
    """Whole-number labels → rows with a single 1: 3 → [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]."""
    labels = as_labels(labels, n)
    out = np.zeros((labels.size, n))
    out[np.arange(labels.size), labels.reshape(-1)] = 1.0
    return out


def _label(label):
    arr = np.asarray(label)
    return int(np.argmax(arr)) if arr.size > 1 else int(arr)


#: How `checked` checks an argument of a learning method, by the argument's name: (value, network, name) → value.
CHECKS = {
    "sizes": lambda sizes, net, name: as_layer_sizes(sizes),
    "dtype": lambda dtype, net, name: float_dtype(dtype),
    "a": lambda a, net, name: inputs(a, net),
    "training_data": examples,
    "test_data": examples,
    "epochs": lambda value, net, name: positive_int(value, name),
    "mini_batch_size": lambda value, net, name: positive_int(value, name),
    "eta": lambda value, net, name: positive_number(value, name),
}


def checked(method):
    """A method of `Network` whose arguments are checked once, where they come in.

    Each argument named in `CHECKS` is checked (data sets become `Examples`, an input a column
    array) before the method runs; an optional argument left at None stays None.  With
    `progress=True` a progress bar counts the epochs (through the `callback` of `SGD`).
    """
    signature = inspect.signature(method)

    @functools.wraps(method)
    def door(net, *args, **kwargs):
        bound = signature.bind(net, *args, **kwargs)
        bound.apply_defaults()
        for name, value in bound.arguments.items():
            if name in CHECKS and not (value is None and signature.parameters[name].default is None):
                bound.arguments[name] = CHECKS[name](value, net, name)
        if not bound.arguments.get("progress"):
            return method(*bound.args, **bound.kwargs)
        bar, callback = words.progress_bar(bound.arguments["epochs"]), bound.arguments.get("callback")

        def tick(history):
            bar.update(1)
            if callback is not None:
                callback(history)

        bound.arguments["callback"] = tick
        try:
            return method(*bound.args, **bound.kwargs)
        finally:
            bar.close()

    return door
