"""08 · Beyond the network, in a real browser, in both editions: the noise explorer follows the keyboard and the
mouse — another noise image, more ink — and says what the network answers, in the lesson's language."""

import numpy as np
from playwright.sync_api import expect

import i18n_checks
from i18n_checks import SHORT_ENGLISH_RUN
from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider, text_panel
from nnbook.lessons.l08_beyond_the_network import noise_images
from nnbook.models import reference_network

LESSON = "08_beyond_the_network.ipynb"
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, seed="noise seed", density="ink share",
               text="noise image {seed} ({inked} pixels inked): the network answers {guess}, with output {largest:.3f}"),
    "zh": dict(lesson="zh/" + LESSON, seed="噪声种子", density="涂黑比例",
               text="噪声图像 {seed}（涂黑 {inked} 个像素）：网络回答 {guess}，输出 {largest:.3f}"),
}


def expected(words, net, seed, density):
    """The start of what show_noise says, computed here from the same noise and the same reference network."""
    x = noise_images(1, density, seed)[0]
    a = net.feedforward(x).reshape(-1)
    return words["text"].format(seed=seed, inked=int(x.sum()), guess=int(np.argmax(a)), largest=a.max())


def test_the_noise_explorer(page, lab, language):
    words = WORDS[language]
    open_lesson(page, lab, words["lesson"])
    net = reference_network()

    box = explorer_box(page, words["seed"], words["density"])
    seed, density = slider(box, words["seed"]), slider(box, words["density"])
    picture = shows(box, expected(words, net, 0, 0.1))
    # keyboard: three noise images further
    press(seed, "ArrowRight", times=3)
    expect(seed.locator(".widget-readout")).to_have_text("3")
    picture = shows(box, expected(words, net, 3, 0.1), before=picture)
    # mouse: the ink share to its right end, 0.5
    drag(page, density, 1.2)
    expect(density.locator(".widget-readout")).to_have_text("0.50")
    picture = shows(box, expected(words, net, 3, 0.5), before=picture)
    # and to its left end: a blank image still gets an answer
    drag(page, density, -1.2)
    expect(density.locator(".widget-readout")).to_have_text("0.00")
    shows(box, expected(words, net, 3, 0.0), before=picture)
    if language == "zh":
        i18n_checks.assert_chinese(text_panel(box).inner_text(), SHORT_ENGLISH_RUN)
    screenshot(page, box, words["lesson"])
