"""Draw your own digit: MNIST-style preparation, the pixels → prediction pipeline, and the DrawPad widget."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook.network import Network  # noqa: E402
from nnbook.preprocess import (  # noqa: E402
    BOX, CENTRE, as_drawing, bounding_box, centre_of_mass, draw_strokes, example_drawing, fit_in_box, mnist_style,
    resize)
from nnbook.widgets import drawpad  # noqa: E402
from nnbook.widgets.drawpad import (  # noqa: E402
    DrawPad, drawing_to_pixels, pixels_to_drawing, read_drawing, reading_text, show_reading)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def net(mnist):
    """A 784-30-10 network trained briefly (10,000 digits, 3 epochs: about 85% right) — enough to read clear drawings."""
    training = mnist[0]
    net = Network([784, 30, 10], seed=2)
    net.SGD((training.images[:10_000], training.labels[:10_000]), 3, 10, 3.0, seed=2)
    return net


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


# --- from a pixel array to a prediction -----------------------------------------------------------

@pytest.mark.parametrize("digit", [0, 1, 3, 7])
def test_the_network_reads_drawn_digits(net, digit):
    reading = read_drawing(net, example_drawing(digit))
    assert reading.guess == digit
    assert reading.outputs.shape == (10,) and reading.picture.shape == (28, 28)
    assert reading_text(reading).startswith(f"guess: {digit}")


def test_a_small_one_in_a_corner_is_read_only_after_preparation(net):
    corner = draw_strokes([[(15, 10), (15, 40)]])
    assert read_drawing(net, corner).guess == 1
    shrunk = resize(corner, (28, 28)).reshape(784)
    assert int(net.predict(shrunk)[0]) != 1  # as it is, a tiny smudge in the corner means nothing to it


def test_a_blank_drawing_has_no_guess(net):
    reading = read_drawing(net, np.zeros((140, 140)))
    assert reading.guess is None and not reading.outputs.any()
    assert "blank" in reading_text(reading)


def test_the_pipeline_needs_a_digit_network():
    with pytest.raises(ValueError, match="784 inputs and 10 outputs"):
        read_drawing(Network([4, 3, 2], seed=0), vertical_one())


def test_show_reading_draws_and_prints(net, capsys):
    assert show_reading(net, example_drawing(1)) is None  # a cell ending with it shows only the figure
    assert capsys.readouterr().out.startswith("guess: 1")
    assert len(plt.gcf().axes) == 3


# --- the widget (its Python side; the browser side is tested in tests/browser) ---------------------

def test_pixels_round_trip():
    d = example_drawing(3)
    back = pixels_to_drawing(drawing_to_pixels(d), 140)
    assert np.abs(back - d).max() <= 0.5 / 255 + 1e-12
    assert not pixels_to_drawing(b"", 140).any()
    with pytest.raises(ValueError, match="140×140 = 19600"):
        pixels_to_drawing(b"\x00" * 10, 140)


def test_pad_reads_what_the_page_sends(net):
    pad = DrawPad(net)
    assert pad.guess == -1 and pad.outputs == [0.0] * 10
    pad.pixels = drawing_to_pixels(vertical_one())  # what the page does after a stroke
    assert pad.guess == 1
    assert len(pad.outputs) == 10 and pad.outputs[1] == max(pad.outputs)
    assert len(pad.digit) == 784 and np.frombuffer(pad.digit, np.uint8).max() == 255
    assert pad.reading.guess == 1 and "guess=1" in repr(pad)
    pad.clear()
    assert pad.guess == -1 and pad.outputs == [0.0] * 10 and not np.frombuffer(pad.digit, np.uint8).any()


def test_pad_show_accepts_a_drawing_of_any_size(net):
    pad = DrawPad(net)
    reading = pad.show(example_drawing(7, shape=(300, 200), width=20))
    assert reading.guess == 7 == pad.guess
    assert len(pad.pixels) == pad.resolution ** 2
    with pytest.raises(ValueError, match="0–255 values"):
        pad.show(np.full((10, 10), 200.0))


def test_pad_refuses_a_network_that_cannot_read_digits():
    with pytest.raises(ValueError, match="784 inputs and 10 outputs"):
        DrawPad(Network([784, 5, 3], seed=0))


def test_the_page_structure_documented_for_browser_tests_is_what_the_module_builds():
    documented = set(re.findall(r"nnbook-drawpad[\w-]*", drawpad.__doc__))
    built = set(re.findall(r"nnbook-drawpad[\w-]*", drawpad._ESM))
    assert documented and documented <= built | {"nnbook-drawpad"}
    assert "nnbook-drawpad" in drawpad._ESM and 'dataset.digit' in drawpad._ESM and "dataset.guess" in drawpad._ESM
    for cls in documented:
        assert cls in drawpad._CSS or cls in ("nnbook-drawpad-bar--guess",), cls
    assert '"guess: "' in drawpad._ESM and "pointerdown" in drawpad._ESM and "touch-action: none" in drawpad._CSS


def test_as_drawing_is_the_shared_door_check():
    assert as_drawing([[0, 1], [0.5, 0]]).dtype == float
