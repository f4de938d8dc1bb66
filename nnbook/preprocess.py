"""Prepare a drawing the way the MNIST digits were prepared, so the network can read it.

The makers of MNIST took each handwritten digit and

1. scaled it, keeping its shape, to fit a 20 × 20 box (scaling smooths its edges into greys),
2. put that box into a 28 × 28 picture so that the digit's **centre of mass** (the average
   position of its ink, weighted by how dark it is) sits at the middle, pixel (row 14, column 14).

A network trained on MNIST has only ever seen digits prepared like that: a digit drawn small in a
corner of a large canvas would look like nothing it knows.  `mnist_style` does both steps for any
drawing; `draw_strokes` turns pen strokes (lists of points) into a drawing, for tests and for
lessons that need a drawing without a mouse.

Pictures here are 2-D arrays of numbers from 0 (paper) to 1 (ink), row 0 at the top.
"""

import numpy as np

from ._validate import as_finite_array
from .errors import InputError

#: The MNIST picture: 28 × 28 pixels, the digit scaled into a 20 × 20 box inside it.
SIZE, BOX = 28, 20
#: Where MNIST puts a digit's centre of mass (row, column), in pixel indices 0 … 27.
CENTRE = (14, 14)
#: Pixels at least this dark count as ink when finding the drawing's bounding box.
INK = 0.05


def as_drawing(drawing):
    """`drawing` checked: a 2-D float array of values from 0 (paper) to 1 (ink)."""
    a = as_finite_array(drawing, "drawing")
    if a.ndim != 2 or min(a.shape) < 1:
        raise InputError("drawing_shape", shape=a.shape)
    if a.min() < 0 or a.max() > 1:
        key = "drawing_values_255" if a.max() <= 255 and a.min() >= 0 else "drawing_values"
        raise InputError(key, low=float(a.min()), high=float(a.max()))
    return a


def _area_weights(n_in, n_out):
    """(n_out, n_in) matrix: output pixel i is the average of the input it covers, by overlap."""
    scale = n_in / n_out
    start = np.arange(n_out)[:, None] * scale
    left = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(start + scale, left + 1) - np.maximum(start, left), 0, None)
    return overlap / scale


def resize(picture, shape):
    """`picture` resampled to `shape` (rows, columns); each new pixel averages the area it covers."""
    picture = as_finite_array(picture, "picture")
    rows, cols = shape
    return _area_weights(picture.shape[0], rows) @ picture @ _area_weights(picture.shape[1], cols).T


def bounding_box(drawing, ink=INK):
    """(top, bottom, left, right) of the pixels darker than `ink`, as slice bounds; None if blank."""
    rows = np.flatnonzero((drawing > ink).any(axis=1))
    cols = np.flatnonzero((drawing > ink).any(axis=0))
    if rows.size == 0:
        return None
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def centre_of_mass(picture):
    """(row, column) of the ink's average position, weighted by darkness."""
    picture = np.asarray(picture, dtype=float)
    total = picture.sum()
    rows, cols = np.indices(picture.shape)
    return float((rows * picture).sum() / total), float((cols * picture).sum() / total)


def fit_in_box(drawing, box=BOX):
    """The drawing's inked part, scaled (keeping its shape) so its longer side is `box` pixels."""
    drawing = as_drawing(drawing)
    bounds = bounding_box(drawing)
    if bounds is None:
        return np.zeros((box, box))
    top, bottom, left, right = bounds
    part = drawing[top:bottom, left:right]
    scale = box / max(part.shape)
    shape = (max(1, round(part.shape[0] * scale)), max(1, round(part.shape[1] * scale)))
    small = resize(part, shape)
    return small / small.max()  # the darkest pixel is full ink, as in MNIST


def mnist_style(drawing):
    """A drawing of any size → a 28 × 28 picture prepared like an MNIST digit.

    The inked part is cut out, scaled to fit a 20 × 20 box (keeping its shape) and placed
    in a blank 28 × 28 picture so that its centre of mass is at pixel (14, 14), moving it by
    whole pixels, as MNIST did.  A blank drawing gives a blank picture.  Flatten the result
    with `.reshape(784)` to give it to a network.
    """
    small = fit_in_box(drawing)
    out = np.zeros((SIZE, SIZE))
    if not small.any():
        return out
    h, w = small.shape
    row, col = centre_of_mass(small)
    # Move the box so the centre of mass lands on CENTRE, but never push ink off the picture.
    top = int(np.clip(round(CENTRE[0] - row), 0, SIZE - h))
    left = int(np.clip(round(CENTRE[1] - col), 0, SIZE - w))
    out[top:top + h, left:left + w] = small
    return out


def draw_strokes(strokes, shape=(140, 140), width=10.0):
    """Pen strokes → a drawing: each stroke is a list of (x, y) points joined by straight lines.

    x runs to the right and y downwards, in pixels, as on a screen; the pen is `width`
    pixels wide with softly anti-aliased edges.  Returns an array of `shape` with 0 for paper
    and up to 1 for ink.
    """
    rows, cols = shape
    ys, xs = np.mgrid[0:rows, 0:cols] + 0.5  # pixel centres
    distance = np.full(shape, np.inf)
    for stroke in strokes:
        points = as_finite_array(stroke, "stroke")
        if points.ndim != 2 or points.shape[1] != 2 or len(points) < 1:
            raise InputError("stroke_shape", shape=points.shape)
        if len(points) == 1:
            points = np.vstack([points, points])
        for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = 0.0 if length2 == 0 else np.clip(((xs - x0) * dx + (ys - y0) * dy) / length2, 0, 1)
            distance = np.minimum(distance, np.hypot(xs - (x0 + t * dx), ys - (y0 + t * dy)))
    return np.clip(width / 2 + 0.5 - distance, 0, 1)


def _ellipse(cx, cy, rx, ry, n=40):
    angles = np.linspace(0, 2 * np.pi, n + 1)
    return list(zip(cx + rx * np.sin(angles), cy - ry * np.cos(angles)))


#: Pen strokes of a few digits on a 140 × 140 canvas, as a student might draw them.
EXAMPLE_STROKES = {
    0: [_ellipse(70, 70, 32, 48)],
    1: [[(64, 30), (74, 20), (74, 120)]],
    3: [[(40, 30), (70, 18), (98, 34), (92, 58), (66, 68), (96, 82), (100, 108), (72, 124), (38, 112)]],
    4: [[(88, 120), (88, 20), (30, 90), (110, 90)]],
    7: [[(32, 26), (106, 26), (64, 122)]],
}


def example_drawing(digit, shape=(140, 140), width=10.0):
    """A drawing of `digit` (one of EXAMPLE_STROKES: 0, 1, 3, 4, 7) made with `draw_strokes`."""
    if digit not in EXAMPLE_STROKES:
        raise InputError("no_example", digits=sorted(EXAMPLE_STROKES), digit=repr(digit))
    scale = np.array([shape[1] / 140, shape[0] / 140])
    strokes = [np.asarray(s) * scale for s in EXAMPLE_STROKES[digit]]
    return draw_strokes(strokes, shape, width * min(scale))
