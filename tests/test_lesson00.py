"""Lesson 00 (welcome): the first exercise, counting the 5s among the training digits."""

import numpy as np
import pytest

from nnbook.lessons.l00_welcome import check_count_of_fives


def test_the_right_count_of_fives(mnist):
    labels = mnist[0].labels
    fives = int(np.sum(labels == 5))
    feedback = check_count_of_fives(fives, labels)
    assert feedback and f"{fives:,} of the 50,000" in feedback.message


@pytest.mark.parametrize("answer, hint", [
    (..., "replace ... with a whole number"),
    (50_000, "every training digit"),
    ("4506", "without quotes"),
    (12.5, "whole number"),
    (7, "is not it"),
])
def test_not_yet_says_what_to_do(mnist, answer, hint):
    feedback = check_count_of_fives(answer, mnist[0].labels)
    assert not feedback and hint in feedback.message


def test_the_count_of_another_digit_is_named():
    labels = np.array([5, 5, 3, 3, 3, 1])
    assert "how many 3s there are" in check_count_of_fives(3, labels).message
    assert check_count_of_fives(2, labels)
