"""Source code shown in a lesson: a function's lines without its docstring, and notes under some lines.

Lesson 06 shows the learner `Network` this way and the appendix (lesson 09) the three ways of taking
one step: the code a student reads is read from the code that runs (`inspect`), never a copy.

* `code_lines(function)`: its source lines, dedented, without the docstring;
* `AnnotatedSource(blocks, n_lines)`: blocks of (name, [(line, note or None), …]) that show as
  coloured HTML in Jupyter (notes in orange under their line, "▲ …") and as plain text elsewhere,
  with a last line saying how many lines of code they hold.

Its words come from nnbook/locales/<language>/listings.toml.
"""

import ast
import html
import inspect
import textwrap

from .i18n import catalogue

#: What a student reads here, in the language in use (nnbook/locales/*/listings.toml).
TEXT = catalogue("listings")


def code_lines(function):
    """The source lines of `function`, dedented, without its docstring."""
    source = textwrap.dedent(inspect.getsource(function))
    lines = source.splitlines()
    body = ast.parse(source).body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        del lines[body[0].lineno - 1:body[0].end_lineno]
    return lines


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
        parts.append(f"<i>{html.escape(TEXT('lines_of_code', n=self.n_lines))}</i>")
        return ('<pre style="font-size:14px;line-height:1.35;background:#f7f7f7;padding:10px">'
                + "\n".join(parts) + "</pre>")
