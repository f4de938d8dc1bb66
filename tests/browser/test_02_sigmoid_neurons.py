"""02 · Sigmoid neurons in a real browser: the steering wheel flips a perceptron but nudges a sigmoid neuron."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider

LESSON = "02_sigmoid_neurons.ipynb"


def test_the_steering_wheel_and_the_sigmoid_sliders(page, lab):
    open_lesson(page, lab, LESSON)

    # keyboard: the nudged weight from 3.995 up six steps of 0.001, past 4: the perceptron network's
    # output jumps from 0 to 1, the sigmoid network's output moves only a little (0.4734, the lesson's table)
    wheel_box = explorer_box(page, "weight")
    wheel = slider(wheel_box, "weight")
    picture = shows(wheel_box, "perceptron network: h1 = 0, h2 = 1, output = 0")
    press(wheel, "ArrowRight", times=6)
    expect(wheel.locator(".widget-readout")).to_have_text("4.001")
    shows(wheel_box, "weight w = 4.001", "perceptron network: h1 = 1, h2 = 1, output = 1", "output = 0.4734",
          before=picture)
    screenshot(page, wheel_box, LESSON)

    # mouse: drag the bias b to its right end, 10: σ(w·x + b) is (almost) 1 for every x shown
    neuron_box = explorer_box(page, "w", "b")
    b = slider(neuron_box, "b")
    picture = shows(neuron_box, "the output is 0.5 at x = −b/w = 0.000")
    drag(page, b, 1.2)
    expect(b.locator(".widget-readout")).to_have_text("10.0")
    picture = shows(neuron_box, "w = 1, b = 10.00", "x = -1.0: sigmoid 0.9999, step 1", "x = +0.0: sigmoid 1.0000, step 1",
                    "the output is 0.5 at x = −b/w = -10.000", before=picture)
    # keyboard again: back two steps of 0.5 to b = 9
    press(b, "ArrowLeft", times=2)
    shows(neuron_box, "w = 1, b = 9.00", "the output is 0.5 at x = −b/w = -9.000", before=picture)
    screenshot(page, neuron_box, LESSON.replace(".ipynb", "-neuron"))


def test_a_fast_drag_ends_on_the_picture_of_the_last_value(page, lab):
    """The hand moves faster than pictures are drawn: whatever is skipped, the last picture and text are the
    last value's, and nothing fails (no clock here: benchmarks/drag_latency.py measures the rates)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from drag_latency import drag_across
    from lessonpage import drawn, readout, text_panel

    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "weight")
    wheel = slider(box, "weight")
    before = drawn(box)
    drag_across(page, wheel, seconds=0.5, moves=40)
    expect(wheel.locator(".widget-readout")).to_have_text("5.000")
    shows(box, f"weight w = {readout(wheel)}", "perceptron network: h1 = 1, h2 = 1, output = 1", before=before)
    assert "Error" not in text_panel(box).inner_text()
