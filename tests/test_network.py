import ast
import inspect
import io
import pickle
import textwrap
import tokenize

import numpy as np
import pytest

import nnbook.network
from nnbook import Network, one_hot, quadratic_cost
from nnbook.parameters import parameter_count
from nnbook.per_example import per_example_step

LEARNER = ("__init__", "feedforward", "SGD", "update_mini_batch", "backprop", "evaluate")


def small_problem(n=20, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((4, n))
    y = rng.random((3, n))
    return x, y


def test_shapes_follow_the_book():
    net = Network([784, 30, 10], seed=1)
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    assert sum(a.size for a in net.weights + net.biases) == parameter_count(net.sizes) == 784 * 30 + 30 + 30 * 10 + 10


def test_seed_reproducible():
    a, b, c = Network([5, 3, 2], seed=7), Network([5, 3, 2], seed=7), Network([5, 3, 2], seed=8)
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_feedforward_shapes():
    net = Network([4, 5, 3], seed=0)
    assert net.feedforward(np.ones(4)).shape == (3, 1)
    assert net.feedforward(np.ones((4, 1))).shape == (3, 1)
    out = net.feedforward(np.ones((4, 7)))
    assert out.shape == (3, 7) and np.all((out > 0) & (out < 1))


def test_backprop_matches_finite_differences():
    net = Network([4, 5, 3], seed=2)
    x, y = small_problem(n=1)
    nabla_b, nabla_w = net.backprop(x, y)

    def cost():  # the cost of this single example, C_x = ½‖y − a‖²
        return quadratic_cost(net.feedforward(x), y)

    h = 1e-6
    for params, grads in ((net.weights, nabla_w), (net.biases, nabla_b)):
        for p, g in zip(params, grads):
            assert g.shape == p.shape
            numeric = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + h
                up = cost()
                p[idx] = old - h
                down = cost()
                p[idx] = old
                numeric[idx] = (up - down) / (2 * h)
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-9)


def test_matrix_form_equals_per_example_loop():
    x, y = small_problem(n=10)
    fast, slow = Network([4, 5, 3], seed=3), Network([4, 5, 3], seed=3)
    for _ in range(3):
        fast.update_mini_batch(x, y, eta=3.0)
        per_example_step(slow, x, y, eta=3.0)
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13)
    assert not np.allclose(fast.weights[0], Network([4, 5, 3], seed=3).weights[0])  # it did learn


def test_learning_lowers_the_cost():
    rng = np.random.default_rng(0)
    images = rng.random((200, 4))
    labels = (images[:, 0] > images[:, 1]).astype(int)
    net = Network([4, 6, 2], seed=0)
    before = net.cost((images, labels))
    history = net.SGD((images, labels), epochs=20, mini_batch_size=10, eta=3.0, seed=0)
    assert history.cost[-1] < before
    assert history.accuracy[-1] > 0.9
    assert history.epochs == list(range(1, 21))


def test_sgd_is_deterministic_with_seeds():
    rng = np.random.default_rng(1)
    data = (rng.random((50, 4)), rng.integers(0, 2, 50))
    h1 = Network([4, 3, 2], seed=5).SGD(data, 3, 10, 1.0, seed=9)
    h2 = Network([4, 3, 2], seed=5).SGD(data, 3, 10, 1.0, seed=9)
    assert h1.cost == h2.cost


def test_book_style_list_of_pairs_accepted():
    rng = np.random.default_rng(2)
    pairs = [(rng.random((4, 1)), one_hot([k % 2], 2).reshape(2, 1)) for k in range(30)]
    net = Network([4, 3, 2], seed=0)
    assert 0 <= net.evaluate(pairs) <= 30


def test_callback_called_each_epoch():
    rng = np.random.default_rng(3)
    data = (rng.random((30, 4)), rng.integers(0, 2, 30))
    seen = []
    Network([4, 3, 2], seed=0).SGD(data, 4, 10, 1.0, callback=lambda h: seen.append(len(h.epochs)))
    assert seen == [1, 2, 3, 4]


