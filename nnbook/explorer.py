"""Explorers: sliders that redraw a picture and a text, with no Output widget anywhere.

A lesson's slider callback is a named function that RETURNS a `View` — the text and the figure
it shows for one setting — instead of printing and calling `plt.show()`:

    def show_digit(index):
        fig = Figure(figsize=(3, 3)); ...
        return View(f"label: {labels[index]}", fig)

    show_digit(7)                                   # an ordinary cell: nbval checks the text
    explore(show_digit, index=IntSlider(0, 0, 9))   # the explorer cell: sliders, picture, text

`explore` builds an `Explorer`: its controls (sliders, dropdowns, …), a picture
(`ipywidgets.Image`, PNG bytes drawn by matplotlib's Agg canvas) and a text panel
(`ipywidgets.HTML`), wired with `observe`.  Moving a control calls the callback and puts the
new View's bytes into the picture and its text into the panel; with `manual=True` only a
button does (for callbacks that take seconds, such as training a network).

Why no `interact`: `interact`, `interactive` and `interactive_output` always make an `Output`
widget, which makes Voilà hang now and then ("Executing N of M", voila#1428) and blanks the
picture while it is redrawn.  Updating an Image's bytes does neither.
"""

import base64
import html
import io
import threading
import traceback

import ipywidgets as w
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .i18n import catalogue

__all__ = ["View", "Picture", "Explorer", "explore", "figure_png", "MESSAGES"]

#: Everything this module says to a student, in the language in use (nnbook/locales/*/explorer.toml):
#: MESSAGES["press"], MESSAGES["working"], … are read when they are shown.
TEXT = MESSAGES = catalogue("explorer")

#: The CSS classes of an explorer's parts, for styling and for the browser tests.
CSS = {"explorer": "nnbook-explorer", "controls": "nnbook-explorer-controls",
       "text": "nnbook-explorer-text", "picture": "nnbook-explorer-picture", "error": "nnbook-explorer-error"}

_PRE = '<pre class="{cls}" style="font-size:1.05em;line-height:1.35;margin:4px 0;white-space:pre-wrap">{text}</pre>'


def figure_png(figure, colors=None):
    """A finished matplotlib Figure as PNG bytes, drawn by the Agg canvas; the figure is closed.

    A figure with a layout engine (made with `layout="constrained"`) already fits its frame and is
    drawn as it is, once; any other figure is cropped to what is drawn (as the notebook's inline
    display does, at the cost of drawing it twice).  The PNG is compressed quickly: a slider's
    picture is made, sent and replaced many times a second.  With `colors`, the PNG gets a palette
    of that many colours: contour maps and shaded surfaces look the same and take about a fifth of
    the space.
    """
    FigureCanvasAgg(figure)  # draw with Agg whatever the backend: never through pyplot's display
    raw = io.BytesIO()
    crop = {} if figure.get_layout_engine() is not None else {"bbox_inches": "tight"}
    try:
        figure.savefig(raw, format="png", pil_kwargs={"compress_level": 1}, **crop)
    finally:
        plt.close(figure)  # made with plt.subplots? then pyplot forgets it and never shows it again
    if colors is None:
        return raw.getvalue()
    from PIL import Image

    image = Image.open(raw).convert("RGB").quantize(colors=colors, method=Image.Quantize.FASTOCTREE,
                                                    dither=Image.Dither.NONE)
    small = io.BytesIO()
    image.save(small, format="png", optimize=True)
    return small.getvalue()


