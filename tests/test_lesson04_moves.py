"""Lesson 04, issue #23's three things to move: right answers as a staircase beside the cost (one weight of the
lesson's network), a ball on the curve C(v) = v², and the dial that turns a step around a point of the bowl.

Each: the maths against a second way of computing it, what the lesson's text says about it, the slider's callback
at its extremes in both languages, bad input, and its exercise's feedback over a sweep of answers."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import Network  # noqa: E402
from nnbook.lessons import l04_cost_and_gradient_descent as lesson  # noqa: E402
from nnbook.lessons.l04_cost_and_gradient_descent import (  # noqa: E402
    best_angle, check_best_angle, check_count_change, check_one_step_eta, cost_slope, count_steps, curve_path,
    curve_sliders, dial_slider, dial_step, real_best_angle, real_change, show_curve_descent, show_direction,
    show_staircase, stair_slider, staircase_curves)
from nnbook.surfaces import bowl  # noqa: E402

JUNK = [..., None, "", "abc", "225", True, [1, 2], np.nan, (..., 1)]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def is_png(data):
    return isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n") and data[25] == 3


# ----- right answers are a staircase, the cost a slope -----

@pytest.fixture(scope="module")
def digits(mnist):
    training = mnist[0]  # the lesson's first 100 training digits (never test digits)
    return training.images[:100], training.labels[:100]


def lesson_net():
    return Network([784, 15, 10], seed=8)


def set_weight(net, w):
    other = Network([784, 15, 10], seed=8) if net is None else net
    other.weights[1][4, 3] = w
    return other


def test_the_curves_are_the_networks_own_cost_and_count(digits):
    net = lesson_net()
    values = [-10.0, -3.0, 0.0, 1.3, 2.5, 10.0]
    costs, counts = staircase_curves(net, digits, values)
    for w, c, n in zip(values, costs, counts):
        other = set_weight(None, w)
        assert c == pytest.approx(other.cost(digits), rel=1e-12)
        assert n == int(np.count_nonzero(other.predict(digits[0].T) == digits[1]))


def test_the_cost_slope_is_the_derivative(digits):
    net = lesson_net()
    for w in (-6.0, -3.0, 1.3, 4.0):
        h = 1e-5
        numeric = (staircase_curves(net, digits, [w + h])[0][0] - staircase_curves(net, digits, [w - h])[0][0]) / (2 * h)
        assert cost_slope(net, digits, w) == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_the_count_changes_only_at_its_steps_and_at_each_one(digits):
    net = lesson_net()
    steps = count_steps(net, digits)
    edges = np.concatenate([[-10.0], steps, [10.0]])
    middles = (edges[:-1] + edges[1:]) / 2
    grid = np.linspace(-10, 10, 20001)
    _, counts = staircase_curves(net, digits, grid)
    _, at_middles = staircase_curves(net, digits, middles)
    stretch = np.searchsorted(steps, grid)  # which flat stretch each grid point is in
    assert np.array_equal(counts, at_middles[stretch])  # flat between steps
    _, below = staircase_curves(net, digits, steps - 1e-7)
    _, above = staircase_curves(net, digits, steps + 1e-7)
    assert np.all(below != above)  # and a step at each


def test_what_the_lesson_says_about_its_staircase(digits):
    """16 steps between −10 and 10; 7 right at +1.30 and +1.31, the same from +1.20 to +1.53; the cost's slope there
    +0.0216 (move down); 6 right at the slider's start, −3, and no slider value sits on a step."""
    net = lesson_net()
    start = float(net.weights[1][4, 3])
    steps = count_steps(net, digits)
    assert len(steps) == 16
    _, (at, nudged) = staircase_curves(net, digits, [start, start + 0.01])
    assert at == nudged == 7
    left, right = steps[steps < start][-1], steps[steps > start][0]
    assert (f"{left:+.2f}", f"{right:+.2f}") == ("+1.20", "+1.53")
    assert f"{cost_slope(net, digits, start):+.4f}" == "+0.0216"
    slider = stair_slider()
    values = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
    assert np.min(np.abs(values[:, None] - steps[None, :])) > 1e-3


@pytest.mark.parametrize("seed", range(5))
def test_any_network_counts_in_steps_and_its_cost_is_smooth(digits, seed):
    """Not only the lesson's network: for five seeds the count has at most one step a digit and is flat between,
    while the cost changes wherever the weight moves."""
    net = Network([784, 15, 10], seed=seed)
    steps = count_steps(net, digits)
    assert len(steps) <= 100
    grid = np.linspace(-10, 10, 4001)
    costs, counts = staircase_curves(net, digits, grid)
    assert np.count_nonzero(np.diff(counts)) <= len(steps)
    assert np.all(np.diff(costs) != 0)


