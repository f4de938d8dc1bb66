"""Lesson 05 (gradient descent in practice): two valleys, the ball on the real cost, SGD, the exercises' checks."""

import dataclasses
import functools
import itertools
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import Network, gradient_descent, numerical_gradient  # noqa: E402
from nnbook.animation import rolling_ball  # noqa: E402
from nnbook.feedback import Feedback  # noqa: E402
from nnbook.gradient_descent import stochastic_gradient_descent  # noqa: E402
from nnbook.lessons import l05_gradient_descent_in_practice as lesson  # noqa: E402
from nnbook.surface_views import descent_sliders, show_descent  # noqa: E402
from nnbook.lessons.l05_gradient_descent_in_practice import (  # noqa: E402
    check_deeper_valley, check_online, check_plateau_eta, check_sgd_steps, real_descent_text, show_sgd)
from nnbook.surfaces import (  # noqa: E402
    bowl, bowl_example_gradient, bowl_examples, describe, descend, two_valleys, verdict)
from test_lesson04 import is_small_png  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
START = (-2.5, 1.8)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----- a surface with two valleys -----

def test_where_the_ball_ends_depends_on_the_start_and_on_eta():
    assert describe(descend(two_valleys, (0.1, 1.5), 0.1, 50), two_valleys).endswith("in the shallower (right) valley")
    assert describe(descend(two_valleys, (-0.1, 1.5), 0.1, 50), two_valleys).endswith("in the deeper (left) valley")
    jumped = descend(two_valleys, (1.8, -1.5), 0.15, 50)
    assert verdict(jumped, two_valleys) == "jumps the ridge, zig-zags"  # into the left valley, steeper: 1/k ≈ 0.11 < η
    steep = describe(descend(two_valleys, (1.8, -1.5), 0.1, 50), two_valleys)
    assert steep.startswith("η = 0.10: jumps past the valley floor once where the slope is steep, then rolls")
    assert describe(jumped, two_valleys).endswith("in the deeper (left) valley")


def test_the_two_valley_explorer_starts_where_the_animation_starts():
    """The lesson's explorer on the two valleys: lesson 04's sliders, set to the animation's start and η."""
    sliders = descent_sliders(eta=0.15, start=(1.8, -1.5), surface="two valleys")
    assert (sliders["eta"].value, sliders["start_v1"].value, sliders["start_v2"].value) == (0.15, 1.8, -1.5)
    assert sliders["surface"].value == "two valleys"
    view = show_descent(0.15, 1.8, -1.5, "two valleys")
    assert view.text == describe(descend(two_valleys, (1.8, -1.5), 0.15, 50), two_valleys)
    assert view.text.endswith("in the deeper (left) valley") and is_small_png(view.png)


def test_the_long_step_across_the_ridge_goes_downhill():
    """What the lesson says of that run: the first step lands across the ridge, from C = 8.93 to 1.13."""
    path = descend(two_valleys, (1.8, -1.5), 0.15, 50)
    ridge = sorted(np.roots([4.0, 0.0, -4.0, 0.3]).real)[1]
    assert path.points[0][0] > ridge > path.points[1][0]
    assert (f"{path.costs[0]:.2f}", f"{path.costs[1]:.2f}") == ("8.93", "1.13")
    assert np.all(np.diff(path.costs[:10]) < 0)


# ----- stochastic gradient descent -----

def test_examples_average_to_the_bowl():
    x = bowl_examples(1000, seed=0)
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    v = np.array([0.7, -1.2])
    mean_gradient = np.mean([bowl_example_gradient(v, e) for e in x], axis=0)
    np.testing.assert_allclose(mean_gradient, bowl.gradient(v), atol=1e-12)


def test_one_mini_batch_of_everything_is_plain_gradient_descent():
    x = bowl_examples(100, seed=0)
    sgd = stochastic_gradient_descent(bowl_example_gradient, x, START, 0.1, epochs=5, mini_batch_size=100,
                                      cost=bowl.cost, seed=0)
    plain = gradient_descent(bowl.cost, START, 0.1, 5, gradient=bowl.gradient)
    np.testing.assert_allclose(sgd.points, plain.points, atol=1e-12)


