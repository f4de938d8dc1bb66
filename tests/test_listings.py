"""The code listings lessons 06 and 09 show (nnbook/listings.py): the code that runs, its comments in the lesson's
language.

In the Chinese lessons the listing's comments are Chinese while its code stays token for token the code of the
function that runs, as the English listing shows it; no English comment reaches a Chinese student, and the
catalogue's table of comments holds exactly the comments the listings show.
"""

import ast
import importlib.util
import inspect
import re
import textwrap

import pytest

import nnbook
from nnbook import i18n
from nnbook.fast import FastStep
from nnbook.lessons.l06_training import LEARNING_METHODS, learning_code
from nnbook.lessons.l09_appendix_speed import code_of
from nnbook.listings import comments, translated_comments
from nnbook.network import Network
from nnbook.per_example import per_example_step

from conftest import ROOT

spec = importlib.util.spec_from_file_location("translation", ROOT / "tools" / "translation.py")
translation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translation)

#: What each lesson shows: lesson 06 `learning_code()`, lesson 09 `code_of(per_example_step)` and
#: `code_of(FastStep.__call__)` (the notebooks' cells call them so), with the functions whose code they are.
LISTINGS = {
    "06 learning_code()": (learning_code, [getattr(Network, name) for name in LEARNING_METHODS]),
    "09 code_of(per_example_step)": (lambda: code_of(per_example_step), [per_example_step]),
    "09 code_of(FastStep.__call__)": (lambda: code_of(FastStep.__call__), [FastStep.__call__]),
}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]")


def shown(make, language):
    nnbook.set_language(language)
    try:
        return make()
    finally:
        nnbook.set_language("en")


def code(text):
    return translation.code_without_comments(text)


def running_source(function):
    """The code of `function` as Python runs it, docstring aside: its syntax tree, without line numbers."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        del body[0]
    return ast.dump(tree)


@pytest.mark.parametrize("name", LISTINGS)
def test_the_chinese_listing_is_the_english_code_with_chinese_comments(name):
    make, _ = LISTINGS[name]
    en, zh = shown(make, "en"), shown(make, "zh")
    assert [n for n, _ in en.blocks] == [n for n, _ in zh.blocks]
    for (block, en_rows), (_, zh_rows) in zip(en.blocks, zh.blocks):
        en_lines, zh_lines = [line for line, _ in en_rows], [line for line, _ in zh_rows]
        assert code("\n".join(en_lines)) == code("\n".join(zh_lines)), f"{name}: the code of {block} differs"
        pairs = list(zip(comments(en_lines), comments(zh_lines)))
        assert len(pairs) == len(comments(en_lines)) == len(comments(zh_lines))
        left = [en_text for (_, _, en_text), (_, _, zh_text) in pairs
                if ENGLISH_WORD.search(en_text) and not CJK.search(zh_text)]
        assert not left, f"{name}: English comments in the Chinese listing of {block}: {left}"
    assert en.n_lines == zh.n_lines


@pytest.mark.parametrize("name", LISTINGS)
def test_the_listing_shown_is_the_code_that_runs(name):
    make, functions = LISTINGS[name]
    for language in ("en", "zh"):
        listing = shown(make, language)
        assert len(listing.blocks) == len(functions)
        for (block, rows), function in zip(listing.blocks, functions):
            assert block in (function.__qualname__, function.__name__)
            shown_tree = ast.dump(ast.parse("\n".join(line for line, _ in rows)))
            assert shown_tree == running_source(function), f"{name} ({language}): {block} is not the code that runs"


def test_the_comment_table_holds_the_comments_the_listings_show_and_no_other():
    shown_comments = {text for make, _ in LISTINGS.values() for block, rows in shown(make, "en").blocks
                      for _, _, text in comments([line for line, _ in rows]) if ENGLISH_WORD.search(text)}
    table = set(i18n.load("en", "listings")["comments"].values())
    assert shown_comments - table == set(), "comments to add to nnbook/locales/*/listings.toml [comments]"
    assert table - shown_comments == set(), "comments in nnbook/locales/*/listings.toml that no listing shows"


def test_an_unknown_comment_stays_and_the_code_is_untouched(chinese):
    lines = ["x = 1  # a comment nobody translated", "y = '# not a comment'  # the next m examples, as columns"]
    assert translated_comments(lines) == ["x = 1  # a comment nobody translated",
                                          "y = '# not a comment'  # 接下来的 m 个样本，排成列"]


def test_the_line_under_a_chinese_listing_is_not_in_italics(chinese):
    page = learning_code()._repr_html_()
    assert "<i>" not in page and "行代码" in page
    nnbook.set_language("en")
    assert "<i>" in learning_code()._repr_html_()
