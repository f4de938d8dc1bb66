"""Lesson 03, exercise 4: the bitwise output layer (10 outputs → the digit's 4-bit code).

The check's verdict is compared with brute force over every corner of the box of inputs a sure network
could give (its right output 0.99 or 1, each other 0 or 0.01: z is linear in them, so its extremes are
there), for the answers a student could give: the right ones, the classic mistakes, and random grids."""

import itertools
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from i18n_checks import CJK  # noqa: E402
from nnbook.lessons import l03_network_for_digits as lesson  # noqa: E402
from nnbook.lessons.l03_network_for_digits import (  # noqa: E402
    BIT_TABLE, bitwise_controls, bitwise_layer, check_bitwise_layer, near_one_hot, show_bitwise_layer,
    show_bitwise_toggles, toggles_layer, wrong_rows)
from nnbook.sigmoid import sigmoid  # noqa: E402

RIGHT = np.where(BIT_TABLE == 1, 10.0, -10.0)  # the lesson's solution
ZERO_BIASES = [0, 0, 0, 0]


def _corners():
    """For each digit d, every corner of its box of inputs as the columns of a (10, 2 ** 10) array."""
    corners = {}
    for d in range(10):
        columns = []
        for choice in itertools.product((0, 1), repeat=10):
            a = np.array([(0.99, 1.0)[c] if j == d else (0.0, 0.01)[c] for j, c in enumerate(choice)])
            columns.append(a)
        corners[d] = np.array(columns).T
    return corners


CORNERS = _corners()


def brute_wrong(w, b):
    """The digits and rows that land on the wrong side of 0.5 (or on it) at some corner of their box."""
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float).reshape(4, 1)
    wrong = {}
    for d, a in CORNERS.items():
        z = w @ a + b
        want = BIT_TABLE[:, d].reshape(4, 1)
        bad = np.where(want == 1, z <= 0, z >= 0).any(axis=1)
        if bad.any():
            wrong[d] = [int(k) for k in np.flatnonzero(bad)]
    return wrong


def test_the_codes_are_the_binary_digits_with_the_bit_worth_8_first():
    assert lesson.binary_code(6) == "0110" and lesson.binary_code(9) == "1001"
    assert BIT_TABLE.shape == (4, 10)
    assert [int("".join(map(str, BIT_TABLE[:, d])), 2) for d in range(10)] == list(range(10))
    a = near_one_hot(3)
    assert a.shape == (10, 1) and a[3, 0] == 0.99 and np.sum(a == 0.01) == 9


def test_the_solution_and_its_variants_are_right(language):
    for w, b in [(RIGHT, ZERO_BIASES), (RIGHT, np.zeros((4, 1))), (RIGHT.tolist(), (0, 0, 0, 0)),
                 (BIT_TABLE * 10.0, [-5] * 4), (np.where(BIT_TABLE == 1, 3.0, -3.0), ZERO_BIASES)]:
        feedback = check_bitwise_layer(w, b)
        assert feedback.ok, feedback
        assert brute_wrong(w, b) == {}
        assert "unsure" not in repr(feedback)
        if language == "zh":
            assert CJK.search(feedback.message)
    outputs = bitwise_layer(RIGHT, ZERO_BIASES, np.hstack([near_one_hot(d) for d in range(10)]))
    assert np.all(np.abs(outputs - BIT_TABLE) < 1e-3)  # σ(±9) or better: the solution's explanation


def test_a_right_but_weak_layer_is_right_and_told_to_be_surer():
    w = np.where(BIT_TABLE == 1, 1.0, -1.0)  # z between 0.9 and 1.08 in size: σ about 0.71–0.75
    feedback = check_bitwise_layer(w, ZERO_BIASES)
    assert feedback.ok and "larger weights make them surer" in feedback.message
    assert "off by up to 0.28" in feedback.message  # the output furthest from its bit, computed below
    worst = np.max(np.abs(bitwise_layer(w, ZERO_BIASES, np.hstack([near_one_hot(d) for d in range(10)])) - BIT_TABLE))
    assert f"{worst:.2f}" == "0.28"