def test_sgd_wanders_but_arrives_and_is_seeded():
    x = bowl_examples(1000, seed=0)
    run = lambda seed: stochastic_gradient_descent(bowl_example_gradient, x, START, 0.1, 3, 10,  # noqa: E731
                                                   cost=bowl.cost, seed=seed)
    a, b, c = run(1), run(1), run(2)
    assert a.steps == 300 and a.message.startswith("3 epochs × 100 mini-batches of 10 = 300 steps")
    np.testing.assert_array_equal(a.points, b.points)
    assert not np.array_equal(a.points, c.points)
    assert bowl.nearest_minimum(a.end)[1] < 0.3
    assert np.any(np.diff(a.costs) > 0)  # noisy steps sometimes go uphill


def test_sgd_divergence_is_a_message():
    x = bowl_examples(100, seed=0)
    path = stochastic_gradient_descent(bowl_example_gradient, x, START, 2.0, 50, 10, cost=bowl.cost, seed=0)
    assert path.diverged and "too large" in path.message
    assert np.all(np.isfinite(path.points))
    with pytest.raises(ValueError, match="mini_batch_size"):
        stochastic_gradient_descent(bowl_example_gradient, x, START, 0.1, 1, 0)


def test_show_sgd_draws_and_counts(shown, capsys):
    show_sgd(eta=0.1, mini_batch_size=10, epochs=3)
    out = capsys.readouterr().out
    assert "1,000 examples, mini-batches of 10: 100 steps per epoch" in out
    assert "SGD, 3 epochs = 300 steps" in out and "full gradient descent, same work = 3 steps" in out
    show_sgd(mini_batch_size=20)  # exercise 1's "check": the same counts as its answer
    out = capsys.readouterr().out
    assert "mini-batches of 20: 50 steps per epoch" in out and "SGD, 3 epochs = 150 steps" in out
    assert len(shown) == 2


# ----- the rolling-ball animation over the ridge -----

def test_animation_stays_small():
    html = rolling_ball(two_valleys, (1.8, -1.5), 0.15, steps=16).data
    assert len(html) < 600_000


# ----- the ball on the real cost: two weights of the digit network -----

@pytest.fixture(scope="module")
def pair(mnist):
    training = mnist[0]
    return lesson.WeightPair(Network([784, 15, 10], seed=8), (training.images[:1000], training.labels[:1000]))


def test_the_pair_is_the_real_cost_and_the_real_gradient(mnist, pair):
    """WeightPair's cost and gradient are the whole network's net.cost and net.backprop, for any two values."""
    training = mnist[0]
    data = (training.images[:1000], training.labels[:1000])
    net = Network([784, 15, 10], seed=8)
    assert pair.start == (net.weights[1][4, 3], net.weights[1][4, 5])
    x, y = data[0].astype(float).T, np.eye(10)[data[1]].T
    for v in [pair.start, (-7.5, 2.0), (10.0, -10.0)]:
        net.weights[1][4, 3], net.weights[1][4, 5] = v
        assert pair.cost(v) == pytest.approx(net.cost(data), rel=1e-12)
        _, weight_gradients = net.backprop(x, y)
        full = weight_gradients[1][4, [3, 5]] / 1000
        assert np.allclose(pair.gradient(v), full, rtol=1e-10, atol=0)
        assert np.allclose(pair.gradient(v), numerical_gradient(pair.cost, np.array(v, dtype=float), h=1e-5),
                           rtol=1e-5, atol=1e-9)
    assert pair.cost((0.0, 0.0)) != pair.cost((5.0, 0.0))  # the two weights really move the cost


def test_the_grid_and_its_lowest_point(pair):
    w1, w2, c = pair.grid()
    assert w1.shape == c.shape == (lesson.REAL_GRID, lesson.REAL_GRID)
    assert (w1.min(), w1.max(), w2.min(), w2.max()) == (-10, 10, -10, 10)
    assert c[7, 13] == pytest.approx(pair.cost((w1[7, 13], w2[7, 13])), rel=1e-15)
    (l1, l2), lowest = pair.lowest()
    assert lowest == c.min() and l1 < 0 and l2 < 0  # the basin is bottom left
    assert pair.grid() is pair.grid()  # computed once


