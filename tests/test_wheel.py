"""`pip install .` (or from a git URL) gives a working nnbook, not only the editable install of `make`.

Builds the wheel as a user would (`pip wheel --no-deps`), from a copy of the sources so that no stale
build/ folder can slip files in, installs it into a new virtual environment, imports every module of
it there and runs lesson 01 in a kernel started from that environment.  The new environment borrows
nnbook's dependencies (NumPy, Jupyter, …) from this one through a .pth line, read after its own
site-packages, and the test checks that `nnbook` itself comes from the wheel.
"""

import json
import shutil
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest
from fresh_venv import create, run

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_perceptron.ipynb"
DATA_SUFFIXES = {".npz", ".json", ".ttf", ".otf", ".txt", ".toml"}  # package-data in pyproject.toml


def source_files():
    """Every file under nnbook/ that a user needs: modules and the data files they read."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "nnbook").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts
                  and (p.suffix == ".py" or p.suffix in DATA_SUFFIXES))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a new venv with the wheel installed, the wheel's file names, work folder)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "nnbook", src / "nnbook", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
         "-w", work / "dist", src], cwd=work)
    wheels = list((work / "dist").glob("nnbook-*.whl"))
    assert len(wheels) == 1, wheels
    names = set(zipfile.ZipFile(wheels[0]).namelist())

    env_dir = work / "venv"
    python = create(env_dir)
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q",
         "--disable-pip-version-check", wheels[0]], cwd=work)
    # nnbook's dependencies come from this environment, AFTER the new venv's own site-packages.
    # (.pth files inside the borrowed folders, such as this venv's editable nnbook, are not run.)
    new_site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work).strip()
    borrowed = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(new_site) / "zz_borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    return python, names, work


def test_the_wheel_ships_every_module_and_data_file(installed):
    _, names, _ = installed
    missing = [f for f in source_files() if f not in names]
    assert not missing, (f"the wheel lacks {missing}: list the package (or the data file's suffix) in "
                         "[tool.setuptools.packages.find] / [tool.setuptools.package-data] in pyproject.toml")


def test_every_module_imports_from_the_installed_wheel(installed, tmp_path):
    python, _, work = installed
    code = ("import importlib, json, pkgutil, nnbook\n"
            "mods = ['nnbook'] + [m.name for m in pkgutil.walk_packages(nnbook.__path__, 'nnbook.')]\n"
            "files = {m: importlib.import_module(m).__file__ for m in mods}\n"
            "print(json.dumps(files))\n")
    files = json.loads(run([python, "-W", "error", "-c", code], cwd=tmp_path).strip().splitlines()[-1])
    env_dir = (work / "venv").resolve()
    outside = {m: f for m, f in files.items() if env_dir not in Path(f).resolve().parents}
    assert not outside, f"these modules were not imported from the wheel installed in {env_dir}: {outside}"
    expected = {p.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                for p in source_files() if p.endswith(".py") and not p.endswith("__main__.py")}
    assert expected <= set(files), f"modules in the sources but not importable from the wheel: {expected - set(files)}"


def test_a_lesson_runs_from_the_installed_wheel(installed, tmp_path):
    python, _, work = installed
    nb = nbformat.read(LESSON, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys, nnbook.lessons.l07_what_did_it_learn, nnbook.fast\n"
                                              "print(sys.prefix)\nprint(nnbook.__file__)"))
    path = tmp_path / LESSON.name
    nbformat.write(nb, path)
    run([python, "-m", "nbconvert", "--to", "notebook", "--execute", "--output", "executed.ipynb",
         "--ExecutePreprocessor.timeout=600", path], cwd=tmp_path)
    done = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(done.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert not errors, f"lesson 01 stopped with errors when run from the wheel: {errors}"
    prefix, module = "".join(o.get("text", "") for o in done.cells[-1].outputs).split()
    env_dir = (work / "venv").resolve()
    assert Path(prefix).resolve() == env_dir, f"the kernel ran in {prefix}, not in the new venv {env_dir}"
    assert env_dir in Path(module).resolve().parents, f"the kernel imported nnbook from {module}, not the wheel"