@pytest.mark.parametrize("w", [-10.0, -3.0, 1.3004974839063816, 10.0])
def test_staircase_slider_extremes_in_both_languages(digits, language, glyph_log, w):
    net = lesson_net()
    before = [x.copy() for x in net.weights + net.biases]
    view = show_staircase(net, digits, w)
    assert is_png(view.png)
    for x, y in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(x, y)
    cost, count = (a[0] for a in staircase_curves(net, digits, [w]))
    assert f"{cost:.4f}" in view.text and f"{count}" in view.text and "16" in view.text
    assert "nan" not in view.text.lower()
    if language == "en":
        assert view.text.startswith(f"w = {w:+.2f}: cost C = ")
        assert ("move w down" if cost_slope(net, digits, w) > 0 else "move w up") in view.text
    slider = stair_slider()
    assert (slider.min, slider.max, slider.value) == (-10.0, 10.0, -3.0)
    assert plt.get_fignums() == [] and glyph_log == []  # every character of the figure's words in the font


def test_staircase_text_at_the_slider_start(digits):
    assert show_staircase(lesson_net(), digits, -3.0).text == (
        "w = -3.00: cost C = 1.8962, its slope dC/dw = +0.0734, so to lower C move w down.\n"
        "right answers: 6 of 100, the same for every w from -10.00 to -2.33: the slope of the count is 0 here, so it "
        "cannot say which way to move. (Between -10 and 10 the count changes at 16 places only.)")


def test_staircase_refuses_a_weight_that_is_not_there(digits):
    with pytest.raises(ValueError, match="j must be 0–9"):
        show_staircase(lesson_net(), digits, 0.0, j=10)


def test_count_change_feedback_for_every_answer(digits, language):
    net = lesson_net()
    start = float(net.weights[1][4, 3])
    _, counts = staircase_curves(net, digits, [start, start + 0.01])
    assert counts[0] == counts[1] == 7  # the lesson's net reads 7 of its 100 staircase digits right, before and after
    for answer in range(-100, 101):
        feedback = check_count_change(answer, net, digits)
        assert feedback.ok == (answer == 0), answer
        if language == "en" and answer != 0:
            assert ("is the count itself" in feedback.message) == (answer == 7), answer
            assert ("is not it" in feedback.message) == (answer != 7), answer
    if language == "en":
        assert "7 of the 100 digits are read right" in check_count_change(7, net, digits).message
    for answer in [0.0, -0.0, np.int64(0), np.float32(0)]:
        assert check_count_change(answer, net, digits).ok
    for answer in JUNK + [0.5, -1.5, np.inf]:
        feedback = check_count_change(answer, net, digits)
        assert not feedback.ok and feedback.message
    if language == "en":
        assert "move w down" in check_count_change(0, net, digits).message


def test_count_change_when_a_step_lies_in_the_nudge(digits):
    """Set just below a step, the nudge crosses it: then the count does change, and the check says so."""
    net = lesson_net()
    step = count_steps(net, digits)[8]
    net.weights[1][4, 3] = step - 0.005
    _, (a, b) = staircase_curves(net, digits, [step - 0.005, step + 0.005])
    assert a != b
    assert check_count_change(int(b - a), net, digits).ok
    assert not check_count_change(0, net, digits).ok
    for count in (a, b):  # the count before or after the nudge is the count itself, not its change
        assert "is the count itself" in check_count_change(int(count), net, digits).message


# ----- a ball on the curve C(v) = v² -----

@pytest.mark.parametrize("eta", [0.05, 0.3, 0.5, 0.7, 1.0])
def test_the_path_is_one_minus_two_eta_times_v(eta):
    path = curve_path(eta, 10)
    np.testing.assert_allclose(path, -2.5 * (1 - 2 * eta) ** np.arange(11), atol=1e-12)


def test_what_the_lesson_says_about_the_curve():
    """Below 0.5 the ball stops short (never passes the bottom); between 0.5 and 1 it zig-zags, each time less;
    at 1 it jumps between −2.5 and +2.5 for ever; η = 0.5 lands on the bottom in one step from any start."""
    for eta in (0.05, 0.2, 0.45):
        path = curve_path(eta, 10)
        assert np.all(path < 0) and np.all(np.diff(np.abs(path)) < 0)
    for eta in (0.55, 0.7, 0.95):
        path = curve_path(eta, 10)
        assert np.all(np.sign(path[1:]) == -np.sign(path[:-1])) and np.all(np.diff(np.abs(path)) < 0)
    np.testing.assert_allclose(curve_path(1.0, 10), -2.5 * (-1.0) ** np.arange(11))
    for start in (-3.0, -2.5, 0.7, 2.0):
        assert curve_path(0.5, 1, start)[1] == 0


