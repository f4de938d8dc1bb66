"""Lesson 03 (a network that reads digits): its picture, its slider callback, its numbers and its checks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import Network  # noqa: E402
from nnbook.feedback import Feedback  # noqa: E402
from nnbook.lessons.l03_network_for_digits import (  # noqa: E402
    GUESS_COLOUR, TRUE_COLOUR, check_guess, check_parameter_count, check_pixel_index, draw_digit_network,
    guess_counts, hand_tuning, outputs_table, show_outputs)
from nnbook.lessons import l03_network_for_digits as lesson  # noqa: E402

SEED = 8  # the lesson's untrained network


pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture(scope="module")
def net():
    return Network([784, 15, 10], seed=SEED)


def test_the_network_picture_has_every_layer_labelled():
    fig = draw_digit_network()
    fig.canvas.draw()
    ax = fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, matplotlib.patches.Circle)]
    assert len(circles) == 4 + 15 + 10  # x1, x2, x3, x784 (the rest elided), 15 hidden, 10 outputs
    texts = [t.get_text() for t in ax.texts]
    assert "⋮" in texts
    for name in ("input layer\n784 pixels", "hidden layer\n15 neurons", "output layer\n10 digits"):
        assert name in texts
    assert [str(d) for d in range(10)] == [t for t in texts if t in {str(d) for d in range(10)}]
    assert "784 → 15 → 10" in ax.get_title()
    # every input is connected to every hidden neuron, every hidden neuron to every output
    assert len(ax.lines) == 4 * 15 + 15 * 10


def test_other_hidden_sizes_draw_too():
    ax = draw_digit_network(hidden=30).axes[0]
    assert len([p for p in ax.patches if isinstance(p, matplotlib.patches.Circle)]) == 4 + 30 + 10


def test_untrained_network_is_at_chance_on_real_test_digits(mnist, net):
    test = mnist[2]
    accuracy = net.accuracy((test.images, test.labels))
    assert 0.07 < accuracy < 0.13  # "about 10%": guessing among 10 digits
    counts = guess_counts(net, test.images)
    assert counts.sum() == len(test.labels) and counts.shape == (10,)
    assert counts.max() > 0.3 * len(test.labels)  # it says one digit far too often


def test_outputs_table_rows(mnist, net):
    test = mnist[2]
    table = outputs_table(net, test.images, test.labels, n=5).splitlines()
    assert len(table) == 2 + 5
    a = net.feedforward(test.images[:5].T)
    for k, row in enumerate(table[2:]):
        cells = row.split("|")
        assert int(cells[2]) == int(np.argmax(a[:, k]))
        assert int(cells[3].split()[0]) == test.labels[k]


@pytest.mark.parametrize("index", [0, 1, 4999, 9999])
def test_slider_callback_at_every_kind_of_value(mnist, net, index):
    """The slider runs from 0 to 9,999: both ends and a middle draw (into the View's PNG) without any warning."""
    test = mnist[2]
    view = show_outputs(net, test.images, test.labels, index)
    fig, out = view.figure, view.text
    assert view.png.startswith(b"\x89PNG\r\n\x1a\n") and len(view.png) > 1000
    assert plt.get_fignums() == []
    a = net.feedforward(test.images[index]).reshape(-1)
    guess, label = int(np.argmax(a)), int(test.labels[index])
    assert out.startswith(f"test digit #{index}: label {label}, the network's guess {guess} "
                          f"({'right' if guess == label else 'wrong'})")
    bars = fig.axes[1].patches
    assert len(bars) == 10
    np.testing.assert_allclose([b.get_height() for b in bars], a)
    assert matplotlib.colors.to_hex(bars[guess].get_facecolor()) == GUESS_COLOUR
    if guess != label:
        assert matplotlib.colors.to_hex(bars[label].get_facecolor()) == TRUE_COLOUR


def test_the_lessons_fixed_call_shows_a_wrong_guess(mnist, net):
    test = mnist[2]
    view = show_outputs(net, test.images, test.labels, 0)
    assert view.text == "test digit #0: label 7, the network's guess 2 (wrong); largest output 0.998"
    assert view.figure.axes[1].get_title() == "outputs: guess 2 (blue), true digit 7 (green)"


@pytest.mark.parametrize("index", [-1, 10_000, 2.5, True, "3"])
def test_bad_index_is_one_clear_error(mnist, net, index):
    test = mnist[2]
    with pytest.raises(ValueError, match="index must be a whole number from 0 to 9999"):
        show_outputs(net, test.images, test.labels, index)


def test_hand_tuning_estimate():
    text = hand_tuning(11_935, values=2, tries_per_second=1e9)
    assert "2^11,935 settings — a number with 3,593 digits" in text
    assert "10^3593 settings" in text and "10^3584 seconds" in text
    # astronomically large counts never overflow
    assert "10^7000000 settings" in hand_tuning(7_000_000, values=10)


def test_check_pixel_index():
    assert check_pixel_index(152)
    assert check_pixel_index(5 * 28 + 12.0)
    assert "swapped" in check_pixel_index(12 * 28 + 5).message
    assert "counts from 0" in check_pixel_index(153).message
    for junk in (..., None, "152", 1.5, [152], float("nan"), True):
        feedback = check_pixel_index(junk)
        assert isinstance(feedback, Feedback) and not feedback


def test_check_parameter_count():
    assert check_parameter_count(23_860)
    assert "weights only" in check_parameter_count(784 * 30 + 30 * 10).message
    assert "no bias" in check_parameter_count(784 * 30 + 30 * 10 + 784 + 30 + 10).message
    for junk in (..., None, "23860", 2.5, float("inf")):
        assert not check_parameter_count(junk)


def test_check_guess():
    assert check_guess(lambda outputs: int(np.argmax(outputs)))
    assert check_guess(lambda outputs: np.argmax(outputs))
    assert "returns ..." in check_guess(lambda outputs: ...).message
    assert "np.argmax" in check_guess(lambda outputs: 3).message
    assert "ZeroDivisionError" in check_guess(lambda outputs: 1 / 0).message
    assert not check_guess(np.max)  # the largest value, not where it is
    assert not check_guess(...) and not check_guess(42)


# ----- hand-tuning XOR, then gradient descent -----

FIRST_TRY = dict(w_h1_x1=5, w_h1_x2=5, b_h1=-2, w_h2_x1=5, w_h2_x2=5, b_h2=-8, w_out_h1=1, w_out_h2=1, b_out=0)
BY_HAND = dict(FIRST_TRY, w_out_h1=10, w_out_h2=-10, b_out=-5)  # OR and not AND: XOR


def test_the_hand_network_is_the_numbers_on_the_sliders():
    net = lesson.xor_network(**BY_HAND)
    assert lesson.xor_numbers(net) == {k: float(v) for k, v in BY_HAND.items()}
    h = 1 / (1 + np.exp(-(np.array([[5, 5], [5, 5]]) @ lesson.XOR_X + np.array([[-2], [-8]]))))
    a = 1 / (1 + np.exp(-(np.array([[10, -10]]) @ h - 5)))
    assert np.allclose(net.feedforward(lesson.XOR_X), a)


def test_the_first_try_gets_two_right_and_a_solution_gets_four():
    view = lesson.show_xor_attempt(**FIRST_TRY)
    assert view.text.splitlines()[1:] == [
        " 0  0 |   0    |  0.530   | ✘ should be below 0.5",
        " 0  1 |   1    |  0.731   | ✔ on the right side of 0.5",
        " 1  0 |   1    |  0.731   | ✔ on the right side of 0.5",
        " 1  1 |   0    |  0.868   | ✘ should be below 0.5",
        "cost C = 0.1473   2 of 4 right"]
    text, cost, n_right = lesson.xor_table(lesson.xor_network(**BY_HAND))
    assert n_right == 4 and text.endswith("4 of 4 right — XOR solved!") and cost < 0.01


@pytest.mark.parametrize("value", [-10.0, 10.0])
def test_the_xor_slider_callback_at_its_extremes_without_warnings(value):
    for numbers in [dict.fromkeys(lesson.XOR_NUMBERS, value), {**FIRST_TRY, "b_out": value},
                    {**FIRST_TRY, "w_h1_x1": -value, "b_h2": value}]:
        view = lesson.show_xor_attempt(**numbers)
        assert view.png.startswith(b"\x89PNG") and len(view.png) > 5_000
        lines = view.text.splitlines()
        assert len(lines) == 6 and lines[-1].startswith("cost C = ")
        assert "nan" not in view.text and plt.get_fignums() == []
    everything_on = lesson.show_xor_attempt(**dict.fromkeys(lesson.XOR_NUMBERS, 10.0)).text
    assert everything_on.endswith("2 of 4 right")  # every output near 1: 01 and 10 right, 00 and 11 wrong


def test_the_xor_sliders():
    sliders = lesson.xor_sliders(FIRST_TRY)
    assert list(sliders) == list(lesson.XOR_NUMBERS)
    assert {(s.min, s.max, s.step) for s in sliders.values()} == {(-10, 10, 0.5)}
    assert {k: s.value for k, s in sliders.items()} == FIRST_TRY
    assert len({s.description for s in sliders.values()}) == 9


def test_gradient_descent_solves_xor_from_the_lessons_seed_and_is_the_network_s_own_step():
    net, costs = lesson.learn_xor(seed=1, eta=4.0, steps=2000)
    assert len(costs) == 2001 and costs[-1] < 0.001 < 0.1 < costs[0]
    assert lesson.xor_table(net)[2] == 4
    by_hand = Network([2, 2, 1], seed=1)  # the same steps, written out: update_mini_batch with all four examples
    for _ in range(2000):
        by_hand.update_mini_batch(lesson.XOR_X, lesson.XOR_Y, 4.0)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, by_hand.weights + by_hand.biases))
    view = lesson.show_xor_learning(net, costs)
    assert "after 2,000 steps: cost C = 0.0005" in view.text and "XOR solved!" in view.text
    assert "  w_h1_x1   =   -6.07" in view.text and view.png.startswith(b"\x89PNG")


