"""Cost surfaces of two variables, to watch gradient descent on.

A real network's cost depends on thousands of weights and biases, far too many to draw.
With only two variables v = (v1, v2) the cost C(v) is a landscape we can see, and
gradient descent is a ball rolling down it.  Each `Surface` knows its cost C(v), its
exact gradient ∇C(v) (worked out by hand below, no estimates), and where its minima are.

* `bowl`:        C = v1² + 2·v2², one smooth valley with its bottom at (0, 0).
* `two_valleys`: C = (v1² − 1)² + 0.3·v1 + 1.5·v2², two valleys separated by a ridge
                 along v1 ≈ 0; the left valley is a little deeper than the right one.

`descend(surface, start, eta, steps)` runs gradient descent on a surface, and
`describe(path, surface)` says what happened.  Near the bottom of a valley, what a learning
rate η does follows from the valley's curvature: along a direction whose second derivative is k,
one step multiplies the distance to the bottom by (1 − ηk).  So with k the steepest curvature
there (`thresholds`):

* η < 1/k: every factor lies between 0 and 1 — the ball rolls down without overshooting (and *crawls*
  when η is so small that it has not arrived after the steps it was given);
* 1/k < η < 2/k: the steep direction's factor lies between −1 and 0 — the ball overshoots the
  valley floor and zig-zags across it, each time less: it still converges, often fastest;
* η = 2/k: the factor is −1 — it jumps from side to side for ever;
* η > 2/k: the factor is below −1 — every jump lands farther out: it diverges.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import words
from ._validate import as_finite_array
from .errors import InputError
from .gradient_descent import gradient_descent

#: The ball has arrived when it is this close to the bottom of a valley.
ARRIVED = 0.01


@dataclass(frozen=True)
class Surface:
    """A cost C(v1, v2) with its exact gradient, its minima and the square to draw it in.

    `name` is the surface's key ("bowl", "two valleys"), for program logic; `label` is the name a
    student reads, in the language in use.  `formula` is maths, the same in every language.
    """

    name: str
    formula: str
    cost_fn: object
    gradient_fn: object
    minima: tuple          # ((v1, v2), …): the bottoms of the valleys, deepest first
    limits: tuple = (-3.0, 3.0)

    def cost(self, v):
        """C(v) for one point v = (v1, v2): a float."""
        v = _point(v)
        return float(self.cost_fn(v[0], v[1]))

    def gradient(self, v):
        """∇C(v) = (∂C/∂v1, ∂C/∂v2) at one point: an array of 2 numbers."""
        v = _point(v)
        return np.array(self.gradient_fn(v[0], v[1]), dtype=float)

    def grid(self, n=121):
        """(V1, V2, C) on an n × n grid over `limits`, for contour and 3-D plots."""
        axis = np.linspace(*self.limits, n)
        v1, v2 = np.meshgrid(axis, axis)
        return v1, v2, self.cost_fn(v1, v2)

    def contour_levels(self, n=14):
        """n cost levels for a contour map, spaced so every part of the map gets some lines."""
        c = self.grid(81)[2]
        return np.unique(np.quantile(c, np.linspace(0, 1, n + 2)[1:-1] ** 1.5))

    def nearest_minimum(self, v):
        """(index, distance) of the minimum closest to v."""
        distances = [float(np.hypot(*(np.asarray(v, dtype=float) - m))) for m in self.minima]
        k = int(np.argmin(distances))
        return k, distances[k]

    @property
    def label(self):
        """The surface's name for a student, in the language in use ("bowl", "碗", …)."""
        return words.surface_label(self.name)

    def __repr__(self):
        return words.surface(self)


def _point(v):
    v = as_finite_array(v, "v").reshape(-1)
    if v.shape != (2,):
        raise InputError("point_on_surface", n=v.size)
    return v


def _two_valley_minima():
    # ∂C/∂v1 = 4·v1³ − 4·v1 + 0.3 = 0 has three roots: two valley floors and the ridge between them.
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)
    left, right = roots[0], roots[2]
    return ((float(left), 0.0), (float(right), 0.0))


bowl = Surface(
    name="bowl",
    formula="v1² + 2·v2²",
    cost_fn=lambda v1, v2: v1 ** 2 + 2 * v2 ** 2,
    gradient_fn=lambda v1, v2: (2 * v1, 4 * v2),
    minima=((0.0, 0.0),),
)

