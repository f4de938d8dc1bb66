"""docs/teacher-guide.md and the lessons stay in step.

Every notebook in notebooks/ has a section in the guide whose heading holds the notebook's number and its title as
the notebook's first heading says it, in the order of the lessons, with the parts every section has; and every
lesson the guide names (a section, a row of its table, "lesson 05", "lessons 02–04") exists.
"""

import json
import re

import pytest

from conftest import ROOT

GUIDE = ROOT / "docs" / "teacher-guide.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PARTS = ["**Time:**", "**Goals**", "**Pause and ask", "**Misconceptions to watch for**", "**On the projector:**"]


def first_heading(notebook):
    """The text of the notebook's first Markdown heading, e.g. "01 · The perceptron"."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                match = re.match(r"#+\s+(.*\S)", line)
                if match:
                    return match.group(1)
    raise AssertionError(f"{notebook.name} has no Markdown heading")


def guide_text():
    return GUIDE.read_text(encoding="utf-8")


def sections():
    """The guide's "## " sections as (heading, body), in order."""
    parts = re.split(r"^## +(.*\S)\s*$", guide_text(), flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2]))


def lesson_numbers():
    return {notebook.name[:2] for notebook in NOTEBOOKS}


def test_there_are_lessons_and_a_guide():
    assert NOTEBOOKS, "no lesson notebooks found in notebooks/"
    assert GUIDE.is_file(), f"{GUIDE} is missing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_a_section_headed_with_its_number_and_title(notebook):
    title = first_heading(notebook)
    number = notebook.name[:2]
    assert title.startswith(number), f"{notebook.name}: its first heading {title!r} should start with {number}"
    headings = [heading for heading, _ in sections()]
    matching = [heading for heading in headings if number in heading and title in heading]
    assert matching, (f"docs/teacher-guide.md has no section heading with {title!r} (the first heading of "
                      f"{notebook.name}); its lesson headings are {headings}")
    assert len(matching) == 1, f"{title!r} heads more than one section of the guide: {matching}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_section_has_the_guide_parts(notebook):
    title = first_heading(notebook)
    body = next(body for heading, body in sections() if title in heading)
    missing = [part for part in PARTS if part not in body]
    assert not missing, f"the guide's section on {title!r} lacks {missing}"


def test_the_sections_follow_the_order_of_the_lessons():
    numbered = [heading[:2] for heading, _ in sections() if re.match(r"\d\d\b", heading)]
    assert numbered == [notebook.name[:2] for notebook in NOTEBOOKS], (
        f"lesson sections in the guide: {numbered}; notebooks: {[n.name for n in NOTEBOOKS]}")


def test_every_lesson_the_guide_names_exists():
    text = guide_text()
    named = set()
    named |= {heading[:2] for heading, _ in sections() if re.match(r"\d\d\b", heading)}
    named |= set(re.findall(r"^\|\s*(\d\d)\s*\|", text, flags=re.MULTILINE))  # rows of the time table
    for match in re.finditer(r"\b[Ll]essons? (\d\d)(?:\s*(?:–|-|and|,)\s*(\d\d))*", text):
        named |= set(re.findall(r"\d\d", match.group(0)))
        first_last = re.findall(r"(\d\d)\s*[–-]\s*(\d\d)", match.group(0))
        for first, last in first_last:
            named |= {f"{n:02d}" for n in range(int(first), int(last) + 1)}
    unknown = sorted(named - lesson_numbers())
    assert not unknown, f"the guide names lessons {unknown}, but notebooks/ has only {sorted(lesson_numbers())}"


def test_the_time_table_lists_every_lesson_once():
    rows = re.findall(r"^\|\s*(\d\d)\s*\|", guide_text(), flags=re.MULTILINE)
    assert sorted(rows) == sorted(lesson_numbers()), f"time table rows {rows}; lessons {sorted(lesson_numbers())}"


# --- the class time: at the top of every lesson, as the guide's table and section say it --------------------------

#: The line under a lesson's title: "*In class: about 45 minutes.*", "*In class: about 20–25 minutes, optional.*".
CLASS_TIME = re.compile(r"\*In class: about (\d+(?:–\d+)?) minutes(, optional)?\.\*")


def guide_times():
    """{lesson: (minutes, note)} from the guide's time table, e.g. {"00": ("25–30", "room left for …")}."""
    rows = re.findall(r"^\|\s*(\d\d)\s*\|\s*about (\d+(?:–\d+)?) min\s*\|\s*(.*?)\s*\|\s*$", guide_text(), flags=re.M)
    return {number: (minutes, note) for number, minutes, note in rows}


