"""A Binder launch (mybinder.org, built by repo2docker) gives a server where nnbook is installed and MNIST is in place.

Binder reads `binder/`: runtime.txt (the Python that constraints.txt was made with), requirements.txt (nnbook's
runtime dependencies, pinned by `-c ../constraints.txt`) and postBuild (installs nnbook, then fetches MNIST and
verifies it with nnbook's own `python -m nnbook.data`). Without them Binder built from environment.yml and
never installed nnbook, so `import nnbook` failed in the first cell.

No Docker here, so the test does what can be done without it:
(a) `repo2docker --no-build --debug` prints the Dockerfile a launch would build: its Python, its pip step and
    postBuild, in that order, in the environment the kernel runs in;
(b) the same two steps in a fresh virtual environment (on top of the Jupyter packages of Binder's base image),
    then lesson 01 under strict nbval there, and the page the README's Voilà badge asks for, served by that
    environment's Jupyter server; and postBuild downloading MNIST from a local mirror into a new folder, as a
    build does, or stopping with a clear message offline and when a copy fails its md5.
classroom/k8s/Dockerfile runs the same two steps (tests/test_scaling_out.py checks it against INSTALL_STEPS).

repo2docker is not one of nnbook's dependencies: it is installed once into .venv-repo2docker, from
tests/repo2docker-requirements.txt, and again only when that file changes.
"""

import hashlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from fresh_venv import clean_env, create, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import binder_badges  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
R2D_VENV = ROOT / ".venv-repo2docker"
R2D_REQUIREMENTS = ROOT / "tests" / "repo2docker-requirements.txt"
#: Binder's two install steps, as its Dockerfile says them (without the path of its pip): first nnbook's
#: dependencies at the pinned versions, then postBuild. classroom/k8s/Dockerfile runs the same two.
INSTALL_STEPS = ("pip install --no-cache-dir -r binder/requirements.txt", "binder/postBuild")
BADGE = re.compile(r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/v2/[^)\s]+)\)")
THREADS_1 = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}  # as tests/conftest.py


def lock_python():
    return re.search(r"^# python (3\.\d+)$", (ROOT / "constraints.txt").read_text(), re.M).group(1)


def commands(dockerfile):
    """Every command the Dockerfile RUNs, in order: continuation lines joined, `a && b` split, quotes
    removed, a program given by its path (`${PREFIX}/bin/pip`, `./binder/postBuild`) named as on PATH."""
    text = re.sub(r"\\\n", " ", dockerfile)
    found = []
    for line in text.splitlines():
        if not line.startswith("RUN "):
            continue
        for part in line[4:].split("&&"):
            try:
                words = shlex.split(part)
            except ValueError:  # a quote opened before an `&&` inside it: not one of the steps looked for
                words = part.split()
            if not words:
                continue
            if words[0].endswith("/pip"):
                words[0] = "pip"
            words[0] = words[0].removeprefix("./")
            found.append(" ".join(words))
    return found


def mnist_dir():
    folder = os.environ.get("NNBOOK_DATA_DIR")
    assert folder, ("set NNBOOK_DATA_DIR to the folder with the four MNIST files "
                    "(CI: ../shared/data/mnist, as .ci/run does), so that postBuild reads them instead of downloading")
    return folder


# ---------------------------------------------------------------------------------------------------
# What Binder reads


def requirement_lines():
    return [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_binder_asks_for_the_python_that_constraints_txt_was_made_with():
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{lock_python()}", (
        "binder/runtime.txt must name the Python of constraints.txt's header (its pins are for that Python)")


def test_binder_requirements_are_nnbooks_dependencies_pinned_by_constraints_txt():
    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    lines = requirement_lines()
    assert "-c ../constraints.txt" in lines, "binder/requirements.txt must pin through `-c ../constraints.txt`"
    wanted = {Requirement(r).name: str(Requirement(r).marker or "")
              for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    listed = {Requirement(r).name: str(Requirement(r).marker or "") for r in lines if not r.startswith("-")}
    assert listed == wanted, f"binder/requirements.txt: {listed}\npyproject.toml's dependencies: {wanted}"
    versions = [r for r in lines if not r.startswith("-") and Requirement(r).specifier]
    assert not versions, f"versions come from constraints.txt only, not binder/requirements.txt: {versions}"


def test_postbuild_is_an_executable_bash_script_that_stops_at_the_first_failure():
    script = BINDER / "postBuild"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n") and "\nset -euo pipefail\n" in text
    mode = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT, capture_output=True,
                          text=True).stdout.split()
    assert os.access(script, os.X_OK) and (not mode or mode[0] == "100755"), "chmod +x binder/postBuild (and commit it)"


