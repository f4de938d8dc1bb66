"""The Chinese edition: one catalogue per language, the same ids and placeholders in both, a font that
has every character, and Chinese lessons that stay in step with the English ones."""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

import nnbook
from i18n_checks import CJK, ENGLISH, filled, leaves, module_source, parity_problems, texts, unread_ids
from nnbook import fonts, i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "nnbook" / "locales"
#: Catalogue tables whose ids a module makes from data, not names: a gate's key (perceptron._gate_id), a count
#: (feedback: str(n)), a surface's name and a number of jumps (surfaces).  Only the table's name is in the source.
COMPUTED = {"feedback": {"counts"}, "listings": {"comments"}, "words": {"gates", "surface_names", "times", "evaluated_on"}}
#: Catalogues whose ids the idea modules hand over as keys (`InputError("not_a_count", ...)`, a Path's
#: `said`, a surface's regime): read by name somewhere in nnbook, turned into words by their own module.
SHARED = ("errors", "words")

spec = importlib.util.spec_from_file_location("translation", ROOT / "tools" / "translation.py")
translation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translation)


def all_texts(code):
    return {(d,) + k: v for d in i18n.domains(code) for k, v in leaves(i18n.load(code, d))}


# -- choosing the language --------------------------------------------------------------------------

def test_english_unless_asked(monkeypatch):
    monkeypatch.delenv("NNBOOK_LANG", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the machine's locale is never read
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    monkeypatch.setattr(i18n, "_chosen", None)
    assert i18n.language() == "en"
    monkeypatch.setenv("NNBOOK_LANG", "zh")
    assert i18n.language() == "zh"
    nnbook.set_language("en")  # the notebook's call wins over the environment
    assert i18n.language() == "en"


def test_unknown_languages_say_what_to_use(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    with pytest.raises(ValueError, match="'en' or 'zh'"):
        nnbook.set_language("fr")
    monkeypatch.setenv("NNBOOK_LANG", "zh_CN")
    with pytest.raises(ValueError, match="NNBOOK_LANG.*'en' or 'zh'"):
        i18n.language()


def test_a_fresh_process_reads_NNBOOK_LANG():
    code = "import nnbook; print(nnbook.language())"
    for env, expected in (({"NNBOOK_LANG": "zh"}, "zh"), ({}, "en")):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8", **env}).stdout.strip()
        assert out == expected


def test_catalogue_reads_the_language_in_use_at_each_lookup(chinese, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "load", lambda code, domain: {"hi": {"en": "hello {name}", "zh": "你好，{name}"}[code]})
    text = i18n.catalogue("demo")
    assert text("hi", name="Ada") == "你好，Ada"
    nnbook.set_language("en")
    assert text("hi", name="Ada") == "hello Ada"
    with pytest.raises(KeyError, match="no text 'bye' in demo"):
        text["bye"]


# -- the catalogues ---------------------------------------------------------------------------------

def test_both_languages_have_the_same_catalogue_files():
    assert i18n.domains("en"), "nnbook/locales/en has no catalogue"
    assert i18n.domains("en") == i18n.domains("zh")


@pytest.mark.parametrize("domain", i18n.domains("en"))
def test_every_id_is_in_both_languages_read_by_its_module_and_formats(domain):
    """The same ids and placeholders in both languages; every id read by name in the module the catalogue belongs
    to (nnbook/<domain>.py or nnbook/lessons/<domain>.py); every text formats in both languages with values of its
    placeholders' kinds, and leaves no brace behind."""
    en, zh = texts("en", domain), texts("zh", domain)
    assert parity_problems(en, zh) == []
    source = module_source(domain)
    if domain in SHARED:
        source += "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "nnbook").rglob("*.py")))
    assert unread_ids(en, source, computed=COMPUTED.get(domain, ())) == [], \
        f"in the catalogue but never read by {domain}"
    for code, table in (("en", en), ("zh", zh)):
        for key, text in table.items():
            if isinstance(text, str):
                try:
                    done = filled(text)
                except (ValueError, KeyError, IndexError) as e:
                    pytest.fail(f"{code}: {'.'.join(key)}: {text!r} does not format: {e}")
                assert "{" not in done and "}" not in done, (code, key, done)


def test_the_unread_check_can_fail():
    table = {("gate",): "g", ("pad", "clear"): "c", ("counts", "2"): "two", ("gone",): "x"}
    source = 'TEXT["gate"], TEXT[\'pad\'], texts.clear, TEXT["counts"][str(n)]'
    assert unread_ids(table, source) == ["counts.2", "gone"]
    assert unread_ids(table, source, computed={"counts"}) == ["gone"]


def test_the_parity_check_can_fail():
    en = {("d", "a"): "{x:.1f} and {y}", ("d", "b"): "b"}
    zh = {("d", "a"): "{x} 和 {y}", ("d", "c"): "c"}
    found = parity_problems(en, zh)
    assert any("d.b is only in English" in f for f in found)
    assert any("d.c is only in Chinese" in f for f in found)
    assert any("d.a: placeholders" in f for f in found)


def test_the_chinese_catalogue_is_chinese():
    texts = all_texts("zh")
    english = [k for k, v in texts.items() if isinstance(v, str) and ENGLISH.search(v)
               and not CJK.search(v) and v == all_texts("en").get(k)]
    # identical short technical strings (w1, η = {eta}, NAND, MNIST) may stay; whole English sentences may not
    sentences = [k for k in english if len(texts[k].split()) >= 4]
    assert sentences == [], f"untranslated: {sentences[:20]}"


def test_no_chinese_inside_mathtext():
    """matplotlib's maths renderer has no Chinese glyphs and only logs the boxes it draws."""
    bad = [k for k, v in all_texts("zh").items() if isinstance(v, str) and "$" in v and CJK.search(v)]
    assert bad == []


#: A Markdown italic span, once code (`…`) and maths ($…$) are taken out: *…* (not **…**) or _…_ between non-word
#: characters.  Chinese fonts have no italics (a browser fakes a slant): the Chinese text uses bold or “”.
ITALIC = re.compile(r"(?<![*\\])\*(?![*\s])[^*\n]+?(?<![\s*\\])\*(?!\*)|(?<![\w\\])_(?![_\s])[^_\n]+?(?<![\s_])_(?!\w)")


def italics(markdown):
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.S)
    markdown = re.sub(r"`[^`\n]*`", "``", markdown)
    markdown = re.sub(r"\$\$.*?\$\$", "", markdown, flags=re.S)
    markdown = re.sub(r"\$[^$\n]*\$", "", markdown)
    return [m.group(0) for m in ITALIC.finditer(markdown)]


def test_no_italics_in_the_chinese_lessons_or_catalogue():
    found = [(path.name, cell["id"], span) for path in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
             for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "markdown"
             for span in italics("".join(cell["source"]))]
    found += [(k, span) for k, v in all_texts("zh").items() if isinstance(v, str) for span in italics(v)]
    assert found == [], f"italics in Chinese text (write **bold** or “…”): {found[:20]}"


def test_the_italics_check_can_fail():
    assert italics("它找到的是*某一个*山谷，_不一定_。") == ["*某一个*", "_不一定_"]  # _…_ inside a word is not italic
    assert italics("**粗体**、`a*b*c`、$a_1 b_2$、`training_data`、x_1 和 y_2") == []


# -- the font ---------------------------------------------------------------------------------------

def test_the_font_has_every_character_of_the_chinese_text():
    text = "".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in all_texts("zh").values())
    assert fonts.covers(text) == [], "rebuild the font: python3 tasks.py font"