def class_time_line(notebook):
    """The first line after the title in the notebook's first cell (a Markdown cell)."""
    first = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]
    assert first["cell_type"] == "markdown", f"{notebook.name} does not start with a Markdown cell"
    lines = [line.strip() for line in "".join(first["source"]).splitlines()]
    assert lines and lines[0].startswith("# "), f"{notebook.name}: its first cell does not start with the title"
    return next((line for line in lines[1:] if line), "")


def test_the_time_table_gives_every_lesson_a_time_in_minutes():
    assert sorted(guide_times()) == sorted(lesson_numbers()), (
        f"rows of the form '| NN | about M min | note |' in the guide: {sorted(guide_times())}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_says_its_class_time_at_the_top_as_the_guide_does(notebook):
    number = notebook.name[:2]
    line = class_time_line(notebook)
    match = CLASS_TIME.fullmatch(line)
    assert match, (f"{notebook.name}: the line under the title should say the time in class, like "
                   f"'*In class: about 45 minutes.*'; it is {line!r}")
    minutes, optional = match.group(1), bool(match.group(2))
    table_minutes, note = guide_times()[number]
    assert minutes == table_minutes, (f"{notebook.name} says about {minutes} minutes in class, the guide's table "
                                      f"about {table_minutes}")
    assert optional == ("optional" in note.lower()), (f"{notebook.name} and the guide's table disagree on whether "
                                                      f"it is optional: {line!r}, note {note!r}")
    title = first_heading(notebook)
    body = next(body for heading, body in sections() if title in heading)
    assert f"**Time:** about {minutes} minutes" in body, (f"the guide's section on {title!r} should begin its "
                                                         f"**Time:** with 'about {minutes} minutes'")


def test_the_class_time_line_is_read_strictly():
    assert CLASS_TIME.fullmatch("*In class: about 45 minutes.*").group(1) == "45"
    assert CLASS_TIME.fullmatch("*In class: about 20–25 minutes, optional.*").groups() == ("20–25", ", optional")
    for wrong in ["In class: about 45 minutes.", "*In class: 45 minutes.*", "*In class: about 45 min.*",
                  "*About 45 minutes in class.*", "*In class: about 45-50 minutes.*"]:
        assert not CLASS_TIME.fullmatch(wrong), wrong


# --- the chapter, section by section: every part of chapter 1 has a lesson, or a reason it is left out ---------------

COVERAGE = "Chapter 1, section by section"
#: The chapter's sections and exercises (in the book's order), as the coverage table names them.
CHAPTER = ["Perceptrons", "Sigmoid neurons", "simulating perceptrons, part I", "simulating perceptrons, part II",
           "The architecture of neural networks", "recurrent", "A simple network to classify digits",
           "segmentation", "bitwise output layer", "Learning with gradient descent", "smooth cost",
           "best direction", "one variable", "Stochastic gradient descent", "online learning",
           "Implementing our network", "matrix form, a′ = σ(wa + b)", "no hidden layer", "support vector machine",
           "the record", "more data", "Toward deep learning"]


def coverage_rows():
    body = next(body for heading, body in sections() if heading.startswith(COVERAGE))
    rows = re.findall(r"^\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$", body, flags=re.MULTILINE)
    return [(part, where) for part, where in rows if part not in ("the chapter", "---")]


def test_every_part_of_the_chapter_has_a_row():
    parts = " ".join(part for part, _ in coverage_rows())
    missing = [name for name in CHAPTER if name not in parts]
    assert not missing, f"the guide's table '{COVERAGE}' has no row for {missing}"


def test_every_row_names_lessons_that_exist_or_says_why_it_is_left_out():
    for part, where in coverage_rows():
        if where.startswith("left out"):
            assert re.match(r"left out: \S.{20,}", where), f"{part!r}: say why it is left out, after 'left out: '"
            continue
        lessons = re.findall(r"\b\d\d\b", where.split(";")[0])
        assert lessons, f"{part!r}: name the lesson(s) that teach it, or say 'left out: why'"
        unknown = sorted(set(lessons) - lesson_numbers())
        assert not unknown, f"{part!r} is said to be taught in lessons {unknown}, which notebooks/ lacks"

# --- the Chinese guide (docs/teacher-guide.zh-CN.md): in step with the English, section by section ----------------

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
import guide_translation  # noqa: E402

CHINESE_GUIDE = ROOT / "docs" / "teacher-guide.zh-CN.md"
CHINESE_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
#: The parts of a Chinese lesson section, as PARTS are of an English one.
CHINESE_PARTS = ["**时间**：", "**目标**", "**停下来提问**", "**需要留意的误解**", "**投影时**："]
CJK_CHAR = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"


def chinese_sections():
    parts = re.split(r"^## +(.*\S)\s*$", CHINESE_GUIDE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2]))


