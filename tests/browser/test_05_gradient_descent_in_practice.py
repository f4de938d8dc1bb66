"""05 · Gradient descent in practice in a real browser: the two-valley explorer and the ball on the real cost; and, in
both editions, the replay of one epoch with mini-batches of 1, 10 and all (its two sliders, examples seen and the
shuffle). Since this file takes the `language` fixture, test_zh_slider_lessons leaves lesson 05 to it: the Chinese
run here also drags the first slider of every other explorer of the lesson and checks that it answers in Chinese."""

import re

from playwright.sync_api import expect

from lessonpage import drag, drawn, explorer_box, open_lesson, picture, press, screenshot, shows, slider, text_panel
from nnbook.surfaces import descend, describe, two_valleys
from nnbook.surface_views import STEPS

LESSON = "05_gradient_descent_in_practice.ipynb"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: What each edition's replay explorer is called and says, written out here (not taken from the lesson's catalogue).
WORDS = {
    "en": dict(lesson=LESSON, seen="examples seen", shuffle="shuffle (seed)", online="mini-batches of 1 (online learning)"),
    "zh": dict(lesson="zh/" + LESSON, seen="看过的样本数", shuffle="打乱顺序（种子）", online="小批量大小 1（在线学习）"),
}


def valley_story(eta, start):
    """The line the lesson says for η on the two valleys from `start` (computed here, independently)."""
    return describe(descend(two_valleys, start, eta, STEPS), two_valleys)


def real_story(mnist, eta, start=(1.3, -0.6)):
    """What the real-cost explorer says for η from `start`: the untrained Network([784, 15, 10], seed=8),
    weights from hidden 3 and 5 into output 4, the first 1,000 training digits."""
    from nnbook import Network
    from nnbook.lessons.l05_gradient_descent_in_practice import WeightPair, real_descent_text

    training = mnist[0]
    pair = WeightPair(Network([784, 15, 10], seed=8), (training.images[:1000], training.labels[:1000]))
    return real_descent_text(pair, pair.descend(start, eta)).splitlines()[0]


def test_the_start_decides_the_valley_and_the_ball_on_the_real_cost_moves_with_eta(page, lab, mnist):
    open_lesson(page, lab, LESSON)

    # the two valleys: from (1.8, -1.5) with η = 0.15 the ball jumps the ridge into the left valley
    box = explorer_box(page, "learning rate η", "start v1", "start v2")
    eta = slider(box, "learning rate η")
    picture = shows(box, valley_story(0.15, (1.8, -1.5)), "deeper (left) valley")
    press(eta, "ArrowLeft", times=5)  # keyboard: η 0.15 → 0.10, five steps of 0.01
    expect(eta.locator(".widget-readout")).to_have_text("0.10")
    assert "shallower (right) valley" in valley_story(0.1, (1.8, -1.5))
    shows(box, valley_story(0.1, (1.8, -1.5)), "shallower (right) valley", before=picture)
    screenshot(page, box, "05_gradient_descent_in_practice-two-valleys")

    # the ball on the real cost
    box = explorer_box(page, "learning rate η (real)", "start w (hidden 3)", "start w (hidden 5)")
    eta = slider(box, "learning rate η (real)")
    picture = shows(box, real_story(mnist, 30), absent=["left the map"])

    press(eta, "ArrowRight", times=3)  # keyboard: η 30 → 45, three steps of 5
    expect(eta.locator(".widget-readout")).to_have_text("45")
    assert real_story(mnist, 45) != real_story(mnist, 30)
    picture = shows(box, real_story(mnist, 45), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 2000: flung off the map
    expect(eta.locator(".widget-readout")).to_have_text("2000")
    shows(box, real_story(mnist, 2000), "left the map", before=picture)
    screenshot(page, box, "05_gradient_descent_in_practice-real-cost")


def replay_story(mnist, seen, seed):
    """The replay explorer's lines after `seen` examples with the shuffle `seed` (in the language in use), from the
    lesson's own pair of weights: lesson 04's untrained network on the first 1,000 training digits."""
    from nnbook import Network
    from nnbook.lessons.l05_gradient_descent_in_practice import WeightPair, show_batch_sizes

    training = mnist[0]
    pair = WeightPair(Network([784, 15, 10], seed=8), (training.images[:1000], training.labels[:1000]))
    return [line.strip() for line in show_batch_sizes(pair, seen, seed).text.splitlines()]


def test_the_replay_of_mini_batches_of_1_10_and_all_follows_its_two_sliders(page, lab, mnist, language):
    words = WORDS[language]
    open_lesson(page, lab, words["lesson"])
    box = explorer_box(page, words["seen"], words["shuffle"])
    seen, shuffle = slider(box, words["seen"]), slider(box, words["shuffle"])
    expect(seen.locator(".widget-readout")).to_have_text("50")
    assert words["online"] in replay_story(mnist, 50, 0)[1]
    picture_ = shows(box, *replay_story(mnist, 50, 0))

    press(seen, "ArrowRight", times=5)  # keyboard: 50 → 100 examples, five steps of 10
    expect(seen.locator(".widget-readout")).to_have_text("100")
    picture_ = shows(box, *replay_story(mnist, 100, 0), before=picture_)

    drag(page, seen, -1.2)  # mouse: to the left end, nothing seen yet: the three balls at the start
    expect(seen.locator(".widget-readout")).to_have_text("0")
    picture_ = shows(box, *replay_story(mnist, 0, 0), before=picture_)

    drag(page, seen, 1.2)  # to the right end: the whole epoch
    expect(seen.locator(".widget-readout")).to_have_text("1000")
    whole = replay_story(mnist, 1000, 0)
    picture_ = shows(box, *whole, before=picture_)

    press(shuffle, "ArrowRight", times=2)  # another shuffle of the same digits: another online path
    expect(shuffle.locator(".widget-readout")).to_have_text("2")
    assert replay_story(mnist, 1000, 2)[1] != whole[1]
    picture_ = shows(box, *replay_story(mnist, 1000, 2), before=picture_)

    drag(page, shuffle, 1.2)  # the last shuffle the slider offers
    expect(shuffle.locator(".widget-readout")).to_have_text("9")
    shows(box, *replay_story(mnist, 1000, 9), before=picture_)
    if language == "zh":
        text = text_panel(box).inner_text()
        assert CJK.search(text) and not re.search(r"[A-Za-z]{4,}", text), f"English left in {text!r}"
        others_speak_chinese(page, box)
    screenshot(page, box, f"{words['lesson'].removesuffix('.ipynb')}-mini-batches")


def others_speak_chinese(page, replay_box):
    """Every other explorer of the Chinese lesson: drag its first slider; its text changes, is Chinese (the code
    names it may quote aside), and its picture is redrawn."""
    boxes = page.locator(".nnbook-explorer")
    assert boxes.count() == 3
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.evaluate("(e, other) => e === other", replay_box.element_handle()):
            continue
        box.scroll_into_view_if_needed()
        before_text, before_picture = text_panel(box).inner_text(), drawn(box)
        drag(page, box.locator(".widget-slider").first, 0.3)
        expect(text_panel(box)).not_to_have_text(before_text)
        drawn(box, before_picture)
        text = text_panel(box).inner_text()
        assert CJK.search(text) and not re.search(r"[A-Za-z]{4,}", text), f"English left in {text!r}"
        expect(picture(box)).to_be_visible()
