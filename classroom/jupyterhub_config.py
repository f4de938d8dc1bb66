"""The class's JupyterHub (started by `make classroom`). Teachers edit classroom/settings.toml, not this file.

What each setting does, and why, is in docs/classroom.md.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import classsettings  # noqa: E402
import spawner  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub provides it)

try:
    s = classsettings.load()
except classsettings.SettingsError as exc:
    sys.exit(f"classroom: {exc}")
parts = classsettings.installed(s)
students_python = parts["students_venv"] / "bin" / "python"

# --- Where the hub listens, and its state (database, cookie secret) in <home>/state.
c.JupyterHub.bind_url = f"http://{s['ip']}:{s['port']}"
# The hub's own API and the proxy's API: this machine only, on the two ports after the class's.
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{s['port'] + 2}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s['port'] + 1}"
c.JupyterHub.db_url = f"sqlite:///{parts['state'] / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(parts["state"] / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(parts["proxy_bin"])]
c.ConfigurableHTTPProxy.pid_file = str(parts["state"] / "jupyterhub-proxy.pid")

# --- Login: one class password; any name that fits the pattern makes a student; the teacher is an admin.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = s["class_password"]
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = classsettings.USERNAME_PATTERN
if s["teacher_password"]:
    c.SharedPasswordAuthenticator.admin_password = s["teacher_password"]
    c.Authenticator.admin_users = {s["teacher"]}
# Without a teacher password the teacher logs in with the class password like a student, and has no admin
# page: an admin by name alone could be anyone who knows the class password and types that name.
teacher = s["teacher"]

# --- A password per student ([login] student_passwords, made by classroom/passwords.py): then only the names
# in that file log in, each with their own password, and the class password logs nobody in. The file is read
# at every login (students added to it need no restart); the teacher's password still makes the admin.
if s["student_passwords"]:
    import asyncio

    import passwords
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

    try:
        passwords.read(s["student_passwords"])
    except passwords.PasswordFileError as exc:
        sys.exit(f"classroom: [login] student_passwords: {exc}")

    class StudentPasswordAuthenticator(SharedPasswordAuthenticator):
        async def authenticate(self, handler, data):
            name = self.normalize_username(data["username"])
            if name in self.admin_users:
                return await super().authenticate(handler, data)
            try:
                stored = passwords.read(s["student_passwords"]).get(name)
            except passwords.PasswordFileError as exc:
                self.log.error("classroom: %s", exc)
                return None
            if stored and await asyncio.to_thread(passwords.verify, data["password"], stored):
                return {"name": name, "admin": False, "groups": []}
            return None

    c.JupyterHub.authenticator_class = StudentPasswordAuthenticator

# --- Each student's server: their own account (or the demo spawner), the students' Python, the lessons.
if s["accounts"] == "unix":
    # A name that is already an account of this machine and not a student's (root, a system user, the
    # teacher's own login) cannot log in: its server would run as that account. (The spawner refuses
    # such a name too, for an account made after the hub started.)
    import grp
    import pwd

    try:
        student_gid = grp.getgrnam(spawner.GROUP).gr_gid
    except KeyError:
        student_gid = None
    c.Authenticator.blocked_users = {a.pw_name for a in pwd.getpwall() if a.pw_gid != student_gid}
    if s["teacher"] in c.Authenticator.blocked_users:
        sys.exit(f"classroom: the teacher's name {s['teacher']!r} is an account of this machine already (not a "
                 f"student's): choose another [login] teacher in {s['file']}.")
    c.JupyterHub.spawner_class = spawner.UnixClassroomSpawner
    c.UnixClassroomSpawner.home_base = s["home_base"]
    if s["grading"]:  # the teacher gets the course (answers included) and the Formgrader at their start
        c.UnixClassroomSpawner.teacher = s["teacher"]
        c.UnixClassroomSpawner.course = str(parts["course"])
else:
    c.JupyterHub.spawner_class = spawner.DemoClassroomSpawner
    c.DemoClassroomSpawner.home_dir_template = os.path.join(s["home_base"], "{username}")
c.Spawner.cmd = [str(students_python), str(parts["start_student"]), str(parts["lessons"]), "jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/lessons/00_welcome.ipynb"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "NNBOOK_DATA_DIR": str(classsettings.data_dir(s)),  # one read-only copy of the digits for the class
    # The students' Python first (a terminal's `python`, `jupyter`, `nbgrader`; nbgrader runs `alembic` from
    # there), never the hub's.
    "PATH": os.pathsep.join([str(parts["students_venv"] / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
    # A class shares the cores: one BLAS thread per student keeps 30 kernels from fighting over two cores.
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    # How often a server tells the hub it is in use (seconds); the idle culler reads that.
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(int(min(300, max(5, s["idle_server_minutes"] * 60 / 6)))),
}
# Some processors need these for OpenBLAS (see the developers' notes); pass them on when the hub has them.
c.Spawner.env_keep = ["LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]

# --- A class starting together: a few servers at a time, each given time to come up on a busy machine.
c.ClassroomSpawner.start_at_once = s["start_at_once"]
c.Spawner.start_timeout = 600  # includes the wait for a turn
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = 0  # no "too many users" refusals: the spawner queues them instead

# --- Memory per student (LocalProcessSpawner has no limit of its own: the spawner's cgroup hook enforces it).
c.Spawner.mem_limit = s["memory_limit"]
if (s["memory_limit"] or s["teacher_memory_limit"]) and os.geteuid() != 0:
    # Only demo mode runs without root (launch.py refuses "unix" accounts without it).
    print("classroom: DEMO MODE without root: the memory limits in settings.toml are NOT applied.", flush=True)
    c.Spawner.mem_limit = None
    s["teacher_memory_limit"] = None
elif s["memory_limit"] or s["teacher_memory_limit"]:
    try:
        c.ClassroomSpawner.cgroup_root = str(spawner.classroom_cgroup_root())
    except spawner.MemoryLimitError as exc:
        sys.exit(f"classroom: {exc}")


def give_teacher_limit(sp):
    if sp.user.name == teacher or sp.user.admin:
        sp.mem_limit = s["teacher_memory_limit"]


c.Spawner.pre_spawn_hook = give_teacher_limit

# --- Kernels of students who left: a kernel with no page attached is stopped after idle_kernel_minutes
# without running anything; one the student is still using (a page open) is never stopped by this.
kernel_idle = int(s["idle_kernel_minutes"] * 60)
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    f"--MappingKernelManager.cull_interval={max(5, min(300, kernel_idle // 4))}",
    "--MappingKernelManager.cull_connected=False",
    "--MappingKernelManager.cull_busy=False",
    # A class opening lessons at the same moment: a kernel gets 3 minutes (not 1) to answer before it
    # counts as dead (measured: with 30 kernels starting in one second, one missed the 60 s default).
    "--MappingKernelManager.kernel_info_timeout=180",
]

# --- Servers of students who left: the idle culler (a hub service) stops a server with no activity for
# idle_server_minutes; its files stay. Activity = the student's pages talking to their server.
server_idle = int(s["idle_server_minutes"] * 60)
every = int(max(5, min(300, server_idle // 6)))
c.JupyterHub.last_activity_interval = every
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [str(parts["hub_venv"] / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                f"--timeout={server_idle}", f"--cull-every={every}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
