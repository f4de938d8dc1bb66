"""Lesson 01 (the perceptron): its slider callback, its pictures, its grid search and its checks."""

from itertools import product

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from nnbook.diagrams import LAYER_COLOURS, draw_circuit, draw_layers  # noqa: E402
from nnbook.feedback import Feedback  # noqa: E402
from nnbook.lessons.l01_perceptron import (  # noqa: E402
    INPUTS, check_and, check_gate, check_negative_scaling, check_or, check_scaling, circuit_table, perceptron_sliders,
    show_perceptron, show_xor_attempts, truth_table_text)
from nnbook.perceptron import GATES, Perceptron, adder_from_nand, find_perceptrons, xor_from_nand  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def slider_values(slider):
    """The slider's two ends, its start, and 0."""
    return sorted({slider.min, slider.max, slider.value, 0.0})


# --- the slider callback -------------------------------------------------------------------------

def test_sliders_are_described_and_start_at_nand():
    sliders = perceptron_sliders()
    assert {k: s.description for k, s in sliders.items()} == {"w1": "w1", "w2": "w2", "threshold": "threshold"}
    assert (sliders["w1"].value, sliders["w2"].value, sliders["threshold"].value) == (-2, -2, -3)
    assert (sliders["w1"].min, sliders["w1"].max, sliders["threshold"].min, sliders["threshold"].max) == (-3, 3, -4, 4)


def is_png(data):
    return isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


def test_callback_at_every_slider_extreme_shows_the_true_table_and_a_picture():
    """No warning anywhere (pytest turns warnings into errors; the View draws the figure), the text always right."""
    sliders = perceptron_sliders()
    for w1, w2, threshold in product(*(slider_values(sliders[k]) for k in ("w1", "w2", "threshold"))):
        view = show_perceptron(w1, w2, threshold)
        p = Perceptron([w1, w2], threshold=threshold)
        assert truth_table_text(p) in view.text
        assert f"gate: {p.gate_name()}" in view.text.splitlines()
        assert "-0.00" not in view.text and "= -0.0" not in view.text
        assert is_png(view.png)
        assert plt.get_fignums() == [], "the View closes its figure, so pyplot never shows it again"


def test_callback_text_for_nand():
    assert show_perceptron(-2, -2, -3).text.splitlines() == [
        "w1 = -2.0, w2 = -2.0, threshold = -3.0  (bias b = −threshold = 3.0)",
        "x1  x2 |  z = w·x + b | output",
        " 0   0 |        +3.00 |    1",
        " 0   1 |        +1.00 |    1",
        " 1   0 |        +1.00 |    1",
        " 1   1 |        -1.00 |    0",
        "gate: NAND",
    ]


@pytest.mark.parametrize("w1, w2, threshold, gate", [
    (1, 1, 1.5, "AND"), (1, 1, 0.5, "OR"), (-1, -1, -0.5, "NOR"), (1, 0, 0.5, "x1"), (1, 1, 1, "AND"),
])
def test_callback_names_the_gate(w1, w2, threshold, gate):
    assert f"gate: {gate}" in show_perceptron(w1, w2, threshold).text.splitlines()


def test_callback_draws_one_figure_with_the_line():
    view = show_perceptron(-2, -2, -3)
    assert len(view.figure.axes) == 1
    ax = view.figure.axes[0]
    assert "NAND" in ax.get_title()
    line = ax.lines[0]  # the dashed line z = 0: w1·x1 + w2·x2 = threshold
    x, y = line.get_data()
    np.testing.assert_allclose(-2 * x - 2 * y, -3)


def test_callback_with_both_weights_zero_says_there_is_no_line():
    view = show_perceptron(0, 0, 0.5)
    assert "no line" in view.text and "gate: always 0" in view.text
    assert not any(len(line.get_xdata()) for line in view.figure.axes[0].lines), "no line is drawn"


def test_xor_attempts_each_get_a_point_wrong():
    show_xor_attempts()
    axes = plt.gcf().axes
    assert len(axes) == 3
    for ax in axes:
        assert "1 of 4 points on the wrong side" in ax.get_title()


# --- circuits and the grid search ----------------------------------------------------------------

def test_circuit_table_prints_xor(capsys):
    circuit_table(xor_from_nand())
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["x1", "x2", "n1", "n2", "n3", "xor"]
    assert [int(line.split()[-1]) for line in lines[1:]] == list(GATES["XOR"])


