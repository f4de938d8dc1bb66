"""The benchmark's reference loop (benchmarks/book_shaped.py) is the book's algorithm: same start, same steps."""

import sys
from pathlib import Path

import numpy as np

from nnbook import Network

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from book_shaped import BookShapedNetwork  # noqa: E402


def test_the_reference_loop_takes_the_readable_networks_steps(mnist):
    training, _, test = mnist
    images, labels = training.images[:300], training.labels[:300]
    book, readable = BookShapedNetwork([784, 30, 10], seed=3), Network([784, 30, 10], seed=3)
    for p, q in zip(book.weights + book.biases, readable.weights + readable.biases):
        np.testing.assert_array_equal(p, q)  # the same start
    eye = np.eye(10)
    pairs = [(image.reshape(-1, 1), eye[:, [label]]) for image, label in zip(images, labels)]  # float32 x, as the book's
    book.train_on(pairs, 10, 3.0)  # 30 mini-batches, in the list's order
    x, y = images.T.astype(np.float64), eye[labels].T
    for k in range(0, 300, 10):
        readable.update_mini_batch(x[:, k:k + 10], y[:, k:k + 10], 3.0)
    for p, q in zip(book.weights + book.biases, readable.weights + readable.biases):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)
    test_pairs = [(image.reshape(-1, 1), int(label)) for image, label in zip(test.images[:500], test.labels[:500])]
    # the same count, one example at a time or all at once (above the 50 of guessing, after only 30 steps)
    assert book.count_right(test_pairs) == readable.evaluate((test.images[:500], test.labels[:500])) > 75
