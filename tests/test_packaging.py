"""The set-up promises: same dependencies for pip and conda, README commands that CI runs."""

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def names(requirements):
    return {re.split(r"[<>=!~;\[ ]", r.strip(), maxsplit=1)[0].lower() for r in requirements}


def conda_dependencies():
    deps, inside = [], False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            inside = True
        elif inside and re.match(r"\s+- ", line):
            deps.append(line.split("- ", 1)[1].strip())
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            break
    return deps


def test_pip_and_conda_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = names(project["dependencies"]) | names(project["optional-dependencies"]["test"])
    conda = names(conda_dependencies()) - {"python", "pip"}
    assert pip == conda, f"only in pyproject.toml: {pip - conda}; only in environment.yml: {conda - pip}"


def bounds(requirements):
    """{name: lower bound} of requirements written NAME>=VERSION (markers and the rest ignored)."""
    found = {}
    for r in requirements:
        m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)", r)
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


def test_pip_and_conda_promise_the_same_lowest_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = bounds(project["dependencies"] + project["optional-dependencies"]["test"])
    pip["python"] = project["requires-python"].removeprefix(">=")
    conda = {n: v for n, v in bounds(conda_dependencies()).items() if n != "pip"}
    assert pip == conda, f"pyproject.toml: {pip}\nenvironment.yml: {conda}"
    unbounded = names(project["dependencies"]) - set(pip)
    assert not unbounded, f"every dependency needs a lower bound (NAME>=VERSION), tested by `make test-lowest`: {unbounded}"


def test_the_lock_pins_every_dependency_inside_its_range():
    from packaging.requirements import Requirement
    from packaging.version import Version

    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = {}
    for line in lines:
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not NAME==VERSION"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    assert any(re.fullmatch(r"# python 3\.\d+", line) for line in lines), "constraints.txt must say its Python"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for text in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(text)
        if req.marker and not req.marker.evaluate({"extra": "test"}):
            continue
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"constraints.txt does not pin {name}: run `python3 tasks.py lock`, then `make test`"
        assert Version(pins[name]) in req.specifier, (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject.toml's {req}: "
            "run `python3 tasks.py lock`, then `make test`")
    assert "nnbook" not in pins


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "py tasks.py test" in readme and "py tasks.py lab" in readme
    assert re.search(r"^make test$", ci, re.M)
    assert "NNBOOK_DATA_DIR" in ci


def test_ci_then_runs_the_lowest_versions():
    ci = (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^make test\n(#.*\n)*make test-lowest$", ci, re.M), "CI runs `make test`, then `make test-lowest`"
    assert re.search(r"^test-lowest:\n\t\$\(PYTHON\) tasks.py test-lowest$", makefile, re.M)
    assert ".venv-lowest" in (ROOT / ".gitignore").read_text()


def test_readme_credits():
    readme = (ROOT / "README.md").read_text()
    assert "neuralnetworksanddeeplearning.com" in readme
    assert all(name in readme for name in ("LeCun", "Cortes", "Burges"))
