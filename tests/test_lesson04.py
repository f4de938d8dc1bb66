"""Lesson 04 (cost and gradient descent): surfaces, regimes, sliders at their extremes, the animation, checks.

Lesson 05 (two valleys, the real cost, SGD) has its own tests in tests/test_lesson05.py."""

import io
import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import Network, numerical_gradient  # noqa: E402
from nnbook.animation import BUTTON_LABELS, offline_player, rolling_ball  # noqa: E402
from nnbook.feedback import Feedback  # noqa: E402
from nnbook.lessons import l04_cost_and_gradient_descent as lesson  # noqa: E402
from nnbook.lessons.l04_cost_and_gradient_descent import (  # noqa: E402
    check_cost_by_hand, check_gradient_step, check_learning_rate, descent_sliders, gradient_steps, show_descent,
    show_surface, show_weight_cost, weight_cost_curve)
from nnbook.surfaces import (  # noqa: E402
    ARRIVED, bowl, curvatures, describe, descend, get_surface, regime, steps_to_arrive, thresholds, two_valleys,
    verdict)

SURFACES = [bowl, two_valleys]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----- the surfaces -----

@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_exact_gradient_matches_the_slopes(surface):
    rng = np.random.default_rng(0)
    for v in rng.uniform(*surface.limits, size=(20, 2)):
        np.testing.assert_allclose(surface.gradient(v), numerical_gradient(surface.cost, v), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_minima_are_valley_bottoms(surface):
    for m in surface.minima:
        np.testing.assert_allclose(surface.gradient(m), 0, atol=1e-9)
        for dv in itertools.product((-0.05, 0, 0.05), repeat=2):
            assert surface.cost(np.add(m, dv)) >= surface.cost(m)


def test_two_valleys_left_is_deeper_and_a_ridge_lies_between():
    (left, _), (right, _) = two_valleys.minima
    assert left < 0 < right
    assert two_valleys.cost(two_valleys.minima[0]) < two_valleys.cost(two_valleys.minima[1])
    assert two_valleys.cost((0.0, 0.0)) > two_valleys.cost(two_valleys.minima[1])


def test_surface_inputs_are_checked():
    with pytest.raises(ValueError, match="two coordinates"):
        bowl.cost([1, 2, 3])
    with pytest.raises(ValueError, match="NaN"):
        bowl.gradient([np.nan, 1])
    with pytest.raises(ValueError, match="surface must be one of"):
        get_surface("saddle")
    assert get_surface("two valleys") is two_valleys


# ----- the regimes of the learning rate -----

START = (-2.5, 1.8)


@pytest.mark.parametrize("eta, kind, text", [
    (0.01, "crawls", "η = 0.01: too slow for 50 steps — it rolls down without overshooting, but is still 0.94 from the bottom"),
    (0.05, "crawls", "η = 0.05: too slow for 50 steps — it rolls down without overshooting, but is still 0.013 from the bottom"),
    (0.10, "rolls", "η = 0.10: rolls down without overshooting and arrives in 25 steps"),
    (0.20, "rolls", "η = 0.20: rolls down without overshooting and arrives in 11 steps"),
    (0.30, "zigzags", "η = 0.30: zig-zags across the valley (η above 1/k = 0.25), each time less, and arrives in "
                      "7 steps"),
    (0.45, "zigzags", "η = 0.45: zig-zags across the valley (η above 1/k = 0.25), each time less, and arrives in "
                      "24 steps"),
    (0.50, "oscillates", "η = 0.50: jumps from side to side for ever (η = 2/k = 0.50); after 50 steps it is still "
                         "1.80 from the bottom"),
    (0.55, "diverges", "η = 0.55: too large — diverges (η above 2/k = 0.50): every jump lands farther out; after 50 "
                       "steps the ball is 16380.79 from the bottom"),
    (0.60, "diverges", "η = 0.60: too large — diverges: the ball overshoots further every step and flies off "
                       "after 39 steps"),
])
def test_regimes_on_the_bowl(eta, kind, text):
    path = descend(bowl, START, eta, 50)
    assert regime(path, bowl) == kind
    assert describe(path, bowl) == text
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.costs))


