"""`make classroom` (python3 tasks.py classroom): install what a class needs (the first time), start JupyterHub.

    python3 tasks.py classroom            install if needed, then start the hub (Ctrl+C stops it)
    python3 tasks.py classroom --install  install or update only (CI and the tests use this)

Everything goes under the settings' `home` folder (default /opt/nnbook-classroom), in environments of
its own, so the lessons' pinned set in .venv is never touched:
  hub-venv/       JupyterHub and the idle culler (the hub runs as root; it needs none of nnbook)
  proxy/          npm's configurable-http-proxy (JupyterHub's proxy, a Node.js program)
  students-venv/  nnbook with constraints.txt's pins, plus jupyterhub's single-user server: what each
                  student's server and kernels run. Built from a Python every student can read (Debian's
                  /usr/bin/python3, not a pyenv build under /root), and nnbook is installed into it (not
                  linked to this clone), so students need no access to the clone.
  lessons/        the lessons as they are copied to each student at their first start
  bin/            start_student.py (copies the lessons a student lacks, then starts their server)
  state/          the hub's database and secrets
"""

import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import classsettings  # noqa: E402

# The versions the test (tests/test_classroom.py) passed with.
JUPYTERHUB = "jupyterhub==6.1.1"
HUB_PACKAGES = [JUPYTERHUB, "jupyterhub-idle-culler==2.0.0", "tomli>=2; python_version < '3.11'"]
PROXY_PACKAGE = "configurable-http-proxy@5.3.0"
PIP = ["-m", "pip", "install", "--disable-pip-version-check", "-q"]


def say(text):
    print(text, flush=True)


def run(*cmd, **kw):
    say("+ " + " ".join(str(c) for c in cmd))
    return subprocess.call([str(c) for c in cmd], **kw)


def fail(text):
    sys.exit(f"make classroom: {text}")


def readable_by_everyone(path):
    """True when any user can run/read `path`: every folder above it is searchable by others."""
    path = Path(path).resolve()
    if not path.exists() or not path.stat().st_mode & stat.S_IROTH:
        return False
    return all(p.stat().st_mode & stat.S_IXOTH for p in path.parents)


def stamp_ok(folder, want):
    stamp = folder / ".nnbook-installed"
    return stamp.exists() and stamp.read_text() == want


def stamp_write(folder, want):
    (folder / ".nnbook-installed").write_text(want)


def digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
    return h.hexdigest()


def tree_digest(folder, pattern="**/*"):
    return digest(*(p.relative_to(folder).as_posix().encode() + p.read_bytes()
                    for p in sorted(Path(folder).glob(pattern)) if p.is_file() and "__pycache__" not in p.parts))


def pinned_install(python, packages, constraints):
    """pip install with constraints.txt's pins; a pin with no release for this Python is let go, said aloud.

    The lock is made with the developers' Python (3.11.7); Debian 12's 3.11.2 cannot have a release that
    needs Python >= 3.11.5 (soupsieve 4.1.3 does). A quick pass without dependencies (each pin on its own,
    no resolving) finds such pins; those packages then come from their ranges.
    """
    pins = [line for line in constraints.read_text().splitlines() if "==" in line and not line.startswith("#")]
    used = Path(python).parent.parent / "constraints-used.txt"
    dropped = []
    for _ in range(len(pins)):
        used.write_text("".join(p + "\n" for p in pins))
        check = subprocess.run([str(python), *PIP, "--dry-run", "--no-deps", "-r", str(used)], cwd=ROOT,
                               capture_output=True, text=True)
        missing = re.findall(r"No matching distribution found for ([A-Za-z0-9_.-]+)==", check.stderr)
        if check.returncode == 0 or not missing:
            break
        dropped += missing
        pins = [p for p in pins if p.split("==")[0].lower() not in {m.lower() for m in missing}]
    if dropped:
        say(f"Pins of {constraints.name} with no release for this Python ({python}), installed from their ranges "
            f"instead: {', '.join(dropped)}")
    used.write_text("".join(p + "\n" for p in pins))
    return run(python, *PIP, "-c", used, *packages, cwd=ROOT) == 0


def make_venv(python, where, packages, want, what, constraints=None):
    if stamp_ok(where, want):
        return
    say(f"Installing {what} into {where} (the first time takes a few minutes) …")
    if run(python, "-m", "venv", "--clear", where) != 0:
        fail(f"{python} could not make a virtual environment. On Debian/Ubuntu: apt-get install python3-venv.")
    python = where / "bin" / "python"
    ok = run(python, *PIP, "--upgrade", "pip") == 0 and (
        pinned_install(python, packages, constraints) if constraints else run(python, *PIP, *packages, cwd=ROOT) == 0)
    if not ok:
        fail(f"installing {what} failed (see pip's message above). Check the connection to PyPI and run it again.")
    stamp_write(where, want)


