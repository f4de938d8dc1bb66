"""A network of sigmoid neurons that learns from examples by stochastic gradient descent.

This file is the program that lesson 06 shows and that trains: six methods, `__init__`,
`feedforward`, `SGD`, `update_mini_batch`, `backprop` and `evaluate`, in chapter 1's notation:

* `sizes` lists the neurons per layer, e.g. [784, 30, 10]: 784 inputs, 30 hidden neurons,
  10 outputs.
* Each layer has a weight matrix w of shape (n_out, n_in), whose row j holds the weights into
  its neuron j, and a bias column b of shape (n_out, 1).
* A layer turns the activations a of the layer before into the weighted inputs z = w a + b and
  then into its own activations σ(z).
* Examples are **columns**: one input x is an (n_in, 1) column, m inputs side by side are an
  (n_in, m) array, and their desired outputs y are (n_out, m).  Data sets keep one example per
  *row*, as MNIST does; the network turns them into columns where it takes them.
* C is the quadratic cost and η (`eta`) the learning rate, as in lesson 04.

What is not the learning itself lives next door: the data is checked once, where it comes in, by
`@checked` (nnbook/datasets.py: a data set becomes `Examples`, whose `columns` hand the network
its examples as columns); saving is in `nnbook.saving`; the words a `History` is shown in are in
`nnbook.words`; and a faster engine for the same arithmetic, `FastNetwork`, is in `nnbook.fast`.
"""

import numpy as np

from . import saving, words
from .cost import cost_derivative, quadratic_cost
from .datasets import checked, examples, one_hot  # noqa: F401 (one_hot: part of this module's interface)
from .sigmoid import sigmoid


