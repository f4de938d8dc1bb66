"""`make classroom`: a real JupyterHub (the real proxy, real Unix accounts, the real idle culler) with two students.

Each student logs in through the hub's login page, gets a server, runs a lesson cell (imports nnbook and
computes a perceptron's outputs; one of them also cells of a Chinese lesson from their own copy) and cannot
read the other's files; each student's server is in a
memory cgroup with the class's limit; an idle student's server is stopped by the idle culler while the
one still running cells is not, and a kernel whose page was closed is stopped while the one in use is not. The accounts and cgroups made here are removed afterwards.
Needs root and the cgroup v1 memory controller (as on the project's machines and CI's).
"""

import grp
import re
import os
import pwd
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))
import classsettings  # noqa: E402
import hubclient  # noqa: E402
import cgroups  # noqa: E402
import passwords  # noqa: E402

STUDENTS = ("nnbt-ada", "nnbt-bob")
PASSWORD = "test-class-password"
LIMIT = 900 * 2**20
IDLE_SERVER_SECONDS = 30
IDLE_KERNEL_SECONDS = 15


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def class_hub(**changes):
    assert os.geteuid() == 0, "the classroom test makes Unix accounts: it runs as root (as on CI)"
    with hubclient.ClassHub(STUDENTS, PASSWORD, memory_limit=f"{LIMIT // 2**20}M", **changes) as started:
        yield started
    for name in STUDENTS:  # what the hub made for the class is gone again
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
        assert not (cgroups.own_memory_cgroup() / "nnbook-classroom" / name).exists()


@pytest.fixture
def hub():
    """The class's hub with settings.toml's culling times (20 minutes, 1 hour): nothing is culled here."""
    yield from class_hub()


@pytest.fixture
def culling_hub():
    """The class's hub with short culling times: a server idle for 30 s, a kernel without a page for 15 s."""
    yield from class_hub(idle_server_minutes=IDLE_SERVER_SECONDS / 60, idle_kernel_minutes=IDLE_KERNEL_SECONDS / 60)


def run_ok(kernel, code):
    out, error, _ = kernel.run(code, timeout=180)  # a lost reply fails the test in minutes, not ten
    assert error is None, f"{kernel.student.name}: {error}"
    return out.splitlines()


def test_two_students_get_servers_run_a_lesson_cell_keep_their_files_and_their_memory_limit(hub):
    # The limit is checked where the kernel enforces it: the student's memory cgroup holds the server and the
    # kernel, with the class's limit. (Driving a kernel over it from here hung the hub's websocket now and then.)
    t0 = time.monotonic()
    students = [hubclient.Student(hub.base, name, PASSWORD).login() for name in STUDENTS]
    with pytest.raises(hubclient.HubError, match="refused"):
        hubclient.Student(hub.base, "nnbt-eve", "not-the-class-password").login()
    with pytest.raises(hubclient.HubError, match="refused"):  # its server would run as root
        hubclient.Student(hub.base, "root", PASSWORD).login()
    for student in students:
        student.hub_api("POST", f"/users/{student.name}/server")  # both start together, as in a class
    for student in students:
        student.start()
    homes = {}
    for student in students:
        # Their own Unix account, a home only they can read, the lessons copied in.
        account = pwd.getpwnam(student.name)
        assert account.pw_gid == grp.getgrnam(cgroups.GROUP).gr_gid
        home = homes[student.name] = Path(account.pw_dir)
        assert home.stat().st_uid == account.pw_uid and home.stat().st_mode & 0o077 == 0
        assert student.contents("lessons/01_perceptron.ipynb")["type"] == "notebook"
    kernels = [student.open_notebook("lessons/01_perceptron.ipynb") for student in students]
    try:
        for student, kernel in zip(students, kernels):  # a lesson cell
            lines = run_ok(kernel, "import getpass, os, nnbook\n"
                                   "from nnbook.perceptron import Perceptron\n"
                                   "p = Perceptron([-2, -2], bias=3)\n"
                                   "print(getpass.getuser(), os.getcwd(), os.environ['NNBOOK_DATA_DIR'])\n"
                                   "print([int(p(x1, x2)) for x1 in (0, 1) for x2 in (0, 1)])")
            assert lines[0].split() == [student.name, str(homes[student.name] / "lessons"),
                                        str(classsettings.data_dir(hub.settings))]
            assert lines[1] == "[1, 1, 1, 0]"  # a NAND gate

        groups = {}
        for student, kernel in zip(students, kernels):
            # The other student's files: neither listable nor readable; the digits: readable, not writable.
            other = str(homes[STUDENTS[1] if student.name == STUDENTS[0] else STUDENTS[0]])
            lines = run_ok(kernel, "import os\n"
                                   f"for try_ in (lambda: os.listdir({other!r}),\n"
                                   f"             lambda: open({other + '/lessons/01_perceptron.ipynb'!r})):\n"
                                   "    try:\n"
                                   "        try_(); print('read')\n"
                                   "    except PermissionError:\n"
                                   "        print('denied')\n"
                                   "data = os.environ['NNBOOK_DATA_DIR']\n"
                                   "print(len(open(os.path.join(data, 'train-labels-idx1-ubyte.gz'), 'rb').read()))\n"
                                   "print(os.access(data, os.W_OK))\n"
                                   "print(open('/proc/self/cgroup').read())")
            assert lines[:2] == ["denied", "denied"]
            assert int(lines[2]) > 0 and lines[3] == "False"

            # The memory hook: the kernel (a child of the server) and the server are in the student's
            # cgroup, with the class's limit.
            line = next(line for line in lines[4:] if ":memory:" in line)
            group = groups[student.name] = Path("/sys/fs/cgroup/memory") / line.split(":", 2)[2].lstrip("/")
            assert group.name == student.name and group.parent.name == "nnbook-classroom"
            assert int((group / "memory.limit_in_bytes").read_text()) == LIMIT
            server = subprocess.run(["pgrep", "-u", student.name, "-f", "jupyterhub-singleuser"],
                                    capture_output=True, text=True).stdout.split()
            assert len(server) == 1 and server[0] in (group / "cgroup.procs").read_text().split()

        # Another lesson, in Chinese, as the student's own copy has it: its cells give the outputs saved in it.
        bob = students[1]
        lesson = "lessons/zh/02_sigmoid_neurons.ipynb"
        cells = [c for c in bob.api("GET", f"/contents/{lesson}")["content"]["cells"] if c["cell_type"] == "code"]
        kernels.append(bob.open_notebook(lesson))
        for cell in cells[:2]:  # the language, the imports
            run_ok(kernels[-1], text(cell["source"]))
        table = cells[3]  # the wheel table: perceptron and sigmoid networks side by side
        assert "S 型神经元网络" in text(table["outputs"][0]["text"])
        assert run_ok(kernels[-1], text(table["source"])) == text(table["outputs"][0]["text"]).splitlines()
    finally:
        for kernel in kernels:
            kernel.close()
    print(f"two students: logins, servers, cells, isolation and limits in {time.monotonic() - t0:.1f} s")


