"""The nbgrader course, generated from the lessons: every exercise of every lesson becomes gradable.

The lessons in notebooks/ (English) and notebooks/zh/ (简体中文) stay what the class uses.  From each,
`build(out)` writes an nbgrader *source* notebook, one assignment per lesson, into a course folder per
language (`<out>/en`, `<out>/zh`, each with an nbgrader_config.py, written when missing):

* an exercise is a code cell whose last statement calls one of the lesson's `check_…` functions;
  it becomes an *autograded answer* cell: the student's lines stay as the lesson has them (`x = ...`),
  and the answer from grading/solutions.toml goes between `### BEGIN SOLUTION` and `### END SOLUTION`
  just before the check's call (on the blank line before it, where the lesson has one).  nbgrader's
  release replaces that region with an empty stub (`ClearSolutions.code_stub`, set in the course's
  config), so the released cell is the lesson's cell and its check shows the lesson's feedback;
* after it comes a locked *autograder test* cell worth the exercise's points.  What it runs at grading
  time, `assert` on the same check, is a hidden-tests region: nbgrader keeps it in its gradebook and
  puts it back when it grades, so an unanswered notebook still runs top to bottom without an error in
  class, and scores 0 when graded.  What the student sees there is one comment in the lesson's language;
* the `<details>` solutions are left out: the released notebooks hold no solution, and the class lesson
  (notebooks/…) stays the teacher's copy of the worked explanations;
* outputs are cleared (nbgrader releases notebooks without them anyway).

One place to edit an exercise: its cells and check in the lesson, its answer and points in
grading/solutions.toml.  `python3 tasks.py assignments` (`make assignments`) builds the course and runs
`nbgrader generate_assignment` on it; docs/grading.md walks a teacher through the rest.

Standard library only (json, ast, tomllib), like tools/translation.py.
"""

import ast
import copy
import json
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: nnbook depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "grading" / "solutions.toml"

#: The two courses: language → (lessons' folder, course id, the comment a graded cell shows).
LANGUAGES = {
    "en": (ROOT / "notebooks", "nnbook",
           "# Graded cell: when your work is graded, the check above runs again here and scores the exercise."),
    "zh": (ROOT / "notebooks" / "zh", "nnbook-zh",
           "# 评分单元格：提交作业后，评分时会在这里再运行一次上面的检查，给这道练习打分。"),
}

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
DETAILS = re.compile(r"\n*<details>.*?</details>\n*", re.S)

#: The course's nbgrader_config.py.  The empty stub keeps a released answer cell exactly the lesson's;
#: the timeout lets lesson 06 train (about a minute) when it is graded.
CONFIG = '''\
# nbgrader's settings for the nnbook course in this folder, written by `make assignments`
# (grading/assignments.py). A teacher's guide: docs/grading.md in nnbook.
c = get_config()  # noqa: F821 (nbgrader defines it)

c.CourseDirectory.course_id = {course_id!r}

# A released answer cell is the lesson's own cell: the solution region becomes nothing, the
# student's `x = ...` lines stay, and the lesson's check gives its feedback when run.
c.ClearSolutions.code_stub = {{"python": ""}}

# Grading runs each lesson from the top, and lesson 06 trains its network for about a minute.
c.Execute.timeout = 1200
'''


class ExerciseError(ValueError):
    """A lesson and grading/solutions.toml do not agree."""


def solutions():
    """{lesson stem: {check name: {"answer": str, "points": number}}} from grading/solutions.toml."""
    return tomllib.loads(SOLUTIONS.read_text(encoding="utf-8"))


def source_text(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def exercise_call(cell):
    """The `check_…(…)` call that ends an exercise cell, as (check name, call's text, its first line), or None."""
    if cell["cell_type"] != "code":
        return None
    text = source_text(cell)
    try:
        body = ast.parse(text).body
    except SyntaxError:
        return None
    last = body[-1] if body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name) and last.value.func.id.startswith("check_")):
        return None
    return last.value.func.id, ast.get_source_segment(text, last.value), last.lineno - 1


