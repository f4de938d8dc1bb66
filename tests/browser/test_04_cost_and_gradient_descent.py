"""04 · Cost and gradient descent in a real browser: the learning-rate slider says crawl, converge or diverge."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider
from nnbook.surfaces import bowl, descend, describe
from nnbook.lessons.l04_cost_and_gradient_descent import START, STEPS

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
    picture = shows(box, "η = 0.01: ", "crawls", story(0.01), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 0.60
    expect(eta.locator(".widget-readout")).to_have_text("0.60")
    shows(box, "η = 0.60: ", "diverges", story(0.6), absent=["crawls"], before=picture)  # map and costs redrawn
    screenshot(page, box, LESSON)


def real_story(mnist, eta, start=(1.3, -0.6)):
    """What the real-cost explorer says for η from `start`: the untrained Network([784, 15, 10], seed=8),
    weights from hidden 3 and 5 into output 4, the first 1,000 test digits."""
    from nnbook import Network
    from nnbook.lessons.l04_cost_and_gradient_descent import WeightPair, real_descent_text

    test = mnist[2]
    pair = WeightPair(Network([784, 15, 10], seed=8), (test.images[:1000], test.labels[:1000]))
    return real_descent_text(pair, pair.descend(start, eta)).splitlines()[0]


def test_the_ball_on_the_real_cost_moves_with_eta(page, lab, mnist):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "learning rate η (real)", "start w (hidden 3)", "start w (hidden 5)")
    eta = slider(box, "learning rate η (real)")
    picture = shows(box, real_story(mnist, 30), absent=["left the map"])

    press(eta, "ArrowRight", times=3)  # keyboard: η 30 → 45, three steps of 5
    expect(eta.locator(".widget-readout")).to_have_text("45")
    assert real_story(mnist, 45) != real_story(mnist, 30)
    picture = shows(box, real_story(mnist, 45), before=picture)

    drag(page, eta, 1.2)  # mouse: to the right end, η = 1000: flung off the map
    expect(eta.locator(".widget-readout")).to_have_text("1000")
    shows(box, real_story(mnist, 1000), "left the map", before=picture)
    screenshot(page, box, "04_cost_and_gradient_descent-real-cost")
