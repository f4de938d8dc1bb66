"""The memory hook's cgroup logic (classroom/cgroups.py), v1 and v2.

v1 runs for real in tests/test_classroom.py (the project's machines have the v1 memory controller). The v2
memory controller is not available on them (their v2 hierarchy, /sys/fs/cgroup/unified, has no controller),
so the v2 path is checked here on a model of a v2 group's files — folders and files as the kernel shows
them, with its one rule that matters here (a group that holds processes cannot hand a controller to its
children: EBUSY) — and, for real, what the v2 hierarchy of this machine allows: moving a process into a
v2 group the way the spawner does, and the clear error when the hub's v2 group has no memory controller.
"""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))
import cgroups  # noqa: E402

REAL_V2 = Path("/sys/fs/cgroup/unified")
WRITE = Path.write_text  # the model below writes its own files with this, past the kernel's rules it models


def v2_group(path, controllers="cpu memory pids", procs=""):
    """A model of a v2 group: the files the hook reads and writes."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in [("cgroup.controllers", controllers + "\n"), ("cgroup.subtree_control", ""),
                       ("cgroup.procs", procs), ("memory.max", "max\n"), ("memory.swap.max", "max\n")]:
        WRITE(path / name, text)
    return path


@pytest.fixture
def v2(tmp_path, monkeypatch):
    """A v2 hierarchy mounted at tmp_path/cgroup, the hub's group at /system.slice/classroom.scope holding two
    processes (the hub and `make`). Writing to a group's cgroup.procs moves the pid there, as the kernel does;
    a group that holds processes refuses to hand a controller to its children (EBUSY)."""
    mount = v2_group(tmp_path / "cgroup")
    own = v2_group(mount / "system.slice" / "classroom.scope", procs="101\n102\n")
    real_write = WRITE

    def write_text(self, data, *args, **kw):
        if self.name == "cgroup.procs" and self.parent.is_relative_to(mount):
            for group in mount.rglob("cgroup.procs"):  # a process is in one group at a time
                if group != self:
                    real_write(group, "".join(p + "\n" for p in group.read_text().split() if p != data.strip()))
            return real_write(self, self.read_text() + data.strip() + "\n")
        if self.name == "cgroup.subtree_control" and data.startswith("+"):
            if self.parent != mount and (self.parent / "cgroup.procs").read_text().split():
                raise OSError(errno.EBUSY, "Device or resource busy", str(self))
            wanted = data[1:]
            assert wanted in (self.parent / "cgroup.controllers").read_text().split(), "not available here"
            for child in self.parent.iterdir():  # the children get the controller
                if child.is_dir():
                    real_write(child / "cgroup.controllers", wanted + "\n")
        return real_write(self, data, *args, **kw)

    monkeypatch.setattr(Path, "write_text", write_text)
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kw):
        existed = self.exists()
        real_mkdir(self, *args, **kw)
        if not existed and self.parent.is_relative_to(mount):  # the kernel fills a new group with its files
            parent_control = (self.parent / "cgroup.subtree_control").read_text().split()
            v2_group(self, controllers=" ".join(c.lstrip("+") for c in parent_control))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    return mount, own


def test_v2_is_used_when_there_is_no_v1_memory_hierarchy_and_the_hubs_v2_group_has_memory(v2, tmp_path):
    mount, own = v2
    found = cgroups.own_memory_cgroup("0::/system.slice/classroom.scope\n", v1_mount=tmp_path / "none",
                                      v2_mounts=(tmp_path / "no-such-mount", mount))
    assert found == own and cgroups.is_v2(found)
    # A hybrid machine (v1 memory hierarchy beside v2): v1, as before.
    hybrid = "4:memory:/process_api/x\n0::/system.slice/classroom.scope\n"
    assert cgroups.own_memory_cgroup(hybrid, v1_mount=tmp_path / "v1", v2_mounts=(mount,)) == tmp_path / "v1/process_api/x"
    # A v2 group without the memory controller: none to use.
    (own / "cgroup.controllers").write_text("cpu pids\n")
    assert cgroups.own_memory_cgroup("0::/system.slice/classroom.scope\n", v2_mounts=(mount,)) is None


def test_v2_the_hub_moves_out_of_its_group_hands_memory_down_and_each_student_gets_memory_max(v2):
    mount, own = v2
    root = cgroups.classroom_cgroup_root(own)
    assert root == own / "nnbook-classroom"
    leaf = own / cgroups.HUB_LEAF
    assert (own / "cgroup.procs").read_text().split() == []  # the hub's processes left its group ...
    assert sorted((leaf / "cgroup.procs").read_text().split()) == ["101", "102"]  # ... for a leaf beside the class
    assert (own / "cgroup.subtree_control").read_text() == "+memory"
    assert (root / "cgroup.subtree_control").read_text() == "+memory"
    # The spawner's part: the student's group, its limit, no swap.
    student = root / "ada"
    student.mkdir()
    assert "memory" in (student / "cgroup.controllers").read_text().split()
    cgroups.set_memory_limit(student, 900 * 2**20)
    assert (student / "memory.max").read_text() == str(900 * 2**20)
    assert (student / "memory.swap.max").read_text() == "0"
    assert cgroups.memory_limit(student) == 900 * 2**20
    # The whole class's cap (the load test's) leaves swap as it was.
    cgroups.set_memory_limit(root, 20 * 2**30, swap_too=False)
    assert cgroups.memory_limit(root) == 20 * 2**30 and (root / "memory.swap.max").read_text() == "max\n"
    # The hub (now in its leaf) still finds the class's groups under its group; a second start works too.
    assert cgroups.own_memory_cgroup(f"0::/system.slice/classroom.scope/{cgroups.HUB_LEAF}\n",
                                     v2_mounts=(mount,)) == own
    assert cgroups.classroom_cgroup_root(own) == root


def test_v2_a_hub_at_the_top_of_its_hierarchy_keeps_its_processes(v2):
    mount, _ = v2
    (mount / "cgroup.procs").write_text("1\n")  # e.g. a container with its own cgroup namespace
    root = cgroups.classroom_cgroup_root(mount)
    assert (mount / "cgroup.procs").read_text().split() == ["1"] and not (mount / cgroups.HUB_LEAF).exists()
    assert (root / "cgroup.subtree_control").read_text() == "+memory"


def test_v1_limits_memory_and_memory_plus_swap_lifting_the_old_limit_first(tmp_path):
    group = tmp_path / "ada"
    group.mkdir()
    (group / "memory.limit_in_bytes").write_text("9223372036854771712\n")
    (group / "memory.memsw.limit_in_bytes").write_text(str(2**29))  # an earlier start's lower limit
    writes = []
    real_write = Path.write_text

    def write_text(self, data, *a, **kw):
        writes.append((self.name, data))
        return real_write(self, data, *a, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "write_text", write_text)
        cgroups.set_memory_limit(group, 2**30)
    # v1 refuses memory above memory+swap: the old memory+swap limit is lifted before the memory limit rises.
    assert writes == [("memory.memsw.limit_in_bytes", "-1"), ("memory.limit_in_bytes", str(2**30)),
                      ("memory.memsw.limit_in_bytes", str(2**30))]
    assert not cgroups.is_v2(group) and cgroups.memory_limit(group) == 2**30


def test_no_memory_controller_gets_one_clear_error_that_says_what_to_do(tmp_path):
    with pytest.raises(cgroups.MemoryLimitError, match='memory_limit = "" and teacher_memory_limit = ""'):
        cgroups.classroom_cgroup_root(tmp_path)


def test_on_this_machines_real_v2_hierarchy_a_process_joins_a_group_as_the_spawner_moves_it_and_no_memory_is_no_limit():
    """For real, on the v2 hierarchy here (no memory controller in it): the spawner's way of moving a server
    into its group (join_cgroup_fn, before the server runs) works on v2, and a hub whose v2 group has no
    memory controller is told so at start."""
    assert os.geteuid() == 0 and cgroups.is_v2(REAL_V2), "runs as root on a machine with a v2 hierarchy (as CI)"
    own_line = next(line for line in Path("/proc/self/cgroup").read_text().splitlines() if line.startswith("0::"))
    # Seen as if this were a v2-only machine (the v1 memory line left out): no memory in the v2 group, no limits.
    assert "memory" not in (REAL_V2 / own_line[3:].lstrip("/") / "cgroup.controllers").read_text().split()
    assert cgroups.own_memory_cgroup(own_line + "\n", v2_mounts=(REAL_V2,)) is None
    group = REAL_V2 / own_line[3:].lstrip("/") / f"nnbook-test-{os.getpid()}"
    group.mkdir()
    try:
        out = subprocess.run(["cat", "/proc/self/cgroup"], preexec_fn=cgroups.join_cgroup_fn(
            str(group / "cgroup.procs"), None), capture_output=True, text=True, check=True).stdout
        assert f"0::/{group.relative_to(REAL_V2)}" in out.splitlines()
    finally:
        group.rmdir()  # the process has exited: the group is empty again
