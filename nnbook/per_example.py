"""The textbook way to take a step: `backprop` one example at a time, and add the gradients up.

`Network.update_mini_batch` hands all m examples of a mini-batch to `backprop` at once, as the m
columns of one array, so NumPy runs the loop over the examples inside its matrix products.
`per_example_step` takes the same step the slow, literal way — the way the sum Σ_x ∂C_x/∂w in
the update rule reads: one backpropagation per example, a running total of the gradients, and
then w → w − (η/m)·total.  It ends with the same weights as `update_mini_batch` up to rounding
(tests/test_network.py and tests/test_fast.py check it), and the appendix lesson times the two.
"""


def per_example_step(net, x, y, eta):
    """One gradient-descent step of `net` on the mini-batch x (n_in, m), y (n_out, m), one column at a time."""
    m = x.shape[1]
    totals = None  # Σ over the examples seen so far: [∂C/∂b of every layer] + [∂C/∂w of every layer]
    for column in range(m):
        one_x, one_y = x[:, column:column + 1], y[:, column:column + 1]  # (n_in, 1) and (n_out, 1)
        bias_gradients, weight_gradients = net.backprop(one_x, one_y)
        if totals is None:
            totals = bias_gradients + weight_gradients
        else:
            for total, gradient in zip(totals, bias_gradients + weight_gradients):
                total += gradient
    layers = len(net.biases)
    for layer in range(layers):
        net.biases[layer] = net.biases[layer] - (eta / m) * totals[layer]
        net.weights[layer] = net.weights[layer] - (eta / m) * totals[layers + layer]