@pytest.mark.parametrize("sizes, message", [
    ([784], "at least an input and an output"),
    ([784, 0, 10], "whole number ≥ 1"),
    ([784, 2.5, 10], "whole number ≥ 1"),
    ("abc", "whole number"),
])
def test_bad_sizes(sizes, message):
    with pytest.raises(ValueError, match=message):
        Network(sizes)


def test_input_errors_say_what_to_do():
    net = Network([784, 15, 10], seed=0)
    with pytest.raises(ValueError, match=r"reshape\(784\)"):
        net.feedforward(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="transpose"):
        net.feedforward(np.zeros((5, 784)))
    with pytest.raises(ValueError, match="NaN"):
        net.feedforward(np.full(784, np.nan))


def test_data_errors():
    net = Network([4, 3, 10], seed=0)
    images = np.zeros((5, 4))
    with pytest.raises(ValueError, match="0–9"):
        net.evaluate((images, [0, 1, 2, 3, 10]))
    with pytest.raises(ValueError, match="one label per image"):
        net.evaluate((images, [0, 1]))
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        net.evaluate((np.zeros((5, 3)), [0] * 5))
    with pytest.raises(ValueError, match="NaN"):
        net.SGD((np.full((5, 4), np.nan), [0] * 5), 1, 1, 1.0)
    with pytest.raises(ValueError, match="eta must be a finite number > 0"):
        net.SGD((images, [0] * 5), 1, 1, -1.0)
    with pytest.raises(ValueError, match="mini_batch_size"):
        net.SGD((images, [0] * 5), 1, 0, 1.0)