def circle_colours(fig):
    """{label written in a circle: its face colour} for a draw_layers figure."""
    ax = fig.axes[0]
    centres = {tuple(np.round(c.center, 6)): to_hex(c.get_facecolor()) for c in ax.patches}
    return {t.get_text(): centres[tuple(np.round(t.get_position(), 6))] for t in ax.texts
            if tuple(np.round(t.get_position(), 6)) in centres}


def test_adder_drawing_marks_both_outputs_and_merges_the_double_connection():
    fig = draw_circuit(adder_from_nand(), title="adder")
    colours = circle_colours(fig)
    assert colours["carry"] == colours["sum"] == LAYER_COLOURS["output"]
    assert colours["n1"] == LAYER_COLOURS["hidden"] and colours["x1"] == LAYER_COLOURS["input"]
    edge_texts = [t.get_text() for t in fig.axes[0].texts]
    assert edge_texts.count("-4") == 1  # n1 → carry, read twice with −2
    assert "hidden / output" in edge_texts


def test_adder_drawing_runs_no_connection_behind_a_perceptron():
    fig = draw_circuit(adder_from_nand())
    ax = fig.axes[0]
    centres = [np.array(c.center) for c in ax.patches]
    for line in ax.lines:
        (x0, x1), (y0, y1) = line.get_data()
        a, b = np.array([x0, y0]), np.array([x1, y1])
        for c in centres:
            if np.allclose(c, a) or np.allclose(c, b):
                continue
            t = np.clip((c - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
            assert np.linalg.norm(a + t * (b - a) - c) > 0.38, f"a connection passes behind the neuron at {c}"


def test_draw_layers_default_colours_unchanged():
    colours = circle_colours(draw_layers([["a", "b"], ["h"], ["o"]]))
    assert colours == {"a": LAYER_COLOURS["input"], "b": LAYER_COLOURS["input"],
                       "h": LAYER_COLOURS["hidden"], "o": LAYER_COLOURS["output"]}


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_grid_search_finds_only_true_solutions(gate):
    found = find_perceptrons(gate)
    assert len(found) > 100
    for w1, w2, b in found[:: max(1, len(found) // 50)]:
        assert tuple(Perceptron([w1, w2], bias=b)(x) for x in INPUTS) == GATES[gate]


def test_grid_search_finds_no_xor():
    assert find_perceptrons("XOR").shape == (0, 3)
    assert len(find_perceptrons((1, 0, 0, 1), values=np.linspace(-10, 10, 41))) == 0
    assert len(find_perceptrons((0, 0, 0, 1), values=[1, -1.5])) == 1  # w = (1, 1), b = −1.5


@pytest.mark.parametrize("gate, message", [("XAND", "unknown gate"), ((0, 1, 2, 0), "four 0s and 1s"),
                                           ((0, 1), "four 0s and 1s")])
def test_grid_search_refuses_bad_gates(gate, message):
    with pytest.raises(ValueError, match=message):
        find_perceptrons(gate)


# --- exercise checks -----------------------------------------------------------------------------

@pytest.mark.parametrize("weights, bias", [([1, 1], -1.5), ([1, 1], -1), ((2, 3), -4), (np.array([0.5, 0.5]), -0.75)])
def test_and_right_answers(weights, bias):
    feedback = check_and(weights, bias)
    assert isinstance(feedback, Feedback) and feedback.ok, feedback
    assert "computes AND" in feedback.message


@pytest.mark.parametrize("weights, bias", [([1, 1], -0.5), ([1, 1], 0), ([2, 2], -1)])
def test_or_right_answers(weights, bias):
    assert check_or(weights, bias).ok


@pytest.mark.parametrize("check, weights, bias, expected", [
    (check_and, ..., ..., "replace each ... with a number"),
    (check_and, [1, ...], -1, "replace each ... with a number"),
    (check_and, [1, 1], -0.5, "computes OR, not AND: for input (0, 1) z = w·x + b = 0.5 > 0, so the output is 1, "
                              "but AND needs 0"),
    (check_and, [1, 1], 1.5, "did you give the threshold? The bias is minus the threshold"),
    (check_or, [1, 1], -1, "z = 0 gives output 0"),
    (check_or, [1, 1], -1.5, "computes AND, not OR"),
    (check_or, [1, 2, 3], 0, "give the weights (one per input) as two numbers, like [1, 1]; got [1, 2, 3]."),
    (check_or, "ab", 0, "give the weights (one per input) as numbers, without quotes; got 'ab'."),
    (check_or, [1, float("nan")], 0, "give the weights (one per input) as two finite numbers; got [1, nan]."),
    (check_or, [1, 1], "b", "give the bias b as a number, without quotes; got 'b'."),
    (check_or, [1, 1], [0, 1], "give the bias b as one number; got [0, 1]."),
    (check_or, [1, 1], True, "give the bias b as a number, not True or False; got True."),
    (check_or, [1, 1], float("inf"), "give the bias b as a finite number; got inf."),
])
def test_gate_wrong_answers_say_what_is_wrong(check, weights, bias, expected):
    feedback = check(weights, bias)
    assert isinstance(feedback, Feedback) and not feedback.ok
    assert expected in feedback.message, feedback.message


def test_check_gate_works_for_any_named_gate():
    assert check_gate("NAND", [-2, -2], 3).ok
    assert not check_gate("NOR", [-2, -2], 3).ok


def right_scaled(p, c):
    return Perceptron(c * p.weights, bias=c * p.bias)


def test_scaling_right_answer():
    feedback = check_scaling(right_scaled)
    assert feedback.ok and "c·z > 0 exactly when z > 0" in feedback.message


def only_weights(p, c):
    return Perceptron(c * p.weights, bias=p.bias)


def only_bias(p, c):
    return Perceptron(p.weights, bias=c * p.bias)


def in_place(p, c):
    p.weights *= c
    p.bias *= c
    return p


def crashes(p, c):
    return p.weights / undefined_name  # noqa: F821 - a student's typo


@pytest.mark.parametrize("scaled, expected", [
    (lambda p, c: ..., "replace the ... with a new Perceptron"),
    (lambda p, c: None, "did you forget `return`"),
    (lambda p, c: [c * p.weights, c * p.bias], "should return a Perceptron"),
    (only_weights, "its bias should be 0.5 times that of p: weights -1, -1 and bias 1.5. See what goes wrong: "
                   "the output for input (1, 1) changed"),
    (only_bias, "its weights should be 0.5 times those of p"),
    (in_place, "changed the perceptron it was given"),
    (crashes, "raised NameError"),
    (3, "pass your function itself"),
])
def test_scaling_wrong_answers(scaled, expected):
    feedback = check_scaling(scaled)
    assert not feedback.ok and expected in feedback.message, feedback.message


def test_scaling_check_is_not_fooled_after_a_faulty_attempt():
    check_scaling(in_place)  # changes the perceptron it is given …
    assert check_scaling(right_scaled).ok  # … which must not spoil the next check
    assert "Perceptron(weights=[-2, -2], bias=3), 0.5" in check_scaling(crashes).message


@pytest.mark.parametrize("answer, ok, expected", [
    ("AND", True, "0, 0, 0, 1: AND"),
    (" and ", True, "every output flips"),
    ("NAND", False, "the sign of z flips"),
    ("OR", False, "not OR"),
    ("XAND", False, "is not one of the gates"),
    (..., False, "replace the ..."),
    (1, False, "as text in quotes"),
])
def test_negative_scaling(answer, ok, expected):
    feedback = check_negative_scaling(answer)
    assert feedback.ok == ok and expected in feedback.message, feedback.message


def test_feedback_shows_as_text_and_html():
    feedback = check_and([1, 1], -1.5)
    assert repr(feedback).startswith("✔ Right!")
    assert "computes AND" in feedback._repr_html_()


def test_the_shaded_region_is_where_the_perceptron_fires():
    """fires_region's polygon holds every point of the picture with z > 0 and none with z < 0, for many settings."""
    from matplotlib.path import Path as Shape

    from nnbook.lessons.l01_perceptron import fires_region

    grid = np.stack(np.meshgrid(np.linspace(-0.59, 1.59, 60), np.linspace(-0.59, 1.59, 60)), -1).reshape(-1, 2)
    for w1 in np.arange(-3, 3.5, 0.5):
        for w2 in np.arange(-3, 3.5, 1.0):
            for threshold in np.arange(-4, 4.5, 1.0):
                p = Perceptron([w1, w2], threshold=threshold)
                z = grid @ np.array([w1, w2]) + p.bias
                region = fires_region(p)
                inside = Shape(region).contains_points(grid) if len(region) > 2 else np.zeros(len(grid), bool)
                clear = np.abs(z) > 1e-9 * (1 + abs(w1) + abs(w2))
                assert np.array_equal(inside[clear], (z > 0)[clear]), (w1, w2, threshold)
