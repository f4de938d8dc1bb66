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
    assert cmd[-2:] == ["--no-browser", "--port=1234"], "the caller's settings come last, so they win"
    assert "--allow-root" not in cmd  # Voilà has no such flag, and refuses unknown ones


def test_present_stops_the_kernels_of_pages_that_were_left_and_only_those():
    """A kernel with no page connected and idle for 5 minutes is stopped, checked every minute; a page that
    is open (connected) or a lesson still running (busy) keeps its kernel.  tests/browser/test_voila_cull.py
    runs the same command with shorter times in a real browser."""
    tasks = load_tasks()
    cmd = [str(c) for c in tasks.present_command([])]
    settings = dict(arg[2:].split("=", 1) for arg in cmd[4:])
    assert settings == {"MappingKernelManager.cull_idle_timeout": "300", "MappingKernelManager.cull_interval": "60",
                        "MappingKernelManager.cull_connected": "False", "MappingKernelManager.cull_busy": "False"}
    assert (tasks.CULL_IDLE_TIMEOUT, tasks.CULL_INTERVAL) == (300, 60)


def test_a_cull_setting_given_to_present_replaces_ours():
    """Voilà (traitlets) refuses a setting given twice: one given on the command line replaces make present's."""
    cmd = [str(c) for c in load_tasks().present_command(["--MappingKernelManager.cull_idle_timeout=20", "--no-browser"])]
    timeouts = [arg for arg in cmd if arg.startswith("--MappingKernelManager.cull_idle_timeout")]
    assert timeouts == ["--MappingKernelManager.cull_idle_timeout=20"], cmd
    assert "--MappingKernelManager.cull_interval=60" in cmd and cmd[-1] == "--no-browser"


def test_make_present_calls_tasks_present():
    makefile = (ROOT / "Makefile").read_text()
    assert "present:\n\t$(PYTHON) tasks.py present\n" in makefile
    assert "present" in load_tasks().__doc__
