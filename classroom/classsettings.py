"""The class's settings (classroom/settings.toml), read and checked in one place.

Used by `make classroom` (classroom/launch.py) and by the hub's configuration (jupyterhub_config.py).
Standard library only: the hub's Python and the Python that runs tasks.py both import it.
"""

import os
import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
DEFAULT_SETTINGS = HERE / "settings.toml"
ENV_VAR = "NNBOOK_CLASSROOM_SETTINGS"  # another settings file (the tests use one)

# A student's login name is also their Unix account's name: lowercase, a letter first, at most 32 characters.
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
# The nbgrader course id of each language (grading/assignments.py makes the courses).
COURSES = {"en": "nnbook", "zh": "nnbook-zh"}
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


class SettingsError(ValueError):
    """A setting that cannot work; the message says which line of which file and what to write."""


def settings_path():
    return Path(os.environ.get(ENV_VAR) or DEFAULT_SETTINGS).resolve()


def parse_bytes(text, where):
    """'1.5G' -> 1610612736; '' -> None (no limit)."""
    text = str(text).strip().upper()
    if not text:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)I?B?", text)
    if not match:
        raise SettingsError(f"{where} = {text!r}: write an amount like \"1.5G\" or \"800M\", or \"\" for no limit.")
    return int(float(match.group(1)) * UNITS[match.group(2)])


def load(path=None):
    """The settings as one flat dict, with every value checked."""
    path = Path(path) if path else settings_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path} is missing: copy classroom/settings.toml from the nnbook repository.") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML ({exc}): fix that line.") from None

    def get(section, key, kind):
        try:
            value = raw[section][key]
        except KeyError:
            raise SettingsError(f"{path}: [{section}] {key} is missing: add it (see classroom/settings.toml).") from None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            what = {int: "a whole number", float: "a number", str: "text in quotes", bool: "true or false"}[kind]
            raise SettingsError(f"{path}: [{section}] {key} = {value!r} should be {what}.")
        return value

    s = {
        "file": str(path),
        "ip": get("hub", "ip", str),
        "port": get("hub", "port", int),
        "class_password": get("login", "class_password", str),
        "teacher": get("login", "teacher", str),
        "teacher_password": get("login", "teacher_password", str),
        "student_passwords": get("login", "student_passwords", str),
        "accounts": get("students", "accounts", str),
        "home_base": get("students", "home_base", str),
        "memory_limit": parse_bytes(get("students", "memory_limit", str), f"{path}: [students] memory_limit"),
        "teacher_memory_limit": parse_bytes(get("students", "teacher_memory_limit", str),
                                            f"{path}: [students] teacher_memory_limit"),
        "idle_kernel_minutes": get("students", "idle_kernel_minutes", float),
        "idle_server_minutes": get("students", "idle_server_minutes", float),
        "start_at_once": get("students", "start_at_once", int),
        "home": get("paths", "home", str),
        "data_dir": get("paths", "data_dir", str),
        "python": get("paths", "python", str),
        "grading": get("grading", "enabled", bool),
        "grading_language": get("grading", "language", str),
        "exchange": get("grading", "exchange", str),
    }
    if len(s["class_password"]) < 8:
        raise SettingsError(f"{path}: [login] class_password must be at least 8 characters (JupyterHub's rule).")
    if s["teacher_password"] and len(s["teacher_password"]) < 32:
        raise SettingsError(f"{path}: [login] teacher_password must be at least 32 characters (JupyterHub's rule for "
                            "an administrator's shared password), or \"\".")
    if s["teacher_password"] == s["class_password"]:
        raise SettingsError(f"{path}: [login] teacher_password must differ from class_password.")
    if not re.fullmatch(USERNAME_PATTERN, s["teacher"]):
        raise SettingsError(f"{path}: [login] teacher = {s['teacher']!r}: lowercase letters, digits, - and _, "
                            "starting with a letter.")
    if s["accounts"] not in ("unix", "demo"):
        raise SettingsError(f"{path}: [students] accounts = {s['accounts']!r}: write \"unix\" or \"demo\".")
    for key in ("idle_kernel_minutes", "idle_server_minutes"):
        if s[key] <= 0:
            raise SettingsError(f"{path}: [students] {key} must be more than 0.")
    if s["start_at_once"] < 1:
        raise SettingsError(f"{path}: [students] start_at_once must be 1 or more.")
    if s["grading"] and s["accounts"] != "unix":
        raise SettingsError(f"{path}: [grading] enabled = true needs [students] accounts = \"unix\": nbgrader tells "
                            "students apart by their Unix accounts.")
    if s["grading_language"] not in COURSES:
        raise SettingsError(f"{path}: [grading] language = {s['grading_language']!r}: write \"en\" or \"zh\".")
    if s["student_passwords"] and not os.path.isabs(s["student_passwords"]):
        raise SettingsError(f"{path}: [login] student_passwords = {s['student_passwords']!r} must be an absolute path "
                            "(starting with /), or \"\".")
    for key in ("home", "home_base", "python", "exchange"):
        if not os.path.isabs(s[key]):
            raise SettingsError(f"{path}: {key} = {s[key]!r} must be an absolute path (starting with /).")
    return s


def installed(s):
    """Where `make classroom` puts each part, under the settings' home folder."""
    home = Path(s["home"])
    return {
        "home": home,
        "hub_venv": home / "hub-venv",
        "students_venv": home / "students-venv",
        "proxy": home / "proxy",
        "proxy_bin": home / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy",
        "lessons": home / "lessons",
        "start_student": home / "bin" / "start_student.py",
        "mnist": home / "mnist",
        "course": home / "course",  # the teacher's course, answers included: root only, copied to the teacher
        "state": Path(os.environ.get("NNBOOK_CLASSROOM_STATE") or home / "state"),
    }


def data_dir(s):
    """The class's one MNIST folder: the setting, else $NNBOOK_DATA_DIR when the hub starts, else <home>/mnist."""
    return Path(s["data_dir"] or os.environ.get("NNBOOK_DATA_DIR") or installed(s)["mnist"])
