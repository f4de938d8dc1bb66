"""03 · A network for digits in a real browser: the test-digit slider shows the untrained network's verdict."""

import numpy as np
from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, readout, screenshot, shows, slider
from nnbook import Network

LESSON = "03_network_for_digits.ipynb"


def verdict(mnist, index):
    """What the lesson says for test digit `index`: the same untrained Network([784, 15, 10], seed=8)."""
    test = mnist[2]
    a = Network([784, 15, 10], seed=8).feedforward(test.images[index]).reshape(-1)
    guess, label = int(np.argmax(a)), int(test.labels[index])
    return (f"test digit #{index}: label {label}, the network's guess {guess} "
            f"({'right' if guess == label else 'wrong'}); largest output {a[guess]:.3f}")


def test_the_test_digit_slider_shows_the_networks_guess(page, lab, mnist):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "test digit")
    digit = slider(box, "test digit")
    picture = shows(box, verdict(mnist, 0))
    assert verdict(mnist, 3).startswith("test digit #3: label 0, the network's guess 5 (wrong)")  # the lesson's table

    press(digit, "ArrowRight", times=3)  # keyboard: digit 0 → 3
    expect(digit.locator(".widget-readout")).to_have_text("3")
    picture = shows(box, verdict(mnist, 3), before=picture)

    drag(page, digit, 0.4)  # mouse: about 40% along 0…9,999
    expect(digit.locator(".widget-readout")).not_to_have_text("3")
    index = int(readout(digit).replace(",", ""))
    assert 1_000 < index < 9_000, f"a drag over 40% of the slider should land far along, not at {index}"
    shows(box, verdict(mnist, index), before=picture)  # digit and output bars, redrawn
    screenshot(page, box, LESSON)


def xor_summary(**changes):
    """The last line the hand-tuning explorer shows: the first try of the lesson, with these numbers changed."""
    from nnbook.lessons.l03_network_for_digits import xor_network, xor_table

    first_try = dict(w_h1_x1=5, w_h1_x2=5, b_h1=-2, w_h2_x1=5, w_h2_x2=5, b_h2=-8, w_out_h1=1, w_out_h2=1, b_out=0)
    return xor_table(xor_network(**{**first_try, **changes}))[0].splitlines()[-1]


def test_the_hand_tuning_sliders_change_the_xor_network(page, lab):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "x1 → h1", "h2 → out", "bias out")
    picture = shows(box, xor_summary(), "2 of 4 right")

    weight = slider(box, "h2 → out")
    press(weight, "ArrowLeft", times=4)  # keyboard: 1.0 → -1.0, four steps of 0.5
    expect(weight.locator(".widget-readout")).to_have_text("\u22121.0")  # d3-format writes a real minus sign
    assert xor_summary(w_out_h2=-1) != xor_summary()
    picture = shows(box, xor_summary(w_out_h2=-1), before=picture)

    press(weight, "ArrowLeft", times=18)  # on to -10.0: the AND neuron now pulls the output down
    expect(weight.locator(".widget-readout")).to_have_text("\u221210.0")
    bias = slider(box, "bias out")
    press(bias, "ArrowLeft", times=10)  # 0 → -5.0
    expect(bias.locator(".widget-readout")).to_have_text("\u22125.0")
    press(slider(box, "h1 → out"), "ArrowRight", times=18)  # 1.0 → 10.0
    assert xor_summary(w_out_h1=10, w_out_h2=-10, b_out=-5).endswith("4 of 4 right — XOR solved!")
    shows(box, xor_summary(w_out_h1=10, w_out_h2=-10, b_out=-5), before=picture)
    screenshot(page, box, "03_network_for_digits-xor")
