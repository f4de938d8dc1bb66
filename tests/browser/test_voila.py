"""A lesson as an app for the projector: Voilà shows the text, pictures and sliders, never the code."""

from playwright.sync_api import expect

from lessonpage import interact_box, output, press, screenshot, slider

LESSON = "01_perceptron.ipynb"  # the README's example: `.venv/bin/voila notebooks/01_perceptron.ipynb`


def test_voila_shows_the_perceptron_without_code_and_its_slider_works(voila_page, voila):
    page = voila_page
    server = voila(LESSON)
    # Voilà streams the page while its kernel runs the lesson: don't wait for the "load" event
    page.goto(f"{server.url}/?token={server.token}", wait_until="commit")
    box = interact_box(page, "w1", "w2", "threshold")  # waits until the lesson has run
    expect(page.get_by_role("heading", name="The whole truth table: NAND")).to_be_visible()
    assert "from nnbook" not in page.content(), "Voilà (app mode) must not show the code"
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)

    threshold = slider(box, "threshold")
    expect(output(box)).to_contain_text("gate: NAND")
    press(threshold, "ArrowRight", times=2)  # threshold −3 → −2: NAND becomes NOR
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")
    expect(output(box)).to_contain_text("0   1 |        +0.00 |    0")
    expect(output(box)).to_contain_text("gate: NOR")
    screenshot(page, box, "voila-" + LESSON)