def test_the_real_descent_goes_downhill_and_eta_matters(pair):
    slow, good, huge = (pair.descend((1.3, -0.6), eta) for eta in (5, 30, 1000))
    lowest = pair.lowest()[1]
    assert all(np.all(np.diff(p.costs) <= 0) for p in (slow, good, huge))
    assert slow.costs[-1] > lowest + 0.001 > good.costs[-1]  # η = 5 is short of the floor, η = 30 there
    assert np.all(np.abs(huge.end) > 15) and huge.costs[-1] > lowest + 0.004  # flung off the map, stranded
    plateau = pair.descend((8, 8), 30)
    assert np.max(np.linalg.norm(np.diff(plateau.points, axis=0), axis=1)) < 0.01  # hardly moves


@pytest.mark.parametrize("eta", [5.0, 1000.0])
@pytest.mark.parametrize("start", [(-10.0, -10.0), (10.0, 10.0), (-10.0, 10.0), (None, None)])
def test_real_descent_callback_at_its_extremes_without_warnings(pair, eta, start):
    view = lesson.show_real_descent(pair, eta, *start)
    assert is_small_png(view.png) and plt.get_fignums() == []
    first, moves, lowest = view.text.splitlines()
    s1, s2 = (pair.start if start == (None, None) else start)
    assert first.startswith(f"η = {eta:g}: 40 steps from ({s1:+.2f}, {s2:+.2f}): C = ")
    uphill = np.count_nonzero(np.diff(pair.descend((s1, s2), eta).costs) > 1e-12)
    if uphill:  # far out the surface is not convex: from (−10, −10) η = 1000 climbs on 16 of its steps
        assert f"; {uphill} of its steps went uphill" in moves
    else:
        assert "every step went downhill" in moves or "no step went uphill" in moves
    assert lowest.startswith("the lowest point of the map: C = 1.7843 at (-5.2, -4.4)")
    assert "nan" not in view.text.lower() and "inf" not in view.text


def test_steps_that_barely_move_the_cost_are_neither_up_nor_down(pair):
    """On a plain the cost can change only in the last bit, up on some machines and NumPy versions, unchanged on
    others. The text must read the same everywhere: such steps are neither up nor down."""
    path = pair.descend((8, 8), 30)
    flat = dataclasses.replace(path, costs=path.costs[0] + np.array([0, 1e-15, 0, -1e-15] * 10 + [0]))
    assert "no step went uphill (some barely moved the cost at all)" in real_descent_text(pair, flat)
    path = pair.descend((1.3, -0.6), 30)
    assert np.all(np.diff(path.costs) < -1e-12)  # a real descent: every step lowers C by more than rounding
    assert "every step went downhill" in lesson.show_real_descent(pair, 30, 1.3, -0.6).text


def test_real_descent_text_and_sliders(pair):
    text = lesson.show_real_descent(pair, 1000, 1.3, -0.6).text
    assert "η = 1000: 40 steps from (+1.30, -0.60): C = 2.1552 → 1.790" in text
    assert "it left the map (weights between -10 and 10)" in text
    assert "left the map" not in lesson.show_real_descent(pair, 30, 1.3, -0.6).text
    sliders = lesson.real_descent_sliders(pair)
    assert (sliders["eta"].min, sliders["eta"].max, sliders["eta"].value) == (5, 2000, 30)
    assert (sliders["start_1"].value, sliders["start_2"].value) == (1.3, -0.6)
    assert len({s.description for s in sliders.values()}) == 3


def test_weight_pair_inputs_are_checked(pair, mnist):
    test = mnist[2]
    data = (test.images[:10], test.labels[:10])
    with pytest.raises(ValueError, match="one hidden layer"):
        lesson.WeightPair(Network([784, 10]), data)
    with pytest.raises(ValueError, match="two different hidden neurons"):
        lesson.WeightPair(Network([784, 15, 10], seed=8), data, hidden=(3, 3))
    with pytest.raises(ValueError, match="output neuron 0–9"):
        lesson.WeightPair(Network([784, 15, 10], seed=8), data, output=10)