# ---------------------------------------------------------------------------------------------------
# (a) the Dockerfile repo2docker would build


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of what a launch gets: the files git tracks, and new ones it does not ignore (not .venv)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    dest = tmp_path_factory.mktemp("binder") / "repo"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is not there
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def repo2docker_program():
    """repo2docker in .venv-repo2docker, installed from tests/repo2docker-requirements.txt when that changed."""
    stamp = R2D_VENV / ".installed"
    want = hashlib.sha256(R2D_REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()
    program = R2D_VENV / ("Scripts/repo2docker.exe" if os.name == "nt" else "bin/repo2docker")
    if not (stamp.exists() and stamp.read_text() == want and program.exists()):
        python = create(R2D_VENV)
        run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--disable-pip-version-check",
             "-r", R2D_REQUIREMENTS], cwd=ROOT)
        stamp.write_text(want)
    return program


@pytest.fixture(scope="module")
def built(clone):
    """(the Dockerfile, what repo2docker said while making it) for the copy of the repository."""
    done = subprocess.run([str(repo2docker_program()), "--no-build", "--debug", str(clone)], cwd=clone,
                          env=clean_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"repo2docker failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "\nFROM " in "\n" + done.stdout, f"repo2docker printed no Dockerfile:\n{done.stdout[-2000:]}"
    return done.stdout, done.stderr


def test_the_image_gets_the_python_of_runtime_txt(built):
    dockerfile, said = built
    assert "Python version unspecified" not in said, said
    assert f"python={lock_python()}" in said, f"repo2docker did not build for Python {lock_python()}:\n{said}"
    assert "environment.yml" not in dockerfile, "binder/ must take the place of the root environment.yml"


def test_the_image_installs_the_pinned_requirements_then_runs_postbuild(built):
    dockerfile, _ = built
    steps = commands(dockerfile)
    assert [s for s in steps if s in INSTALL_STEPS] == list(INSTALL_STEPS), (
        f"the Dockerfile must run {INSTALL_STEPS} in this order; it runs:\n" + "\n".join(steps))
    # `-c ../constraints.txt` needs the whole repository in the image before pip runs.
    whole_repo = dockerfile.index(" src/ ${REPO_DIR}/")
    assert whole_repo < dockerfile.index('-r "binder/requirements.txt"') < dockerfile.index("./binder/postBuild")


def test_postbuild_and_the_kernel_use_the_python_that_pip_installed_into(built):
    """postBuild's `python -m pip install .` lands where the kernel imports from: one environment."""
    dockerfile, _ = built
    env = dict(re.findall(r"^ENV (\w+)=(.*)$", dockerfile, re.M))
    assert env["KERNEL_PYTHON_PREFIX"] == "${NB_PYTHON_PREFIX}", env
    paths = re.findall(r"^ENV PATH=([^:\n]*):", dockerfile, re.M)
    assert paths and paths[0] == "${NB_PYTHON_PREFIX}/bin", f"the first PATH entry must be the kernel's: {paths}"
    assert "${KERNEL_PYTHON_PREFIX}/bin/pip install" in dockerfile


# ---------------------------------------------------------------------------------------------------
# (b) the same steps in a fresh virtual environment


def binder_env_vars(env_dir, **extra):
    """The environment postBuild and the server see: the new venv first on PATH, as the image's PATH has it."""
    return clean_env(PATH=f"{Path(env_dir) / 'bin'}{os.pathsep}{os.environ['PATH']}", **THREADS_1, **extra)


#: The Jupyter packages of Binder's base environment (repo2docker's conda environment.py-3.X.yml), by their
#: conda names in its lock, and what they are called on PyPI.
BINDER_BASE = {"jupyterhub-base": "jupyterhub", "jupyter_server": "jupyter-server", "jupyterlab": "jupyterlab",
               "notebook": "notebook", "ipywidgets": "ipywidgets", "jupyter-resource-usage": "jupyter-resource-usage",
               "jupyter-offlinenotebook": "jupyter-offlinenotebook"}


def binder_base_packages():
    """['jupyterhub==5.4.0', ...]: BINDER_BASE at the versions of the lock repo2docker builds for our Python."""
    locks = list(R2D_VENV.glob(f"lib/python*/site-packages/repo2docker/buildpacks/conda/"
                               f"environment.py-{lock_python()}-linux-64.lock"))
    assert len(locks) == 1, f"repo2docker's lock for Python {lock_python()}: {locks}"
    found = dict(re.findall(r"/([A-Za-z0-9_.-]+?)-(\d[^-/]*)-[^-/]+\.(?:conda|tar\.bz2)#", locks[0].read_text()))
    missing = set(BINDER_BASE) - set(found)
    assert not missing, f"{locks[0].name} no longer lists {missing}"
    return [f"{BINDER_BASE[name]}=={found[name]}" for name in sorted(BINDER_BASE)]


@pytest.fixture(scope="module")
def binder_env(clone, built):
    """(venv folder, postBuild's output): Binder's install steps, as the Dockerfile says them, run in a new venv
    that first gets the Jupyter packages Binder's base image has, at its versions (so the pins go on top of them,
    as in the image)."""
    env_dir = clone.parent / "venv"
    create(env_dir, with_pip=True)
    env = binder_env_vars(env_dir, NNBOOK_DATA_DIR=mnist_dir())
    run([env_dir / "bin" / "python", "-m", "pip", "install", "--no-compile", "--disable-pip-version-check", "-q",
         *binder_base_packages()], cwd=clone, env=env, timeout=900)
    steps = [s for s in commands(built[0]) if s in INSTALL_STEPS]
    pip_step, postbuild = steps
    # For speed only (what gets installed is the same): pip's cache keeps the downloads of earlier runs, and
    # the .pyc files are left to the first import.
    pip_words = [w for w in shlex.split(pip_step) if w != "--no-cache-dir"]
    run([env_dir / "bin" / "python", "-m", *pip_words, "--no-compile", "--disable-pip-version-check", "-q"],
        cwd=clone, env=env, timeout=900)
    out = run([clone / postbuild], cwd=clone, env=env, timeout=600)
    return env_dir, out


def test_postbuild_installs_nnbook_into_the_environment(binder_env, tmp_path):
    env_dir, _ = binder_env
    where = run([env_dir / "bin" / "python", "-c", "import nnbook; print(nnbook.__file__)"], cwd=tmp_path,
                env=binder_env_vars(env_dir)).strip()
    assert env_dir.resolve() in Path(where).resolve().parents, f"nnbook was imported from {where}, not from {env_dir}"
    # The pinned set fits with what Binder's base has, and its server (jupyterhub-singleuser) still loads.
    run([env_dir / "bin" / "python", "-m", "pip", "check", "--disable-pip-version-check"], cwd=tmp_path,
        env=binder_env_vars(env_dir))
    run([env_dir / "bin" / "jupyterhub-singleuser", "--help"], cwd=tmp_path, env=binder_env_vars(env_dir))


def test_postbuild_verifies_mnist_and_leaves_no_build_files(binder_env, clone):
    from nnbook.data import FILES, TEXT

    _, out = binder_env
    assert TEXT["command"]("verified", var="NNBOOK_DATA_DIR") in out, out
    assert all(f"{name}" in out and md5 in out for name, md5 in FILES.values()), out
    leftovers = [p.name for p in (clone / "build", clone / "nnbook.egg-info") if p.exists()]
    assert not leftovers, f"postBuild left {leftovers} in the repository folder (the student's home on Binder)"


def test_lesson_01_passes_strict_nbval_in_the_binder_environment(binder_env, clone):
    """The project's own nbval settings (pyproject.toml's addopts), run by the new environment's Python."""
    env_dir, _ = binder_env
    env = binder_env_vars(env_dir, NNBOOK_DATA_DIR=mnist_dir())
    python = env_dir / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", "constraints.txt",
         "pytest", "nbval"], cwd=clone, env=env)
    lesson = "notebooks/01_perceptron.ipynb"
    out = run([python, "-m", "pytest", "-p", "no:cacheprovider", lesson], cwd=clone, env=env, timeout=900)
    cells = sum(c.cell_type == "code" for c in nbformat.read(clone / lesson, as_version=4).cells)
    assert re.search(rf"\b{cells} passed\b", out) and "--nbval" in (clone / "pyproject.toml").read_text(), out[-2000:]


