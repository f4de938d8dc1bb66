"""Preparing a drawing as the MNIST digits were prepared (nnbook.preprocess), and drawing with pen strokes."""

import re

import numpy as np
import pytest

from nnbook.preprocess import (
    BOX, CENTRE, as_drawing, bounding_box, centre_of_mass, draw_strokes, example_drawing, fit_in_box, mnist_style,
    resize)


def vertical_one(shape=(140, 140)):
    h, w = shape
    return draw_strokes([[(w / 2, h * 0.15), (w / 2, h * 0.85)]], shape, width=max(h, w) / 14)


# --- preparing a drawing like MNIST --------------------------------------------------------------

def test_a_tall_stroke_is_scaled_to_20_pixels_and_centred_by_mass():
    picture = mnist_style(vertical_one())
    assert picture.shape == (28, 28)
    top, bottom, left, right = bounding_box(picture)
    assert bottom - top == BOX  # the longer side fills the 20 × 20 box
    assert right - left < 6     # … and the shape is kept: a thin stroke stays thin
    row, col = centre_of_mass(picture)
    assert abs(row - CENTRE[0]) <= 0.5 and abs(col - CENTRE[1]) <= 0.5
    assert picture.min() >= 0 and picture.max() == pytest.approx(1.0)


def test_a_wide_stroke_keeps_its_aspect():
    picture = mnist_style(draw_strokes([[(20, 70), (120, 70)]], width=8))
    top, bottom, left, right = bounding_box(picture)
    assert right - left == BOX and bottom - top <= 3


def test_where_and_how_large_it_was_drawn_does_not_matter():
    big = mnist_style(example_drawing(7))
    small_in_a_corner = np.zeros((400, 300))
    small_in_a_corner[10:80, 200:270] = example_drawing(7, shape=(70, 70), width=5)
    moved = mnist_style(small_in_a_corner)
    assert bounding_box(moved) == bounding_box(big)
    assert np.corrcoef(moved.ravel(), big.ravel())[0, 1] > 0.9


def test_mnist_digits_are_already_prepared_so_preparing_them_again_changes_almost_nothing(mnist):
    digits = mnist[2].images[:200].reshape(-1, 28, 28).astype(float)
    again = np.array([mnist_style(d) for d in digits])
    corr = [np.corrcoef(a.ravel(), b.ravel())[0, 1] for a, b in zip(again, digits)]
    assert min(corr) > 0.999


def test_blank_drawing_gives_a_blank_picture():
    assert not mnist_style(np.zeros((50, 50))).any()
    assert not fit_in_box(np.zeros((5, 5))).any()


@pytest.mark.parametrize("bad, message", [
    (np.zeros((3, 4, 5)), "2-D array"),
    (np.full((10, 10), 255.0), "divide it by 255"),
    (-np.ones((4, 4)), "from 0 (paper) to 1 (ink)"),
    (np.full((4, 4), np.nan), "NaN"),
    ("a drawing", "must be numbers"),
])
def test_bad_drawings_are_refused_clearly(bad, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        mnist_style(bad)


def test_resize_averages_the_area_each_new_pixel_covers():
    picture = np.arange(16, dtype=float).reshape(4, 4)
    assert np.allclose(resize(picture, (2, 2)), [[2.5, 4.5], [10.5, 12.5]])
    assert np.allclose(resize(np.ones((7, 13)), (20, 3)), 1.0)
    assert resize(picture, (8, 8)).mean() == pytest.approx(picture.mean())


def test_draw_strokes_draws_round_ended_lines_of_the_given_width():
    d = draw_strokes([[(10, 20), (50, 20)]], (40, 60), width=6)
    assert d.shape == (40, 60) and d.max() == 1.0
    assert d[20, 30] == 1.0 and d[20, 8] == 1.0   # on the line, and inside the round end cap
    assert d[20, 55] == 0 and d[30, 30] == 0       # beyond the end, and beside the line
    assert (d[:, 30] > 0.5).sum() == 6
    with pytest.raises(ValueError, match="list of \\(x, y\\) points"):
        draw_strokes([[1, 2, 3]])


def test_example_drawings_exist_for_the_documented_digits():
    for digit in (0, 1, 3, 4, 7):
        assert example_drawing(digit).max() == 1.0
    with pytest.raises(ValueError, match="example drawing"):
        example_drawing(8)


def test_as_drawing_is_the_shared_door_check():
    assert as_drawing([[0, 1], [0.5, 0]]).dtype == float
