"""The reference for nnbook's speed figures: a learner shaped like the program in Nielsen's book.

The ratios in benchmarks/train_speed.py and in docs/speed.md are measured against this loop.  It is
written in our own code and words, but it is shaped the way the book's network.py runs, so that
it costs what the book's program costs:

* the training data is a Python list of (x, y) pairs, x an (n_in, 1) column and y the desired
  (n_out, 1) output column; the test data a list of (x, label) pairs;
* every epoch shuffles that list in place with Python's `random.shuffle`, and the mini-batches
  are slices of the shuffled list;
* each mini-batch runs backpropagation once per example, with `np.dot` for every product (as the
  book does: for one example's outer product δ·aᵀ, `np.dot` is several times faster than `@`),
  keeping every layer's z and working out σ'(z) from it, and zero-filled gradient arrays for
  each example; each example's gradients are added to the running totals as new arrays, and
  then the step is w → w − (η/m)·total;
* the evaluation feeds the test examples forward one at a time and counts the right answers.

Its arithmetic is the same as `nnbook.Network`'s, so it learns the same; only the shape (lists,
one example per call, the book's choice of what to compute and keep) differs.  Measured here, it
costs what a line-by-line copy of the book's program costs (both ≈ 670 µs per mini-batch of 10 on
this machine, measured side by side); a leaner per-example loop — σ'(z) as a(1 − a), totals added
in place — was ≈ 30 % faster, and one with `@` instead of np.dot is slower: neither is the reference.  It is a benchmark reference, not part of the package: the lessons'
per-example loop is `nnbook.per_example.per_example_step`.
"""

import random

import numpy as np


def sigma(z):
    """σ(z) = 1 / (1 + e^(−z)), four NumPy calls as in the book (e^(−z) may overflow to inf: σ is then 0)."""
    return 1.0 / (1.0 + np.exp(-z))


def sigma_slope(z):
    """σ'(z) = σ(z)·(1 − σ(z)), worked out from z (σ twice), as the book's program does."""
    return sigma(z) * (1.0 - sigma(z))


class BookShapedNetwork:
    """784-30-10 (or any sizes) in float64, trained one example at a time; the same start as `Network(sizes, seed)`."""

    def __init__(self, sizes, seed=None):
        rng = np.random.default_rng(seed)
        pairs = list(zip(sizes[:-1], sizes[1:]))  # (inputs, neurons) of each layer
        self.biases = [rng.standard_normal((neurons, 1)) for _, neurons in pairs]
        self.weights = [rng.standard_normal((neurons, inputs)) for inputs, neurons in pairs]

    def train(self, pairs, epochs, batch_size, eta, test_pairs=None, seed=None):
        """SGD over the list `pairs` of (x, y) columns; the number of test examples right after each epoch."""
        shuffler = random.Random(seed)
        right = []
        for _ in range(epochs):
            shuffler.shuffle(pairs)
            self.train_on(pairs, batch_size, eta)
            if test_pairs is not None:
                right.append(self.count_right(test_pairs))
        return right

    def train_on(self, pairs, batch_size, eta):
        """One step per slice of `batch_size` pairs of the (already shuffled) list."""
        with np.errstate(over="ignore"):  # e^(−z) → inf for z < −709 gives σ = 0, as it should
            for start in range(0, len(pairs), batch_size):
                self.learn_from(pairs[start:start + batch_size], eta)

    def learn_from(self, batch, eta):
        """One step on a list of (x, y) pairs: a backpropagation per example, its gradients added to the totals."""
        totals = [np.zeros(p.shape) for p in self.biases + self.weights]
        for x, y in batch:
            grad_b, grad_w = self.gradients(x, y)
            totals = [total + grad for total, grad in zip(totals, grad_b + grad_w)]  # new arrays, as in the book
        layers, rate = len(self.biases), eta / len(batch)
        for layer in range(layers):
            self.biases[layer] = self.biases[layer] - rate * totals[layer]
            self.weights[layer] = self.weights[layer] - rate * totals[layers + layer]

    def gradients(self, x, y):
        """∂C_x/∂b and ∂C_x/∂w for one example (x, y), by backpropagation with np.dot."""
        layers = len(self.weights)
        grad_b = [np.zeros(b.shape) for b in self.biases]
        grad_w = [np.zeros(w.shape) for w in self.weights]
        zs, outs = [], [x]  # z and a of every layer
        for w, b in zip(self.weights, self.biases):
            zs.append(np.dot(w, outs[-1]) + b)
            outs.append(sigma(zs[-1]))
        error = (outs[-1] - y) * sigma_slope(zs[-1])  # δ at the output: (a − y)·σ'(z)
        for layer in reversed(range(layers)):
            grad_b[layer] = error
            grad_w[layer] = np.dot(error, outs[layer].transpose())
            if layer:  # δ of the layer below: (wᵀ δ)·σ'(z)
                error = np.dot(self.weights[layer].transpose(), error) * sigma_slope(zs[layer - 1])
        return grad_b, grad_w

    def count_right(self, test_pairs):
        """How many (x, label) pairs the network reads right, one example at a time."""
        right = 0
        with np.errstate(over="ignore"):
            for x, label in test_pairs:
                a = x
                for w, b in zip(self.weights, self.biases):
                    a = sigma(np.dot(w, a) + b)
                right += int(np.argmax(a) == label)
        return right


def as_pairs(images, labels, n_out=10):
    """The book's data layout: [(x (n_in, 1) float64, y (n_out, 1) one-hot), …] for training."""
    eye = np.eye(n_out)
    return [(image.reshape(-1, 1).astype(np.float64), eye[:, [label]]) for image, label in zip(images, labels)]


def as_test_pairs(images, labels):
    """The book's test layout: [(x (n_in, 1) float64, label), …]."""
    return [(image.reshape(-1, 1).astype(np.float64), int(label)) for image, label in zip(images, labels)]
