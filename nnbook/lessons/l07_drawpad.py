"""Lesson 07's drawing pad: draw a digit with the mouse (or a finger) and watch the network read it.

The work is a plain function, `read_drawing(net, drawing)`: prepare the drawing as MNIST digits
were prepared (`nnbook.preprocess.mnist_style`: fit a 20 × 20 box, centre by mass in 28 × 28),
feed it forward, and return the picture the network saw, its 10 outputs and its guess.
`show_reading` draws those three things with matplotlib; `DrawPad` is the live widget.

`DrawPad(net)` is an anywidget: a small JavaScript module (below, no build step) draws on an
HTML canvas and sends the ink to Python as bytes; Python runs `read_drawing` and sends back the
outputs, the guess and the 28 × 28 picture, which the page draws as bars and a preview.
Its page structure, for browser tests (all class names start with ``nnbook-drawpad``):

* ``.nnbook-drawpad`` — the whole pad; ``data-guess`` is the guess ("" while blank).
* ``canvas.nnbook-drawpad-canvas`` — draw here (pointer events: mouse, pen or touch).
* ``button.nnbook-drawpad-clear`` — wipes the canvas.
* ``canvas.nnbook-drawpad-preview`` — the 28 × 28 picture the network is given.
* ``.nnbook-drawpad-guess`` — the text "guess: 3" ("guess: –" while blank; in Chinese "猜测：3").
* ``.nnbook-drawpad-bar[data-digit="d"]`` — one bar per digit d, holding
  ``.nnbook-drawpad-bar-fill`` (its height is the output, as a % of the track),
  ``.nnbook-drawpad-bar-value`` (the output as text, e.g. "0.97") and
  ``.nnbook-drawpad-bar-label`` (the digit); the guess's bar also has ``nnbook-drawpad-bar--guess``.

The pad's words (its captions, the button, "guess: 3") come from the catalogue
(nnbook/locales/*/l07_drawpad.toml, table ``[pad]``) in the language in use when the pad is made;
Python sends them to the page in the ``texts`` trait.
"""

from collections import namedtuple

import anywidget
import matplotlib.pyplot as plt
import numpy as np
import traitlets
from ipywidgets.widgets.trait_types import bytes_serialization

from ..i18n import catalogue
from ..plots import BIG, projector
from ..preprocess import as_drawing, bounding_box, centre_of_mass, mnist_style, resize

#: What the pad and its figure say, in the language in use (nnbook/locales/*/l07_drawpad.toml).
TEXT = catalogue("l07_drawpad")

GUESS_COLOUR, OTHER_COLOUR = "#1565c0", "#b0bec5"

Reading = namedtuple("Reading", "picture outputs guess")
Reading.__doc__ = """What the network made of a drawing: the 28 × 28 `picture` it was given,
its 10 `outputs` (activations 0–1) and its `guess` (the most active output; None for a blank drawing)."""


def _check_network(net):
    sizes = getattr(net, "sizes", None)
    if sizes is None or sizes[0] != 784 or sizes[-1] != 10:
        raise ValueError(TEXT["errors"]("network", net=f"{net!r:.80}"))
    return net


def read_drawing(net, drawing):
    """Prepare `drawing` (2-D, 0 = paper … 1 = ink, any size) as MNIST and let `net` read it."""
    _check_network(net)
    picture = mnist_style(drawing)
    if not picture.any():
        return Reading(picture, np.zeros(10), None)
    outputs = net.feedforward(picture.reshape(784)).reshape(10)
    return Reading(picture, outputs, int(np.argmax(outputs)))


def pixels_to_drawing(pixels, resolution):
    """The bytes the page sends (resolution² ink values 0–255, row by row) → a drawing in [0, 1]."""
    data = np.frombuffer(bytes(pixels), dtype=np.uint8)
    if data.size == 0:
        return np.zeros((resolution, resolution))
    if data.size != resolution * resolution:
        raise ValueError(f"expected {resolution}×{resolution} = {resolution * resolution} pixel values from "
                         f"the drawing pad; got {data.size}")
    return data.reshape(resolution, resolution) / 255.0