# ----- the exercises' checks -----

def test_check_sgd_steps():
    assert check_sgd_steps(50, 150)
    assert "mini-batches of 10" in check_sgd_steps(100, 300).message
    assert "per *mini-batch*" in check_sgd_steps(1000, 3000).message
    assert "full" in check_sgd_steps(3, 3).message
    assert "multiply" in check_sgd_steps(50, 100).message
    assert "not it" in check_sgd_steps(49, 147).message


def test_the_sgd_answer_is_what_sgd_really_does():
    assert lesson._sgd_steps() == (50, 150)


@pytest.mark.parametrize("start", [(1.9, 0), (2, 2), (1.84, -2), (1.95, 1.3)])
def test_check_deeper_valley_right(start):
    feedback = check_deeper_valley(start)
    assert feedback and "in the deeper (left) valley" in feedback.message


def test_check_deeper_valley_says_what_happened():
    assert "lands at v1 = -0.11" in check_deeper_valley((1.9, 0)).message
    assert "in the shallower (right) valley" in check_deeper_valley((1.0, 0.5)).message
    assert "steepest" in check_deeper_valley((1.5, 0)).message
    assert "right side" in check_deeper_valley((0.0, 0.0)).message  # left of the ridge: too easy
    assert "right side" in check_deeper_valley((0.3, 0.0)).message
    assert "stay on the map" in check_deeper_valley((2.5, 0)).message
    assert "stay on the map" in check_deeper_valley((1.9, -3)).message


def test_the_deeper_valley_answers_are_the_ones_the_solution_names():
    """The solution: any start with v1 from about 1.84 to 2 does it, whatever v2; from 0.5 to about 1.83 it does not."""
    for v1 in np.round(np.arange(0.5, 2.0001, 0.01), 2):
        for v2 in (-2.0, -0.7, 0.0, 1.1, 2.0):
            assert bool(check_deeper_valley((v1, v2))) == (v1 >= 1.84), (v1, v2)


def test_the_deeper_valley_solution_numbers():
    first = descend(two_valleys, (1.9, 0), 0.1, 1).points[1][0]
    assert f"{two_valleys.gradient((1.9, 0))[0]:.1f}" == "20.1" and f"{first:.2f}" == "-0.11"
    ridge = sorted(np.roots([4.0, 0.0, -4.0, 0.3]).real)[1]
    assert f"{ridge:.2f}" == "0.08"


def test_check_plateau_eta(pair):
    for eta in (1110, 1500, 2000):
        assert check_plateau_eta(eta, pair), eta
    for eta in (30, 600, 1000, 1100):  # 1100 leaves the plateau but is not below C = 2 after 40 steps
        assert "C is still 2 or more after 40 steps" in check_plateau_eta(eta, pair).message, eta
    assert "C = 2.1862 → 1.7913" in check_plateau_eta(1500, pair).message
    assert "positive" in check_plateau_eta(0, pair).message and "positive" in check_plateau_eta(-30, pair).message
    assert "beyond the slider (5 to 2000)" in check_plateau_eta(1e6, pair).message


def test_the_plateau_feedback_is_right_for_every_eta(pair):
    """A sweep of answers from 1 to the largest η the check runs: the praise comes exactly when the ball ends below
    C = 2, that is from about 1,100 on (the solution's words); the advice "try a larger η" is right below it."""
    etas = np.unique(np.concatenate([np.geomspace(1, lesson.PLATEAU_MAX_ETA, 60), np.arange(1050, 1200, 10)]))
    verdicts = {float(eta): bool(check_plateau_eta(float(eta), pair)) for eta in etas}
    assert all(ok == (eta >= 1107) for eta, ok in verdicts.items()), "the threshold moved from about 1,100"
    for eta in (5, 300, 1100):
        assert "try a larger η" in check_plateau_eta(eta, pair).message
    for eta in (1107, 1500, 10_000, lesson.PLATEAU_MAX_ETA):
        assert "With η over a thousand the steps are long enough" in check_plateau_eta(eta, pair).message
    assert lesson.REAL_MAX_ETA > 1107  # the slider reaches an answer


