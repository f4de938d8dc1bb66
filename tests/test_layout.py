"""The package's layout follows the lessons: nnbook/lessons/lNN_<notebook name>.py above the idea modules."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnbook"
#: The one package of lesson code; everything else in nnbook is an idea module.
NOT_IDEAS = ("lessons",)


def imported_modules(path, root=ROOT):
    """Every module `path` imports, as absolute dotted names (relative imports resolved from `root`)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.append(module)
            names += [f"{module}.{alias.name}" for alias in node.names]  # `from . import lessons` too
    return names


def idea_modules():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] not in NOT_IDEAS]


def test_the_idea_modules_import_nothing_from_the_lessons():
    assert len(idea_modules()) >= 10  # perceptron, sigmoid, cost, …: the check really looks at them
    wrong = {p.relative_to(ROOT).as_posix(): [m for m in imported_modules(p) if m.startswith("nnbook.lessons")]
             for p in idea_modules()}
    wrong = {path: modules for path, modules in wrong.items() if modules}
    assert not wrong, (f"idea modules must not import lesson code (nnbook/lessons builds on them, not the other way "
                       f"round); move what they need into an idea module: {wrong}")


def test_the_check_sees_relative_and_absolute_imports(tmp_path):
    (tmp_path / "nnbook").mkdir()
    probe = tmp_path / "nnbook" / "plots.py"
    probe.write_text("from .lessons import l01_perceptron\nfrom . import lessons\n"
                     "import nnbook.lessons.l02_sigmoid_neurons\nfrom .sigmoid import sigmoid\n", encoding="utf-8")
    found = [m for m in imported_modules(probe, root=tmp_path) if m.startswith("nnbook.lessons")]
    assert "nnbook.sigmoid" in imported_modules(probe, root=tmp_path)
    assert "nnbook.lessons.l01_perceptron" in found and "nnbook.lessons" in found
    assert "nnbook.lessons.l02_sigmoid_neurons" in found


def test_every_lesson_module_is_named_after_its_notebook():
    """lNN_<notebook name>.py for a lesson's own module; lNN_<part>.py for a part of lesson NN with a module of its own."""
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    modules = {p.stem for p in (PACKAGE / "lessons").glob("*.py")} - {"__init__"}
    for module in modules:
        assert module[0] == "l" and any(n.startswith(module[1:3] + "_") for n in notebooks), (
            f"nnbook/lessons/{module}.py: name it l<NN>_<notebook name>.py after notebooks/<NN>_<name>.ipynb")
    assert {"l01_perceptron", "l02_sigmoid_neurons", "l03_network_for_digits", "l04_cost_and_gradient_descent",
            "l05_gradient_descent_in_practice", "l07_what_did_it_learn"} <= {m for m in modules if m[1:] in notebooks}


def test_no_lesson_module_imports_another_lessons_module():
    """What two lessons share lives in an idea module; lesson 07's drawing pad (l07_drawpad) is part of lesson 07."""
    lessons = sorted((PACKAGE / "lessons").glob("l[0-9][0-9]_*.py"))
    assert len(lessons) >= 9
    wrong = {}
    for path in lessons:
        mine = path.stem[:3]  # "l05"
        others = {m.split(".")[2] for m in imported_modules(path)
                  if m.startswith("nnbook.lessons.l") and m.split(".")[2][:3] != mine}
        if others:
            wrong[path.name] = sorted(others)
    assert not wrong, f"move what lessons share into an idea module: {wrong}"
