"""04 · 代价与梯度下降 (the Chinese lesson) in a real browser: the learning-rate slider, found by its Chinese
description 学习率 η, says in Chinese what the ball does — 一路滚下、不越过谷底, 太慢, 发散 — and the surface menu shows
the surfaces' Chinese names (碗, 两个山谷) while the callback gets their keys. The English test,
test_04_cost_and_gradient_descent.py, moves the same slider in the English lesson."""

import re

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider, text_panel
from nnbook.surface_views import START, STEPS
from nnbook.surfaces import bowl, descend, describe, two_valleys

LESSON = "zh/04_cost_and_gradient_descent.ipynb"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: English words of the explorer's text that the Chinese lesson must not show.
ENGLISH = ["rolls", "slow", "diverges", "steps", "bottom", "valley"]


def story(eta, surface=bowl):
    """What the lesson says for η from its start point, computed here (in Chinese: the test asks for it)."""
    return describe(descend(surface, START, eta, STEPS), surface)


def assert_chinese(text):
    assert CJK.search(text), f"no Chinese in {text!r}"
    assert not re.search(r"[A-Za-z]{4,}", text), f"English left in {text!r}"


def test_the_learning_rate_slider_names_what_the_ball_does_in_chinese(page, lab, chinese):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "学习率 η", "起点 v1", "起点 v2")  # found by its Chinese slider descriptions
    eta = slider(box, "学习率 η")
    menu = box.locator(".widget-dropdown")
    expect(menu.locator(".widget-label")).to_have_text("曲面")
    expect(menu.locator("option")).to_have_text(["碗", "两个山谷"])
    assert story(0.1) == "η = 0.10：一路滚下、不越过谷底，25 步到达谷底"
    picture = shows(box, story(0.1), absent=ENGLISH)

    press(eta, "ArrowLeft", times=9)  # keyboard: η 0.10 → 0.01, nine steps of 0.01
    expect(eta.locator(".widget-readout")).to_have_text("0.01")
    picture = shows(box, "η = 0.01：太慢，50 步还没到", story(0.01), absent=["η = 0.01：一路滚下", *ENGLISH], before=picture)

    menu.locator("select").select_option(label="两个山谷")  # the menu shows a name, the callback gets the key
    picture = shows(box, story(0.01, two_valleys), before=picture)  # too slow there too, 0.39 from the bottom
    menu.locator("select").select_option(label="碗")
    picture = shows(box, story(0.01), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 0.60
    expect(eta.locator(".widget-readout")).to_have_text("0.60")
    shows(box, "η = 0.60：太大——发散", story(0.6), absent=["太慢", *ENGLISH], before=picture)  # map and costs redrawn
    assert_chinese(text_panel(box).inner_text())
    screenshot(page, box, LESSON)
