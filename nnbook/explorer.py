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
button does (for callbacks that take seconds, such as training a network; such a callback can
show how far it has come meanwhile with `show_progress(view)`).

Why no `interact`: `interact`, `interactive` and `interactive_output` always make an `Output`
widget, which makes Voilà hang now and then ("Executing N of M", voila#1428) and blanks the
picture while it is redrawn.  Updating an Image's bytes does neither.
"""

import base64
import gc
import html
import io
import threading
import traceback

import ipywidgets as w
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .i18n import catalogue
from .markup import inline_html

__all__ = ["View", "Picture", "Explorer", "explore", "show_progress", "showing_progress", "figure_png", "MESSAGES"]

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
    `colors` gives the PNG a palette of that many colours (see `figure_png`); `redrawn`, axes whose
    still parts change now and then (their range), each drawn again alone by `redraw`.
    `lock` is held while the figure is updated and drawn: take it (`with picture.lock:`) around the
    updates, so that a cell and a slider never draw the same figure at once.
    """

    #: How many drawings of a cell `redraw` keeps (the cost axes of the learning-rate figure: 1.9 MB each).
    KEPT = 6

    def __init__(self, figure, moving=(), colors=None, redrawn=()):
        self.figure, self.colors = figure, colors
        self.moving = sorted(moving, key=lambda artist: artist.get_zorder())  # sorted() keeps ties in order
        self.redrawn = list(redrawn)
        self.canvas = FigureCanvasAgg(figure)
        for artist in self.moving:
            artist.set_animated(True)
        self.lock = threading.RLock()
        self._background = None
        self._stale = {}  # axes → key, to draw again at the next picture (`redraw`)
        self._cells, self._fits = {}, {}  # each redrawn axes' cell in pixels; whether it was drawn inside it
        self._kept = {}  # (axes, key) → the cell's pixels as drawn for that key (`redraw`)

    def replace(self, old, new):
        """Put artist `new` where the moving artist `old` was (e.g. a legend made anew)."""
        new.set_animated(True)
        self.moving[self.moving.index(old)] = new

    def redraw_all(self):
        """Draw the still parts again at the next picture (after a change to them, e.g. an axis's range)."""
        self._background = None

    def redraw(self, axes, key=None):
        """Draw the still parts of these axes again at the next picture, and keep the rest of the background.

        For a change to one axes' still parts (e.g. its range, so its ticks) in a figure whose other
        parts are costly to draw (a contour map beside it); the axes must be one of `redrawn`
        (`Picture(figure, moving, redrawn=[axes])`).  The axes' cell — the rectangle around it up to
        the other axes (with their labels, as drawn) or the figure's edge — is painted in the
        figure's colour and the axes drawn in it again; the moving artists are drawn over it as
        always.  If the axes does not fit in its cell (its tick labels reach out of it), the whole
        figure is drawn again instead.  The cell must hold no still part of the figure but this
        axes' own (a figure title or text placed there would be painted over).

        `key` (e.g. the axes' new range): a name for how the axes' still parts look now.  The cell's
        pixels drawn for a key are kept (for the KEPT most recent keys), and the next `redraw` with
        that key puts them back instead of drawing: a slider dragged back and forth meets the same
        few ranges again and again.  Give a key only if it fixes everything still in the cell.
        """
        if axes not in self.redrawn:
            raise ValueError("Picture.redraw(axes): name the axes when the Picture is made, "
                             "Picture(figure, moving, redrawn=[axes]), so that its cell is worked out with the figure")
        if self._background is not None:
            self._stale[axes] = key

    def _draw_whole(self):
        """Draw the whole figure (but the moving artists); work out the redrawn axes' cells."""
        self.canvas.draw()
        self._kept, self._stale = {}, {}
        if self.redrawn:
            renderer = self.canvas.get_renderer()
            self._cells = self._cells_of(renderer)
            self._fits = {axes: self._inside(axes.get_tightbbox(renderer), self._cells[axes]) for axes in self.redrawn}

    @staticmethod
    def _inside(box, cell):
        x0, x1, y0, y1 = cell
        return x0 <= box.x0 and box.x1 <= x1 and y0 <= box.y0 and box.y1 <= y1

    def _cells_of(self, renderer):
        """Each redrawn axes' cell (see `redraw`), in pixels: (x0, x1, y0, y1), y counted from the bottom."""
        import numpy as np
        from matplotlib.transforms import Bbox

        boxes = {axes: axes.get_tightbbox(renderer) for axes in self.figure.axes}
        cells = {}
        for axes in self.redrawn:
            inner = axes.get_window_extent(renderer)
            x0, y0, x1, y1 = self.figure.bbox.extents
            for other, box in boxes.items():
                if other is axes or box is None or Bbox.intersection(box, inner) is not None:
                    continue
                if box.x1 <= inner.x0:
                    x0 = max(x0, box.x1)
                elif box.x0 >= inner.x1:
                    x1 = min(x1, box.x0)
                elif box.y1 <= inner.y0:
                    y0 = max(y0, box.y1)
                elif box.y0 >= inner.y1:
                    y1 = min(y1, box.y0)
            # a few pixels off each neighbour: lines are drawn wider than their place (width, smoothing)
            margin = 3
            x0 += margin * (x0 > self.figure.bbox.x0)
            x1 -= margin * (x1 < self.figure.bbox.x1)
            y0 += margin * (y0 > self.figure.bbox.y0)
            y1 -= margin * (y1 < self.figure.bbox.y1)
            cells[axes] = (int(np.ceil(x0)), int(x1), int(np.ceil(y0)), int(y1))
        return cells

    def _redraw_stale(self):
        """Draw the axes marked by `redraw` again in their cells (or put back their kept pixels)."""
        import numpy as np
        from matplotlib.colors import to_rgba
        from matplotlib.transforms import Bbox

        renderer = self.canvas.get_renderer()
        pixels = np.asarray(self.canvas.buffer_rgba())
        height = pixels.shape[0]
        paper = np.round(255 * np.array(to_rgba(self.figure.get_facecolor()))).astype(np.uint8)
        stale, self._stale = dict(self._stale), {}
        for axes, key in stale.items():
            if not self._fits[axes]:  # drawn out of its cell last time: what it drew there must go too
                self._draw_whole()
                break
            x0, x1, y0, y1 = cell = self._cells[axes]
            if key is not None and (axes, key) in self._kept:
                self.canvas.restore_region(self._kept[axes, key])
                self._kept[axes, key] = self._kept.pop((axes, key))  # the most recently used, last
                continue
            pixels[height - y1:height - y0, x0:x1] = paper  # rows count from the top, pixels from the bottom
            axes.draw(renderer)  # its still parts: an axes leaves its animated (moving) artists out
            if not self._inside(axes.get_tightbbox(renderer), cell):  # it grew out of its cell (wider labels):
                self._draw_whole()  # the whole figure, as it would look drawn anew
                break
            if key is not None:
                self._kept[axes, key] = self.canvas.copy_from_bbox(Bbox([[x0, y0], [x1, y1]]))
                while len(self._kept) > self.KEPT:
                    self._kept.pop(next(iter(self._kept)))
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self):
        """PNG bytes of the figure as it is now."""
        from PIL import Image

        with self.lock:
            if self._background is None:
                self._draw_whole()  # lays the figure out and draws everything but the moving artists
                self.figure.set_layout_engine("none")  # the layout stays as it is now
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            else:
                self.canvas.restore_region(self._background)
                if self._stale:
                    self._redraw_stale()
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