two_valleys = Surface(
    name="two valleys",
    formula="(v1² − 1)² + 0.3·v1 + 1.5·v2²",
    cost_fn=lambda v1, v2: (v1 ** 2 - 1) ** 2 + 0.3 * v1 + 1.5 * v2 ** 2,
    gradient_fn=lambda v1, v2: (4 * v1 * (v1 ** 2 - 1) + 0.3, 3 * v2),
    minima=_two_valley_minima(),
    limits=(-2.0, 2.0),
)

SURFACES = {"bowl": bowl, "two valleys": two_valleys}


def choices():
    """The surfaces for a menu: (label, name) pairs, the label in the language in use and the name a key."""
    return [(surface.label, name) for name, surface in SURFACES.items()]


def get_surface(surface):
    """A Surface, given itself or its name ("bowl" or "two valleys")."""
    if isinstance(surface, Surface):
        return surface
    if surface in SURFACES:
        return SURFACES[surface]
    raise InputError("unknown_surface", surfaces=sorted(SURFACES), got=repr(surface))


def descend(surface, start, eta, steps=60):
    """Gradient descent v → v − η ∇C(v) on a surface from `start`, with the exact gradient: a `Path`."""
    surface = get_surface(surface)
    # the raw formulas, not the checked methods: a walk that overflows must reach the
    # divergence test inside gradient_descent instead of failing the point check
    return gradient_descent(lambda v: float(surface.cost_fn(v[0], v[1])), _point(start), eta, steps,
                            gradient=lambda v: np.array(surface.gradient_fn(v[0], v[1]), dtype=float))


def steps_to_arrive(path, surface):
    """The first step after which the ball stays within ARRIVED of a valley bottom, or None."""
    surface = get_surface(surface)
    if path.diverged:
        return None
    inside = [surface.nearest_minimum(p)[1] < ARRIVED for p in path.points]
    if not inside[-1]:
        return None
    k = len(inside) - 1
    while k > 0 and inside[k - 1]:
        k -= 1
    return k


def overshoots(path, surface):
    """How many steps jumped past the valley floor (a slope ∂C/∂v_j that flips sign) before arriving."""
    surface = get_surface(surface)
    g = np.array(path.gradients)
    if len(g) < 2:
        return 0
    away = np.array([surface.nearest_minimum(p)[1] >= ARRIVED for p in path.points[1:len(g)]])
    flips = np.any(g[1:] * g[:-1] < 0, axis=1) & away
    return int(np.sum(flips))


def basin(surface, v):
    """The valley a ball set down at v rolls into with tiny steps: an index into `surface.minima`.

    Which side of a ridge a point lies on is where tiny steps take it (a "basin"), not which
    bottom is nearest: just left of the two valleys' ridge the right bottom is nearer, yet the
    ball rolls left.
    """
    v = _point(v)
    return _basin(get_surface(surface), float(v[0]), float(v[1]))


@lru_cache(maxsize=256)
def _basin(surface, v1, v2):
    # 3,000 tiny steps v → v − 0.01·∇C(v), on plain floats: about 0.5 ms (through `descend`, which keeps
    # every point of the path, 30 ms); `describe` and `verdict` both ask for every slider move: once is enough
    for _ in range(3000):
        g1, g2 = surface.gradient_fn(v1, v2)
        v1, v2 = v1 - 0.01 * g1, v2 - 0.01 * g2
    return surface.nearest_minimum((v1, v2))[0]


def curvatures(surface, v, h=1e-4):
    """The curvatures of the surface at v: the eigenvalues of its matrix of second derivatives,
    worked out from the exact gradient by central differences (exact for a quadratic like the bowl)."""
    surface = get_surface(surface)
    v = _point(v)
    columns = [(surface.gradient(v + h * e) - surface.gradient(v - h * e)) / (2 * h) for e in np.eye(2)]
    hessian = np.array(columns)
    return np.linalg.eigvalsh((hessian + hessian.T) / 2)


def thresholds(surface, minimum=0):
    """(1/k, 2/k) for the valley bottom `surface.minima[minimum]`, k its steepest curvature: above
    1/k the ball zig-zags across that valley, above 2/k it diverges."""
    surface = get_surface(surface)
    k = float(max(curvatures(surface, surface.minima[minimum])))
    return 1 / k, 2 / k


