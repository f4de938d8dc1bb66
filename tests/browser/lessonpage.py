"""What a student does in the browser, as small functions: open a lesson, run it, move a slider, draw on a pad.

ipywidgets draws a slider as `.widget-slider` with its description in `.widget-label`, a
noUiSlider handle (`.noUi-handle`: focusable, moves with the arrow keys or a mouse drag) and the
value in `.widget-readout`. A lesson's explorer (`nnbook.explorer`) is one `.nnbook-explorer` box:
its controls, a text panel (an ipywidgets HTML, `.widget-html.nnbook-explorer-text`) and a picture
(an ipywidgets Image: an `<img class="widget-image nnbook-explorer-picture">` whose `src` is a blob
of the PNG bytes). After a move, the test waits until the picture's bytes have changed and the
image has loaded, and until the text panel says what the lesson computes — only then is what a
student sees on the page, and only then is a screenshot taken.
"""

import re
import time
from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError as missing:  # pragma: no cover - only on a half-installed environment
    raise ImportError("The browser tests need the `playwright` package (PyPI): run `make test`, which "
                      "installs the test extra, or `.venv/bin/pip install -e .[test]`.") from missing

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

RUN_TIMEOUT_MS = 600_000  # a lesson that trains a network takes a while on a slow machine
# Waiting, not timing: a slider's callback may take seconds on a busy two-core CI machine.
expect.set_options(timeout=60_000)


KERNEL_READY = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const session = panel && panel.sessionContext && panel.sessionContext.session;
    const kernel = session && session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

KERNEL_IDLE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.sessionContext) return true;  // Voilà: no notebook panel to ask
    const session = panel.sessionContext.session;
    return !!(session && session.kernel) && session.kernel.status === 'idle';
}"""

PROMPTS_ARE = """(pattern) => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => new RegExp(pattern).test(p.textContent.trim()));
}"""


def menu(page, title, command):
    """Click a main-menu entry, e.g. menu(page, "Run", "runmenu:run-all")."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{title}$")).click()
    page.locator(f".lm-Menu [data-command='{command}']").click()


def open_lesson(page, lab, name):
    """Open notebook `name` in JupyterLab, clear it, run all cells and wait until every code cell has run.

    Clearing first makes "every cell has a number again" mean "every cell ran in this browser",
    not "the committed numbers are still there"; waiting for a connected, idle kernel first keeps
    the Run All from being lost while the kernel is still starting.
    """
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    expect(notebook).to_be_visible()
    page.wait_for_function(KERNEL_READY, timeout=120_000)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # wider notebook for the screenshots
    run_all(page, name, "the browser")
    return notebook


def run_all(page, name, where):
    """Clear the open notebook, run all its cells (JupyterLab's and Notebook 7's menus alike) and wait until every
    code cell has run; nothing written to stderr (`where` names the app in the message)."""
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(PROMPTS_ARE, arg=r"^\[ \]:$")
    menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(PROMPTS_ARE, arg=r"^\[\d+\]:$", timeout=RUN_TIMEOUT_MS)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"{name} wrote to stderr in {where}: {errors.first.inner_text()[:500]}"


def explorer_box(page, *descriptions, timeout=RUN_TIMEOUT_MS):
    """The one explorer whose sliders include all these descriptions, once it shows a text."""
    box = page.locator(".nnbook-explorer")
    for description in descriptions:
        box = box.filter(has=slider_in(page, description))
    expect(box).to_have_count(1, timeout=timeout)
    box.scroll_into_view_if_needed()
    expect(text_panel(box).locator("pre")).to_have_count(1)
    return box


def slider_in(scope, description):
    page = scope if not hasattr(scope, "page") else scope.page  # `has=` locators are relative to the page
    label = page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
    return scope.locator(".widget-slider").filter(has=label)


def slider(box, description):
    found = slider_in(box, description)
    expect(found).to_have_count(1)
    return found


def readout(slider_):
    return slider_.locator(".widget-readout").inner_text().strip()


def press(slider_, key="ArrowRight", times=1):
    """Focus the slider's handle and press a key, as a student using the keyboard."""
    handle = slider_.locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)


def drag(page, slider_, fraction):
    """Drag the handle with the mouse by `fraction` of the slider's width (negative: to the left)."""
    handle = slider_.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    track = slider_.locator(".noUi-target").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + fraction * track["width"], y, steps=12)
    page.mouse.up()


def text_panel(box):
    """The explorer's text panel (ipywidgets HTML): what the callback's View says."""
    return box.locator(".widget-html.nnbook-explorer-text")