def test_some_seeds_get_stuck_as_the_lesson_says():
    solved = {seed: lesson.xor_table(lesson.learn_xor(seed=seed)[0])[2] == 4 for seed in range(12)}
    assert [seed for seed, ok in solved.items() if not ok] == [11]


# ----- the lines the lesson's code cells print, and its titled grid and slider -----

def test_the_printed_lines_of_the_lesson(mnist, net):
    test = mnist[2]
    image = test.images[0]
    assert lesson.image_text(image, image.reshape(28, 28)).splitlines() == [
        "one image: (784,) numbers, from 0.0 to 1.0",
        "as a 28 × 28 picture: (28, 28)",
        "row 7, columns 5 to 14: [0.   0.33 0.73 0.62 0.59 0.24 0.14 0.   0.   0.  ]"]
    assert [lesson.TEXT("shapes", weights=w.shape, biases=b.shape) for w, b in zip(net.weights, net.biases)] == [
        "weights (15, 784)   biases (15, 1)", "weights (10, 15)   biases (10, 1)"]
    correct = net.evaluate((test.images, test.labels))
    assert lesson.correct_text(correct, len(test.labels)) == "correct: 1,011 of 10,000 = 10.1%"
    assert lesson.TEXT("guess_counts", counts=guess_counts(net, test.images)) == (
        "how often it guesses each digit 0-9: [   0   71 2136   84 5814  566  141  126 1062    0]")
    assert lesson.TEXT["count"]("agrees", count=sum(array.size for array in net.weights + net.biases)) == "the network agrees: 11,935"
    assert lesson.TEXT["learn"]("seed", seed=11, before=0.18921, after=0.06318, n_right=2) == "seed 11: cost 0.1892 → 0.0632, 2 of 4 right"
    assert lesson.TEXT["learn"]("seed", seed=0, before=0.1378, after=0.0005, n_right=4) == "seed  0: cost 0.1378 → 0.0005, 4 of 4 right"


def test_the_first_digits_and_the_test_digit_slider(mnist):
    test = mnist[2]
    fig = lesson.show_first_digits(test.images, test.labels, n=20)
    assert fig._suptitle.get_text() == "The first 20 test digits and their labels"
    assert [ax.get_title() for ax in fig.axes[:3]] == [str(d) for d in test.labels[:3]]
    slider = lesson.test_digit_slider(len(test.labels))
    assert (slider.description, slider.min, slider.max, slider.value) == ("test digit", 0, 9999, 0)


def test_the_xor_stuck_count_is_learn_xors():
    """xor_stuck runs the same steps as learn_xor (without recording the cost): of the lesson's twelve seeds it
    counts one stuck run, seed 11's (test_some_seeds_get_stuck_as_the_lesson_says runs learn_xor on them)."""
    assert lesson.xor_stuck(0, 12) == 1 and lesson.xor_stuck(11, 1) == 1 and lesson.xor_stuck(0, 11) == 0