def test_the_chinese_guide_translates_every_section_of_the_english_one_as_it_is_now():
    left = guide_translation.problems(ROOT)
    assert not left, ("docs/teacher-guide.zh-CN.md is not in step with docs/teacher-guide.md; run "
                      "`python3 tasks.py zh-sync guide` and translate:\n" +
                      "\n".join(guide_translation.report(ROOT, left)))


@pytest.mark.parametrize("notebook", CHINESE_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chinese_lesson_has_a_section_headed_with_its_chinese_title_and_the_parts(notebook):
    title = first_heading(notebook)
    matching = [(heading, body) for heading, body in chinese_sections() if heading == title]
    assert len(matching) == 1, (f"docs/teacher-guide.zh-CN.md should have one section headed {title!r} (the first "
                                f"heading of notebooks/zh/{notebook.name}); it has {[h for h, _ in chinese_sections()]}")
    body = matching[0][1]
    missing = [part for part in CHINESE_PARTS if part not in body]
    assert not missing, f"the Chinese guide's section {title!r} lacks {missing}"
    minutes = CLASS_TIME.fullmatch(class_time_line(notebook.parent.parent / notebook.name)).group(1)
    assert f"**时间**：约 {minutes} 分钟" in body, f"the Chinese section {title!r} should say 约 {minutes} 分钟"


def prose(text):
    """The guide's text without code spans, links' addresses and the translation records."""
    text = guide_translation.RECORD.sub("", text)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_the_chinese_guide_has_no_italics_and_chinese_punctuation():
    text = prose(CHINESE_GUIDE.read_text(encoding="utf-8"))
    # the book's English title is the one italic span: it stays as the book is named (glossary: credit)
    italics = [m.group() for m in re.finditer(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)|(?<!\w)_[^_\n]+_(?!\w)", text)
               if m.group() != "*Neural Networks and Deep Learning*"]
    assert not italics, f"italics in the Chinese guide (Chinese has none: use **bold** or “”): {italics[:5]}"
    ascii_next_to_chinese = re.findall(rf"{CJK_CHAR}[,:;?!()]|[,;?!(]\s*{CJK_CHAR}", text)
    assert not ascii_next_to_chinese, f"English punctuation beside Chinese: {ascii_next_to_chinese[:5]}"
    assert not re.search(r'"[^"\n]*' + CJK_CHAR, text), "Chinese in straight quotes: use “…”"


def guide_pair(tmp_path):
    """A copy of both guides in a repository of their own (for git's history), committed."""
    (tmp_path / "docs").mkdir()
    shutil.copy(GUIDE, tmp_path / "docs" / "teacher-guide.md")
    shutil.copy(CHINESE_GUIDE, tmp_path / "docs" / "teacher-guide.zh-CN.md")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "docs")
    git(tmp_path, "commit", "-q", "-m", "the guides")
    return tmp_path / "docs" / "teacher-guide.md", tmp_path / "docs" / "teacher-guide.zh-CN.md"


def git(root, *args):
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args], cwd=root,
                   check=True, capture_output=True)


def test_a_changed_english_section_makes_its_translation_stale_with_the_english_diff_to_apply(tmp_path):
    english, chinese = guide_pair(tmp_path)
    assert guide_translation.problems(tmp_path) == []
    text = english.read_text(encoding="utf-8")
    old = "**Time:** about 50 minutes. The XOR sliders"
    assert old in text
    english.write_text(text.replace(old, "**Time:** about 50 minutes, a new sentence. The XOR sliders"), "utf-8")
    left = guide_translation.problems(tmp_path)
    assert [(kind, key) for kind, key, _ in left] == [("stale", "03")]
    shown = "\n".join(guide_translation.report(tmp_path, left))
    assert "-**Time:** about 50 minutes. The XOR sliders" in shown
    assert "+**Time:** about 50 minutes, a new sentence. The XOR sliders" in shown
    # sync leaves an untouched stale translation stale, and records it once the translator has updated it
    assert guide_translation.sync(tmp_path)[0] == []
    assert [k for k, _, _ in guide_translation.problems(tmp_path)] == ["stale"]
    zh = chinese.read_text(encoding="utf-8")
    chinese.write_text(zh.replace("**时间**：约 50 分钟。", "**时间**：约 50 分钟，新的一句。"), "utf-8")
    recorded, dropped, left = guide_translation.sync(tmp_path)
    assert (recorded, dropped, left) == (["03"], [], [])
    assert guide_translation.sync(tmp_path) == ([], [], [])  # recorded once