@pytest.mark.parametrize("eta, step", list(itertools.product([0.05, 1.0], [0, 10])))
def test_curve_slider_extremes_in_both_languages(language, glyph_log, eta, step):
    view = show_curve_descent(eta, step)
    assert is_png(view.png)
    v = curve_path(eta, step)[-1]
    assert f"v = {v:+.3f}" in view.text and "nan" not in view.text.lower()
    assert lesson.CURVE_LIMITS[0] <= v <= lesson.CURVE_LIMITS[1]  # the ball stays in the picture
    sliders = curve_sliders()
    assert (sliders["eta"].min, sliders["eta"].max) == (0.05, 1.0)
    assert (sliders["step"].min, sliders["step"].max) == (0, 10)
    assert plt.get_fignums() == [] and glyph_log == []


def test_curve_text():
    assert show_curve_descent(0.1, 0).text == (
        "step 0: v = -2.500, C = 6.250, slope C′(v) = 2v = -5.000\n"
        "next step: Δv = −η·C′(v) = −0.10 · (-5.000) = +0.500, so v → -2.000 and C → 4.000")


@pytest.mark.parametrize("eta, step", [(0.1, 11), (0.1, -1), (0.1, 1.5), (0.1, True), (0.0, 0), (1.5, 0), ("x", 0)])
def test_curve_refuses_bad_values(language, eta, step):
    with pytest.raises(ValueError):
        show_curve_descent(eta, step)


def test_one_step_eta_feedback_for_every_eta(language):
    for eta in np.round(np.arange(-1, 3.0001, 0.001), 3):
        feedback = check_one_step_eta(float(eta))
        assert feedback.ok == (eta == 0.5), eta
        if language == "en" and not feedback.ok:
            after = -2.5 * (1 - 2 * eta)
            kind = ("positive" if eta <= 0 else "stops short" if after < 0 else "just as high" if eta == 1 else
                    "jumps past")
            assert kind in feedback.message, (eta, feedback.message)
            assert ("larger" in feedback.message) == (0 < eta < 0.5)
    assert check_one_step_eta(1 / 2).ok and check_one_step_eta(np.float32(0.5)).ok
    for answer in JUNK + [np.inf]:
        feedback = check_one_step_eta(answer)
        assert not feedback.ok and feedback.message


# ----- the best direction: the dial -----

def test_the_dial_step_and_its_change():
    g = bowl.gradient(lesson.DIAL_POINT)
    assert np.allclose(g, [4, 4])
    for angle in np.arange(0, 360, 7.5):
        dv, change = dial_step(angle)
        assert np.linalg.norm(dv) == pytest.approx(0.5)
        assert change == pytest.approx(float(g @ dv))
        assert change == pytest.approx(np.linalg.norm(g) * 0.5 * np.cos(np.radians(angle - 45)))


def test_the_best_angle_is_minus_the_gradient_and_cauchy_schwarz_holds():
    assert best_angle() == 225
    angles = np.arange(0, 360, 0.01)
    changes = [dial_step(a)[1] for a in angles]
    assert angles[int(np.argmin(changes))] == pytest.approx(225)
    g = bowl.gradient(lesson.DIAL_POINT)
    dv, least = dial_step(225)
    np.testing.assert_allclose(dv, -0.5 * g / np.linalg.norm(g))
    assert least == pytest.approx(-np.linalg.norm(g) * 0.5)
    rng = np.random.default_rng(0)
    for dv in rng.normal(size=(200, 2)):
        assert g @ dv >= -np.linalg.norm(g) * np.linalg.norm(dv) - 1e-12
    # what the solution says: (−0.354, −0.354), −2.828; the way to the bottom, 206.6°, gives −2.683
    assert [f"{x:.3f}" for x in (*dv_225(), least)] == ["-0.354", "-0.354", "-2.828"]
    bottom = np.degrees(np.arctan2(-1, -2)) % 360
    assert f"{bottom:.1f}" == "206.6" and f"{dial_step(bottom)[1]:.3f}" == "-2.683"
    assert f"{np.linalg.norm(g):.3f}" == "5.657"


