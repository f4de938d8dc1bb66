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