def test_the_coverage_check_can_fail():
    assert fonts.covers("\u9fa5\u4dc0") != []   # 龥 and a hexagram are in no text of nnbook


def test_the_font_is_registered_after_the_default_font():
    family = matplotlib.rcParams["font.family"]
    assert family[-1] == fonts.FAMILY and family.index(fonts.FAMILY) > 0


def test_the_font_carries_its_licence():
    licence = (ROOT / "nnbook" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence


def draw(title, xlabel=""):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    fig.canvas.draw()
    plt.close(fig)


def test_chinese_in_a_figure_draws_without_a_warning_or_a_glyph_log(glyph_log):
    text = "".join(sorted(fonts.characters()))
    draw(f"{text[:20]} w·x + b = 0", text[20:40])
    assert glyph_log == []


def test_the_glyph_log_check_can_fail(glyph_log):
    draw("$感知机$")
    assert glyph_log != []


# -- the Chinese lessons ----------------------------------------------------------------------------

def test_the_chinese_lessons_are_in_step_with_the_english_ones():
    """Same files, same cells and ids, the same code; every Markdown cell translated from the current English."""
    found = translation.problems(ROOT)
    assert found == [], "run `python3 tasks.py zh-sync`, then translate:\n" + "\n".join(
        f"{kind}: {detail}" for kind, _, detail in found)


def _lesson(tmp_path):
    """A one-lesson copy of the series: an English lesson and its Chinese translation, in step."""
    en = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Hello"},
                    {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": "print(1)  # one"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks").mkdir()
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [k for k, _, _ in translation.sync(tmp_path)] == ["to translate"]
    zh = translation.load(tmp_path / "notebooks" / "zh" / "00_x.ipynb")
    zh["cells"][1]["source"] = "# 你好"
    translation.mark_translated(zh["cells"][1], en["cells"][0])
    zh["cells"][2]["source"] = "print(1)  # 一"  # a translated comment is the same code
    translation.save(zh, tmp_path / "notebooks" / "zh" / "00_x.ipynb")
    assert translation.problems(tmp_path) == []
    return en


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    en = _lesson(tmp_path)
    en["cells"][0]["source"] = "# Hello, class"
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [(k, c) for k, c, _ in translation.problems(tmp_path)] == [("stale", "a")]
    translation.sync(tmp_path)  # sync keeps the stale translation for the translator to update
    assert translation.load(tmp_path / "notebooks" / "zh" / "00_x.ipynb")["cells"][1]["source"] == "# 你好"


def test_different_code_and_new_cells_are_found_and_synced(tmp_path):
    en = _lesson(tmp_path)
    zh_path = tmp_path / "notebooks" / "zh" / "00_x.ipynb"
    zh = translation.load(zh_path)
    zh["cells"][2]["source"] = "print(2)"
    translation.save(zh, zh_path)
    assert [(k, c) for k, c, _ in translation.problems(tmp_path)] == [("code differs", "b")]
    en["cells"].append({"cell_type": "markdown", "id": "c", "metadata": {}, "source": "More"})
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [(k, c) for k, c, _ in translation.sync(tmp_path)] == [("to translate", "c")]
    cells = translation.load(zh_path)["cells"]
    assert [c["id"] for c in cells] == ["set-language-zh", "a", "b", "c"]
    assert cells[2]["source"] == "print(1)  # one"


def test_zh_sync_records_a_translation_once_it_is_written(tmp_path):
    """A stale translation the translator rewrote is recorded by the next sync; one nobody touched stays stale;
    a cell copied across is recorded once its text is no longer the English."""
    en = _lesson(tmp_path)
    zh_path = tmp_path / "notebooks" / "zh" / "00_x.ipynb"
    en["cells"][0]["source"] = "# Hello, class"
    en["cells"].append({"cell_type": "markdown", "id": "c", "metadata": {}, "source": "More"})
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [(k, c) for k, c, _ in translation.sync(tmp_path)] == [("stale", "a"), ("to translate", "c")]
    zh = translation.load(zh_path)
    zh["cells"][1]["source"] = "# 同学们好"
    translation.save(zh, zh_path)
    assert [(k, c) for k, c, _ in translation.sync(tmp_path)] == [("to translate", "c")]
    assert translation.load(zh_path)["cells"][1]["metadata"]["translation"]["en"] == translation.english_hash(
        en["cells"][0])
    zh = translation.load(zh_path)
    zh["cells"][3]["source"] = "更多"
    translation.save(zh, zh_path)
    assert translation.sync(tmp_path) == []


def test_a_cell_that_needs_no_translation_is_recorded_by_name(tmp_path):
    en = _lesson(tmp_path)
    en["cells"].append({"cell_type": "markdown", "id": "c", "metadata": {}, "source": "$$z = w \\cdot x + b$$"})
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [(k, c) for k, c, _ in translation.sync(tmp_path, ["00"])] == [("to translate", "c")]
    assert translation.record(tmp_path, ["00"], ["c"]) == [("00_x.ipynb", "c")]
    assert translation.problems(tmp_path) == []
    with pytest.raises(SystemExit, match="no Markdown cell"):
        translation.record(tmp_path, ["00"], ["b"])  # a code cell is not a translation


def test_an_old_record_without_its_own_hash_is_compared_with_the_committed_translation(tmp_path):
    """Translations recorded before the "zh" hash was kept: a stale one counts as rewritten when its text is no
    longer the one git's HEAD has (and stays stale where there is no git to ask)."""
    en = _lesson(tmp_path)
    zh_path = tmp_path / "notebooks" / "zh" / "00_x.ipynb"
    zh = translation.load(zh_path)
    zh["cells"][1]["metadata"]["translation"].pop("zh")
    translation.save(zh, zh_path)
    en["cells"][0]["source"] = "# Hello, class"
    translation.save(en, tmp_path / "notebooks" / "00_x.ipynb")
    assert [(k, c) for k, c, _ in translation.sync(tmp_path)] == [("stale", "a")]  # no git here: not recorded
    git = dict(cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["git", "init", "-q"], **git)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "x", "--allow-empty"], **git)
    subprocess.run(["git", "add", "."], **git)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "lessons"], **git)
    assert [(k, c) for k, c, _ in translation.sync(tmp_path)] == [("stale", "a")]  # committed as it is: untouched
    zh = translation.load(zh_path)
    zh["cells"][1]["source"] = "# 同学们好"
    translation.save(zh, zh_path)
    assert translation.sync(tmp_path) == []


def test_no_italics_in_the_chinese_docs():
    docs = [ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.zh-CN.md"))]
    found = [(path.name, span) for path in docs for span in italics(path.read_text(encoding="utf-8"))]
    assert found == [], f"italics in the Chinese docs (write **bold** or “…”): {found[:20]}"
