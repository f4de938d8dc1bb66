"""Every error a student can cause on the maths side, in Chinese and in English; and the language boundary.

Each case below makes one mistake a student can make with the idea modules (a network, its data, the
cost, saving and loading, gradient descent, the cost surfaces, perceptrons, the cached network, the MNIST
loader).  With the language set to Chinese its message is Chinese and holds no English sentence (code it
quotes, such as image.reshape(784), aside); in English it still says what to do.  The error is an
`InputError` (a ValueError) with a key of nnbook/locales/*/errors.toml.

The last tests hold the boundary: no idea module that does maths imports the catalogue (nnbook.i18n);
their words come from nnbook/words.py and nnbook/errors.py, a layer above.
"""

import ast
import re
from pathlib import Path

import numpy as np
import pytest

import nnbook
from i18n_checks import assert_chinese
from nnbook import models
from nnbook.baselines import AverageDarkness, random_guesses
from nnbook.cost import quadratic_cost
from nnbook.data import load_mnist
from nnbook.errors import InputError
from nnbook.gradient_descent import gradient_descent, stochastic_gradient_descent
from nnbook.network import Network, one_hot
from nnbook.parameters import parameter_count
from nnbook.preprocess import as_drawing, draw_strokes, example_drawing
from nnbook.perceptron import Perceptron, PerceptronCircuit, find_perceptrons, gate_label, nand_perceptron
from nnbook.surfaces import bowl, descend, get_surface

NNBOOK = Path(nnbook.__file__).resolve().parent

#: Code a message may quote, taken out before looking for English: a call or attribute such as image.reshape(784),
#: net.save(path), Perceptron([-2, -2], bias=3), np.float64, a quoted name or list ('sizes', ['AND', …]).
CODE = re.compile(r"\[[^\]]*\]|'[^']*'|[\w.]+\([^()]*(?:\([^()]*\)[^()]*)*\)|\b\w+(?:\.\w+)+\b")


def small():
    return Network([4, 3, 10], seed=0)


def data(n=5, n_in=4, labels=None):
    return np.zeros((n, n_in)), [0] * n if labels is None else labels


def save_arrays(path, **arrays):
    np.savez(path, **arrays)
    return path


def circuit():
    c = PerceptronCircuit(["x1", "x2"])
    c.add("n", nand_perceptron(), ["x1", "x2"])
    return c