class Picture:
    """A figure built once for a slider, redrawn fast: what stays still is drawn once, what moves over it.

    A slider callback that builds a new figure for every value spends most of its time laying the
    figure out and drawing axes, ticks and curves that did not change.  A Picture keeps one figure:

        picture = Picture(figure, moving=[marker, title])  # built once (e.g. in a function with lru_cache)
        marker.set_data([x], [y]); title.set_text(...)      # each call of the callback: update the artists
        return View(text, picture)                          # draws the still parts once, then only `moving`

    The first drawing lays the figure out (its layout engine, e.g. constrained) and keeps the still
    parts as a background; the layout is then fixed, and each later picture is that background with
    the `moving` artists drawn over it (in the order of their zorder, as matplotlib draws), encoded as a
    quickly compressed PNG.  An artist whose look changes with the slider must be in `moving` (its old
    look would stay in the background), and so must any still artist that is drawn on top of a moving
    one (it would be hidden under it).
    `colors` gives the PNG a palette of that many colours (see `figure_png`).
    `lock` is held while the figure is updated and drawn: take it (`with picture.lock:`) around the
    updates, so that a cell and a slider never draw the same figure at once.
    """

    def __init__(self, figure, moving=(), colors=None):
        self.figure, self.colors = figure, colors
        self.moving = sorted(moving, key=lambda artist: artist.get_zorder())  # sorted() keeps ties in order
        self.canvas = FigureCanvasAgg(figure)
        for artist in self.moving:
            artist.set_animated(True)
        self.lock = threading.RLock()
        self._background = None

    def replace(self, old, new):
        """Put artist `new` where the moving artist `old` was (e.g. a legend made anew)."""
        new.set_animated(True)
        self.moving[self.moving.index(old)] = new

    def redraw_all(self):
        """Draw the still parts again at the next picture (after a change to them, e.g. an axis's range)."""
        self._background = None

    def png(self):
        """PNG bytes of the figure as it is now."""
        from PIL import Image

        with self.lock:
            if self._background is None:
                self.canvas.draw()  # lays the figure out and draws everything but the moving artists
                self.figure.set_layout_engine("none")  # the layout stays as it is now
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            else:
                self.canvas.restore_region(self._background)
            for artist in self.moving:
                self.figure.draw_artist(artist)
            width, height = self.canvas.get_width_height()
            image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
            image = image.convert("RGB")
            if self.colors:  # a palette, as `figure_png` makes: contour maps look the same, a fifth of the bytes
                image = image.quantize(colors=self.colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
            raw = io.BytesIO()
            image.save(raw, format="png", compress_level=1)
        return raw.getvalue()


class View:
    """What an explorer shows for one setting: `.text` (str) and `.png` (PNG bytes, or None).

    `View(text, figure)` renders the matplotlib Figure to PNG at once and closes it (`.figure`
    keeps the closed Figure, for tests that look at its axes); `colors`
    (optional) gives the PNG a small palette (see `figure_png`).  In a notebook cell a View shows
    its text, then its picture; its plain-text form is the text alone, which is what strict nbval
    compares (the picture's bytes change with the matplotlib version).
    """

    def __init__(self, text, figure=None, *, colors=None):
        if not isinstance(text, str):
            raise TypeError(TEXT("view_text", got=type(text).__name__))
        if isinstance(figure, Picture):
            self.text, self.figure, self.png = text, figure.figure, figure.png()
            return
        self.text, self.figure = text, figure
        self.png = None if figure is None else figure_png(figure, colors)

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        picture = "" if self.png is None else (
            f'<img src="data:image/png;base64,{base64.b64encode(self.png).decode("ascii")}" '
            f'style="max-width:100%" alt="{html.escape(TEXT["figure_alt"])}"/>')
        return text_html(self.text) + picture


def text_html(text, cls=CSS["text"]):
    """Text as the panel shows it: in a <pre>, so columns of numbers stay lined up."""
    return _PRE.format(cls=cls, text=html.escape(text))


class Explorer(w.VBox):
    """A lesson's explorer: controls, a text panel and a picture, in one box — no Output widget.

    callback: a function `callback(**values) -> View`, named after what it shows.
    controls: a dict name → widget (IntSlider, FloatSlider, Dropdown, …); each widget's value
        is passed to the callback as the keyword `name`.
    manual: if True, the callback runs only when the button (labelled `button_text`, by default
        "run" in the language in use) is pressed — for callbacks that take seconds; otherwise on
        every change of a value.

    `.controls`, `.picture` (ipywidgets.Image), `.text` (ipywidgets.HTML), `.button` (or
    None) and `.view` (the last View shown, or None) are there to read; `.update()` shows the
    callback's View for the controls' current values.  A callback that fails, or returns
    something else than a View, shows what went wrong in the text panel.
    """

    def __init__(self, callback, controls, manual=False, button_text=None):
        if not callable(callback):
            raise TypeError(TEXT("not_callable", got=f"{type(callback).__name__} {callback!r:.60}"))
        controls = dict(controls)
        if not controls:
            raise ValueError(TEXT["no_controls"])
        for name, control in controls.items():
            if not isinstance(control, w.ValueWidget):
                raise TypeError(TEXT("not_a_control", name=repr(name), got=f"{type(control).__name__} {control!r:.60}"))
            if getattr(control, "description", None) == "":
                control.description = name
        self.callback, self.manual = callback, bool(manual)
        self._lock, self._wanted, self._drawer = threading.Lock(), threading.Event(), None
        self.controls = controls
        # its own size (a box would stretch it to the full width), but never wider than the page
        self.picture = w.Image(format="png", layout=w.Layout(max_width="100%", align_self="flex-start"))
        self.picture.add_class(CSS["picture"])
        self.text = w.HTML()
        self.text.add_class(CSS["text"])
        self.view = None
        parts = list(controls.values())
        self.button = None
        if button_text is None:
            button_text = TEXT["button"]
        if self.manual:
            self.button = w.Button(description=button_text, button_style="primary")
            self.button.on_click(lambda _button: self.update())
            parts.append(self.button)
        box = w.VBox(parts)
        box.add_class(CSS["controls"])
        super().__init__([box, self.text, self.picture])
        self.add_class(CSS["explorer"])
        if self.manual:
            self.text.value = text_html(TEXT("press", button=button_text))
        else:
            for control in controls.values():
                control.observe(self._changed, names="value")
            self.update()

    def values(self):
        """The controls' current values, as the callback's keyword arguments."""
        return {name: control.value for name, control in self.controls.items()}

    def _changed(self, change):
        if _in_a_kernel():
            self._draw_soon()
        else:  # a test or a script: nothing else can happen meanwhile, so draw at once
            self.update()

    def _draw_soon(self):
        """Ask the drawer for a picture of the controls' values as they are when it starts drawing.

        A dragged slider sends values faster than most pictures can be drawn.  The kernel hands each
        new value here and goes straight back for the next one, while a drawer thread of this explorer
        draws: when it finishes a picture it draws again only if a value came meanwhile, and then the
        latest one — the values in between are skipped, so no queue of old pictures plays on after the
        hand stops, and the last picture is the one for the last value.
        """
        with self._lock:
            self._wanted.set()
            if self._drawer is None or not self._drawer.is_alive():
                self._drawer = threading.Thread(target=self._draw_while_wanted, daemon=True,
                                                name=f"nnbook explorer {getattr(self.callback, '__name__', '')}")
                self._drawer.start()

    def _draw_while_wanted(self):
        while True:
            with self._lock:
                if not self._wanted.is_set():
                    self._drawer = None
                    return
                self._wanted.clear()
            self.update()

    def update(self):
        """Call the callback with the current values; show its View's picture and text."""
        if self.button is not None:
            self.button.disabled = True
            self.text.value = text_html(TEXT["working"])
        figures = set(plt.get_fignums())
        try:
            view = self.callback(**self.values())
            if not isinstance(view, View):
                name = getattr(self.callback, "__name__", repr(self.callback))
                raise TypeError(TEXT("not_a_view", callback=name, got=type(view).__name__))
        except Exception as error:  # the lesson goes on: say what failed, where the student looks
            for number in set(plt.get_fignums()) - figures:  # a figure left half-made would show in the next cell
                plt.close(number)
            self.view = None
            self.picture.value = b""
            message = str(error) or traceback.format_exc(limit=1)
            self.text.value = text_html(TEXT("error", kind=type(error).__name__, message=message), CSS["error"])
            return None
        finally:
            if self.button is not None:
                self.button.disabled = False
        self.view = view
        self.picture.value = view.png or b""  # the picture first: when the text changes, it is there
        self.text.value = text_html(view.text)
        return view


def _in_a_kernel():
    """True in a running Jupyter kernel (a notebook, JupyterLab, Voilà), where slider values come in as messages."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def explore(callback, *, manual=False, button_text=None, **controls):
    """The explorer of `callback` with these controls: `explore(show_digit, index=IntSlider(...))`.

    Returns the `Explorer` (an ipywidgets box: leave it as the cell's last line to show it).
    """
    return Explorer(callback, controls, manual=manual, button_text=button_text)
