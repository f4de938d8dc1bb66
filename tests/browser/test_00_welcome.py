"""00 · Welcome in a real browser: the first slider walks through the training digits."""

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, readout, screenshot, shows, slider

LESSON = "00_welcome.ipynb"


def digit_text(mnist, index):
    """What show_training_digit(index) says beside the picture."""
    training = mnist[0]
    return f"label: {training.labels[index]}, ink: {training.images[index].sum():.1f} of 784"


def test_the_index_slider_shows_the_digit_it_points_at(page, lab, mnist):
    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "index")
    index = slider(box, "index")
    picture = shows(box, digit_text(mnist, 7))

    press(index, "ArrowRight", times=2)  # keyboard: 7 → 9
    expect(index.locator(".widget-readout")).to_have_text("9")
    picture = shows(box, digit_text(mnist, 9), absent=[digit_text(mnist, 7)], before=picture)

    drag(page, index, 0.3)  # mouse: about 30% of the way along 0…49,999
    expect(index.locator(".widget-readout")).not_to_have_text("9")
    value = int(readout(index).replace(",", ""))
    assert 5_000 < value < 25_000, f"a drag over 30% of the slider should land far along, not at {value}"
    shows(box, digit_text(mnist, value), before=picture)  # the digit's picture, redrawn
    screenshot(page, box, LESSON)
