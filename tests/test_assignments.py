"""The nbgrader course made from the lessons (`make assignments`, grading/assignments.py; issue 26).

In the pattern of nbgrader's own tests: build a course in a temporary folder, run nbgrader's commands on
it, and read the results. Here: the solutions table against the lessons, the source notebooks, and one
lesson through the whole round on one machine (generate, release, fetch, submit, collect, autograde,
feedback). tests/test_assignments_all_lessons.py grades every lesson of both languages.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "grading"))
import assignments as course  # noqa: E402

LANGUAGES = list(course.LANGUAGES)
NBGRADER = Path(sys.executable).parent / "nbgrader"


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def text(cell):
    return course.source_text(cell)


def nbgrader(*args, cwd, check=True):
    """Run nbgrader's command line in a course folder, as a teacher does (its own scripts, e.g. alembic, on PATH)."""
    env = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(NBGRADER), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=3600)
    if check:
        assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def lessons(language):
    return {path.stem: load(path) for path in course.lessons(language)}


def numbers_and_words(code):
    """The numbers (their sizes) and the strings an answer's code uses."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)) \
                and not isinstance(node.value, bool):
            found.add(abs(node.value) if not isinstance(node.value, str) else node.value)
    return found


def numbers_in(prose):
    """Every number written in a lesson's text: 50,000 and 0.065 and −1.5 (by size)."""
    return {float(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", prose)}


def solution_prose(notebook, check):
    """The <details> block that follows the exercise cell ending in `check`."""
    cells = notebook["cells"]
    for i, cell in enumerate(cells):
        found = course.exercise_call(cell)
        if found and found[0] == check:
            following = text(cells[i + 1])
            match = re.search(r"<details>.*?</details>", following, re.S)
            assert match, f"the exercise {check} has no <details> solution right after it"
            return match.group(0)
    raise AssertionError(f"no exercise ends with {check}")


# --- the table and the lessons -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_solutions_table_answers_every_exercise_of_every_lesson_and_no_other(language):
    table = course.solutions()
    found = {stem: course.exercises(nb) for stem, nb in lessons(language).items()}
    assert {stem: checks for stem, checks in found.items() if checks} == {
        stem: list(entries) for stem, entries in table.items()}, "grading/solutions.toml and the lessons disagree"
    solutions_written = sum(text(c).count("<details>") for nb in lessons(language).values() for c in nb["cells"])
    assert sum(map(len, found.values())) == solutions_written, "every <details> solution is an exercise's"
    for stem, entries in table.items():
        for check, entry in entries.items():
            assert set(entry) == {"answer", "points"} and entry["points"] > 0, (stem, check)
            ast.parse(entry["answer"])


def test_every_check_a_lesson_imports_is_one_of_its_exercises():
    """Each check_… a lesson notebook imports from its lesson module ends exactly one exercise cell."""
    for stem, notebook in lessons("en").items():
        imported = set()
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code" or text(cell).startswith("%"):
                continue  # (a cell magic such as %%time is not Python)
            for node in ast.walk(ast.parse(text(cell))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nnbook.lessons"):
                    imported |= {a.name for a in node.names if a.name.startswith("check_")}
        exercises = course.exercises(notebook)
        assert sorted(exercises) == sorted(imported) and len(set(exercises)) == len(exercises), stem


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_number_and_word_of_an_answer_is_in_the_lessons_own_solution(language):
    """The table cannot drift from what the lesson's <details> says the answer is."""
    table = course.solutions()
    for stem, notebook in lessons(language).items():
        for check, entry in table.get(stem, {}).items():
            prose = solution_prose(notebook, check)
            used = numbers_and_words(entry["answer"])
            missing = {v for v in used if (v not in prose if isinstance(v, str) else float(v) not in numbers_in(prose))}
            assert not missing, f"{language} {stem} {check}: the answer uses {missing}, its <details> does not say so"


def test_a_lesson_and_the_table_that_disagree_get_one_clear_error():
    notebook = lessons("en")["01_perceptron"]
    answers = course.solutions()["01_perceptron"]
    with pytest.raises(course.ExerciseError, match="no answer for check_or"):
        course.source_notebook(notebook, {k: v for k, v in answers.items() if k != "check_or"}, "#")
    with pytest.raises(course.ExerciseError, match="does not have: \\['check_guess'\\]"):
        course.source_notebook(notebook, {**answers, "check_guess": {"answer": "x = 1", "points": 1}}, "#")


# --- the source course ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    names = course.build(out)
    return out, names


def without_region(source, begin, end):
    lines, keep, inside = source.split("\n"), [], False
    for line in lines:
        if begin in line:
            inside = True
            keep.append("")  # the empty stub
        elif end in line:
            inside = False
        elif not inside:
            keep.append(line)
    return "\n".join(keep)


def lesson_cell_with_blank_before_the_call(cell):
    """The lesson's exercise cell as released: a blank line (the empty stub) before its check's call."""
    _, _, first = course.exercise_call(cell)
    lines = text(cell).split("\n")
    before = lines[:first] if lines[first - 1].strip() else lines[:first - 1]
    return "\n".join(before + [""] + lines[first:])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_source_assignments_are_the_lessons_with_answers_and_graded_cells(built, language):
    out, names = built
    table = course.solutions()
    assert names[language] == sorted(table)
    config = (out / language / "nbgrader_config.py").read_text()
    assert 'code_stub = {"python": ""}' in config and "Execute.timeout" in config
    for stem, lesson in lessons(language).items():
        source = load(out / language / "source" / stem / f"{stem}.ipynb")
        cells = source["cells"]
        assert not any("<details>" in text(c) for c in cells), stem
        assert not any(c.get("outputs") for c in cells), stem
        graded = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade")]
        answers = [c for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]
        assert [c["metadata"]["nbgrader"]["grade_id"] for c in graded] == list(table[stem])
        assert [c["metadata"]["nbgrader"]["grade_id"] for c in answers] == [f"{k}_answer" for k in table[stem]]
        lesson_cells = {c["id"]: c for c in lesson["cells"]}
        for i, cell in enumerate(cells):
            meta = cell["metadata"].get("nbgrader")
            if meta and meta["solution"]:
                check = meta["grade_id"].removesuffix("_answer")
                original = lesson_cells[cell["id"]]
                assert meta == {"grade": False, "grade_id": f"{check}_answer", "locked": False,
                                "schema_version": 3, "solution": True}
                solution = text(cell).split(course.BEGIN + "\n")[1].split("\n" + course.END)[0]
                assert solution == table[stem][check]["answer"].strip("\n")
                assert without_region(text(cell), course.BEGIN, course.END) == \
                    lesson_cell_with_blank_before_the_call(original)
                test = cells[i + 1]
                assert test["metadata"]["nbgrader"] == {
                    "grade": True, "grade_id": check, "locked": True, "points": table[stem][check]["points"],
                    "schema_version": 3, "solution": False}
                call = course.exercise_call(original)[1]
                assert text(test).split("\n") == [course.LANGUAGES[language][2], course.BEGIN_HIDDEN,
                                                  f"verdict = {call}", "assert verdict, verdict", course.END_HIDDEN]
            elif not (meta and meta["grade"]):
                original = lesson_cells[cell["id"]]
                if cell["cell_type"] == "code" or "<details>" not in text(original):
                    assert text(cell) == text(original), (stem, cell["id"])
        kept = {c["id"] for c in cells}
        dropped = [c for c in lesson["cells"] if c["id"] not in kept]
        assert all(c["cell_type"] == "markdown" and text(c).strip().startswith("<details>") and
                   text(c).strip().endswith("</details>") for c in dropped), stem


# --- handed in and graded ---------------------------------------------------------------------------------


def solved_copy(released, source):
    """The released notebook with every answer cell as a student who typed the answer has it."""
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c for c in source["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")}
    notebook = json.loads(json.dumps(released))
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = text(answers[meta["grade_id"]])
    return notebook


def run_as_it_came(path):
    """Run a notebook from top to bottom in a fresh kernel; nbclient stops at the first cell with an error."""
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    shown = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert shown and not [o for o in shown if o.output_type == "error"]


def test_one_machine_release_fetch_submit_collect_autograde_and_feedback(built, tmp_path):
    """docs/grading.md's round on one machine: the exchange in a folder, the student in another."""
    out, _ = built
    teacher = tmp_path / "course"
    shutil.copytree(out / "en", teacher, ignore=shutil.ignore_patterns("release", "submitted", "autograded",
                                                                      "feedback", "gradebook.db"))
    exchange, student = tmp_path / "exchange", tmp_path / "student"
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)
    student.mkdir()
    # The commands as docs/grading.md gives them: the teacher's course id comes from the course's config.
    settings = [f"--Exchange.root={exchange}"]
    students = ["--course", "nnbook", *settings]
    nbgrader("generate_assignment", "01_perceptron", cwd=teacher)
    nbgrader("release_assignment", "01_perceptron", *settings, cwd=teacher)
    nbgrader("fetch_assignment", "01_perceptron", *students, cwd=student)
    fetched = student / "01_perceptron" / "01_perceptron.ipynb"
    run_as_it_came(fetched)
    notebook = solved_copy(load(fetched), load(teacher / "source" / "01_perceptron" / "01_perceptron.ipynb"))
    fetched.write_text(json.dumps(notebook), encoding="utf-8")
    nbgrader("submit", "01_perceptron", *students, cwd=student)
    nbgrader("collect", "01_perceptron", *settings, cwd=teacher)
    collected = list((teacher / "submitted").glob("*/01_perceptron/01_perceptron.ipynb"))
    assert len(collected) == 1
    nbgrader("autograde", "01_perceptron", cwd=teacher)
    nbgrader("generate_feedback", "01_perceptron", cwd=teacher)
    nbgrader("release_feedback", "01_perceptron", *settings, cwd=teacher)
    nbgrader("fetch_feedback", "01_perceptron", *students, cwd=student)
    pages = list((student / "01_perceptron" / "feedback").glob("*/01_perceptron.html"))
    assert len(pages) == 1 and re.search(r"Score:\s*4(\.0)?\s*/\s*4", pages[0].read_text(encoding="utf-8"))