def test_right_means_it_really_arrived_and_stayed():
    path = descend(bowl, START, 0.1, 50)
    k = steps_to_arrive(path, bowl)
    assert k == 25
    assert all(bowl.nearest_minimum(p)[1] < ARRIVED for p in path.points[k:])
    assert bowl.nearest_minimum(path.points[k - 1])[1] >= ARRIVED


def test_below_a_quarter_the_ball_never_overshoots_but_its_path_curves():
    """What the lesson says below η = 1/4: every step goes downhill, neither coordinate ever passes the valley floor
    (no overshoot), yet the path is no straight line (it closes in faster along the steep v2); and "slow" is η = 0.05,
    which arrives at step 53, past the 50 steps shown, and η = 0.01, still 0.94 from the bottom after 50."""
    for eta in (0.01, 0.05, 0.1, 0.2, 0.249):
        path = descend(bowl, START, eta, 200)
        assert np.all(np.diff(path.costs) < 0) and np.all(path.points * np.array(START) >= 0), eta
        ratio = np.abs(path.points[:4, 1] / path.points[:4, 0])
        assert np.all(np.diff(ratio) < 0), eta  # v2 shrinks faster than v1: the path bends, a curve
    assert steps_to_arrive(descend(bowl, START, 0.05, 100), bowl) == 53
    assert verdict(descend(bowl, START, 0.01, 50), bowl) == "too small: slow"


def test_the_regimes_follow_from_the_curvature():
    """The bowl's steepest direction v2 has second derivative 4: zig-zags start at η = 1/4, divergence at 1/2;
    and zig-zagging is not wrong — η = 0.3 arrives fastest of all the rates in the lesson."""
    assert np.allclose(curvatures(bowl, (0, 0)), [2, 4]) and np.allclose(thresholds(bowl), (0.25, 0.5))
    left, right = (thresholds(two_valleys, k) for k in (0, 1))
    assert np.allclose(left[0], 1 / (12 * two_valleys.minima[0][0] ** 2 - 4))  # ∂²C/∂v1² = 12·v1² − 4 there
    assert left[0] < right[0]  # the deeper valley is also the steeper one
    steps = {eta: steps_to_arrive(descend(bowl, START, eta, 50), bowl) for eta in (0.1, 0.2, 0.3, 0.45)}
    assert min(steps, key=steps.get) == 0.3
    assert [regime(descend(bowl, START, eta, 50), bowl) for eta in (0.249, 0.251, 0.499, 0.5, 0.501)] == [
        "rolls", "zigzags", "zigzags", "oscillates", "diverges"]


# ----- the update rule, in numbers -----

def test_gradient_steps_table():
    lines = gradient_steps(bowl, START, 0.1, n=3).splitlines()
    assert lines[0] == "η = 0.1 on C = v1² + 2·v2²"
    assert lines[3] == ("   0 | ( -2.500,  +1.800) | ( -5.000,  +7.200) | ( +0.500,  -0.720) | "
                        "             -7.6840 | -6.3972")
    assert lines[-1] == "after 3 steps: v = (-1.280, +0.389), C = 1.9407"
    path = descend(bowl, START, 0.1, 3)
    np.testing.assert_allclose(path.end, [-1.28, 0.3888])


# ----- the slider callbacks, at every extreme -----

def slider_extremes():
    sliders = descent_sliders()
    ends = {name: (w.min, w.max) for name, w in sliders.items() if name != "surface"}
    return sliders, ends


def test_sliders_describe_themselves():
    sliders, ends = slider_extremes()
    assert sliders["eta"].description == "learning rate η" and ends["eta"] == (0.01, 0.6)
    assert sliders["start_v1"].description == "start v1" and sliders["start_v2"].description == "start v2"
    assert list(sliders["surface"].options) == [("bowl", "bowl"), ("two valleys", "two valleys")]  # (label, key)
    assert sliders["surface"].value == "bowl" and sliders["surface"].label == "bowl"
    assert (sliders["eta"].value, sliders["start_v1"].value, sliders["start_v2"].value) == (0.1, -2.5, 1.8)


