#!/usr/bin/env python3
"""Set up and run nnbook on any machine that has Python 3.10 or newer.

    python3 tasks.py lab     create .venv if needed, install nnbook, open the lessons in JupyterLab
    python3 tasks.py test    create .venv if needed, install nnbook with its test tools, run every test
    python3 tasks.py present create .venv if needed, install nnbook, open the lessons in Voilà: a list of
                             the lessons, each opening as an app with no code (for the projector)
    python3 tasks.py lesson 06  after editing lesson 06 (for authors): bring its Chinese notebook in step
                             (zh-sync), record the translations just written, cut the font again if the
                             Chinese needs new characters, re-execute both languages, run its tests
    python3 tasks.py check   the quick tests for authors: the unit tests and the English lessons under
                             strict nbval (no browser, no fresh installs); `test` is the full suite CI runs
    python3 tasks.py execute re-run every lesson, English and Chinese, from a fresh kernel and save its
                             outputs (or only the notebooks named), with ids that stay the same between runs
    python3 tasks.py test-lowest  the unit tests and every lesson (strict nbval) with the LOWEST versions
                             that pyproject.toml allows, in .venv-lowest (keeps the lower bounds honest)
    python3 tasks.py lock    rewrite constraints.txt from a fresh install of the ranges (then run `test`)
    python3 tasks.py zh-sync bring the Chinese lessons (notebooks/zh/) in step with the English ones: copy
                             new English cells across, record the translations just written and list
                             the cells that need translating (all lessons, or those named: zh-sync 01);
                             `zh-sync 01 --translated CELL_ID …` records those cells as translated;
                             with no lesson named, the teacher's guide too (docs/teacher-guide.zh-CN.md,
                             section by section: `zh-sync guide [--translated KEY …]` for the guide alone)
    python3 tasks.py classroom  install (the first time) and start a JupyterHub for a class on this machine:
                             settings in classroom/settings.toml, guide in docs/classroom.md
    python3 tasks.py assignments [DIR]  the nbgrader course made from the lessons' exercises, one per
                             language (DIR/en, DIR/zh; default build/assignments): grading/assignments.py,
                             teacher's guide in docs/grading.md
    python3 tasks.py font    cut nnbook's Chinese font again (after the Chinese text changed), from
                             Noto Sans CJK (Debian's fonts-noto-cjk, or a path given)

On Windows use `py tasks.py lab` and `py tasks.py test`.  `make lab` / `make test` call this.
Extra arguments after `test` go to pytest, e.g. `python3 tasks.py test -k perceptron`.
`lab` and `test` install the versions pinned in constraints.txt (the set the tests passed with).
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TOOLS = ROOT / "tools"  # standard-library helpers: translation.py (zh-sync), stable.py (execute)
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "constraints.txt"
LOWEST = ROOT / ".venv-lowest"
# Slow end-to-end runs that the lowest-versions run leaves out: the browser suite (JupyterLab and Voilà
# in Chromium), the extra BLAS set-ups, `tasks.py lab` (it starts .venv's JupyterLab, not this one's), the
# Binder build (it installs the pinned set into a new environment, whatever this one has) and the class's
# JupyterHub (its students run the pinned set in /opt/nnbook-classroom, not this one); and the grading of
# every lesson by nbgrader (minutes; tests/test_assignments.py still takes a lesson through the whole round).
LOWEST_SKIPS = ("tests/browser", "tests/test_any_machine.py", "tests/test_lab.py", "tests/test_binder.py",
                "tests/test_classroom.py", "tests/test_classroom_grading.py", "tests/test_assignments_all_lessons.py")
# `check`, the quick tier for authors, leaves out those and the wheel's fresh install, and checks one language's
# lessons (English; `lesson NN` checks both languages of the lesson it executes).
CHECK_SKIPS = LOWEST_SKIPS + ("tests/test_wheel.py", "notebooks/zh")


def python_in(env):
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def check_python():
    if sys.version_info < (3, 10):
        sys.exit(f"nnbook needs Python 3.10 or newer; this is {sys.version.split()[0]}. Install a newer Python.")


def lock_python():
    """The Python version (e.g. '3.11') that constraints.txt was made with, from its header."""
    for line in CONSTRAINTS.read_text().splitlines():
        if line.startswith("# python "):
            return line.split()[2]
    return None


def venv_python_version(env):
    """'3.11' for a virtual environment made with Python 3.11.x (from its pyvenv.cfg)."""
    for line in (env / "pyvenv.cfg").read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def constraint_args():
    """pip's `-c constraints.txt` when the lock fits .venv's Python; the pins are for the Python it was made with."""
    if not CONSTRAINTS.exists():
        return []
    here, made = venv_python_version(VENV), lock_python()
    if made != here:
        print(f"constraints.txt was made with Python {made}; this is Python {here}, so nnbook's dependencies are "
              f"installed from the ranges in pyproject.toml instead (`python3 tasks.py lock` makes a lock for it).",
              flush=True)
        return []
    return ["-c", CONSTRAINTS]


def ensure_env(extras):
    """Create .venv when it is missing and (re)install nnbook when pyproject.toml or constraints.txt changed."""
    check_python()
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    constraints = constraint_args()
    stamp = VENV / f".installed-{extras or 'base'}"
    pinned = CONSTRAINTS.read_bytes() if constraints else b"no constraints"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode() + pinned).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    print(f"Installing nnbook's dependencies from {package_index()} (pip shows each download and its progress; "
          "the first time takes minutes) …", flush=True)
    if run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", *constraints, "-e", spec) != 0:
        sys.exit("Installing nnbook's dependencies failed (see pip's message above). Check the network connection "
                 f"to {package_index()}, then run the command again; where PyPI is slow or blocked, use a mirror: "
                 f"{MIRROR_EXAMPLE} (docs/setup.md).")
    stamp.write_text(want)


#: How to install through a PyPI mirror (here Tsinghua University's, in mainland China): pip reads PIP_INDEX_URL.
MIRROR_EXAMPLE = "PIP_INDEX_URL=https://pypi.tuna.tsinghua.edu.cn/simple make lab"


def package_index():
    """Where pip will download from: PIP_INDEX_URL when set (pip reads it itself; a pip.conf may say otherwise)."""
    return os.environ.get("PIP_INDEX_URL") or "PyPI (or the index in your pip configuration)"


def running_as_root():
    return getattr(os, "geteuid", lambda: None)() == 0  # os.geteuid exists on Linux and macOS only


def lab_command(args):
    """JupyterLab on the welcome lesson; as root (a container, a cloud VM) with --allow-root, said aloud."""
    cmd = [PYTHON, "-m", "jupyter", "lab", ROOT / "notebooks" / "00_welcome.ipynb", *args]
    if running_as_root() and "--allow-root" not in args:
        print("Running as root (a container, a cloud VM or a classroom image): "
              "starting JupyterLab with --allow-root.", flush=True)
        cmd.append("--allow-root")
    return cmd


def lab(args):
    ensure_env("")
    return run(*lab_command(args))


#: Voilà stops the kernel of a page that was left without saying goodbye (a laptop closed, a tab that
#: crashed): every CULL_INTERVAL seconds it stops each kernel that has had no page connected and no
#: activity for CULL_IDLE_TIMEOUT seconds.  A page that is open keeps its connection (its websocket),
#: so its kernel is never stopped, however long nobody touches a slider.  A connection that went
#: silent is closed by the server's websocket ping (every 30 s; closed after 90 s without an answer).
CULL_IDLE_TIMEOUT = 300
CULL_INTERVAL = 60
CULL_SETTINGS = (f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
                 f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
                 "--MappingKernelManager.cull_connected=False",  # a page that is open is never stopped
                 "--MappingKernelManager.cull_busy=False")  # nor a lesson still running its cells


def present_command(args):
    """Voilà on the notebooks folder: its page lists the lessons and each opens as an app, without code.

    Voilà (unlike JupyterLab) has no root check, so as root it needs no extra flag.  Kernels of pages
    that were left are stopped (CULL_SETTINGS); a setting given in `args` replaces ours (traitlets
    refuses the same setting twice).
    """
    given = {str(arg).split("=", 1)[0] for arg in args}
    ours = [setting for setting in CULL_SETTINGS if setting.split("=", 1)[0] not in given]
    return [PYTHON, "-m", "voila", ROOT / "notebooks", *ours, *args]


def present(args):
    ensure_env("")
    print("Opening the lessons in Voilà: double-click a lesson to open it as an app (text, pictures and sliders, "
          "no code). Press Ctrl+C here to stop.", flush=True)
    return run(*present_command(args))


def test(args):
    ensure_env("test")
    return run(PYTHON, "-m", "pytest", *args)


def check(args):
    """The quick tier: unit tests and the English lessons under strict nbval (CHECK_SKIPS left out)."""
    ensure_env("test")
    return run(PYTHON, "-m", "pytest", *(f"--ignore={path}" for path in CHECK_SKIPS), *args)


def lessons():
    """Every lesson, English then Chinese: notebooks/NN_name.ipynb and notebooks/zh/NN_name.ipynb."""
    english = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return english + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))


def lesson_pair(number):
    """The English and Chinese notebooks of lesson `number` ("06", "6" or "06_training.ipynb")."""
    key = Path(number).name[:2].zfill(2) if Path(number).name[:1].isdigit() else None
    english = [p for p in lessons() if p.parent.name == "notebooks" and p.name[:2] == key]
    if len(english) != 1:
        sys.exit(f"No lesson {number!r}: give its number, one of "
                 + ", ".join(p.name[:2] for p in lessons() if p.parent.name == "notebooks"))
    return english[0], english[0].parent / "zh" / english[0].name


def execute(args):
    """Re-execute the lessons in place (all, English and Chinese, or those named), each from a fresh kernel.

    Timing stamps are not recorded and random widget and element ids are made stable (tools/stable.py),
    so a lesson whose outputs did not change is saved byte for byte as it was."""
    ensure_env("test")
    sys.path.insert(0, str(TOOLS))
    import stable

    for nb in args or lessons():
        code = run(PYTHON, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                   "--ExecutePreprocessor.timeout=1200", "--ExecutePreprocessor.record_timing=False", nb)
        if code:
            return code
        stable.stabilize(ROOT / nb, ROOT / "notebooks")
    return 0


def font_is_short():
    """Does the Chinese text use a character nnbook's font lacks (so that `font` must cut it again)?"""
    probe = "import sys, nnbook.fonts as f; missing = f.covers(''.join(f.characters())); print(''.join(missing)); " \
            "sys.exit(1 if missing else 0)"
    return subprocess.call([str(PYTHON), "-c", probe], cwd=ROOT) != 0