def test_save_load_round_trip(tmp_path):
    net = Network([6, 4, 3], seed=11)
    path = tmp_path / "net.npz"
    net.save(path)
    back = Network.load(path)
    assert back.sizes == net.sizes
    x = np.random.default_rng(0).random((6, 5))
    np.testing.assert_array_equal(back.feedforward(x), net.feedforward(x))
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_load_refuses_pickle(tmp_path):
    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps({"sizes": [2, 2]}))
    with pytest.raises(ValueError, match="pickle"):
        Network.load(path)
    obj = tmp_path / "objects.npz"
    np.savez(obj, sizes=np.array([[1, 2], "x"], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        Network.load(obj)


def test_load_refuses_wrong_shapes(tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, sizes=np.array([3, 2]), w0=np.zeros((3, 2)), b0=np.zeros((2, 1)))
    with pytest.raises(ValueError, match="wrong shape"):
        Network.load(path)


def test_trains_on_real_mnist(mnist):
    training, _, test = mnist
    subset = (training.images[:5000], training.labels[:5000])
    net = Network([784, 30, 10], seed=0)
    net.SGD(subset, epochs=5, mini_batch_size=10, eta=3.0, seed=0)
    assert net.accuracy(test) > 0.85


# ----- speed work: the fast path must stay the book's algorithm -----

def book_loop(net, images, labels, epochs, m, eta, seed):
    """SGD spelled out: each epoch a new permutation from default_rng(seed), cut into
    mini-batches of m columns, one update_mini_batch per mini-batch."""
    x, y = np.asarray(images, dtype=float).T, one_hot(labels, net.sizes[-1]).T
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(x.shape[1])
        for k in range(0, x.shape[1], m):
            net.update_mini_batch(x[:, order[k:k + m]], y[:, order[k:k + m]], eta)


def test_sgd_is_the_book_loop_over_seeded_permutations(mnist):
    # The benchmark relies on this: SGD(seed=s) visits the mini-batches of
    # default_rng(s).permutation(n), one permutation per epoch.
    training = mnist[0]
    images, labels = training.images[:1003], training.labels[:1003]  # a last, short mini-batch too
    sgd, loop = Network([784, 12, 10], seed=4), Network([784, 12, 10], seed=4)
    sgd.SGD((images, labels), epochs=2, mini_batch_size=10, eta=3.0, seed=7)
    book_loop(loop, images, labels, epochs=2, m=10, eta=3.0, seed=7)
    for a, b in zip(sgd.weights + sgd.biases, loop.weights + loop.biases):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_fast_and_slow_paths_give_the_same_weights_on_mnist(mnist):
    training = mnist[0]
    x = training.images[:200].T.astype(np.float64)
    y = one_hot(training.labels[:200]).T
    fast, slow = Network([784, 30, 10], seed=1), Network([784, 30, 10], seed=1)
    for k in range(0, 200, 10):  # 20 steps of the book's network, from the same start
        fast.update_mini_batch(x[:, k:k + 10], y[:, k:k + 10], eta=3.0)
        per_example_step(slow, x[:, k:k + 10], y[:, k:k + 10], eta=3.0)
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    assert not np.allclose(fast.weights[0], Network([784, 30, 10], seed=1).weights[0])


def test_float32_network_starts_the_same_and_stays_float32():
    single, double = Network([5, 4, 3], seed=2, dtype=np.float32), Network([5, 4, 3], seed=2)
    for s, d in zip(single.weights + single.biases, double.weights + double.biases):
        assert s.dtype == np.float32 and d.dtype == np.float64
        np.testing.assert_array_equal(s, d.astype(np.float32))
    rng = np.random.default_rng(0)
    single.SGD((rng.random((40, 5)), rng.integers(0, 3, 40)), 2, 10, 3.0, seed=0)  # float64 data
    assert {p.dtype for p in single.weights + single.biases} == {np.dtype(np.float32)}
    assert single.feedforward(np.ones(5)).dtype == np.float32
    assert repr(single) == "Network([5, 4, 3], dtype=np.float32)" and repr(double) == "Network([5, 4, 3])"


def test_the_start_is_the_same_as_before():
    # Lessons 03 and 04 print untrained networks: the biases are drawn first, then the weights,
    # all standard normal, from default_rng(seed), then rounded to the dtype.
    rng = np.random.default_rng(4)
    biases = [rng.standard_normal((n, 1)) for n in (3, 2)]
    weights = [rng.standard_normal((3, 5)), rng.standard_normal((2, 3))]
    for dtype in (np.float64, np.float32):
        net = Network([5, 3, 2], seed=4, dtype=dtype)
        for got, want in zip(net.biases + net.weights, biases + weights):
            assert got.dtype == dtype
            np.testing.assert_array_equal(got, want.astype(dtype))


def test_float32_learns_as_well_as_float64(mnist):
    training, _, test = mnist
    subset = (training.images[:10000], training.labels[:10000])
    accuracy = {}
    for dtype in (np.float64, np.float32):
        net = Network([784, 30, 10], seed=3, dtype=dtype)
        history = net.SGD(subset, epochs=3, mini_batch_size=10, eta=3.0, test_data=test, seed=3)
        accuracy[dtype] = history.accuracy
    assert accuracy[np.float32][-1] > 0.85
    assert max(abs(a - b) for a, b in zip(accuracy[np.float32], accuracy[np.float64])) < 0.01


def test_float32_with_huge_weights_gives_no_warning():
    net = Network([4, 3, 2], seed=0, dtype=np.float32)
    net.weights = [1000 * w for w in net.weights]  # z far beyond float32's e^z range
    x, y = np.random.default_rng(1).random((4, 10)), np.zeros((2, 10))
    out = net.feedforward(x)
    net.update_mini_batch(x.astype(np.float32), y.astype(np.float32), eta=3.0)
    assert np.all((out >= 0) & (out <= 1))


@pytest.mark.parametrize("dtype", [np.float16, int, "complex", "text"])
def test_bad_dtype_says_what_to_use(dtype):
    with pytest.raises(ValueError, match="np.float64 .* or np.float32"):
        Network([3, 2], dtype=dtype)


def test_save_load_keeps_float32(tmp_path):
    net = Network([6, 4, 3], seed=11, dtype=np.float32)
    net.save(tmp_path / "single.npz")
    back = Network.load(tmp_path / "single.npz")
    assert back.dtype == np.float32 and {w.dtype for w in back.weights} == {np.dtype(np.float32)}
    x = np.random.default_rng(0).random((6, 5))
    np.testing.assert_array_equal(back.feedforward(x), net.feedforward(x))


@pytest.mark.parametrize("engine", ["Network", "FastNetwork"])
def test_arrays_taken_earlier_keep_their_values(engine):
    # Network's update_mini_batch gives the network new arrays; FastNetwork's steps change arrays
    # in place but it starts every epoch with fresh ones. Either way a weight matrix kept before
    # training, or by a callback, is never changed later.
    from nnbook.fast import FastNetwork

    rng = np.random.default_rng(5)
    data = (rng.random((60, 4)), rng.integers(0, 2, 60))
    net = {"Network": Network, "FastNetwork": FastNetwork}[engine]([4, 3, 2], seed=0)
    before = net.weights[0]
    kept_copy = before.copy()
    snapshots = []
    net.SGD(data, 3, 10, 3.0, seed=1, callback=lambda h: snapshots.append((net.weights[0], net.weights[0].copy())))
    np.testing.assert_array_equal(before, kept_copy)
    for array, copy in snapshots:
        np.testing.assert_array_equal(array, copy)
    assert not np.array_equal(snapshots[0][1], snapshots[-1][1])


# ----- the learner the lessons show -----

def code_lines(function):
    """Lines of `function` that hold code: not docstrings, comments or blank lines."""
    source = textwrap.dedent(inspect.getsource(function))
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                          tokenize.ENDMARKER):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return lines - docstrings


def test_code_lines_counts_code_only():
    def sample(a):
        """A docstring
        of two lines."""
        # a comment

        b = (a +  # a comment after code
             1)
        return b
    assert len(code_lines(sample)) == 4  # def, b = (a +, 1), return


def test_the_learner_is_at_most_80_lines_of_code():
    counts = {name: len(code_lines(getattr(Network, name))) for name in LEARNER}
    assert all(n >= 3 for n in counts.values()), counts
    assert sum(counts.values()) <= 80, counts


def test_the_learner_has_nothing_only_for_speed():
    source = "".join(inspect.getsource(getattr(Network, name)) for name in LEARNER)
    for word in ("threadpool", "FastStep", "out=", "np.empty", "self._", "__func__", "type(self)", "_READABLE"):
        assert word not in source, word
    assert "FastStep" not in inspect.getsource(nnbook.network)


def test_sgd_runs_update_mini_batch_and_evaluate():
    calls = {"update_mini_batch": [], "evaluate": []}

    class Counted(Network):
        def update_mini_batch(self, x, y, eta):
            calls["update_mini_batch"].append(x.shape)
            super().update_mini_batch(x, y, eta)

        def evaluate(self, test_data):
            calls["evaluate"].append(len(test_data))
            return super().evaluate(test_data)

    rng = np.random.default_rng(7)
    data = (rng.random((43, 4)), rng.integers(0, 2, 43))
    history = Counted([4, 3, 2], seed=0).SGD(data, 2, 10, 1.0, test_data=(rng.random((9, 4)), [1] * 9), seed=0)
    assert calls["update_mini_batch"] == ([(4, 10)] * 4 + [(4, 3)]) * 2
    assert calls["evaluate"] == [9, 9]
    assert history.epochs == [1, 2] and all(a in {k / 9 for k in range(10)} for a in history.accuracy)


def test_a_generator_seed_goes_on_where_it_stopped():
    # SGD(seed=a Generator) draws from it: epochs one call at a time give what one call gives.
    rng = np.random.default_rng(3)
    data = (rng.random((50, 4)), rng.integers(0, 2, 50))
    whole, stepwise = Network([4, 3, 2], seed=1), Network([4, 3, 2], seed=1)
    whole.SGD(data, 3, 10, 2.0, seed=11)
    shuffles = np.random.default_rng(11)
    for _ in range(3):
        stepwise.SGD(data, 1, 10, 2.0, seed=shuffles)
    for a, b in zip(whole.weights + whole.biases, stepwise.weights + stepwise.biases):
        np.testing.assert_array_equal(a, b)


def test_progress_bar_counts_epochs(capsys):
    rng = np.random.default_rng(2)
    history = Network([4, 3, 2], seed=0).SGD((rng.random((20, 4)), rng.integers(0, 2, 20)), 2, 10, 1.0,
                                           progress=True)
    assert history.epochs == [1, 2]
    assert "2/2" in capsys.readouterr().err