def test_the_classic_mistakes_get_their_own_hint():
    cases = {
        "transposed": (RIGHT.T, ZERO_BIASES, "your grid has 10 rows of 4"),
        "transposed, any values": (np.zeros((10, 4)), ZERO_BIASES, "Transpose it"),
        "bit order reversed": (RIGHT[::-1], ZERO_BIASES, "your rows are in reverse order"),
        "bit order reversed, biases too": (RIGHT[::-1], [1, 2, 3, 4], "your rows are in reverse order"),
        "0 and 1 weights, no bias": (BIT_TABLE * 10.0, ZERO_BIASES, "bits that should be 0 come out at 0.5 or above"),
        "biases far too low": (RIGHT, [-20] * 4, "bits that should be 1 stay at 0.5 or below"),
        "biases far too high": (RIGHT, [20] * 4, "bits that should be 0 come out at 0.5 or above"),
        "only exact one-hot works": (np.where(BIT_TABLE == 1, 1.0, -100.0), ZERO_BIASES, "With inputs of exactly 1 and 0"),
        "0 and 10 weights, the bias a hair too low": (BIT_TABLE * 10.0, [-9.95] * 4, "With inputs of exactly 1 and 0"),
        "all zero": (np.zeros((4, 10)), ZERO_BIASES, "Compare each row with the codes"),
        "inverted": (-RIGHT, ZERO_BIASES, "Compare each row with the codes"),
    }
    for name, (w, b, words) in cases.items():
        feedback = check_bitwise_layer(w, b)
        assert not feedback.ok, name
        assert words in feedback.message, (name, feedback.message)


def test_the_only_exact_case_really_works_for_exact_inputs_only():
    w = np.where(BIT_TABLE == 1, 1.0, -100.0)
    exact = sigmoid(w @ np.eye(10))
    assert np.all((exact > 0.5) == (BIT_TABLE == 1))
    assert brute_wrong(w, ZERO_BIASES)


def test_the_only_exact_hint_is_true_whichever_side_fails():
    """Two answers reach the `only_exact` hint for different reasons: 10/0 weights with bias −9.95 fail because the
    right output may be only 0.99 (z = 9.9 − 9.95 < 0), −100 from the other digits because the nine others may be
    0.01 each. The hint names both causes and blames neither alone."""
    for w, b in [(np.where(BIT_TABLE == 1, 1.0, -100.0), ZERO_BIASES), (BIT_TABLE * 10.0, [-9.95] * 4)]:
        assert np.all((sigmoid(np.asarray(w) @ np.eye(10) + np.reshape(b, (4, 1))) > 0.5) == (BIT_TABLE == 1))
        assert brute_wrong(w, b)
        message = check_bitwise_layer(w, b).message
        assert "only 0.99" in message and "as much as 0.01" in message
        assert "margin between the weights and the bias" in message and "Large weights" not in message
    # 10/0 and −9.95: only bits that should be 1 fail, and the right output at 0.99 alone (others 0) does it
    w, b = BIT_TABLE * 10.0, np.full((4, 1), -9.95)
    assert all(BIT_TABLE[k, d] == 1 for d, rows in brute_wrong(w, b).items() for k in rows)
    assert np.all((w * 0.99 + b)[BIT_TABLE == 1] < 0)
    # −100 from the others: even with the right output at 1, the others at 0.01 push some bits that should be 1 down
    w = np.where(BIT_TABLE == 1, 1.0, -100.0)
    assert np.any((w @ (np.eye(10) + (1 - np.eye(10)) * 0.01))[BIT_TABLE == 1] <= 0)


