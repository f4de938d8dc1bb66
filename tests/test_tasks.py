"""tasks.py installs the pinned set (constraints.txt) and reinstalls when the pins change."""

import importlib.util
import sys
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


def _copy_lesson(root, name="06_training.ipynb"):
    for folder in ("notebooks", "notebooks/zh"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_bytes((ROOT / folder / name).read_bytes())
    (root / "tests").mkdir(exist_ok=True)
    for test in ROOT.glob(f"tests/test_lesson{name[:2]}*.py"):
        (root / "tests" / test.name).write_text("")


def test_lesson_syncs_executes_both_languages_and_runs_that_lessons_tests(tasks, tmp_path, monkeypatch):
    _copy_lesson(tmp_path)
    _copy_lesson(tmp_path, "07_what_did_it_learn.ipynb")
    monkeypatch.setattr(tasks, "font_is_short", lambda: False)
    assert tasks.lesson(["6"]) == 0
    executed = [cmd[-1] for cmd in tasks.installs if "nbconvert" in cmd]
    assert executed == ["notebooks/06_training.ipynb", "notebooks/zh/06_training.ipynb"]
    assert all("--ExecutePreprocessor.record_timing=False" in cmd for cmd in tasks.installs if "nbconvert" in cmd)
    pytest_cmd = tasks.installs[-1]
    assert pytest_cmd[1:3] == ["-m", "pytest"]
    tests = sorted(p.name for p in ROOT.glob("tests/test_lesson06*.py"))
    assert tests and pytest_cmd[3:] == [f"tests/{t}" for t in tests] + [
        "notebooks/06_training.ipynb", "notebooks/zh/06_training.ipynb"], pytest_cmd


def test_lesson_stops_at_an_untranslated_cell_and_says_how_to_go_on(tasks, tmp_path, monkeypatch, capsys):
    _copy_lesson(tmp_path)
    sys.path.insert(0, str(ROOT / "tools"))
    import translation

    nb = translation.load(tmp_path / "notebooks" / "06_training.ipynb")
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + " One more sentence."
    translation.save(nb, tmp_path / "notebooks" / "06_training.ipynb")
    monkeypatch.setattr(tasks, "font_is_short", lambda: pytest.fail("stopped before the font"))
    assert tasks.lesson(["06"]) == 1
    out = capsys.readouterr().out
    assert f"stale  {markdown['id']}" in out and "zh-sync NN --translated CELL_ID" in out
    assert "run python3 tasks.py lesson NN for 06" in out
    assert not [cmd for cmd in tasks.installs if "nbconvert" in cmd], "nothing is executed"


def test_a_lesson_that_does_not_exist_is_named_with_the_ones_that_do(tasks, tmp_path):
    _copy_lesson(tmp_path)
    with pytest.raises(SystemExit, match="No lesson '09'.*06"):
        tasks.lesson(["09"])


def test_check_is_the_quick_tier_and_test_the_full_suite(tasks):
    tasks.check(["-x"])
    tasks.test(["-x"])
    check, full = tasks.installs[-2], tasks.installs[-1]
    assert "--ignore=tests/browser" in check and "--ignore=notebooks/zh" in check and check[-1] == "-x"
    assert not [a for a in full if a.startswith("--ignore")], "make test runs everything"


def test_execute_with_no_names_runs_every_lesson_in_both_languages(tasks, tmp_path):
    _copy_lesson(tmp_path)
    _copy_lesson(tmp_path, "07_what_did_it_learn.ipynb")
    assert tasks.execute([]) == 0
    executed = [Path(cmd[-1]).relative_to(tmp_path).as_posix() for cmd in tasks.installs if "nbconvert" in cmd]
    assert executed == ["notebooks/06_training.ipynb", "notebooks/07_what_did_it_learn.ipynb",
                        "notebooks/zh/06_training.ipynb", "notebooks/zh/07_what_did_it_learn.ipynb"]


def test_pip_shows_its_progress_and_says_where_it_downloads_from(tasks, capsys, monkeypatch):
    """No -q: a slow download shows pip's progress instead of looking like a hang; a mirror in PIP_INDEX_URL is named
    (pip reads it itself, so the command is the same), and a failure says how to use one."""
    mirror = "https://pypi.tuna.tsinghua.edu.cn/simple"
    monkeypatch.setenv("PIP_INDEX_URL", mirror)
    tasks.ensure_env("")
    cmd = tasks.installs[0]
    assert cmd[1:4] == ["-m", "pip", "install"] and not {"-q", "--quiet", "-qq"} & set(cmd), cmd
    assert f"Installing nnbook's dependencies from {mirror}" in capsys.readouterr().out
    monkeypatch.delenv("PIP_INDEX_URL")
    monkeypatch.setattr(tasks, "run", lambda *cmd, **kw: 1)
    tasks.CONSTRAINTS.write_text(tasks.CONSTRAINTS.read_text() + "\n")  # a changed lock: install again
    with pytest.raises(SystemExit) as failed:
        tasks.ensure_env("")
    assert "PIP_INDEX_URL=https://pypi.tuna.tsinghua.edu.cn/simple make lab" in str(failed.value)
