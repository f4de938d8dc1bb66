"""Source code shown in a lesson: a function's lines without its docstring, and notes under some lines.

Lesson 06 shows the learner `Network` this way and the appendix (lesson 09) the three ways of taking
one step: the code a student reads is read from the code that runs (`inspect`), never a copy.

* `code_lines(function)`: its source lines, dedented, without the docstring;
* `AnnotatedSource(blocks, n_lines)`: blocks of (name, [(line, note or None), …]) that show as
  coloured HTML in Jupyter (notes in orange under their line, "▲ …") and as plain text elsewhere,
  with a last line saying how many lines of code they hold.

The code a lesson shows is the code that runs; only its comments are shown in the language in use (the catalogue's
`comments` table, keyed by the English comment), as the Chinese lessons' code cells translate only their comments.

Its words come from nnbook/locales/<language>/listings.toml.
"""

import ast
import html
import inspect
import io
import textwrap
import tokenize

from .i18n import catalogue, language, load

#: What a student reads here, in the language in use (nnbook/locales/*/listings.toml).
TEXT = catalogue("listings")


def code_lines(function):
    """The source lines of `function`, dedented, without its docstring, its comments in the language in use."""
    source = textwrap.dedent(inspect.getsource(function))
    lines = source.splitlines()
    body = ast.parse(source).body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        del lines[body[0].lineno - 1:body[0].end_lineno]
    return translated_comments(lines)


def comments(lines):
    """[(line index, column, text after "# ")] of every comment in `lines` (Python source)."""
    tokens = tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline)
    return [(t.start[0] - 1, t.start[1], t.string[1:].strip()) for t in tokens if t.type == tokenize.COMMENT]


def translated_comments(lines):
    """`lines` with each comment the catalogue's `comments` table knows (by its English text) in the language in
    use; the code is untouched, and a comment it does not know stays as it is (tests/test_listings.py fails on one
    that a lesson shows)."""
    if language() == "en":
        return list(lines)
    english = {text: key for key, text in load("en", "listings")["comments"].items()}
    out = list(lines)
    for row, column, text in comments(lines):
        key = english.get(text)
        if key is not None:
            out[row] = out[row][:column] + "# " + TEXT["comments"][key]
    return out


class AnnotatedSource:
    """Source code with notes under some lines; shows as coloured HTML in Jupyter, plain text elsewhere."""

    def __init__(self, blocks, n_lines):
        self.blocks = blocks  # [(name, [(line, note or None), ...]), ...]
        self.n_lines = n_lines

    def __repr__(self):
        out = []
        for name, rows in self.blocks:
            for line, note in rows:
                out.append(line)
                if note:
                    indent = len(line) - len(line.lstrip())
                    out.append(" " * indent + "▲ " + note)
            out.append("")
        out.append(TEXT("lines_of_code", n=self.n_lines))
        return "\n".join(out)

    def _repr_html_(self):
        parts = []
        for name, rows in self.blocks:
            for line, note in rows:
                parts.append(html.escape(line))
                if note:
                    indent = len(line) - len(line.lstrip())
                    parts.append(f'<span style="color:#e65100;font-weight:bold">{" " * indent}▲ {html.escape(note)}</span>')
            parts.append("")
        last = html.escape(TEXT("lines_of_code", n=self.n_lines))
        parts.append(f"<i>{last}</i>" if language() == "en" else last)  # Chinese has no italics
        return ('<pre style="font-size:14px;line-height:1.35;background:#f7f7f7;padding:10px">'
                + "\n".join(parts) + "</pre>")
