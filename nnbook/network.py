"""A network of sigmoid neurons that learns from examples by gradient descent.

Notation, as in chapter 1 of Nielsen's book:

* `sizes` lists the neurons per layer, e.g. [784, 30, 10]: 784 inputs, a hidden layer
  of 30, 10 outputs.
* `weights[l]` has shape (n_out, n_in): row j holds the weights *into* neuron j of the
  next layer.  `biases[l]` has shape (n_out, 1).
* A layer turns activations a into z = w @ a + b and then into σ(z).
* Examples are **columns**: one input is an (n_in, 1) column, and a batch of m inputs is
  an (n_in, m) array.  (Data sets such as MNIST keep one image per *row*; `Network`
  transposes them for you where it takes a data set.)

Numbers are float64 (the book's precision) unless you ask for `Network(sizes, seed,
dtype=np.float32)`: single precision trains about twice as fast and learns as well.
How fast, and why: benchmarks/train_speed.py and the README's "Speed" section.
"""

import os
import tempfile
import zipfile

import numpy as np
from threadpoolctl import threadpool_limits

from ._validate import as_finite_array, as_labels, as_layer_sizes, positive_int, positive_number
from .cost import cost_derivative, quadratic_cost
from .fast_step import FastStep
from .sigmoid import sigmoid


