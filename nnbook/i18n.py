"""The language a student sees: one catalogue of text per language, every piece keyed by an id.

Which language: `nnbook.set_language("zh")` (or `"en"`) in the notebook; else the environment
variable `NNBOOK_LANG`; else English.  Never the operating system's locale — a lesson's outputs
must not depend on the machine it runs on.

Where the text is: `nnbook/locales/<language>/<domain>.toml`, one file per module that shows
text (a domain is the module's name: `l01_perceptron`, `surfaces`, `feedback`, …).  Each file
maps ids to text with named placeholders, as `str.format` reads them:

    gate = "gate: {name}"

A module takes its text with `TEXT = catalogue("l01_perceptron")` and reads it when it shows it:
`TEXT["gate"].format(name=...)`, or shorter `TEXT("gate", name=...)`.  The lookup happens at that
moment, so `set_language` takes effect at once, for every module.  Program logic never compares
the text: it works with ids and keys, and turns them into words only to show them.
"""

import os
import string
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

#: The languages nnbook speaks: code → the language's own name.
LANGUAGES = {"en": "English", "zh": "简体中文"}

_chosen = None


def _check(code, where):
    if code not in LANGUAGES:
        known = " or ".join(repr(c) for c in LANGUAGES)
        raise ValueError(f"{where} is {code!r}, which is not a language nnbook has; use {known}.")
    return code


def set_language(code):
    """Show everything from nnbook in this language from now on: "en" (English) or "zh" (简体中文)."""
    global _chosen
    _chosen = _check(code, "the language given to set_language")


def language():
    """The language in use: the one set with `set_language`, else `NNBOOK_LANG`, else "en"."""
    if _chosen is not None:
        return _chosen
    code = os.environ.get("NNBOOK_LANG", "").strip()
    return _check(code, "the environment variable NNBOOK_LANG") if code else "en"


def domains(code="en"):
    """The names of the catalogue files of one language (without ".toml"), sorted."""
    folder = resources.files("nnbook") / "locales" / _check(code, "the language")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=None)
def load(code, domain):
    """The table of one catalogue file, read once: {id: text, or a nested table}."""
    path = resources.files("nnbook") / "locales" / code / f"{domain}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LookupError(f"nnbook has no {LANGUAGES[code]} text for {domain!r}: "
                          f"nnbook/locales/{code}/{domain}.toml is missing.") from None


def placeholders(text):
    """The named placeholders of a text, with their format specs: {("w1", ".1f"), ...}."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


class Catalogue(Mapping):
    """The text of one domain, in whatever language is in use when a piece is read.

    `TEXT[id]` is the text (or a nested table, itself a Catalogue); `TEXT(id, **values)` fills in
    its placeholders.
    """

    def __init__(self, domain, _path=()):
        self.domain = domain
        self._path = tuple(_path)

    def _table(self):
        table = load(language(), self.domain)
        for key in self._path:
            table = table[key]
        return table

    def __getitem__(self, key):
        table = self._table()
        if key not in table:
            where = ".".join((self.domain,) + self._path)
            raise KeyError(f"no text {key!r} in {where} ({LANGUAGES[language()]})")
        value = table[key]
        return Catalogue(self.domain, self._path + (key,)) if isinstance(value, dict) else value

    def __iter__(self):
        return iter(self._table())

    def __len__(self):
        return len(self._table())

    def __call__(self, key, **values):
        return self[key].format(**values)

    def __repr__(self):
        return f"Catalogue({'.'.join((self.domain,) + self._path)!r}, language={language()!r})"


def catalogue(domain):
    """The text of one module (its catalogue file's name), looked up in the language in use."""
    return Catalogue(domain)