def lesson(args):
    """After editing one lesson: zh-sync it, record translations, recut the font if needed, execute both, test."""
    if not args:
        sys.exit("Which lesson? python3 tasks.py lesson 06")
    english, chinese = lesson_pair(args[0])
    ensure_env("test")
    if zh_sync([english.name]):
        return 1  # zh_sync said which cells to translate, and to run this again
    if font_is_short():
        print("The Chinese text uses characters nnbook's font lacks (above): cutting the font again.", flush=True)
        if font([]):
            return 1
    code = execute([english.relative_to(ROOT), chinese.relative_to(ROOT)])
    if code:
        return code
    tests = sorted((ROOT / "tests").glob(f"test_lesson{english.name[:2]}*.py"))
    return run(PYTHON, "-m", "pytest", *(t.relative_to(ROOT) for t in tests), english.relative_to(ROOT),
               chinese.relative_to(ROOT), *args[1:])


def test_lowest(args):
    """The unit tests and every lesson under strict nbval with the lowest versions pyproject.toml allows.

    .venv-lowest gets each direct dependency at its lower bound and what they need at its newest
    (uv's `--resolution lowest-direct`); a bound that does not hold is raised in pyproject.toml and
    environment.yml alike.  Not the lock: this run keeps the ranges honest.
    """
    check_python()
    python = python_in(LOWEST)
    stamp = LOWEST / ".installed-lowest"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + sys.version.encode()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == want):
        print(f"Creating {LOWEST} with the lowest versions pyproject.toml allows …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(LOWEST)
        if (run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "uv") != 0
                or run(python, "-m", "uv", "pip", "install", "-q", "--python", python,
                       *(["--index-url", os.environ["PIP_INDEX_URL"]] if os.environ.get("PIP_INDEX_URL") else []),
                       "--resolution", "lowest-direct", "-e", ".[test]") != 0):
            sys.exit("Installing the lowest versions failed (see the message above). If a lower bound in "
                     "pyproject.toml cannot be installed any more, raise it there and in environment.yml.")
        stamp.write_text(want)
    # Every direct dependency must really be at its bound: a bound that the others push up is no promise.
    check = r"""
import sys
from importlib.metadata import requires, version
from packaging.requirements import Requirement
from packaging.version import Version
wrong = []
for text in requires("nnbook"):
    req = Requirement(text)
    if req.marker and not req.marker.evaluate({"extra": "test"}):
        continue
    lows = [s.version for s in req.specifier if s.operator == ">="]
    if not lows:
        wrong.append(f"{req.name} has no lower bound (write {req.name}>=VERSION)")
        continue
    have = version(req.name)
    print(f"  {req.name:15} {have:10} (pyproject.toml: {req.specifier})")
    if Version(have) != Version(lows[0]):
        wrong.append(f"{req.name} {have} is installed, not {lows[0]}: raise the bound to {have} "
                     f"in pyproject.toml and environment.yml")
sys.exit("\n".join(wrong) or None)
"""
    print("The lowest versions:", flush=True)
    if subprocess.call([str(python), "-c", check], cwd=ROOT) != 0:
        return 1
    skips = [f"--ignore={path}" for path in LOWEST_SKIPS]
    return run(python, "-m", "pytest", *skips, *args)