def picture(box):
    """The explorer's picture: the <img> of an ipywidgets Image."""
    return box.locator("img.widget-image.nnbook-explorer-picture")


# The picture as the browser has it: None until the <img> has loaded a non-empty image, then the
# length and a hash of its bytes (read back from its blob URL), so a redraw shows as a new value.
PICTURE_STATE = """async (img) => {
    if (!img.src || !img.complete || img.naturalWidth === 0) return null;
    try { await img.decode(); } catch (e) { return null; }
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let hash = 0;
    for (const b of bytes) hash = (Math.imul(hash, 31) + b) | 0;
    return `${bytes.length}:${hash}:${img.naturalWidth}x${img.naturalHeight}`;
}"""


def picture_state(box):
    return picture(box).evaluate(PICTURE_STATE)


def drawn(box, before=None, timeout_s=60, settle_s=0.3):
    """Wait until the picture is loaded, its bytes differ from `before` (if given) and it has stayed the same
    for `settle_s` (a dragged slider sends several redraws); return its state."""
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while True:
        state = picture_state(box)
        if state != last:
            last, since = state, time.monotonic()
        elif state is not None and state != before and time.monotonic() - since >= settle_s:
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"the explorer's picture was not redrawn within {timeout_s} s "
                                 f"(state {state!r}, before {before!r})")
        time.sleep(0.05)


def shows(box, *texts, before=None, absent=()):
    """After a move: the text panel contains every one of `texts` (and none of `absent`), and the
    picture has been redrawn (its bytes differ from `before`) and loaded. Returns the picture's state."""
    panel = text_panel(box)
    for text in texts:
        expect(panel).to_contain_text(text)
    for text in absent:
        expect(panel).not_to_contain_text(text)
    return drawn(box, before)


def screenshot(page, box, lesson):
    """Save build/screenshots/<lesson>.png with the explorer at the top, once its picture is drawn and the kernel idle."""
    shot = SCREENSHOTS / f"{lesson.removesuffix('.ipynb')}.png"  # "zh/01_perceptron.ipynb" → build/screenshots/zh/
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.wait_for_function(KERNEL_IDLE)
    box.evaluate("e => e.scrollIntoView({block: 'start'})")
    if box.locator("img.widget-image").count():
        drawn(box)
    page.screenshot(path=str(shot))


# The drawing pad of lesson 07 (`.nnbook-drawpad`): a canvas to draw on, the 28 × 28 picture the network sees,
# ten bars (`.nnbook-drawpad-bar[data-digit=d]`, the guess's marked `--guess`) and the guess in words.
# INK reads the canvas's alpha channel: the ink, as the pad sends it to Python.
INK = """(canvas) => Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data)
                       .filter((_, i) => i % 4 === 3)"""


def drawing_pad(page):
    """The lesson's one drawing pad, scrolled into view."""
    pad = page.locator(".nnbook-drawpad")
    expect(pad).to_have_count(1)
    pad.scroll_into_view_if_needed()
    return pad


def draw_a_one(page, pad, net, guess="guess: {}"):
    """The lesson showed the pad a 3: wipe it, draw a 1 with the mouse (one straight stroke down), and check that the
    pad guesses 1 and that its bars show exactly what `net` computes for the ink on the canvas, whatever the language.
    `guess` is the pad's guess line in the lesson's language, {} the digit.  Returns the network's reading."""
    from nnbook.lessons.l07_drawpad import pixels_to_drawing, read_drawing

    said = pad.locator(".nnbook-drawpad-guess")
    expect(said).to_have_text(guess.format(3))
    pad.locator("button.nnbook-drawpad-clear").click()
    expect(said).to_have_text(guess.format("–"))
    canvas = pad.locator("canvas.nnbook-drawpad-canvas")
    area = canvas.bounding_box()
    x = area["x"] + area["width"] * 0.5
    page.mouse.move(x, area["y"] + area["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(x + 3, area["y"] + area["height"] * 0.85, steps=15)  # one straight stroke down
    page.mouse.up()
    expect(said).to_have_text(guess.format(1))
    expect(pad).to_have_attribute("data-guess", "1")
    expect(pad.locator(".nnbook-drawpad-bar--guess")).to_have_attribute("data-digit", "1")

    ink = bytes(canvas.evaluate(INK))
    side = int(round(len(ink) ** 0.5))
    reading = read_drawing(net, pixels_to_drawing(ink, side))
    assert reading.guess == 1
    for d in range(10):
        value = pad.locator(f".nnbook-drawpad-bar[data-digit='{d}'] .nnbook-drawpad-bar-value")
        expect(value).to_have_text(f"{reading.outputs[d]:.2f}")
    return reading