def test_the_explorers_controls_come_with_every_surfaces_figure_drawn_so_the_menu_builds_nothing():
    from nnbook.surface_views import _descent_picture

    _descent_picture.cache_clear()
    descent_sliders()
    built = _descent_picture.cache_info().misses
    assert built == 2, "both surfaces' figures are built with the controls"
    for surface in ["two valleys", "bowl", "two valleys"]:
        show_descent(0.1, surface=surface)
    assert _descent_picture.cache_info().misses == built


def is_small_png(data):
    """PNG bytes with a palette (colour type 3) of at most PALETTE colours."""
    from PIL import Image

    if not (isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n") and data[25] == 3):
        return False
    return len(Image.open(io.BytesIO(data)).getcolors(maxcolors=lesson.PALETTE) or []) > 1


@pytest.mark.parametrize("surface", ["bowl", "two valleys"])
def test_descent_callback_at_every_extreme_without_warnings(surface):
    _, ends = slider_extremes()
    views = [show_descent(eta, v1, v2, surface)
             for eta, v1, v2 in itertools.product(ends["eta"], ends["start_v1"], ends["start_v2"])]
    assert len(views) == 8 and all(is_small_png(v.png) for v in views)
    assert plt.get_fignums() == []
    lines = [v.text for v in views]
    assert all(re.match(r"η = 0\.(01|60): ", line) for line in lines)
    assert all("nan" not in line.lower() and "inf" not in line for line in lines)


def test_descent_callback_text_and_title():
    view = show_descent(0.1, -2.5, 1.8, "bowl")
    assert view.text == "η = 0.10: rolls down without overshooting and arrives in 25 steps"
    assert view.figure.axes[0].get_title() == "η = 0.10\nrolls down, no overshoot"
    view = show_descent(0.6, -2.5, 1.8, "bowl")
    assert "diverges" in view.text
    assert view.figure.axes[0].get_title() == "η = 0.60\ntoo large: diverges"
    assert "shoots off the top" in " ".join(t.get_text() for t in view.figure.axes[1].texts)


def test_show_surface_draws(shown):
    show_surface(bowl)
    show_surface(two_valleys, descend(two_valleys, (0.1, 1.5), 0.1, 30))  # lesson 05's picture
    assert len(shown) == 2


def test_shown_figures_are_small_pngs(capsys):
    """The real show_figure: one PNG output, with a small palette, and the figure closed."""
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401  (display works without a kernel)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    lesson.show_figure(fig)
    assert not plt.fignum_exists(fig.number)
    assert "Image" in capsys.readouterr().out


# ----- one weight of the real network -----

@pytest.fixture(scope="module")
def small_data(mnist):
    training = mnist[0]  # the lesson moves the weight on training digits
    return training.images[:200], training.labels[:200]


@pytest.mark.parametrize("w", [-10.0, -3.0, 1.3004974839063816, 10.0])
def test_weight_slider_extremes_leave_the_network_unchanged(small_data, w):
    net = Network([784, 15, 10], seed=8)
    before = [x.copy() for x in net.weights + net.biases]
    view = show_weight_cost(net, small_data, w, layer=1, j=4, k=3)
    assert is_small_png(view.png)
    out = view.text
    assert out.startswith(f"w = {w:+.2f}: C = ")
    for x, y in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(x, y)
    net.weights[1][4, 3] = w
    assert f"C = {net.cost(small_data):.4f}" in out


def test_weight_cost_curve_is_the_cost(small_data):
    net = Network([784, 15, 10], seed=8)
    curve = weight_cost_curve(net, small_data, 1, 4, 3, [-2.0, 0.0, 2.0])
    for value, c in zip([-2.0, 0.0, 2.0], curve):
        other = Network([784, 15, 10], seed=8)
        other.weights[1][4, 3] = value
        assert c == pytest.approx(other.cost(small_data))
    with pytest.raises(ValueError, match="j must be 0–9"):
        weight_cost_curve(net, small_data, 1, 10, 3, [0.0])


# ----- the rolling-ball animation -----

@pytest.fixture(scope="module")
def animation_html():
    return rolling_ball(bowl, START, 0.1, steps=6).data


def test_animation_plays_offline(animation_html):
    html = animation_html
    assert "font-awesome" not in html and "://" not in html  # nothing fetched from the network
    assert 'class="fa' not in html
    for title, label in BUTTON_LABELS.items():
        assert re.search(rf'title="{title}"[^>]*>{re.escape(label)}</button>', html), title
    assert re.search(r'value="loop"[^>]*\s+checked', html)  # loops by default
    assert re.search(r'<img id="_anim_img[0-9a-f]+" src="data:image/png;base64,', html)  # a picture without scripts
    assert len(re.findall(r"frames\[\d+\] = ", html)) == 7  # the start and 6 steps


def test_animation_is_deterministic_but_for_element_ids(animation_html):
    again = rolling_ball(bowl, START, 0.1, steps=6).data
    ids = re.compile(r"[0-9a-f]{32}")
    assert ids.sub("ID", again) == ids.sub("ID", animation_html)


def test_a_diverging_ball_animates_without_warnings():
    html = rolling_ball(bowl, START, 0.6, steps=8).data
    assert len(re.findall(r"frames\[\d+\] = ", html)) == 9


def test_offline_player_on_matplotlibs_template():
    html = ('<link rel="stylesheet"\nhref="https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/font-awesome.min.css">'
            '<img id="_anim_imgabc">'
            '<button title="Play" aria-label="Play" onclick="animabc.play_animation()">\n'
            '          <i class="fa fa-play"></i></button>'
            '  frames[0] = "data:image/png;base64,AAAA";')
    out = offline_player(html)
    assert "https://" not in out
    assert 'onclick="animabc.play_animation()">play ▶</button>' in out
    assert '<img id="_anim_imgabc" src="data:image/png;base64,AAAA">' in out


# ----- the exercises' checks -----

def test_check_cost_by_hand():
    assert check_cost_by_hand(0.065)
    assert "½" in check_cost_by_hand(0.13).message
    assert "never be negative" in check_cost_by_hand(-1).message


def test_check_gradient_step():
    assert check_gradient_step((1.6, 0.6))
    assert check_gradient_step(np.array([1.6, 0.6]))
    assert "uphill" in check_gradient_step((2.4, 1.4)).message
    assert "4·v2" in check_gradient_step((1.8, 0.8)).message
    assert "v + Δv" in check_gradient_step((-0.4, -0.4)).message


def test_check_learning_rate():
    assert check_learning_rate(0.2) and check_learning_rate(0.121) and check_learning_rate(0.44)
    assert "25 steps" in check_learning_rate(0.1).message and "larger" in check_learning_rate(0.1).message
    assert "smaller" in check_learning_rate(0.45).message
    assert "diverges" in check_learning_rate(0.7).message
    assert "positive" in check_learning_rate(0).message and "positive" in check_learning_rate(-0.1).message


def test_the_learning_rate_feedback_is_right_for_every_eta():
    """A sweep of answers: the praise comes exactly for the η that arrive within 20 steps, which run from 0.121 to
    0.4425 ("about 0.12 to 0.44"); below them the advice is to go larger, above them to go smaller."""
    near_the_ends = np.concatenate([np.arange(0.111, 0.131, 0.0005), np.arange(0.4325, 0.4525, 0.0005)])
    for eta in np.unique(np.round(np.concatenate([np.arange(0.002, 1.0, 0.002), near_the_ends]), 4)):
        feedback = check_learning_rate(float(eta))
        arrived = steps_to_arrive(descend(bowl, START, eta, 50), bowl)
        assert bool(feedback) == (arrived is not None and arrived <= 20) == (0.121 <= eta <= 0.4425), eta
        if not feedback:
            assert ("larger" in feedback.message) == (eta < 0.121), (eta, feedback.message)
            assert ("smaller" in feedback.message) == (eta > 0.4425), (eta, feedback.message)


@pytest.mark.parametrize("check", [check_cost_by_hand, check_gradient_step, check_learning_rate])
@pytest.mark.parametrize("junk", [..., (..., ...), None, "0.1", [1, 2, 3], float("nan"), float("inf"), True, 1e308])
def test_checks_never_crash(check, junk):
    feedback = check(junk)
    assert isinstance(feedback, Feedback)
