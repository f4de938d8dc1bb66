"""FastStep, the step SGD runs, must be update_mini_batch's step: same weights, fewer arrays."""

import tracemalloc

import numpy as np
import pytest

from nnbook import Network
from nnbook.fast_step import FastStep
from nnbook.network import one_hot


def mini_batches(sizes, n, m, seed):
    """(x, y) column blocks as SGD hands them out: rows of a data set, transposed."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, sizes[0]))
    y = one_hot(rng.integers(0, sizes[-1], n), sizes[-1])
    return [(x[k:k + m].T, y[k:k + m].T) for k in range(0, n, m)]


@pytest.mark.parametrize("sizes", [[6, 4], [784, 30, 10], [5, 7, 4, 3]])
def test_same_weights_as_update_mini_batch_and_the_per_example_loop(sizes):
    readable, loop, fast = (Network(sizes, seed=3) for _ in range(3))
    step = FastStep(fast, 10, eta=3.0)
    for x, y in mini_batches(sizes, 200, 10, seed=1):
        readable.update_mini_batch(x, y, 3.0)
        loop.update_mini_batch_per_example(x, y, 3.0)
        step(x, y)
    for net in (readable, fast):
        for a, b in zip(net.weights + net.biases, loop.weights + loop.biases):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    start = Network(sizes, seed=3)
    assert all(not np.allclose(a, b) for a, b in zip(fast.weights, start.weights))  # it did learn


def test_it_changes_the_networks_own_arrays():
    net = Network([4, 3, 2], seed=0)
    w, b = net.weights[0], net.biases[1]
    before = w.copy(), b.copy()
    FastStep(net, 5, eta=1.0)(*mini_batches([4, 3, 2], 5, 5, seed=2)[0])
    assert net.weights[0] is w and net.biases[1] is b
    assert not np.array_equal(w, before[0]) and not np.array_equal(b, before[1])


def test_a_mini_batch_of_another_size_takes_the_readable_step():
    fast, readable = Network([5, 4, 2], seed=1), Network([5, 4, 2], seed=1)
    x, y = mini_batches([5, 4, 2], 3, 3, seed=4)[0]  # 3 examples, not 10
    FastStep(fast, 10, eta=2.0)(x, y)
    readable.update_mini_batch(x, y, 2.0)
    for a, b in zip(fast.weights + fast.biases, readable.weights + readable.biases):
        np.testing.assert_array_equal(a, b)


def test_a_step_makes_no_new_arrays():
    net = Network([784, 30, 10], seed=0)
    step = FastStep(net, 10, eta=3.0)
    batches = mini_batches([784, 30, 10], 100, 10, seed=5)
    step(*batches[0])
    tracemalloc.start()
    try:
        for x, y in batches:
            step(x, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # NumPy reports its arrays to tracemalloc; one 30×784 gradient alone would be 188,160 bytes.
    assert peak < 5_000


def test_float32_stays_float32_and_huge_weights_give_no_warning():
    net = Network([4, 3, 2], seed=0, dtype=np.float32)
    net.weights = [1000 * w for w in net.weights]  # z far beyond float32's e^z range
    step = FastStep(net, 10, eta=3.0)
    for x, y in mini_batches([4, 3, 2], 30, 10, seed=6):
        step(x.astype(np.float32), y.astype(np.float32))  # (pytest turns any warning into an error)
    assert {p.dtype for p in net.weights + net.biases} == {np.dtype(np.float32)}
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)


def test_sgd_runs_the_fast_step_unless_a_subclass_changes_the_learning_code(monkeypatch):
    import nnbook.network

    made = []

    class Counted(FastStep):
        def __init__(self, *args):
            made.append(self)
            super().__init__(*args)

    monkeypatch.setattr(nnbook.network, "FastStep", Counted)
    rng = np.random.default_rng(7)
    data = (rng.random((40, 4)), rng.integers(0, 2, 40))
    Network([4, 3, 2], seed=0).SGD(data, 2, 10, 1.0, seed=0)
    assert len(made) == 2  # one per epoch, on that epoch's fresh arrays

    calls = []

    class OwnBackprop(Network):
        def backprop(self, x, y):
            calls.append(x.shape)
            return super().backprop(x, y)

    made.clear()
    OwnBackprop([4, 3, 2], seed=0).SGD(data, 1, 10, 1.0, seed=0)
    assert made == [] and calls == [(4, 10)] * 4


def test_sgd_gives_the_same_weights_whatever_the_images_dtype():
    # MNIST's images are float32; a float64 network copies them through one more array.
    rng = np.random.default_rng(8)
    images, labels = rng.random((53, 6)).astype(np.float32), rng.integers(0, 3, 53)  # a short last mini-batch
    single, double = Network([6, 5, 3], seed=1), Network([6, 5, 3], seed=1)
    single.SGD((images, labels), 2, 10, 3.0, seed=2)
    double.SGD((images.astype(np.float64), labels), 2, 10, 3.0, seed=2)
    for a, b in zip(single.weights + single.biases, double.weights + double.biases):
        assert a.dtype == np.float64
        np.testing.assert_array_equal(a, b)