def install(s):
    """Install (or bring up to date) every part under the settings' home folder; quick when nothing changed."""
    parts = classsettings.installed(s)
    home = parts["home"]
    python = Path(s["python"])
    if not python.exists():
        fail(f"the students' Python {python} does not exist ([paths] python in {s['file']}). "
             "On Debian/Ubuntu: apt-get install python3 python3-venv.")
    if s["accounts"] == "unix" and not readable_by_everyone(python):
        fail(f"the students' Python {python} ({python.resolve()}) cannot be read by other users (it is under a "
             f"private folder such as /root): every student's server runs it. Set [paths] python in {s['file']} to "
             "a system Python, e.g. /usr/bin/python3 (apt-get install python3-venv).")
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o755)
    pyver = subprocess.run([str(python), "-c", "import sys; print(sys.version)"], capture_output=True, text=True,
                           check=True).stdout

    # The hub: JupyterHub and the idle culler, in a venv of their own.
    make_venv(python, parts["hub_venv"], HUB_PACKAGES, digest(pyver, *HUB_PACKAGES), "JupyterHub")

    # The proxy, from npm.
    if not stamp_ok(parts["proxy"], PROXY_PACKAGE) or not parts["proxy_bin"].exists():
        if not shutil.which("npm"):
            fail("npm is missing (JupyterHub's proxy is an npm package). On Debian/Ubuntu: apt-get install nodejs npm.")
        parts["proxy"].mkdir(parents=True, exist_ok=True)
        say(f"Installing JupyterHub's proxy ({PROXY_PACKAGE}) into {parts['proxy']} …")
        if run("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", parts["proxy"],
               PROXY_PACKAGE) != 0:
            fail("npm could not install configurable-http-proxy (see its message above); check the connection to npm.")
        stamp_write(parts["proxy"], PROXY_PACKAGE)

    # The students' Python: nnbook (installed, not linked to this clone) with the tested pins, and the
    # single-user server. constraints.txt holds jupyterhub's shared dependencies at the lessons' versions.
    constraints = ROOT / "constraints.txt"
    sources = digest(pyver, JUPYTERHUB, constraints.read_bytes(), (ROOT / "pyproject.toml").read_bytes(),
                     tree_digest(ROOT / "nnbook"))
    make_venv(python, parts["students_venv"], [".", JUPYTERHUB], sources, "the students' Python (nnbook + Jupyter)",
              constraints=constraints)

    # nbgrader, the exchange, the system-wide settings and the teacher's course, when grading is on.
    install_grading(s, parts, constraints)

    # The lessons to hand out, and the script that hands them out. With grading on, without their
    # <details> solutions (the teacher has the answers in the course).
    want = digest(tree_digest(ROOT / "notebooks", "**/*.ipynb"), "no solutions" if s["grading"] else "")
    if not stamp_ok(parts["lessons"], want):
        shutil.rmtree(parts["lessons"], ignore_errors=True)
        shutil.copytree(ROOT / "notebooks", parts["lessons"], ignore=shutil.ignore_patterns(".*", "__pycache__"))
        if s["grading"]:
            for lesson in parts["lessons"].glob("**/*.ipynb"):
                without_solutions(lesson)
        stamp_write(parts["lessons"], want)
    parts["start_student"].parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "start_student.py", parts["start_student"])

    # The digits: one folder for the class, readable by all, writable by none of the students.
    data = classsettings.data_dir(s)
    if data == parts["mnist"] and not all((data / f).exists() for f in MNIST_FILES):
        data.mkdir(parents=True, exist_ok=True)
        say(f"Downloading MNIST once into {data} …")
        if run(parts["students_venv"] / "bin" / "python", "-m", "nnbook.data", "--data-dir", data) != 0:
            fail(f"downloading MNIST failed; copy the four MNIST files into {data} (or set [paths] data_dir).")
    if not all(readable_by_everyone(data / f) for f in MNIST_FILES):
        fail(f"the MNIST folder {data} is missing a file or cannot be read by every student: it needs "
             f"{', '.join(MNIST_FILES)}, readable by all (chmod -R a+rX). Or set [paths] data_dir in {s['file']}.")

    # One copy of the digits for the whole class: nnbook.data writes the images, uncompressed, beside the four
    # files once, and every student's kernel maps that file instead of holding a copy of its own (≈ 220 MB each).
    # A folder the hub cannot write to (no write bits) is left as it is: each kernel then makes its own copy.
    if data.stat().st_uid == os.geteuid() and data.stat().st_mode & stat.S_IWUSR:
        # With an empty cache folder of its own, so that it writes beside the files (where students can read
        # the copy) instead of using one it may find in root's own cache folder (which they cannot).
        with tempfile.TemporaryDirectory() as empty:
            if run(parts["students_venv"] / "bin" / "python", "-m", "nnbook.data", "--data-dir", data,
                   env=dict(os.environ, XDG_CACHE_HOME=empty)) != 0:
                fail(f"the MNIST files in {data} did not pass nnbook's check (see its message above).")
        subprocess.call(["chmod", "-R", "a+rX", str(data)])
    else:
        say(f"The MNIST folder {data} is read-only here: each student's kernel will hold its own copy of the digits "
            f"(≈ 220 MB). To share one, run `python -m nnbook.data --data-dir {data}` once as the folder's owner.")

    # Everything installed is readable by the students and writable by root alone.
    for folder in (parts["students_venv"], parts["lessons"], parts["start_student"].parent):
        subprocess.call(["chmod", "-R", "a+rX,go-w", str(folder)])
    os.chmod(home, 0o755)
    for folder in home.iterdir():  # (not the course: it holds the answers; not the state: the hub's secrets)
        if folder.name not in ("course", "state"):
            subprocess.call(["chmod", "-R", "a+rX,go-w", str(folder)])
    parts["state"].mkdir(parents=True, exist_ok=True)
    os.chmod(parts["state"], 0o700)
    return parts


