"""Lesson 07, which nudges matter most: backprop on one digit, the largest first-layer |∂C/∂w| marked on it, the
cost after a step on just them (against ten random weights), the same over a whole set of digits, the digit
slider at its ends, and the question's feedback over its whole answer space — in both languages."""

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import i18n_checks  # noqa: E402
from i18n_checks import SHORT_ENGLISH_RUN  # noqa: E402
from nnbook.lessons.l07_what_did_it_learn import (  # noqa: E402
    NUDGED, STEP, TEXT, check_largest_nudge, digit_slider, nudges, nudges_over, nudges_over_text, random_weights,
    show_nudges)
from nnbook.models import reference_network  # noqa: E402
from nnbook.network import Network  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
LESSON = "07_what_did_it_learn.ipynb"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def reference():
    return reference_network()


@pytest.fixture(scope="module")
def small_net(mnist):
    """A briefly trained 784-30-10 network (not the reference one), so that nothing below holds by luck of one net."""
    training = mnist[0]
    net = Network([784, 30, 10], seed=5)
    net.SGD((training.images[:3000], training.labels[:3000]), 1, 10, 3.0, seed=5)
    return net


def cost_of(net, x, label, w0=None):
    """C = ½‖y − a‖² of one digit, by the network's own feedforward (w0: other first-layer weights)."""
    other = Network(net.sizes)
    other.weights = [np.array(w) for w in net.weights]
    other.biases = [np.array(b) for b in net.biases]
    if w0 is not None:
        other.weights[0] = w0
    a = other.feedforward(np.asarray(x, dtype=float).reshape(784, 1)).reshape(10)
    y = np.eye(10)[label]
    return 0.5 * float(np.sum((y - a) ** 2))


# --- what nudges computes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("index", [0, 43, 9999])
def test_nudges_ranks_backprops_gradient_and_agrees_with_finite_differences(reference, mnist, index):
    validation = mnist[1]
    found = nudges(reference, validation.images, validation.labels, index)
    x, label = validation.images[index].astype(float), int(validation.labels[index])
    g = found["gradients"][0]
    assert g.shape == (30, 784) and found["gradients"][1].shape == (10, 30)
    assert np.allclose(g, np.outer(found["delta"], x), rtol=1e-12, atol=0)  # ∂C/∂w = δ · x, exactly the rule
    assert found["cost"] == pytest.approx(cost_of(reference, x, label), rel=1e-12)
    # the gradient is the slope of the cost: central differences on the largest weight and on a few others
    for flat in [found["top"][0], found["top"][-1], 17 * 784 + 400, 3 * 784 + 0]:
        h = 1e-5
        w_up, w_down = reference.weights[0].copy(), reference.weights[0].copy()
        w_up.flat[flat] += h
        w_down.flat[flat] -= h
        slope = (cost_of(reference, x, label, w_up) - cost_of(reference, x, label, w_down)) / (2 * h)
        assert slope == pytest.approx(g.flat[flat], rel=1e-4, abs=1e-12)
    size = np.abs(g).ravel()
    top = found["top"]
    assert len(top) == NUDGED == len(set(top))
    assert size[top].min() >= np.delete(size, top).max()  # nothing outside the ten is larger
    assert found["tied"] == np.sum(size == size[top[-1]]) >= 1
    flat = np.flatnonzero(found["delta"] == 0)  # neurons so saturated that σ'(z) = a(1 − a) is 0 in floating point
    assert found["flat"] == len(flat)
    assert found["zero"] == np.sum(g == 0) == 30 * np.sum(x == 0) + len(flat) * np.sum(x > 0)
    assert found["inked"] == np.sum(x > 0) and np.all(x[top % 784] > 0)
    everything = np.concatenate([np.abs(w).ravel() for w in found["gradients"]])
    assert found["top_first_layer"] == np.sum(np.argsort(-everything, kind="stable")[:NUDGED] < 30 * 784)


