"""tasks.py installs the pinned set (constraints.txt) and reinstalls when the pins change."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tasks(tmp_path, monkeypatch):
    """tasks.py working on a copy of pyproject.toml and constraints.txt, with pip replaced by a recorder."""
    spec = importlib.util.spec_from_file_location("tasks_under_test", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("pyproject.toml", "constraints.txt"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    venv_dir = tmp_path / ".venv"
    python = module.python_in(venv_dir)
    python.parent.mkdir(parents=True)
    python.write_text("")  # ensure_env only looks whether it exists
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "VENV", venv_dir)
    monkeypatch.setattr(module, "PYTHON", python)
    monkeypatch.setattr(module, "CONSTRAINTS", tmp_path / "constraints.txt")
    made = module.lock_python()
    (venv_dir / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {made}.4\n")
    module.installs = []
    monkeypatch.setattr(module, "run", lambda *cmd, **kw: module.installs.append([str(c) for c in cmd]) or 0)
    return module


def test_install_uses_the_lock_and_a_changed_lock_reinstalls(tasks):
    tasks.ensure_env("test")
    assert len(tasks.installs) == 1
    cmd = tasks.installs[0]
    assert cmd[cmd.index("-c") + 1] == str(tasks.CONSTRAINTS) and cmd[-2:] == ["-e", ".[test]"], cmd
    tasks.ensure_env("test")
    assert len(tasks.installs) == 1, "nothing changed, so nothing is installed again"
    tasks.CONSTRAINTS.write_text(tasks.CONSTRAINTS.read_text().replace("numpy==", "numpy==0"))
    tasks.ensure_env("test")
    assert len(tasks.installs) == 2, "a changed constraints.txt must reinstall"


def test_a_lock_for_another_python_is_not_used(tasks, capsys):
    (tasks.VENV / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.99.0\n")
    tasks.ensure_env("")
    assert "-c" not in tasks.installs[0], tasks.installs[0]
    assert "this is Python 3.99" in capsys.readouterr().out
