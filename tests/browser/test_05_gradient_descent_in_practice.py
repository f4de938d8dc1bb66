"""05 · Gradient descent in practice in a real browser: the two-valley explorer and the ball on the real cost."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider
from nnbook.surfaces import descend, describe, two_valleys
from nnbook.surface_views import STEPS

LESSON = "05_gradient_descent_in_practice.ipynb"


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
