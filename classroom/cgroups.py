"""The students' memory limits: cgroup memory controller helpers (standard library only), v1 or v2.

The spawner (spawner.py) uses them in the hub; the tests and the load test use them to find and check
the students' groups.

- cgroup v1 (the project's machines: /sys/fs/cgroup/memory): each student's group is made under the hub's
  own memory cgroup, with memory.limit_in_bytes (and memory.memsw.limit_in_bytes, so swap cannot get round it).
- cgroup v2 (the unified hierarchy, what current Debian/Ubuntu with systemd use: /sys/fs/cgroup): the same,
  with memory.max (and memory.swap.max = 0). v2 lets a group hand the memory controller to its children only
  when it holds no process itself, so the hub first moves the processes of its own group into a leaf group
  of their own (HUB_LEAF) beside the students' (a delegated group, e.g. `systemd-run --scope -p Delegate=yes`,
  is the hub's to arrange like that). Written for v2 and checked on a model of its files
  (tests/test_cgroups.py); the v2 memory controller was not available on the machines this was built on.
"""

import errno
import os
from pathlib import Path

GROUP = "nnbook-students"
CGROUP_MOUNT = Path("/sys/fs/cgroup/memory")  # v1's memory hierarchy
# Where the v2 (unified) hierarchy is mounted: /sys/fs/cgroup on a v2-only system, .../unified on a hybrid one.
CGROUP2_MOUNTS = (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified"))
CLASSROOM = "nnbook-classroom"  # the students' groups are made in this group, under the hub's own
HUB_LEAF = "nnbook-hub"  # v2: where the processes of the hub's own group go, so that group can delegate memory


class MemoryLimitError(RuntimeError):
    pass


def is_v2(group):
    """True for a group of the v2 (unified) hierarchy: only v2 groups have a cgroup.controllers file."""
    return (Path(group) / "cgroup.controllers").exists()


def own_memory_cgroup(proc_cgroup=None, v1_mount=CGROUP_MOUNT, v2_mounts=CGROUP2_MOUNTS):
    """This process's memory cgroup: its group in the v1 memory hierarchy when the machine has one, else its
    v2 group when the memory controller is available there; None when neither.

    proc_cgroup: the text of /proc/self/cgroup (read when None); the mounts can be changed for a test.
    """
    lines = (Path("/proc/self/cgroup").read_text() if proc_cgroup is None else proc_cgroup).splitlines()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return Path(v1_mount) / path.lstrip("/")
    for line in lines:
        hierarchy, controllers, path = line.split(":", 2)
        if hierarchy != "0" or controllers:
            continue
        for mount in v2_mounts:
            group = Path(mount) / path.lstrip("/")
            if group.name == HUB_LEAF:  # the hub moved itself into its leaf (below): its group is the one above
                group = group.parent
            try:
                if is_v2(mount) and "memory" in (group / "cgroup.controllers").read_text().split():
                    return group
            except OSError:
                continue
    return None


def _delegate_memory(group):
    """v2: let `group`'s children have the memory controller; its own processes move into a leaf first."""
    control = Path(group) / "cgroup.subtree_control"
    try:
        control.write_text("+memory")
        return
    except OSError as exc:
        if exc.errno != errno.EBUSY:  # EBUSY: the group holds processes ("no internal processes" rule)
            raise
    leaf = Path(group) / HUB_LEAF
    leaf.mkdir(exist_ok=True)
    for pid in (Path(group) / "cgroup.procs").read_text().split():
        try:
            (leaf / "cgroup.procs").write_text(pid)
        except ProcessLookupError:  # gone meanwhile
            pass
    control.write_text("+memory")


def classroom_cgroup_root(own=None):
    """The folder under which each student gets a memory cgroup; a clear error when there is none to use."""
    own = own_memory_cgroup() if own is None else Path(own)
    if own is None or not ((own / "memory.limit_in_bytes").exists() or is_v2(own)):
        raise MemoryLimitError(
            "per-student memory limits need the cgroup memory controller, and this hub's cgroup has none: neither "
            "cgroup v1 (/sys/fs/cgroup/memory) nor v2 with the memory controller given to the hub's group (run the "
            "hub in a group of its own, e.g. `sudo systemd-run --scope -p Delegate=yes make classroom`). Or set "
            "memory_limit = \"\" and teacher_memory_limit = \"\" in classroom/settings.toml to run without limits "
            "(docs/classroom.md, 'Memory').")
    root = own / CLASSROOM
    try:
        if is_v2(own):
            _delegate_memory(own)
            root.mkdir(exist_ok=True)
            (root / "cgroup.subtree_control").write_text("+memory")
        else:
            root.mkdir(exist_ok=True)
    except OSError as exc:
        raise MemoryLimitError(
            f"cannot make the students' memory cgroups under {own} ({exc.strerror}): the hub must run as root with "
            "its cgroup writable (cgroup v2: a group delegated to it, e.g. `sudo systemd-run --scope -p Delegate=yes "
            "make classroom`), or set memory_limit = \"\" in classroom/settings.toml.") from None
    return root


def set_memory_limit(group, limit, swap_too=True):
    """Limit what the group's processes may hold together to `limit` bytes; with swap_too, swap cannot be used
    to get round it."""
    group = Path(group)
    if is_v2(group):
        (group / "memory.max").write_text(str(limit))
        if swap_too and (group / "memory.swap.max").exists():  # v2 counts swap apart from memory: none at all
            (group / "memory.swap.max").write_text("0")
        return
    # v1: memory + swap may never be below the memory limit, so it is lifted first, then set (the group may
    # exist from an earlier start with another limit).
    memsw = group / "memory.memsw.limit_in_bytes"
    if swap_too and memsw.exists():
        memsw.write_text("-1")
    (group / "memory.limit_in_bytes").write_text(str(limit))
    if swap_too and memsw.exists():
        memsw.write_text(str(limit))


def memory_limit(group):
    """The group's memory limit in bytes (None: no limit)."""
    group = Path(group)
    text = (group / ("memory.max" if is_v2(group) else "memory.limit_in_bytes")).read_text().strip()
    return None if text == "max" else int(text)


def join_cgroup_fn(procs_file, then):
    """A preexec_fn: move this (child) process into the cgroup, then drop to the student (`then`)."""
    def preexec():
        if procs_file:
            with open(procs_file, "w") as f:
                f.write(str(os.getpid()))
        if then:
            then()
    return preexec
