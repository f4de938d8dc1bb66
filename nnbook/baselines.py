"""Two simple classifiers that make a network's score mean something.

* `random_guesses`: guess a digit at random.  With ten digits that is right about 10% of
  the time — any method worth the name must beat it.
* `AverageDarkness`: a rule a person could invent.  A 1 uses little ink, an 8 a lot.  Learn
  the average darkness (total ink) of each digit from the training images, then guess, for
  a new image, the digit whose average darkness is closest.  It gets about a fifth of the
  test digits right — twice as good as guessing, far from a trained network.

Images are rows of 784 numbers in [0, 1], as `nnbook.data` gives them.
"""

import numpy as np

from . import words
from ._validate import as_finite_array, as_labels
from .errors import InputError


def _images(images, name="images"):
    images = as_finite_array(images, name, dtype=None)
    if images.ndim != 2:
        raise InputError("darkness_images_shape", name=name, shape=images.shape)
    return images


def random_guesses(n, seed=None):
    """n digits 0–9 picked uniformly at random (reproducibly with `seed`)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InputError("guess_count", n=repr(n))
    return np.random.default_rng(seed).integers(0, 10, size=int(n))


def darkness(images):
    """The total ink of each image: the sum of its 784 pixel values."""
    return _images(images).sum(axis=1, dtype=np.float64)


class AverageDarkness:
    """Guess the digit whose average darkness (over the training images) is closest.

    `AverageDarkness().fit(images, labels)` learns one number per digit, `averages[d]`;
    `predict(images)` gives a digit per image.
    """

    def __init__(self):
        self.averages = None

    def fit(self, images, labels):
        ink = darkness(images)
        labels = as_labels(labels, 10)
        if labels.shape != ink.shape:
            raise InputError("darkness_one_label_per_image", n=len(ink), shape=labels.shape)
        missing = sorted(set(range(10)) - set(labels.tolist()))
        if missing:
            raise InputError("darkness_digit_missing", missing=missing)
        self.averages = np.array([ink[labels == d].mean() for d in range(10)])
        return self

    def predict(self, images):
        if self.averages is None:
            raise InputError("darkness_not_fitted")
        ink = darkness(images)
        return np.argmin(np.abs(ink[:, None] - self.averages[None, :]), axis=1)

    def accuracy(self, images, labels):
        """The fraction of images whose digit it guesses right."""
        return float(np.mean(self.predict(images) == as_labels(labels, 10)))

    def __repr__(self):
        if self.averages is None:
            return words.darkness_not_fitted()
        return "AverageDarkness(" + ", ".join(f"{d}: {a:.1f}" for d, a in enumerate(self.averages)) + ")"
