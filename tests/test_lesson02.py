"""Lesson 02 (from perceptrons to sigmoid neurons): its slider callbacks, tables and checks."""

import math
from itertools import product

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.feedback import Feedback  # noqa: E402
from nnbook.lessons.l02_sigmoid_neurons import (  # noqa: E402
    change_sliders, change_table, check_estimate, check_huge_c, check_limits, check_sigma_zero, check_stuck,
    circuit_outputs, circuit_sliders, circuit_table, draw_wheel_network, draw_xor_circuit, follows_from, follows_table,
    largest_gap, perceptron_signals, plot_sigmoid_vs_step, show_circuit, sigmoid_signals, zero_gates, show_sigmoid_neuron, show_small_change, show_wheel, sigmoid_sliders, small_change,
    wheel_feedforward, wheel_slider, wheel_table)
from nnbook.sigmoid import sigmoid, sigmoid_prime, step  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def is_png(data):
    return isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


def draw_and_close():
    """Draw the current figure (where glyph or limit warnings would appear), then close everything."""
    plt.gcf().canvas.draw()
    plt.close("all")


# --- the steering wheel --------------------------------------------------------------------------

def test_wheel_slider():
    s = wheel_slider()
    assert (s.description, s.min, s.max, s.step, s.value) == ("weight", 3.0, 5.0, 0.001, 3.995)


#: The sliders' names in each edition: the wheel's and the gates' bias are words; the others are maths, the same in both.
SLIDER_NAMES = {"en": ("weight", ["w", "b"], ["Δw1", "Δw2", "Δb"], ["c", "gate bias b"]),
                "zh": ("权重", ["w", "b"], ["Δw1", "Δw2", "Δb"], ["c", "门的偏置 b"])}


def test_the_sliders_names_in_each_edition(language):
    wheel, sigmoid_names, change_names, circuit_names = SLIDER_NAMES[language]
    assert wheel_slider().description == wheel
    assert [s.description for s in sigmoid_sliders().values()] == sigmoid_names
    assert [s.description for s in change_sliders().values()] == change_names
    assert [s.description for s in circuit_sliders().values()] == circuit_names


def test_perceptron_network_flips_at_once_sigmoid_network_glides():
    below, above = wheel_feedforward(4.0, step)[1][0], wheel_feedforward(4.001, step)[1][0]
    assert (below, above) == (0, 1)
    ws = np.round(np.arange(3.0, 5.0005, 0.001), 3)
    outs = np.array([wheel_feedforward(w, sigmoid)[1][0] for w in ws])
    assert np.all(np.diff(outs) > 0) and np.max(np.diff(outs)) < 0.001  # every nudge: a small, steady change
    assert outs[0] < 0.2 and outs[-1] > 0.75


@pytest.mark.parametrize("w, perceptron, sigmoid_out", [
    (3.0, 0, "0.1833"), (3.995, 0, "0.4712"), (4.0, 0, "0.4730"), (4.001, 1, "0.4734"), (5.0, 1, "0.7822"),
    (4.0 + 1e-12, 0, "0.4730"), (4.001 - 1e-12, 1, "0.4734"),  # float noise from a slider
])
def test_show_wheel_text(w, perceptron, sigmoid_out):
    view = show_wheel(w)
    assert is_png(view.png) and plt.get_fignums() == []
    lines = view.text.splitlines()
    assert lines[0] == f"weight w = {round(w, 3):.3f}  (from x1 to h1; inputs x1 = x2 = 1)"
    assert lines[1].endswith(f"output = {perceptron}")
    assert lines[2].startswith("sigmoid network:    h1 = ") and lines[2].endswith(f"output = {sigmoid_out}")