#: The explorer whose callback runs in this thread, if any (a drawer thread, or the kernel's on a button).
_running = threading.local()


def showing_progress():
    """True while an explorer's callback runs in this thread: a View given to `show_progress` is shown."""
    return getattr(_running, "explorer", None) is not None


def show_progress(view):
    """Show `view` at once in the explorer whose callback is running, before the callback returns.

    For a callback that takes seconds, such as training a network: it can show how far it has come
    (e.g. the accuracy after each epoch) while it works, then return its final View as always.
    Anywhere else — a plain cell that calls the callback with fixed values — it does nothing, so
    the cell shows only the final View (and `showing_progress()` tells the callback it need not
    draw one).  Returns True if the view was shown.
    """
    explorer = getattr(_running, "explorer", None)
    if explorer is None:
        return False
    if not isinstance(view, View):
        raise TypeError(f"show_progress(view): view must be a View; got {type(view).__name__}")
    explorer._show(view)
    return True


def text_html(text, cls=CSS["text"]):
    """Text as the panel shows it: in a <pre>, so columns of numbers stay lined up (escaped; `code`, **bold** and
    *emphasis* shown as such: nnbook.markup)."""
    return _PRE.format(cls=cls, text=inline_html(text))


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
        _set_aside_what_lives_now()
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
        _running.explorer = self  # `show_progress` shows its views here while the callback runs
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
            _running.explorer = None
            if self.button is not None:
                self.button.disabled = False
        self.view = view
        self._show(view)
        return view

    def _show(self, view):
        self.picture.value = view.png or b""  # the picture first: when the text changes, it is there
        self.text.value = text_html(view.text)


def _set_aside_what_lives_now():
    """Let the garbage collector's full passes look only at what is made from now on (gc.freeze).

    A callback that builds a new figure for every value leaves thousands of objects in cycles
    (figure, axes, artists) for Python's cyclic garbage collector each time.  Every twenty or so
    figures the collector makes a full pass, and a full pass looks at every object the process
    holds — modules, widgets, IPython's history, the lesson's data: 110-240 ms measured in lesson
    00, all of it inside one slider change.  So, when an explorer is made, the garbage there is
    now is collected once and everything still alive is set aside (`gc.freeze`): later full passes
    look only at objects made after it (about 25 ms).  Objects set aside stay out of the
    collector's sight until the next explorer is made, which takes them back (`gc.unfreeze`) and
    collects them first: a cycle that dies in between is freed then.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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
