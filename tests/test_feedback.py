"""The one reader of students' answers (nnbook.feedback.read_answer) that every exercise check shares."""

import numpy as np
import pytest

from nnbook.feedback import Feedback, not_yet, read_answer, right


@pytest.mark.parametrize("value, expected", [(0.5, 0.5), (float("inf"), float("inf")), (3, 3.0), (np.float32(2), 2.0)])
def test_a_number_comes_back_as_a_float(value, expected):
    v, problem = read_answer(value, "σ(0)")
    assert problem is None and v == expected and isinstance(v, float)


@pytest.mark.parametrize("value, whole, message", [
    (..., False, "replace the ... with your answer."),
    (True, False, "give your answer as a number, not True or False; got True."),
    (np.False_, True, f"give your answer as a number, not True or False; got {np.False_!r}."),
    (np.array([True, False, True]), True, "give your answer as one number; got 3 True/False values, one per element of "
                                          "a comparison (2 of them True). To count the Trues, wrap the comparison in "
                                          "np.sum(...)."),
    ("0.5", True, "give your answer as a number, without quotes; got '0.5'."),
    ([1, 2], False, "give your answer as one number; got [1, 2]."),
    (np.array([0.5]), False, "give your answer as one number; got array([0.5])."),
    (1 + 2j, False, "give your answer as one number; got (1+2j)."),
    (None, True, "give your answer as one number; got None."),
    (float("nan"), False, "give your answer as a number; got NaN."),
    (float("nan"), True, "your answer is a whole number; got nan."),
    (2.5, True, "your answer is a whole number; got 2.5."),
    (float("inf"), True, "your answer is a whole number; got inf."),
])
def test_what_is_not_a_number_gets_one_hint(value, whole, message):
    v, problem = read_answer(value, "your answer", whole=whole)
    assert v is None and isinstance(problem, Feedback) and not problem.ok and problem.message == message


def test_a_whole_number_comes_back_as_an_int():
    for value in (5000, 5000.0, 5e3, np.int64(5000)):
        v, problem = read_answer(value, "steps", whole=True)
        assert problem is None and v == 5000 and type(v) is int


def test_finite_refuses_infinity():
    assert read_answer(float("-inf"), "η", finite=True)[1].message == "give η as a finite number; got -inf."
    assert read_answer(1e308, "η", finite=True) == (1e308, None)


@pytest.mark.parametrize("value", [[1, 2], (1.5, -2), np.array([1.0, 2.0]), np.array([[1], [2]])])
def test_a_pair_comes_back_as_a_flat_array(value):
    v, problem = read_answer(value, "the point", size=2)
    assert problem is None and v.shape == (2,) and v.dtype == float


@pytest.mark.parametrize("value, message", [
    ((1, ...), "replace the ... with the point."),
    ("ab", "give the point as numbers, without quotes; got 'ab'."),
    (["1", 2], "give the point as numbers, without quotes; got ['1', 2]."),
    ([1, 2, 3], "give the point as two numbers, like [1, 1]; got [1, 2, 3]."),
    (5, "give the point as two numbers, like [1, 1]; got 5."),
    ([[1, 2], [3]], "give the point as two numbers, like [1, 1]; got [[1, 2], [3]]."),
    ([1, float("inf")], "give the point as two finite numbers; got [1, inf]."),
])
def test_what_is_not_a_pair_gets_one_hint(value, message):
    v, problem = read_answer(value, "the point", size=2)
    assert v is None and problem.message == message


def test_each_exercise_can_say_what_to_write_in_place_of_the_dots():
    blank = "replace each ... with a number: new_v = (v1', v2')."
    assert read_answer((..., ...), "the point", size=2, blank=blank)[1].message == blank
    assert read_answer(0.1, "the point", blank=blank) == (0.1, None)


def test_feedback_shows_as_text_and_as_a_coloured_box():
    assert repr(right("yes")) == "✔ Right! yes" and bool(right("yes"))
    assert repr(not_yet("a < b")) == "✘ Not yet: a < b" and not not_yet("a < b")
    assert "a &lt; b" in not_yet("a < b")._repr_html_() and "#ef6c00" in not_yet("x")._repr_html_()


def test_an_exercise_returns_the_feedback_of_an_answer_it_cannot_read():
    from nnbook.feedback import exercise, take_answer

    @exercise
    def check_half(answer):
        """Exercise: give one half."""
        v = take_answer(answer, "your half")
        return right("yes") if v == 0.5 else not_yet("no")

    assert check_half.__name__ == "check_half" and check_half.__doc__ == "Exercise: give one half."
    assert check_half(0.5).ok and not check_half(0.4).ok and check_half(0.4).message == "no"
    for answer in (..., "0.5", True, [0.5, 0.5], float("nan")):
        got, want = check_half(answer), read_answer(answer, "your half")[1]
        assert not got.ok and got.message == want.message, answer
    assert take_answer(0.25, "your half") == 0.25
