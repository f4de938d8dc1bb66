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
