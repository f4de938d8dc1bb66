"""How many numbers a network learns: one count, used by lessons 03, 04 and their checks."""

import pytest

from nnbook import Network
from nnbook.parameters import parameter_count, parameter_count_text, weight_count


@pytest.mark.parametrize("sizes", [[784, 15, 10], [784, 30, 10], [784, 100, 10], [2, 3], [4, 5, 6, 7]])
def test_the_count_is_every_weight_and_bias_of_such_a_network(sizes):
    net = Network(sizes, seed=0)
    assert weight_count(sizes) == sum(w.size for w in net.weights)
    assert parameter_count(sizes) == sum(w.size for w in net.weights) + sum(b.size for b in net.biases)


def test_the_book_numbers():
    assert parameter_count([784, 15, 10]) == 11_935
    assert parameter_count((784, 30, 10)) == 23_860
    assert parameter_count([784, 100, 10]) == 79_510
    assert weight_count([784, 30, 10]) == 23_820


def test_the_count_worked_out_layer_by_layer():
    assert parameter_count_text([784, 15, 10]) == "784·15 + 15 + 15·10 + 10 = 11,935"


@pytest.mark.parametrize("sizes", [[784], "784-30-10", [784, 0, 10], 784])
def test_sizes_that_are_no_network_are_refused(sizes):
    with pytest.raises(ValueError, match="layer|network"):
        parameter_count(sizes)
