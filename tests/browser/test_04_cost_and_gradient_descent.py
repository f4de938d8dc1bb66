"""04 · Cost and gradient descent in a real browser: the learning-rate slider says crawl, converge or diverge."""

from playwright.sync_api import expect

from lessonpage import drag, interact_box, open_lesson, output, press, screenshot, slider
from nnbook.surfaces import bowl, descend, describe
from nnbook.lessons.l04_cost_and_gradient_descent import START, STEPS

LESSON = "04_cost_and_gradient_descent.ipynb"


def story(eta):
    """The line the lesson prints for η on the bowl from its start point (computed here, independently)."""
    return describe(descend(bowl, START, eta, STEPS), bowl)


def test_the_learning_rate_slider_names_what_the_ball_does(page, lab):
    open_lesson(page, lab, LESSON)
    box = interact_box(page, "learning rate η", "start v1", "start v2")
    eta, shown = slider(box, "learning rate η"), output(box)
    expect(shown).to_contain_text("η = 0.10: converges in 25 steps")

    press(eta, "ArrowLeft", times=9)  # keyboard: η 0.10 → 0.01, nine steps of 0.01
    expect(eta.locator(".widget-readout")).to_have_text("0.01")
    expect(shown).to_contain_text("η = 0.01: too small — crawls")
    expect(shown).to_contain_text(story(0.01))

    drag(page, eta, 1.2)  # mouse: to the right end, η = 0.60
    expect(eta.locator(".widget-readout")).to_have_text("0.60")
    expect(shown).to_contain_text("η = 0.60: too large — diverges")
    expect(shown).to_contain_text(story(0.6))
    expect(shown).not_to_contain_text("crawls")
    expect(shown.locator("img")).to_have_count(1)  # the path on the map and the cost per step, redrawn
    screenshot(page, box, LESSON)
