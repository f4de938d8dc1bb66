"""FastNetwork, the fast engine, must learn exactly what the readable Network learns: same order, same weights."""

import tracemalloc

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import nnbook.fast
from nnbook import Network
from nnbook.datasets import one_hot
from nnbook.fast import FastNetwork, FastStep
from nnbook.per_example import per_example_step


def mini_batches(sizes, n, m, seed):
    """(x, y) column blocks as SGD hands them out: rows of a data set, transposed."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, sizes[0]))
    y = one_hot(rng.integers(0, sizes[-1], n), sizes[-1])
    return [(x[k:k + m].T, y[k:k + m].T) for k in range(0, n, m)]


def max_difference(a, b):
    return max(float(np.max(np.abs(p - q))) for p, q in zip(a.weights + a.biases, b.weights + b.biases))


def test_fast_readable_and_per_example_end_with_the_same_weights_on_mnist(mnist):
    # 100 mini-batches of 10 real digits, the same ones for all three, from the same start (float64).
    training = mnist[0]
    order = np.random.default_rng(0).permutation(len(training.labels))[:1000]
    x, y = training.images[order].T.astype(np.float64), one_hot(training.labels[order]).T
    readable, loop, fast = (Network([784, 30, 10], seed=1) for _ in range(3))
    step = FastStep(fast, 10, eta=3.0)
    for k in range(0, 1000, 10):
        readable.update_mini_batch(x[:, k:k + 10], y[:, k:k + 10], 3.0)
        per_example_step(loop, x[:, k:k + 10], y[:, k:k + 10], 3.0)
        step(x[:, k:k + 10], y[:, k:k + 10])
    assert max_difference(fast, readable) <= 1e-12
    assert max_difference(loop, readable) <= 1e-12
    assert max_difference(readable, Network([784, 30, 10], seed=1)) > 0.1  # it did learn


@pytest.mark.parametrize("sizes", [[6, 4], [5, 7, 4, 3]])
def test_same_weights_for_other_shapes(sizes):
    readable, loop, fast = (Network(sizes, seed=3) for _ in range(3))
    step = FastStep(fast, 10, eta=3.0)
    for x, y in mini_batches(sizes, 200, 10, seed=1):
        readable.update_mini_batch(x, y, 3.0)
        per_example_step(loop, x, y, 3.0)
        step(x, y)
    assert max_difference(fast, readable) <= 1e-12 and max_difference(loop, readable) <= 1e-12
    assert max_difference(readable, Network(sizes, seed=3)) > 1e-3


def test_fast_and_readable_sgd_visit_the_same_mini_batches(mnist):
    # Same seed, same shuffle: after one epoch on 2,000 digits the weights agree to rounding
    # (≈ 3e-15 measured; after a whole epoch of 50,000, ≈ 3e-6: rounding grows. Another order differs by > 0.1).
    training, _, test = mnist
    data = (training.images[:2000], training.labels[:2000])
    fast, readable = FastNetwork([784, 30, 10], seed=5), Network([784, 30, 10], seed=5)
    fast_history = fast.SGD(data, 1, 10, 3.0, test_data=(test.images[:500], test.labels[:500]), seed=8)
    readable_history = readable.SGD(data, 1, 10, 3.0, test_data=(test.images[:500], test.labels[:500]), seed=8)
    assert max_difference(fast, readable) < 1e-9
    assert fast_history.accuracy == readable_history.accuracy
    assert fast_history.cost == pytest.approx(readable_history.cost, rel=1e-9)
    other = Network([784, 30, 10], seed=5)
    other.SGD(data, 1, 10, 3.0, seed=9)  # another order
    assert max_difference(other, readable) > 1e-3


def test_a_short_last_mini_batch_takes_the_same_step():
    rng = np.random.default_rng(8)
    data = (rng.random((53, 6)), rng.integers(0, 3, 53))  # 5 mini-batches of 10, then 3 examples
    fast, readable = FastNetwork([6, 5, 3], seed=1), Network([6, 5, 3], seed=1)
    fast.SGD(data, 2, 10, 3.0, seed=2)
    readable.SGD(data, 2, 10, 3.0, seed=2)
    assert max_difference(fast, readable) < 1e-12


def test_it_changes_the_networks_own_arrays():
    net = Network([4, 3, 2], seed=0)
    w, b = net.weights[0], net.biases[1]
    before = w.copy(), b.copy()
    FastStep(net, 5, eta=1.0)(*mini_batches([4, 3, 2], 5, 5, seed=2)[0])
    assert net.weights[0] is w and net.biases[1] is b
    assert not np.array_equal(w, before[0]) and not np.array_equal(b, before[1])


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
    net = FastNetwork([4, 3, 2], seed=0, dtype=np.float32)
    net.weights = [1000 * w for w in net.weights]  # z far beyond float32's e^z range
    rng = np.random.default_rng(6)
    history = net.SGD((rng.random((30, 4)), rng.integers(0, 2, 30)), 2, 10, 3.0, seed=0)  # (warnings are errors)
    assert {p.dtype for p in net.weights + net.biases} == {np.dtype(np.float32)}
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    assert all(np.isfinite(history.cost))
    step = FastStep(net, 10, eta=3.0)
    for x, y in mini_batches([4, 3, 2], 30, 10, seed=6):
        step(x.astype(np.float32), y.astype(np.float32))
    assert {p.dtype for p in net.weights + net.biases} == {np.dtype(np.float32)}


def test_sgd_makes_one_fast_step_per_epoch(monkeypatch):
    made = []

    class Counted(FastStep):
        def __init__(self, *args):
            made.append(self)
            super().__init__(*args)

    monkeypatch.setattr(nnbook.fast, "FastStep", Counted)
    rng = np.random.default_rng(7)
    FastNetwork([4, 3, 2], seed=0).SGD((rng.random((40, 4)), rng.integers(0, 2, 40)), 2, 10, 1.0, seed=0)
    assert len(made) == 2  # one per epoch, on that epoch's fresh arrays


def test_sgd_trains_with_one_blas_thread_and_gives_the_setting_back(monkeypatch):
    def blas_threads():
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    seen = set()

    class Watched(FastStep):
        def __call__(self, x, y):
            seen.update(blas_threads())
            super().__call__(x, y)

    monkeypatch.setattr(nnbook.fast, "FastStep", Watched)
    rng = np.random.default_rng(6)
    with threadpool_limits(limits=2, user_api="blas"):
        outside = blas_threads()
        FastNetwork([4, 3, 2], seed=0).SGD((rng.random((30, 4)), rng.integers(0, 2, 30)), 1, 10, 1.0)
        assert blas_threads() == outside
    assert seen == {1}

def test_same_weights_whatever_the_images_dtype():
    # MNIST's images are float32; a float64 network copies them through one more array.
    rng = np.random.default_rng(8)
    images, labels = rng.random((53, 6)).astype(np.float32), rng.integers(0, 3, 53)
    single, double = FastNetwork([6, 5, 3], seed=1), FastNetwork([6, 5, 3], seed=1)
    single.SGD((images, labels), 2, 10, 3.0, seed=2)
    double.SGD((images.astype(np.float64), labels), 2, 10, 3.0, seed=2)
    for a, b in zip(single.weights + single.biases, double.weights + double.biases):
        assert a.dtype == np.float64
        np.testing.assert_array_equal(a, b)


def test_a_fast_network_saves_and_loads_as_either_class(tmp_path):
    rng = np.random.default_rng(9)
    net = FastNetwork([6, 4, 3], seed=2, dtype=np.float32)
    net.SGD((rng.random((40, 6)), rng.integers(0, 3, 40)), 1, 10, 3.0, seed=0)
    net.save(tmp_path / "fast.npz")
    plain, fast = Network.load(tmp_path / "fast.npz"), FastNetwork.load(tmp_path / "fast.npz")
    assert type(plain) is Network and type(fast) is FastNetwork
    assert repr(fast) == "FastNetwork([6, 4, 3], dtype=np.float32)"
    x = rng.random((6, 5))
    for back in (plain, fast):
        assert back.dtype == np.float32
        np.testing.assert_array_equal(back.feedforward(x), net.feedforward(x))


def test_bad_input_is_refused_at_the_door_as_by_network():
    net = FastNetwork([4, 3, 10], seed=0)
    with pytest.raises(ValueError, match="eta must be a finite number > 0"):
        net.SGD((np.zeros((5, 4)), [0] * 5), 1, 1, -1.0)
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        net.SGD((np.zeros((5, 3)), [0] * 5), 1, 1, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        net.SGD((np.zeros((5, 4)), [0] * 5), 1, 1, 1.0, test_data=(np.full((5, 4), np.nan), [0] * 5))
