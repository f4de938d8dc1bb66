"""nnbook.explorer: a View is text and PNG bytes; an Explorer redraws them from its controls, with no Output widget."""

import ipywidgets as w
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnbook.explorer import MESSAGES, Explorer, View, explore  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def line_to(n):
    """A callback: a line from 0 to n (pyplot, as the lessons draw), and the text 'n = …'."""
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, n])
    ax.set_ylim(-5, 5)
    return View(f"n = {n}", fig)


def picture(explorer):
    """The picture's bytes (ipywidgets keeps them as a memoryview)."""
    return bytes(explorer.picture.value)


def widgets_under(widget):
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += widgets_under(child)
    return found


def test_a_view_is_text_and_png_bytes_and_closes_its_figure():
    view = line_to(2)
    assert view.text == "n = 2" and view.png.startswith(PNG)
    assert plt.get_fignums() == [], "pyplot must not show the figure again at the end of the cell"
    assert View("only text").png is None


def test_a_view_in_a_cell_shows_its_text_as_plain_text_and_its_picture_in_html():
    view = View("a < b\n  two", Figure(figsize=(1, 1)))
    assert repr(view) == "a < b\n  two"  # text/plain: what strict nbval compares
    page = view._repr_html_()
    assert "<pre" in page and "a &lt; b\n  two</pre>" in page
    assert page.count('<img src="data:image/png;base64,') == 1  # tests/nbval_sanitize.cfg hides these bytes
    assert "<img" not in View("no picture")._repr_html_()


def test_a_view_with_a_palette_is_a_small_png():
    fig, ax = plt.subplots()
    ax.imshow([[0, 1], [2, 3]], cmap="viridis", interpolation="bilinear")
    assert View("", fig, colors=16).png[25] == 3  # colour type 3: a palette


def test_view_text_must_be_text():
    with pytest.raises(TypeError, match="text must be a str"):
        View(None)


def test_a_value_change_updates_the_picture_bytes_and_the_text():
    explorer = explore(line_to, n=w.IntSlider(value=1, min=-4, max=4))
    assert isinstance(explorer, Explorer) and isinstance(explorer, w.Box)
    assert isinstance(explorer.picture, w.Image) and isinstance(explorer.text, w.HTML)
    assert "n = 1" in explorer.text.value and picture(explorer).startswith(PNG)
    before = picture(explorer)
    explorer.controls["n"].value = -4
    assert "n = -4" in explorer.text.value and "n = 1" not in explorer.text.value
    assert picture(explorer).startswith(PNG) and picture(explorer) != before
    assert picture(explorer) == line_to(-4).png  # exactly what the callback drew
    assert plt.get_fignums() == []


def test_controls_get_their_names_as_descriptions_and_feed_the_callback_by_name():
    seen = []

    def record(a, b):
        seen.append((a, b))
        return View(f"{a} {b}")

    explorer = explore(record, a=w.IntSlider(value=2), b=w.Dropdown(options=["x", "y"], value="x"))
    explorer.controls["b"].value = "y"
    assert seen == [(2, "x"), (2, "y")]
    assert explorer.controls["a"].description == "a"
    assert explorer.values() == {"a": 2, "b": "y"}


def test_a_callback_error_shows_in_the_panel_and_the_explorer_goes_on():
    def fragile(n):
        if n < 0:
            plt.subplots()  # a figure left half-made must not pop up in the next cell
            raise ValueError("n must be 0 or more")
        return line_to(n)

    explorer = explore(fragile, n=w.IntSlider(value=1, min=-2, max=2))
    explorer.controls["n"].value = -1
    assert "ValueError: n must be 0 or more" in explorer.text.value
    assert "try again" in explorer.text.value and picture(explorer) == b""
    assert plt.get_fignums() == []
    explorer.controls["n"].value = 2
    assert "n = 2" in explorer.text.value and picture(explorer).startswith(PNG)