def test_the_right_message_holds_for_every_right_answer(language):
    """The `right` message says w[k, d] + b[k] is positive where bit k of d is 1 and negative where it is 0 (10/−10
    with no bias, 10/0 with bias −5): true of every right answer, since one-hot inputs are a corner of the box."""
    rng = np.random.default_rng(1)
    n_right = 0
    for _ in range(400):
        signs = np.where(BIT_TABLE == 1, 1.0, -1.0)
        w = signs * rng.uniform(0.5, 20) + rng.normal(0, rng.choice([0, 1, 5]), (4, 10))
        b = rng.uniform(-8, 8, 4)
        feedback = check_bitwise_layer(w, b)
        if feedback.ok:
            n_right += 1
            assert np.all(((w + b[:, None]) > 0) == (BIT_TABLE == 1)) and np.all(w + b[:, None] != 0)
    assert n_right > 50
    for w, b in [(RIGHT, ZERO_BIASES), (BIT_TABLE * 10.0, [-5] * 4)]:
        message = check_bitwise_layer(w, b).message
        assert check_bitwise_layer(w, b).ok
        if language == "en":
            assert "plus the bias, is positive where bit k of d's code is 1 and negative where it is 0" in message
            assert "10 and 0 with a bias of −5" in message


def test_the_wrong_digits_named_are_the_wrong_ones():
    w = RIGHT.copy()
    w[2, 6] = -10  # digit 6's bit worth 2 off
    w[3, 9] = -10  # digit 9's bit worth 1 off
    feedback = check_bitwise_layer(w, ZERO_BIASES)
    assert not feedback.ok
    assert "2 of 10 digits come out wrong: digit 6 (0110) in row 2; digit 9 (1001) in row 3." in feedback.message


@pytest.mark.parametrize("weights, biases, words", [
    (..., ZERO_BIASES, "replace the ... of weights"),
    ([[...] * 10] * 4, ZERO_BIASES, "replace the ... of weights"),
    (None, ZERO_BIASES, "replace the ... of weights"),
    (RIGHT, ..., "replace the ... of biases"),
    (RIGHT, None, "replace the ... of biases"),
    (RIGHT, [0, None, 0, 0], "replace the ... of biases"),
    ("10, -10", ZERO_BIASES, "without quotes"),
    ([["10"] * 10] * 4, ZERO_BIASES, "without quotes"),
    (np.array([["1"] * 10] * 4), ZERO_BIASES, "without quotes"),
    (RIGHT, "0", "without quotes"),
    (RIGHT, ["0", "0", "0", "0"], "without quotes"),
    (BIT_TABLE == 1, ZERO_BIASES, "not True or False"),
    ([[True] * 10] * 4, ZERO_BIASES, "not True or False"),
    (RIGHT, [False] * 4, "not True or False"),
    ([[1, 2], [3]], ZERO_BIASES, "a list of 4 lists of 10 numbers"),
    (RIGHT + 1j, ZERO_BIASES, "a list of 4 lists of 10 numbers"),
    ({"a": 1}, ZERO_BIASES, "a list of 4 lists of 10 numbers"),
    (RIGHT, [[0, 0], [0]], "like [0, 0, 0, 0]"),
    (np.zeros((4, 9)), ZERO_BIASES, "got shape (4, 9)"),
    (RIGHT.ravel(), ZERO_BIASES, "got shape (40,)"),
    (RIGHT.reshape(4, 10, 1), ZERO_BIASES, "got shape (4, 10, 1)"),
    (5, ZERO_BIASES, "got shape ()"),
    (RIGHT, 0, "got shape ()"),
    (RIGHT, [0, 0, 0], "got shape (3,)"),
    (RIGHT, np.zeros((1, 4)), "got shape (1, 4)"),
    (RIGHT * np.nan, ZERO_BIASES, "the weights must be finite"),
    (np.where(BIT_TABLE == 1, np.inf, -np.inf), ZERO_BIASES, "the weights must be finite"),
    (RIGHT, [0, float("nan"), 0, 0], "the biases must be finite"),
    (RIGHT * 1e300, ZERO_BIASES, "keep the weights between"),
    (RIGHT, [1e7, 0, 0, 0], "keep the biases between"),
])
def test_answers_that_cannot_be_read_say_what_to_give(weights, biases, words):
    feedback = check_bitwise_layer(weights, biases)
    assert not feedback.ok
    assert words in feedback.message, feedback.message
    with pytest.raises(ValueError, match=re.escape(words)):
        show_bitwise_layer(weights, biases)


