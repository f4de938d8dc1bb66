import math
import warnings

import numpy as np
import pytest

from nnbook import sigmoid, sigmoid_prime, step


@pytest.mark.parametrize("z", [-5.0, -1.0, 0.0, 0.5, 3.0, 20.0])
def test_sigmoid_matches_formula(z):
    assert sigmoid(z) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    assert sigmoid_prime(z) == pytest.approx(math.exp(-z) / (1 + math.exp(-z)) ** 2, rel=1e-9)


def test_known_values():
    assert sigmoid(0) == 0.5
    assert sigmoid_prime(0) == 0.25
    assert isinstance(sigmoid(0), float)


def test_symmetry():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)
    np.testing.assert_allclose(sigmoid_prime(-z), sigmoid_prime(z), atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, int])
def test_extremes_without_warnings(dtype):
    z = np.array([-1e6, -1000, -710, 710, 1000, 1e6, np.inf, -np.inf]).astype(dtype) if dtype is not int \
        else np.array([-10**6, -1000, 1000, 10**6])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        sp = sigmoid_prime(z)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(s[z < 0] < 1e-30) and np.all(s[z > 0] == 1.0)
    assert np.all(sp >= 0) and np.all(sp < 1e-30)


def test_scalar_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(1000) == 1.0
        assert sigmoid(-1000) < 1e-300
        assert sigmoid_prime(-1000) < 1e-300


def test_array_shape_kept():
    z = np.zeros((3, 4))
    assert sigmoid(z).shape == (3, 4)
    assert sigmoid_prime(z).shape == (3, 4)


def test_step():
    assert step(0.0) == 0.0 and step(1e-9) == 1.0 and step(-3) == 0.0
    np.testing.assert_array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0])


def test_huge_weight_sigmoid_is_a_step():
    z = np.array([-1.0, -0.1, 0.1, 1.0])
    np.testing.assert_allclose(sigmoid(1000 * z), step(z), rtol=0, atol=1e-30)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_array_result_is_the_formula_to_the_last_bit(dtype):
    # sigmoid is computed step by step in one array (for speed); it must give exactly the
    # numbers of the plain formula wherever the formula does not overflow.
    z = np.random.default_rng(0).normal(scale=20, size=(30, 10)).astype(dtype)
    s = sigmoid(z)
    assert s.dtype == dtype
    np.testing.assert_array_equal(s, 1 / (1 + np.exp(-z)))


def test_input_is_left_alone():
    z = np.linspace(-800, 800, 9)
    kept = z.copy()
    sigmoid(z)
    sigmoid_prime(z)
    np.testing.assert_array_equal(z, kept)


def test_zero_dimensional_array_gives_a_float():
    assert isinstance(sigmoid(np.array(2.0)), float)
    assert isinstance(sigmoid(np.float32(-3)), float)
    assert sigmoid(np.array(0.0)) == 0.5


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_into_works_in_place_and_gives_the_same_numbers(dtype):
    from nnbook.fast import sigmoid_into

    z = np.concatenate([np.linspace(-1000, 1000, 41), [-np.inf, np.inf]]).astype(dtype)
    expected = sigmoid(z)
    out = np.empty_like(z)
    assert sigmoid_into(z, out) is out
    np.testing.assert_array_equal(out, expected)
    assert sigmoid_into(z, z) is z  # in place: z now holds σ(z)
    np.testing.assert_array_equal(z, expected)