class Network:
    """A fully connected network of sigmoid neurons.

    `Network([784, 30, 10], seed=1)` draws every bias and weight from a standard normal
    (Gaussian) distribution; the same seed gives the same network.  Such an untrained network
    is only a skeleton: its outputs mean nothing yet.  `dtype=np.float32` computes in single
    precision (the same start, rounded).
    """

    @checked
    def __init__(self, sizes, seed=None, dtype=np.float64):
        """Layers of `sizes` neurons, with random biases b and weights w; numbers of type `dtype`."""
        self.sizes = sizes
        self.num_layers = len(sizes)
        self.dtype = dtype
        rng = np.random.default_rng(seed)
        shapes = [(n_out, n_in) for n_in, n_out in zip(self.sizes, self.sizes[1:])]  # each layer's w
        # All the biases are drawn first, then all the weights: the same seed, the same network.
        self.biases = [rng.standard_normal((n_out, 1)).astype(self.dtype) for n_out, _ in shapes]
        self.weights = [rng.standard_normal(shape).astype(self.dtype) for shape in shapes]

    @checked
    def feedforward(self, a):
        """The network's output for the input a: each layer computes z = w a + b, then a = σ(z).

        a is one input, shaped (n_in,) or (n_in, 1), giving an (n_out, 1) column, or m inputs
        as the columns of an (n_in, m) array, giving (n_out, m).
        """
        for w, b in zip(self.weights, self.biases):
            z = w @ a + b
            a = sigmoid(z)
        return a

    @checked
    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=False, callback=None):
        """Learn by stochastic gradient descent; return the `History` of every epoch.

        Each epoch puts the training examples in a new random order, cuts that order into
        mini-batches of m = `mini_batch_size` examples, and takes one step of gradient descent
        of size η = `eta` per mini-batch (`update_mini_batch`).  After each epoch `evaluate`
        counts the digits read right, on `test_data` or, without it, on the training data; that
        accuracy (0–1) and the cost C go into the history.

        Data sets are (images, labels): images (n, n_in), one per row; labels whole numbers
        0 … n_out − 1 of shape (n,) or one-hot rows (n, n_out).  `seed` fixes the random order
        (a whole number, or a NumPy Generator to go on drawing from); `progress=True` shows a
        progress bar; `callback(history)` is called after every epoch, e.g. to redraw a plot.
        """
        m = mini_batch_size
        measured = training_data if test_data is None else test_data
        rng = np.random.default_rng(seed)
        history = History(evaluated_on="training" if test_data is None else "test")
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(training_data))  # a new random order of the examples
            for start in range(0, len(order), m):
                x, y = training_data.columns(order[start:start + m])  # the next m examples, as columns
                self.update_mini_batch(x, y, eta)
            history.record(epoch, self.evaluate(measured) / len(measured), self.cost(measured))
            if callback is not None:
                callback(history)
        return history

    def update_mini_batch(self, x, y, eta):
        """One step of gradient descent, using the m examples of a mini-batch at once.

        x is (n_in, m) and y is (n_out, m), one example per column.  `backprop` gives ∂C/∂w and
        ∂C/∂b summed over the m examples, all in the same matrix products; the step moves every
        w to w − (η/m)·Σ ∂C/∂w, and every b likewise: downhill, by the average gradient times η.
        The network gets new weight and bias arrays; arrays taken from it before keep their values.
        """
        step = eta / x.shape[1]  # η/m
        bias_gradients, weight_gradients = self.backprop(x, y)
        for layer, (dC_dw, dC_db) in enumerate(zip(weight_gradients, bias_gradients)):
            self.weights[layer] = self.weights[layer] - step * dC_dw
            self.biases[layer] = self.biases[layer] - step * dC_db

    def backprop(self, x, y):
        """The gradient of the cost by backpropagation: (∂C/∂b, ∂C/∂w), lists shaped like the biases and weights.

        x is (n_in, m) and y is (n_out, m); the gradients are summed over the m columns (m = 1: one
        example).  Forward, every layer's activation a is kept.  Backward, each layer's error
        δ = ∂C/∂z is found from the one after it: at the output δ = (a − y)·σ'(z), before that
        δ = (wᵀ δ_next)·σ'(z), with the w of the next layer, and σ'(z) = a(1 − a).  Then a
        layer's ∂C/∂b is its δ and its ∂C/∂w is δ times the transposed activation coming in.
        """
        activations = [x]  # a of every layer, the input first
        for w, b in zip(self.weights, self.biases):
            activations.append(sigmoid(w @ activations[-1] + b))
        output = activations[-1]
        errors = [cost_derivative(output, y) * output * (1 - output)]  # δ of the output layer
        hidden = zip(reversed(self.weights[1:]), reversed(activations[1:-1]))  # from the last hidden layer back
        for w_next, a in hidden:
            errors.insert(0, (w_next.T @ errors[0]) * a * (1 - a))  # δ of this layer, from δ of the next
        bias_gradients = [delta.sum(axis=1, keepdims=True) for delta in errors]
        weight_gradients = [delta @ a_in.T for delta, a_in in zip(errors, activations[:-1])]
        return bias_gradients, weight_gradients

    @checked
    def evaluate(self, test_data):
        """How many of the test examples the network reads right: its most active output is the label."""
        x, _ = test_data.columns()
        guesses = np.argmax(self.feedforward(x), axis=0)
        return int(np.count_nonzero(guesses == test_data.labels))

    # ----- the end of the learning code; below, conveniences for the lessons -----

    def __repr__(self):
        dtype = "" if self.dtype == np.float64 else f", dtype=np.{self.dtype.name}"
        return f"{type(self).__name__}({self.sizes}{dtype})"

    def predict(self, x):
        """The digit (index of the most active output) for each input column of x."""
        return np.argmax(self.feedforward(x), axis=0)

    def accuracy(self, data):
        """The fraction of (images, labels) read right, between 0 and 1."""
        data = examples(data, self)
        return self.evaluate(data) / len(data)

    def cost(self, data):
        """The quadratic cost C on a data set of (images, labels)."""
        x, y = examples(data, self).columns()
        return quadratic_cost(self.feedforward(x), y)

    def save(self, path):
        """Save sizes, weights and biases to an .npz file (plain arrays, no pickle; the dtype is kept)."""
        saving.save(self, path)

    @classmethod
    def load(cls, path):
        """Load a network saved by `save`, as this class.  Files that need pickle are refused."""
        return saving.load(path, cls)


class History:
    """What happened in each epoch of `Network.SGD`: accuracy (0–1) and cost.

    `evaluated_on` says what was measured: the key "training", "validation" or "test" (`SGD` says
    "test" when it was given test_data, else "training"); another text is shown as it is.  How a
    History reads, in the language in use, is in `nnbook.words`.
    """

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
        return words.history(self)
