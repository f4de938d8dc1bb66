"""Every lesson of both languages, released, handed in and autograded by nbgrader (issue 26).

Two students hand in every lesson: `solved` typed each answer of grading/solutions.toml into the
released notebook, `blank` handed the released notebook in as it came. They go into
`submitted/<student>/<assignment>/` as in nbgrader's own tests, then `nbgrader autograde` and
`generate_feedback` run on the whole course, and the gradebook and the graded notebooks are read.
This runs every lesson twice per language (lesson 06 trains for about a minute each time): several
minutes, so `make test-lowest` leaves it out (tasks.py LOWEST_SKIPS) and keeps tests/test_assignments.py,
whose one-lesson round exercises nbgrader at its lowest version.
"""

import ast
import json
import re

import pytest
from test_assignments import LANGUAGES, ROOT, built, course, lesson_cell_with_blank_before_the_call, lessons, load, \
    nbgrader, solved_copy, text  # noqa: F401 (built is a fixture)


@pytest.fixture(scope="module", params=LANGUAGES)
def graded(request, built):
    """One language's course released, handed in by `solved` and `blank`, autograded, with feedback."""
    out, names = built
    language = request.param
    where = out / language
    nbgrader("generate_assignment", "*", "--force", cwd=where)
    for name in names[language]:
        released = load(where / "release" / name / f"{name}.ipynb")
        source = load(where / "source" / name / f"{name}.ipynb")
        for student, notebook in (("blank", released), ("solved", solved_copy(released, source))):
            target = where / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(notebook), encoding="utf-8")
    nbgrader("autograde", "*", cwd=where)
    nbgrader("generate_feedback", "*", cwd=where)
    return language, where, names[language]


def test_released_notebooks_hold_no_solution_and_their_answer_cells_are_the_lessons(graded):
    language, where, names = graded
    table = course.solutions()
    for name in names:
        released = load(where / "release" / name / f"{name}.ipynb")
        lesson_cells = {c["id"]: c for c in lessons(language)[name]["cells"]}
        whole = json.dumps(released, ensure_ascii=False)
        assert "<details>" not in whole and "BEGIN SOLUTION" not in whole and "HIDDEN TESTS" not in whole
        stubs = "\n".join(text(c) for c in lessons(language)[name]["cells"] if course.exercise_call(c))
        for check, entry in table[name].items():
            for line in entry["answer"].strip("\n").split("\n"):
                if line.strip() not in stubs:  # (`def scaled(p, c):` is the student's line too)
                    assert json.dumps(line.strip(), ensure_ascii=False)[1:-1] not in whole, \
                        f"{name}: the released notebook shows the answer line {line!r}"
        for cell in released["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("solution"):
                assert text(cell) == lesson_cell_with_blank_before_the_call(lesson_cells[cell["id"]])
            elif meta.get("grade"):
                assert text(cell) == course.LANGUAGES[language][2]
                assert not ast.parse(text(cell)).body, "a released graded cell runs nothing, so it cannot fail"
                assert meta["locked"] and cell["metadata"].get("editable") is False


def test_autograde_gives_full_marks_to_the_solved_lessons_and_zero_to_the_released_ones(graded):
    from nbgrader.api import Gradebook

    language, where, names = graded
    table = course.solutions()
    with Gradebook(f"sqlite:///{where / 'gradebook.db'}") as gradebook:
        for name in names:
            worth = sum(entry["points"] for entry in table[name].values())
            solved = gradebook.find_submission_notebook(name, name, "solved")
            blank = gradebook.find_submission_notebook(name, name, "blank")
            assert (solved.score, solved.max_score, solved.needs_manual_grade) == (worth, worth, False), name
            assert (blank.score, blank.max_score, blank.needs_manual_grade) == (0, worth, False), name


def not_yet(language):
    """How a not-yet feedback begins in that language (nnbook/locales/<language>/feedback.toml)."""
    return course.tomllib.loads((ROOT / "nnbook" / "locales" / language / "feedback.toml").read_text(
        encoding="utf-8"))["not_yet"]


def plain(outputs):
    """The plain text of each output that is not an error (a notebook file may keep it as a list of lines)."""
    shown = [o.get("data", {}).get("text/plain", o.get("text")) for o in outputs if o["output_type"] != "error"]
    return [s if isinstance(s, str) else "".join(s) for s in shown]


def test_grading_runs_every_cell_without_an_error_except_the_failed_checks_and_shows_the_lessons_feedback(graded):
    """No error but the graded cells' AssertionError for a blank answer; a blank answer's check shows, at
    grading as in class, the lesson's own saved feedback; the graded cell's error says the same words."""
    language, where, names = graded
    for name in names:
        lesson_cells = {c["id"]: c for c in lessons(language)[name]["cells"]}
        for student in ("solved", "blank"):
            notebook = load(where / "autograded" / student / name / f"{name}.ipynb")
            shown = {}
            for cell in notebook["cells"]:
                meta = cell["metadata"].get("nbgrader", {})
                errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
                if student == "blank" and meta.get("grade"):
                    assert [e["ename"] for e in errors] == ["AssertionError"], (name, meta["grade_id"])
                    assert errors[0]["evalue"] == shown[meta["grade_id"]], (name, meta["grade_id"])
                    continue
                assert not errors, f"{student} {name}: {[(e['ename'], e['evalue']) for e in errors]}"
                if meta.get("solution"):
                    verdict = plain(cell["outputs"])
                    assert len(verdict) == 1, (student, name, verdict)
                    shown[meta["grade_id"].removesuffix("_answer")] = verdict[0]
                    if student == "blank":
                        assert verdict == plain(lesson_cells[cell["id"]]["outputs"]), (name, cell["id"])
            assert len(shown) == len(course.solutions()[name])


def test_feedback_is_written_for_every_student_and_lesson_in_its_language(graded):
    language, where, names = graded
    for name in names:
        for student in ("solved", "blank"):
            page = (where / "feedback" / student / name / f"{name}.html").read_text(encoding="utf-8")
            worth = sum(e["points"] for e in course.solutions()[name].values())
            score = worth if student == "solved" else 0
            assert re.search(rf"Score:\s*{score}(\.0)?\s*/\s*{worth}(\.0)?", page), (student, name)
        blank = re.sub(r"<[^>]+>", "", (where / "feedback" / "blank" / name / f"{name}.html").read_text(encoding="utf-8"))
        assert blank.count(f"AssertionError: {not_yet(language)}") == len(course.solutions()[name]), \
            f"{name}: the page does not show the check's words for each exercise"
