"""The one place where an error a student can cause turns into words.

The maths never writes a sentence.  An idea module that refuses an input raises

    raise InputError("not_a_count", name="epochs", got=repr(epochs))

— a key and the values that explain it — and this module looks the key up in the catalogue
(`nnbook/locales/<language>/errors.toml`) when the error is shown, in the language in use then.
So a Chinese student who types `epochs=0` reads Chinese, and an idea module imports no text.

`InputError` is a `ValueError` and `InputTypeError` a `TypeError`, so code that catches the
built-in kinds keeps working; `error.key` and `error.values` are there for tests and programs,
which must never compare the words.
"""

from .i18n import catalogue

#: Every error sentence, by key (nnbook/locales/*/errors.toml).
TEXT = catalogue("errors")


class _Said:
    """What an error says: a catalogue key and its values, turned into words only when shown."""

    def __init__(self, key, **values):
        self.key, self.values = key, values
        super().__init__(key)

    def __str__(self):
        return TEXT(self.key, **self.values)


class InputError(_Said, ValueError):
    """A value that cannot be used: what was expected, what was given, what to do."""


class InputTypeError(_Said, TypeError):
    """A thing of the wrong kind (e.g. a callback that is not a function)."""
