"""Discipline for the committed lessons: nbval checks only what was executed and saved.

A notebook saved without outputs passes strict nbval while checking nothing, so these
tests fail when a lesson is not fully executed, in order, from a fresh kernel, or when
it stores an error, a warning or an oversized output.
"""

import importlib.util
import json
import re
import uuid
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = sorted(FOLDER.glob("[0-9][0-9]_*.ipynb"))
CHINESE = sorted((FOLDER / "zh").glob("[0-9][0-9]_*.ipynb"))
NOTEBOOKS = ENGLISH + CHINESE  # the Chinese edition (notebooks/zh/) is held to the same discipline
MAX_OUTPUT_BYTES = 2_000_000  # one animation or figure; anything bigger makes the repo and the page slow
_spec = importlib.util.spec_from_file_location("stable", FOLDER.parent / "tools" / "stable.py")
stable = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stable)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def lesson_id(path):
    return path.relative_to(FOLDER).as_posix()


def test_the_series_starts_with_the_welcome():
    names = [p.name for p in ENGLISH]
    assert names and names[0].startswith("00_"), names
    numbers = [int(n[:2]) for n in names]
    assert numbers == list(range(len(numbers))), f"lessons must be numbered 00, 01, … without gaps: {names}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_every_code_cell_executed_in_order(path):
    cells = code_cells(load(path))
    assert cells, f"{path.name} has no code cells"
    counts = [c["execution_count"] for c in cells]
    never = [i for i, n in enumerate(counts) if n is None]
    assert not never, f"{path.name}: code cells {never} were never executed; run `make execute`"
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(cells)}: re-run it top to bottom from a fresh kernel"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_no_errors_or_warnings_stored(path):
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name} cell {i}: stored error {out.get('ename')}"
            text = "".join(out.get("text", ""))
            assert out.get("name") != "stderr" or not text.strip(), f"{path.name} cell {i}: stderr output {text[:200]!r}"
            assert not re.search(r"\w*Warning\b", text), f"{path.name} cell {i}: a warning in the output: {text[:200]!r}"
            plain = "".join(out.get("data", {}).get("text/plain", ""))
            assert "Warning:" not in plain, f"{path.name} cell {i}: a warning in the output: {plain[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_outputs_are_small(path):
    for i, cell in enumerate(code_cells(load(path))):
        size = len(json.dumps(cell.get("outputs", [])))
        assert size <= MAX_OUTPUT_BYTES, f"{path.name} cell {i}: outputs of {size:,} bytes (limit {MAX_OUTPUT_BYTES:,})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_no_leaked_memory_addresses(path):
    """Plot calls end with `;` or plt.show(), so no `<… at 0x7f…>` text reaches the outputs."""
    for i, cell in enumerate(code_cells(load(path))):
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            plain = "".join(out.get("data", {}).get("text/plain", "")) + "".join(out.get("text", ""))
            assert not re.search(r" at 0x[0-9a-f]+>", plain), f"{path.name} cell {i}: {plain[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_sliders_are_saved_with_the_notebook(path):
    """A lesson with widgets stores their state, so GitHub and nbviewer can show the sliders."""
    nb = load(path)
    views = [o for c in code_cells(nb) for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    if views:
        state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
        saved = state.get("state", {})
        for view in views:
            model = view["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
            assert model in saved, f"{path.name}: widget {model} is shown but its state was not saved"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_credits_and_recap(path):
    """Every lesson ends with a recap; the welcome credits the book and MNIST's authors."""
    markdown = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"^#+ .*(Recap|回顾)", markdown, re.M | re.I), f"{path.name} has no Recap (回顾) section"
    if path.name.startswith("00_"):
        assert "neuralnetworksanddeeplearning.com" in markdown and "Nielsen" in markdown
        assert "LeCun" in markdown and "Cortes" in markdown and "Burges" in markdown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lesson_id)
def test_ids_are_stable_so_a_re_execution_changes_only_what_changed(path):
    """Saved as `tasks.py execute` saves it: widget and element ids numbered in order, no timing stamps
    (tools/stable.py; a plain `jupyter nbconvert --execute` saves random ids, and every run rewrites the file)."""
    nb = load(path)
    assert stable.stable_ids(nb, lesson_id(path)) == nb, (
        f"{lesson_id(path)} was executed without tasks.py: run `python3 tasks.py execute notebooks/{lesson_id(path)}`")


def _run(ids):
    """A notebook as nbclient saves it after one run whose random ids were `ids` (two widgets, one animation)."""
    slider, layout, box, anim = ids
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": box, "version_major": 2, "version_minor": 0},
            "text/plain": "VBox()"}
    html = {"text/html": f'<div id="{anim}"></div><script>anim{anim}.play()</script>'}
    state = {slider: {"model_name": "FloatSliderModel", "state": {"layout": f"IPY_MODEL_{layout}", "value": 1.0}},
             layout: {"model_name": "LayoutModel", "state": {}},
             box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}"]}}}
    return {"cells": [{"cell_type": "code", "metadata": {"execution": {"iopub.status.busy": str(uuid.uuid4())}},
                       "outputs": [{"output_type": "display_data", "data": view, "metadata": {}}]},
                      {"cell_type": "code", "metadata": {},
                       "outputs": [{"output_type": "display_data", "data": html, "metadata": {}}]}],
            "metadata": {"widgets": {stable.STATE: {"state": state, "version_major": 2, "version_minor": 0}}}}


def test_two_runs_with_different_random_ids_are_saved_the_same():
    first = stable.stable_ids(_run([uuid.uuid4().hex for _ in range(4)]), "01_x.ipynb")
    second = stable.stable_ids(_run([uuid.uuid4().hex for _ in range(4)]), "01_x.ipynb")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert "execution" not in first["cells"][0]["metadata"]
    box = first["cells"][0]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    children = first["metadata"]["widgets"][stable.STATE]["state"][box]["state"]["children"]
    assert children[0].removeprefix("IPY_MODEL_") in first["metadata"]["widgets"][stable.STATE]["state"]
    assert stable.stable_ids(first, "01_x.ipynb") == first
    other = stable.stable_ids(_run([uuid.uuid4().hex for _ in range(4)]), "zh/01_x.ipynb")
    assert json.dumps(other) != json.dumps(first), "each notebook has ids of its own"
