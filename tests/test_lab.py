"""`make lab` (python3 tasks.py lab) opens the welcome lesson, as root and as a normal user.

JupyterLab refuses to start as root without --allow-root ("Running as root is not recommended"),
which stopped `make lab` in Docker containers, cloud VMs and classroom images.  tasks.py adds the
flag for root and says so.  The end-to-end test starts the real command; CI runs as root, so there
it proves the root path, and the unit tests below cover both.
"""

import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 180  # seconds; the first start may install nnbook into .venv

# A DeprecationWarning that JupyterLab's own dependency notebook_shim causes at every start, whatever we
# pass: it lists the server's attributes and so reads ServerApp.token's deprecated default. Not ours.
# (Setting ServerApp.token ourselves would log "[W … ServerApp] ServerApp.token config is deprecated …",
# which is not excused.)
THIRD_PARTY = re.compile(r"traitlets\.py:\d+: DeprecationWarning: ServerApp\.token config is deprecated in "
                         r"jupyter-server 2\.0\. Use IdentityProvider\.token$")


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return tasks


@pytest.mark.parametrize("euid, allowed", [(0, True), (1000, False)])
def test_lab_adds_allow_root_only_for_root(monkeypatch, capsys, euid, allowed):
    tasks = load_tasks()
    monkeypatch.setattr(tasks.os, "geteuid", lambda: euid, raising=False)
    cmd = [str(c) for c in tasks.lab_command(["--no-browser"])]
    assert cmd[1:4] == ["-m", "jupyter", "lab"] and cmd[4].endswith("00_welcome.ipynb")
    assert ("--allow-root" in cmd) == allowed, cmd
    said = capsys.readouterr().out
    assert ("as root" in said) == allowed, said
    assert cmd.count("--allow-root") <= 1


def test_lab_does_not_repeat_allow_root(monkeypatch):
    tasks = load_tasks()
    monkeypatch.setattr(tasks.os, "geteuid", lambda: 0, raising=False)
    cmd = [str(c) for c in tasks.lab_command(["--allow-root"])]
    assert cmd.count("--allow-root") == 1


def test_windows_has_no_root(monkeypatch):
    tasks = load_tasks()
    monkeypatch.delattr(tasks.os, "geteuid", raising=False)
    assert "--allow-root" not in [str(c) for c in tasks.lab_command([])]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def stop(process):
    if process.poll() is not None:
        return
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
    else:
        os.killpg(process.pid, signal.SIGTERM)  # tasks.py and the JupyterLab it started
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_make_lab_serves_the_welcome_lesson(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    log_path = tmp_path / "lab.log"
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        kw = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
        process = subprocess.Popen(
            [sys.executable, ROOT / "tasks.py", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={token}"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kw)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert process.poll() is None, f"tasks.py lab stopped (exit {process.returncode}):\n{log_path.read_text()}"
                try:
                    status, body = get(f"{base}/api/status", token)
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    assert time.monotonic() < deadline, (
                        f"JupyterLab did not answer on port {port} within {START_TIMEOUT} s:\n{log_path.read_text()}")
                    time.sleep(0.5)
            assert status == 200 and "started" in json.loads(body)
            status, body = get(f"{base}/api/contents/00_welcome.ipynb?content=0", token)
            assert status == 200 and json.loads(body)["type"] == "notebook"
            status, body = get(f"{base}/lab/tree/00_welcome.ipynb", token)
            assert status == 200 and b"JupyterLab" in body
        finally:
            stop(process)
    text = log_path.read_text()
    assert "Running as root is not recommended" not in text, text
    if getattr(os, "geteuid", lambda: None)() == 0:
        assert "starting JupyterLab with --allow-root" in text, text
    deprecated = [line for line in text.splitlines()
                  if re.search(r"deprecat", line, re.I) and not THIRD_PARTY.search(line)]
    assert not deprecated, "deprecation warnings in the server's log:\n" + "\n".join(deprecated)
