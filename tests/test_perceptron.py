from itertools import product

import pytest

from nnbook.perceptron import GATES, Perceptron, adder_from_nand, gate_name, nand_perceptron, xor_from_nand

INPUTS = list(product((0, 1), repeat=2))


def outputs(p):
    return tuple(p(x) for x in INPUTS)


def test_seed_example_nand():
    p = nand_perceptron()
    assert p.z([1, 1]) == -1  # −2 − 2 + 3
    assert p(1, 1) == 0
    assert outputs(p) == (1, 1, 1, 0)
    assert p.gate_name() == "NAND"


@pytest.mark.parametrize("gate, perceptron", [
    ("AND", Perceptron([1, 1], bias=-1.5)),
    ("OR", Perceptron([1, 1], bias=-0.5)),
    ("NAND", Perceptron([-2, -2], threshold=-3)),
    ("NOR", Perceptron([-1, -1], bias=0.5)),
])
def test_truth_tables(gate, perceptron):
    assert outputs(perceptron) == GATES[gate]
    assert perceptron.gate_name() == gate


def test_bias_is_minus_threshold():
    assert Perceptron([1, 1], threshold=1.5).bias == -1.5
    assert Perceptron([1, 1], bias=2).threshold == -2
    # z = w·x + b > 0 exactly when w·x > threshold; on the boundary the output is 0
    assert Perceptron([1, 1], threshold=1)(1, 0) == 0
    assert Perceptron([1, 1], threshold=0.99)(1, 0) == 1


def test_xor_from_nand():
    xor = xor_from_nand()
    assert tuple(xor(*x) for x in INPUTS) == GATES["XOR"]
    assert all(isinstance(p, Perceptron) and p.gate_name() == "NAND" for p, _ in xor.nodes.values())


def test_adder_from_nand():
    adder = adder_from_nand()
    for x1, x2 in INPUTS:
        s, carry = adder(x1, x2)
        assert 2 * carry + s == x1 + x2
    assert adder.layers()[0] == ["x1", "x2"]
    assert len(adder.nodes) == 5


def test_gate_name_unknown_and_known():
    assert gate_name((0, 1, 1, 0)) == "XOR"
    assert gate_name((0, 0, 0, 1)) == "AND"


@pytest.mark.parametrize("kwargs, message", [
    (dict(weights=[1, 1]), "either bias"),
    (dict(weights=[1, 1], bias=1, threshold=1), "either bias"),
    (dict(weights=[1, float("nan")], bias=0), "NaN"),
    (dict(weights=[], bias=0), "at least one weight"),
])
def test_bad_perceptron(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Perceptron(**kwargs)


def test_wrong_number_of_inputs():
    with pytest.raises(ValueError, match="needs 2 inputs"):
        nand_perceptron()(1, 0, 1)


def test_circuit_refuses_unknown_source():
    c = xor_from_nand()
    with pytest.raises(ValueError, match="add those first"):
        c.add("later", nand_perceptron(), ["x1", "nowhere"])
