"""Feedback and panel texts: escaped, then `code`, **bold** and *emphasis* shown as such (nnbook/markup.py); Chinese
gets no italics."""

import nnbook
from nnbook.explorer import text_html
from nnbook.feedback import not_yet, right
from nnbook.markup import inline_html


def test_code_bold_and_emphasis_become_tags_in_english():
    assert inline_html("SGD takes one step per *mini-batch*: `net.evaluate(test)` counts **right** ones") == (
        "SGD takes one step per <i>mini-batch</i>: <code>net.evaluate(test)</code> counts <b>right</b> ones")


def test_chinese_has_no_italics_emphasis_is_bold(chinese):
    shown = inline_html("每一个*小批量*走一步：`net.evaluate(test)` 数出**认对**的")
    assert shown == "每一个<b>小批量</b>走一步：<code>net.evaluate(test)</code> 数出<b>认对</b>的"
    assert "<i>" not in shown
    assert "<i>" not in right("走一步 *下坡*")._repr_html_()


def test_everything_else_is_escaped_first_and_no_markup_inside_code():
    assert inline_html("<script>alert(1)</script> & `a*b*c` `<b>`") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <code>a*b*c</code> <code>&lt;b&gt;</code>")
    assert inline_html("an answer of '*x*' is shown") == "an answer of &#x27;<i>x</i>&#x27; is shown"


def test_asterisks_that_are_arithmetic_or_inside_words_stay():
    for text in ["2 * 3 * 4", "a*b*c", "w1 * x1 + w2 * x2", "η = 3.0 *", "* a list item", "a ** 2", "**", "`"]:
        assert inline_html(text) == text.replace("&", "&amp;"), text


def test_a_span_never_crosses_a_line():
    assert inline_html("*one\ntwo*") == "*one\ntwo*"
    assert inline_html("`one\ntwo`") == "`one\ntwo`"


def test_feedback_and_panels_render_it_and_their_text_stays_as_written():
    feedback = not_yet("SGD takes one step per *mini-batch*, not per example")
    assert "<i>mini-batch</i>" in feedback._repr_html_() and "*mini-batch*" in repr(feedback)
    assert "<code>python -m nnbook.data</code>" in text_html("run `python -m nnbook.data` first")
    nnbook.set_language("zh")
    try:
        assert "<b>小批量</b>" in not_yet("每个*小批量*一步")._repr_html_()
    finally:
        nnbook.set_language("en")