def badges():
    """{README: [(kind, path inside the repository)]} of its Binder badges; kind is 'lab' or 'voila'."""
    found = {}
    for readme in ("README.md", "README.zh-CN.md"):
        for url in BADGE.findall((ROOT / readme).read_text()):
            parts = urllib.parse.urlsplit(url)
            assert parts.path == f"/v2/gh/{binder_badges.repository()}/HEAD", url  # binder/github.txt's
            query = dict(urllib.parse.parse_qsl(parts.query))
            if "labpath" in query:
                found.setdefault(readme, []).append(("lab", query["labpath"]))
            else:
                assert query.get("urlpath", "").startswith("voila/render/"), url
                found.setdefault(readme, []).append(("voila", query["urlpath"].removeprefix("voila/render/")))
    return found


def test_each_readme_has_a_jupyterlab_and_a_voila_badge_for_its_welcome_lesson():
    welcome = {"README.md": "notebooks/00_welcome.ipynb", "README.zh-CN.md": "notebooks/zh/00_welcome.ipynb"}
    found = badges()
    for readme, path in welcome.items():
        assert sorted(found.get(readme, [])) == [("lab", path), ("voila", path)], (readme, found.get(readme))
        assert (ROOT / path).is_file()


def test_the_badges_point_at_the_one_repository_setting_and_say_when_it_is_the_placeholder():
    """binder/github.txt is the one place that says where Binder builds from; the READMEs follow it. While it
    is the placeholder (the project has no known GitHub home), each README tells the reader so."""
    repo = binder_badges.repository()
    assert binder_badges.stale() == [], "run python3 tools/binder_badges.py"
    for readme in binder_badges.READMES:
        text = (ROOT / readme).read_text()
        assert len(BADGE.findall(text)) == 2 and all(f"/gh/{repo}/HEAD?" in url for url in BADGE.findall(text))
        if repo == binder_badges.PLACEHOLDER:
            assert binder_badges.PLACEHOLDER_NOTES[readme] in text, f"{readme} must say OWNER is a placeholder"
        else:
            assert "OWNER" not in text, f"{readme} still speaks of the placeholder"


