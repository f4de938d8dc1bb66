"""More discipline for the committed lessons, beyond tests/test_notebooks.py: sliders that stay honest.

nbval does not see widgets, so a slider lesson can rot without any nbval failure: an explorer
cell saved without its widget, a callback written as a lambda that nothing checks, an nbval
comment marker that skips a cell. These checks read the saved notebooks (fast, no kernel).
"""

import ast
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The English lessons and the Chinese edition (notebooks/zh/): the same code, so the same rules.
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
PACKAGE = sorted((ROOT / "nnbook").rglob("*.py"))
MAX_NOTEBOOK_BYTES = 5_000_000  # the whole file: GitHub and nbviewer stay quick, the repository small
IGNORE = "nbval-ignore-output"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def python_of(cell):
    """The cell's Python, without IPython magics (%time, %%time …)."""
    return "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith("%"))


def explorer_callbacks(tree):
    """The first argument of every explore(...) call: the function the explorer's controls drive."""
    return [node.args[0] for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "explore" and node.args]


#: ipywidgets names that make an Output widget (interact & co. always do): Voilà hangs on them now and then
#: (voila#1428) and they blank the picture while it is redrawn. Explorers use nnbook.explorer instead.
OUTPUT_MAKERS = {"interact", "interact_manual", "interactive", "interactive_output", "Output"}


