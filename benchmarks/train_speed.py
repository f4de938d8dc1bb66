"""How fast does nnbook train the book's network?  Both ways, side by side, in one process.

    export NNBOOK_DATA_DIR=/path/to/mnist           # where the four MNIST files are (optional)
    .venv/bin/python benchmarks/train_speed.py             # quick look: 5 epochs, one seed (≈ 10 s)
    .venv/bin/python benchmarks/train_speed.py --full      # 30 epochs, seeds 0–2, both dtypes (≈ 1½ min)
    .venv/bin/python benchmarks/train_speed.py --profile   # where the time goes, piece by piece (≈ 30 s)

The book's run: a 784-30-10 network, quadratic cost, mini-batches of 10, η = 3.0, 30 epochs on the
50,000 training digits, the 10,000 test digits evaluated after every epoch.

Two ways to do an epoch, on the same data and the same mini-batches:

* fast: `Network.SGD`, which takes each step with a `FastStep` (nnbook/fast_step.py): the ten
  examples of a mini-batch at once, as matrix products, with no new arrays; float32 unless
  --dtype float64;
* slow: the textbook loop `update_mini_batch_per_example` on a float64 network (the book's
  precision), which runs `backprop` for one example at a time and adds up the gradients, as the
  book's program does and as lesson 05 shows it.

They are interleaved so that the changing load of a shared machine drifts out of the ratio: after
each fast epoch (timed from one SGD callback to the next) comes a slice of a slow epoch (1/10 of that
same epoch's mini-batches, by default), and each pair gives one ratio, slow epoch ÷ fast epoch (the
slice scaled to a whole epoch).  The fast epoch includes its shuffle and its test evaluation; the slow
one is charged for training only.  Both run with one BLAS thread.  Before the race the two ways are
checked to give the same weights from the same start.

Where the time goes (`--profile`, this project's 2-core machine, other work running beside it, so
each figure varies by ±20 % from run to run; µs per mini-batch of 10 unless said):

* A fast step (`FastStep`) is ≈ 28 µs in float32 and ≈ 42 µs in float64.  Half of it, ≈ 14 µs in
  float32 (≈ 27 in float64), is the work on the 30×784 weight matrix: the products w @ x (30×784 by
  784×10) and delta @ xᵀ, ≈ 6 µs each, close to what one core can do, and the update w -= nabla_w,
  ≈ 2 µs.  The rest is per-call overhead: ≈ 25 small NumPy calls on 30×10 arrays (σ, a(1 − a), the
  deltas, the 10×30 products, the biases) cost ≈ 0.3–1 µs each whatever their size.
* What FastStep saves against `update_mini_batch` (≈ 40 µs in float32, ≈ 56 in float64), which runs
  the readable `backprop` and then updates: ≈ 10 calls and every new array. It makes its arrays once
  per epoch and fills them in place (`np.dot(..., out=...)`); it multiplies the output delta by η/m
  once instead of each 30×784 gradient (the readable update, (η/m)·nabla_w into a new array and then
  w -= it, takes ≈ 9 µs; FastStep's w -= nabla_w ≈ 2 µs); it works out σ'(z) = a(1 − a) for both
  layers in one stacked array; and it sums a bias gradient as delta @ ones (≈ 0.6 µs) instead of
  delta.sum(axis=1) (≈ 1.6 µs).
* BLAS threads.  OpenBLAS does not split matrices this small between threads, so a second thread
  gains nothing in a step; on the 10,000-digit evaluation it helps a little when the other core is
  idle (≈ 9 ms instead of 12), and with the other core busy it waits for it: 216 ms instead of
  14 ms in one measurement.  SGD therefore limits BLAS to one thread (threadpoolctl) while it
  trains and gives the setting back afterwards: results do not depend on the environment's thread
  settings.
* The shuffle copy: ≈ 20–25 ms an epoch (≈ 4–5 µs per mini-batch), most of it reading the
  50,000 images (157 MB in float32) in a new order.  SGD copies the shuffled examples 200 at a time
  into the same two arrays (np.take, no new arrays), so every mini-batch is a contiguous column
  block: the products read it up to 1.6× faster than a strided slice, and it costs less than
  copying a whole shuffled epoch at once (≈ 37 ms, and 157 MB more memory).
* The evaluation: ≈ 12 ms an epoch (float32) for the 10,000 test digits, 1,000 at a time.
* float64 vs float32: float32 halves the memory traffic and doubles the numbers per vector
  instruction, so the big products and the update take about half the time; a whole epoch ≈ 0.7×.
  It learns as well (peak accuracies within the seed-to-seed spread of ±0.3 %).
* The slow loop: ≈ 62 µs per *example*.  ≈ 27 µs of that is `delta @ a.T` for a single example,
  a 30×1 by 1×784 outer product that NumPy's `@` does far slower than `np.dot` (≈ 6 µs).  The book's
  program uses np.dot there: written that way, the loop would take ≈ 41 µs per example, ≈ 2.0 s an
  epoch instead of ≈ 3.1 s, and against it every ratio printed here would be ≈ 35 % smaller.
"""

