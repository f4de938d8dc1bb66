"""`make classroom`: a real JupyterHub (the real proxy, real Unix accounts, the real idle culler) with two students.

Each student logs in through the hub's login page, gets a server, runs a lesson cell (imports nnbook and
computes a perceptron's outputs) and cannot read the other's files; each student's server is in a
memory cgroup with the class's limit; an idle student's server is stopped by the idle culler while the
one still running cells is not. The accounts and cgroups made here are removed afterwards.
Needs root and the cgroup v1 memory controller (as on the project's machines and CI's).
"""

import grp
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

STUDENTS = ("nnbt-ada", "nnbt-bob")
PASSWORD = "test-class-password"
LIMIT = 900 * 2**20
IDLE_SERVER_SECONDS = 30


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {seconds} s")


@pytest.fixture(scope="module")
def hub():
    assert os.geteuid() == 0, "the classroom test makes Unix accounts: it runs as root (as on CI)"
    with hubclient.ClassHub(STUDENTS, PASSWORD, memory_limit=f"{LIMIT // 2**20}M",
                            idle_server_minutes=IDLE_SERVER_SECONDS / 60) as class_hub:
        yield class_hub
    for name in STUDENTS:  # what the hub made for the class is gone again
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
        assert not (cgroups.own_memory_cgroup() / "nnbook-classroom" / name).exists()


def run_ok(kernel, code):
    out, error, _ = kernel.run(code)
    assert error is None, f"{kernel.student.name}: {error}"
    return out.splitlines()


def test_two_students_get_servers_run_a_lesson_cell_keep_their_files_and_their_memory_limit(hub):
    # Each step is done for both students before the next one, so neither is idle for long (the test's
    # idle culler stops a server after 30 s without activity).
    t0 = time.monotonic()
    students = [hubclient.Student(hub.base, name, PASSWORD).login() for name in STUDENTS]
    with pytest.raises(hubclient.HubError, match="refused"):
        hubclient.Student(hub.base, "nnbt-eve", "not-the-class-password").login()
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

        for student, kernel in zip(students, kernels):
            # ...and it holds: a kernel that takes more than the limit is stopped; its server lives on.
            out, error, _ = kernel.run(f"import numpy as np\nx = np.ones({LIMIT // 8 + 2**22})\nprint('allocated')")
            assert "allocated" not in out and error in ("kernel restarting", "kernel dead"), (out, error)
            oom = dict(line.split() for line in (groups[student.name] / "memory.oom_control").read_text().splitlines())
            assert int(oom["oom_kill"]) >= 1  # the kernel's OOM killer did it, inside the student's group
            assert student.server().get("ready"), "the server itself went down with the kernel"
            wait_for(lambda: kernel.run("print('back')", timeout=120)[:2] == ("back\n", None), 120,
                     "the restarted kernel answering")
    finally:
        for kernel in kernels:
            kernel.close()
    print(f"two students: logins, servers, cells, isolation and limits in {time.monotonic() - t0:.1f} s")


def test_the_idle_culler_stops_a_server_left_idle_and_not_one_in_use(hub):
    ada, bob = [hubclient.Student(hub.base, name, PASSWORD).login() for name in STUDENTS]
    for student in (ada, bob):  # fresh servers: the clock starts now for both
        student.stop()
    wait_for(lambda: not ada.server() and not bob.server(), 60, "the servers stopping")
    for student in (ada, bob):
        student.hub_api("POST", f"/users/{student.name}/server")
    for student in (ada, bob):
        student.start()
    kernel = ada.open_notebook("lessons/01_perceptron.ipynb")
    t0 = time.monotonic()
    try:
        # Ada keeps working (a cell every few seconds); Bob has left.
        while bob.server() and time.monotonic() - t0 < 4 * IDLE_SERVER_SECONDS:
            out, error, _ = kernel.run("print(1 + 1)")
            assert (out, error) == ("2\n", None)
            time.sleep(3)
        gone = time.monotonic() - t0
        assert not bob.server(), f"bob's idle server was still running after {gone:.0f} s"
        assert gone >= IDLE_SERVER_SECONDS - 5
        assert ada.server().get("ready"), "ada's server, in use, was stopped"
        assert "culling server" in hub.log_path.read_text().lower() or "stopping" in hub.log_path.read_text().lower()
    finally:
        kernel.close()
    print(f"bob's idle server stopped {gone:.0f} s after he left (timeout {IDLE_SERVER_SECONDS} s)")