def lock(args):
    """Rewrite constraints.txt: a fresh venv gets nnbook[test] from the ranges; every version it got is pinned."""
    check_python()
    with tempfile.TemporaryDirectory(prefix="nnbook-lock-") as tmp:
        env = Path(tmp) / "venv"
        print(f"Installing nnbook[test] from the ranges in pyproject.toml into a fresh {env} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(env)
        python = python_in(env)
        if run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", ".[test]") != 0:
            sys.exit("Installing nnbook's dependencies failed (see pip's message above); constraints.txt is unchanged.")
        frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"],
                                capture_output=True, text=True, check=True).stdout.splitlines()
    pins = sorted((line for line in frozen if "==" in line and not line.lower().startswith("nnbook==")),
                  key=str.lower)
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    CONSTRAINTS.write_text(
        "# The versions `make lab` and `make test` (tasks.py) install: every package that nnbook[test]\n"
        "# needs, as the tests passed with. Refresh: `python3 tasks.py lock`, then `make test`; commit it if they pass.\n"
        "# Packages a platform needs that are not listed here (e.g. colorama, pywinpty on Windows) install\n"
        "# unpinned. On another Python version tasks.py installs from the ranges in pyproject.toml instead.\n"
        f"# python {here}\n" + "".join(p + "\n" for p in pins))
    print(f"Wrote {len(pins)} pins to {CONSTRAINTS} (Python {here}). Now run `make test` (py tasks.py test).")
    return 0