def test_the_plateau_solution_numbers(pair):
    """What the solution says about the plateau at (8, 8), η = 30 and η = 1500."""
    gradient = pair.gradient((8, 8))
    assert [f"{g:.5f}" for g in gradient] == ["0.00004", "0.00004"]
    assert f"{30 * np.linalg.norm(gradient):.3f}" == "0.002"
    path = pair.descend((8, 8), 1500)
    moves = np.linalg.norm(np.diff(path.points, axis=0), axis=1)
    assert np.all((0.085 < moves[:3]) & (moves[:3] < 0.1))  # "about 0.09 long"
    assert f"{path.costs[0]:.4f}" == "2.1862" and 0 < path.costs[0] - path.costs[15] < 0.0002  # it hardly changes
    assert np.all(np.diff(moves[:25]) > 0)  # the steps grow
    assert f"{path.end[0]:.1f}, {path.end[1]:.1f}" == "-70.2, -11.0" and f"{path.costs[-1]:.4f}" == "1.7913"
    assert real_descent_text(pair, path).splitlines()[0] == (
        "η = 1500: 40 steps from (+8.00, +8.00): C = 2.1862 → 1.7913, ends at (-70.15, -11.04)")


@pytest.mark.parametrize("check", [check_sgd_steps, check_deeper_valley, "plateau", check_online])
@pytest.mark.parametrize("junk", [..., (..., ...), None, "0.1", [1, 2, 3], float("nan"), float("inf"), True, 1e308])
def test_checks_never_crash(check, junk, pair):
    if check == "plateau":
        check = functools.partial(check_plateau_eta, pair=pair)
    feedback = check(junk, junk) if check in (check_sgd_steps, check_online) else check(junk)
    assert isinstance(feedback, Feedback)


# ----- the lesson builds on lesson 04 -----

def code_of(name):
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_the_lesson_looks_at_lesson_04s_network_and_digits():
    """The real cost is that of lesson 04's untrained network on lesson 04's 1,000 training digits (costs a ball rolls
    on use training digits: the test digits are kept for the final score)."""
    for name in ("04_cost_and_gradient_descent.ipynb", "05_gradient_descent_in_practice.ipynb"):
        code = code_of(name)
        assert "net = Network([784, 15, 10], seed=8)" in code, name
        assert "sample = (training.images[:1000], training.labels[:1000])" in code, name
    assert "pair = WeightPair(net, sample, output=4, hidden=(3, 5))" in code_of("05_gradient_descent_in_practice.ipynb")


# ----- online learning: one epoch with mini-batches of 1, 10 and all -----

def test_a_mini_batchs_gradient_is_the_mean_of_its_examples_gradients(pair):
    """One backprop on the whole mini-batch gives the mean of the examples' own gradients; all of them, the cost's."""
    v, batch = (-2.0, 3.5), np.array([7, 3, 999, 0, 42])
    mean = np.mean([pair.gradient(v, [k]) for k in batch], axis=0)
    np.testing.assert_allclose(pair.gradient(v, batch), mean, rtol=1e-12)
    np.testing.assert_allclose(pair.gradient(v, np.arange(pair.n)), pair.gradient(v), rtol=1e-12)
    assert not np.allclose(pair.gradient(v, [7]), pair.gradient(v, [3]))  # each example points its own way


def test_one_epoch_counts_are_exact(pair):
    for size, steps in [(1, 1000), (10, 100), (None, 1), (1000, 1), (3, 334), (999, 2)]:
        run = lesson.one_epoch(pair, size, seed=4)
        assert (run.steps, run.backprops, run.gradients) == (steps, steps, 1000), size
        assert run.seen[0] == 0 and run.seen[-1] == 1000 and np.all(np.diff(run.seen) > 0)
        assert run.seconds > 0 and np.all(np.isfinite(run.points))
        np.testing.assert_allclose(run.costs, [pair.cost(p) for p in run.points], rtol=1e-12)


