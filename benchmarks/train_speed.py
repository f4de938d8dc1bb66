"""How fast does nnbook train the book's network?  Against the book-shaped loop, interleaved, in one process.

    export NNBOOK_DATA_DIR=/path/to/mnist              # where the four MNIST files are (optional)
    .venv/bin/python benchmarks/train_speed.py          # quick look: 3 epochs, seed 0 (≈ 30 s)
    .venv/bin/python benchmarks/train_speed.py --full   # 30 epochs, seeds 0, 1, 2, then every lesson (≈ 5 min)
    .venv/bin/python benchmarks/train_speed.py --lessons  # only each lesson's "Restart & Run All" time

The book's run: a 784-30-10 network, quadratic cost, mini-batches of 10, η = 3.0, 30 epochs on the
50,000 training digits, the 10,000 test digits evaluated after every epoch.

**The reference** is `benchmarks/book_shaped.py`: a loop shaped like the program in Nielsen's book (a
list of (x, y) column pairs shuffled with random.shuffle, slices of it as mini-batches, one
backpropagation per example with np.dot, gradients added per example, evaluation one test example at
a time; its docstring says what it mirrors and why).  It costs what the book's program costs.  Every
ratio printed here is "reference epoch ÷ epoch".  (nnbook's own per-example step,
`nnbook.per_example.per_example_step`, uses `@` and is slower still: it is not the reference.)

Against it, three things, each a whole epoch with its shuffle and its evaluation:

* (a) the readable learner, `Network(...).SGD` in float64, the one lesson 06 shows and trains;
* (b) the fast engine, `FastNetwork(..., dtype=np.float32).SGD` (nnbook/fast.py);
* the floor: the bare NumPy calls one fast step needs (the 27 calls of `FastStep`, written out one
  after the other on arrays of the same sizes, with no Python around them), times 5,000 steps, plus
  the bare calls of a shuffle into contiguous blocks and of a blocked evaluation.  At mini-batches
  of 10 NumPy's fixed cost per call (≈ 0.3–1 µs, whatever the size) is most of a step: no engine
  that calls NumPy can be faster than this floor, so (b) is judged against it when 15× is out of
  reach.

They are interleaved so that the changing load of a shared machine drifts out of the ratios: each
round runs one epoch of (a), one of (b), one floor epoch, and a tenth of a reference epoch (its
shuffle whole, 1/10 of its mini-batches and 1/10 of its test examples, scaled up to an epoch; the
reference keeps learning slice after slice), in an order that turns by one each round.  Each of (a) and (b) is `SGD(..., epochs=1,
seed=generator)` on data checked once before the race: the generator goes on where it stopped, so
30 rounds give exactly the 30 epochs of one `SGD(..., epochs=30, seed=s)` call (tests/test_network.py
checks that), and their test accuracies are the book's run's.  BLAS threads are as the environment
sets them (printed; `FastNetwork` uses one while it trains, `Network` leaves the setting alone).

Measured on this project's 2-core machine (docs/speed.md has the whole table): the
reference ≈ 3.8 s an epoch (≈ 3.6 s training, ≈ 0.15 s evaluation); (a) ≈ 0.74 s, 5.1×, with one BLAS
thread on a quiet machine, ≈ 0.84 s, 4.6×, with two threads while other tests ran; (b) 12.9× and 11.0×;
the floor 13.8× and 13.0×, and (b) takes 1.08–1.12× the floor.  Where (a)'s time goes, per step of
≈ 120 µs (float64, one thread): the two 30×784 by 784×10 products w x and δ xᵀ ≈ 28 + 21 µs, the update
of the weights into new arrays ≈ 20 µs, taking the 10 examples as columns ≈ 6–11 µs (random rows of
MNIST), and ≈ 40 small NumPy calls on 30×10 arrays for the rest; then the evaluation, twice per epoch
(accuracy and cost), ≈ 45 ms each with one thread.  The reference spends ≈ 67 µs per example.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnbook import Network
from nnbook.data import load_mnist
from nnbook.datasets import examples
from nnbook.fast import FastNetwork

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_shaped import BookShapedNetwork  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = [784, 30, 10]
BATCH = 10
ETA = 3.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="30 epochs, seeds 0-2, and the lessons' run times")
    parser.add_argument("--epochs", type=int, help="epochs per seed (default 3, or 30 with --full)")
    parser.add_argument("--seeds", type=int, help="seeds 0, 1, ... (default 1, or 3 with --full)")
    parser.add_argument("--parts", type=int, default=10, help="a reference epoch is timed in slices of 1/parts")
    parser.add_argument("--lessons", action="store_true", help="only run every lesson and print its time")
    args = parser.parse_args(argv)
    epochs = args.epochs or (30 if args.full else 3)
    seeds = args.seeds or (3 if args.full else 1)

    blas = ", ".join(f"{i['internal_api']} {i['version']} ({i.get('architecture')}, {i['num_threads']} threads)"
                     for i in threadpool_info() if i["user_api"] == "blas")
    print(f"NumPy {np.__version__}, BLAS {blas}, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}, load average {load()}")
    if args.lessons:
        lessons()
        return 0

    training, _, test = load_mnist(progress=False)
    rounds, peaks = [], {"readable": [], "fast": []}
    for seed in range(seeds):
        got, accuracy = race(training, test, epochs, args.parts, seed)
        rounds += got
        for way in peaks:
            peak = max(accuracy[way])
            peaks[way].append(peak)
            print(f"seed {seed}, {way:8}: peak test accuracy {peak:.2%} at epoch {accuracy[way].index(peak) + 1} "
                  f"of {epochs}, last {accuracy[way][-1]:.2%}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    report(rounds)
    for way, name in (("readable", "(a) Network float64"), ("fast", "(b) FastNetwork float32")):
        print(f"accuracy {name}: median over {seeds} seed(s) of the peak within {epochs} epochs = "
              f"{statistics.median(peaks[way]):.2%}" + ("" if epochs >= 30 else "  (the book's run is 30 epochs: --full)"))
    print(f"peak memory of this process (max RSS: Python, NumPy, MNIST, the three learners, the book-shaped "
          f"data): {peak_mb:.0f} MB")
    print(f"load average now {load()}")
    if args.full:
        lessons()
    return 0


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def race(training, test, epochs, parts, seed):
    """`epochs` interleaved rounds from seed `seed`; the timings of each round and the test accuracies."""
    readable = Network(SIZES, seed=seed)
    fast = FastNetwork(SIZES, seed=seed, dtype=np.float32)
    book = BookShapedNetwork(SIZES, seed=seed)
    door = time.perf_counter()
    readable_data = examples((training.images, training.labels), readable), examples((test.images, test.labels), readable)
    door = time.perf_counter() - door
    fast_data = examples((training.images, training.labels), fast), examples((test.images, test.labels), fast)
    # The book's layout: (x, y) column pairs; x views of MNIST's float32 rows, as the book's loader gives them.
    eye = np.eye(SIZES[-1])
    pairs = [(image.reshape(-1, 1), eye[:, [label]]) for image, label in zip(training.images, training.labels)]
    test_pairs = [(image.reshape(-1, 1), int(label)) for image, label in zip(test.images, test.labels)]
    shuffler = random.Random(seed)
    floor = Floor(training, test)
    readable_rng, fast_rng = np.random.default_rng(seed), np.random.default_rng(seed)
    accuracy = {"readable": [], "fast": []}
    rounds = []
    for epoch in range(epochs):
        timings = {}

        def run_readable():
            start = time.perf_counter()
            history = readable.SGD(readable_data[0], 1, BATCH, ETA, test_data=readable_data[1], seed=readable_rng)
            timings["readable"] = time.perf_counter() - start
            accuracy["readable"].extend(history.accuracy)

        def run_fast():
            start = time.perf_counter()
            history = fast.SGD(fast_data[0], 1, BATCH, ETA, test_data=fast_data[1], seed=fast_rng)
            timings["fast"] = time.perf_counter() - start
            accuracy["fast"].extend(history.accuracy)

        def run_floor():
            timings["floor"] = floor.epoch(fast)

        def run_book():
            part = epoch % parts
            start = time.perf_counter()
            shuffler.shuffle(pairs)
            timings["book shuffle"] = time.perf_counter() - start
            n, n_test = len(pairs) // parts, len(test_pairs) // parts
            start = time.perf_counter()
            book.train_on(pairs[part * n:(part + 1) * n], BATCH, ETA)
            timings["book train"] = parts * (time.perf_counter() - start)
            start = time.perf_counter()
            book.count_right(test_pairs[part * n_test:(part + 1) * n_test])
            timings["book eval"] = parts * (time.perf_counter() - start)
            timings["book"] = timings["book shuffle"] + timings["book train"] + timings["book eval"]

        ways = [run_readable, run_fast, run_floor, run_book]
        for run in ways[epoch % 4:] + ways[:epoch % 4]:  # a different order each round: no way always goes first
            run()
        rounds.append(timings)
    rounds[0]["door"] = door
    return rounds, accuracy


class Floor:
    """The bare NumPy calls of a fast epoch (float32, one BLAS thread), on arrays of the same sizes."""

    def __init__(self, training, test, dtype=np.float32):
        self.training, self.test = training, test
        self.images = training.images.astype(dtype, copy=False)
        self.targets = np.eye(SIZES[-1], dtype=dtype)[training.labels]
        self.test_images = test.images.astype(dtype, copy=False)
        self.test_targets = np.eye(SIZES[-1], dtype=dtype)[test.labels]
        self.w1, self.w2 = np.empty((30, 784), dtype), np.empty((10, 30), dtype)
        self.b1, self.b2 = np.empty((30, 1), dtype), np.empty((10, 1), dtype)
        self.a = np.empty((40, BATCH), dtype)  # both layers' activations, stacked
        self.s, self.d = np.empty_like(self.a), np.empty_like(self.a)
        self.gw1, self.gw2 = np.empty_like(self.w1), np.empty_like(self.w2)
        self.gb1, self.gb2 = np.empty_like(self.b1), np.empty_like(self.b2)
        self.ones, self.one = np.ones((BATCH, 1), dtype), np.array(1, dtype)
        self.limit, self.rate = np.array(87, dtype), np.array(ETA / BATCH, dtype)
        self.x_rows = np.empty((200, 784), dtype)
        self.y_rows = np.empty((200, 10), dtype)

    def steps(self, blocks):
        """The 27 calls of one FastStep, written out, for every mini-batch of the given (x, y) blocks."""
        w1, w2, b1, b2, a, s, d = self.w1, self.w2, self.b1, self.b2, self.a, self.s, self.d
        a1, a2, s1, s2, d1, d2 = a[:30], a[30:], s[:30], s[30:], d[:30], d[30:]
        gw1, gw2, gb1, gb2, ones, one, limit, rate = (self.gw1, self.gw2, self.gb1, self.gb2, self.ones, self.one,
                                                      self.limit, self.rate)
        dot, neg, minimum, exp, recip, sub = np.dot, np.negative, np.minimum, np.exp, np.reciprocal, np.subtract
        for bx, by in blocks:
            for k in range(0, bx.shape[1], BATCH):
                x, y = bx[:, k:k + BATCH], by[:, k:k + BATCH]
                dot(w1, x, out=a1); a1 += b1; neg(a1, out=a1); minimum(a1, limit, out=a1); exp(a1, out=a1)  # noqa: E702
                a1 += one; recip(a1, out=a1)  # noqa: E702
                dot(w2, a1, out=a2); a2 += b2; neg(a2, out=a2); minimum(a2, limit, out=a2); exp(a2, out=a2)  # noqa: E702
                a2 += one; recip(a2, out=a2)  # noqa: E702
                sub(one, a, out=s); s *= a  # noqa: E702
                sub(a2, y, out=d2); d2 *= s2; d2 *= rate  # noqa: E702
                dot(w2.T, d2, out=d1); d1 *= s1  # noqa: E702
                dot(d2, a1.T, out=gw2); w2 -= gw2; dot(d2, ones, out=gb2); b2 -= gb2  # noqa: E702
                dot(d1, x.T, out=gw1); w1 -= gw1; dot(d1, ones, out=gb1); b1 -= gb1  # noqa: E702

    def blocks(self, order):
        """The bare shuffle: np.take of 200 rows at a time into the same two arrays (as FastNetwork does)."""
        for start in range(0, len(order), 200):
            rows = order[start:start + 200]
            np.take(self.images, rows, axis=0, out=self.x_rows[:len(rows)], mode="clip")
            np.take(self.targets, rows, axis=0, out=self.y_rows[:len(rows)], mode="clip")
            yield self.x_rows[:len(rows)].T, self.y_rows[:len(rows)].T

    def evaluation(self):
        """The bare blocked evaluation: outputs 1,000 at a time, then accuracy and cost."""
        out = np.empty((10, len(self.test_images)), np.float32)
        for k in range(0, len(self.test_images), 1000):
            a = self.test_images[k:k + 1000].T
            for w, b in ((self.w1, self.b1), (self.w2, self.b2)):
                z = np.dot(w, a)
                z += b
                np.negative(z, out=z)
                np.minimum(z, self.limit, out=z)
                np.exp(z, out=z)
                z += self.one
                a = np.reciprocal(z, out=z)
            out[:, k:k + 1000] = a
        y = self.test_targets.T
        return np.mean(np.argmax(out, axis=0) == np.argmax(y, axis=0)), float(np.sum((y - out) ** 2) / (2 * y.shape[1]))

    def epoch(self, net):
        """Seconds for a floor epoch: its permutation, its shuffled blocks with their steps, its evaluation.

        It starts from a copy of `net`'s weights and biases (the FastNetwork of the race, float32), so that its
        numbers are the same kind as the engine's (saturated neurons make tiny numbers, and CPUs do arithmetic on
        subnormal numbers slowly): the same sizes, the same values, only the Python around the calls left out.
        """
        for mine, theirs in zip((self.w1, self.w2, self.b1, self.b2), net.weights + net.biases):
            np.copyto(mine, theirs)
        with threadpool_limits(limits=1, user_api="blas"):
            start = time.perf_counter()
            order = np.random.default_rng().permutation(len(self.images))
            self.steps(self.blocks(order))  # each block's steps right after it is copied, as in FastNetwork
            self.evaluation()
            return time.perf_counter() - start


def report(rounds):
    def med(key):
        return statistics.median(r[key] for r in rounds)

    def ratio(key):
        values = [r["book"] / r[key] for r in rounds]
        return statistics.median(values), min(values), max(values)

    print(f"\n{len(rounds)} interleaved rounds; seconds per epoch, median (each epoch with its shuffle and its "
          f"test evaluation):")
    print(f"  reference, book-shaped loop (float64): {med('book'):.3f} s  (training {med('book train'):.3f}, "
          f"evaluation {med('book eval'):.3f}, shuffle {med('book shuffle'):.3f})")
    for key, name, target in (("readable", "(a) readable Network, float64", 5), ("fast", "(b) FastNetwork, float32", 15)):
        m, lo, hi = ratio(key)
        print(f"  {name:32}: {med(key):.3f} s   {m:.1f}× the reference (rounds {lo:.1f}–{hi:.1f}×; target ≥ {target}×)")
    floor_ratio = statistics.median(r["fast"] / r["floor"] for r in rounds)
    m, _, _ = ratio("floor")
    print(f"  the floor (bare NumPy calls)     : {med('floor'):.3f} s   {m:.1f}× the reference; FastNetwork takes "
          f"{floor_ratio:.2f}× the floor (median of rounds; target ≤ 1.3×)")
    print(f"  (the readable learner's door check of the 50,000 + 10,000 digits, once per SGD call: "
          f"{rounds[0]['door']:.3f} s)")


def lessons():
    """Run every lesson from a fresh kernel, as "Restart & Run All" does, into a temporary copy; print the seconds."""
    import nbformat
    from nbclient import NotebookClient

    folder = ROOT / "notebooks"
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
            start = time.perf_counter()
            try:
                client.execute()
                status = ""
            except Exception as exc:  # report and go on: the time up to the error is still a time
                status = f"  FAILED: {type(exc).__name__}: {str(exc).strip().splitlines()[-1][:160]}"
            times[path.name] = time.perf_counter() - start
            nbformat.write(nb, Path(tmp) / path.name)
            print(f"lesson {path.name:40} {times[path.name]:6.1f} s (Restart & Run All, load average {load()}){status}")
    return times


if __name__ == "__main__":
    sys.exit(main())
