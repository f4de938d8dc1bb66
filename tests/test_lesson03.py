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

SEED = 8  # the lesson's untrained network


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