def test_setting_the_repository_rewrites_every_badge_and_drops_the_placeholder_note(tmp_path):
    (tmp_path / "binder").mkdir()
    for name in binder_badges.READMES:
        (tmp_path / name).write_text((ROOT / name).read_text())
    setting = (ROOT / binder_badges.SETTING).read_text()
    (tmp_path / binder_badges.SETTING).write_text(setting.replace(binder_badges.repository(), "ada-l/nnbook.fork"))
    assert sorted(binder_badges.stale(tmp_path)) == sorted(binder_badges.READMES)
    assert binder_badges.update(tmp_path) == ("ada-l/nnbook.fork", list(binder_badges.READMES))
    assert binder_badges.stale(tmp_path) == []
    for name in binder_badges.READMES:
        before, after = (ROOT / name).read_text(), (tmp_path / name).read_text()
        old, new = BADGE.findall(before), BADGE.findall(after)
        assert len(new) == 2 and [u.split("/HEAD")[1] for u in new] == [u.split("/HEAD")[1] for u in old]
        assert all(u.startswith("https://mybinder.org/v2/gh/ada-l/nnbook.fork/HEAD?") for u in new)
        assert "OWNER" not in after  # the note that the links are a placeholder is gone with it
    # Nothing but a repository is accepted.
    for wrong in ("nnbook", "https://github.com/ada-l/nnbook", "ada l/nnbook"):
        (tmp_path / binder_badges.SETTING).write_text(f"# a comment\n{wrong}\n")
        with pytest.raises(binder_badges.SettingError, match="one line OWNER/NAME"):
            binder_badges.repository(tmp_path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_the_voila_badge_renders_its_lesson_in_the_binder_environment(binder_env, clone):
    """The badge's `?urlpath=voila/render/<path>` is Voilà's page for that lesson on Binder's Jupyter server:
    started here from the new environment in the repository folder, it runs the lesson and shows its output."""
    env_dir, _ = binder_env
    port, token = free_port(), "binder-test"
    cmd = [env_dir / "bin" / "python", "-m", "jupyter", "server", "--no-browser", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={clone}"]
    if getattr(os, "geteuid", lambda: None)() == 0:
        cmd.append("--allow-root")
    log = clone.parent / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([str(c) for c in cmd], cwd=clone, stdout=out, stderr=subprocess.STDOUT,
                                  env=binder_env_vars(env_dir, NNBOOK_DATA_DIR=mnist_dir()))
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(f"{base}/api/status?token={token}", 5)[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()[-3000:]
            time.sleep(0.5)
        else:
            pytest.fail("the Jupyter server did not answer within 90 s:\n" + log.read_text()[-3000:])
        # The English badge's page (the Chinese badge is the same form: test_each_readme_has_...).
        for path in [path for kind, path in badges()["README.md"] if kind == "voila"]:
            status, page = get(f"{base}/voila/render/{path}?token={token}", 300)
            assert status == 200, f"{path}: HTTP {status}\n{page[-1000:]}\n{log.read_text()[-3000:]}"
            saved = nbformat.read(clone / path, as_version=4)
            printed = [o["text"].splitlines()[0] for c in saved.cells if c.cell_type == "code"
                       for o in c.get("outputs", []) if o.get("output_type") == "stream" and o["text"].strip()]
            assert printed, f"{path} has no printed output to look for"
            assert printed[0] in page, f"Voilà's page for {path} lacks the lesson's output {printed[0]!r}"
            assert '"ename"' not in page and "Traceback" not in page, f"{path} stopped with an error in Voilà"
        status, _ = get(f"{base}/voila/render/notebooks/no_such_lesson.ipynb?token={token}", 60)
        assert status == 404  # the route checks its path: a wrong path in a badge would not pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---------------------------------------------------------------------------------------------------
# postBuild's download, as a build does it (Binder's and the classroom image's have no MNIST folder yet)


@pytest.fixture
def mirror(tmp_path):
    """A local MNIST mirror: http://127.0.0.1:PORT/good/ serves the four files, /bad/ the same with one label
    changed in the training labels (its header and length still right, its md5 not)."""
    import gzip
    import http.server
    import threading
    from functools import partial

    from nnbook.data import FILES

    served = tmp_path / "served"
    for folder in ("good", "bad"):
        (served / folder).mkdir(parents=True)
    for key, (name, _) in FILES.items():
        original = Path(mnist_dir()) / name
        (served / "good" / name).symlink_to(original)
        if key == "train_labels":
            raw = bytearray(gzip.decompress(original.read_bytes()))
            raw[-1] = (raw[-1] + 1) % 10
            (served / "bad" / name).write_bytes(gzip.compress(bytes(raw)))
        else:
            (served / "bad" / name).symlink_to(original)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_postbuild_downloads_mnist_or_stops_with_a_clear_message(binder_env, clone, mirror, tmp_path):
    from nnbook.data import FILES, TEXT

    env_dir, _ = binder_env
    # One after the other (each installs nnbook again first, into the same environment), each into a folder
    # that does not exist yet: from a good mirror; offline (a mirror that refuses every connection); from a
    # mirror whose copy of one file is damaged.
    cases = {"good": f"{mirror}/good/", "offline": f"http://127.0.0.1:{free_port()}/", "damaged": f"{mirror}/bad/"}
    done = {}
    for case, url in cases.items():
        done[case] = subprocess.run([str(clone / "binder" / "postBuild")], cwd=clone, capture_output=True, text=True,
                                    timeout=600, env=binder_env_vars(env_dir, NNBOOK_DATA_DIR=str(tmp_path / case),
                                                                     NNBOOK_MNIST_MIRRORS=url))
    good = done.pop("good")
    assert good.returncode == 0, good.stderr[-2000:]
    assert TEXT["command"]("verified", var="NNBOOK_DATA_DIR") in good.stdout
    assert sorted(p.name for p in (tmp_path / "good").iterdir()) == sorted(name for name, _ in FILES.values())

    for case, result in done.items():
        assert result.returncode != 0, f"postBuild must fail (and stop the image build): {case}\n{result.stderr[-2000:]}"
    assert TEXT["fix"]["offline"] in done["offline"].stderr, done["offline"].stderr[-2000:]
    name, md5 = FILES["train_labels"]
    checksum = TEXT["problems"]("checksum", found="@", md5=md5).split("@")[-1]
    assert TEXT["fix"]("no_good_copy", name=name) in done["damaged"].stderr, done["damaged"].stderr[-2000:]
    assert checksum in done["damaged"].stderr, done["damaged"].stderr[-2000:]
    for result in done.values():
        assert "python -m nnbook.data" in result.stderr, "the message says what to run once the cause is fixed"
    assert not (tmp_path / "damaged" / name).exists(), "a file that failed its md5 must not be left under its name"