def test_an_edit_to_a_translation_in_step_is_recorded_so_that_a_later_english_change_still_shows_stale(tmp_path):
    english, chinese = guide_pair(tmp_path)
    zh = chinese.read_text(encoding="utf-8")
    chinese.write_text(zh.replace("**时间**：约 50 分钟。", "**时间**：大约 50 分钟。"), "utf-8")
    assert [(kind, key) for kind, key, _ in guide_translation.problems(tmp_path)] == [("unrecorded", "03")]
    assert guide_translation.sync(tmp_path) == ([], [], [])  # in step: nothing to say, but its own hash is renewed
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("**Time:** about 50 minutes.", "**Time:** about 50 minutes, or more."), "utf-8")
    recorded, _, left = guide_translation.sync(tmp_path)
    assert recorded == [] and [(kind, key) for kind, key, _ in left] == [("stale", "03")], (
        "an untouched translation of a changed English section must stay stale, not be taken as just translated")


def test_a_new_english_section_is_copied_across_to_translate_and_a_dropped_one_is_dropped(tmp_path):
    english, chinese = guide_pair(tmp_path)
    text = english.read_text(encoding="utf-8")
    new = "## 10 · Something new\n\n**Time:** about 45 minutes.\n\n"
    english.write_text(text.replace("## 09 ·", new + "## 09 ·").replace("## 02 ·", "## 02x ·"), "utf-8")
    assert sorted((kind, key) for kind, key, _ in guide_translation.problems(tmp_path)) == [
        ("missing", "02x-from-perceptrons-to-sigmoid-neurons"), ("missing", "10"), ("orphan", "02")]
    recorded, dropped, left = guide_translation.sync(tmp_path)
    assert dropped == ["02"]
    assert sorted((kind, key) for kind, key, _ in left) == [
        ("to translate", "02x-from-perceptrons-to-sigmoid-neurons"), ("to translate", "10")]
    zh = chinese.read_text(encoding="utf-8")
    assert "## 10 · Something new\n<!-- translation: key=10 en=- zh=- -->" in zh
    assert zh.index("## 10 · Something new") < zh.index("## 09 · 附录")  # in the English order
    chinese.write_text(zh.replace("## 10 · Something new", "## 10 · 新的一课"), "utf-8")
    recorded, _, left = guide_translation.sync(tmp_path, translated=["02x-from-perceptrons-to-sigmoid-neurons"])
    assert sorted(recorded) == ["02x-from-perceptrons-to-sigmoid-neurons", "10"] and left == []
    with pytest.raises(SystemExit, match="no section"):
        guide_translation.sync(tmp_path, translated=["99"])


def test_zh_sync_guide_says_the_guide_is_in_step():
    done = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "zh-sync", "guide"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The Chinese teacher's guide is in step with the English one." in done.stdout


def unclosed_bold(text):
    """Bold spans a Markdown renderer (CommonMark, GitHub) leaves as asterisks: `**时间：**约` — a `**` beside
    punctuation inside closes (or opens) only with a space or punctuation outside, which Chinese rarely has."""
    import unicodedata

    def punctuation(c):
        return unicodedata.category(c)[0] in "PS"

    found = []
    for line in text.splitlines():
        for m in re.finditer(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", line):
            inner, before = m.group(1), line[m.start() - 1] if m.start() else " "
            after = line[m.end()] if m.end() < len(line) else " "
            if (punctuation(inner[-1]) and not (after.isspace() or punctuation(after))) or (
                    punctuation(inner[0]) and not (before.isspace() or punctuation(before))):
                found.append(m.group())
    return found


def test_the_chinese_guide_and_readme_bold_what_they_mean_to():
    for path in (CHINESE_GUIDE, ROOT / "README.zh-CN.md"):
        assert unclosed_bold(path.read_text(encoding="utf-8")) == [], (
            f"{path.name}: bold a renderer shows as asterisks (write **时间**：, not **时间：**)")
    assert unclosed_bold("**时间：**约 45 分钟；**“错”**误") == ["**时间：**", "**“错”**"]
    assert unclosed_bold("**时间**：约；**阈值和偏置。** 偏置；**“错”**。") == []
