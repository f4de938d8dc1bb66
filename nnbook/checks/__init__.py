"""Exercise checks: friendly feedback instead of a crashing assert.

Each check returns a `Feedback`, which shows as a green (right) or orange (not yet)
box in the notebook and as plain text elsewhere.  One module per lesson topic.
"""

import html
import math


class Feedback:
    """The verdict on an exercise answer: `ok` (True/False) and a `message` saying why."""

    def __init__(self, ok, message):
        self.ok = bool(ok)
        self.message = message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return ("✔ Right! " if self.ok else "✘ Not yet: ") + self.message

    def _repr_html_(self):
        colour, border = ("#e6f4ea", "#2e7d32") if self.ok else ("#fff4e5", "#ef6c00")
        return (f'<div style="background:{colour};border-left:6px solid {border};padding:8px 12px;'
                f'font-size:1.1em">{html.escape(repr(self))}</div>')


def right(message):
    return Feedback(True, message)


def not_yet(message):
    return Feedback(False, message)


def as_number(value):
    """A student's answer as a finite float, or None when it is not one (…, a bool, text, NaN)."""
    if isinstance(value, bool) or value is ...:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def read_number(value, what, whole=False):
    """A student's answer as (number, None), or (None, a not-yet `Feedback` saying what to give instead).

    `what` names the answer in that feedback ("your value of σ(0)").  With `whole=True` the answer
    must be a whole number, and comes back as an int; otherwise any number but NaN, as a float.
    """
    if value is ...:
        return None, not_yet(f"replace the ... with {what}.")
    if isinstance(value, (bool, str)):
        return None, not_yet(f"give {what} as a number, without quotes; got {value!r}.")
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None, not_yet(f"give {what} as one number; got {value!r:.60}.")
    if whole:
        if not math.isfinite(v) or v != round(v):
            return None, not_yet(f"{what} is a whole number; got {value!r}.")
        return int(v), None
    if math.isnan(v):
        return None, not_yet(f"give {what} as a number; got NaN.")
    return v, None