def test_the_feedback_speaks_chinese(language):
    for w, b in [(RIGHT, ZERO_BIASES), (RIGHT.T, ZERO_BIASES), (RIGHT[::-1], ZERO_BIASES), (np.zeros((4, 10)), [0] * 4),
                 (BIT_TABLE * 10.0, ZERO_BIASES), (RIGHT, [-20] * 4), (np.where(BIT_TABLE == 1, 1.0, -100.0), [0] * 4),
                 (..., ...), ("x", 0), (RIGHT * np.nan, 0)]:
        message = check_bitwise_layer(w, b).message
        assert bool(CJK.search(message)) == (language == "zh"), message


def test_the_verdict_agrees_with_brute_force_over_random_answers():
    rng = np.random.default_rng(0)
    answers = []
    for _ in range(300):  # random real grids, from small to large, with random biases
        scale = 10 ** rng.uniform(-1, 2)
        answers.append((rng.normal(0, scale, (4, 10)), rng.normal(0, scale, 4)))
    for _ in range(300):  # random sign grids, many of them near the right one
        signs = np.where(BIT_TABLE == 1, 1.0, -1.0)
        flips = rng.random((4, 10)) < rng.choice([0, 0, 0.02, 0.1, 0.5])
        answers.append((np.where(flips, -signs, signs) * rng.uniform(0.5, 20), rng.uniform(-12, 12, 4)))
    for _ in range(200):  # random 0/1 grids with one bias
        answers.append((rng.integers(0, 2, (4, 10)) * rng.uniform(1, 20), np.full(4, rng.uniform(-15, 5))))
    n_right = 0
    for w, b in answers:
        expected = brute_wrong(w, b)
        assert wrong_rows(w, b) == expected
        feedback = check_bitwise_layer(w, b)
        assert feedback.ok == (expected == {})
        n_right += feedback.ok
        if expected and "reverse order" not in feedback.message:
            assert f"{len(expected)} of 10 digits come out wrong" in feedback.message
            for d, rows in expected.items():
                assert f"digit {d} ({lesson.binary_code(d)}) in row {', '.join(map(str, rows))}" in feedback.message
    assert 30 < n_right < len(answers) - 30  # the sweep holds both verdicts, many times each


#: The toggles pressed in the lesson's solution: the 1s of each code.
CODES = {f"row{k}": tuple(d for d in range(10) if BIT_TABLE[k, d]) for k in range(4)}


def test_every_toggle_matters_and_only_the_codes_are_right():
    assert CODES == {"row0": (8, 9), "row1": (4, 5, 6, 7), "row2": (2, 3, 6, 7), "row3": (1, 3, 5, 7, 9)}  # the lesson's
    assert show_bitwise_toggles(**CODES, size=5, bias=0).text.splitlines()[-1].startswith("10 of 10 digits right")
    assert check_bitwise_layer(*toggles_layer(**CODES, size=5, bias=0)).ok
    for k in range(4):  # one toggle wrong: exactly that digit, in exactly that row
        for d in range(10):
            row = set(CODES[f"row{k}"]) ^ {d}
            w, b = toggles_layer(**{**CODES, f"row{k}": tuple(row)}, size=5, bias=0)
            assert wrong_rows(w, b) == {d: [k]}


@pytest.mark.parametrize("row", [(10,), (-1,), 5, "13", (1.5,), (True,), None, [[1]]])
def test_a_row_that_is_not_digits_says_what_to_give(row):
    with pytest.raises(ValueError, match=r"row2 must list the digits pressed in that row, like \(1, 3, 5, 7, 9\)"):
        show_bitwise_toggles(row2=row)


@pytest.mark.parametrize("size, bias, right", [(0, 0, 0), (0, -10, 1), (0, 10, 0), (10, 0, 10), (10, 10, 0),
                                               (10, -10, 1), (0.5, 0, 10), (10, 9, 10), (10, 9.5, 5)])
