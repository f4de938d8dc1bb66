"""04 · Cost and gradient descent in a real browser, in both editions: the learning-rate slider says too slow,
converge or diverge, and the surface menu shows the surfaces' names (碗, 两个山谷 in the Chinese lesson, which says
everything in Chinese) while the callback gets their keys.

(The ball on the real cost moved to lesson 05: tests/browser/test_05_gradient_descent_in_practice.py.)"""

import re

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider, text_panel
from nnbook.surface_views import START, STEPS
from nnbook.surfaces import bowl, descend, describe, two_valleys

LESSON = "04_cost_and_gradient_descent.ipynb"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, eta="learning rate η", starts=("start v1", "start v2"), surface="surface",
               surfaces=["bowl", "two valleys"], arrives="η = 0.10: rolls down without overshooting and arrives in 25 steps",
               slow="η = 0.01: too slow for 50 steps", diverges="η = 0.60: too large — diverges", english=[]),
    "zh": dict(lesson="zh/" + LESSON, eta="学习率 η", starts=("起点 v1", "起点 v2"), surface="曲面",
               surfaces=["碗", "两个山谷"], arrives="η = 0.10：一路滚下、不越过谷底，25 步到达谷底",
               slow="η = 0.01：太慢，50 步还没到", diverges="η = 0.60：太大——发散",
               english=["rolls", "slow", "diverges", "steps", "bottom", "valley"]),  # the Chinese must not show them
}


def story(eta, surface=bowl):
    """What the lesson says for η from its start point, computed here (in the language the test asks for)."""
    return describe(descend(surface, START, eta, STEPS), surface)


def test_the_learning_rate_slider_names_what_the_ball_does(page, lab, language):
    words = WORDS[language]
    english = words["english"]
    open_lesson(page, lab, words["lesson"])
    box = explorer_box(page, words["eta"], *words["starts"])  # found by its slider descriptions
    eta = slider(box, words["eta"])
    menu = box.locator(".widget-dropdown")
    expect(menu.locator(".widget-label")).to_have_text(words["surface"])
    expect(menu.locator("option")).to_have_text(words["surfaces"])
    assert story(0.1) == words["arrives"]
    picture = shows(box, story(0.1), absent=english)

    press(eta, "ArrowLeft", times=9)  # keyboard: η 0.10 → 0.01, nine steps of 0.01
    expect(eta.locator(".widget-readout")).to_have_text("0.01")
    picture = shows(box, words["slow"], story(0.01), absent=[words["arrives"], *english], before=picture)

    menu.locator("select").select_option(label=words["surfaces"][1])  # the menu shows a name, the callback gets the key
    picture = shows(box, story(0.01, two_valleys), before=picture)  # too slow there too, 0.39 from the bottom
    menu.locator("select").select_option(label=words["surfaces"][0])
    picture = shows(box, story(0.01), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 0.60
    expect(eta.locator(".widget-readout")).to_have_text("0.60")
    shows(box, words["diverges"], story(0.6), absent=[words["slow"], *english], before=picture)  # map and costs redrawn
    if language == "zh":
        text = text_panel(box).inner_text()
        assert CJK.search(text) and not re.search(r"[A-Za-z]{4,}", text), f"English left in {text!r}"
    screenshot(page, box, words["lesson"])
