"""What the Chinese-edition tests share: the catalogues walked and filled in, and what makes a text Chinese.

The test files import it by name (`from i18n_checks import ...`): pytest puts tests/ on sys.path, as it puts
tests/browser/ there for lessonpage.py.  The fixtures that go with it (`chinese`, `glyph_log`, `shown`) are
in tests/conftest.py.
"""

import json
import re
import unicodedata
from pathlib import Path

from nnbook import i18n

NNBOOK = Path(__file__).resolve().parents[1] / "nnbook"

#: A Chinese character or full-width punctuation.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Four English words in a row: a sentence left untranslated (code such as `np.sum` or net.evaluate(test), paths
#: and URLs have no spaces between words).
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;]+[A-Za-z]{2,}){3,}")
#: Three English words in a row (a colon parts them too): stricter, for texts of a few words.
SHORT_ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")
#: A run of four Latin letters: English left behind (the maths — w, C, v1, η, ∇C — has none).
ENGLISH = re.compile(r"[A-Za-z]{4,}")
#: An English word of three letters or more (maths names such as v1, η, C, k, x1, h2, e+03 are no words).
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


# -- what makes a text Chinese ----------------------------------------------------------------------

def assert_chinese(text, english=ENGLISH_RUN, code=None):
    """Chinese characters in `text`, and no match of `english` once the code it may quote (`code`, a pattern) is
    taken out."""
    assert CJK.search(text), f"no Chinese in {text!r}"
    left = english.search(code.sub("", text) if code is not None else text)
    assert not left, f"English left in {text!r}: {left.group()!r}"


def feedback_in_chinese(feedback, ok, check=assert_chinese):
    """An exercise's Feedback in Chinese: right or not as `ok` says, its Chinese opening, its message passing `check`
    (a lesson's own assert_chinese); returns the message."""
    assert bool(feedback) is ok
    assert repr(feedback).startswith("✔ 答对了！" if ok else "✘ 还不对：")
    # after "✘ 还不对：" the message does not open by saying 不对 again ("✘ 还不对：2 不对。…")
    assert ok or not re.match(r"[^。：；]{0,24}不对", feedback.message), feedback.message
    check(feedback.message)
    return feedback.message


def is_chinese(text, code=None):
    """Chinese characters present, and no English word left once the quoted code (`code`, a pattern) is taken out."""
    return bool(CJK.search(text)) and not ENGLISH_WORD.search(code.sub("", text) if code is not None else text)


def width(text):
    """Columns in a monospace font: a Chinese character (or full-width punctuation) takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def figure_texts(fig):
    """Every text of a figure's axes: titles, axis labels, annotations, legend entries (not the tick labels)."""
    found = []
    for ax in fig.axes:
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
        if ax.get_legend() is not None:
            found += [t.get_text() for t in ax.get_legend().get_texts()]
    return [t for t in found if t]


# -- the catalogues ---------------------------------------------------------------------------------

def leaves(table, path=()):
    """Every (id path, text) of a catalogue table, nested tables walked."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from leaves(value, path + (key,))
        else:
            yield path + (key,), value


def texts(code, domain):
    """One catalogue file as {id path: text}."""
    return dict(leaves(i18n.load(code, domain)))


def sample(spec):
    """A value that a placeholder with this format spec takes: a word, a whole number or a float."""
    if spec and spec[-1] in "d,nxXbco":
        return 7
    if spec and spec[-1] in "eEfFgG%":
        return 1.5
    return "x"


def filled(text):
    """The text with every placeholder given a sample value of its kind (raises if the text does not format)."""
    return text.format(**{name: sample(spec) for name, spec in i18n.placeholders(text)})


def parity_problems(en, zh):
    """The ids missing from one side, and the texts whose placeholders differ."""
    found = [f"{'.'.join(k)} is only in English" for k in en.keys() - zh.keys()]
    found += [f"{'.'.join(k)} is only in Chinese" for k in zh.keys() - en.keys()]
    for key in en.keys() & zh.keys():
        a, b = en[key], zh[key]
        if type(a) is not type(b):
            found.append(f"{'.'.join(key)}: {type(a).__name__} in English, {type(b).__name__} in Chinese")
        elif isinstance(a, str) and i18n.placeholders(a) != i18n.placeholders(b):
            found.append(f"{'.'.join(key)}: placeholders {sorted(i18n.placeholders(a))} vs {sorted(i18n.placeholders(b))}")
        elif isinstance(a, list) and len(a) != len(b):
            found.append(f"{'.'.join(key)}: {len(a)} items in English, {len(b)} in Chinese")
    return sorted(found)


def module_source(domain):
    """The source of the module whose text a catalogue file holds: nnbook/<domain>.py or nnbook/lessons/<domain>.py.

    A lesson's code cells say sentences with the lesson's `TEXT(id, ...)` too, so a lesson module's source comes
    with the code cells of its lesson's English notebook (notebooks/NN_*.ipynb; the Chinese one has the same code).
    """
    for path in (NNBOOK / f"{domain}.py", NNBOOK / "lessons" / f"{domain}.py"):
        if path.exists():
            source = path.read_text(encoding="utf-8")
            if path.parent.name == "lessons":
                for notebook in sorted((NNBOOK.parent / "notebooks").glob(f"{domain[1:3]}_*.ipynb")):
                    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                    source += "".join("\n" + "".join(c["source"]) for c in cells if c["cell_type"] == "code")
            return source
    raise LookupError(f"no module for the catalogue {domain!r} in nnbook/ or nnbook/lessons/")


def unread_ids(table, source, computed=()):
    """The ids of a catalogue (as {id path: text}) that `source` never reads by name.

    A module reads each table and each id by name — TEXT["pad"], feedback("right", ...), TEXT['mirror']['ok'] — and
    the drawing pad's page reads its words as texts.<id>, so every name on an id's path must stand in the source.
    The ids of a table named in `computed` are made from data (a gate's key, a count), so only the table's name is
    looked for."""
    def read(name):
        return f'"{name}"' in source or f"'{name}'" in source or f"texts.{name}" in source

    return [".".join(path) for path in table
            if not all(read(name) for name in (path[:1] if path[0] in computed else path))]