def test_the_toggles_at_the_sliders_extremes(size, bias, right):
    view = show_bitwise_toggles(**CODES, size=size, bias=bias)
    assert view.png.startswith(b"\x89PNG")
    assert view.text.splitlines()[-1].startswith(f"{right} of 10 digits right")
    assert len(view.text.splitlines()) == 13  # the setting, the header, ten digits, the summary
    assert view.text.splitlines()[0] == f"weights +{size:.1f} from the digits pressed, −{size:.1f} from the others; " \
                                        f"bias {bias:+.1f}"


def test_all_toggles_released_is_the_lessons_first_table():
    text = show_bitwise_toggles(size=5, bias=0).text
    assert text.split("\n", 1)[1] == show_bitwise_layer(-5 * np.ones((4, 10)), ZERO_BIASES).text
    lines = text.splitlines()[1:]
    assert lines[0] == "digit | code | its 4 outputs       | read |"
    assert lines[1] == "  0   | 0000 | 0.00 0.00 0.00 0.00 | 0000 | ✔"
    assert lines[8].endswith("✘ wrong in row 1, 2, 3")
    assert lines[-1] == "1 of 10 digits right, for every input a sure network could give"
    for line in lines[1:-1]:  # the header's bars stand where the rows' do
        assert [i for i, c in enumerate(line) if c == "|"] == [i for i, c in enumerate(lines[0]) if c == "|"]


def test_the_chinese_header_lines_up_with_the_rows(language):
    from i18n_checks import width

    lines = show_bitwise_toggles(size=5, bias=0).text.splitlines()[1:]
    bars = [width(lines[0][:i]) for i, c in enumerate(lines[0]) if c == "|"]
    assert bars == [width(lines[1][:i]) for i, c in enumerate(lines[1]) if c == "|"][:4]


def test_the_explorer_lays_the_toggles_out_as_the_weight_grid_and_follows_them(language):
    from nnbook.explorer import explore

    controls = bitwise_controls()
    assert list(controls) == ["row0", "row1", "row2", "row3", "size", "bias"]
    explorer = explore(show_bitwise_toggles, **controls)
    rows = explorer.children[0].children[:4]
    assert rows == tuple(controls[f"row{k}"] for k in range(4))
    for k, row in enumerate(rows):  # a label and ten toggles, one per digit
        assert len(row.children) == 11 and row.value == ()
        assert [t.description for t in row.children[1:]] == [str(d) for d in range(10)]
        assert str(2 ** (3 - k)) in row.children[0].value
    assert explorer.view.text == show_bitwise_toggles(size=5, bias=0).text
    for k in range(4):
        for d in CODES[f"row{k}"]:
            controls[f"row{k}"].toggles[d].value = True
    assert {name: controls[name].value for name in CODES} == CODES
    assert explorer.view.text == show_bitwise_toggles(**CODES, size=5, bias=0).text
    assert explorer.view.text.splitlines()[-1].endswith("!" if language == "en" else "！")
    controls["bias"].value = 10.0
    assert explorer.view.text == show_bitwise_toggles(**CODES, size=5, bias=10).text
    controls["row3"].toggles[9].value = False
    assert controls["row3"].value == (1, 3, 5, 7)
    assert bitwise_controls({"row1": (4, 5)})["row1"].value == (4, 5)


def test_the_picture_shows_each_digits_outputs_and_marks_the_wrong_bits_red():
    w = RIGHT.copy()
    w[2, 6] = -10  # digit 6's bit worth 2 off
    view = show_bitwise_layer(w, ZERO_BIASES)
    ax = view.figure.axes[0]
    grid = ax.images[0].get_array()
    assert grid.shape == (10, 4)
    assert np.allclose(grid, sigmoid((w @ np.hstack([near_one_hot(d) for d in range(10)])).T))
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}
    assert "".join(texts[6, k].get_text() for k in range(4)) == "0100"
    red = {key for key, t in texts.items() if matplotlib.colors.to_hex(t.get_color()) == lesson.WRONG_COLOUR}
    assert red == {(6, 2)}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["8", "4", "2", "1"]
    right_view = show_bitwise_layer(RIGHT, ZERO_BIASES)  # the same figure, updated: no red left
    assert not any(matplotlib.colors.to_hex(t.get_color()) == lesson.WRONG_COLOUR for t in right_view.figure.axes[0].texts)
