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
    pip = {n for n in pip if n != "tomli"}
    conda = names(conda_dependencies()) - {"python", "pip"}
    assert pip == conda, f"only in pyproject.toml: {pip - conda}; only in environment.yml: {conda - pip}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "py tasks.py test" in readme and "py tasks.py lab" in readme
    assert re.search(r"^make test$", ci, re.M)
    assert "NNBOOK_DATA_DIR" in ci


def test_readme_credits():
    readme = (ROOT / "README.md").read_text()
    assert "neuralnetworksanddeeplearning.com" in readme
    assert all(name in readme for name in ("LeCun", "Cortes", "Burges"))