def exercises(notebook):
    """The check names of a lesson's exercises, in order."""
    return [call[0] for call in map(exercise_call, notebook["cells"]) if call]


def nbgrader_metadata(grade_id, *, solution, grade, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def answer_cell(cell, check, first_line, answer):
    """The exercise cell with its answer between the solution markers, just before the check's call."""
    lines = source_text(cell).split("\n")
    region = [BEGIN, *answer.strip("\n").split("\n"), END]
    before = lines[:first_line]
    if before and not before[-1].strip():
        before = before[:-1]  # the blank line before the call becomes the region (and the stub: nothing)
    new = copy.deepcopy(cell)
    new["source"] = "\n".join(before + region + lines[first_line:])
    new["metadata"].setdefault("nbgrader", {}).update(
        nbgrader_metadata(f"{check}_answer", solution=True, grade=False, locked=False))
    return new


def test_cell(cell_id, check, call, points, comment):
    """The locked, graded cell: a comment for the student; the assertion, hidden until grading."""
    return {
        "cell_type": "code", "execution_count": None, "id": cell_id, "outputs": [],
        "metadata": {"editable": False, "deletable": False,
                     "nbgrader": nbgrader_metadata(check, solution=False, grade=True, locked=True,
                                                   points=points)},
        "source": "\n".join([comment, BEGIN_HIDDEN, f"verdict = {call}", "assert verdict, verdict", END_HIDDEN]),
    }


def source_notebook(lesson, answers, comment):
    """The nbgrader source notebook of one lesson (a notebook dict), given its answers by check name."""
    notebook = copy.deepcopy(lesson)
    cells, seen = [], []
    for cell in notebook["cells"]:
        cell.pop("attachments", None)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"].pop("execution", None)
        if cell["cell_type"] == "markdown" and "<details>" in source_text(cell):
            text = DETAILS.sub("\n\n", source_text(cell)).strip("\n")
            if not text:
                continue  # the cell was only a solution
            cell["source"] = text
        found = exercise_call(cell)
        if not found:
            cells.append(cell)
            continue
        check, call, first_line = found
        if check not in answers:
            raise ExerciseError(f"grading/solutions.toml has no answer for {check} (add one under its lesson)")
        if check in seen:
            raise ExerciseError(f"{check} ends two exercise cells: give each exercise its own check")
        seen.append(check)
        cells.append(answer_cell(cell, check, first_line, answers[check]["answer"]))
        cells.append(test_cell(f"{cell.get('id', check)}-graded", check, call, answers[check]["points"], comment))
    unused = sorted(set(answers) - set(seen))
    if unused:
        raise ExerciseError(f"grading/solutions.toml answers exercises the lesson does not have: {unused}")
    notebook["cells"] = cells
    return notebook


def lessons(language):
    folder = LANGUAGES[language][0]
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def build(out, languages=tuple(LANGUAGES)):
    """Write the source course of each language under `out`; return {language: [assignment names]}."""
    table = solutions()
    built = {}
    for language in languages:
        folder, course_id, comment = LANGUAGES[language]
        course = Path(out) / language
        (course / "source").mkdir(parents=True, exist_ok=True)
        config = course / "nbgrader_config.py"
        if not config.exists():  # a teacher's own settings, once there, are kept
            config.write_text(CONFIG.format(course_id=course_id), encoding="utf-8")
        built[language] = []
        for path in lessons(language):
            lesson = json.loads(path.read_text(encoding="utf-8"))
            answers = table.get(path.stem, {})
            if not exercises(lesson) and not answers:
                continue
            try:
                notebook = source_notebook(lesson, answers, comment)
            except ExerciseError as error:
                raise ExerciseError(f"{path.relative_to(ROOT)}: {error}") from None
            target = course / "source" / path.stem / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            built[language].append(path.stem)
    return built


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "assignments"
    for lang, names in build(destination).items():
        print(f"{destination / lang}: {len(names)} assignments ({', '.join(names)})")
