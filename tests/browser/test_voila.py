"""A lesson as an app for the projector: Voilà shows the text, pictures and sliders, never the code."""

import re

from playwright.sync_api import expect

from lessonpage import interact_box, output, press, screenshot, slider

LESSON = "01_perceptron.ipynb"  # the README's example: `.venv/bin/voila notebooks/01_perceptron.ipynb`


# Now and then Voilà never finishes running a lesson: its page stays at "Executing 12 of 31" (the
# first `interact`) with the kernel idle.  Measured here: 1 page load in 12 to 15, with ipykernel 6
# or 7, pyzmq 26 or 27, with or without --preheat_kernel.  The cause is upstream: while Voilà's
# executor (nbclient) waits on the shell channel for the cell's reply, it sends the captured output
# of the interact's Output widget on that same asyncio socket without awaiting it
# (nbclient/output_widget.py), and the reply can then go unnoticed (voila-dashboards/voila#1428,
# jupyter/jupyter_client#1010).  A teacher reloads the page, which starts a fresh kernel; the
# test does the same, only for that symptom and at most twice.
STUCK = re.compile(r"Executing \d+ of \d+")
ATTEMPT_MS = 120_000  # lesson 01 runs in ≈ 5 s; two minutes means stuck, not slow


def open_in_voila(page, server, attempts=3):
    """Load the lesson; reload only while the page is stuck at "Executing N of M"."""
    for attempt in range(1, attempts + 1):
        # Voilà streams the page while its kernel runs the lesson: don't wait for the "load" event
        page.goto(f"{server.url}/?token={server.token}", wait_until="commit")
        try:
            return interact_box(page, "w1", "w2", "threshold", timeout=ATTEMPT_MS)  # the lesson has run
        except AssertionError:
            stuck = STUCK.search(page.locator("body").inner_text())
            if not stuck or attempt == attempts:
                raise
            print(f"Voilà stuck at {stuck.group(0)!r} (voila#1428); reloading, attempt {attempt + 1} of {attempts}")


def test_voila_shows_the_perceptron_without_code_and_its_slider_works(voila_page, voila):
    page = voila_page
    server = voila(LESSON)
    box = open_in_voila(page, server)
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
