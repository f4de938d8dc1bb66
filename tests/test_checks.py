"""The one reader of students' numeric answers that the exercise checks share."""

import pytest

from nnbook.checks import read_number


@pytest.mark.parametrize("value, expected", [(0.5, 0.5), (float("inf"), float("inf")), (3, 3.0)])
def test_a_number_comes_back_as_a_float(value, expected):
    v, problem = read_number(value, "σ(0)")
    assert problem is None and v == expected and isinstance(v, float)


@pytest.mark.parametrize("value, whole, message", [
    (..., False, "replace the ... with your answer."),
    (True, False, "give your answer as a number, without quotes; got True."),
    ("0.5", True, "give your answer as a number, without quotes; got '0.5'."),
    ([1, 2], False, "give your answer as one number; got [1, 2]."),
    (float("nan"), False, "give your answer as a number; got NaN."),
    (float("nan"), True, "your answer is a whole number; got nan."),
    (2.5, True, "your answer is a whole number; got 2.5."),
    (float("inf"), True, "your answer is a whole number; got inf."),
])
def test_what_is_not_a_number_gets_one_hint(value, whole, message):
    v, problem = read_number(value, "your answer", whole=whole)
    assert v is None and not problem.ok and problem.message == message


def test_a_whole_number_comes_back_as_an_int():
    for value in (5000, 5000.0, 5e3):
        v, problem = read_number(value, "steps", whole=True)
        assert problem is None and v == 5000 and type(v) is int