def text(source):
    """A notebook field as one string (the contents API gives strings, a file on disk may give lists)."""
    return source if isinstance(source, str) else "".join(source)


def test_the_idle_culler_stops_a_server_left_idle_and_not_one_in_use_and_a_kernel_without_a_page(culling_hub):
    hub = culling_hub
    ada, bob = [hubclient.Student(hub.base, name, PASSWORD).login() for name in STUDENTS]
    for student in (ada, bob):  # fresh servers: the clock starts now for both
        student.stop()
    wait_for(lambda: not ada.server() and not bob.server(), 60, "the servers stopping")
    for student in (ada, bob):
        student.hub_api("POST", f"/users/{student.name}/server")
    for student in (ada, bob):
        student.start()
    kernel = ada.open_notebook("lessons/01_perceptron.ipynb")
    left = ada.open_notebook("lessons/04_cost_and_gradient_descent.ipynb")
    left.ws.close()  # Ada closed this lesson's tab: its kernel has no page any more
    t0 = time.monotonic()
    try:
        # Ada keeps working (a cell every few seconds); Bob has left.
        while bob.server() and time.monotonic() - t0 < 4 * IDLE_SERVER_SECONDS:
            out, error, _ = kernel.run("print(1 + 1)", timeout=60)
            assert (out, error) == ("2\n", None)
            time.sleep(3)
        gone = time.monotonic() - t0
        assert not bob.server(), f"bob's idle server was still running after {gone:.0f} s"
        assert gone >= IDLE_SERVER_SECONDS - 5
        assert ada.server().get("ready"), "ada's server, in use, was stopped"
        # Her kernel without a page was stopped after IDLE_KERNEL_SECONDS; the one she uses was not.
        kernels = {k["id"] for k in ada.api("GET", "/kernels")}
        assert left.id not in kernels and kernel.id in kernels
        assert "culling server" in hub.log_path.read_text().lower() or "stopping" in hub.log_path.read_text().lower()
    finally:
        kernel.close()
    print(f"bob's idle server stopped {gone:.0f} s after he left (timeout {IDLE_SERVER_SECONDS} s)")