def test_a_callback_that_prints_instead_of_returning_a_view_is_told_what_to_do():
    def old_style(n):
        print(n)

    explorer = explore(old_style, n=w.IntSlider())
    assert "old_style returned NoneType, not a View" in explorer.text.value
    assert "return View(text, figure)" in explorer.text.value


def test_manual_mode_updates_only_on_the_button():
    calls = []

    def slow(n):
        calls.append(n)
        return line_to(n)

    explorer = explore(slow, manual=True, button_text="train", n=w.IntSlider(value=1, max=4))
    assert calls == [] and picture(explorer) == b""
    assert MESSAGES["press"].format(button="train") in explorer.text.value
    explorer.controls["n"].value = 3
    assert calls == []
    assert explorer.button.description == "train"
    explorer.button.click()
    assert calls == [3] and "n = 3" in explorer.text.value and picture(explorer).startswith(PNG)
    assert not explorer.button.disabled


def test_no_output_widget_anywhere_in_the_tree():
    for explorer in (explore(line_to, n=w.IntSlider()), explore(line_to, manual=True, n=w.IntSlider())):
        parts = widgets_under(explorer)
        assert not [p for p in parts if isinstance(p, w.Output)]
        assert explorer.picture in parts and explorer.text in parts


@pytest.mark.parametrize("bad, message", [
    (dict(callback=42, controls={"n": w.IntSlider()}), "must be a function"),
    (dict(callback=line_to, controls={}), "at least one control"),
    (dict(callback=line_to, controls={"n": 3}), "must be a widget with a value"),
])
def test_bad_explorers_say_what_to_give(bad, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Explorer(**bad)


def test_in_a_kernel_a_drag_draws_the_latest_value_and_skips_the_stale_ones(monkeypatch):
    """Values that come while a picture is drawn are not queued: the drawer draws the newest, once."""
    import threading
    import time

    import nnbook.explorer as explorer_module

    drawn, gate = [], threading.Event()

    def slow_line_to(n):
        drawn.append(n)
        if n == 1:
            gate.wait(10)  # the first redraw takes "long": the hand goes on moving meanwhile
        return line_to(n)

    slider = w.IntSlider(0, 0, 100)
    box = Explorer(slow_line_to, {"n": slider})  # built outside a kernel: the first picture at once
    monkeypatch.setattr(explorer_module, "_in_a_kernel", lambda: True)
    slider.value = 1
    for _ in range(100):  # wait until the drawer is inside the slow redraw of 1
        if drawn[-1:] == [1]:
            break
        time.sleep(0.01)
    for n in range(2, 31):  # 29 more values while 1 is being drawn
        slider.value = n
    gate.set()
    for _ in range(500):
        if box.view is not None and box.view.text == "n = 30" and box._drawer is None:
            break
        time.sleep(0.01)
    assert box.view.text == "n = 30" and box.text.value.count("n = 30") == 1
    assert drawn == [0, 1, 30], "the values between 1 and 30 are skipped, and 30 is drawn once"


def test_a_picture_is_built_once_and_redraws_what_moves():
    from nnbook.explorer import Picture

    figure = Figure(figsize=(2, 2), layout="constrained")
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1])
    dot, = ax.plot([0.5], [0.5], "o")
    picture = Picture(figure, [dot])
    first = View("a", picture).png
    dot.set_data([0.9], [0.1])
    second = View("b", picture).png
    dot.set_data([0.5], [0.5])
    assert first.startswith(PNG) and second != first and View("c", picture).png == first
    assert type(figure.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine", "laid out once, then fixed"


def test_a_picture_redraws_one_axes_as_a_whole_new_drawing_would():
    """`redraw(ax)` paints that axes' cell and draws it again: the picture is the full redraw's, pixel for pixel.

    Tick labels that grow out of the cell (into the other axes' side) make it draw the whole figure.
    """
    import io

    import numpy as np
    from PIL import Image

    from nnbook.explorer import Picture

    figure = Figure(figsize=(6, 3))
    still, changing = figure.subplots(1, 2)
    figure.subplots_adjust(wspace=0.4)  # room for the changing axes' tick labels
    still.contour(np.add.outer(np.arange(20.0) ** 2, np.arange(20.0) ** 2), levels=8)
    still.set_title("a map that is costly to draw")
    changing.plot(range(10), range(10))
    changing.set_title("costs")
    dot, = changing.plot([5], [5], "o")
    picture = Picture(figure, [dot], redrawn=[changing])
    picture.png()
    whole = []
    draw = picture.canvas.draw
    picture.canvas.draw = lambda: whole.append(1) or draw()

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))

    # tick labels wider, narrower, wider again, then far too wide for the cell
    changing.ticklabel_format(useOffset=False)
    for low, high, drawn_whole in [(0, 1000, False), (-0.5, 9.5, False), (0, 0.01, False),
                                   (123456780, 123456790, True)]:
        changing.set_ylim(low, high)
        whole.clear()
        picture.redraw(changing)
        partial = picture.png()
        assert whole == ([1] if drawn_whole else []), (low, high)
        picture.redraw_all()
        full = picture.png()
        np.testing.assert_array_equal(pixels(partial), pixels(full))
        assert not np.array_equal(pixels(partial), pixels(View("", Figure(figsize=(6, 3))).png))
    changing.set_ylim(0, 10)
    before = pixels(picture.png())
    picture.redraw(changing)
    assert not np.array_equal(pixels(picture.png()), before), "the new range is drawn"

    # with a key, the cell drawn for a range is kept, and put back when the range comes again
    drawn = []
    draw_axes = changing.draw
    changing.draw = lambda renderer: drawn.append(1) or draw_axes(renderer)
    pictures = {}
    for limits in [(0, 1000), (-0.5, 9.5), (0, 1000), (-0.5, 9.5), (0, 0.01)]:
        changing.set_ylim(*limits)
        picture.redraw(changing, key=limits)
        pictures.setdefault(limits, []).append(picture.png())
    assert len(drawn) == 3, "each range drawn once"
    assert pictures[0, 1000][0] == pictures[0, 1000][1] and pictures[-0.5, 9.5][0] == pictures[-0.5, 9.5][1]
    picture.redraw_all()
    np.testing.assert_array_equal(pixels(pictures[0, 0.01][0]), pixels(picture.png()))
    with pytest.raises(ValueError, match="redrawn="):
        picture.redraw(still)


