"""The perceptron: weighted inputs, a threshold, and an output of 0 or 1.

A perceptron multiplies each input x_j by a weight w_j, adds them up, and compares the
sum with a threshold:

    output = 1 if Σ_j w_j·x_j > threshold, else 0.

We move the threshold to the other side and call it the **bias**, b = −threshold:

    output = 1 if w·x + b > 0, else 0.

Both descriptions are the same perceptron.  `Perceptron(weights, bias=3)` and
`Perceptron(weights, threshold=-3)` build the same one.  With weights −2, −2 and bias 3
a perceptron computes NAND, and NAND alone is enough to build any logic circuit — so
networks of perceptrons can compute anything a computer can.

Gates are known by their keys in `GATES` ("NAND", "x1 AND NOT x2", …): `gate_name` returns a
key, and program logic works with keys.  `gate_label(key)` is the gate's name as a student reads
it, in the language in use (与非门（NAND） in Chinese; the names are in nnbook/words.py).
"""

from itertools import product

import numpy as np

from . import words
from ._validate import as_finite_array
from .errors import InputError

#: Truth tables of the two-input gates, as the outputs for inputs (0,0), (0,1), (1,0), (1,1).
GATES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
    "x1": (0, 0, 1, 1),
    "x2": (0, 1, 0, 1),
    "NOT x1": (1, 1, 0, 0),
    "NOT x2": (1, 0, 1, 0),
    "x1 AND NOT x2": (0, 0, 1, 0),
    "x2 AND NOT x1": (0, 1, 0, 0),
    "x1 OR NOT x2": (1, 0, 1, 1),
    "x2 OR NOT x1": (1, 1, 0, 1),
    "always 0": (0, 0, 0, 0),
    "always 1": (1, 1, 1, 1),
}


class Perceptron:
    """A perceptron with weights w and bias b (b = −threshold): output 1 when w·x + b > 0.

    Give either `bias` or `threshold`, not both.  Inputs are usually 0 or 1, but any
    finite numbers are accepted.
    """

    def __init__(self, weights, bias=None, *, threshold=None):
        self.weights = as_finite_array(weights, "weights").reshape(-1)
        if self.weights.size == 0:
            raise InputError("no_weight")
        if (bias is None) == (threshold is None):
            raise InputError("bias_or_threshold")
        b = bias if bias is not None else -as_finite_array(threshold, "threshold")
        self.bias = float(as_finite_array(b, "bias"))

    @property
    def threshold(self):
        """The threshold the weighted sum must exceed: −bias."""
        return -self.bias

    def z(self, x):
        """The weighted input z = w·x + b (for one input vector, or one per row)."""
        x = as_finite_array(x, "x")
        if x.shape[-1:] != self.weights.shape:
            raise InputError("perceptron_input", n=self.weights.size, shape=x.shape)
        return x @ self.weights + self.bias

    def __call__(self, *x):
        """The output, 0 or 1.  Call as p(1, 0) or p([1, 0]); rows of a 2-D array give an array."""
        inputs = x[0] if len(x) == 1 else x
        out = (self.z(inputs) > 0).astype(int)
        return int(out) if out.ndim == 0 else out

    def truth_table(self):
        """Every binary input with its output, as a list of (inputs, output)."""
        return [(inputs, self(inputs)) for inputs in product((0, 1), repeat=self.weights.size)]

    def gate_name(self):
        """The key of the two-input gate this perceptron computes (see GATES), or None."""
        return gate_name([out for _, out in self.truth_table()])

    def gate_label(self):
        """The name of the gate it computes as a student reads it, in the language in use."""
        return gate_label(self.gate_name())

    def __repr__(self):
        w = ", ".join(f"{v:g}" for v in self.weights)
        return f"Perceptron(weights=[{w}], bias={self.bias:g})"


def gate_name(outputs):
    """The key (in GATES) of the gate whose truth table is `outputs` (for inputs 00, 01, 10, 11), or None."""
    outputs = tuple(int(v) for v in outputs)
    for name, table in GATES.items():
        if table == outputs:
            return name
    return None


def gate_label(key):
    """The gate `key` (a key of GATES, as `gate_name` returns it) as a student reads it.

    English shows the key itself ("NAND", "x1 AND NOT x2"); Chinese shows 与非门（NAND）,
    x1 与 非 x2, ….  `None` (no two-input gate) is shown as such.
    """
    if key is not None and key not in GATES:
        raise InputError("gate_key", gate=repr(key), gates=sorted(GATES))
    return words.gate(key)


def nand_perceptron():
    """The seed's example: weights −2, −2 and bias 3 (threshold −3) compute NAND."""
    return Perceptron([-2, -2], bias=3)


