"""ipympl against nnbook's explorer, measured on the learning-rate explorer of lessons 04 and 05.

ipympl is not one of nnbook's dependencies, so run this in a throwaway environment that has it
(the shared .venv stays as it is):

    python3 -m venv /tmp/ipympl-venv
    /tmp/ipympl-venv/bin/pip install ipympl matplotlib numpy pillow ipywidgets ipython
    OPENBLAS_NUM_THREADS=1 PYTHONPATH=. /tmp/ipympl-venv/bin/python benchmarks/ipympl_latency.py

The explorer's callback (`nnbook.surface_views.show_descent`: gradient descent, the words, the artists
updated on a figure built once) runs unchanged in three ways of turning the figure into what the
browser gets, each timed from a new value to the bytes handed to the widget's comm (the server's whole
share of one picture; what the browser then does is not counted):

* nnbook: `Picture.png()` — the still parts kept as a background, the moving artists drawn over it,
  a 64-colour PNG into an `ipywidgets.Image` (as the lessons do; a change of the cost axis's range
  draws the cost axes alone again);
* ipympl, the figure drawn whole: the figure on ipympl's `Canvas` (a widget), every change drawn as
  ipympl draws it when the browser asks (`canvas.draw()`: the whole figure with Agg, then the pixels that
  changed since the last frame as an RGBA PNG, sent on the comm) — what a lesson's callback would get by
  calling `fig.canvas.draw_idle()` after updating its artists;
* ipympl with blitting: the same canvas, the still parts kept as a background and only the moving
  artists drawn over it (`restore_region`, `draw_artist`, `blit`), the changed pixels sent as above;
  a change of the cost axis's range draws the whole figure.

ipympl is measured as with a browser attached (`syncing_data_url` off: no extra full PNG per frame for
static pages) at a device pixel ratio of 1 (a projector; a high-density screen makes ipympl draw 4× the
pixels).  Each control is swept over 25 values, one change at a time, as benchmarks/explorer_latency.py
does.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

import nnbook.explorer as explorer  # noqa: E402
from nnbook.i18n import language  # noqa: E402
from nnbook.surface_views import _descent_picture, show_descent  # noqa: E402

SWEEPS = [("eta", np.round(np.linspace(0.01, 0.6, 25), 2)), ("start_v1", np.round(np.linspace(-3, 3, 25), 1)),
          ("start_v2", np.round(np.linspace(-3, 3, 25), 1))]
SURFACES = [("bowl", dict(eta=0.1, start_v1=-2.5, start_v2=1.8)),
            ("two valleys", dict(eta=0.15, start_v1=1.8, start_v2=-1.5))]


def ipympl_canvas(picture, blit):
    """Put the Picture's figure on an ipympl Canvas; make Picture.png draw and send through it."""
    from ipympl.backend_nbagg import Canvas, FigureManager

    figure = picture.figure
    canvas = Canvas(figure)
    manager = FigureManager(canvas, 0)
    canvas.manager, canvas.syncing_data_url = manager, False  # as when the browser has said "initialized"
    canvas._handle_message(canvas, {"type": "set_dpi_ratio", "dpi_ratio": 1}, [])
    sent = []
    canvas.send = lambda content, buffers=None: sent.append(sum(len(b) for b in buffers or ()))
    picture.canvas, picture._background = canvas, None  # drawn anew on this canvas
    if not blit:
        for artist in picture.moving:
            artist.set_animated(False)
    picture.sent = sent
    return canvas


def ipympl_png(self):
    """Picture.png through ipympl: the whole figure (or, with blitting, the moving artists over the background)."""
    canvas = self.canvas
    with self.lock:
        if not self.moving[0].get_animated():  # drawn whole, as draw_idle would
            canvas.draw()
        elif self._background is None or self._stale:
            canvas.draw()
            self._background, self._stale = canvas.copy_from_bbox(self.figure.bbox), {}
        else:
            canvas.restore_region(self._background)
            for artist in self.moving:
                self.figure.draw_artist(artist)
            canvas.blit(self.figure.bbox)
    return b"png sent on the comm"


def sweep(kind):
    """{(surface, control): [ms per change]} and the median bytes sent per picture."""
    original = explorer.Picture.png
    if kind != "nnbook":
        for name, _ in SURFACES:
            ipympl_canvas(_descent_picture(language(), name)[0], blit=(kind == "ipympl, blitting"))
        explorer.Picture.png = ipympl_png
    times, sizes = {}, []
    try:
        for name, start in SURFACES:
            picture = _descent_picture(language(), name)[0]
            show_descent(surface=name, **start)
            for control, values in SWEEPS:
                ms = []
                for value in values:
                    setting = dict(start, **{control: float(value)})
                    begin, cpu = time.perf_counter(), time.thread_time()
                    view = show_descent(surface=name, **setting)
                    ms.append((1000 * (time.perf_counter() - begin), 1000 * (time.thread_time() - cpu)))
                    sizes.append(picture.sent[-1] if kind != "nnbook" else len(view.png))
                times[name, control] = ms
            other = [n for n, _ in SURFACES if n != name][0]
            begin, cpu = time.perf_counter(), time.thread_time()
            show_descent(surface=other, **start)
            times[name, "surface menu"] = [(1000 * (time.perf_counter() - begin), 1000 * (time.thread_time() - cpu))]
    finally:
        explorer.Picture.png = original
    return times, statistics.median(sizes)


def main():
    for name, start in SURFACES:  # built and drawn once, as descent_sliders does
        show_descent(surface=name, **start)
    results = {}
    for kind in ("nnbook", "ipympl, whole figure", "ipympl, blitting"):
        results[kind] = sweep(kind)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; ms from a new value to the bytes "
          "handed to the widget: median / worst, and (the median CPU time of the thread: what load does not add)")
    header = f"{'surface':12} {'control':13}" + "".join(f" {kind:>26}" for kind in results)
    print(header)
    for key in results["nnbook"][0]:
        cells = []
        for kind, (times, _) in results.items():
            wall, cpu = [t[0] for t in times[key]], [t[1] for t in times[key]]
            cells.append(f"{statistics.median(wall):5.0f} / {max(wall):4.0f} ms ({statistics.median(cpu):3.0f})")
        print(f"{key[0]:12} {key[1]:13}" + "".join(f" {c:>26}" for c in cells))
    print(f"{'':26}" + "".join(f" {size / 1024:23.0f} KB" for _, size in results.values()) + "  (median bytes a picture)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
