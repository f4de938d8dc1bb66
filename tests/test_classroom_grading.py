"""Graded homework on the class's JupyterHub (`make classroom` with [grading] enabled = true; docs/grading.md).

A real hub (the real proxy, real Unix accounts) with a teacher and two students, each with a password of
their own (classroom/passwords.py; the class password and another's password are refused). The teacher finds the course
in ~/nnbook-course, generates and releases lesson 01; Ada fetches it from her own server, answers three of
its four exercises, saves and submits; the teacher collects and autogrades: Ada scores 3 of 4, and her
feedback page, fetched into her home, says so. Every
nbgrader command runs in a kernel of that person's own server, as their Unix account, with the settings
the hub wrote (no --course, no --Exchange.root). Bob can fetch the assignment but cannot list the
submissions in the exchange, and neither student gets the Formgrader (nor its place in JupyterLab) or the
<details> solutions in their lessons. The accounts made here are removed afterwards. Needs root (as tests/test_classroom.py).
"""

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))
import hubclient  # noqa: E402
import passwords  # noqa: E402

TEACHER = "nnbt-teacher"
STUDENTS = ("nnbt-ada", "nnbt-bob")
PASSWORD = "test-class-password"
LESSON = "01_perceptron"

NBGRADER = """
import os, subprocess, sys
def nbgrader(*args):
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), *args], cwd=HERE,
                          capture_output=True, text=True)
    print("exit", done.returncode)
    print(done.stdout[-1500:], done.stderr[-1500:])
"""


@pytest.fixture
def grading_hub(tmp_path):
    """The hub with grading on and a password per person (classroom/passwords.py), the teacher's included."""
    assert os.geteuid() == 0, "the classroom test makes Unix accounts: it runs as root (as on CI)"
    given = passwords.add(tmp_path / "passwords.toml", [TEACHER, *STUDENTS])
    with hubclient.ClassHub((TEACHER, *STUDENTS), PASSWORD, memory_limit="900M", teacher=TEACHER,
                            enabled=True, student_passwords=str(tmp_path / "passwords.toml")) as hub:
        yield hub, given


def nbgrader(kernel, *args):
    out, error, seconds = kernel.run(f"nbgrader{args!r}", timeout=300)
    assert error is None and out.startswith("exit 0"), f"{kernel.student.name}: nbgrader {args}:\n{out}\n{error}"
    return out


def lab_page_config(hub, person):
    """The settings JupyterLab's page starts with (its jupyter-config-data), as a browser gets them."""
    page = person.http.get(f"{hub.base}/user/{person.name}/lab", timeout=60)
    page.raise_for_status()
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page.text, re.S)
    return json.loads(found.group(1))


def run_ok(kernel, code):
    out, error, _ = kernel.run(code, timeout=180)
    assert error is None, f"{kernel.student.name}: {error}"
    return out


