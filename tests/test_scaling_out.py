"""The set-up for a class on Kubernetes (Zero to JupyterHub), as far as it can be checked without a cluster.

classroom/k8s/Dockerfile (the students' image) and classroom/k8s/config.yaml (the chart's values) are
described in docs/scaling-out.md. Here: the values against the chart's own schema (the part of it they use,
cut from zero-to-jupyterhub-k8s's values.schema.yaml by tools/z2jh_schema_subset.py, which also validated
them against the whole schema merged over the chart's defaults, as helm does), the image's install steps
against Binder's (tests/test_binder.py runs those in a fresh environment), and the pieces that run inside a
student's server: the lesson copy at start, the kernel culling file, the teacher's memory hook.
Not checked here (no Docker, no cluster): building the image, and helm installing the chart.
"""

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from fresh_venv import clean_env
from test_binder import INSTALL_STEPS, commands, lock_python

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "classroom" / "k8s"
DOCKERFILE = (K8S / "Dockerfile").read_text()
sys.path.insert(0, str(ROOT / "tools"))
import z2jh_schema_subset  # noqa: E402


def values():
    """config.yaml with passwords.example.yaml merged over it, as helm gets them."""
    return z2jh_schema_subset.our_values()


def config():
    return yaml.safe_load((K8S / "config.yaml").read_text())


def subset():
    return json.loads(z2jh_schema_subset.SUBSET.read_text())


# ---------------------------------------------------------------------------------------------------
# The chart's values


def test_the_values_are_valid_for_the_chart():
    schema = subset()
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(values())


@pytest.mark.parametrize("path, value", [
    (("singleuser", "memory", "limt"), "1G"),          # a misspelt key
    (("singleusr",), {}),                               # a misspelt section
    (("cull", "timeout"), "an hour"),                   # a value of the wrong type
    (("singleuser", "image", "tag"), 1),                # a number where the chart wants a string
    (("singleuser", "extraFiles", "kernel-culling", "stringData"), "{}"),  # data and stringData at once
])
def test_a_mistake_in_the_values_fails_the_check(path, value):
    wrong = copy.deepcopy(values())
    node = wrong
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(subset()).validate(wrong)


def test_the_schema_is_the_one_of_the_chart_version_the_helm_commands_install():
    version = re.match(r"zero-to-jupyterhub-k8s (\S+),", subset()["$comment"]).group(1)
    for doc in (K8S / "config.yaml", ROOT / "docs" / "scaling-out.md"):
        said = set(re.findall(r"--version (\S+)", doc.read_text()))
        assert said == {version}, f"{doc.name} installs chart version {said}; the schema checked is {version}'s"


def test_the_passwords_stay_out_of_the_repository():
    assert "SharedPasswordAuthenticator" not in config()["hub"]["config"], "passwords go in passwords.yaml"
    assert config()["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    example = yaml.safe_load((K8S / "passwords.example.yaml").read_text())["hub"]["config"]
    user, admin = (example["SharedPasswordAuthenticator"][k] for k in ("user_password", "admin_password"))
    # JupyterHub refuses a class password under 8 characters, a teacher's under 32, and the two alike.
    assert len(user) >= 8 and len(admin) >= 32 and user != admin
    ignored = subprocess.run(["git", "check-ignore", "-q", "classroom/k8s/passwords.yaml"], cwd=ROOT)
    assert ignored.returncode == 0, ".gitignore must keep classroom/k8s/passwords.yaml out of git"


def memory(spec):
    """Bytes of a memory value as JupyterHub reads it (jupyterhub.traitlets.ByteSpecification)."""
    if isinstance(spec, (int, float)):
        return int(spec)
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    assert spec[-1] in units, f"{spec!r}: JupyterHub wants a number with K, M, G or T"
    return int(float(spec[:-1]) * units[spec[-1]])


def test_each_student_gets_a_memory_limit_and_the_teacher_more():
    student = config()["singleuser"]["memory"]
    assert 0 < memory(student["guarantee"]) <= memory(student["limit"])
    from traitlets.config import Config

    c = Config()
    for code in config()["hub"]["extraConfig"].values():
        exec(code, {"c": c})
    hook = c.KubeSpawner.pre_spawn_hook
    servers = {}
    for name, admin in (("teacher", True), ("ada", False)):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name, admin=admin),
                                  mem_limit=memory(student["limit"]), mem_guarantee=memory(student["guarantee"]))
        hook(spawner)
        servers[name] = spawner
    assert memory(servers["ada"].mem_limit) == memory(student["limit"]), "a student keeps the class limit"
    assert memory(servers["teacher"].mem_limit) > memory(student["limit"])
    assert memory(servers["teacher"].mem_guarantee) <= memory(servers["teacher"].mem_limit)
    assert config()["hub"]["config"]["Authenticator"]["admin_users"], "the teacher is the administrator"


def test_idle_servers_are_stopped():
    cull = config()["cull"]
    assert cull["enabled"] is True and 0 < cull["every"] <= cull["timeout"]


