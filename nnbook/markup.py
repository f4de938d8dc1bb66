"""The little Markdown that feedback and panel texts may hold, as HTML: `code`, **bold**, *emphasis*.

Feedback (nnbook/feedback.py) and an explorer's text panel (nnbook/explorer.py) show a catalogue's text as HTML;
`inline_html(text)` escapes it first (so a student's answer or a file name can never inject markup) and then turns
just these three spans into tags, on the escaped text. Emphasis is italic in English only: Chinese fonts have no
italics (a browser fakes a slant), so in any other language *emphasis* is bold, as the glossary's rules say.
A span never crosses a line, and an asterisk with a space after it (2 * 3) or inside a word (a*b) is no markup.
"""

import html
import re

from .i18n import language

CODE = re.compile(r"`([^`\n]+)`")
BOLD = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")
#: "inside a word" means a Latin word: Chinese has no spaces, so 每个*小批量*一步 is emphasis.
EMPHASIS = re.compile(r"(?<![A-Za-z0-9_*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![A-Za-z0-9_*])")


def _spans(text):
    """Bold and emphasis of a piece of escaped text that holds no code."""
    text = BOLD.sub(r"<b>\1</b>", text)
    return EMPHASIS.sub(r"<i>\1</i>" if language() == "en" else r"<b>\1</b>", text)


def inline_html(text):
    """`text` escaped for HTML, with its `code`, **bold** and *emphasis* spans as tags (no italics but in English)."""
    escaped = html.escape(text)
    out, at = [], 0
    for match in CODE.finditer(escaped):
        out.append(_spans(escaped[at:match.start()]))
        out.append(f"<code>{match.group(1)}</code>")
        at = match.end()
    out.append(_spans(escaped[at:]))
    return "".join(out)
