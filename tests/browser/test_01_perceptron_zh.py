"""01 · 感知机 (the Chinese lesson) in a real browser: the w1, w2 and 阈值 sliders redraw the truth table and name
the gate in Chinese — 与非门 → 或非门 → 与门 → 或门 — with the bias shown as 偏置 b = −阈值."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider

LESSON = "zh/01_perceptron.ipynb"
#: English words of the slider's text that the Chinese lesson must not show.
ENGLISH = ["gate:", "threshold", "bias", "output", "computes"]


def test_the_sliders_turn_nand_into_nor_and_or_in_chinese(page, lab):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "w1", "w2", "阈值")  # found by its Chinese slider descriptions
    w1, w2, threshold = (slider(box, name) for name in ("w1", "w2", "阈值"))
    picture = shows(box, "w1 = -2.0, w2 = -2.0, 阈值 = -3.0（偏置 b = −阈值 = 3.0）", "x1  x2 |  z = w·x + b | 输出",
                    "逻辑门：与非门（NAND）", absent=ENGLISH)  # the lesson's NAND: w = (−2, −2), 阈值 −3

    # keyboard: raise the threshold two steps of 0.5, to −2 (b = 2): inputs 01 and 10 now give z = 0, so 0
    press(threshold, "ArrowRight", times=2)
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")  # ipywidgets writes a true minus sign
    picture = shows(box, "w1 = -2.0, w2 = -2.0, 阈值 = -2.0（偏置 b = −阈值 = 2.0）",
                    "0   1 |        +0.00 |    0", "逻辑门：或非门（NOR）", absent=["与非门", *ENGLISH], before=picture)

    # mouse: drag both weights and the threshold to the right end: w = (3, 3), 阈值 4, b = −4
    for handle, end in ((w1, "3.0"), (w2, "3.0"), (threshold, "4.0")):
        drag(page, handle, 1.2)
        expect(handle.locator(".widget-readout")).to_have_text(end)
    picture = shows(box, "偏置 b = −阈值 = -4.0", "1   1 |        +2.00 |    1",  # only 1, 1 gets over the 阈值
                    "0   1 |        -1.00 |    0", "逻辑门：与门（AND）", absent=["或非门", *ENGLISH], before=picture)

    # keyboard: lower the threshold to 2.5 and one input on is enough
    press(threshold, "ArrowLeft", times=3)
    expect(threshold.locator(".widget-readout")).to_have_text("2.5")
    shows(box, "0   1 |        +0.50 |    1", "逻辑门：或门（OR）", absent=["与门", *ENGLISH], before=picture)
    screenshot(page, box, LESSON)