def test_release_fetch_submit_collect_autograde_on_the_hub_and_students_keep_out_of_each_others_work(grading_hub):
    hub, given = grading_hub
    t0 = time.monotonic()
    # Each logs in under their own name with their own password; not with the class password, not with
    # another's password, and a name not in the file not at all.
    for name, password in [(STUDENTS[0], PASSWORD), (STUDENTS[1], given[STUDENTS[0]]), ("nnbt-eve", PASSWORD),
                           ("nnbt-eve", given[STUDENTS[0]])]:
        with pytest.raises(hubclient.HubError, match="refused"):
            hubclient.Student(hub.base, name, password).login()
    people = [hubclient.Student(hub.base, name, given[name]).login() for name in (TEACHER, *STUDENTS)]
    for person in people:
        person.hub_api("POST", f"/users/{person.name}/server")
    for person in people:
        person.start()
    teacher, ada, bob = people
    homes = {p.name: hub.work / "homes" / p.name for p in people}
    exchange = hub.work / "exchange"
    assert exchange.stat().st_mode & 0o7777 == 0o1777

    # The course, with the answers, is the teacher's alone; the students' lessons carry no solutions.
    source = homes[TEACHER] / "nnbook-course" / "source" / LESSON / f"{LESSON}.ipynb"
    assert "### BEGIN SOLUTION" in source.read_text()
    assert source.stat().st_uid == homes[TEACHER].stat().st_uid
    for student in (ada, bob):
        lesson = student.api("GET", f"/contents/lessons/{LESSON}.ipynb")["content"]
        assert lesson["cells"] and not any("<details>" in c["source"] for c in lesson["cells"])
    # The Formgrader answers the teacher only; JupyterLab shows the teacher's parts of nbgrader to the teacher
    # only, and the Assignments tab to everyone.
    assert teacher.http.get(f"{hub.base}/user/{TEACHER}/formgrader", timeout=60).status_code == 200
    assert ada.http.get(f"{hub.base}/user/{ada.name}/formgrader", timeout=60).status_code == 404
    teachers_only = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                     "@jupyter/nbgrader:create-assignment"}
    for person in people:
        off = set(lab_page_config(hub, person)["disabledExtensions"])
        assert teachers_only & off == (set() if person is teacher else teachers_only), person.name
        assert "@jupyter/nbgrader:assignment-list" not in off

    kernels = {}
    try:
        for person in people:
            kernels[person.name] = k = person.open_notebook(f"lessons/{LESSON}.ipynb")
            here = homes[TEACHER] / "nnbook-course" if person is teacher else homes[person.name]
            run_ok(k, f"HERE = {str(here)!r}\n" + NBGRADER)

        nbgrader(kernels[TEACHER], "generate_assignment", LESSON)
        nbgrader(kernels[TEACHER], "release_assignment", LESSON)
        for student in (ada, bob):
            nbgrader(kernels[student.name], "fetch_assignment", LESSON)

        # Ada answers three exercises of four (not the last) and saves, as JupyterLab does.
        path = f"{LESSON}/{LESSON}.ipynb"
        fetched = ada.api("GET", f"/contents/{path}")["content"]
        answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"]
                   for c in json.loads(source.read_text())["cells"] if c["metadata"].get("nbgrader", {}).get("solution")}
        answered = [c for c in fetched["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
        assert len(answered) == 4
        for cell in answered[:3]:
            source_text = answers[cell["metadata"]["nbgrader"]["grade_id"]]
            cell["source"] = source_text if isinstance(source_text, str) else "".join(source_text)
        ada.api("PUT", f"/contents/{path}", json={"type": "notebook", "format": "json", "content": fetched})
        nbgrader(kernels[ada.name], "submit", LESSON)

        # Bob: the released assignment is his to read; the submissions are not his to list.
        inbound = exchange / "nnbook" / "inbound"
        out = run_ok(kernels[bob.name], "import os\n"
                                        f"print(sorted(os.listdir({str(exchange / 'nnbook' / 'outbound')!r})))\n"
                                        "try:\n"
                                        f"    print(os.listdir({str(inbound)!r}))\n"
                                        "except PermissionError:\n"
                                        "    print('denied')\n")
        assert out.splitlines() == [f"['{LESSON}']", "denied"]
        handed_in = os.listdir(inbound)  # (as root)
        assert len(handed_in) == 1 and re.fullmatch(rf"{ada.name}\+{LESSON}\+[^+]+\+[A-Za-z0-9_-]{{12}}", handed_in[0])
        assert inbound.stat().st_mode & 0o777 == 0o733  # write and enter, never list

        nbgrader(kernels[TEACHER], "collect", LESSON)
        nbgrader(kernels[TEACHER], "autograde", LESSON)
        out = run_ok(kernels[TEACHER], "from nbgrader.api import Gradebook\n"
                                       "with Gradebook('sqlite:///' + HERE + '/gradebook.db') as gb:\n"
                                       f"    s = gb.find_submission({LESSON!r}, {ada.name!r})\n"
                                       "    print(s.score, s.max_score, s.needs_manual_grade)\n"
                                       f"    print([st.id for st in gb.students])")
        assert out.splitlines() == ["3.0 4.0 False", f"[{ada.name!r}]"]

        # Feedback: Ada's page says 3 of 4; Bob, who handed nothing in, gets none.
        nbgrader(kernels[TEACHER], "generate_feedback", LESSON)
        nbgrader(kernels[TEACHER], "release_feedback", LESSON)
        for student in (ada, bob):
            nbgrader(kernels[student.name], "fetch_feedback", LESSON)
        pages = list((homes[ada.name] / LESSON / "feedback").glob(f"*/{LESSON}.html"))
        assert len(pages) == 1 and re.search(r"Score:\s*3(\.0)?\s*/\s*4", pages[0].read_text(encoding="utf-8"))
        assert pages[0].stat().st_uid == homes[ada.name].stat().st_uid
        assert not list(homes[bob.name].glob(f"{LESSON}/feedback/*/*.html"))
    finally:
        for kernel in kernels.values():
            kernel.close()
    print(f"teacher + two students: release, fetch, submit, collect, autograde, feedback in "
          f"{time.monotonic() - t0:.1f} s")