def test_making_an_explorer_collects_the_garbage_there_is_and_sets_aside_what_lives():
    """So that a full pass of the garbage collector during a drag looks only at what was made since."""
    import gc
    import weakref

    class Cycle:
        pass

    gc.unfreeze()
    dead = Cycle()
    dead.me = dead
    gone = weakref.ref(dead)
    del dead
    explore(line_to, n=w.IntSlider(value=1, min=0, max=3))
    assert gone() is None, "a cycle that died before the explorer was made is freed, not set aside"
    assert gc.get_freeze_count() > 1000
    gc.unfreeze()


def test_a_callback_shows_its_progress_in_the_explorer_and_nothing_in_a_plain_cell():
    """`show_progress(view)` puts a View in the explorer at once, while its callback is still running."""
    from nnbook.explorer import show_progress, showing_progress

    seen = []

    def count_to(n):
        for k in range(1, n):
            assert show_progress(line_to(k)) == showing_progress()
            if showing_progress():  # what the explorer shows now, before the callback returns
                seen.append((box.text.value, bytes(box.picture.value)))
        return line_to(n)

    assert count_to(3).text == "n = 3" and seen == [], "a plain cell shows only the final View"
    box = explore(count_to, manual=True, n=w.IntSlider(value=3, min=1, max=5))
    box.button.click()
    assert [("n = 1" in text, "n = 2" in text) for text, _ in seen] == [(True, False), (False, True)]
    assert [png for _, png in seen] == [line_to(1).png, line_to(2).png]
    assert "n = 3" in box.text.value and picture(box) == line_to(3).png and not showing_progress()
    box.callback = lambda n: show_progress(f"n = {n}")
    box.button.click()
    assert "show_progress(view): view must be a View; got str" in box.text.value
