"""`FastNetwork`: the same learning as `Network`, done several times faster — a separate, named engine.

`Network` (nnbook/network.py) is written to be read, and it is what lesson 06 shows and trains.
Training calls its step five thousand times an epoch on tiny arrays (a mini-batch of 10 digits),
so most of the time goes not into arithmetic but into NumPy's fixed cost per call, into making
new arrays, and into reading the data.  `FastNetwork.SGD` does the same arithmetic with less of
all three; use it by name where a lesson trains many networks (the hidden-size comparison, the
hyper-parameter explorer):

* each step is a `FastStep`: every array a step needs (activations, deltas, gradients) is made
  once per epoch and filled in place, so a step makes no new arrays; the output layer's delta is
  multiplied by η/m once, so every gradient that comes from it is already the size of its step;
  σ'(z) = a(1 − a) is worked out for all layers in two calls, the activations of all layers being
  stacked in one array; a bias gradient (delta summed over the m examples) is the matrix product
  delta @ (a column of m ones), cheaper than a sum for arrays this small;
* the shuffled examples are copied 200 at a time into the same two arrays, so that every
  mini-batch is a contiguous block of columns, the layout the matrix products read fastest;
* BLAS is limited to one thread while it trains (threadpoolctl; the setting is given back
  afterwards): a second thread gains nothing on such small matrices and, with the other core
  busy, slows the evaluation down many times;
* the evaluation after each epoch computes the outputs 1,000 examples at a time, once for both
  the accuracy and the cost.

The order of the examples is the same as `Network.SGD`'s for the same seed, and the results are
the same up to rounding in the last digits (the order of some multiplications differs):
tests/test_fast.py checks both.  `FastNetwork(sizes, seed, dtype)` starts exactly like `Network`;
`dtype=np.float32` halves the memory traffic.  It saves and loads like a `Network`.  Being an
engine of its own, its SGD does not call `update_mini_batch` or `backprop` for full mini-batches:
a subclass that changes those should derive from `Network`.  How much faster:
benchmarks/train_speed.py and docs/speed.md.
"""

import time

import numpy as np
from threadpoolctl import threadpool_limits

from .cost import quadratic_cost
from .datasets import checked
from .network import History, Network
from .sigmoid import LIMIT


def sigmoid_into(z, out):
    """σ(z) = 1 / (1 + e^(−z)) written into the float array `out` (which may be z itself); returns out.

    The same numbers as `nnbook.sigmoid.sigmoid`, made without a new array: training computes σ ten
    thousand times an epoch on small arrays, where making arrays costs more than the arithmetic.
    """
    np.negative(z, out=out)  # −z,
    np.minimum(out, _LIMITS[out.dtype], out=out)  # capped where e^(−z) would overflow (σ is 0 there anyway),
    np.exp(out, out=out)  # e^(−z),
    out += _ONES[out.dtype]  # 1 + e^(−z),
    return np.reciprocal(out, out=out)  # σ(z).


# The limits and the number 1 as 0-d arrays of each type: NumPy combines these with an array of that
# type faster than Python numbers.
_LIMITS = {dtype: np.array(limit, dtype) for dtype, limit in LIMIT.items()}
_ONES = {dtype: np.array(1, dtype) for dtype in LIMIT}


class FastNetwork(Network):
    """A `Network` whose `SGD` runs the fast engine: same signature, same `History`, same order of examples."""

    @checked
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=False, callback=None):
        """Stochastic gradient descent as `Network.SGD` does it (see there), with the fast engine of this module."""
        training, m = training_data, mini_batch_size
        measured = training if test_data is None else test_data
        rng = np.random.default_rng(seed)
        history = History(evaluated_on="training" if test_data is None else "test")
        for epoch in range(1, epochs + 1):
            # Fresh arrays each epoch: the steps change them in place, and arrays taken from the
            # network before (by a callback, say) keep their values.
            self.weights = [np.array(w, dtype=self.dtype) for w in self.weights]
            self.biases = [np.array(b, dtype=self.dtype) for b in self.biases]
            step = FastStep(self, m, eta)
            with threadpool_limits(limits=1, user_api="blas"):
                order = rng.permutation(len(training))  # the same order as Network.SGD's
                for x, y in shuffled_blocks(training, order, m, self.dtype):
                    for k in range(0, x.shape[1], m):
                        step(x[:, k:k + m], y[:, k:k + m])
                history.record(epoch, *measure(self, measured))
            if callback is not None:
                callback(history)
        return history


def shuffled_blocks(data, order, m, dtype, block=200):
    """The `Examples` in the shuffled `order`, as (x, y) blocks of a few hundred columns.

    Each block is copied from the rows of the images and targets into the same two arrays of
    `dtype` (each block overwrites the one before); x and y are their transposes (views), one
    example per column, so that every mini-batch x[:, k:k + m] is a contiguous (n_in, m) block of
    memory.  Small blocks also stay in the processor's cache.
    """
    images, targets = data.images, data.targets
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