def drawing_to_pixels(drawing):
    """A drawing in [0, 1] → the bytes the page uses (ink 0–255, row by row)."""
    return np.round(np.clip(drawing, 0, 1) * 255).astype(np.uint8).tobytes()


def reading_text(reading):
    """One line: the guess, and the two most active outputs."""
    if reading.guess is None:
        return TEXT["blank"]
    first, second = np.argsort(reading.outputs)[::-1][:2]
    return TEXT("reading", guess=reading.guess, first=first, a_first=reading.outputs[first],
                second=second, a_second=reading.outputs[second])


@projector
def show_reading(net, drawing, title=None):
    """Draw the pipeline: the drawing, the 28 × 28 MNIST-style picture, and the 10 outputs as bars.

    Prints the guess (`reading_text`); returns nothing, so a notebook cell shows only the figure.
    `title` defaults to "Your drawing, as the network sees it" (in the language in use).
    """
    if title is None:
        title = TEXT["title"]
    reading = read_drawing(net, drawing)
    print(reading_text(reading))
    fig, (ax_draw, ax_pic, ax_bar) = plt.subplots(1, 3, figsize=(15, 4.6), width_ratios=[1, 1, 1.8])
    ax_draw.imshow(drawing, cmap="gray_r", vmin=0, vmax=1)
    ax_draw.set_title(TEXT("drawing", rows=drawing.shape[0], cols=drawing.shape[1]))
    ax_pic.imshow(reading.picture, cmap="gray_r", vmin=0, vmax=1)
    bounds = bounding_box(reading.picture)
    if bounds is not None:
        top, bottom, left, right = bounds
        ax_pic.add_patch(plt.Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, fill=False, ls="--",
                                       color="#ef6c00", lw=1.5))
        row, col = centre_of_mass(reading.picture)
        ax_pic.plot([col], [row], "+", color="#c62828", ms=16, mew=2.5)
    ax_pic.set_title(TEXT["network_input"], fontsize=BIG - 1)
    for ax in (ax_draw, ax_pic):
        ax.set_xticks([])
        ax.set_yticks([])
    colours = [GUESS_COLOUR if d == reading.guess else OTHER_COLOUR for d in range(10)]
    ax_bar.bar(range(10), reading.outputs, color=colours, edgecolor="black")
    ax_bar.set_ylim(0, 1.05)
    ax_bar.set_xticks(range(10))
    ax_bar.tick_params(labelsize=BIG)
    ax_bar.set_xlabel(TEXT["output_neuron"])
    ax_bar.set_ylabel(TEXT["activation"])
    ax_bar.set_title(TEXT["outputs"] if reading.guess is None else TEXT("outputs_guess", guess=reading.guess))
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    plt.show()


