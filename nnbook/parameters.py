"""How many numbers a network has to learn: its weights and its biases.

A fully connected layer from n_in neurons to n_out neurons has n_in·n_out weights (one per
connection) and n_out biases (one per neuron it feeds).  The input layer has no biases: its
neurons only hold the input.  So the book's 784-30-10 network has
784·30 + 30 + 30·10 + 10 = 23,860 numbers to learn.
"""

from ._validate import as_layer_sizes


def weight_count(sizes):
    """The weights of a fully connected network with layer sizes `sizes`: Σ n_in·n_out."""
    sizes = as_layer_sizes(sizes)
    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def parameter_count(sizes):
    """Its weights and biases together: Σ n_in·n_out + n_out over the layers after the input."""
    sizes = as_layer_sizes(sizes)
    return weight_count(sizes) + sum(sizes[1:])


def parameter_count_text(sizes):
    """The count worked out layer by layer, e.g. "784·15 + 15 + 15·10 + 10 = 11,935"."""
    sizes = as_layer_sizes(sizes)
    parts = " + ".join(f"{n_in}·{n_out} + {n_out}" for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    return f"{parts} = {parameter_count(sizes):,}"
