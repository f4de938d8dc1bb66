"""An explorer (nnbook.explorer) as the browser shows it, for the Voilà and Notebook 7 tests.

An explorer is an `.nnbook-explorer` box: its controls (ipywidgets sliders, `.widget-slider`, each
with its description in `.widget-label`, a noUiSlider handle `.noUi-handle` and its value in
`.widget-readout`), a text panel (an ipywidgets HTML, `.widget-html`) and a picture (an ipywidgets
Image, `.widget-image`, PNG bytes).  No `Output` widget anywhere.
"""

import re

from lessonpage import drag  # noqa: F401 (the same mouse drag as the JupyterLab tests)
from playwright.sync_api import expect

EXPLORER = ".nnbook-explorer"


def explorer(page, *descriptions, timeout=120_000):
    """The one explorer whose sliders include all these descriptions, once its picture is drawn."""
    box = page.locator(EXPLORER)
    for description in descriptions:
        label = page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
        box = box.filter(has=page.locator(".widget-slider").filter(has=label))
    expect(box).to_have_count(1, timeout=timeout)
    box.scroll_into_view_if_needed()
    expect(box.locator(".widget-image")).to_be_visible()
    box.locator(".widget-image").evaluate(
        "img => img.complete && img.naturalWidth > 0 ? true : new Promise(ok => img.addEventListener('load', ok))")
    return box


def slider(box, description):
    page = box.page
    label = page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
    found = box.locator(".widget-slider").filter(has=label)
    expect(found).to_have_count(1)
    return found


def text_panel(box):
    return box.locator(".widget-html").first


def picture(box):
    return box.locator(".widget-image")


def press(slider_, key="ArrowRight", times=1):
    """Focus the slider's handle and press a key, as a student using the keyboard."""
    handle = slider_.locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)


def picture_src(box):
    return picture(box).get_attribute("src")


def screenshot(page, box, name):
    """build/screenshots/<name>.png with the explorer at the top, once its picture is drawn."""
    from lessonpage import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture(box).evaluate(
        "img => img.complete && img.naturalWidth > 0 ? true : new Promise(ok => img.addEventListener('load', ok))")
    box.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / f"{name.removesuffix('.ipynb')}.png"))


def type_value(slider_, text):
    """Type a value into the slider's readout and press Enter, as a student using the keyboard."""
    readout = slider_.locator(".widget-readout")
    readout.click()
    readout.press("Control+A")
    readout.press_sequentially(text)
    readout.press("Enter")