_ESM = r"""
function el_(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function render({ model, el }) {
  const res = model.get("resolution");
  const size = model.get("size");
  const texts = model.get("texts");  // the words, from the catalogue in Python's language
  const guessText = (g) => g < 0 ? texts.no_guess : texts.guess.replace("{guess}", String(g));
  el.classList.add("nnbook-drawpad");
  el.dataset.guess = "";

  const left = el_("div", "nnbook-drawpad-left", el);
  el_("div", "nnbook-drawpad-caption", left, texts.draw_here);
  const canvas = el_("canvas", "nnbook-drawpad-canvas", left);
  canvas.width = res;
  canvas.height = res;
  canvas.style.width = size + "px";
  canvas.style.height = size + "px";
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const clear = el_("button", "nnbook-drawpad-clear", left, texts.clear);
  clear.type = "button";

  const middle = el_("div", "nnbook-drawpad-middle", el);
  el_("div", "nnbook-drawpad-caption", middle, texts.sees);
  const preview = el_("canvas", "nnbook-drawpad-preview", middle);
  preview.width = 28;
  preview.height = 28;

  const right = el_("div", "nnbook-drawpad-right", el);
  const guess = el_("div", "nnbook-drawpad-guess", right, guessText(-1));
  const bars = el_("div", "nnbook-drawpad-bars", right);
  const fills = [], values = [], columns = [];
  for (let d = 0; d < 10; d++) {
    const bar = el_("div", "nnbook-drawpad-bar", bars);
    bar.dataset.digit = String(d);
    values.push(el_("span", "nnbook-drawpad-bar-value", bar, "0.00"));
    const track = el_("div", "nnbook-drawpad-bar-track", bar);
    fills.push(el_("div", "nnbook-drawpad-bar-fill", track));
    el_("span", "nnbook-drawpad-bar-label", bar, String(d));
    columns.push(bar);
  }
  el_("div", "nnbook-drawpad-caption", right, texts.outputs);

  // --- drawing: black ink on a transparent canvas; the ink is the alpha channel ---
  let drawing = false, last = null, lastSent = null, timer = null;
  const pen = () => model.get("pen_width");
  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * res / box.width, (event.clientY - box.top) * res / box.height];
  }
  function stroke(from, to) {
    ctx.strokeStyle = "#000";
    ctx.fillStyle = "#000";
    ctx.lineWidth = pen();
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }
  function send() {
    timer = null;
    const rgba = ctx.getImageData(0, 0, res, res).data;
    const ink = new Uint8Array(res * res);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
    lastSent = new DataView(ink.buffer);
    model.set("pixels", lastSent);
    model.save_changes();
  }
  function sendSoon() {
    if (timer === null) timer = setTimeout(send, 80);
  }
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    stroke(last, last);
    sendSoon();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    event.preventDefault();
    const p = point(event);
    stroke(last, p);
    last = p;
    sendSoon();
  });
  function finish(event) {
    if (!drawing) return;
    drawing = false;
    if (timer !== null) clearTimeout(timer);
    send();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  clear.addEventListener("click", () => {
    ctx.clearRect(0, 0, res, res);
    send();
  });

  // --- pixels set from Python (e.g. pad.show(drawing)): paint them ---
  function paintPixels() {
    const view = model.get("pixels");
    if (view === lastSent) return;
    ctx.clearRect(0, 0, res, res);
    if (!view || view.byteLength !== res * res) return;
    const img = ctx.createImageData(res, res);
    for (let i = 0; i < res * res; i++) img.data[4 * i + 3] = view.getUint8(i);
    ctx.putImageData(img, 0, 0);
  }

  // --- what Python sends back: the outputs, the guess and the 28 × 28 picture ---
  function paintReading() {
    const outputs = model.get("outputs");
    const g = model.get("guess");
    guess.textContent = guessText(g);
    el.dataset.guess = g < 0 ? "" : String(g);
    for (let d = 0; d < 10; d++) {
      const a = outputs[d] || 0;
      fills[d].style.height = (100 * a).toFixed(1) + "%";
      values[d].textContent = a.toFixed(2);
      columns[d].classList.toggle("nnbook-drawpad-bar--guess", d === g);
    }
    const pic = model.get("digit");
    const pctx = preview.getContext("2d");
    const img = pctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = pic && pic.byteLength === 784 ? 255 - pic.getUint8(i) : 255;
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    pctx.putImageData(img, 0, 0);
  }

  paintPixels();
  paintReading();
  model.on("change:pixels", paintPixels);
  model.on("change:outputs", paintReading);
  model.on("change:guess", paintReading);
  model.on("change:digit", paintReading);
}

export default { render };
"""