def test_wheel_table(capsys):
    wheel_table([3.999, 4.0, 4.001])
    rows = [line.split("|") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [int(r[1]) for r in rows] == [0, 0, 1]
    assert [float(r[2]) for r in rows] == [0.4727, 0.4730, 0.4734]


def test_wheel_network_drawing_labels_the_nudged_weight():
    fig = draw_wheel_network()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "w" in texts and "b = -8" in texts and "b = -9" in texts
    fig.canvas.draw()


# --- the sigmoid curve ---------------------------------------------------------------------------

def test_sigmoid_sliders():
    s = sigmoid_sliders()
    assert (s["w"].description, s["w"].min, s["w"].max, s["w"].base) == ("w", -1, 3, 10)
    assert (s["b"].description, s["b"].min, s["b"].max) == ("b", -10, 10)


@pytest.mark.parametrize("w, b", list(product([0.1, 1.0, 1000.0], [-10.0, 0.0, 10.0])))
def test_show_sigmoid_neuron_at_slider_extremes(w, b):
    view = show_sigmoid_neuron(w, b)
    assert is_png(view.png) and plt.get_fignums() == []
    out = view.text
    for x in (-1.0, -0.5, 0.0, 0.5, 1.0):
        z = w * x + b
        assert f"x = {x:+.1f}: sigmoid {sigmoid(z):.4f}, step {int(z > 0)}" in out
    assert f"the output is 0.5 at x = −b/w = {-b / w + 0.0:.3f}" in out
    assert "-0.000" not in out


def test_show_sigmoid_neuron_text():
    assert show_sigmoid_neuron(1, 0).text.splitlines() == [
        "w = 1, b = 0.00",
        "x = -1.0: sigmoid 0.2689, step 0",
        "x = -0.5: sigmoid 0.3775, step 0",
        "x = +0.0: sigmoid 0.5000, step 0",
        "x = +0.5: sigmoid 0.6225, step 1",
        "x = +1.0: sigmoid 0.7311, step 1",
        "the output is 0.5 at x = −b/w = 0.000",
    ]


def test_huge_w_is_a_step():
    x = np.linspace(-2, 2, 401)
    x = x[np.abs(x - 0.3) > 0.02]  # away from the crossing at x = −b/w = 0.3
    np.testing.assert_allclose(sigmoid(1000 * x - 300), step(1000 * x - 300), atol=1e-8)


def test_plot_sigmoid_vs_step_draws():
    plot_sigmoid_vs_step()
    ax = plt.gcf().axes[0]
    assert len(ax.lines) >= 2 and "sigmoid" in ax.get_title()
    draw_and_close()


# --- small changes -------------------------------------------------------------------------------

def test_change_sliders():
    s = change_sliders()
    assert [s[k].description for k in ("dw1", "dw2", "db")] == ["Δw1", "Δw2", "Δb"]
    assert all((s[k].min, s[k].max, s[k].step) == (-1, 1, 0.01) for k in s)


def test_small_change_matches_the_formula():
    c = small_change(0.1, -0.05, 0.02)
    x, z = np.array([0.619, 0.987]), -2 * 0.619 - 2 * 0.987 + 3
    assert c["z"] == pytest.approx(z)
    assert c["partials"]["w1"] == pytest.approx(sigmoid_prime(z) * x[0])
    assert c["estimate"] == pytest.approx(sigmoid_prime(z) * (0.1 * x[0] - 0.05 * x[1] + 0.02))
    assert c["real"] == pytest.approx(sigmoid(z + 0.1 * x[0] - 0.05 * x[1] + 0.02) - sigmoid(z))


def test_estimate_error_shrinks_like_the_square_of_the_nudge():
    errors = [abs(small_change(t, t, t)["estimate"] - small_change(t, t, t)["real"]) for t in (0.1, 0.01, 0.001)]
    assert errors[0] > 50 * errors[1] > 2500 * errors[2] > 0


@pytest.mark.parametrize("dw1, dw2, db", list(product([-1.0, 0.0, 1.0], repeat=3)))
def test_show_small_change_at_slider_extremes(dw1, dw2, db):
    view = show_small_change(dw1, dw2, db)
    assert is_png(view.png) and plt.get_fignums() == []
    out = view.text
    c = small_change(dw1, dw2, db)
    assert f"estimate:    Δa ≈ {c['estimate']:+.6f}" in out
    assert f"real change: Δa = {c['real']:+.6f}" in out
    assert "-0.000000" not in out


def test_show_small_change_text():
    assert show_small_change(0.1, 0, 0).text.splitlines() == [
        "Δw1 = +0.10, Δw2 = +0.00, Δb = +0.00",
        "z = w·x + b = -0.2120, a = σ(z) = 0.4472",
        "∂a/∂w1 = σ'(z)·x1 = 0.1530, ∂a/∂w2 = σ'(z)·x2 = 0.2440, ∂a/∂b = σ'(z) = 0.2472",
        "estimate:    Δa ≈ +0.015302",
        "real change: Δa = +0.015348",
        "error of the estimate: 0.000045",
    ]


def test_change_table(capsys):
    change_table([1, 0.001])
    rows = [line.split("|") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [float(r[0]) for r in rows] == [1, 0.001]
    assert float(rows[0][3]) > 0.1 and float(rows[1][3]) < 1e-6


def test_change_table_shows_the_error_falling_like_the_square_of_the_nudge(capsys):
    change_table()
    rows = [line.split("|") for line in capsys.readouterr().out.splitlines()[1:]]
    assert [float(r[0]) for r in rows] == [1, 0.1, 0.01, 0.001, 0.0001]
    assert all("e-" in r[3] for r in rows[1:])  # scientific notation: no error prints as 0.000000
    shrink = [float(r[4].split("×")[0]) for r in rows[1:]]
    assert shrink[1] < shrink[2] < shrink[3] and 95 <= shrink[3] <= 100  # → 100× for each 10× smaller nudge


# --- exercise checks -----------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [0.5, 1 / 2, np.float64(0.5), 0.5000000000001])
def test_sigma_zero_right(answer):
    feedback = check_sigma_zero(answer)
    assert isinstance(feedback, Feedback) and feedback.ok


@pytest.mark.parametrize("answer, expected", [
    (0, "what a perceptron would give"), (1, "what a perceptron would give"), (0.7, "σ(0) is not 0.7"),
    ("0.5", "without quotes"), (..., "replace the ..."), (True, "as a number"), ([0.5], "as one number"),
    (float("nan"), "got NaN"),
])
def test_sigma_zero_wrong(answer, expected):
    feedback = check_sigma_zero(answer)
    assert not feedback.ok and expected in feedback.message, feedback.message


def test_limits_right():
    assert check_limits(1, 0).ok and check_limits(1.0, 0.0).ok


@pytest.mark.parametrize("large, small, expected", [
    (0, 1, "you swapped them"),
    (0.5, 0, "as z → +∞ the limit is not 0.5"),
    (1, 1, "as z → −∞ the limit is not 1"),
    (math.inf, 0, "as z → +∞ the limit is not inf"),
    (..., 0, "replace the ... with the limit for z → +∞"),
    (1, ..., "replace the ... with the limit for z → −∞"),
])
def test_limits_wrong(large, small, expected):
    feedback = check_limits(large, small)
    assert not feedback.ok and expected in feedback.message, feedback.message


@pytest.mark.parametrize("c", [5, 10, 1000, 1e6])
def test_huge_c_right(c):
    feedback = check_huge_c(c)
    assert feedback.ok and "the perceptron is the sigmoid neuron's limit" in feedback.message


@pytest.mark.parametrize("c, expected", [
    (1, "for input 01 it gives 0.7311, more than 0.01 away from the perceptron's 1"),
    (3, "for input 11 it gives 0.0474"),
    (4.5, "Make c larger"),
    (0, "c must be positive"),
    (-10, "c must be positive"),
    (..., "replace the ..."),
])
def test_huge_c_wrong(c, expected):
    feedback = check_huge_c(c)
    assert not feedback.ok and expected in feedback.message, feedback.message


def test_huge_c_boundary_follows_the_maths():
    """σ(c) ≥ 0.99 needs c ≥ ln 99 ≈ 4.595."""
    assert not check_huge_c(4.59).ok and check_huge_c(4.6).ok


@pytest.mark.parametrize("answer", [sigmoid_prime(-0.212) * 0.619 * 0.02, 0.00306, 0.0031,
                                    sigmoid(-0.212 + 0.619 * 0.02) - sigmoid(-0.212)])
def test_estimate_right(answer):
    feedback = check_estimate(answer)
    assert feedback.ok and "the real change is" in feedback.message


@pytest.mark.parametrize("answer, expected", [
    (sigmoid_prime(-0.212) * 0.02, "the rule for the bias"),
    (0.619 * 0.02, "you left out the sigmoid's slope"),
    (-0.00306, "wrong sign"),
    (0.1, "not 0.1"),
    (..., "replace the ..."),
    ("0.003", "without quotes"),
])
def test_estimate_wrong(answer, expected):
    feedback = check_estimate(answer)
    assert not feedback.ok and expected in feedback.message, feedback.message


# ----- each exercise's feedback over the answers a student could give -----

def test_huge_c_is_right_exactly_from_ln_99_on():
    """σ(c) ≥ 0.99 needs c ≥ ln 99 ≈ 4.595 (the inputs 01, 10 and 11 have z = ±1); every c is judged so."""
    for c in np.concatenate([np.linspace(0.01, 12, 1200), [math.log(99), math.log(99) * (1 - 1e-9), 1e6, 1e300]]):
        feedback = check_huge_c(c)
        assert feedback.ok == (c >= math.log(99) * (1 - 1e-12)), (c, feedback.message)
        assert ("with c = " in feedback.message) and ("Make c larger" in feedback.message) != feedback.ok


def test_sigma_zero_never_says_a_number_that_is_not_the_answer():
    for v in (0.5000001, 0.4999, 0.49, 0.0, 1.0, 0.25, -0.5):
        message = check_sigma_zero(v).message
        assert not check_sigma_zero(v).ok and repr(v) in message, message
    assert check_sigma_zero(0.5).ok and check_sigma_zero(1 / 2).ok


def test_estimate_feedback_over_a_sweep_of_answers():
    """Right within the rounding of 0.0031; close (keep more digits) within 10%; the known slips get their hint."""
    change = small_change(0.02, 0.0, 0.0)
    estimate, slope = change["estimate"], change["partials"]["b"]
    for v in np.linspace(-0.03, 0.03, 6001):
        message = check_estimate(v).message
        if abs(v - estimate) <= 5e-5:
            assert check_estimate(v).ok, (v, message)
        elif abs(v - estimate) <= 0.1 * estimate:
            assert "keep more digits" in message, (v, message)
        else:
            assert not check_estimate(v).ok and "keep more digits" not in message, (v, message)
    assert "keep more digits" in check_estimate(0.25 * 0.6 * 0.02).message  # σ' ≈ 0.25, x1 ≈ 0.6
    assert "x2 = 0.987" in check_estimate(slope * 0.987 * 0.02).message
    assert "rule for the bias" in check_estimate(slope * 0.02).message
    assert "wrong sign" in check_estimate(-estimate).message



# --- sigmoid neurons simulating a network of perceptrons (XOR of NAND gates, every weight and bias times c) ------

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
#: The gate bias slider's values, and the c slider's ends.
BIASES = [2.25 + 0.25 * k for k in range(8)]
C_ENDS = (0.1, 100.0)


def reference_circuit(bias, x, c, activation, fixed=None):
    """The XOR circuit written out here, independently of the lesson: n1 = g(x1, x2), n2 = g(x1, n1), n3 = g(n1, x2),
    xor = g(n2, n3), each gate g(u, v) = activation(c·(−2u − 2v + bias)). Returns (outputs, the gates' z at c = 1)."""
    zs, out = {}, {}

    def gate(name, u, v):
        zs[name] = -2 * u - 2 * v + bias
        out[name] = (fixed or {}).get(name, activation(c * zs[name]))
        return out[name]

    n1 = gate("n1", *x)
    n2 = gate("n2", x[0], n1)
    n3 = gate("n3", n1, x[1])
    gate("xor", n2, n3)
    return out, zs


def test_circuit_sliders():
    s = circuit_sliders()
    assert (s["c"].min, s["c"].max, s["c"].base, s["c"].value) == (-1, 2, 10, 1.0)
    assert (s["bias"].min, s["bias"].max, s["bias"].step, s["bias"].value) == (2.25, 4.0, 0.25, 3.0)


def test_part_one_scaling_by_c_never_changes_the_perceptron_circuit():
    """Every gate of the perceptron circuit, weights and bias times any c > 0, outputs what it did: XOR, for every
    bias of the slider."""
    for bias in BIASES:
        for c in np.logspace(-3, 3, 61):
            for x in INPUTS:
                signals = perceptron_signals(bias, x, c)
                assert signals["xor"][1] == x[0] ^ x[1], (bias, c, x)
                assert {name: out for name, (_, out) in signals.items()} == \
                    {name: int(out) for name, out in reference_circuit(bias, x, 1.0, step)[0].items()}
                assert all(math.isclose(z, c * reference_circuit(bias, x, 1.0, step)[1][name])
                           for name, (z, _) in signals.items())


def test_the_sigmoid_circuit_is_the_reference_circuit():
    for bias in BIASES:
        for c in (0.1, 1.0, 4.77, 100.0):
            for x in INPUTS:
                out, _ = reference_circuit(bias, x, c, sigmoid)
                assert all(math.isclose(float(sigmoid_signals(bias, x, c)[name]), v, rel_tol=1e-12, abs_tol=1e-300)
                           for name, v in out.items()), (bias, c, x)


def test_part_two_the_sigmoid_circuit_approaches_the_perceptron_circuit_unless_a_z_is_zero():
    for bias in BIASES:
        if bias == 4.0:
            continue
        assert zero_gates(bias) == []
        assert largest_gap(bias, 100.0) < 1e-10 and largest_gap(bias, 1000.0) < 1e-10
    # b = 4: the gates with z = 0 (worked out by hand: a NAND gate fed 1, 1 has z = −2 − 2 + 4 = 0)
    assert zero_gates(4.0) == [((0, 0), "xor"), ((0, 1), "n3"), ((1, 0), "n2"), ((1, 1), "n1"), ((1, 1), "xor")]
    for c in (100.0, 1000.0, 1e6):
        rows = circuit_outputs(4.0, c)
        outs = [s for _, _, s in rows]
        assert abs(outs[0] - 0.5) < 1e-4 and abs(outs[3] - 0.5) < 1e-4  # 00 and 11 stay at 0.5
        assert outs[1] > 1 - 1e-10 and outs[2] > 1 - 1e-10  # 01 and 10: the zero of n3 / n2 does no harm
    assert np.all(largest_gap(4.0, np.logspace(-1, 6, 400)) > 0.49)  # "for every c up to 100" (and far beyond)


def test_the_c_from_which_the_sigmoid_circuit_follows():
    """The gap crosses 0.01 once along the c slider, and follows_from finds where, to the 0.0001 the text needs."""
    grid = np.logspace(-1, 2, 3001)
    found = {}
    for bias in BIASES:
        close = largest_gap(bias, grid) <= 0.01
        c = follows_from(bias)
        if bias == 4.0:
            assert c is None and not close.any()
            continue
        first = int(np.argmax(close))
        assert close[first:].all() and not close[:first].any(), bias  # one crossing: the bisection is sound
        assert largest_gap(bias, c) <= 0.01 < largest_gap(bias, c - 2e-4), bias
        found[bias] = c
    assert f"{found[3.0]:.2f}" == "4.77"
    # "the closer b comes to 4 (or to 2), the larger c must be"
    below = [found[b] for b in BIASES if b <= 3.0]
    above = [found[b] for b in BIASES if 3.0 <= b < 4.0]
    assert below == sorted(below, reverse=True) and above == sorted(above)
    # the text: "at c = 10 it agrees with the perceptron circuit to four decimals"
    assert largest_gap(3.0, 10.0) < 5e-5 and largest_gap(3.0, 1.0) > 0.5


def test_circuit_table(capsys):
    circuit_table(3.0, [1, 10])
    head, *rows = capsys.readouterr().out.splitlines()
    assert head.index("|", 8) == rows[0].index("|", 8 + 55)  # the last column lines up
    assert rows == ["    1 | 00: 0 0.5007 | 01: 1 0.6412 | 10: 1 0.6412 | 11: 0 0.6332 | 0.6332",
                    "   10 | 00: 0 0.0000 | 01: 1 1.0000 | 10: 1 1.0000 | 11: 0 0.0000 | 0.0000"]


def test_follows_table(capsys):
    follows_table([3.0, 4.0])
    assert capsys.readouterr().out.splitlines() == [
        "b = 3.00: every output is within 0.01 of the perceptron circuit's from c = 4.77 on",
        "b = 4.00: some output is more than 0.01 from the perceptron circuit's for every c up to 100"]


@pytest.mark.parametrize("c, bias", list(product(C_ENDS + (1.0,), BIASES[:1] + [3.0, 4.0])))
def test_show_circuit_at_slider_extremes(c, bias):
    view = show_circuit(c, bias)
    assert is_png(view.png) and plt.get_fignums() == []
    lines = view.text.splitlines()
    assert lines[0] == f"c = {c:.3g}, b = {bias:.2f}: every gate has weights {-2 * c:.3g}, {-2 * c:.3g} and bias {c * bias:.3g}"
    gaps = []
    for line, x in zip(lines[1:5], INPUTS):
        out = reference_circuit(bias, x, c, sigmoid)[0]["xor"]
        assert line == f"input {x[0]}{x[1]}: perceptron circuit {x[0] ^ x[1]}, sigmoid circuit {out:.4f}"
        gaps.append(abs(out - (x[0] ^ x[1])))
    worst = INPUTS[int(np.argmax(gaps))]
    if max(gaps) <= 0.01:
        assert lines[5] == f"every output is within 0.01 of the perceptron circuit's (largest gap {max(gaps):.4f}, input {worst[0]}{worst[1]})"
    else:
        assert lines[5] == f"largest gap {max(gaps):.4f}, on input {worst[0]}{worst[1]}: more than 0.01"
    assert (max(gaps) <= 0.01) == (c == 100.0 and bias != 4.0)


def test_show_circuit_moves_its_figure():
    """One figure, its curves and marks updated: the dots sit on the sigmoid circuit's outputs at c."""
    first = show_circuit(2.0, 3.0)
    ax = first.figure.axes[0]
    second = show_circuit(50.0, 4.0)
    assert second.figure is first.figure
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [round(float(d.get_ydata()[0]), 4) for d in dots] == [round(s, 4) for _, _, s in circuit_outputs(4.0, 50.0)]
    assert "c = 50, b = 4.00" in ax.get_title()


def test_draw_xor_circuit():
    fig = draw_xor_circuit(3.0)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("b = 3") == 4 and "n1" in texts and "xor" in texts
    fig.canvas.draw()


# --- exercise 5: find the break ----------------------------------------------------------------------

def expected_verdict(bias, x, gate):
    """Right exactly when the gate's z is 0 on x (by hand: reference_circuit), the circuit's output at c = 100 is
    more than 0.01 from XOR's, and with that gate giving its perceptron output (0, as z = 0) the output comes back."""
    _, zs = reference_circuit(bias, x, 1.0, step)
    out = reference_circuit(bias, x, 100.0, sigmoid)[0]["xor"]
    mended = reference_circuit(bias, x, 100.0, sigmoid, fixed={gate: 0.0})[0]["xor"]
    return zs[gate] == 0 and abs(out - (x[0] ^ x[1])) > 0.01 and abs(mended - (x[0] ^ x[1])) <= 0.01


def test_find_the_break_over_every_answer_on_the_sliders():
    """Every bias of the slider, every input, every gate: right exactly when it should be, and the message says why."""
    rights = []
    for bias, x, gate in product(BIASES, INPUTS, ["n1", "n2", "n3", "xor"]):
        feedback = check_stuck(bias, list(x), gate)
        assert feedback.ok == expected_verdict(bias, x, gate), (bias, x, gate, feedback.message)
        if feedback.ok:
            rights.append((x, gate))
            assert "σ(c·0) = 0.5 for every c" in feedback.message
        elif bias != 4.0:
            assert "no gate's z is 0 on any input" in feedback.message and "from c = " in feedback.message
        elif reference_circuit(bias, x, 1.0, step)[1][gate] == 0 and "stuck there" in feedback.message:
            assert "is not what holds it" in feedback.message and (x, gate) == ((1, 1), "n1")  # stuck, not by it
        elif reference_circuit(bias, x, 1.0, step)[1][gate] == 0:
            assert "the gate after it is not on the edge" in feedback.message  # z = 0 that does no harm
        else:
            assert f"has z = {reference_circuit(bias, x, 1.0, step)[1][gate]:g} on input" in feedback.message
    assert rights == [((0, 0), "xor"), ((1, 1), "xor")]


@pytest.mark.parametrize("bias, x, gate, expected", [
    (..., ..., ..., "replace each ..."),
    (4, [1, 1], ..., "replace each ..."),
    (4, ..., "n1", "replace each ..."),
    ("4", [1, 1], "n1", "without quotes"),
    (float("nan"), [1, 1], "n1", "NaN"),
    (float("inf"), [1, 1], "n1", "finite"),
    (True, [1, 1], "n1", "not True or False"),
    (4, [1], "n1", "two numbers"),
    (4, [1, 1, 0], "n1", "two numbers"),
    (4, "11", "n1", "without quotes"),
    (4, [1, 2], "n1", "inputs are 0 or 1"),
    (4, [0.5, 1], "n1", "inputs are 0 or 1"),
    (4, [1, 1], "n4", "the gates are called n1, n2, n3, xor"),
    (4, [1, 1], 1, "the gates are called"),
    (4, [1, 1], "", "the gates are called"),
    (4, [1, 1], None, "the gates are called"),
    (2, [1, 1], "n1", "no longer NAND gates"),
    (4.25, [1, 1], "n1", "no longer NAND gates"),
    (-3, [1, 1], "n1", "no longer NAND gates"),
    (2.01, [1, 1], "n1", "needs a c beyond 100"),
    (3.9999, [1, 1], "n1", "needs a c beyond 100"),
    (3, [1, 1], "n1", "from c = 4.77 on"),
])
def test_find_the_break_wrong_answers(bias, x, gate, expected):
    feedback = check_stuck(bias, x, gate)
    assert not feedback.ok and expected in feedback.message, feedback.message


@pytest.mark.parametrize("gate", ["xor", " XOR ", "Xor"])
def test_find_the_break_reads_a_gate_name_as_typed(gate):
    assert check_stuck(4, (1, 1), gate).ok and check_stuck(4.0, np.array([0, 0]), gate).ok


def test_n1_on_11_has_z_0_but_is_not_what_holds_the_output():
    """n1's z is 0 on 11 and the output is stuck there, but n1's 0.5 is harmless: the output gate is the cause."""
    feedback = check_stuck(4, [1, 1], "n1")
    assert not feedback.ok and "is not what holds it" in feedback.message and "still 0.5000" in feedback.message


def test_find_the_break_over_a_sweep_of_biases():
    """Any b a student could type: right only at b = 4 (the one bias of (2, 4] where a z is exactly 0)."""
    for bias in np.concatenate([np.linspace(-10, 10, 801), [4 - 1e-12, 4 + 1e-12, 2 + 1e-9]]):
        feedback = check_stuck(float(bias), [0, 0], "xor")
        assert feedback.ok == (bias == 4.0), (bias, feedback.message)
    # the c the feedback quotes for a b off the slider's grid is right too: within 0.01 from there on
    grid = np.logspace(-1, 2, 1501)
    for bias in np.linspace(2.01, 3.99, 67):
        c = follows_from(bias)
        assert c is None or (largest_gap(bias, grid[grid >= c]) <= 0.01).all(), bias
        assert c is None or largest_gap(bias, c - 2e-4) > 0.01, bias
