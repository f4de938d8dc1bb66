"""The gradient step of `Network.update_mini_batch`, done fast: what `Network.SGD` runs.

`update_mini_batch` and `backprop` are written to be read, and lesson 05 shows them.  Training
calls that step five thousand times an epoch on tiny arrays (a mini-batch of 10 digits), so most
of its time goes not into arithmetic but into NumPy's fixed cost per call and into making new
arrays.  `FastStep` does the same arithmetic with less of both:

* every array a step needs (activations, deltas, gradients) is made once, when the step is made,
  and filled in place after that: a step makes no new arrays;
* the output layer's delta is multiplied by η/m once, so every gradient that comes from it is
  already the size of its step (instead of scaling each gradient afterwards);
* σ'(z) = a(1 − a) is worked out for all layers in two calls, the activations of all layers
  being stacked in one array;
* a bias gradient, delta summed over the m examples, is the matrix product delta @ (a column of
  m ones): cheaper than a sum for arrays this small.

The results are the same as `update_mini_batch`'s up to rounding in the last digits (the order
of some multiplications differs); tests/test_fast_step.py checks that.  How much faster it is:
benchmarks/train_speed.py.
"""

import numpy as np

from .sigmoid import sigmoid_into


class FastStep:
    """One gradient step for mini-batches of exactly m examples: `step(x, y)`.

    It changes `network.weights` and `network.biases` in place, the arrays the network has when
    the step is made (SGD makes a new `FastStep` after giving the network fresh arrays each
    epoch).  x is (n_in, m) and y is (n_out, m), both of the network's dtype; a mini-batch of
    another size (the last one of an epoch, say) goes to `network.update_mini_batch`.
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
            self.network.update_mini_batch(x, y, self.eta)
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
