"""Students open the lessons in Jupyter Notebook 7 too: lessons 01 and 04 run there, and a slider moved
with the keyboard changes its explorer's text and picture.

Notebook 7 is a server extension of the same Jupyter server as JupyterLab; its pages are /tree and
/notebooks/NAME.  It is built from JupyterLab's parts, so the menus carry the same commands ("Run" ▸
"Run All Cells" is runmenu:run-all, "Edit" ▸ "Clear Outputs of All Cells" editmenu:clear-all) and the
notebook is a `.jp-NotebookPanel`; the widgets are the same ipywidgets (explorerpage.py).

The keyboard: in Notebook 7 (7.6.5) the arrow keys on a focused slider handle do NOT move it — the
notebook's shortcut for ArrowRight/ArrowLeft (notebook:move-cursor-heading-below-or-expand, selector
`.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus`) takes the key first and moves the
focus to a cell (measured; JupyterLab 4.6.6 lets the slider have it).  So a student types the value
into the slider's readout and presses Enter; the last test records the arrow keys' behaviour and
fails once Notebook 7 lets them through, so that this note goes.
"""

import re

import pytest
from conftest import open_chromium
from explorerpage import drag, explorer, picture_src, press, screenshot, slider, text_panel, type_value
from lessonpage import KERNEL_READY, run_all
from playwright.sync_api import expect


@pytest.fixture
def tab(playwright, chromium, tmp_path_factory):
    """A tab in a Chromium of its own (no cookies shared with the JupyterLab or Voilà tests)."""
    context = open_chromium(playwright, chromium, tmp_path_factory.mktemp("chromium-notebook7-profile"))
    try:
        yield context.new_page()
    finally:
        context.close()


def run_lesson(page, server, name):
    """Open `name` in Notebook 7, clear it, run all cells, and wait until every code cell has run."""
    page.goto(f"{server.url}/notebooks/{name}?token={server.token}")
    expect(page.locator(".jp-NotebookPanel .jp-Notebook")).to_be_visible()
    assert page.locator("#jp-top-panel, .jp-NotebookPanel").count() > 0
    page.wait_for_function(KERNEL_READY, timeout=120_000)
    run_all(page, name, "Notebook 7")
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")).to_have_count(0)


def test_notebook7_serves_the_lesson_list(tab, notebook7):
    tab.goto(f"{notebook7.url}/tree?token={notebook7.token}")
    expect(tab.get_by_text("01_perceptron.ipynb", exact=True)).to_be_visible()
    expect(tab.get_by_text("04_cost_and_gradient_descent.ipynb", exact=True)).to_be_visible()


def test_notebook7_lesson01_threshold_slider(tab, notebook7):
    run_lesson(tab, notebook7, "01_perceptron.ipynb")
    box = explorer(tab, "w1", "w2", "threshold")
    expect(text_panel(box)).to_contain_text("gate: NAND")
    before = picture_src(box)
    threshold = slider(box, "threshold")
    type_value(threshold, "-2")  # keyboard: threshold −3 → −2, NAND becomes NOR
    expect(threshold.locator(".widget-readout")).to_have_text("−2.0")
    expect(text_panel(box)).to_contain_text("gate: NOR")
    expect(text_panel(box)).not_to_contain_text("gate: NAND")
    expect(box.locator(".widget-image")).not_to_have_attribute("src", before)
    drag(tab, threshold, 1.2)  # mouse: to the right end, threshold 4: no input fires with w = (−2, −2)
    expect(threshold.locator(".widget-readout")).to_have_text("4.0")
    expect(text_panel(box)).to_contain_text("threshold = 4.0")
    screenshot(tab, box, "notebook7-01_perceptron")


def test_notebook7_lesson04_weight_slider(tab, notebook7):
    run_lesson(tab, notebook7, "04_cost_and_gradient_descent.ipynb")
    box = explorer(tab, "weight w")
    weight = slider(box, "weight w")
    expect(weight.locator(".widget-readout")).to_have_text(re.compile(r"^−3\.00?$"))
    panel = text_panel(box)
    expect(panel).not_to_be_empty()
    text_before, picture_before = panel.inner_text(), picture_src(box)
    type_value(weight, "-2.5")  # keyboard: w −3.0 → −2.5
    expect(weight.locator(".widget-readout")).to_have_text(re.compile(r"^−2\.50?$"))
    expect(panel).not_to_have_text(text_before)
    expect(panel).to_contain_text("2.5")
    expect(box.locator(".widget-image")).not_to_have_attribute("src", picture_before)
    screenshot(tab, box, "notebook7-04_cost_and_gradient_descent")


def test_notebook7_arrow_keys_do_not_reach_a_slider(tab, notebook7):
    """Known: Notebook 7's ArrowRight shortcut takes the key from a focused slider (see the module's note)."""
    run_lesson(tab, notebook7, "01_perceptron.ipynb")
    threshold = slider(explorer(tab, "w1", "w2", "threshold"), "threshold")
    press(threshold, "ArrowRight", times=2)
    tab.wait_for_timeout(1000)
    assert threshold.locator(".widget-readout").inner_text().strip() == "−3.0", (
        "Notebook 7 now lets the arrow keys move a slider: use press() in the tests above and drop the note")
