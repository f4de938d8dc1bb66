"""04 · Cost and gradient descent in a real browser: the learning-rate slider says too slow, converge or diverge.

(The ball on the real cost moved to lesson 05: tests/browser/test_05_gradient_descent_in_practice.py.)"""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider
from nnbook.surfaces import bowl, descend, describe
from nnbook.surface_views import START, STEPS

LESSON = "04_cost_and_gradient_descent.ipynb"


def story(eta):
    """The line the lesson says for η on the bowl from its start point (computed here, independently)."""
    return describe(descend(bowl, START, eta, STEPS), bowl)


def test_the_learning_rate_slider_names_what_the_ball_does(page, lab):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "learning rate η", "start v1", "start v2")
    eta = slider(box, "learning rate η")
    picture = shows(box, "η = 0.10: ", story(0.1))

    press(eta, "ArrowLeft", times=9)  # keyboard: η 0.10 → 0.01, nine steps of 0.01
    expect(eta.locator(".widget-readout")).to_have_text("0.01")
    picture = shows(box, "η = 0.01: ", "too slow", story(0.01), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 0.60
    expect(eta.locator(".widget-readout")).to_have_text("0.60")
    shows(box, "η = 0.60: ", "diverges", story(0.6), absent=["too slow"], before=picture)  # map and costs redrawn
    screenshot(page, box, LESSON)
