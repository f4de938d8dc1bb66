"""The exercise checks of lessons 05 and 06 (`training.py`), until they move to `nnbook.lessons`.

Every other lesson's checks are in its module under `nnbook/lessons/`, and the feedback they share
is `nnbook.feedback`; the names below are here only for `training.py`, and go with it.
"""

from ..feedback import Feedback, not_yet, right
from ..feedback import read_answer as read_number

__all__ = ["Feedback", "not_yet", "read_number", "right"]
