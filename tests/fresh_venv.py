"""A new virtual environment inside a test, and commands run in it as on a user's machine.

The test files import it by name (`from fresh_venv import ...`): pytest puts tests/ on sys.path.
tests/test_wheel.py installs the wheel into one; tests/test_binder.py runs Binder's install steps in one.
"""

import os
import subprocess
import venv
from pathlib import Path


def python_in(env_dir):
    return Path(env_dir) / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def clean_env(**extra):
    """This process's environment without what would leak our own Python set-up into the new one."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra)
    return env


def run(cmd, cwd, timeout=600, env=None):
    """Run `cmd` (clean_env() unless `env` is given); fail with its output unless it exits with 0."""
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env or clean_env(), capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def create(env_dir, with_pip=False):
    """A new, empty virtual environment in env_dir (made from the Python running the tests); its python."""
    venv.EnvBuilder(with_pip=with_pip, system_site_packages=False, clear=True).create(env_dir)
    return python_in(env_dir)
