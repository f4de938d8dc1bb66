"""A simulated student for the class's JupyterHub: logs in through the hub's login page, starts their
server through the hub, and runs code in a kernel over Jupyter's kernel protocol (a websocket), as a
browser would. Used by tests/test_classroom.py and benchmarks/classroom_load.py (.venv has requests and
websocket-client).
"""

import json
import re
import struct
import time
import uuid

import requests
import websocket


class HubError(RuntimeError):
    pass


class Student:
    def __init__(self, base_url, name, password):
        self.base = base_url.rstrip("/")
        self.name = name
        self.password = password
        self.http = requests.Session()
        self.token = None

    # --- the hub
    def login(self):
        """The login form, as a browser fills it in; then a token for the API (as JupyterLab gets one)."""
        page = self.http.get(f"{self.base}/hub/login", timeout=60)
        page.raise_for_status()
        xsrf = self.http.cookies.get("_xsrf") or re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        # Do not follow the redirect: it would start the server as a side effect, and start() times that.
        r = self.http.post(f"{self.base}/hub/login?next=", data={"username": self.name, "password": self.password,
                                                                  "_xsrf": xsrf}, allow_redirects=False, timeout=60)
        if r.status_code != 302:
            raise HubError(f"login of {self.name} refused: HTTP {r.status_code}")
        r = self.http.post(f"{self.base}/hub/api/users/{self.name}/tokens", json={"note": "classroom client"},
                           headers={"X-XSRFToken": self.http.cookies.get("_xsrf", xsrf)}, timeout=60)
        if r.status_code != 201:
            raise HubError(f"token for {self.name}: HTTP {r.status_code} {r.text[:200]}")
        self.token = r.json()["token"]
        self.http.headers["Authorization"] = f"token {self.token}"
        return self

    def hub_api(self, method, path, **kw):
        return self.http.request(method, f"{self.base}/hub/api{path}", timeout=60, **kw)

    def server(self):
        """The hub's record of this student's server ({} when they have none)."""
        r = self.hub_api("GET", f"/users/{self.name}")
        r.raise_for_status()
        return r.json().get("servers", {}).get("", {})

    def start(self, timeout=600):
        """Ask the hub for this student's server and wait until it is ready; return the seconds it took."""
        t0 = time.monotonic()
        r = self.hub_api("POST", f"/users/{self.name}/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"start of {self.name}'s server: HTTP {r.status_code} {r.text[:200]}")
        while time.monotonic() - t0 < timeout:
            record = self.server()
            if record.get("ready"):
                return time.monotonic() - t0
            if not record.get("pending") and not record.get("ready") and time.monotonic() - t0 > 5:
                raise HubError(f"{self.name}'s server stopped while starting: {record}")
            time.sleep(0.5)
        raise HubError(f"{self.name}'s server was not ready after {timeout} s")

    def stop(self):
        self.hub_api("DELETE", f"/users/{self.name}/server")

    # --- the student's own server, through the proxy
    def api(self, method, path, **kw):
        r = self.http.request(method, f"{self.base}/user/{self.name}/api{path}", timeout=120, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def open_notebook(self, path):
        """A session for a notebook (what opening it in JupyterLab does): its kernel starts in its folder."""
        session = self.api("POST", "/sessions", json={"path": path, "name": path.rsplit("/", 1)[-1],
                                                      "type": "notebook", "kernel": {"name": "python3"}})
        return Kernel(self, session["kernel"]["id"], session["id"])

    def contents(self, path):
        return self.api("GET", f"/contents/{path}?content=0")


def decode(frame):
    """A kernel message from the websocket: JSON text, or (a message with binary buffers, e.g. a widget's
    picture) Jupyter's binary frame: a count n, n offsets (big-endian uint32), the JSON, the buffers."""
    if isinstance(frame, str):
        return json.loads(frame)
    n = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{n}I", frame[4:4 + 4 * n])
    return json.loads(frame[offsets[0]:offsets[1] if n > 1 else None].decode("utf-8"))


class Kernel:
    def __init__(self, student, kernel_id, session_id=None):
        self.student = student
        self.id = kernel_id
        self.session_id = session_id
        url = student.base.replace("http", "ws", 1) + f"/user/{student.name}/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {student.token}"], timeout=600)
        self.session = uuid.uuid4().hex
        self.run("None", timeout=600)  # the kernel answers: it is up

    def run(self, code, timeout=600):
        """Execute code; return (text it printed or returned, error or None, seconds)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": self.student.name, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        t0 = time.monotonic()
        out, error, replied, idle = [], None, False, False
        while not (replied and idle):
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                raise HubError(f"{self.student.name}: no answer to a cell within {timeout} s")
            self.ws.settimeout(left)  # a kernel that never answers fails the call, it does not hang it
            try:
                msg = decode(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                raise HubError(f"{self.student.name}: no answer to a cell within {timeout} s") from None
            state = msg["content"].get("execution_state") if msg["header"]["msg_type"] == "status" else None
            if state in ("restarting", "dead"):  # the kernel died (e.g. over its memory limit): no reply comes
                return "".join(out), f"kernel {state}", time.monotonic() - t0
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
                if content["status"] == "error" and not error:
                    error = f"{content.get('ename')}: {content.get('evalue')}"
        return "".join(out), error, time.monotonic() - t0

    def wait(self, event):
        """Keep the connection alive (answering the server's pings, as a browser does) until event is set."""
        self.ws.settimeout(1)
        try:
            while not event.is_set():
                try:
                    self.ws.recv()
                except websocket.WebSocketTimeoutException:
                    pass
        finally:
            self.ws.settimeout(600)

    def close(self):
        try:
            self.ws.close()
        finally:
            if self.session_id:
                self.student.api("DELETE", f"/sessions/{self.session_id}")


def code_cells(notebook_path):
    """The code cells of a notebook, in order (what 'Run all' sends)."""
    with open(notebook_path, encoding="utf-8") as f:
        nb = json.load(f)
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


class ClassHub:
    """A real class hub on 127.0.0.1 for a test or a benchmark: classroom/settings.toml with a few lines
    changed (a free port, homes in a temporary folder, ...), installed and started as `make classroom` does;
    on exit the hub stops (and its students' servers with it), and the accounts and cgroups it made for
    `students` are removed.
    """

    def __init__(self, students, password, **changes):
        import socket

        self.students = list(students)
        self.password = password
        self.changes = changes
        def free(port):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                    return s.getsockname()[1]
                except OSError:
                    return None

        while True:  # the hub takes three ports in a row (the class's, the proxy's API, the hub's API)
            self.port = free(0)
            if self.port < 65000 and free(self.port + 1) and free(self.port + 2):
                break
        self.base = f"http://127.0.0.1:{self.port}"

    def settings_text(self, work):
        import classsettings

        text = classsettings.DEFAULT_SETTINGS.read_text()
        lines = {("hub", "ip"): '"127.0.0.1"', ("hub", "port"): str(self.port),
                 ("login", "class_password"): json.dumps(self.password),
                 ("students", "home_base"): json.dumps(str(work / "homes")),
                 ("grading", "exchange"): json.dumps(str(work / "exchange"))}
        sections = {key: section for section, table in classsettings.tomllib.loads(text).items() for key in table}
        for key, value in self.changes.items():  # e.g. memory_limit="900M", teacher="nnbt-teacher", enabled=True
            lines[(sections[key], key)] = json.dumps(value)
        out, section = [], None
        for line in text.splitlines():
            if line.startswith("["):
                section = line.strip("[]")
            key = line.split("=")[0].strip()
            if (section, key) in lines and "=" in line and not line.startswith("#"):
                line = f"{key} = {lines.pop((section, key))}"
            out.append(line)
        assert not lines, f"settings.toml has no line for {lines}"
        return "\n".join(out) + "\n"

    def remove_accounts(self):
        import grp
        import pwd
        import subprocess

        from cgroups import GROUP

        try:
            gid = grp.getgrnam(GROUP).gr_gid
        except KeyError:
            return
        for name in self.students:
            try:
                account = pwd.getpwnam(name)
            except KeyError:
                continue
            if account.pw_gid != gid:
                raise HubError(f"{name} is an account of this machine, not a student's: choose other names")
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)  # by user id: only these students
            subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
        if not any(p.pw_gid == gid for p in pwd.getpwall()):
            subprocess.run(["groupdel", GROUP], check=False)

    def __enter__(self):
        import os
        import subprocess
        import tempfile
        from pathlib import Path

        import classsettings
        import launch

        self.remove_accounts()
        self.work = Path(tempfile.mkdtemp(prefix="nnbook-classroom-"))
        os.chmod(self.work, 0o755)  # the students' homes are made in here: they must be able to reach them
        (self.work / "homes").mkdir(mode=0o755)
        (self.work / "settings.toml").write_text(self.settings_text(self.work))
        self._env = {classsettings.ENV_VAR: str(self.work / "settings.toml"),
                     "NNBOOK_CLASSROOM_STATE": str(self.work / "state")}
        self._saved = {k: os.environ.get(k) for k in self._env}
        os.environ.update(self._env)
        try:
            self.settings = classsettings.load()
            launch.install(self.settings)
            self.log_path = self.work / "hub.log"
            self._log = open(self.log_path, "w")
            self.proc = subprocess.Popen(launch.hub_command(self.settings), env=launch.hub_env(self.settings),
                                         cwd=self.work / "state", stdout=self._log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 90
            while True:
                if self.proc.poll() is not None:
                    raise HubError("the hub stopped:\n" + self.log_path.read_text()[-3000:])
                try:
                    if requests.get(f"{self.base}/hub/login", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise HubError("the hub did not answer within 90 s:\n" + self.log_path.read_text()[-3000:])
                time.sleep(0.5)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        import os
        import shutil
        import subprocess

        from cgroups import own_memory_cgroup

        proc = getattr(self, "proc", None)
        if proc is not None:
            proc.terminate()  # the hub stops the students' servers, the proxy and the culler with it
            try:
                proc.wait(90)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
            if exc and exc[0] is not None or os.environ.get("NNBOOK_CLASSROOM_SHOW_LOG"):
                import sys

                print("---- the hub's log (its end) ----\n" + self.log_path.read_text()[-6000:], file=sys.stderr)
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self.remove_accounts()
        own = own_memory_cgroup()
        for name in self.students:
            group = own / "nnbook-classroom" / name if own else None
            if group is not None and group.exists():
                try:
                    group.rmdir()
                except OSError:
                    pass
        if own is not None and (own / "nnbook-classroom").exists():
            try:
                (own / "nnbook-classroom").rmdir()  # only when no other hub's students are in it
            except OSError:
                pass
        shutil.rmtree(self.work, ignore_errors=True)
        return False
