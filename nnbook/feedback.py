"""Feedback on exercises: a friendly verdict instead of a crashing assert.

Every exercise check of the lessons returns a `Feedback`, which shows as a green (right) or
orange (not yet) box in the notebook and as plain text elsewhere.  `read_answer` is the one
door every answer comes in by: it turns what a student typed into numbers, or into a not-yet
`Feedback` that says what to give instead — whatever the answer looks like, nothing crashes.

An exercise check reads each answer with `take_answer` and is marked `@exercise`:

    @exercise
    def check_sigma_zero(answer):
        v = take_answer(answer, TEXT["what"])   # not a number? the check returns read_answer's feedback
        return right(...) if v == 0.5 else not_yet(...)
"""

import functools
import math
import warnings

import numpy as np

from .i18n import catalogue
from .markup import inline_html

#: What a student reads here, in the language in use (nnbook/locales/*/feedback.toml).
TEXT = catalogue("feedback")


class Feedback:
    """The verdict on an exercise answer: `ok` (True/False) and a `message` saying why."""

    def __init__(self, ok, message):
        self.ok = bool(ok)
        self.message = message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return TEXT["right" if self.ok else "not_yet"] + self.message

    def _repr_html_(self):
        colour, border = ("#e6f4ea", "#2e7d32") if self.ok else ("#fff4e5", "#ef6c00")
        return (f'<div style="background:{colour};border-left:6px solid {border};padding:8px 12px;'
                f'font-size:1.1em">{inline_html(repr(self))}</div>')


def right(message):
    return Feedback(True, message)


def not_yet(message):
    return Feedback(False, message)


def _has_placeholder(value):
    return value is ... or (isinstance(value, (list, tuple)) and any(v is ... for v in value))


def _has_text(value):
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)


def _is_true_false(value):
    """True/False, or a list or array of them (what a comparison such as `labels == 5` gives)."""
    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, (bool, np.bool_)) for v in value)
    return isinstance(value, np.ndarray) and value.dtype == bool


def _count(n):
    return TEXT["counts"].get(str(n), str(n))


def read_answer(value, what, whole=False, size=None, finite=False, blank=None):
    """A student's answer as (value, None), or (None, a not-yet `Feedback` saying what to give instead).

    `what` names the answer in that feedback ("your value of σ(0)").  By default the answer is one
    number, any but NaN, and comes back as a float.  With `whole=True` it must be a whole number
    and comes back as an int; with `size=n` it is n finite numbers (a list, tuple or array) and
    comes back as a flat float array; with `finite=True` one number must not be ±∞ either.
    `blank` is the feedback for an answer that still holds a `...` (default: "replace the ...
    with <what>."): each exercise can say there what to write.
    """
    if _has_placeholder(value):
        return None, not_yet(blank or TEXT("blank", what=what))
    if _has_text(value):
        kind = TEXT["numbers" if size else "a_number"]
        return None, not_yet(TEXT("without_quotes", what=what, kind=kind, value=repr(value)))
    if _is_true_false(value):
        kind = TEXT["numbers" if size else "a_number"]
        if np.ndim(value) == 0 or size:
            return None, not_yet(TEXT("true_false", what=what, kind=kind, value=f"{value!r:.60}"))
        return None, not_yet(TEXT("many_true_false", what=what, count=int(np.size(value)),
                                  trues=int(np.count_nonzero(value))))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a complex number or an odd array is refused, not half-read
        try:
            v = np.asarray(value, dtype=float) if size else float(value) if np.ndim(value) == 0 else None
        except (TypeError, ValueError, Warning):
            v = None
    if size and (v is None or v.size != size):
        return None, not_yet(TEXT("count_numbers", what=what, count=_count(size), example=[1] * size,
                                  value=f"{value!r:.60}"))
    if v is None:
        return None, not_yet(TEXT("one_number", what=what, value=f"{value!r:.60}"))
    if size:
        v = v.reshape(-1)
        if not np.all(np.isfinite(v)):
            return None, not_yet(TEXT("finite_numbers", what=what, count=_count(size), value=f"{value!r:.60}"))
        return v, None
    if whole:
        if not math.isfinite(v) or v != round(v):
            return None, not_yet(TEXT("whole", what=what, value=repr(value)))
        return int(v), None
    if math.isnan(v):
        return None, not_yet(TEXT("nan", what=what))
    if finite and not math.isfinite(v):
        return None, not_yet(TEXT("finite", what=what, value=f"{v:g}"))
    return v, None


class _NotYet(Exception):
    """Raised by `take_answer` inside an `exercise`: the answer cannot be read; `.feedback` says why."""

    def __init__(self, feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def take_answer(value, what, **how):
    """A student's answer as `read_answer` reads it (same arguments), inside an `@exercise` check.

    An answer that cannot be read ends the check: it returns `read_answer`'s not-yet `Feedback`.
    """
    v, problem = read_answer(value, what, **how)
    if problem is not None:
        raise _NotYet(problem)
    return v


def exercise(check):
    """Mark an exercise check: an answer `take_answer` cannot read makes it return that not-yet `Feedback`."""

    @functools.wraps(check)
    def checked(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except _NotYet as stop:
            return stop.feedback

    return checked
