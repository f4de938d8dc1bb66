"""07 · What did it learn, in a real browser: hidden-neuron slider, hyper-parameter explorer and the drawing pad."""

import numpy as np
from playwright.sync_api import expect

from lessonpage import (drag, draw_a_one, drawing_pad, explorer_box, open_lesson, picture_state, press, screenshot,
                        shows, slider, text_panel)
from nnbook.models import reference_network
from nnbook.explorer import MESSAGES
from nnbook.lessons.l07_what_did_it_learn import train_settings

LESSON = "07_what_did_it_learn.ipynb"


def neuron_text(net, neuron):
    """The start of what show_hidden_neuron says, computed here from the same reference network."""
    w, b = net.weights[0][neuron], float(net.biases[0][neuron, 0])
    return f"hidden neuron {neuron}: bias b = {b:.2f}, weights from {w.min():.2f} to {w.max():.2f}"


def test_hidden_neurons_explorer_and_drawing_pad(page, lab, mnist):
    open_lesson(page, lab, LESSON)
    net = reference_network()  # the network the lesson looks inside (it ships with nnbook)

    # the hidden-neuron slider: keyboard two steps, then the mouse to the right end (neuron 29)
    box = explorer_box(page, "neuron")
    neuron = slider(box, "neuron")
    picture = shows(box, neuron_text(net, 0))
    press(neuron, "ArrowRight", times=2)
    expect(neuron.locator(".widget-readout")).to_have_text("2")
    picture = shows(box, neuron_text(net, 2), before=picture)
    drag(page, neuron, 1.2)
    expect(neuron.locator(".widget-readout")).to_have_text("29")
    shows(box, neuron_text(net, 29), before=picture)
    screenshot(page, box, LESSON.replace(".ipynb", "-neuron"))

    # the hyper-parameter explorer: 2 epochs instead of 10 (keyboard), then press "train"
    box = explorer_box(page, "hidden", "η", "epochs")
    epochs = slider(box, "epochs")
    waiting = MESSAGES["press"].format(button="train")
    expect(text_panel(box)).to_contain_text(waiting)  # manual: nothing is trained before the button
    assert picture_state(box) is None
    press(epochs, "ArrowLeft", times=8)
    expect(epochs.locator(".widget-readout")).to_have_text("2")
    expect(text_panel(box)).to_contain_text(waiting)  # moving a slider does not train either
    box.get_by_role("button", name="train").click()
    training, validation = mnist[0], mnist[1]
    history = train_settings((training.images[:5000], training.labels[:5000]),
                             (validation.images[:1000], validation.labels[:1000]), 30, 3.0, 10, 2)
    percent = 100 * np.asarray(history.accuracy)
    shows(box, f"784-30-10, η = 3, mini-batches of 10, 2 epochs on 5,000 digits: "
               f"{percent[-1]:.1f}% of 1,000 validation digits right")  # and the accuracy curve, drawn
    screenshot(page, box, LESSON.replace(".ipynb", "-explorer"))

    # the drawing pad: the lesson showed it a 3; wipe it, draw a 1 with the mouse, and the bars show exactly what
    # the network computes for the ink on the canvas
    pad = drawing_pad(page)
    draw_a_one(page, pad, net, guess="guess: {}")
    screenshot(page, pad, LESSON.replace(".ipynb", "-drawpad"))