import argparse
import os
import resource
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnbook import Network, sigmoid
from nnbook.fast_step import FastStep
from nnbook.data import load_mnist

SIZES = [784, 30, 10]
BATCH = 10
ETA = 3.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the book's 30 epochs and 3 seeds, and a float64 race")
    parser.add_argument("--epochs", type=int, help="epochs of the race (default 5, or 30 with --full)")
    parser.add_argument("--seeds", type=int, help="seeds 0, 1, … for the accuracy (default 1, or 3 with --full)")
    parser.add_argument("--parts", type=int, default=10, help="a slow epoch is timed in slices of 1/parts")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"], help="the fast network's dtype")
    parser.add_argument("--profile", action="store_true", help="time the pieces of a step and of an epoch instead")
    args = parser.parse_args(argv)
    epochs = args.epochs or (30 if args.full else 5)
    seeds = args.seeds or (3 if args.full else 1)
    dtype = np.dtype(args.dtype)

    blas = ", ".join(f"{i['internal_api']} {i['version']} ({i.get('architecture')}, {i['num_threads']} threads)"
                     for i in threadpool_info() if i["user_api"] == "blas")
    print(f"NumPy {np.__version__}, BLAS {blas}, {os.cpu_count()} CPUs, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, load average "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    training, _, test = load_mnist(progress=False)
    if args.profile:
        profile(training, test)
        return 0

    same_weights(training, seed=0)
    fast_times, slow_times, history = race(training, test, epochs, args.parts, dtype, seed=0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is in kB on Linux
    report_race(dtype, fast_times, slow_times, args.parts)

    print(f"peak memory of the book's run (max RSS: Python, NumPy, MNIST loaded, both networks): {peak_mb:.0f} MB")
    accuracy(training, test, epochs, seeds, dtype, history)
    if args.full and dtype != np.float64:  # the default dtype too: its speed, and that it learns the same
        fast_times, slow_times, _ = race(training, test, 5, args.parts, np.dtype(np.float64), seed=0)
        report_race(np.dtype(np.float64), fast_times, slow_times, args.parts)
        accuracy(training, test, epochs, seeds, np.dtype(np.float64))

    loads = []
    for _ in range(3):
        start = time.perf_counter()
        load_mnist(progress=False)
        loads.append(time.perf_counter() - start)
    print(f"load_mnist() warm (files cached by the system): median {statistics.median(loads):.2f} s of 3")
    return 0


def epoch_orders(seed):
    """The shuffles SGD(seed=seed) uses: one permutation of the 50,000 examples per epoch."""
    rng = np.random.default_rng(seed)
    while True:
        yield rng.permutation(50000)


def batches(training, order, dtype=np.float64):
    """The mini-batches of `order`, as (x, y) with one example per column."""
    x_rows = training.images[order].astype(dtype)
    y_rows = np.eye(SIZES[-1], dtype=dtype)[training.labels[order]]
    return [(x_rows[k:k + BATCH].T, y_rows[k:k + BATCH].T) for k in range(0, len(order), BATCH)]


def same_weights(training, seed, steps=100):
    """Both ways from the same start, in float64: the same weights up to rounding."""
    fast, slow = Network(SIZES, seed=seed), Network(SIZES, seed=seed)
    step = FastStep(fast, BATCH, ETA)  # what SGD runs for each mini-batch
    for x, y in batches(training, next(epoch_orders(seed))[:steps * BATCH]):
        step(x, y)
        slow.update_mini_batch_per_example(x, y, ETA)
    diff = max(np.max(np.abs(a - b)) for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases))
    size = max(np.max(np.abs(a)) for a in slow.weights + slow.biases)
    print(f"same weights: float64, same start, {steps} mini-batches both ways: max |fast − slow| = {diff:.1e} "
          f"(largest parameter {size:.1f})")


def race(training, test, epochs, parts, dtype, seed):
    """SGD epochs of the fast network, each followed by a timed slice of a slow epoch."""
    fast = Network(SIZES, seed=seed, dtype=dtype)
    slow = Network(SIZES, seed=seed)
    orders = epoch_orders(seed)
    fast_times, slow_times = [], []
    mark = [0.0]

    def after_epoch(history):
        fast_times.append(time.perf_counter() - mark[0])
        order = next(orders)  # the shuffle SGD has just used
        part = (len(history.epochs) - 1) % parts
        n = len(order) // parts
        steps = batches(training, order[part * n:(part + 1) * n])
        with threadpool_limits(limits=1, user_api="blas"):
            start = time.perf_counter()
            for x, y in steps:
                slow.update_mini_batch_per_example(x, y, ETA)
            slow_times.append((time.perf_counter() - start) * len(order) / (len(steps) * BATCH))
        mark[0] = time.perf_counter()

    mark[0] = time.perf_counter()
    history = fast.SGD(training, epochs, BATCH, ETA, test_data=test, seed=seed, callback=after_epoch)
    return fast_times, slow_times, history


def report_race(dtype, fast_times, slow_times, parts):
    ratios = [s / f for f, s in zip(fast_times, slow_times)]
    print(f"fast epoch ({dtype.name}, SGD with shuffle and test evaluation): median {statistics.median(fast_times):.3f} s "
          f"(min {min(fast_times):.3f}, max {max(fast_times):.3f}; {len(fast_times)} epochs)")
    print(f"slow epoch (float64, per-example loop, training only): median {statistics.median(slow_times):.3f} s "
          f"(min {min(slow_times):.3f}, max {max(slow_times):.3f}; {len(slow_times)} slices of 1/{parts} epoch)")
    print(f"speed-up ({dtype.name}), slow ÷ fast over {len(ratios)} interleaved pairs: median "
          f"{statistics.median(ratios):.1f}× (min {min(ratios):.1f}×, max {max(ratios):.1f}×)")


def accuracy(training, test, epochs, seeds, dtype, history=None):
    """The book's run for seeds 0, 1, …: each seed's peak test accuracy, and their median."""
    peaks = []
    for seed in range(seeds):
        start = time.perf_counter()
        if seed or history is None:  # (seed 0 may come from the race)
            history = Network(SIZES, seed=seed, dtype=dtype).SGD(training, epochs, BATCH, ETA, test_data=test, seed=seed)
            timing = f"; {(time.perf_counter() - start) / epochs:.3f} s an epoch, not interleaved"
        else:
            timing = ""
        peak = max(history.accuracy)
        peaks.append(peak)
        print(f"{dtype.name} seed {seed}: peak test accuracy {peak:.2%} at epoch {history.accuracy.index(peak) + 1} of "
              f"{len(history.epochs)}, last {history.accuracy[-1]:.2%}{timing}")
    print(f"accuracy ({dtype.name}): median over {seeds} seed(s) of the peak within {epochs} epochs "
          f"= {statistics.median(peaks):.2%}")


def profile(training, test):
    """Time the pieces of a step and of an epoch, the best of several repeats."""

    def best(f, repeats=7):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            f()
            times.append(time.perf_counter() - start)
        return min(times)

    def line(dtype, what, value, unit="µs per mini-batch"):
        print(f"{dtype:8} {what:58} {value:7.1f} {unit}")

    order = next(epoch_orders(0))
    for dt in (np.dtype(np.float32), np.dtype(np.float64)):
        net = Network(SIZES, seed=0, dtype=dt)
        # 20 mini-batches of a block of 200 shuffled examples, as SGD has them right after copying
        # the block (in the cache), each a contiguous column block ...
        steps = batches(training, order[:200], dt) * 25
        # ... and the same as strided slices of a (784, 200) array
        columns = np.ascontiguousarray(training.images[order[:200]].T, dtype=dt)
        strided = [(columns[:, k:k + BATCH], y) for k, (_, y) in zip(range(0, 200, BATCH), steps)] * 25
        w, b = net.weights[0], net.biases[0]
        delta, z = np.ones((SIZES[1], BATCH), dt) * 1e-3, w @ steps[0][0] + b
        nabla_w = np.empty_like(w)

        def per_step(f, data=steps):
            def run():
                for x, y in data:
                    f(x, y)  # (each result dropped at once, as in training)
            return best(run) / len(data) * 1e6

        with threadpool_limits(limits=1, user_api="blas"):
            line(dt.name, "w @ x, contiguous column block (30×784 by 784×10)", per_step(lambda x, y: w @ x))
            line(dt.name, "w @ x, x a strided slice", per_step(lambda x, y: w @ x, strided))
            line(dt.name, "delta @ x.T (30×10 by 10×784)", per_step(lambda x, y: delta @ x.T))
            line(dt.name, "delta @ x.T, x a strided slice", per_step(lambda x, y: delta @ x.T, strided))
            line(dt.name, "sigmoid(z), hidden layer (30×10)", per_step(lambda x, y: sigmoid(z)))
            backprop = per_step(net.backprop)
            line(dt.name, "backprop (one mini-batch)", backprop)
            readable = per_step(lambda x, y: net.update_mini_batch(x, y, ETA))
            line(dt.name, "update_mini_batch (backprop, then the in-place update)", readable)
            line(dt.name, "  of which the update w -= (η/m)·nabla_w, b -= …", readable - backprop)
            fast_step = FastStep(net, BATCH, ETA)
            step = per_step(fast_step)
            line(dt.name, "FastStep, the same step as SGD takes it", step)
            matrices = per_step(lambda x, y: (np.dot(w, x, out=z), np.dot(delta, x.T, out=nabla_w), np.subtract(w, nabla_w, out=w)))
            line(dt.name, "  of which w @ x, delta @ x.T and w -= nabla_w (30×784)", matrices)
            images, targets = net._check_data(training, "training")
            test_images, test_targets = net._check_data(test, "test")
            shuffle = best(lambda: consume(net._shuffled_blocks(images, targets, order, BATCH, dt)), 3)
            whole = best(lambda: images[order], 3)
            evaluate = best(lambda: net._measure(test_images, test_targets), 3)
            line(dt.name, "shuffle: copy an epoch 200 examples at a time", shuffle * 1e3, "ms per epoch")
            line(dt.name, "shuffle: copy a whole epoch at once", whole * 1e3, "ms per epoch")
            line(dt.name, "evaluate 10,000 test digits, 1 BLAS thread", evaluate * 1e3, "ms per epoch")
        with threadpool_limits(limits=2, user_api="blas"):
            line(dt.name, "FastStep with 2 BLAS threads", per_step(fast_step))
            evaluate_2 = best(lambda: net._measure(test_images, test_targets), 3)
            line(dt.name, "evaluate 10,000 test digits, 2 BLAS threads", evaluate_2 * 1e3, "ms per epoch")
        line(dt.name, "an epoch from these pieces (5,000 steps + shuffle + evaluation)",
             (5000 * step * 1e-6 + shuffle + evaluate) * 1e3, "ms")

    slow = Network(SIZES, seed=0)
    steps = batches(training, order[:1000])
    single = batches(training, order[:1000], np.float32)
    d1, x1 = np.ones((SIZES[1], 1)), steps[0][0][:, :1]
    with threadpool_limits(limits=1, user_api="blas"):
        per_example = best(lambda: train_slow(slow, steps)) / 1000 * 1e6
        per_example_32 = best(lambda: train_slow(slow, single)) / 1000 * 1e6
        outer_at = best(lambda: repeat(lambda: d1 @ x1.T, 1000)) / 1000 * 1e6
        outer_dot = best(lambda: repeat(lambda: np.dot(d1, x1.T), 1000)) / 1000 * 1e6
        slow32 = Network(SIZES, seed=0, dtype=np.float32)
        per_example_both_32 = best(lambda: train_slow(slow32, single)) / 1000 * 1e6
    with threadpool_limits(limits=2, user_api="blas"):
        per_example_2 = best(lambda: train_slow(slow, steps)) / 1000 * 1e6
    unit = "µs per example"
    line("float64", "slow loop, float64 columns (the race's slow way)", per_example, unit)
    line("float64", "slow loop, with 2 BLAS threads", per_example_2, unit)
    line("float64", "  of which delta @ a.T for one example, with @", outer_at, unit)
    line("float64", "  the same outer product with np.dot (the book's code)", outer_dot, unit)
    line("float64", "slow loop fed MNIST's float32 columns (mixed types)", per_example_32, unit)
    line("float32", "slow loop on a float32 network", per_example_both_32, unit)


def consume(iterator):
    for _ in iterator:
        pass


def repeat(f, n):
    for _ in range(n):
        f()


def train_slow(net, steps):
    for x, y in steps:
        net.update_mini_batch_per_example(x, y, ETA)


if __name__ == "__main__":
    sys.exit(main())