def measure(net, data, block=1000):
    """(accuracy, cost) of `net` on checked `Examples`; the outputs are computed `block` examples at a time."""
    y = data.targets.T
    a = np.empty(y.shape, dtype=net.dtype)
    for k in range(0, len(data), block):  # small blocks: small temporaries, and faster
        a[:, k:k + block] = net.feedforward(data.images[k:k + block].T)
    return float(np.mean(np.argmax(a, axis=0) == data.labels)), quadratic_cost(a, y)


class FastStep:
    """One gradient step for mini-batches of m examples, done in place: `step(x, y)`.

    It changes `network.weights` and `network.biases` in place, the arrays the network has when
    the step is made (FastNetwork.SGD makes a new `FastStep` after giving the network fresh arrays
    each epoch).  x is (n_in, m) and y is (n_out, m), both of the network's dtype.  A mini-batch of
    another size (the last one of an epoch, say) takes the readable step, `backprop` and then
    w → w − (η/m')·Σ ∂C/∂w, also in place.
    """

    def __init__(self, network, m, eta):
        self.network, self.m, self.eta = network, m, eta
        weights, biases = network.weights, network.biases
        dtype = weights[0].dtype
        self.step_size = np.array(eta / m, dtype)  # η/m
        self.one = np.array(1, dtype)
        self.ones = np.ones((m, 1), dtype)  # delta @ ones sums delta's m columns
        rows = np.cumsum([0] + [len(b) for b in biases])  # where each layer starts in the stack
        self.activations = np.empty((rows[-1], m), dtype)  # a of every layer, one under the other
        self.slopes = np.empty_like(self.activations)  # σ'(z) = a(1 − a), stacked the same way
        deltas = np.empty_like(self.activations)
        a, s, d = ([stack[i:j] for i, j in zip(rows, rows[1:])] for stack in (self.activations, self.slopes, deltas))
        self.output, self.output_slope, self.output_delta = a[-1], s[-1], d[-1]
        self.layers = list(zip(weights, biases, a))
        # Backwards, each layer's weights, biases, delta and gradients, and the layer before it
        # (None for the first layer, whose input is x):
        self.backwards = [(weights[l], biases[l], d[l], np.empty_like(weights[l]), np.empty_like(biases[l]),
                           (a[l - 1], s[l - 1], d[l - 1]) if l else None)
                          for l in reversed(range(len(weights)))]

    def __call__(self, x, y):
        if x.shape[1] != self.m:
            self.other_size(x, y)
            return
        a = x
        for w, b, out in self.layers:  # forward: a → σ(w @ a + b), into each layer's rows
            np.dot(w, a, out=out)
            out += b
            a = sigmoid_into(out, out)
        np.subtract(self.one, self.activations, out=self.slopes)  # σ'(z) = (1 − a)·a, all layers
        self.slopes *= self.activations
        delta = self.output_delta  # the output layer's (a − y)·σ'(z), times η/m
        np.subtract(self.output, y, out=delta)
        delta *= self.output_slope
        delta *= self.step_size
        for w, b, delta, nabla_w, nabla_b, before in self.backwards:
            if before is None:
                a = x
            else:  # the delta of the layer before, with w as it is before this step: (wᵀ @ delta)·σ'(z)
                a, slope, delta_before = before
                np.dot(w.T, delta, out=delta_before)
                delta_before *= slope
            np.dot(delta, a.T, out=nabla_w)  # (η/m)·∂C/∂w, summed over the mini-batch
            w -= nabla_w
            np.dot(delta, self.ones, out=nabla_b)  # (η/m)·∂C/∂b
            b -= nabla_b

    def other_size(self, x, y):
        """The readable step for a mini-batch of another size, into the same arrays."""
        step = self.eta / x.shape[1]
        bias_gradients, weight_gradients = self.network.backprop(x, y)
        for w, b, dC_dw, dC_db in zip(self.network.weights, self.network.biases, weight_gradients, bias_gradients):
            w -= step * dC_dw
            b -= step * dC_db


def train(sizes, training_data, epochs, mini_batch_size, eta, test_data=None, seed=None):
    """Train a new `FastNetwork(sizes, seed)` by SGD; return (network, History, seconds it took).

    The one helper the lessons use where they train many networks quickly (the hidden-size
    comparison, the hyper-parameter explorer and its exercise).
    """
    net = FastNetwork(sizes, seed=seed)
    start = time.perf_counter()
    history = net.SGD(training_data, epochs, mini_batch_size, eta, test_data=test_data, seed=seed)
    return net, history, time.perf_counter() - start