_CSS = r"""
.nnbook-drawpad { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap;
  font-family: sans-serif; font-size: 16px; padding: 8px; }
.nnbook-drawpad-left, .nnbook-drawpad-middle, .nnbook-drawpad-right {
  display: flex; flex-direction: column; gap: 8px; align-items: center; }
.nnbook-drawpad-caption { color: #455a64; font-size: 14px; }
.nnbook-drawpad-canvas { background: #fff; border: 2px solid #455a64; border-radius: 4px;
  cursor: crosshair; touch-action: none; }
.nnbook-drawpad-clear { font-size: 16px; padding: 4px 18px; cursor: pointer; }
.nnbook-drawpad-preview { width: 140px; height: 140px; image-rendering: pixelated;
  border: 1px solid #90a4ae; }
.nnbook-drawpad-guess { font-size: 32px; font-weight: bold; color: #1565c0; }
.nnbook-drawpad-bars { display: flex; gap: 6px; align-items: flex-end; height: 220px; }
.nnbook-drawpad-bar { display: flex; flex-direction: column; align-items: center; width: 38px; height: 100%; }
.nnbook-drawpad-bar-value { font-size: 13px; color: #455a64; height: 18px; }
.nnbook-drawpad-bar-track { flex: 1; width: 100%; display: flex; align-items: flex-end;
  background: #eceff1; border-radius: 3px; }
.nnbook-drawpad-bar-fill { width: 100%; height: 0%; background: #b0bec5; border-radius: 3px 3px 0 0;
  transition: height 0.1s; }
.nnbook-drawpad-bar--guess .nnbook-drawpad-bar-fill { background: #1565c0; }
.nnbook-drawpad-bar-label { font-size: 18px; font-weight: bold; }
"""


class DrawPad(anywidget.AnyWidget):
    """Draw a digit; `net` reads it as you draw (outputs as bars, "guess: d" as text).

    `DrawPad(net)` shows the pad in a notebook.  `pad.show(drawing)` puts a drawing (2-D, 0–1,
    any size; it is resampled to the pad) on it from Python; `pad.reading` is the latest
    `Reading` (picture, outputs, guess).
    """

    _esm = _ESM
    _css = _CSS
    resolution = traitlets.Int(140).tag(sync=True)  # the canvas holds resolution × resolution pixels
    size = traitlets.Int(280).tag(sync=True)        # … shown this many screen pixels wide
    pen_width = traitlets.Float(11.0).tag(sync=True)  # in canvas pixels
    pixels = traitlets.Bytes(b"").tag(sync=True, **bytes_serialization)  # ink 0–255, row by row
    digit = traitlets.Bytes(b"").tag(sync=True, **bytes_serialization)   # the 28 × 28 picture, 0–255
    outputs = traitlets.List(traitlets.Float(), default_value=[0.0] * 10).tag(sync=True)
    guess = traitlets.Int(-1).tag(sync=True)  # −1 while the pad is blank
    texts = traitlets.Dict().tag(sync=True)  # the pad's words (TEXT["pad"]), in the language in use when it is made

    def __init__(self, net, **kwargs):
        kwargs.setdefault("texts", dict(TEXT["pad"]))
        super().__init__(**kwargs)
        self.net = _check_network(net)
        self.reading = Reading(np.zeros((28, 28)), np.zeros(10), None)
        self.observe(self._read, names="pixels")

    def _read(self, change=None):
        reading = read_drawing(self.net, pixels_to_drawing(self.pixels, self.resolution))
        self.reading = reading
        with self.hold_sync():
            self.outputs = [float(a) for a in reading.outputs]
            self.guess = -1 if reading.guess is None else reading.guess
            self.digit = drawing_to_pixels(reading.picture)

    def show(self, drawing):
        """Put `drawing` (2-D, 0 = paper … 1 = ink) on the pad, as if it had been drawn."""
        drawing = as_drawing(drawing)
        if drawing.shape != (self.resolution, self.resolution):
            drawing = np.clip(resize(drawing, (self.resolution, self.resolution)), 0, 1)
        self.pixels = drawing_to_pixels(drawing)
        return self.reading

    def clear(self):
        """Wipe the pad."""
        self.pixels = b""

    def __repr__(self):
        return f"DrawPad({self.net!r}, guess={'–' if self.guess < 0 else self.guess})"