def output_makers(tree):
    """Where a tree names one of OUTPUT_MAKERS: as a name, an attribute (widgets.Output) or an import."""
    found = []
    for node in ast.walk(tree):
        names = [node.id] if isinstance(node, ast.Name) else [node.attr] if isinstance(node, ast.Attribute) else \
            [a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
        found += [(n, node.lineno) for n in names if n.split(".")[-1] in OUTPUT_MAKERS]
    return found


def called_names(tree):
    return {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_the_notebook_is_valid_nbformat_4_with_a_python3_kernel(path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat == 4, f"{path.name}: nbformat {nb.nbformat}"
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: kernelspec {nb.metadata.get('kernelspec')}; students open it with the standard python3 kernel")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_the_whole_notebook_stays_small(path):
    size = path.stat().st_size
    assert size <= MAX_NOTEBOOK_BYTES, f"{path.name} is {size:,} bytes (limit {MAX_NOTEBOOK_BYTES:,}): shrink figures or animations"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_nbval_is_steered_by_cell_tags_not_comments(path):
    """`# NBVAL_SKIP` does not even run a cell; `# NBVAL_IGNORE_OUTPUT` shows on the projector. Use the tag."""
    for i, cell in enumerate(code_cells(load(path))):
        source = "".join(cell["source"])
        assert "NBVAL_" not in source, f"{path.name} code cell {i}: an nbval comment marker; use the cell tag {IGNORE!r}"
        tags = cell.get("metadata", {}).get("tags", [])
        assert not [t for t in tags if t.startswith("nbval") and t != IGNORE], f"{path.name} code cell {i}: tags {tags}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_every_slider_has_a_named_callback_checked_in_an_ordinary_cell(path):
    """explore(f, ...) cells are tagged nbval-ignore-output, keep their widget, and f is also called with fixed values."""
    cells = code_cells(load(path))
    trees = [ast.parse(python_of(c)) for c in cells]
    checked = set().union(*(called_names(t) for c, t in zip(cells, trees)
                            if IGNORE not in c.get("metadata", {}).get("tags", [])))
    for i, (cell, tree) in enumerate(zip(cells, trees)):
        for callback in explorer_callbacks(tree):
            where = f"{path.name} code cell {i}"
            assert isinstance(callback, ast.Name), f"{where}: the slider's callback must be a named function, not {ast.dump(callback)[:60]}"
            assert callback.id in checked, (
                f"{where}: {callback.id}(...) is only called by the slider; call it with fixed values in an "
                "ordinary cell above, so nbval checks what the slider shows")
            assert IGNORE in cell.get("metadata", {}).get("tags", []), f"{where}: an explorer cell needs the tag {IGNORE!r}"
            views = [o for o in cell.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
            assert views, (f"{where}: the explorer cell was saved without its widget: end the cell with the explore(...) "
                           "call (no `;`) and execute with widget state stored (`make execute`)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_no_notebook_makes_an_output_widget(path):
    """No interact, interactive, interactive_output or Output in a lesson: explore(...) from nnbook.explorer instead."""
    for i, cell in enumerate(code_cells(load(path))):
        found = output_makers(ast.parse(python_of(cell)))
        assert not found, (f"{path.name} code cell {i} uses {sorted({n for n, _ in found})}: these make an Output "
                           "widget (Voilà hangs on it now and then); build the slider with nnbook.explorer.explore, "
                           "its callback returning a View")


@pytest.mark.parametrize("path", PACKAGE, ids=lambda p: str(p.relative_to(ROOT)))
def test_nnbook_makes_no_output_widget(path):
    found = output_makers(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, (f"{path.relative_to(ROOT)} uses {found} (name, line): these make an Output widget; "
                       "show pictures and text with ipywidgets.Image and HTML (see nnbook/explorer.py)")


def test_the_output_widget_rule_can_fail():
    """The two rules above find every way of naming an Output maker, and leave other names alone."""
    for source in ["from ipywidgets import interact", "interact_manual.options(manual_name='x')(f)",
                   "import ipywidgets as w\nw.Output()", "widgets.interactive_output(f, {})", "interactive(f, x=1)",
                   "from ipywidgets import Output as Out"]:
        assert output_makers(ast.parse(source)), source
    assert not output_makers(ast.parse("explore(f, x=IntSlider()); print('Output and interact in a string')"))


# --- exact and chaotic outputs ----------------------------------------------------------------------------
# An output is exact (the same text on every machine: strict nbval checks it) or chaotic (it comes out of a long
# training run, whose last-digit rounding differs between CPUs, BLAS kernels and NumPy builds, and which the run
# magnifies). A chaotic cell carries the tags `chaotic` and nbval-ignore-output, and one of the next two code cells
# prints the lesson's claims about it (`..._claims(...)`), which are exact and checked strictly. A cell whose text is a timing
# carries `timing`. Nothing else is left unchecked but the widget displays (sliders, the drawing pad).
REASONS = {"chaotic", "timing"}
WIDGET_DISPLAYS = ("explore(", "pad = DrawPad(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_every_unchecked_output_is_a_widget_a_timing_or_chaotic_with_its_claims_checked_next(path):
    cells = code_cells(load(path))
    for i, cell in enumerate(cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = "".join(cell["source"])
        where = f"{path.name} code cell {i}"
        reasons = tags & REASONS
        assert len(reasons) <= 1, f"{where}: tags {sorted(tags)}: a cell is chaotic or a timing, not both"
        if IGNORE not in tags:
            assert not reasons, f"{where}: tagged {sorted(reasons)} but not {IGNORE!r}: its output would be compared"
            continue
        assert reasons or source.startswith(WIDGET_DISPLAYS), (
            f"{where}: its output is not compared, yet it is neither a widget display nor tagged 'chaotic' or "
            "'timing'. Exact outputs stay under strict nbval; tag a training output 'chaotic' and check its claims")
        if "chaotic" in reasons:
            claims = [c for c in cells[i + 1:i + 3] if "_claims(" in "".join(c["source"])]
            assert claims, f"{where} is chaotic: one of the next two code cells must print the lesson's claims about it"
            assert IGNORE not in claims[0].get("metadata", {}).get("tags", []), f"{where}: its claims must be compared"


def test_the_chaotic_cells_are_the_long_training_runs():
    """Only lesson 06's training runs (the book's run, the hidden-size comparison and 784-10) and lesson 08's
    training-size curve are chaotic; lesson 07 reads the reference network, the same everywhere."""
    chaotic = {(p.name, "".join(c["source"]).splitlines()[0]) for p in NOTEBOOKS for c in code_cells(load(p))
               if "chaotic" in c.get("metadata", {}).get("tags", [])}
    assert chaotic == {("06_training.ipynb", "%%time"),
                       ("06_training.ipynb", "runs = compare_hidden(training_data, validation_data, hidden=(15, 30, 100), "
                                             "seeds=(0, 1, 2), epochs=10)"),
                       ("08_beyond_the_network.ipynb", "small_validation = (validation.images[:1000], "
                                                       "validation.labels[:1000])"),
                       ("06_training.ipynb", "no_hidden = compare_hidden(training_data, validation_data, hidden=(0,), "
                                             "seeds=(0, 1, 2), epochs=10)")}, chaotic
