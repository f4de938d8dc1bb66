"""04 · Cost and gradient descent in a real browser, in both editions: the learning-rate slider says too slow,
converge or diverge, and the surface menu shows the surfaces' names (碗, 两个山谷 in the Chinese lesson, which says
everything in Chinese) while the callback gets their keys.

(The ball on the real cost moved to lesson 05: tests/browser/test_05_gradient_descent_in_practice.py.)"""

import re

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, readout, screenshot, shows, slider, text_panel
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


# ----- issue #23: the staircase, the ball on one curve, the dial -----

#: The labels of the three new explorers' sliders in each edition (written out here, not read from the catalogue).
MOVES = {
    "en": dict(lesson=LESSON, stair="weight w, 100 digits", eta="learning rate η", step="step", angle="angle θ (°)"),
    "zh": dict(lesson="zh/" + LESSON, stair="权重 w（100 个数字）", eta="学习率 η", step="第几步", angle="角度 θ（°）"),
}


def lines(view):
    """What a callback's View says, line by line (the panel shows them in a <pre>)."""
    return view.text.splitlines()


def test_the_staircase_the_curve_and_the_dial_follow_their_sliders(page, lab, language, mnist):
    from nnbook import Network
    from nnbook.lessons.l04_cost_and_gradient_descent import show_curve_descent, show_direction, show_staircase

    words = MOVES[language]
    net, training = Network([784, 15, 10], seed=8), mnist[0]
    digits = (training.images[:100], training.labels[:100])
    open_lesson(page, lab, words["lesson"])

    box = explorer_box(page, words["stair"])  # right answers: a staircase
    w = slider(box, words["stair"])
    picture = shows(box, *lines(show_staircase(net, digits, -3.0)))
    press(w, "ArrowRight", times=4)  # keyboard: −3 → −2, over the step at −2.33: 6 right → 7
    expect(w.locator(".widget-readout")).to_have_text("−2.00")  # ipywidgets shows a true minus sign
    picture = shows(box, *lines(show_staircase(net, digits, -2.0)), before=picture)
    drag(page, w, 1.2)  # mouse: to the right end
    expect(w.locator(".widget-readout")).to_have_text("10.00")
    shows(box, *lines(show_staircase(net, digits, 10.0)), before=picture)

    box = explorer_box(page, words["eta"], words["step"])  # the ball on C(v) = v²
    eta, step = slider(box, words["eta"]), slider(box, words["step"])
    picture = shows(box, *lines(show_curve_descent(0.1, 0)))
    press(step, "ArrowRight", times=3)
    expect(step.locator(".widget-readout")).to_have_text("3")
    picture = shows(box, *lines(show_curve_descent(0.1, 3)), before=picture)
    drag(page, eta, 1.2)  # to η = 1: the ball jumps between −2.5 and +2.5
    expect(eta.locator(".widget-readout")).to_have_text("1.00")
    shows(box, *lines(show_curve_descent(1.0, 3)), before=picture)

    box = explorer_box(page, words["angle"])  # the dial
    angle = slider(box, words["angle"])
    picture = shows(box, *lines(show_direction(0)))
    drag(page, angle, 0.6)  # mouse: about 0.6 of the way round
    landed = int(readout(angle))
    assert 150 < landed < 290, f"a drag over 60% of the dial should land far round, not at {landed}"
    picture = shows(box, *lines(show_direction(landed)), before=picture)
    press(angle, "ArrowRight" if landed < 225 else "ArrowLeft", times=abs(225 - landed))  # keyboard: to 225°
    expect(angle.locator(".widget-readout")).to_have_text("225")
    shows(box, *lines(show_direction(225)), before=picture if landed != 225 else None)
    if language == "zh":
        text = text_panel(box).inner_text()
        assert CJK.search(text) and not re.search(r"[A-Za-z]{4,}", text), f"English left in {text!r}"