def write_settings(tmp_path, old, new):
    """settings.toml with a line (or, given tuples, several lines) changed."""
    text = classsettings.DEFAULT_SETTINGS.read_text()
    for before, after in zip(*((old, new) if isinstance(old, tuple) else ((old,), (new,)))):
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("old, new, says", [
    ('class_password = "change-this-class-password"', 'class_password = "short"', "at least 8 characters"),
    ('teacher_password = ""', 'teacher_password = "too-short"', "at least 32 characters"),
    ('accounts = "unix"', 'accounts = "users"', 'write "unix" or "demo"'),
    ('memory_limit = "1.5G"', 'memory_limit = "lots"', 'like "1.5G"'),
    ("start_at_once = 4", "start_at_once = 0", "1 or more"),
    ('python = "/usr/bin/python3"', 'python = "python3"', "absolute path"),
    ("port = 8000", 'port = "8000"', "should be a whole number"),
    ("enabled = false", 'enabled = "yes"', "should be true or false"),
    ('language = "en"', 'language = "fr"', 'write "en" or "zh"'),
    ('exchange = "/srv/nbgrader/exchange"', 'exchange = "exchange"', "absolute path"),
    ('student_passwords = ""', 'student_passwords = "passwords.toml"', "absolute path"),
    (('accounts = "unix"', "enabled = false"), ('accounts = "demo"', "enabled = true"), "needs [students] accounts"),
])
def test_a_wrong_setting_gets_one_clear_error_naming_the_line(tmp_path, old, new, says):
    with pytest.raises(classsettings.SettingsError, match=re.escape(says)) as caught:
        classsettings.load(write_settings(tmp_path, old, new))
    assert str(tmp_path / "settings.toml") in str(caught.value)


def test_the_default_settings_are_valid_and_mean_what_the_docs_say():
    s = classsettings.load(classsettings.DEFAULT_SETTINGS)
    assert s["memory_limit"] == 1.5 * 2**30 and s["accounts"] == "unix" and s["python"] == "/usr/bin/python3"
    assert s["grading"] is False and s["grading_language"] == "en" and s["exchange"] == "/srv/nbgrader/exchange"
    assert classsettings.parse_bytes("800M", "x") == 800 * 2**20 and classsettings.parse_bytes("", "x") is None


def test_the_lessons_are_copied_once_and_a_students_work_is_never_overwritten(tmp_path):
    import start_student

    source, home = tmp_path / "lessons", tmp_path / "home" / "lessons"
    (source / "zh").mkdir(parents=True)
    (source / "01.ipynb").write_text("lesson 01")
    (source / "zh" / "01.ipynb").write_text("第一课")
    assert start_student.copy_missing(source, home) == 2
    (home / "01.ipynb").write_text("the student's answers")
    (source / "02.ipynb").write_text("lesson 02, added later")
    assert start_student.copy_missing(source, home) == 1
    assert (home / "01.ipynb").read_text() == "the student's answers"
    assert (home / "02.ipynb").read_text() == "lesson 02, added later"
    (home / "zh" / "01.ipynb").unlink()  # a student who wants a fresh copy deletes theirs
    assert start_student.copy_missing(source, home) == 1 and (home / "zh" / "01.ipynb").read_text() == "第一课"


def test_a_password_per_student_is_kept_as_a_hash_and_checks_only_that_password(tmp_path):
    path = tmp_path / "passwords.toml"
    first = passwords.add(path, ["ada", "bob"])
    assert set(first) == {"ada", "bob"} and first["ada"] != first["bob"]
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", first["ada"])
    assert path.stat().st_mode & 0o777 == 0o600 and first["ada"] not in path.read_text()
    table = passwords.read(path)
    assert passwords.verify(first["ada"], table["ada"]) and passwords.verify(first["bob"], table["bob"])
    assert not passwords.verify(first["bob"], table["ada"]) and not passwords.verify("", table["ada"])
    tampered = table["ada"][:-1] + ("1" if table["ada"].endswith("0") else "0")  # one hex digit of the hash changed
    assert not passwords.verify(first["ada"], tampered) and not passwords.verify(first["ada"], "x")
    again = passwords.add(path, ["bob"])  # a new password for Bob; Ada's stays
    table2 = passwords.read(path)
    assert table2["ada"] == table["ada"] and passwords.verify(again["bob"], table2["bob"])
    assert not passwords.verify(first["bob"], table2["bob"])
    with pytest.raises(passwords.PasswordFileError, match="lowercase letters"):
        passwords.add(path, ["Root!"])
    with pytest.raises(passwords.PasswordFileError, match="is missing"):
        passwords.read(tmp_path / "none.toml")
    (tmp_path / "plain.toml").write_text('ada = "secret-in-clear"\n')
    with pytest.raises(passwords.PasswordFileError, match="not a name with a password hash"):
        passwords.read(tmp_path / "plain.toml")
