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