#: nbgrader's parts that only the teacher gets (the students keep the Assignment List and validation).
TEACHER_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment")
TEACHER_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
ALL_LAB = TEACHER_LAB + ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment",
                         "@jupyter/nbgrader:menu")
ALL_SERVER = TEACHER_SERVER + ("nbgrader.server_extensions.assignment_list",
                               "nbgrader.server_extensions.validate_assignment")


def extension_settings(lab, server, enabled):
    """The two Jupyter settings files (JupyterLab's page_config, the server's) that turn nbgrader's parts on/off."""
    return ({"disabledExtensions": {name: not enabled for name in lab}},
            {"ServerApp": {"jpserver_extensions": {name: enabled for name in server}}})


def write_extension_settings(folder, lab, server, enabled):
    """Write them into a Jupyter config folder (a venv's etc/jupyter, or a user's ~/.jupyter)."""
    import json

    page, serverapp = extension_settings(lab, server, enabled)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=1) + "\n")
    (folder / "jupyter_server_config.json").write_text(json.dumps(serverapp, indent=1) + "\n")


def nbgrader_settings(s):
    """The students' environment's nbgrader_config.py: the class's course and exchange, for everyone."""
    return (f"# The class's nbgrader settings, written by `make classroom` from {s['file']} ([grading]).\n"
            "c = get_config()  # noqa: F821 (nbgrader defines it)\n"
            f"c.CourseDirectory.course_id = {classsettings.COURSES[s['grading_language']]!r}\n"
            f"c.Exchange.root = {s['exchange']!r}\n")


def without_solutions(path):
    """A lesson file without its <details> solutions (a cell that was only a solution goes)."""
    import json

    sys.path.insert(0, str(ROOT / "grading"))
    from assignments import DETAILS

    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "<details>" in source:
            source = DETAILS.sub("\n\n", source).strip("\n")
            if not source:
                continue
            cell["source"] = source
        cells.append(cell)
    notebook["cells"] = cells
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def install_grading(s, parts, constraints):
    """[grading] enabled: nbgrader in the students' Python (pinned), the exchange, the shared settings, the course.

    Off: nbgrader's parts are switched off in the students' environment (if an earlier run installed it).
    """
    venv = parts["students_venv"]
    etc = venv / "etc" / "jupyter"
    if not s["grading"]:
        if any(venv.glob("lib/python*/site-packages/nbgrader")):
            write_extension_settings(etc, ALL_LAB, ALL_SERVER, False)
            (etc / "nbgrader_config.py").unlink(missing_ok=True)
        return
    want = digest("nbgrader", constraints.read_bytes())
    stamp = venv / ".nnbook-grading-installed"
    if not (stamp.exists() and stamp.read_text() == want):
        say(f"Installing nbgrader into {venv} (grading is on) …")
        if not pinned_install(venv / "bin" / "python", ["nbgrader"], constraints):
            fail("installing nbgrader failed (see pip's message above). Check the connection to PyPI and run it again.")
        stamp.write_text(want)
    # Students: the Assignment List (fetch, submit) and validation; the teacher's parts are switched on in the
    # teacher's own ~/.jupyter when their server starts (spawner.py), which takes precedence over this.
    write_extension_settings(etc, TEACHER_LAB, TEACHER_SERVER, False)
    (etc / "nbgrader_config.py").write_text(nbgrader_settings(s))
    # The exchange: every student may write into it; nbgrader's release makes the course's folders in it
    # (inbound with mode 2733: a student can hand in but not list the others' submissions).
    exchange = Path(s["exchange"])
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o1777)
    # The teacher's course, answers included: made from the lessons, kept where only root reads it; the
    # spawner copies it into the teacher's home at their first start with grading on.
    want = digest(tree_digest(ROOT / "notebooks", "**/*.ipynb"), (ROOT / "grading" / "solutions.toml").read_bytes(),
                  (ROOT / "grading" / "assignments.py").read_bytes(), s["grading_language"])
    course = parts["course"]
    if not stamp_ok(course, want):
        shutil.rmtree(course, ignore_errors=True)
        with tempfile.TemporaryDirectory() as out:
            if run(venv / "bin" / "python", ROOT / "grading" / "assignments.py", out) != 0:
                fail("making the course from the lessons failed (grading/assignments.py, see its message above).")
            shutil.copytree(Path(out) / s["grading_language"], course)
        stamp_write(course, want)
    os.chmod(course, 0o700)


MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
               "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def hub_command(s):
    parts = classsettings.installed(s)
    return [str(parts["hub_venv"] / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")]


def hub_env(s):
    parts = classsettings.installed(s)
    env = dict(os.environ)
    env[classsettings.ENV_VAR] = s["file"]
    env["NNBOOK_DATA_DIR"] = str(classsettings.data_dir(s))
    env["PATH"] = os.pathsep.join([str(parts["proxy_bin"].parent), str(parts["hub_venv"] / "bin"), env.get("PATH", "")])
    return env


def addresses(s):
    if s["ip"] not in ("0.0.0.0", "", "::"):
        return [s["ip"]]
    names = {socket.gethostname()}
    try:
        names |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        pass
    return sorted(n for n in names if not n.startswith("127."))


def main(args):
    try:
        s = classsettings.load()
    except classsettings.SettingsError as exc:
        fail(str(exc))
    if s["accounts"] == "unix" and os.geteuid() != 0:
        fail(f"accounts = \"unix\" (one Unix account per student) needs root: run `sudo make classroom`, or set "
             f"accounts = \"demo\" in {s['file']} to try it out without isolation between students.")
    if s["accounts"] == "demo" and os.geteuid() == 0 and "--install" not in args:
        fail(f"accounts = \"demo\" runs every student's server as the hub's user, and that is root here: every "
             f"student would be root. As root use accounts = \"unix\" in {s['file']}; demo mode is for trying the "
             "hub out as an ordinary user.")
    parts = install(s)
    if "--install" in args:
        say(f"The classroom is installed in {parts['home']}.")
        return 0
    where = addresses(s)
    say("")
    say("The class's JupyterHub is starting. Students open, in a browser on the class's network:")
    for address in where:
        say(f"    http://{address}:{s['port']}/")
    if s["student_passwords"]:
        say(f"and log in with their name and their own password (from {s['student_passwords']}, made by "
            "classroom/passwords.py); the class password logs nobody in.")
    else:
        say(f"and log in with a name of their choosing (lowercase letters, digits, - or _; starting with a letter) "
            f"and the class password from {s['file']} ([login] class_password).")
    if s["grading"]:
        say(f"Grading is on: the course is in the teacher's ~/nnbook-course, the exchange in {s['exchange']} "
            "(docs/grading.md).")
        if not s["student_passwords"]:
            say("  With the class password anyone can log in (and hand in) under any name: for grades that count, "
                "set [login] student_passwords (docs/classroom.md).")
    say(f"The teacher logs in as {s['teacher']!r} "
        + ("with the teacher password" if s["teacher_password"] else
           "with their own password" if s["student_passwords"] else "with the class password")
        + f" and sees every student on http://{where[0] if where else 'localhost'}:{s['port']}/hub/admin")
    if s["accounts"] == "demo":
        say("DEMO MODE: every student's server runs as this user, with NO isolation between students "
            "(accounts = \"demo\"). For a real class use accounts = \"unix\" as root.")
    say("Stop the hub with Ctrl+C (the students' servers stop with it).")
    say("")
    os.chdir(parts["state"])
    os.execve(hub_command(s)[0], hub_command(s), hub_env(s))