def zh_sync_guide(args):
    """Bring docs/teacher-guide.zh-CN.md in step with docs/teacher-guide.md (tools/guide_translation.py) and list
    what needs a translator; `zh-sync guide --translated KEY …` records those sections as translated."""
    sys.path.insert(0, str(TOOLS))
    import guide_translation as guide

    translated = args[args.index("--translated") + 1:] if "--translated" in args else []
    recorded, dropped, left = guide.sync(ROOT, translated)
    for key in recorded:
        print(f"recorded the translation of the teacher's guide section {key}")
    for key in dropped:
        print(f"dropped the teacher's guide section {key}: the English guide has none")
    for line in guide.report(ROOT, left):
        print(line)
    if left:
        print(f"\n{len(left)} sections of {guide.CHINESE.as_posix()} need work: translate each (a stale one: apply the "
              "English diff shown under it) in place, keeping its <!-- translation: … --> line; the next "
              "`python3 tasks.py zh-sync guide` records it (one that needs no change: python3 tasks.py zh-sync guide "
              "--translated KEY).")
    else:
        print("The Chinese teacher's guide is in step with the English one.")
    return 1 if left else 0


def zh_sync(args):
    """Copy new English cells to notebooks/zh/, drop removed ones, and list what needs a translator; with no lesson
    named, the teacher's guide too (`zh-sync guide`: only the guide)."""
    if args[:1] == ["guide"]:
        return zh_sync_guide(args[1:])
    sys.path.insert(0, str(TOOLS))
    import translation

    only = args
    if "--translated" in args:  # zh-sync 06 --translated CELL_ID …: record those cells as translated
        at = args.index("--translated")
        only, cells = args[:at], args[at + 1:]
        for name, cell in translation.record(ROOT, only, cells):
            print(f"recorded the translation of {name} cell {cell}")
    left = translation.sync(ROOT, only)
    for kind, cell, detail in left:
        print(f"{kind:>14}  {cell}  {detail}")
    changed = sorted({d.split(":")[0] for k, _, d in left if k in ("code differs", "to translate", "stale")})
    if left:
        print(f"\n{len(left)} cells need work. Translate them in notebooks/zh/ (a translated cell is recorded the next "
              "time zh-sync runs; one that needs no change: python3 tasks.py zh-sync NN --translated CELL_ID), then "
              "run python3 tasks.py lesson NN for " + ", ".join(sorted({n[:2] for n in changed})) +
              " (it re-executes and tests both editions).")
    else:
        print("The Chinese lessons are in step with the English ones.")
    if not only and (ROOT / "docs" / "teacher-guide.md").exists():
        print()
        return max(1 if left else 0, zh_sync_guide([]))
    return 1 if left else 0


NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def font(args):
    """Rebuild nnbook/fonts/nnbook-cjk-sc{,-bold}.otf from Noto Sans CJK, keeping the characters the Chinese text uses."""
    ensure_env("test")
    source = args[0] if args else str(NOTO_CJK)
    if not Path(source).exists():
        sys.exit(f"{source} not found: install Debian's fonts-noto-cjk (or download NotoSansCJK-Regular.ttc and "
                 "NotoSansCJK-Bold.ttc from https://github.com/notofonts/noto-cjk) and give the Regular one's path: python3 tasks.py font PATH")
    return run(PYTHON, "-c", "import sys, nnbook.fonts as f; print(f.build(sys.argv[1]), 'characters kept')", source)


def classroom(args):
    """A JupyterHub for a class (classroom/launch.py): its own environments under /opt/nnbook-classroom."""
    check_python()
    sys.path.insert(0, str(ROOT / "classroom"))
    import launch

    return launch.main(args)


def assignments(args):
    """Write the nbgrader source course of each language (grading/assignments.py) from the lessons."""
    ensure_env("test")  # nbgrader, which the teacher runs next, is one of the test tools
    out = Path(args[0]).resolve() if args else ROOT / "build" / "assignments"
    code = run(PYTHON, ROOT / "grading" / "assignments.py", out)
    if code == 0:
        print(f"Next (docs/grading.md): cd {out / 'en'} (or zh) and run {BIN / 'nbgrader'} generate_assignment "
              "01_perceptron, then release, collect, autograde and generate_feedback.", flush=True)
    return code


if __name__ == "__main__":
    commands = {"lab": lab, "present": present, "test": test, "check": check, "lesson": lesson, "execute": execute,
                "test-lowest": test_lowest, "lock": lock, "zh-sync": zh_sync, "font": font, "classroom": classroom,
                "assignments": assignments}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
