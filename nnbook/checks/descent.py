"""Checks for lesson 04's exercises: a cost by hand, one gradient step by hand, a good η.

Each check returns a `Feedback` (see nnbook.checks): right, with why, or not yet, with a
hint — never a crash, whatever the answer looks like.
"""


import numpy as np

from . import as_number, not_yet, right
from ..surfaces import bowl, describe, descend, steps_to_arrive

#: Exercise 1: one example's outputs a and desired outputs y.
COST_A = (0.8, 0.3)
COST_Y = (1.0, 0.0)

#: Exercise 2: one step on the bowl from here, with this learning rate.
STEP_START = (2.0, 1.0)
STEP_ETA = 0.1

#: Exercise 3: from where, how many steps at most, and how many steps are run.
ETA_START = (-2.5, 1.8)
ETA_MAX_STEPS = 20
ETA_RUN = 50


def _pair(value):
    if value is ... or (isinstance(value, (list, tuple)) and any(v is ... for v in value)):
        return None
    try:
        v = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None
    return v if v.shape == (2,) and np.all(np.isfinite(v)) else None


def check_cost_by_hand(cost):
    """C for one example with a = (0.8, 0.3) and y = (1, 0): ½‖y − a‖² = ½(0.2² + 0.3²) = 0.065."""
    if cost is ...:
        return not_yet("replace ... with a number: C = ½ · ((y1 − a1)² + (y2 − a2)²).")
    c = as_number(cost)
    if c is None:
        return not_yet(f"the cost is one number, like 0.5; got {cost!r}.")
    if abs(c - 0.065) < 1e-6:
        return right("C = ½ · (0.2² + 0.3²) = ½ · (0.04 + 0.09) = 0.065. Each output's miss is squared, "
                     "so a miss of 0.3 costs more than twice a miss of 0.2.")
    if abs(c - 0.13) < 1e-6:
        return not_yet("0.13 is ‖y − a‖² = 0.04 + 0.09; the quadratic cost has a ½ in front (with n = 1 example).")
    if abs(c - 0.25) < 1e-6 or abs(c - 0.5) < 1e-6:
        return not_yet("square each difference before adding them: (1 − 0.8)² + (0 − 0.3)².")
    if c < 0:
        return not_yet("a cost is a sum of squares, so it can never be negative.")
    return not_yet(f"{c:g} is not it. Differences y − a: 1 − 0.8 = 0.2 and 0 − 0.3 = −0.3; square them, add, halve.")


def check_gradient_step(new_v):
    """One step on the bowl C = v1² + 2·v2² from v = (2, 1) with η = 0.1: ∇C = (4, 4), v' = (1.6, 0.6)."""
    v = _pair(new_v)
    if new_v is ... or (isinstance(new_v, (list, tuple)) and any(x is ... for x in new_v)):
        return not_yet("replace each ... with a number: new_v = (v1', v2').")
    if v is None:
        return not_yet(f"the new point has two coordinates, like (1.5, 0.5); got {new_v!r}.")
    want = np.array(STEP_START) - STEP_ETA * bowl.gradient(STEP_START)
    if np.allclose(v, want, atol=1e-9):
        return right(f"∇C(2, 1) = (2·2, 4·1) = (4, 4), so Δv = −0.1 · (4, 4) = (−0.4, −0.4) and v' = (1.6, 0.6). "
                     f"The cost drops from {bowl.cost(STEP_START):g} to {bowl.cost(want):.2f}.")
    if np.allclose(v, np.array(STEP_START) + STEP_ETA * bowl.gradient(STEP_START)):
        return not_yet("you stepped uphill: the gradient points up the slope, so subtract η∇C.")
    if np.allclose(v, np.array(STEP_START) - STEP_ETA * np.array([2.0, 2.0])):
        return not_yet("check ∂C/∂v2: C has 2·v2², whose derivative is 4·v2, so ∂C/∂v2 = 4 at v2 = 1.")
    if np.allclose(v, -STEP_ETA * bowl.gradient(STEP_START)):
        return not_yet("that is the step Δv itself; the new point is v + Δv.")
    return not_yet("compute ∇C = (2·v1, 4·v2) at (2, 1), multiply by η = 0.1, and subtract it from (2, 1).")


def check_learning_rate(eta):
    """A learning rate with which gradient descent on the bowl from (−2.5, 1.8) arrives within 20 steps."""
    if eta is ...:
        return not_yet("replace ... with a learning rate, a number like 0.05 (try some with the slider first).")
    e = as_number(eta)
    if e is None:
        return not_yet(f"η is one number, like 0.05; got {eta!r}.")
    if e <= 0:
        return not_yet(f"η = {e:g} would not go downhill: the learning rate must be positive.")
    path = descend(bowl, ETA_START, e, ETA_RUN)
    arrived = steps_to_arrive(path, bowl)
    said = describe(path, bowl)
    if arrived is not None and arrived <= ETA_MAX_STEPS:
        return right(f"{said}. Any η from about 0.13 to 0.44 arrives within {ETA_MAX_STEPS} steps; "
                     "past 0.25 the ball starts to zig-zag across the valley, past 0.5 it flies off.")
    if arrived is not None:
        return not_yet(f"{said} — more than {ETA_MAX_STEPS}. " +
                       ("Try a larger η." if e < 0.25 else "It zig-zags too much: try a smaller η."))
    if path.diverged or e >= 0.5:
        return not_yet(f"{said}. Try a smaller η.")
    return not_yet(f"{said}. " + ("Try a larger η." if e < 0.25 else "Try a smaller η."))
