"""The students' memory limits: cgroup v1 memory controller helpers (standard library only).

The spawner (spawner.py) uses them in the hub; the tests and the load test use them to find and check
the students' groups.
"""

import os
from pathlib import Path

GROUP = "nnbook-students"
CGROUP_MOUNT = Path("/sys/fs/cgroup/memory")


class MemoryLimitError(RuntimeError):
    pass


def own_memory_cgroup():
    """This process's cgroup in the v1 memory hierarchy, e.g. Path('/sys/fs/cgroup/memory/some/group')."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return CGROUP_MOUNT / path.lstrip("/")
    return None


def classroom_cgroup_root():
    """The folder under which each student gets a memory cgroup; a clear error when there is none to use."""
    own = own_memory_cgroup()
    if own is None or not (own / "memory.limit_in_bytes").exists():
        raise MemoryLimitError(
            "per-student memory limits need the cgroup v1 memory controller (/sys/fs/cgroup/memory), and this "
            "machine has none (a cgroup v2-only system). Set memory_limit = \"\" and teacher_memory_limit = \"\" in "
            "classroom/settings.toml to run without limits (docs/classroom.md, 'Memory').")
    root = own / "nnbook-classroom"
    try:
        root.mkdir(exist_ok=True)
    except OSError as exc:
        raise MemoryLimitError(
            f"cannot make the students' memory cgroups under {own} ({exc.strerror}): the hub must run as root with "
            "/sys/fs/cgroup/memory writable, or set memory_limit = \"\" in classroom/settings.toml.") from None
    return root


def join_cgroup_fn(procs_file, then):
    """A preexec_fn: move this (child) process into the cgroup, then drop to the student (`then`)."""
    def preexec():
        if procs_file:
            with open(procs_file, "w") as f:
                f.write(str(os.getpid()))
        if then:
            then()
    return preexec
