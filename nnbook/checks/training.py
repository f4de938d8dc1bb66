"""Checks for lessons 05 and 06: counting SGD's steps and parameters, reading the trained network.

Each check returns a `Feedback` (see nnbook.checks): right, with why, or not yet, with a hint —
never a crash, whatever the answer looks like.
"""

import math

import numpy as np

from . import not_yet, read_number, right
from ..preprocess import as_drawing, mnist_style


def check_steps(per_epoch, in_30_epochs):
    """Lesson 05: gradient steps per epoch (50,000 digits, mini-batches of 10), and in 30 epochs."""
    a, problem = read_number(per_epoch, "the number of steps in one epoch", whole=True)
    if problem is not None:
        return problem
    b, problem = read_number(in_30_epochs, "the number of steps in 30 epochs", whole=True)
    if problem is not None:
        return problem
    if a == 5_000 and b == 150_000:
        return right("one step per mini-batch: 50,000 / 10 = 5,000 steps an epoch, 30 × 5,000 = 150,000 in all. "
                     "Each step uses only 10 digits' gradient: that is what makes it *stochastic* — and fast.")
    if a == 50_000:
        return not_yet("SGD takes one step per *mini-batch*, not per digit: how many mini-batches of 10 are "
                       "there in 50,000 digits?")
    if a != 5_000:
        return not_yet(f"{a:,} steps per epoch is not it: an epoch cuts the 50,000 training digits into "
                       "mini-batches of 10, and takes one step per mini-batch.")
    return not_yet(f"5,000 steps per epoch is right; now multiply by the 30 epochs (you gave {b:,}).")


def parameters_of(sizes):
    """Weights and biases of a fully connected network with layer sizes `sizes`."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def check_parameters(answer, sizes=(784, 100, 10)):
    """Lesson 05: how many weights and biases does the 784-100-10 network have?"""
    v, problem = read_number(answer, "the number of weights and biases", whole=True)
    if problem is not None:
        return problem
    total = parameters_of(sizes)
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if v == total:
        return right(f"784·100 + 100 (hidden weights and biases) + 100·10 + 10 (output ones) = {total:,}: more "
                     "than three times the 784-30-10 network's 23,860 — which is why each epoch takes longer.")
    if v == weights:
        return not_yet(f"{v:,} counts the weights only; every hidden and output neuron also has a bias.")
    return not_yet(f"{v:,} is not it: count, layer by layer, n_in × n_out weights plus n_out biases.")


def check_mistakes(answer, net, test):
    """Lesson 05: how many of the test digits does the trained network get wrong?"""
    v, problem = read_number(answer, "the number of test digits it gets wrong", whole=True)
    if problem is not None:
        return problem
    n = len(test[0])
    correct = net.evaluate(test)
    if v == n - correct:
        return right(f"net.evaluate(test) counts {correct:,} right, so {n:,} − {correct:,} = {n - correct:,} are wrong: "
                     f"about {100 * (n - correct) / n:.0f} digits in every 100.")
    if v == correct:
        return not_yet(f"{v:,} is how many it gets *right*; subtract that from the {n:,} test digits.")
    return not_yet(f"{v:,} is not it: `net.evaluate(test)` counts the right ones among {n:,} test digits.")


def check_hardest_digit(answer, net, test):
    """Lesson 06: which digit (0–9) does the network get wrong most often, as a share of that digit?"""
    v, problem = read_number(answer, "a digit 0–9", whole=True)
    if problem is not None:
        return problem
    if not 0 <= v <= 9:
        return not_yet(f"answer with one digit 0–9; got {v}.")
    images, labels = test
    guesses = net.predict(np.asarray(images).T)
    labels = np.asarray(labels)
    share = np.array([np.mean(guesses[labels == d] != d) for d in range(10)])
    hardest = int(np.argmax(share))
    if v == hardest:
        return right(f"{hardest}s are the hardest: {100 * share[hardest]:.1f}% of them are read wrong "
                     f"(the easiest, {int(np.argmin(share))}s: {100 * share.min():.1f}%). Look at its row of the "
                     "confusion matrix to see what they are taken for.")
    return not_yet(f"{100 * share[v]:.1f}% of the {v}s are read wrong — not the most. Divide each row's mistakes "
                   "in the confusion matrix by that row's total.")


def check_drawn_one(drawing, net):
    """Lesson 06: draw a 1 with `draw_strokes` that the network reads as a 1."""
    if drawing is ...:
        return not_yet("replace the ... with a drawing, e.g. draw_strokes([[(x0, y0), (x1, y1)]]).")
    try:
        drawing = as_drawing(drawing)
    except ValueError as problem:
        return not_yet(str(problem))
    picture = mnist_style(drawing)
    if not picture.any():
        return not_yet("the drawing is blank: give draw_strokes a stroke whose points lie inside the canvas "
                       "(x and y from 0 to 140).")
    a = net.feedforward(picture.reshape(784)).reshape(10)
    guess = int(np.argmax(a))
    if guess == 1:
        return right(f"the network reads a 1 (output 1: {a[1]:.2f}). However long or short you made the stroke, "
                     "preparing it like MNIST scaled it to 20 pixels tall and put it in the middle.")
    return not_yet(f"the network reads a {guess}, not a 1 (output 1: {a[1]:.2f}). A 1 is mostly one upright "
                   "stroke: try points with the same x and different y, e.g. [(70, 20), (70, 120)].")


def check_learning_rate(eta, training, validation, epochs=5, target=0.85):
    """Lesson 06: an η that gets ≥ 85% of the validation digits right after 5 epochs on the subset."""
    from ..network import Network

    if eta is ...:
        return not_yet("replace the ... with a learning rate η, a number > 0.")
    if isinstance(eta, (bool, str)):
        return not_yet(f"give η as a number, without quotes; got {eta!r}.")
    try:
        eta = float(eta)
    except (TypeError, ValueError):
        return not_yet(f"give η as one number; got {eta!r:.60}.")
    if not math.isfinite(eta) or eta <= 0:
        return not_yet(f"η must be a number > 0 (a step *downhill*); got {eta!r}.")
    net = Network([784, 30, 10], seed=1)
    history = net.SGD(training, epochs, 10, eta, test_data=validation, seed=1)
    got = history.accuracy[-1]
    if got >= target:
        return right(f"with η = {eta:g}: {100 * got:.1f}% after {epochs} epochs. Anywhere from about 1 to 10 "
                     "works here; much smaller crawls, much larger saturates the sigmoids and stops learning.")
    rising = history.accuracy[-1] > history.accuracy[0] + 0.05
    hint = ("it is still climbing: η is too small, take bigger steps" if rising else
            "it is stuck: if η is large the steps overshoot and the sigmoids saturate — try a smaller one; "
            "if η is tiny, a bigger one")
    return not_yet(f"with η = {eta:g}: {100 * got:.1f}% after {epochs} epochs (need {100 * target:.0f}%); {hint}.")
