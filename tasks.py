#!/usr/bin/env python3
"""Set up and run nnbook on any machine that has Python 3.10 or newer.

    python3 tasks.py lab     create .venv if needed, install nnbook, open the lessons in JupyterLab
    python3 tasks.py test    create .venv if needed, install nnbook with its test tools, run every test
    python3 tasks.py execute re-run every lesson from a fresh kernel and save its outputs (for authors)

On Windows use `py tasks.py lab` and `py tasks.py test`.  `make lab` / `make test` call this.
Extra arguments after `test` go to pytest, e.g. `python3 tasks.py test -k perceptron`.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def ensure_env(extras):
    """Create .venv when it is missing and (re)install nnbook when pyproject.toml changed."""
    if sys.version_info < (3, 10):
        sys.exit(f"nnbook needs Python 3.10 or newer; this is {sys.version.split()[0]}. Install a newer Python.")
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    stamp = VENV / f".installed-{extras or 'base'}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    if run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", spec) != 0:
        sys.exit("Installing nnbook's dependencies failed (see pip's message above). "
                 "Check the network connection to PyPI, then run the command again.")
    stamp.write_text(want)


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


def test(args):
    ensure_env("test")
    return run(PYTHON, "-m", "pytest", *args)


def execute(args):
    """Re-execute the lessons in place, each from a fresh kernel, in order."""
    ensure_env("test")
    notebooks = args or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for nb in notebooks:
        code = run(PYTHON, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                   "--ExecutePreprocessor.timeout=1200", nb)
        if code:
            return code
    return 0


if __name__ == "__main__":
    commands = {"lab": lab, "test": test, "execute": execute}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