@pytest.mark.parametrize("index", [43, 52, 1])
def test_the_cost_after_a_step_is_the_networks_own_cost_with_those_weights_moved(reference, mnist, index):
    validation = mnist[1]
    found = nudges(reference, validation.images, validation.labels, index)
    x, label = validation.images[index], int(validation.labels[index])
    g = found["gradients"][0]
    for key, chosen in (("after_top", found["top"]), ("after_random", random_weights(index))):
        w = reference.weights[0].copy()
        w.flat[chosen] -= STEP * g.flat[chosen]
        assert found[key] == pytest.approx(cost_of(reference, x, label, w), rel=1e-12, abs=1e-300)
    assert not np.array_equal(np.sort(random_weights(index)), np.sort(found["top"]))
    assert found["after_top"] <= found["cost"]


def test_over_a_set_the_vectorised_nudges_are_what_nudges_finds_digit_by_digit(reference, small_net, mnist):
    validation = mnist[1]
    images, labels = validation.images[:300], validation.labels[:300]
    for net in (reference, small_net):
        over = nudges_over(net, images, labels)
        assert all(len(v) == 300 for v in over.values())
        for i in range(0, 300, 7):
            one = nudges(net, images, labels, i)
            neurons = one["top"] // 784
            assert over["neurons"][i] == len(set(neurons))
            assert over["biggest_delta"][i] == bool(np.all(neurons == np.argmax(np.abs(one["delta"]))))
            assert over["on_ink"][i] == bool(np.all(one["image"][one["top"] % 784] > 0))
            assert over["cost"][i] == pytest.approx(one["cost"], rel=1e-9, abs=1e-15)
            assert over["after_top"][i] == pytest.approx(one["after_top"], rel=1e-9, abs=1e-15)


def test_the_rule_holds_for_a_network_that_is_not_the_reference_one(small_net, mnist):
    """∂C/∂w = δ · x: on inked pixels, whatever the network (the sentence 'whatever the network')."""
    over = nudges_over(small_net, mnist[1].images[:1000], mnist[1].labels[:1000])
    assert over["on_ink"].all()


