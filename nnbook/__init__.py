"""nnbook: how a neural network learns, from scratch — chapter 1 of Michael Nielsen's
*Neural Networks and Deep Learning* (http://neuralnetworksanddeeplearning.com/chap1.html),
as a series of notebooks backed by this small package.

One module per idea:

* `nnbook.perceptron`        — perceptrons, gates and circuits of perceptrons
* `nnbook.sigmoid`           — σ(z), σ'(z) and the step function
* `nnbook.cost`              — the quadratic cost
* `nnbook.gradient_descent`  — the ball rolling downhill
* `nnbook.surfaces`          — two-variable cost surfaces (a bowl, two valleys) to roll it on
* `nnbook.surface_views`     — those surfaces drawn, and the learning-rate explorer (lessons 04 and 05)
* `nnbook.animation`         — the rolling ball as an animation that also plays offline
* `nnbook.network`           — `Network`: feedforward, SGD, update_mini_batch, backprop, evaluate
* `nnbook.datasets`          — data at the network's door: checked once, examples as columns
* `nnbook.listings`          — source code shown in a lesson, read from the code that runs, with notes
* `nnbook.saving`            — save and load a network as plain .npz arrays (no pickle)
* `nnbook.per_example`       — the textbook step: one backprop per example, gradients added up
* `nnbook.fast`              — `FastNetwork`: the same learning, done fast (an engine of its own)
* `nnbook.data`              — the MNIST digits
* `nnbook.parameters`        — how many weights and biases a network has to learn
* `nnbook.plots`             — shared figures, and the projector style every figure is drawn in
* `nnbook.feedback`          — exercise feedback, and the one reader of students' answers
* `nnbook.i18n`              — the language a student sees: `set_language("zh")`, one text catalogue per language
* `nnbook.words`             — the words of the idea modules' objects (a History, a Path, a gate …): the maths
                                hands over keys and numbers and imports no catalogue
* `nnbook.errors`            — an error a student can cause, as a key, turned into words when shown
* `nnbook.fonts`             — the Chinese font for figures (a subset of Noto Sans CJK SC)

Above them, `nnbook.lessons` holds one module per lesson notebook (`l01_perceptron`, …): its
sliders, figures and exercise checks.  The idea modules never import from it.
"""

from .fonts import register as _register_font
from .i18n import language, set_language
from .cost import cost_derivative, quadratic_cost
from .gradient_descent import Path, gradient_descent, numerical_gradient
from .network import History, Network, one_hot
from .perceptron import GATES, Perceptron, PerceptronCircuit, adder_from_nand, nand_perceptron, xor_from_nand
from .sigmoid import sigmoid, sigmoid_prime, step

_register_font()

__version__ = "0.1.0"

__all__ = [
    "GATES", "History", "Network", "Path", "Perceptron", "PerceptronCircuit", "adder_from_nand",
    "cost_derivative", "gradient_descent", "language", "nand_perceptron", "numerical_gradient", "one_hot",
    "quadratic_cost", "set_language", "sigmoid", "sigmoid_prime", "step", "xor_from_nand",
]
