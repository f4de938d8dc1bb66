"""`make present` (python3 tasks.py present) is Voilà on the notebooks folder.

Voilà's front page then lists the lessons, and each opens as an app that shows the text, the
pictures and the sliders, never the code.  Voilà, unlike JupyterLab, has no root check and no
--allow-root flag.  The end-to-end test, in a real browser, is tests/browser/test_present_voila.py.
"""

from test_lab import ROOT, load_tasks


def test_present_serves_the_notebooks_folder_with_voila():
    tasks = load_tasks()
    cmd = [str(c) for c in tasks.present_command(["--no-browser", "--port=1234"])]
    assert cmd[0] == str(tasks.PYTHON) and cmd[1:3] == ["-m", "voila"], cmd
    assert cmd[3] == str(ROOT / "notebooks"), "present must serve the folder, so that Voilà lists the lessons"
    assert cmd[4:] == ["--no-browser", "--port=1234"]
    assert "--allow-root" not in cmd  # Voilà has no such flag, and refuses unknown ones


def test_make_present_calls_tasks_present():
    makefile = (ROOT / "Makefile").read_text()
    assert "present:\n\t$(PYTHON) tasks.py present\n" in makefile
    assert "present" in load_tasks().__doc__
