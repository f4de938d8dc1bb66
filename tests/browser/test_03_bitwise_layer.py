"""03 · The bitwise output layer in a real browser, in both editions: the 4 × 10 toggles set the weights of the
10 → 4 layer, and the table says which digits get their binary code — 1 of 10 with every toggle released, all ten
once the toggles of each code's 1s are pressed, none when the bias slider pushes every neuron up.

It takes its own `edition` parameter: test_zh_slider_lessons.py leaves out the lessons whose browser test takes
the common fixture for both editions, and lesson 03's other explorers are still covered in Chinese there."""

import re

import pytest
from playwright.sync_api import expect

from lessonpage import drawn, explorer_box, open_lesson, press, screenshot, shows, slider, text_panel

LESSON = "03_network_for_digits.ipynb"
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, size="weight size", bias="bias", row="row {k} (bit worth {worth})",
               right="{n} of 10 digits right", solved="every digit gets its code!", english=[]),
    "zh": dict(lesson="zh/" + LESSON, size="权重大小", bias="偏置", row="第 {k} 行（表示 {worth} 的位）",
               right="10 个数字中对了 {n} 个", solved="每个数字都得到了它的编码！",
               english=["digits right", "wrong in row", "digit |"]),  # English the Chinese must not show
}


def toggle(box, words, k, d):
    """The toggle of row k (the bit worth 2^(3 − k)), digit d."""
    row = box.locator(".widget-hbox").filter(has_text=words["row"].format(k=k, worth=2 ** (3 - k)))
    expect(row).to_have_count(1)
    return row.locator("button", has_text=re.compile(rf"^\s*{d}\s*$"))


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_the_toggles_set_the_bitwise_layer(page, lab, edition):
    words = WORDS[edition]
    open_lesson(page, lab, words["lesson"])
    box = explorer_box(page, words["size"], words["bias"])
    panel = text_panel(box)
    expect(panel).to_contain_text(words["right"].format(n=1))  # all released: only 0 (0000)
    picture = shows(box, "  0   | 0000 | 0.00 0.00 0.00 0.00 | 0000 | ✔")
    for text in words["english"]:
        expect(panel).not_to_contain_text(text)

    toggle(box, words, 3, 1).click()  # the bit worth 1 of digit 1
    expect(toggle(box, words, 3, 1)).to_have_class(re.compile(r"mod-active"))
    picture = shows(box, words["right"].format(n=2), "  1   | 0001 | 0.00 0.00 0.00 0.99 | 0001 | ✔", before=picture)

    for d in range(2, 10):  # the 1s of every other code
        for k, bit in enumerate(format(d, "04b")):
            if bit == "1":
                toggle(box, words, k, d).click()
    picture = shows(box, words["right"].format(n=10), words["solved"], "  9   | 1001 | 0.99 0.01 0.01 0.99 | 1001 | ✔",
                    before=picture)

    bias = slider(box, words["bias"])
    press(bias, "ArrowRight", times=20)  # 0 → 10.0: every neuron pushed above 0.5
    expect(bias.locator(".widget-readout")).to_have_text("10.0")
    shows(box, words["right"].format(n=0), before=picture)
    drawn(box)
    screenshot(page, box, words["lesson"].removesuffix(".ipynb") + "-bitwise")
