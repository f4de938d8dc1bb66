"""01 · The perceptron in a real browser: the w1, w2 and threshold sliders redraw the truth table and name the gate."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider

LESSON = "01_perceptron.ipynb"


def test_the_sliders_turn_nand_into_nor_and_or(page, lab):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "w1", "w2", "threshold")
    w1, w2, threshold = (slider(box, name) for name in ("w1", "w2", "threshold"))
    picture = shows(box, "gate: NAND")  # starts as the lesson's NAND: w = (−2, −2), threshold −3

    # keyboard: raise the threshold two steps of 0.5, to −2 (b = 2): inputs 01 and 10 now give z = 0, so 0
    press(threshold, "ArrowRight", times=2)
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")  # ipywidgets writes a true minus sign
    picture = shows(box, "w1 = -2.0, w2 = -2.0, threshold = -2.0  (bias b = −threshold = 2.0)",
                    "0   1 |        +0.00 |    0", "gate: NOR", before=picture)

    # mouse: drag both weights and the threshold to the right end: w = (3, 3), threshold 4, b = −4
    for handle, end in ((w1, "3.0"), (w2, "3.0"), (threshold, "4.0")):
        drag(page, handle, 1.2)
        expect(handle.locator(".widget-readout")).to_have_text(end)
    picture = shows(box, "1   1 |        +2.00 |    1",  # only 1, 1 gets over the threshold
                    "0   1 |        -1.00 |    0", "gate: AND", before=picture)

    # keyboard: lower the threshold to 2.5 and one input on is enough
    press(threshold, "ArrowLeft", times=3)
    expect(threshold.locator(".widget-readout")).to_have_text("2.5")
    shows(box, "0   1 |        +0.50 |    1", "gate: OR", absent=["gate: AND"], before=picture)
    screenshot(page, box, LESSON)