class PerceptronCircuit:
    """Perceptrons wired together: each one reads the circuit's inputs or earlier perceptrons.

    >>> c = PerceptronCircuit(["x1", "x2"])
    >>> c.add("n", nand_perceptron(), ["x1", "x2"])
    >>> c.run(x1=1, x2=1)["n"]
    0
    """

    def __init__(self, inputs):
        self.inputs = list(inputs)
        self.nodes = {}  # name -> (perceptron, names of its inputs), in the order added
        self.outputs = []

    def add(self, name, perceptron, sources):
        """Add a perceptron called `name` fed by `sources` (input or earlier perceptron names)."""
        if name in self.nodes or name in self.inputs:
            raise InputError("name_used", name=repr(name))
        known = set(self.inputs) | set(self.nodes)
        unknown = [s for s in sources if s not in known]
        if unknown:
            raise InputError("unknown_sources", name=repr(name), unknown=unknown, inputs=self.inputs)
        if len(sources) != perceptron.weights.size:
            raise InputError("source_count", name=repr(name), n=perceptron.weights.size, count=len(sources),
                             sources=list(sources))
        self.nodes[name] = (perceptron, list(sources))

    def run(self, *values, **named):
        """Feed the inputs (in order, or by name) and return every signal by name."""
        if values:
            named = dict(zip(self.inputs, values), **named)
        missing = [n for n in self.inputs if n not in named]
        if missing or len(named) != len(self.inputs):
            raise InputError("circuit_inputs", inputs=self.inputs, got=sorted(named))
        signals = {n: named[n] for n in self.inputs}
        for name, (perceptron, sources) in self.nodes.items():
            signals[name] = perceptron([signals[s] for s in sources])
        return signals

    def __call__(self, *values, **named):
        """The output signals (self.outputs, or the last perceptron) as a tuple or single value."""
        signals = self.run(*values, **named)
        names = self.outputs or [list(self.nodes)[-1]]
        result = tuple(signals[n] for n in names)
        return result[0] if len(result) == 1 else result

    def layers(self):
        """Names grouped by depth: [inputs, first perceptrons, …] — for drawing the circuit."""
        depth = {n: 0 for n in self.inputs}
        for name, (_, sources) in self.nodes.items():
            depth[name] = 1 + max(depth[s] for s in sources)
        return [[n for n in depth if depth[n] == d] for d in range(max(depth.values()) + 1)]

    def edges(self):
        """(source, target, weight) for every connection."""
        return [(s, name, float(w)) for name, (p, sources) in self.nodes.items()
                for s, w in zip(sources, p.weights)]


def xor_from_nand():
    """XOR wired from four NAND perceptrons (inputs x1, x2; output 'xor')."""
    c = PerceptronCircuit(["x1", "x2"])
    c.add("n1", nand_perceptron(), ["x1", "x2"])
    c.add("n2", nand_perceptron(), ["x1", "n1"])
    c.add("n3", nand_perceptron(), ["n1", "x2"])
    c.add("xor", nand_perceptron(), ["n2", "n3"])
    c.outputs = ["xor"]
    return c


def adder_from_nand():
    """A one-bit (half) adder from NAND perceptrons: outputs (sum, carry) = (x1 XOR x2, x1 AND x2).

    The carry perceptron reads n1 twice; as in the book's drawing, the two connections can
    be merged into one with weight −4.
    """
    c = xor_from_nand()
    c.nodes["sum"] = c.nodes.pop("xor")
    c.add("carry", nand_perceptron(), ["n1", "n1"])
    c.outputs = ["sum", "carry"]
    return c


def find_perceptrons(gate, values=None):
    """Every two-input perceptron on a grid of weights and biases that computes `gate`.

    gate:   a name from GATES ("AND", "XOR", …) or its four outputs for inputs 00, 01, 10, 11.
    values: the numbers tried for w1, w2 and b alike; default −4, −3.75, …, 4 (33 values,
            so 33³ = 35,937 perceptrons).
    Returns an array with one row (w1, w2, b) per perceptron found — empty (shape (0, 3))
    when none on the grid computes the gate, as for XOR: no single line separates its points.
    """
    if isinstance(gate, str):
        if gate not in GATES:
            raise InputError("unknown_gate", gate=repr(gate), gates=sorted(GATES))
        target = np.array(GATES[gate])
    else:
        target = np.asarray(gate)
        if target.shape != (4,) or not np.isin(target, (0, 1)).all():
            raise InputError("bad_outputs", gate=repr(gate))
    values = np.arange(-4, 4.125, 0.25) if values is None else as_finite_array(values, "values").reshape(-1)
    w1, w2, b = (g.reshape(-1) for g in np.meshgrid(values, values, values, indexing="ij"))
    computes = np.ones(w1.shape, dtype=bool)
    for (x1, x2), want in zip(product((0, 1), repeat=2), target):
        computes &= (w1 * x1 + w2 * x2 + b > 0) == bool(want)
    return np.column_stack([w1, w2, b])[computes]
