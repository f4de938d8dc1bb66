"""Gradient descent: a ball rolling downhill on the cost surface.

Picture the cost C(v) of a few variables v = (v1, v2, …) as a landscape.  Near a point,
moving by a small Δv changes the cost by about

    ΔC ≈ ∇C · Δv,

where the gradient ∇C points uphill.  Choosing Δv = −η ∇C makes ΔC ≈ −η ‖∇C‖² ≤ 0:
the step always goes downhill (if η, the *learning rate*, is small enough).  Repeating

    v → v − η ∇C(v)

is gradient descent.  Too small an η and the ball crawls; too large and it overshoots
the valley, bounces from side to side, and may fly off to infinity (it *diverges*).
"""

from dataclasses import dataclass, field

import numpy as np

from . import words
from ._validate import as_finite_array, positive_int, positive_number

#: A path whose points or costs grow beyond this is reported as diverging.
DIVERGENCE_LIMIT = 1e12


@dataclass
class Path:
    """Where gradient descent went: `points` (steps + 1, d) and the `costs` there.

    `diverged` is True when the walk was stopped because it blew up.  `said` is what happened, as a
    key ("went_down", "went_up", "diverged", "epochs", "diverged_in_epoch") and the numbers it is made
    of; `message` is that in plain words, in the language in use (nnbook/words.py).
    """

    points: np.ndarray
    costs: np.ndarray
    eta: float
    diverged: bool = False
    said: tuple = field(default=(), repr=False)
    gradients: list = field(default_factory=list, repr=False)

    @property
    def message(self):
        """What happened, in plain words: how the cost went, or that the walk diverged."""
        return words.path_message(self)

    @property
    def steps(self):
        """How many steps were taken."""
        return len(self.points) - 1

    @property
    def end(self):
        """The last point reached."""
        return self.points[-1]

    def __repr__(self):
        return words.path(self)


def numerical_gradient(cost, v, h=1e-6):
    """∇C at v estimated by central differences: ∂C/∂v_j ≈ (C(v + h e_j) − C(v − h e_j)) / 2h."""
    v = as_finite_array(v, "v").reshape(-1)
    grad = np.zeros_like(v)
    for j in range(v.size):
        e = np.zeros_like(v)
        e[j] = h
        grad[j] = (cost(v + e) - cost(v - e)) / (2 * h)
    return grad


def step(v, gradient, eta):
    """One step of gradient descent: v → v − η ∇C(v).  That is the whole rule; the rest of this module
    repeats it and writes down where it went."""
    return v - eta * gradient


class _Walk:
    """The points, costs and gradients of a walk as it goes, and whether it blew up (a point or a cost
    huge, infinite or NaN), so that a path never fills up with NaN."""

    def __init__(self, v, c):
        self.points, self.costs, self.gradients = [v.copy()], [c], []

    def add(self, v, c, g):
        """Record the step to v (cost c, taken along gradient g); False, and nothing recorded, if it blew up."""
        if not (np.all(np.isfinite(v)) and np.isfinite(c)) or (
                np.max(np.abs(v)) > DIVERGENCE_LIMIT or abs(c) > DIVERGENCE_LIMIT):
            return False
        self.gradients.append(g)
        self.points.append(v.copy())
        self.costs.append(c)
        return True

    def path(self, eta, said):
        return Path(np.array(self.points), np.array(self.costs), eta, diverged=said[0].startswith("diverged"),
                    said=said, gradients=self.gradients)


def gradient_descent(cost, start, eta, steps, gradient=None, noise=0.0, seed=None):
    """Run `steps` steps of v → v − η ∇C(v) from `start`, and return the whole `Path`.

    cost:      a function of a 1-D array v returning a number C(v).
    gradient:  a function returning ∇C(v) as an array like v; if None, it is estimated
               numerically (see `numerical_gradient`).
    noise:     standard deviation of random noise added to each gradient — a stand-in
               for the estimate that stochastic gradient descent gets from a mini-batch.
    seed:      seed for that noise, so a lesson shows the same path every time.

    If the walk blows up (a point or cost becomes huge, infinite or NaN) it stops there,
    `diverged` is set and `message` says so; it never fills the path with NaN.
    """
    v = as_finite_array(start, "start").reshape(-1).copy()
    eta = positive_number(eta, "eta")
    steps = int(steps) if steps == 0 else positive_int(steps, "steps")
    grad_fn = gradient or (lambda p: numerical_gradient(cost, p))
    rng = np.random.default_rng(seed)

    walk, said = _Walk(v, float(cost(v))), ()
    with np.errstate(all="ignore"):  # overflow is detected by the walk and reported in words
        for k in range(steps):
            g = np.asarray(grad_fn(v), dtype=float).reshape(v.shape)
            if noise:
                g = g + rng.normal(0.0, noise, size=g.shape)
            v = step(v, g, eta)
            if not walk.add(v, float(cost(v)), g):
                said = ("diverged", dict(steps=k + 1, limit=DIVERGENCE_LIMIT, eta=eta))
                break
    if not said:
        costs = walk.costs
        moved = costs[0] - costs[-1]
        said = ("went_down" if moved >= 0 else "went_up",
                dict(steps=len(costs) - 1, start=costs[0], end=costs[-1], change=abs(moved)))
    return walk.path(eta, said)


def stochastic_gradient_descent(example_gradient, examples, start, eta, epochs, mini_batch_size,
                                cost=None, seed=None):
    """Stochastic gradient descent on a cost that is an average over training examples.

    The cost is C(v) = (1/n) Σ_x C_x(v) over the n `examples` (one per row), and
    `example_gradient(v, x)` returns ∇C_x(v) for one example x.  Instead of averaging all n
    gradients before every step, each epoch shuffles the examples, cuts them into
    mini-batches of `mini_batch_size`, and takes one step v → v − η · (mean ∇C_x over the
    mini-batch) per mini-batch: n / mini_batch_size cheap, noisy steps per epoch instead of
    one exact, expensive one.

    `cost(v)`, if given, is recorded at every point (without it the recorded costs are 0).
    `seed` fixes the shuffling.  Returns a `Path` with every step of every epoch; divergence stops the walk
    and is reported in `message`, as in `gradient_descent`.
    """
    examples = as_finite_array(examples, "examples")
    if examples.ndim == 1:
        examples = examples.reshape(-1, 1)
    v = as_finite_array(start, "start").reshape(-1).copy()
    eta = positive_number(eta, "eta")
    epochs = positive_int(epochs, "epochs")
    m = positive_int(mini_batch_size, "mini_batch_size")
    n = len(examples)
    measure = cost or (lambda p: 0.0)
    rng = np.random.default_rng(seed)

    walk, said = _Walk(v, float(measure(v))), ()
    with np.errstate(all="ignore"):  # overflow is detected by the walk and reported in words
        for epoch in range(epochs):
            order = rng.permutation(n)
            for k in range(0, n, m):
                batch = examples[order[k:k + m]]
                g = np.mean([np.asarray(example_gradient(v, x), dtype=float).reshape(v.shape) for x in batch], axis=0)
                v = step(v, g, eta)
                if not walk.add(v, float(measure(v)), g):
                    said = ("diverged_in_epoch", dict(epoch=epoch + 1, eta=eta))
                    break
            if said:
                break
    if not said:
        said = ("epochs", dict(epochs=epochs, per_epoch=-(-n // m), size=m, steps=len(walk.points) - 1,
                               start=walk.costs[0], end=walk.costs[-1]))
    return walk.path(eta, said)