def test_the_kernel_culling_file_is_read_by_jupyter_server(tmp_path):
    """The file config.yaml mounts, put in a folder Jupyter reads config from, as the installed server reads it."""
    from jupyter_core.paths import SYSTEM_CONFIG_PATH

    extra = config()["singleuser"]["extraFiles"]["kernel-culling"]
    mount = Path(extra["mountPath"])
    assert str(mount.parent) in SYSTEM_CONFIG_PATH and mount.name == "jupyter_server_config.json", mount
    (tmp_path / mount.name).write_text(json.dumps(extra["data"]))
    shown = subprocess.run([sys.executable, "-m", "jupyter", "server", "--show-config"], capture_output=True,
                           text=True, timeout=120, env=clean_env(JUPYTER_CONFIG_PATH=str(tmp_path)))
    assert shown.returncode == 0, shown.stderr[-2000:]
    culling = extra["data"]["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0
    for name, value in culling.items():
        assert f".{name} = {value}" in shown.stdout, f"jupyter server did not read {name}:\n{shown.stdout}"


# ---------------------------------------------------------------------------------------------------
# The image


def dockerfile_env():
    return dict(re.findall(r"^ENV (\w+)=(\S+)$", DOCKERFILE, re.M))


def copies():
    """{destination: [sources]} of the Dockerfile's COPY lines."""
    found = {}
    for line in re.findall(r"^COPY (.*)$", DOCKERFILE, re.M):
        words = [w for w in line.split() if not w.startswith("--")]
        found[words[-1]] = words[:-1]
    return found


def test_the_image_installs_nnbook_with_binders_two_steps():
    steps = commands(DOCKERFILE)
    assert [s for s in steps if s in INSTALL_STEPS] == list(INSTALL_STEPS), (
        f"classroom/k8s/Dockerfile must run {INSTALL_STEPS}, as Binder does; it runs:\n" + "\n".join(steps))
    # They run in the sources' folder, with binder/ and constraints.txt where requirements.txt's `-c` looks.
    workdir = re.findall(r"^WORKDIR (\S+)$", DOCKERFILE[:DOCKERFILE.index("\nRUN pip install")], re.M)[-1]
    dest = copies()
    assert dest.get(f"{workdir}/binder/") == ["binder/"] and "constraints.txt" in dest.get(f"{workdir}/", [])
    assert {"pyproject.toml", "README.md", "LICENSE"} <= set(dest[f"{workdir}/"]), "what `pip install .` reads"
    assert dest.get(f"{workdir}/nnbook/") == ["nnbook/"]


def test_the_image_has_the_python_of_the_lock():
    base = re.search(r"^ARG BASE_IMAGE=(\S+)$", DOCKERFILE, re.M).group(1)
    assert re.fullmatch(r"quay\.io/jupyter/[a-z-]+-notebook:python-(\d+\.\d+)", base), base
    assert base.endswith(f":python-{lock_python()}"), f"{base}: constraints.txt's pins are for Python {lock_python()}"
    assert re.search(r"^FROM \$\{BASE_IMAGE\}$", DOCKERFILE, re.M)


def test_mnist_and_the_lessons_are_in_a_read_only_folder_of_the_image():
    env = dockerfile_env()
    data, lessons = env["NNBOOK_DATA_DIR"], env["NNBOOK_LESSONS"]
    assert copies().get(f"{lessons}/") == ["notebooks/"]
    # postBuild fetches MNIST into NNBOOK_DATA_DIR: the variable is set before it runs.
    assert DOCKERFILE.index("ENV NNBOOK_DATA_DIR=") < DOCKERFILE.index("RUN binder/postBuild")
    lock = re.search(r"^RUN chown -R root:root (\S+) && chmod -R a\+rX,go-w (\S+)$", DOCKERFILE, re.M)
    assert lock and lock.group(1) == lock.group(2), "only root may write the folder; everyone may read it"
    assert data.startswith(lock.group(1) + "/") and lessons.startswith(lock.group(1) + "/")
    assert DOCKERFILE.index("RUN binder/postBuild") < lock.start(), "the folder is locked after postBuild wrote MNIST"
    # The image ends as the notebook user, not root.
    assert re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)[-1] == "${NB_UID}"


def test_the_build_context_lets_in_what_the_image_copies():
    ignore = (K8S / "Dockerfile.dockerignore").read_text().splitlines()
    assert "*" in ignore, "everything is left out but what is let in again with !"
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    sources = {s.rstrip("/") for srcs in copies().values() for s in srcs}
    assert sources <= allowed, f"copied but ignored: {sources - allowed}"
    assert all((ROOT / s).exists() for s in sources)


def test_the_lessons_are_copied_at_start_and_a_students_changes_kept(tmp_path):
    hook = config()["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    lessons, home = tmp_path / "lessons", tmp_path / "home"
    (lessons / "zh").mkdir(parents=True)
    home.mkdir()
    for name in ("00_welcome.ipynb", "01_perceptron.ipynb", "zh/00_welcome.ipynb"):
        (lessons / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    env = clean_env(HOME=str(home), NNBOOK_LESSONS=str(lessons))

    subprocess.run(hook, env=env, check=True, timeout=60)
    mine = home / "nnbook"
    for name in ("00_welcome.ipynb", "01_perceptron.ipynb", "zh/00_welcome.ipynb"):
        assert (mine / name).read_bytes() == (lessons / name).read_bytes()
        assert (mine / name).stat().st_mode & 0o200, "the student can change their copy"
    assert config()["singleuser"]["defaultUrl"] == "/lab/tree/" + mine.relative_to(home).as_posix()

    (mine / "01_perceptron.ipynb").write_text("the student's own work")
    (lessons / "02_sigmoid_neurons.ipynb").write_bytes((ROOT / "notebooks" / "02_sigmoid_neurons.ipynb").read_bytes())
    subprocess.run(hook, env=env, check=True, timeout=60)
    assert (mine / "01_perceptron.ipynb").read_text() == "the student's own work"
    assert (mine / "02_sigmoid_neurons.ipynb").read_bytes() == (lessons / "02_sigmoid_neurons.ipynb").read_bytes()