def _pickled(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(path, sizes=np.array([{"a": 1}], dtype=object))
    return path


def _not_a_zip(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("not a network", encoding="utf-8")
    return path


#: (id, the mistake (given tmp_path), the key it raises, what the English message tells the student to do).
CASES = [
    ("one layer", lambda t: Network([784]), "too_few_layers", "at least an input and an output layer"),
    ("zero neurons", lambda t: Network([784, 0, 10]), "layer_size", "whole number ≥ 1"),
    ("sizes a number", lambda t: Network(5), "sizes_not_a_list", "list of layer sizes such as [784, 30, 10]"),
    ("dtype int", lambda t: Network([4, 3], dtype=int), "dtype", "np.float64"),
    ("an image, not flattened", lambda t: Network([784, 3, 10]).feedforward(np.zeros((28, 28))),
     "input_is_an_image", "flatten it first"),
    ("examples in rows", lambda t: Network([784, 3, 10]).feedforward(np.zeros((5, 784))),
     "input_in_rows", "pass its transpose"),
    ("input of the wrong size", lambda t: small().feedforward(np.zeros(3)), "input_shape", "must have shape (4,)"),
    ("NaN input", lambda t: small().feedforward(np.full(4, np.nan)), "not_finite", "check how the data was loaded"),
    ("words as input", lambda t: small().feedforward("four"), "not_numbers", "must be numbers"),
    ("epochs=0", lambda t: small().SGD(data(), epochs=0, mini_batch_size=1, eta=1.0), "not_a_count",
     "epochs must be a whole number ≥ 1"),
    ("mini-batch of 2.5", lambda t: small().SGD(data(), 1, 2.5, 1.0), "not_a_count",
     "mini_batch_size must be a whole number ≥ 1"),
    ("eta=0", lambda t: small().SGD(data(), 1, 1, 0), "not_positive", "eta must be a finite number > 0"),
    ("eta as text", lambda t: small().SGD(data(), 1, 1, "3.0"), "not_a_number", "eta must be a number > 0"),
    ("data not a pair", lambda t: small().evaluate(np.zeros((5, 4))), "not_a_pair", "must be a pair (images, labels)"),
    ("images of the wrong width", lambda t: small().evaluate(data(n_in=3)), "images_shape", "must have shape (n, 4)"),
    ("too few labels", lambda t: small().evaluate(data(labels=[0, 1])), "labels_shape", "one label per image"),
    ("label 10", lambda t: small().SGD(data(labels=[0, 1, 2, 3, 10]), 1, 1, 1.0), "labels_range",
     "must lie in 0–9"),
    ("label 0.5", lambda t: small().evaluate(data(labels=[0.5] * 5)), "labels_not_whole", "must be whole numbers 0–9"),
    ("labels as words", lambda t: small().evaluate(data(labels=["one"] * 5)), "labels_kind",
     "must be whole numbers 0–9"),
    ("one_hot of 12", lambda t: one_hot([0, 12]), "labels_range", "must lie in 0–9"),
    ("a parameter count of one layer", lambda t: parameter_count([784]), "too_few_layers",
     "at least an input and an output layer"),
    ("cost of different shapes", lambda t: quadratic_cost(np.zeros(3), np.zeros(4)), "shapes_differ",
     "must have the same shape"),
    ("load a missing file", lambda t: Network.load(t / "missing.npz"), "no_network_file", "check the path"),
    ("load a text file", lambda t: Network.load(_not_a_zip(t)), "not_npz", "save a network with net.save(path)"),
    ("load a file that needs pickle", lambda t: Network.load(_pickled(t)), "needs_pickle", "never loads"),
    ("load a file without sizes", lambda t: Network.load(save_arrays(t / "w.npz", w0=np.zeros((3, 4)))), "no_sizes",
     "has no 'sizes' array"),
    ("load a file without weights", lambda t: Network.load(save_arrays(t / "s.npz", sizes=np.array([4, 3]))),
     "missing_array", "save the network again"),
    ("load arrays of the wrong shape",
     lambda t: Network.load(save_arrays(t / "b.npz", sizes=np.array([4, 3]), w0=np.zeros((4, 3)), b0=np.zeros((3, 1)))),
     "wrong_shapes", "save the network again"),
    ("a point with three coordinates", lambda t: bowl.cost([1, 2, 3]), "point_on_surface", "two coordinates (v1, v2)"),
    ("an unknown surface", lambda t: descend("hill", (1, 1), 0.1), "unknown_surface", "surface must be one of"),
    ("descent with eta=-1", lambda t: gradient_descent(bowl.cost, (1, 1), -1, 10), "not_positive",
     "eta must be a finite number > 0"),
    ("descent from a NaN", lambda t: get_surface(bowl).gradient((np.nan, 1)), "not_finite", "finite number"),
    ("SGD on the bowl with 0 epochs",
     lambda t: stochastic_gradient_descent(lambda v, x: v - x, np.zeros((4, 2)), (1, 1), 0.1, 0, 2), "not_a_count",
     "epochs must be a whole number ≥ 1"),
    ("a perceptron with no weight", lambda t: Perceptron([], bias=1), "no_weight", "needs at least one weight"),
    ("bias and threshold", lambda t: Perceptron([1, 1], bias=1, threshold=2), "bias_or_threshold", "not both"),
    ("three inputs to two weights", lambda t: nand_perceptron()(1, 0, 1), "perceptron_input", "needs 2 inputs"),
    ("a name used twice", lambda t: circuit().add("n", nand_perceptron(), ["x1", "x2"]), "name_used", "pick another"),
    ("an unknown source", lambda t: circuit().add("m", nand_perceptron(), ["x1", "x9"]), "unknown_sources",
     "add those first"),
    ("one source for two weights", lambda t: circuit().add("m", nand_perceptron(), ["x1"]), "source_count",
     "one source per weight"),
    ("a missing circuit input", lambda t: circuit().run(x1=1), "circuit_inputs", "needs exactly the inputs"),
    ("an unknown gate", lambda t: find_perceptrons("MAYBE"), "unknown_gate", "use one of"),
    ("outputs that are no gate", lambda t: find_perceptrons((0, 1)), "bad_outputs", "four 0s and 1s"),
    ("the name of an unknown gate", lambda t: gate_label("MAYBE"), "gate_key", "use one of"),
    ("remember under another recipe", lambda t: models.remember(small(), folder=t), "recipe_sizes",
     "remember a network under the recipe that trained it"),
    ("a recipe without its keys", lambda t: models.cached_path({"sizes": [4, 3]}, folder=t), "recipe",
     "like nnbook.models.RECIPE"),
    ("data_dir a number", lambda t: load_mnist(data_dir=5), "data_dir", "must be a folder path"),
    ("no mirrors", lambda t: load_mnist(data_dir=t, mirrors=[]), "no_mirrors", "at least one base URL"),
    ("an ftp mirror", lambda t: load_mnist(data_dir=t, mirrors=["ftp://example.org/mnist/"]), "mirror_url",
     "https:// base URL"),
    ("darkness of a single image", lambda t: AverageDarkness().fit(np.zeros(784), [1]), "darkness_images_shape",
     "one flattened image per row"),
    ("-1 guesses", lambda t: random_guesses(-1), "guess_count", "whole number ≥ 0"),
    ("darkness with too few labels", lambda t: AverageDarkness().fit(np.zeros((10, 4)), [0, 1]),
     "darkness_one_label_per_image", "one label per image"),
    ("darkness without a 9", lambda t: AverageDarkness().fit(np.zeros((9, 4)), np.arange(9)), "darkness_digit_missing",
     "every digit 0–9 needs at least one training image"),
    ("darkness before fit", lambda t: AverageDarkness().predict(np.zeros((1, 4))), "darkness_not_fitted",
     "call .fit(images, labels) first"),
    ("a drawing in one row", lambda t: as_drawing(np.zeros(5)), "drawing_shape", "2-D array of pixels"),
    ("a drawing of 0–255", lambda t: as_drawing(np.full((3, 3), 200.0)), "drawing_values_255", "divide it by 255"),
    ("a drawing below 0", lambda t: as_drawing(np.full((3, 3), -1.0)), "drawing_values", "from 0 (paper) to 1 (ink)"),
    ("a stroke of single numbers", lambda t: draw_strokes([[1, 2, 3]]), "stroke_shape", "list of (x, y) points"),
    ("an example 2", lambda t: example_drawing(2), "no_example", "there is an example drawing of the digits"),
]


def raised(mistake, tmp_path):
    with pytest.raises(ValueError) as caught:
        mistake(tmp_path)
    assert isinstance(caught.value, InputError), f"{type(caught.value).__name__}: {caught.value}"
    return caught.value


def speaking(code):
    before = nnbook.language()
    nnbook.set_language(code)
    yield
    nnbook.set_language(before)


@pytest.fixture
def in_chinese():
    yield from speaking("zh")


@pytest.fixture
def in_english():
    yield from speaking("en")


@pytest.mark.parametrize("case, mistake, key, todo", CASES, ids=[c[0] for c in CASES])
def test_in_chinese_a_student_reads_chinese(case, mistake, key, todo, tmp_path, in_chinese):
    error = raised(mistake, tmp_path)
    assert error.key == key
    assert_chinese(str(error), code=CODE)


@pytest.mark.parametrize("case, mistake, key, todo", CASES, ids=[c[0] for c in CASES])
def test_in_english_it_still_says_what_to_do(case, mistake, key, todo, tmp_path, in_english):
    error = raised(mistake, tmp_path)
    assert error.key == key and todo in str(error), str(error)


def test_every_error_of_the_maths_side_is_triggered_here():
    """Each key of errors.toml that the modules of the maths side raise has a case above."""
    raised_keys = set()
    for path in MATHS_SIDE:
        raised_keys |= set(re.findall(r'InputError\(\s*"(\w+)"', (NNBOOK / path).read_text(encoding="utf-8")))
    raised_keys |= {"input_is_an_image", "input_in_rows"}  # chosen by a conditional expression in datasets.inputs
    assert raised_keys - {key for _, _, key, _ in CASES} == set()


def test_the_chinese_check_can_fail(in_chinese):
    with pytest.raises(AssertionError):
        assert_chinese("eta 必须是 a finite number above zero", code=CODE)
    with pytest.raises(AssertionError):
        assert_chinese("eta must be a finite number > 0")


# ----- the boundary ---------------------------------------------------------------------------------

#: The idea modules that do the maths: their words come from the layer above (nnbook/words.py, nnbook/errors.py).
MATHS = ("_validate.py", "baselines.py", "cost.py", "datasets.py", "fast.py", "gradient_descent.py", "network.py",
         "parameters.py", "per_example.py", "perceptron.py", "preprocess.py", "saving.py", "sigmoid.py", "surfaces.py")
#: What else on the maths side raises errors a student can cause (these keep their other words in a catalogue).
MATHS_SIDE = MATHS + ("models.py", "data.py")


def catalogue_imports(source):
    """The lines of `source` that import the catalogue (nnbook.i18n, or its catalogue / Catalogue / load)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            names = {alias.name for alias in node.names}
            if module.endswith("i18n") or (module in (".", "nnbook") and "i18n" in names) \
                    or names & {"catalogue", "Catalogue"}:
                found.append(node.lineno)
        elif isinstance(node, ast.Import) and any(alias.name.endswith("i18n") for alias in node.names):
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("module", MATHS)
def test_no_maths_module_imports_the_catalogue(module):
    source = (NNBOOK / module).read_text(encoding="utf-8")
    assert catalogue_imports(source) == [], f"nnbook/{module} imports the catalogue: its words belong in nnbook/words.py"
    assert "i18n" not in source


def test_the_boundary_check_can_fail():
    assert catalogue_imports("from .i18n import catalogue\n") == [1]
    assert catalogue_imports("x = 1\nfrom . import i18n\n") == [2]
    assert catalogue_imports("import nnbook.i18n\n") == [1]
    assert catalogue_imports("from .words import catalogue\n") == [1]
    assert catalogue_imports("from . import words\nfrom .errors import InputError\n") == []