def test_the_real_cost_falls_most_near_220_and_tends_to_225_as_the_step_shrinks():
    """What the text after the dial says: ∇C·Δv is a prediction; for a step of 0.5 the bowl's curvature moves the
    real best angle to about 220° (−2.4644 against −2.4534 at 225°, −2.383 aimed at the bottom), and it tends to
    225° as the step shrinks (224.0° for 0.1, 224.5° for 0.05)."""
    v = np.array(lesson.DIAL_POINT)
    for angle in (0, 90, 200, 220, 225, 333):
        t = np.radians(angle)
        dv = 0.5 * np.array([np.cos(t), np.sin(t)])
        exact = (v + dv)[0] ** 2 + 2 * (v + dv)[1] ** 2 - (v[0] ** 2 + 2 * v[1] ** 2)
        assert real_change(angle) == pytest.approx(exact)
        # the prediction misses by exactly the curvature term Δv1² + 2·Δv2²
        assert real_change(angle) - dial_step(angle)[1] == pytest.approx(dv[0] ** 2 + 2 * dv[1] ** 2)
    assert f"{real_best_angle():.0f}" == "220"
    assert f"{real_change(220):.4f}" == "-2.4644" and f"{real_change(225):.4f}" == "-2.4534"
    assert f"{real_change(np.degrees(np.arctan2(-1, -2))):.3f}" == "-2.383"
    assert f"{real_best_angle(0.1):.1f}" == "224.0" and f"{real_best_angle(0.05):.1f}" == "224.5"
    bests = [real_best_angle(length) for length in (0.5, 0.2, 0.1, 0.05, 0.01)]
    assert all(a < b for a, b in zip(bests, bests[1:])) and 224.8 < bests[-1] < 225


def dv_225():
    return dial_step(225)[0]


@pytest.mark.parametrize("angle", [0, 225, 360, 359.5, -45, 1000])
def test_dial_callback_at_its_extremes_in_both_languages(language, glyph_log, angle):
    view = show_direction(angle)
    assert is_png(view.png)
    assert f"{dial_step(angle)[1]:+.3f}" in view.text
    slider = dial_slider()
    assert (slider.min, slider.max, slider.step, slider.value) == (0, 360, 1, 0)
    assert plt.get_fignums() == [] and glyph_log == []


def test_dial_text():
    assert show_direction(225).text == (
        "θ = 225°: Δv = (-0.354, -0.354), of length 0.5; ∇C(2, 1) = (4, 4)\n"
        "∇C·Δv = 4·(-0.354) + 4·(-0.354) = -2.828: the cost is predicted to go down")
    assert show_direction(135).text.endswith("to first order the cost stays level (the step is tangent to the contour line)")
    # only predicted: at 136° ∇C·Δv < 0 but the real cost rises (curvature), at 135° it rises by 0.375
    assert dial_step(136)[1] < 0 < real_change(136) and f"{real_change(135):.3f}" == "0.375"
    assert show_direction(136).text.endswith("the cost is predicted to go down")


@pytest.mark.parametrize("angle", [np.nan, np.inf, "90", None, True])
def test_dial_refuses_bad_angles(language, angle):
    with pytest.raises(ValueError):
        show_direction(angle)


def test_best_angle_feedback_for_every_angle(language):
    """Every angle from −720° to 1080° in tenths: right exactly within half a degree of 225° (or 225 + 360·n), and
    each wrong answer told what it is — level, uphill, aimed at the bottom, or downhill with the way to turn."""
    for angle in np.round(np.arange(-720, 1080.05, 0.1), 1):
        off = (angle - 225 + 180) % 360 - 180
        feedback = check_best_angle(float(angle))
        assert feedback.ok == (abs(off) <= 0.5 + 1e-9), angle
        if language == "en" and not feedback.ok:
            change = dial_step(angle)[1]
            if abs((angle - 220 + 180) % 360 - 180) <= 1:
                assert "real cost falls most" in feedback.message and "first-order prediction" in feedback.message
                assert f"{change:+.4f}" in feedback.message and "-2.8284" in feedback.message
                assert f"{real_change(angle):+.4f}" in feedback.message and "larger" in feedback.message
            elif abs(change) < 5e-4:
                assert "contour line" in feedback.message
            elif change > 0:
                assert "uphill" in feedback.message
            elif abs((angle - 206.565 + 180) % 360 - 180) <= 2:
                assert "bottom" in feedback.message and f"{change:+.4f}" in feedback.message
            else:
                assert ("larger" if off < 0 else "smaller") in feedback.message, angle
                assert f"{change:+.4f}" in feedback.message and "-2.8284" in feedback.message, angle
            if abs((angle - 220 + 180) % 360 - 180) > 1:
                assert "real cost" not in feedback.message and "真实" not in feedback.message
    for angle in range(0, 361):
        assert check_best_angle(angle).ok == (angle == 225)
        real = "真实" if language == "zh" else "real cost"
        assert (real in check_best_angle(angle).message) == (219 <= angle <= 221), angle
    # 224° is close, and its feedback shows the difference (−2.8280 against −2.8284, not −2.828 twice)
    assert "-2.8280" in check_best_angle(224).message and "-2.8284" in check_best_angle(224).message
    for answer in JUNK + [np.inf, -np.inf]:
        feedback = check_best_angle(answer)
        assert not feedback.ok and feedback.message
