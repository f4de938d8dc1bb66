"""The class's spawner: JupyterHub's LocalProcessSpawner plus what a class on one machine needs.

- accounts: "unix" makes a Unix account for a student at their first start (useradd, group nnbook-students,
  a home folder only they can read); a name that belongs to any other account (root, a teacher's own
  account, a system user) is refused. "demo" runs everyone as the hub's user (no isolation).
- memory: LocalProcessSpawner ignores `mem_limit`. Here each student's server is put, before it runs a
  single instruction of its own, into a cgroup (the memory controller, v1 or v2: cgroups.py) with that
  limit; its kernels inherit it. Over the limit, the kernel's OOM killer stops the biggest process in that student's group (their
  kernel): Jupyter says the kernel died and restarts it, and nobody else is touched.
- staggered starts: at most `start_at_once` servers start at the same moment; the others wait their turn
  (a server's start is its heaviest moment: a class starting together on two cores times out).
"""

import asyncio
import grp
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner, set_user_setuid
from traitlets import Integer, Unicode

from cgroups import (GROUP, MemoryLimitError, classroom_cgroup_root, join_cgroup_fn,  # noqa: F401 (the config uses them)
                     set_memory_limit)


class ClassroomSpawner(LocalProcessSpawner):
    """What both kinds of class spawner share: staggered starts and the memory cgroup."""

    start_at_once = Integer(4, config=True, help="How many servers may start at the same moment.")
    cgroup_root = Unicode("", config=True, help="Parent folder of the students' memory cgroups ('' = no limits).")

    _gate = None  # one asyncio.Semaphore for the whole hub (made lazily, inside the hub's event loop)

    @classmethod
    def gate(cls, size):
        if ClassroomSpawner._gate is None:
            ClassroomSpawner._gate = asyncio.Semaphore(size)
        return ClassroomSpawner._gate

    @property
    def cgroup(self):
        return Path(self.cgroup_root) / self.user.name if self.cgroup_root and self.mem_limit else None

    def prepare_cgroup(self):
        group = self.cgroup
        if group is None:
            return None
        group.mkdir(exist_ok=True)
        set_memory_limit(group, self.mem_limit)  # swap cannot get round it either
        self.log.info("Memory limit for %s: %d bytes (cgroup %s)", self.user.name, self.mem_limit, group)
        return str(group / "cgroup.procs")

    async def remove_cgroup(self):
        group = self.cgroup
        if group is None or not group.exists():
            return
        for attempt in range(20):  # the kernels may take a moment to go after the server
            if attempt == 8:  # 2 s on: whatever the student left running (an orphaned kernel) goes too
                for pid in (group / "cgroup.procs").read_text().split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            try:
                group.rmdir()
                return
            except OSError:
                await asyncio.sleep(0.25)
        self.log.warning("Memory cgroup %s still has processes; left in place", group)

    async def wait_until_listening(self, ip, port):
        """Hold this server's turn until it answers on its port (or dies), at most http_timeout seconds."""
        deadline = time.monotonic() + self.http_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                return
            try:
                _, writer = await asyncio.open_connection(ip, port)
                writer.close()
                return
            except OSError:
                await asyncio.sleep(0.5)

    async def start(self):
        async with self.gate(self.start_at_once):
            self._procs_file = self.prepare_cgroup()
            ip, port = await super().start()
            await self.wait_until_listening(ip, port)
        return ip, port

    async def stop(self, now=False):
        await super().stop(now=now)
        await self.remove_cgroup()


class UnixClassroomSpawner(ClassroomSpawner):
    """One Unix account per student (the hub runs as root)."""

    home_base = Unicode("/home", config=True, help="Where the students' home folders are made.")

    def ensure_account(self):
        name = self.user.name
        try:
            account = pwd.getpwnam(name)
        except KeyError:
            account = None
        if account is not None:
            if not self.group_exists() or account.pw_gid != self.group_gid():
                raise PermissionError(
                    f"The name {name!r} belongs to an account of this machine that is not a student's: "
                    "log in with another name.")
            return account
        if not self.group_exists():
            subprocess.run(["groupadd", "--system", GROUP], check=True)
        home = Path(self.home_base) / name
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--gid", GROUP,
                        "--shell", "/bin/bash", "--comment", "nnbook student", name], check=True)
        os.chmod(home, 0o700)  # their work is theirs: other students cannot read it
        self.log.info("Made the Unix account %s (home %s)", name, home)
        return pwd.getpwnam(name)

    @staticmethod
    def group_exists():
        try:
            grp.getgrnam(GROUP)
            return True
        except KeyError:
            return False

    @staticmethod
    def group_gid():
        return grp.getgrnam(GROUP).gr_gid

    def make_preexec_fn(self, name):
        return join_cgroup_fn(getattr(self, "_procs_file", None), set_user_setuid(name))

    teacher = Unicode("", config=True, help="The teacher's name: gets the course and nbgrader's Formgrader.")
    course = Unicode("", config=True, help="The course made by `make classroom` with grading on ('' = no grading).")

    def give_teacher_the_course(self, account):
        """At the teacher's start with grading on: the course in ~/nnbook-course (once; the teacher's work stays)
        and, in ~/.jupyter, nbgrader pointed at it with the Formgrader switched on (for this account only)."""
        import launch

        home = Path(account.pw_dir)
        mine = home / "nnbook-course"
        made = []
        if not mine.exists():
            shutil.copytree(self.course, mine)
            made.append(mine)
        settings = home / ".jupyter"
        if not (settings / "nbgrader_config.py").exists():
            settings.mkdir(exist_ok=True)
            (settings / "nbgrader_config.py").write_text(
                "# Written by the class's hub (classroom/spawner.py): nbgrader's commands and the Formgrader work on\n"
                "# the course in this folder, wherever they are run from.\n"
                f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(mine)!r}\n")
            launch.write_extension_settings(settings, launch.TEACHER_LAB, launch.TEACHER_SERVER, True)
            made.append(settings)
        for top in made:
            for folder, _, files in os.walk(top):
                for path in [folder, *(os.path.join(folder, f) for f in files)]:
                    os.chown(path, account.pw_uid, account.pw_gid)
        if made:
            self.log.info("Gave the teacher %s the course in %s", account.pw_name, mine)

    async def start(self):
        account = self.ensure_account()
        if self.course and self.user.name == self.teacher:
            self.give_teacher_the_course(account)
        return await super().start()


class DemoClassroomSpawner(ClassroomSpawner, SimpleLocalProcessSpawner):
    """DEMO ONLY: every student runs as the hub's own user, each in a folder under home_base; no isolation."""

    def make_preexec_fn(self, name):
        return join_cgroup_fn(getattr(self, "_procs_file", None), super().make_preexec_fn(name))