class Network:
    """A fully connected network of sigmoid neurons.

    `Network([784, 30, 10], seed=1)` starts with every weight and bias drawn from a
    standard normal (Gaussian) distribution; the same seed gives the same network.
    Such an untrained network is only a skeleton: its outputs mean nothing yet.
    `dtype=np.float32` computes in single precision (the same start, rounded).
    """

    def __init__(self, sizes, seed=None, dtype=np.float64):
        self.sizes = as_layer_sizes(sizes)
        self.num_layers = len(self.sizes)
        self.dtype = _as_float_dtype(dtype)
        rng = np.random.default_rng(seed)
        self.biases = [rng.standard_normal((n, 1)).astype(self.dtype) for n in self.sizes[1:]]
        self.weights = [rng.standard_normal((n_out, n_in)).astype(self.dtype)
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]

    def __repr__(self):
        dtype = "" if self.dtype == np.float64 else f", dtype=np.{self.dtype.name}"
        return f"Network({self.sizes}{dtype})"

    @property
    def num_parameters(self):
        """How many numbers learning has to choose: every weight and every bias."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # ----- the learning code: what the lessons show as "the ~78 lines" -----

    def feedforward(self, a):
        """The network's output for input a: apply a → σ(w @ a + b) layer by layer.

        a may be one input of shape (n_in,) or (n_in, 1), giving an (n_out, 1) column,
        or a batch of shape (n_in, m) with one input per column, giving (n_out, m).
        """
        a = self._check_inputs(a)
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=False, callback=None):
        """Learn by stochastic gradient descent; return the `History` of every epoch.

        Each epoch shuffles the training examples, cuts them into mini-batches of
        `mini_batch_size`, and takes one gradient step of size `eta` (η) per mini-batch.
        After each epoch the network is measured on `test_data` (or, without it, on the
        training data): accuracy and cost go into the history.

        Data sets are (images, labels) pairs: images of shape (n, n_in), one per row;
        labels either whole numbers 0 … n_out − 1 of shape (n,) or one-hot rows (n, n_out).
        `seed` fixes the shuffling; `progress=True` shows a progress bar; `callback`
        is called as callback(history) after every epoch (e.g. to redraw a plot).
        """
        images, targets = self._check_data(training_data, "training_data")
        epochs = positive_int(epochs, "epochs")
        m = positive_int(mini_batch_size, "mini_batch_size")
        eta = positive_number(eta, "the learning rate eta")
        measured = self._check_data(test_data, "test_data") if test_data is not None else (images, targets)
        rng = np.random.default_rng(seed)
        history = History(evaluated_on="test data" if test_data is not None else "training data")
        for epoch in _epochs(epochs, progress):
            self._fresh_parameters()
            step = self._step(m, eta)  # self.update_mini_batch(x, y, eta), done fast
            with threadpool_limits(limits=1, user_api="blas"):  # one thread is faster for small matrices
                order = rng.permutation(len(images))  # a new random order every epoch,
                for x, y in self._shuffled_blocks(images, targets, order, m, self.dtype):  # a few hundred at a time,
                    for k in range(0, x.shape[1], m):  # cut into mini-batches of m
                        step(x[:, k:k + m], y[:, k:k + m])
                history.record(epoch + 1, *self._measure(*measured))
            if callback is not None:
                callback(history)
        return history

    sgd = SGD

    def update_mini_batch(self, x, y, eta):
        """One gradient-descent step, w → w − (η/m) Σ ∂C_x/∂w, using a whole mini-batch at once.

        x is (n_in, m) and y is (n_out, m): one example per column.  `backprop` handles
        all m columns in the same matrix products, so this is the per-example recipe
        of `update_mini_batch_per_example` done in one pass.  The weights and biases
        are changed in place (`-=`): no new weight arrays at every step saves time.
        `SGD` takes this same step with a `FastStep` (nnbook/fast_step.py), which is faster still.
        """
        m = x.shape[1]
        nabla_b, nabla_w = self.backprop(x, y)
        for w, nw in zip(self.weights, nabla_w):
            w -= (eta / m) * nw
        for b, nb in zip(self.biases, nabla_b):
            b -= (eta / m) * nb

    def backprop(self, x, y):
        """The gradient of the cost for one example: (nabla_b, nabla_w), shaped like the biases and weights.

        x is the input column (n_in, 1) and y the desired output column (n_out, 1).
        Forward: remember every layer's activation.  Backward: the error
        delta = ∂C/∂z of the output layer is (a − y)·σ'(z); each earlier layer's delta is
        (wᵀ @ delta)·σ'(z).  A layer's gradients are nabla_b = delta and
        nabla_w = delta @ (activation of the layer before)ᵀ.

        Given m columns at once, it returns the gradients summed over the m examples.
        """
        activation = x
        activations = [x]  # the activations, layer by layer
        for b, w in zip(self.biases, self.weights):
            activation = sigmoid(w @ activation + b)
            activations.append(activation)
        # σ'(z) = σ(z)(1 − σ(z)) = a(1 − a): reuse the activations instead of recomputing σ.
        delta = cost_derivative(activations[-1], y) * activations[-1] * (1 - activations[-1])
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        for l in range(1, self.num_layers):  # l = 1 is the last layer, 2 the one before, …
            if l > 1:
                a = activations[-l]
                delta = (self.weights[-l + 1].T @ delta) * a * (1 - a)
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)
            nabla_w[-l] = delta @ activations[-l - 1].T
        return nabla_b, nabla_w

    def evaluate(self, test_data):
        """How many test inputs the network classifies correctly (the most active output wins)."""
        images, targets = self._check_data(test_data, "test_data")
        x, y = images.T, targets.T  # one example per column
        return int(np.sum(self.predict(x) == np.argmax(y, axis=0)))

    # ----- beyond the book's core: helpers for the lessons -----

    def update_mini_batch_per_example(self, x, y, eta):
        """The same step as `update_mini_batch`, the slow textbook way: `backprop` one column at a time."""
        nabla_b = [np.zeros_like(b) for b in self.biases]
        nabla_w = [np.zeros_like(w) for w in self.weights]
        for j in range(x.shape[1]):
            delta_b, delta_w = self.backprop(x[:, j:j + 1], y[:, j:j + 1])
            nabla_b = [nb + db for nb, db in zip(nabla_b, delta_b)]
            nabla_w = [nw + dw for nw, dw in zip(nabla_w, delta_w)]
        m = x.shape[1]
        self.weights = [w - (eta / m) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b)]

    def predict(self, x):
        """The digit (index of the most active output) for each input column of x."""
        return np.argmax(self.feedforward(x), axis=0)

    def accuracy(self, data):
        """The fraction of (images, labels) classified correctly, between 0 and 1."""
        return self.evaluate(data) / len(data[0])

    def cost(self, data):
        """The quadratic cost C on a data set of (images, labels)."""
        images, targets = self._check_data(data, "data")
        return quadratic_cost(self.feedforward(images.T), targets.T)

    # ----- what SGD does around the learning code -----

    def _fresh_parameters(self):
        """New arrays (of the network's dtype) for the weights and biases.

        `update_mini_batch` changes them in place, so SGD starts every epoch with copies:
        arrays taken from the network before (say, by a callback) keep their values.
        """
        self.weights = [np.array(w, dtype=self.dtype) for w in self.weights]
        self.biases = [np.array(b, dtype=self.dtype) for b in self.biases]

    def _step(self, m, eta):
        """What SGD does with each mini-batch (x, y): `update_mini_batch(x, y, eta)`.

        Unless a subclass has changed `update_mini_batch` or `backprop`, that step is done by
        a `FastStep` (nnbook/fast_step.py): the same arithmetic, several times faster.
        """
        if (type(self).update_mini_batch, type(self).backprop) == _READABLE_STEP:
            return FastStep(self, m, eta)
        return lambda x, y: self.update_mini_batch(x, y, eta)

    @staticmethod
    def _shuffled_blocks(images, targets, order, m, dtype, block=200):
        """The examples in the shuffled `order`, as (x, y) blocks of a few hundred columns.

        Each block is copied from the rows of `images` and `targets` into the same two arrays
        of `dtype` (each block overwrites the one before); x and y are their transposes
        (views), one example per column, so that every mini-batch x[:, k:k + m] is a
        contiguous (n_in, m) block of memory, the layout the matrix products read fastest.
        Small blocks also stay in the processor's cache.
        """
        block = m * max(1, block // m)  # whole mini-batches per block
        x_rows = np.empty((min(block, len(order)), images.shape[1]), dtype)
        y_rows = np.empty((len(x_rows), targets.shape[1]), dtype)
        # np.take writes rows only into an array of their own type: rows of another type (e.g.
        # MNIST's float32 images for a float64 network) go through one more array.
        taken = x_rows if images.dtype == dtype else np.empty(x_rows.shape, images.dtype)
        for start in range(0, len(order), block):
            rows = order[start:start + block]
            n = len(rows)
            # (mode="clip" only skips a check that the row numbers exist: they do)
            np.take(images, rows, axis=0, out=taken[:n], mode="clip")
            np.take(targets, rows, axis=0, out=y_rows[:n], mode="clip")
            if taken is not x_rows:
                x_rows[:n] = taken[:n]
            yield x_rows[:n].T, y_rows[:n].T

    def _measure(self, images, targets, block=1000):
        """(accuracy, cost) on checked data; the outputs are computed `block` examples at a time."""
        y = targets.T
        a = np.empty(y.shape, dtype=self.dtype)
        for k in range(0, len(images), block):  # small blocks: small temporaries, and faster
            a[:, k:k + block] = self.feedforward(images[k:k + block].T)
        return float(np.mean(np.argmax(a, axis=0) == np.argmax(y, axis=0))), quadratic_cost(a, y)

    # ----- checks at the door -----

    def _check_inputs(self, a):
        a = as_finite_array(a, "the input", dtype=self.dtype)
        n_in = self.sizes[0]
        if a.ndim == 1 and a.shape[0] == n_in:
            return a.reshape(n_in, 1)
        if a.ndim == 2 and a.shape[0] == n_in:
            return a
        hint = " (flatten an image first: image.reshape(784))" if a.shape == (28, 28) else ""
        if a.ndim == 2 and a.shape[1] == n_in:
            hint = " (that looks like one example per row: pass its transpose, x.T)"
        raise ValueError(
            f"this network has {n_in} input neurons, so an input must have shape ({n_in},), "
            f"({n_in}, 1) or ({n_in}, m) with one example per column; got shape {a.shape}{hint}"
        )

    def _check_data(self, data, name):
        """(images, labels) → (images (n, n_in), desired outputs (n, n_out)), one example per row, checked.

        The desired outputs are one-hot rows in the network's dtype.  Images keep their own
        dtype (MNIST's float32 is not copied) unless it is wider than the network's.
        """
        if isinstance(data, (list, tuple)) and len(data) and isinstance(data[0], tuple):
            data = (np.stack([np.ravel(i) for i, _ in data]), [_label(l) for _, l in data])
        try:
            images, labels = data
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a pair (images, labels); got {type(data).__name__}") from None
        images = as_finite_array(images, f"{name} images", dtype=None)
        if images.ndim != 2 or images.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{name} images must have shape (n, {self.sizes[0]}), one flattened input per row; "
                f"got shape {images.shape}"
            )
        if np.result_type(images.dtype, self.dtype) != self.dtype:
            images = images.astype(self.dtype)
        n_out = self.sizes[-1]
        labels = np.asarray(labels)
        if labels.ndim == 2 and labels.shape == (len(images), n_out):
            targets = as_finite_array(labels, f"{name} labels", dtype=self.dtype)
        else:
            if labels.shape != (len(images),):
                raise ValueError(
                    f"{name} needs one label per image: {len(images)} labels 0–{n_out - 1} "
                    f"or one-hot rows of shape ({len(images)}, {n_out}); got labels of shape {labels.shape}"
                )
            targets = one_hot(as_labels(labels, n_out, f"{name} labels"), n_out).astype(self.dtype, copy=False)
        return images, targets

    # ----- saving without pickle -----

    def save(self, path):
        """Save sizes, weights and biases to an .npz file (plain arrays, no pickle; the dtype is kept)."""
        arrays = {"sizes": np.array(self.sizes)}
        arrays.update({f"w{l}": w for l, w in enumerate(self.weights)})
        arrays.update({f"b{l}": b for l, b in enumerate(self.biases)})
        path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(suffix=".npz", dir=folder)  # write, then rename: never half a file
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path):
        """Load a network saved by `save`.  Files that need pickle are refused."""
        try:
            with np.load(path, allow_pickle=False) as f:
                arrays = {k: f[k] for k in f.files}
        except ValueError as exc:
            raise ValueError(
                f"{path} is not a network saved by Network.save (it needs pickle, which nnbook "
                f"never loads because it can run code): {exc}"
            ) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValueError(f"{path} is not a readable .npz network file: {exc}") from None
        if "sizes" not in arrays:
            raise ValueError(f"{path} is not a network saved by Network.save: it has no 'sizes' array")
        first = arrays.get("w0")
        dtype = np.float32 if first is not None and first.dtype == np.float32 else np.float64
        net = cls(arrays["sizes"].tolist(), dtype=dtype)
        try:
            net.weights = [arrays[f"w{l}"].astype(dtype) for l in range(net.num_layers - 1)]
            net.biases = [arrays[f"b{l}"].astype(dtype) for l in range(net.num_layers - 1)]
        except KeyError as exc:
            raise ValueError(f"{path} is missing the array {exc} of a {net.sizes} network") from None
        for w, b, n_in, n_out in zip(net.weights, net.biases, net.sizes[:-1], net.sizes[1:]):
            if w.shape != (n_out, n_in) or b.shape != (n_out, 1):
                raise ValueError(f"{path} holds arrays of the wrong shape for a {net.sizes} network")
        return net


_READABLE_STEP = (Network.update_mini_batch, Network.backprop)


class History:
    """What happened in each epoch of `Network.SGD`: accuracy (0–1) and cost."""

    def __init__(self, evaluated_on):
        self.evaluated_on = evaluated_on
        self.epochs, self.accuracy, self.cost = [], [], []

    def record(self, epoch, accuracy, cost):
        self.epochs.append(epoch)
        self.accuracy.append(accuracy)
        self.cost.append(cost)

    @property
    def best_accuracy(self):
        return max(self.accuracy) if self.accuracy else None

    def __repr__(self):
        if not self.epochs:
            return "History(no epochs yet)"
        return (f"History({len(self.epochs)} epochs on {self.evaluated_on}: accuracy "
                f"{self.accuracy[-1]:.2%}, best {self.best_accuracy:.2%}, cost {self.cost[-1]:.4f})")


def one_hot(labels, n=10):
    """Whole-number labels → rows with a single 1: 3 → [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]."""
    labels = as_labels(labels, n)
    out = np.zeros((labels.size, n))
    out[np.arange(labels.size), labels.reshape(-1)] = 1.0
    return out


def _as_float_dtype(dtype):
    try:
        checked = np.dtype(dtype)  # (None means the default, float64)
    except TypeError:
        checked = np.dtype(object)
    if checked.type not in (np.float64, np.float32):
        raise ValueError(f"dtype must be np.float64 (the default, the book's precision) or np.float32 "
                         f"(single precision: faster to train); got {dtype!r}")
    return checked


def _label(label):
    arr = np.asarray(label)
    return int(np.argmax(arr)) if arr.size > 1 else int(arr)


def _epochs(epochs, progress):
    if not progress:
        return range(epochs)
    from tqdm.auto import trange
    return trange(epochs, desc="epochs", unit="epoch")
