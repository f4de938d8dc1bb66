import numpy as np
import pytest

from nnbook import cost_derivative, gradient_descent, numerical_gradient, quadratic_cost


def test_quadratic_cost_by_hand():
    # two examples (columns): errors (1, 0) and (0.5, 0.5) → ‖·‖² = 1 and 0.5; C = (1 + 0.5) / (2·2)
    a = np.array([[1.0, 0.5], [0.0, 0.5]])
    y = np.array([[0.0, 1.0], [0.0, 0.0]])
    assert quadratic_cost(a, y) == pytest.approx(0.375)
    assert quadratic_cost(y, y) == 0.0
    assert quadratic_cost(np.array([0.2, 0.9]), np.array([0.0, 1.0])) == pytest.approx((0.04 + 0.01) / 2)


def test_cost_derivative():
    np.testing.assert_allclose(cost_derivative(np.array([0.2, 0.9]), np.array([0.0, 1.0])), [0.2, -0.1])


def test_cost_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        quadratic_cost(np.zeros((10, 2)), np.zeros((2, 10)))


def bowl(v):
    return v[0] ** 2 + 3 * v[1] ** 2


def test_numerical_gradient():
    np.testing.assert_allclose(numerical_gradient(bowl, [1.0, -2.0]), [2.0, -12.0], rtol=1e-6)


def test_descent_converges_and_keeps_path():
    path = gradient_descent(bowl, [2.0, 1.0], eta=0.1, steps=50)
    assert path.points.shape == (51, 2) and path.costs.shape == (51,)
    assert not path.diverged
    assert path.costs[-1] < 1e-6
    assert np.all(np.diff(path.costs) <= 0)  # downhill every step
    np.testing.assert_allclose(path.points[1], [2.0 - 0.1 * 4.0, 1.0 - 0.1 * 6.0], rtol=1e-6)


def test_exact_gradient_used():
    path = gradient_descent(bowl, [1.0, 1.0], eta=0.25, steps=1, gradient=lambda v: np.array([2 * v[0], 6 * v[1]]))
    np.testing.assert_array_equal(path.points[1], [0.5, -0.5])


def test_divergence_is_reported_not_silent():
    path = gradient_descent(bowl, [1.0, 1.0], eta=1.0, steps=500)
    assert path.diverged
    assert "too large" in path.message
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.costs))
    assert path.steps < 500


def test_noise_is_seeded():
    a = gradient_descent(bowl, [1.0, 1.0], 0.1, 20, noise=0.5, seed=3)
    b = gradient_descent(bowl, [1.0, 1.0], 0.1, 20, noise=0.5, seed=3)
    np.testing.assert_array_equal(a.points, b.points)


@pytest.mark.parametrize("eta", [0, -1, float("nan")])
def test_bad_eta(eta):
    with pytest.raises(ValueError, match="eta must be a finite number > 0"):
        gradient_descent(bowl, [1.0, 1.0], eta, 10)


def test_the_message_says_how_the_cost_went():
    down = gradient_descent(bowl, [2.0, 1.0], eta=0.1, steps=2)
    assert down.message == "2 steps: cost 7 → 1.715 (down 5.285)"
    assert repr(down) == "Path(2 steps, η=0.1: 2 steps: cost 7 → 1.715 (down 5.285))"
    up = gradient_descent(lambda v: -v[0], [-1.0], eta=0.5, steps=2, gradient=lambda v: np.array([1.0]))
    assert up.message == "2 steps: cost 1 → 2 (up 1)"
    flown = gradient_descent(bowl, [1.0, 1.0], eta=1.0, steps=500)
    assert flown.message == (f"diverged: after {flown.steps + 1} steps the ball flew off (cost beyond 1e+12); "
                             "the learning rate η = 1 is too large — try a smaller one")


def test_a_ball_that_jumps_the_ridge_is_said_to():
    """Set down right of the ridge, a big step lands it left of it: not "rolls down, no overshoot"."""
    from nnbook.surfaces import basin, crossed_ridge, descend, describe, two_valleys, verdict

    assert basin(two_valleys, (1.9, 0)) == 1 and basin(two_valleys, (0.05, 0)) == 0  # the ridge is at v1 ≈ 0.075
    jumped = descend(two_valleys, (1.9, 0), 0.1, 30)
    assert crossed_ridge(jumped, two_valleys) and verdict(jumped, two_valleys) == "jumps the ridge"
    assert describe(jumped, two_valleys) == ("η = 0.10: jumps over the ridge into the other valley and arrives in "
                                             "9 steps in the deeper (left) valley")
    stayed = descend(two_valleys, (0.05, 0), 0.1, 30)  # nearer the right bottom, yet on the left of the ridge
    assert not crossed_ridge(stayed, two_valleys) and verdict(stayed, two_valleys) == "rolls down, no overshoot"


def test_the_basin_is_where_descend_takes_the_ball_with_tiny_steps():
    """basin's fast loop on plain floats gives the valley that `descend` itself reaches (η = 0.01, 3,000 steps),
    over starts spread across the slider's square and on both sides of the ridge."""
    from nnbook.surfaces import _basin, descend, two_valleys

    starts = [(a, b) for a in np.linspace(-2, 2, 17) for b in (-2.0, -0.5, 0.0, 1.5)] + [(0.07, 0.0), (0.08, 0.0)]
    for v1, v2 in starts:
        rolled = two_valleys.nearest_minimum(descend(two_valleys, (v1, v2), eta=0.01, steps=3000).end)[0]
        assert _basin.__wrapped__(two_valleys, float(v1), float(v2)) == rolled, (v1, v2)
    assert {_basin.__wrapped__(two_valleys, float(v1), 0.0) for v1, _ in starts} == {0, 1}