def test_what_the_lesson_says_about_digit_43_and_the_validation_set(reference, mnist):
    """The sentences of cells 7a0e5b03 and 7a0e5b05 (their numbers are not printed by a cell: computed here)."""
    validation = mnist[1]
    found = nudges(reference, validation.images, validation.labels, 43)
    assert (found["label"], found["guess"]) == (3, 8)
    assert set(found["top"] // 784) == {26}
    x = found["image"][found["top"] % 784]
    assert round(x.min(), 2) == 0.99 and x.max() == 1.0
    assert found["zero"] == 19_837 and np.sum(found["image"] == 0) == 657 and found["tied"] == 24 and NUDGED - found["top_first_layer"] == 9
    assert round(100 * (found["cost"] - found["after_top"]) / found["cost"], 1) == 5.4
    assert found["after_random"] == found["cost"]  # "left it as it was"
    darkest = np.sort(validation.images, axis=1)[:, -NUDGED]
    assert np.mean(darkest >= 0.95) > 0.99  # "a digit's ten darkest pixels are almost equally dark"
    over = nudges_over(reference, validation.images, validation.labels)
    assert over["on_ink"].all() and np.sum(over["neurons"] == 1) == 9957
    # "each of the 451 misread validation digits has a largest nudge bigger than more than half of the digits read
    # right have" (cell 7a0e5b05): the largest first-layer |∂C/∂w| of a digit is max |δ| · max x
    y = np.eye(10)[validation.labels].T
    bias_gradients, _ = reference.backprop(validation.images.T.astype(float), y)  # summed: δ of each digit below
    a = [validation.images.T.astype(float)]
    for w, b in zip(reference.weights, reference.biases):
        a.append(1 / (1 + np.exp(-(w @ a[-1] + b))))
    delta_out = (a[2] - y) * a[2] * (1 - a[2])
    delta = (reference.weights[1].T @ delta_out) * a[1] * (1 - a[1])  # (30, n): each digit's hidden δ
    assert np.allclose(delta.sum(axis=1), bias_gradients[0].ravel())
    largest = np.abs(delta).max(axis=0) * validation.images.max(axis=1)  # max |δ| · max x = the largest |∂C/∂w|
    wrong = a[2].argmax(axis=0) != validation.labels
    for i in (43, 52, 0, 9999):
        assert largest[i] == pytest.approx(np.abs(nudges(reference, validation.images, validation.labels, i)
                                                  ["gradients"][0]).max(), rel=1e-9)
    assert wrong.sum() == 451 and largest[wrong].min() > np.median(largest[~wrong])


def test_a_step_on_the_largest_nudges_beats_ten_random_weights_over_the_set(reference, mnist):
    text = nudges_over_text(reference, mnist[1].images, mnist[1].labels)
    assert text.startswith("over all 10,000 validation digits, the 10 largest first-layer |∂C/∂w| of each:\n"
                           "sit on inked pixels for 10,000 of them; all come from one hidden neuron for 9,957")
    times = float(re.search(r": ([\d,]+) times less$", text).group(1).replace(",", ""))
    assert times > 100


@pytest.mark.parametrize("index", [-1, 10_000, 2.0, True, "3"])
def test_nudges_refuses_a_digit_that_is_not_there(reference, mnist, index):
    with pytest.raises(ValueError, match="from 0 to 9999"):
        nudges(reference, mnist[1].images, mnist[1].labels, index)


# --- the digit slider: its callback at the ends, in both languages ---------------------------------------------

@pytest.mark.parametrize("index", [0, 9999])
def test_the_digit_slider_at_its_ends_marks_the_ten_and_draws_every_delta(language, reference, mnist, index,
                                                                          glyph_log):
    validation = mnist[1]
    slider = digit_slider(validation.labels)
    assert (slider.min, slider.max, slider.description) == (0, 9999, TEXT["digit_control"])
    view = show_nudges(reference, validation.images, validation.labels, index)
    found = nudges(reference, validation.images, validation.labels, index)
    start = {"en": f"validation digit {index}: a {found['label']}, read as {found['guess']}; its cost C = ",
             "zh": f"第 {index} 个验证数字：一个 {found['label']}，网络认成 {found['guess']}；它的代价 C = "}[language]
    assert view.text.startswith(start) and view.png.startswith(b"\x89PNG")
    digit_axes, delta_axes = view.figure.axes
    assert np.array_equal(digit_axes.images[0].get_array(), found["image"].reshape(28, 28))
    marks = digit_axes.collections[0].get_offsets()
    pixels = found["top"] % 784
    assert np.array_equal(np.asarray(marks), np.column_stack([pixels % 28, pixels // 28]))
    heights = [bar.get_height() for bar in delta_axes.patches]
    assert np.allclose(heights, found["delta"] / np.abs(found["delta"]).max())
    assert max(np.abs(heights)) == 1.0
    if language == "zh":
        i18n_checks.assert_chinese(view.text, SHORT_ENGLISH_RUN)
        view.figure.canvas.draw()
        for text in (digit_axes.get_title(), delta_axes.get_title(), delta_axes.get_xlabel()):
            i18n_checks.assert_chinese(text, SHORT_ENGLISH_RUN)
        assert glyph_log == []
    assert plt.get_fignums() == []


def test_the_digit_says_which_hidden_neurons_its_marks_go_into(reference, mnist):
    validation = mnist[1]
    over = nudges_over(reference, validation.images, validation.labels)
    one, two = int(np.flatnonzero(over["neurons"] == 1)[0]), int(np.flatnonzero(over["neurons"] == 2)[0])
    for index in (one, two):
        found = nudges(reference, validation.images, validation.labels, index)
        neurons = list(dict.fromkeys(int(j) for j in found["top"] // 784))
        view = show_nudges(reference, validation.images, validation.labels, index)
        digit_axes = view.figure.axes[0]
        second = digit_axes.get_title().splitlines()[1]
        colours = digit_axes.collections[0].get_edgecolors()
        if index == one:
            assert len(neurons) == 1 and second == f"marked: its 10 largest nudges, all into neuron {neurons[0]}"
            assert len(np.unique(colours, axis=0)) == 1
        else:
            assert len(neurons) == 2 and second == (f"marked: its 10 largest nudges, into neuron {neurons[0]} (red) "
                                                     f"and {neurons[1]} (orange)")
            first = found["top"] // 784 == neurons[0]
            assert np.allclose(colours[first], colours[0]) and not np.allclose(colours[~first][0], colours[0])


def test_the_slider_moves_the_marks_of_one_figure(reference, mnist):
    validation = mnist[1]
    first = show_nudges(reference, validation.images, validation.labels, 43)
    second = show_nudges(reference, validation.images, validation.labels, 52)
    assert first.figure is second.figure  # built once, its artists moved
    assert first.text != second.text and first.png != second.png


# --- the question: which hidden neuron gets the largest nudges -----------------------------------------------

def test_the_question_over_every_answer(language, reference, mnist):
    training = mnist[0]
    found = nudges(reference, training.images, training.labels, 1)
    delta = found["delta"]
    neuron = int(found["top"][0] // 784)
    assert neuron == int(np.argmax(np.abs(delta))) == 9 and int(np.argmax(delta)) == 26  # the solution's numbers
    assert f"{delta[9]:.1e}" == "-7.0e-06" and f"{delta[26]:.1e}" == "3.2e-06"
    assert (found["label"], found["guess"]) == (0, 0) and found["cost"] < 1e-4
    words = TEXT["largest_nudge"]
    for v in range(-3, 40):
        verdict = check_largest_nudge(v, reference, training.images, training.labels, 1)
        assert bool(verdict) == (v == 9), v
        if v == 9:
            assert verdict.message == words("right", neuron=9, delta=delta[9])
        elif v == 26:
            assert verdict.message == words("signed", v=26, delta=delta[26])
        elif 0 <= v < 30:
            assert verdict.message == words("not_yet", v=v, delta=delta[v])
        else:
            assert verdict.message == words("not_a_neuron", v=v, last=29)
    for v in (9.0, np.int64(9), np.float32(9)):
        assert check_largest_nudge(v, reference, training.images, training.labels, 1)
    for v in (..., "9", "nine", 9.5, float("nan"), float("inf"), True, None, [9], np.array([9, 26]), 3 + 1j):
        verdict = check_largest_nudge(v, reference, training.images, training.labels, 1)
        assert not verdict and verdict.message, repr(v)
        if language == "zh":
            i18n_checks.assert_chinese(verdict.message, SHORT_ENGLISH_RUN)


def test_the_question_is_right_only_at_the_largest_abs_delta_for_many_digits(small_net, mnist):
    training = mnist[0]
    for index in range(0, 40, 3):
        delta = nudges(small_net, training.images, training.labels, index)["delta"]
        answer = int(np.argmax(np.abs(delta)))  # the solution
        verdicts = [bool(check_largest_nudge(v, small_net, training.images, training.labels, index)) for v in range(30)]
        assert verdicts == [v == answer for v in range(30)]


def test_the_lesson_has_the_nudges_section_the_question_and_leads_into_lesson_08():
    for path, next_words in ((NOTEBOOKS / LESSON, "Lesson 08, the last lesson on chapter 1"),
                             (NOTEBOOKS / "zh" / LESSON, "第 08 课是讲第一章的最后一课")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        assert any("check_largest_nudge(largest_nudge_neuron, net, training.images, training.labels, 1)" in s
                   for s in sources)
        assert any(s.startswith("explore(show_digit_nudges, digit=digit_slider(validation.labels))") for s in sources)
        assert next_words in sources[-1]
        assert not any("test.images" in s for s in sources if "nudges" in s)  # never test digits


def test_nudges_need_a_digit_network_and_nudges_over_one_hidden_layer(mnist):
    validation = mnist[1]
    with pytest.raises(ValueError, match="784 inputs and a hidden layer"):
        nudges(Network([100, 30, 10], seed=0), validation.images[:5, :100], validation.labels[:5], 0)
    deep = Network([784, 20, 20, 10], seed=0)
    found = nudges(deep, validation.images, validation.labels, 3)  # backprop works for any depth
    assert len(found["gradients"]) == 3 and found["top_first_layer"] <= NUDGED
    with pytest.raises(ValueError, match="one hidden layer.*call nudges digit by digit"):
        nudges_over(deep, validation.images[:10], validation.labels[:10])