def _moving_away(path, surface):
    """True when the walk ends farther from every valley bottom than it started."""
    return surface.nearest_minimum(path.end)[1] > surface.nearest_minimum(path.points[0])[1] + ARRIVED


#: What a learning rate did: a key for program logic.  The words a student reads for each key are
#: in nnbook/words.py: `words.VERDICTS[key]` (a few words for a title) and `words.DESCRIPTIONS[key]`
#: (a line, with placeholders), looked up in the language in use whenever they are read.
REGIMES = ("crawls", "rolls", "zigzags", "oscillates", "diverges")


def regime(path, surface):
    """What this learning rate did near the valley the ball ends in: one of `REGIMES`.

    It follows from the valley's curvature (`thresholds`): η below 1/k rolls down without overshooting (or
    crawls, if it has not arrived), between 1/k and 2/k zig-zags and converges, at 2/k jumps for
    ever, above 2/k diverges.  A walk that flies off, or ends farther from every valley than it
    started (far from a valley the surface is not quadratic), diverges whatever η.
    """
    surface = get_surface(surface)
    if path.diverged or _moving_away(path, surface):
        return "diverges"
    first, second = thresholds(surface, surface.nearest_minimum(path.end)[0])
    if path.eta > second * (1 + 1e-9):
        return "diverges"
    if path.eta >= second * (1 - 1e-9):
        return "oscillates"
    if path.eta > first:
        return "zigzags"
    return "rolls" if steps_to_arrive(path, surface) is not None else "crawls"


def crossed_ridge(path, surface):
    """Whether the ball ended in another valley than the one it was set down in (see `basin`)."""
    surface = get_surface(surface)
    if len(surface.minima) < 2 or path.diverged:
        return False
    return basin(surface, path.points[0]) != surface.nearest_minimum(path.end)[0]


def verdict(path, surface):
    """A few words for a title: 'rolls down without overshooting', 'zig-zags, converges', 'too large: diverges', …"""
    kind = regime(path, surface)
    if kind != "diverges" and crossed_ridge(path, surface):
        return words.verdict("crosses_ridge_zigzags" if kind == "zigzags" else "crosses_ridge")
    return words.verdict(kind)


def describe(path, surface):
    """One line for a student: η, what the ball did, and the curvature threshold that explains it."""
    surface = get_surface(surface)
    kind = regime(path, surface)
    k, distance = surface.nearest_minimum(path.end)
    first, second = thresholds(surface, k)
    arrived = steps_to_arrive(path, surface)
    where = None
    if len(surface.minima) > 1:
        where = "deeper" if k == 0 else "shallower"
    key = kind
    if path.diverged:
        key = "flies_off"
    elif kind != "diverges" and crossed_ridge(path, surface):
        key = ("crosses_ridge_on_its_way" if arrived is None else
               "crosses_ridge_zigzags" if kind == "zigzags" else "crosses_ridge")
    elif kind == "zigzags" and arrived is None:
        key = "zigzags_on_its_way"
    elif kind == "rolls" and overshoots(path, surface):
        key = "rolls_after_jumps"  # far from the bottom the surface is steeper than near it
    return words.description(key, eta=path.eta, jumps=overshoots(path, surface), where=where,
                             steps=path.steps + 1 if path.diverged else path.steps, arrived=arrived,
                             distance=f"{distance:.2f}" if distance >= 0.1 else f"{distance:.3f}",
                             first=f"{first:.2f}", second=f"{second:.2f}")


# ----- the bowl as an average over training examples, for stochastic gradient descent -----

def bowl_examples(n=1000, spread=1.0, seed=0):
    """n "training examples" x = (x1, x2), scattered around (0, 0) and centred exactly on it.

    Each example has its own little bowl C_x(v) = (v1 − x1)² + 2·(v2 − x2)².  Because the
    examples average to (0, 0), the average of all these bowls is the `bowl` itself plus
    a constant: its bottom is at (0, 0) and its gradient is exactly the bowl's.
    """
    x = np.random.default_rng(seed).normal(0.0, spread, size=(n, 2))
    return x - x.mean(axis=0)


def bowl_example_gradient(v, x):
    """∇C_x(v) for one example x: (2·(v1 − x1), 4·(v2 − x2))."""
    return np.array([2 * (v[0] - x[0]), 4 * (v[1] - x[1])])
