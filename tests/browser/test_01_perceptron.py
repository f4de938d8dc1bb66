"""01 · The perceptron in a real browser, in both editions: the w1, w2 and threshold sliders redraw the truth
table and name the gate — NAND → NOR → AND → OR (与非门 → 或非门 → 与门 → 或门 in the Chinese lesson, with the bias
shown as 偏置 b = −阈值, and no English word in its text)."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider

LESSON = "01_perceptron.ipynb"
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, threshold="threshold", header="x1  x2 |  z = w·x + b | output",
               setting="w1 = -2.0, w2 = -2.0, threshold = {t}  (bias b = −threshold = {b})", bias="bias b = −threshold = {b}",
               NAND="gate: NAND", NOR="gate: NOR", AND="gate: AND", OR="gate: OR", english=[]),
    "zh": dict(lesson="zh/" + LESSON, threshold="阈值", header="x1  x2 |  z = w·x + b | 输出",
               setting="w1 = -2.0, w2 = -2.0, 阈值 = {t}（偏置 b = −阈值 = {b}）", bias="偏置 b = −阈值 = {b}",
               NAND="逻辑门：与非门（NAND）", NOR="逻辑门：或非门（NOR）", AND="逻辑门：与门（AND）", OR="逻辑门：或门（OR）",
               english=["gate:", "threshold", "bias", "output", "computes"]),  # English the Chinese must not show
}


def test_the_sliders_turn_nand_into_nor_and_or(page, lab, language):
    words = WORDS[language]
    english = words["english"]
    open_lesson(page, lab, words["lesson"])
    box = explorer_box(page, "w1", "w2", words["threshold"])  # found by its slider descriptions
    w1, w2, threshold = (slider(box, name) for name in ("w1", "w2", words["threshold"]))
    picture = shows(box, words["setting"].format(t="-3.0", b="3.0"), words["header"], words["NAND"],
                    absent=english)  # the lesson's NAND: w = (−2, −2), threshold −3

    # keyboard: raise the threshold two steps of 0.5, to −2 (b = 2): inputs 01 and 10 now give z = 0, so 0
    press(threshold, "ArrowRight", times=2)
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")  # ipywidgets writes a true minus sign
    picture = shows(box, words["setting"].format(t="-2.0", b="2.0"), "0   1 |        +0.00 |    0", words["NOR"],
                    absent=[words["NAND"], *english], before=picture)

    # mouse: drag both weights and the threshold to the right end: w = (3, 3), threshold 4, b = −4
    for handle, end in ((w1, "3.0"), (w2, "3.0"), (threshold, "4.0")):
        drag(page, handle, 1.2)
        expect(handle.locator(".widget-readout")).to_have_text(end)
    picture = shows(box, words["bias"].format(b="-4.0"), "1   1 |        +2.00 |    1",  # only 1, 1 gets over it
                    "0   1 |        -1.00 |    0", words["AND"], absent=[words["NOR"], *english], before=picture)

    # keyboard: lower the threshold to 2.5 and one input on is enough
    press(threshold, "ArrowLeft", times=3)
    expect(threshold.locator(".widget-readout")).to_have_text("2.5")
    shows(box, "0   1 |        +0.50 |    1", words["OR"], absent=[words["AND"], *english], before=picture)
    screenshot(page, box, words["lesson"])