def test_one_batch_of_all_is_one_step_of_gradient_descent_and_shuffles_change_only_sgd(pair):
    full = lesson.one_epoch(pair, None, seed=0)
    np.testing.assert_allclose(full.points, pair.descend(pair.start, lesson.BATCH_ETA, steps=1).points, rtol=1e-12)
    np.testing.assert_allclose(lesson.one_epoch(pair, None, seed=7).points, full.points, rtol=1e-12)
    online = [lesson.one_epoch(pair, 1, seed=s) for s in (0, 0, 1)]
    np.testing.assert_array_equal(online[0].points, online[1].points)
    assert not np.allclose(online[0].points, online[2].points)


def test_one_epoch_refuses_sizes_it_cannot_use(pair):
    for size in (0, -3, 1001, 2.5, "10", True, [10]):
        with pytest.raises(ValueError, match=r"A mini-batch holds 1 to 1,000 examples \(None: all of them\); got "):
            lesson.one_epoch(pair, size)
    assert lesson.one_epoch(pair, 500.0).steps == lesson.one_epoch(pair, np.int64(500)).steps == 2


def test_the_counts_are_what_the_notebook_printed(pair):
    runs = lesson.batch_size_runs(pair, seed=0)
    assert lesson.batch_size_runs(pair, seed=0) is runs  # computed once
    assert lesson.batch_counts_text(pair, runs).splitlines() == [
        "mini-batches of 1 (online learning): steps 1,000, backprop calls 1,000, gradients of 1,000 examples; "
        "uphill steps 748; C at the end = 1.7868",
        "mini-batches of 10: steps 100, backprop calls 100, gradients of 1,000 examples; uphill steps 41; "
        "C at the end = 1.7845",
        "one batch of all 1,000: steps 1, backprop calls 1, gradients of 1,000 examples; uphill steps 0; "
        "C at the end = 2.1469"]
    assert code_of("05_gradient_descent_in_practice.ipynb").count("batch_size_runs(pair, seed=0)") == 1


def test_the_timing_is_measured_and_said_for_each_size(pair):
    lines = lesson.timing_text(pair, repeats=1).splitlines()
    assert len(lines) == 3
    for line, name in zip(lines, ["mini-batches of 1 (online learning)", "mini-batches of 10", "one batch of all 1,000"]):
        assert re.fullmatch(rf"{re.escape(name)}: \d+\.\d ms for the epoch, \d+ µs a step", line), line


