"""A lesson as an app for the projector: Voilà shows the text, pictures and sliders, never the code.

No retries: the page must finish on its first load.  (Voilà's cell runner could lose a cell's reply
while an `Output` widget captured output — voila#1428 — and `interact` always made one; the
explorers use none.)  A page still at "Executing N of M" after two minutes fails the test, saying
where it stopped.  benchmarks/voila_soak.py loads every slider lesson many times in a row.
"""

import re

from explorerpage import explorer, picture_src, press, screenshot, slider, text_panel
from playwright.sync_api import expect

LESSON = "01_perceptron.ipynb"  # docs/setup.md's example: `.venv/bin/voila notebooks/01_perceptron.ipynb`
STUCK = re.compile(r"Executing \d+ of \d+")
LOAD_MS = 120_000  # lesson 01 runs in ≈ 5 s; two minutes means stuck, not slow


def test_voila_shows_the_perceptron_without_code_and_its_slider_works(voila_page, voila):
    page = voila_page
    server = voila(LESSON)
    # Voilà streams the page while its kernel runs the lesson: don't wait for the "load" event
    page.goto(f"{server.url}/?token={server.token}", wait_until="commit")
    try:
        box = explorer(page, "w1", "w2", "threshold", timeout=LOAD_MS)  # the lesson has run, its picture is drawn
    except AssertionError as error:
        stuck = STUCK.search(page.locator("body").inner_text())
        where = f"Voilà stopped at {stuck.group(0)!r} (voila#1428?)" if stuck else "the explorer never appeared"
        raise AssertionError(f"{LESSON} did not finish in Voilà within {LOAD_MS // 1000} s: {where}") from error
    expect(page.locator("#loading")).to_have_count(0)  # Voilà has finished: no "Executing N of M" left
    expect(page.get_by_role("heading", name="The whole truth table: NAND")).to_be_visible()
    assert "from nnbook" not in page.content(), "Voilà (app mode) must not show the code"
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)
    expect(page.locator(".widget-output")).to_have_count(0)  # no Output widget: nothing for voila#1428

    threshold = slider(box, "threshold")
    expect(text_panel(box)).to_contain_text("gate: NAND")
    before = picture_src(box)
    press(threshold, "ArrowRight", times=2)  # threshold −3 → −2: NAND becomes NOR
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")
    expect(text_panel(box)).to_contain_text("0   1 |        +0.00 |    0")
    expect(text_panel(box)).to_contain_text("gate: NOR")
    expect(box.locator(".widget-image")).not_to_have_attribute("src", before)  # a new picture
    screenshot(page, box, "voila-" + LESSON)