@pytest.mark.parametrize("seed", [0, lesson.BATCH_SEEDS - 1])
@pytest.mark.parametrize("seen", [0, 1, 9, 10, 999, 1000, None])
def test_replay_callback_at_its_extremes(pair, seen, seed):
    view = lesson.show_batch_sizes(pair, seen, seed)
    assert is_small_png(view.png) and plt.get_fignums() == []
    header, *lines = view.text.splitlines()
    shown_seen = 1000 if seen is None else seen
    assert header == f"after {shown_seen:,} of 1,000 examples:"
    runs = lesson.batch_size_runs(pair, seed)
    steps = [shown_seen, shown_seen // 10, 1 if shown_seen == 1000 else 0]
    for line, run, k, total in zip(lines, runs, steps, (1000, 100, 1)):
        assert f": step {k:,} of {total:,}, C = {run.costs[k]:.4f} at ({run.points[k][0]:+.2f}, " in line, line
    if shown_seen == 0:
        assert all(line.endswith("C = 2.1553 at (+1.30, -0.59)") for line in lines)
    assert "nan" not in view.text.lower() and "inf" not in view.text


def test_the_replay_picture_draws_what_was_seen(pair):
    lesson.show_batch_sizes(pair, 50, 3)
    _, (paths, balls, curves, now) = lesson._batch_picture(pair)
    assert [len(p.get_xdata()) for p in paths] == [51, 6, 1] == [len(c.get_xdata()) for c in curves]
    assert list(now.get_xdata()) == [50, 50]
    online = lesson.batch_size_runs(pair, 3)[0]
    assert (balls[0].get_xdata()[0], balls[0].get_ydata()[0]) == tuple(online.points[50])
    plt.close("all")


def test_the_replay_refuses_examples_it_never_saw(pair):
    for seen in (-1, 1001, 0.5, "10", False):
        with pytest.raises(ValueError, match="The examples seen go from 0 to 1,000; got "):
            lesson.show_batch_sizes(pair, seen)


def test_the_replay_sliders(pair):
    sliders = lesson.batch_size_sliders(pair, seen=50)
    assert (sliders["seen"].min, sliders["seen"].max, sliders["seen"].step, sliders["seen"].value) == (0, 1000, 10, 50)
    assert (sliders["seed"].min, sliders["seed"].max, sliders["seed"].value) == (0, lesson.BATCH_SEEDS - 1, 0)
    assert [s.description for s in sliders.values()] == ["examples seen", "shuffle (seed)"]
    assert lesson.batch_size_sliders(pair)["seen"].value == 1000


def test_the_online_claim_and_its_words_agree():
    """The ranges the lesson, the feedback and the solution give are the claim's (tests/test_claims.py runs it)."""
    low, high = (f"{100 * x:.0f}%" for x in lesson.ONLINE_UPHILL)
    low10, high10 = (f"{100 * x:.0f}%" for x in lesson.TEN_UPHILL)
    said = f"{low} to {high} of the online steps went uphill, and {low10} to {high10} of the steps with mini-batches of 10"
    assert said in check_online("E", "B").message
    for cell in ("b5e1a0c2", "b5e1a0ca"):
        assert f"{low} to {high}" in markdown_cell(cell) and f"{low10} to {high10}" in markdown_cell(cell)
    assert f"below C = {lesson.BATCH_LOW:.2f}" in markdown_cell("b5e1a0c2")


LETTERS = "ABCDEF"


def test_check_online_is_right_for_every_pair_of_letters():
    """The whole answer space of letters, in upper and lower case and with spaces: right exactly for A and B or D,
    and a wrong answer is told about the first wrong letter, with the reason that letter is wrong."""
    for a, d in itertools.product(LETTERS, LETTERS):
        for form in (str.upper, str.lower, lambda x: f" {x} "):
            feedback = check_online(form(a), form(d))
            assert bool(feedback) == (a == "A" and d in "BD"), (a, d)
            message = feedback.message
            if feedback:
                assert f"Statement {'D' if d == 'B' else 'B'} is a disadvantage too." in message
            elif a != "A":
                assert message.startswith(f"statement {a} ") and message.endswith("an advantage of online learning?")
                assert ("but it is a disadvantage" in message) == (a in "BD")
                assert ("is not true" in message) == (a in "CEF")
            else:
                assert message.startswith(f"statement {d} ") and message.endswith("a disadvantage of online learning?")
                assert ("but it is an advantage" in message) == (d == "A")
                assert ("is not true" in message) == (d in "CEF")


@pytest.mark.parametrize("junk", [..., None, 1, 0.5, True, "", "G", "AB", "advantage", ("A",), ["B"], float("nan")])
def test_check_online_reads_every_other_answer(junk):
    for feedback, slot in [(check_online(junk, "B"), "the advantage"), (check_online("A", junk), "the disadvantage")]:
        assert isinstance(feedback, Feedback) and not feedback
        if junk is ...:
            assert feedback.message == 'replace each ... with a letter in quotes, for example "A".'
        else:
            assert feedback.message.startswith(f'{slot} is one letter from A to F, in quotes, for example "A"')


def test_the_notebook_lists_the_statements_the_check_knows():
    text = markdown_cell("1dcc707c")
    assert [line[2] for line in text.splitlines() if re.match(r"- [A-Z]\. ", line)] == list(lesson.ONLINE_LETTERS)
    assert set(lesson.ONLINE_FALSE) | lesson.ONLINE_ADVANTAGES | lesson.ONLINE_DISADVANTAGES == set(LETTERS)


def markdown_cell(cell_id, name="05_gradient_descent_in_practice.ipynb"):
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "".join(next(c for c in cells if c["id"] == cell_id)["source"])
