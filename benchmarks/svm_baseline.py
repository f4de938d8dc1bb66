"""A support vector machine on all of MNIST's training digits: the measured result lesson 08 states.

    export NNBOOK_DATA_DIR=/path/to/mnist
    nice .venv/bin/python benchmarks/svm_baseline.py            # the full fit (measured: 5 min to fit, about 5 more to
                                                                 # read the 20,000 validation and test digits, 2 busy cores)
    nice .venv/bin/python benchmarks/svm_baseline.py --train 5000 --out /tmp/svm.json   # a quick look

A full fit of scikit-learn's `SVC` (its defaults: an RBF kernel, C = 1, gamma = "scale") on the 50,000
training digits takes minutes, too long for a lesson, so the lesson fits one on a subset while the
class watches, and this script does the full fit once and writes what it measured to
`nnbook/reference/svm-baseline.json`, which the lesson reads and states:

* `trained_on`: how many training digits (the first n of the 50,000);
* `fit_seconds`: how long `fit` took (wall clock, on the machine named in `machine`);
* `validation_accuracy`: the fraction of the 10,000 validation digits it reads right;
* `test_digits_right` / `test_digits`: the single final score on the 10,000 test digits.

No choice is made here (the defaults are used as they come), so nothing is tuned on test digits: they
are read once, for the final score, after the validation score.  Nielsen's book reports about 94% for
scikit-learn's SVC out of the box (the defaults of its day) and about 98.5% once tuned; those are the
book's figures, not ours.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "nnbook" / "reference" / "svm-baseline.json"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=50000, help="training digits to fit on (default: all 50,000)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the JSON (default: {OUT})")
    args = parser.parse_args(argv)
    if not 100 <= args.train <= 50000:
        parser.error("--train must be between 100 and 50000")

    import sklearn
    from sklearn.svm import SVC

    from nnbook.data import load_mnist

    training, validation, test = load_mnist(progress=False)
    x, y = np.asarray(training.images[:args.train]), np.asarray(training.labels[:args.train])
    svm = SVC()
    start = time.perf_counter()
    svm.fit(x, y)
    fit_seconds = time.perf_counter() - start
    print(f"fit on {args.train} digits: {fit_seconds:.0f} s", flush=True)
    validation_accuracy = float(np.mean(svm.predict(validation.images) == validation.labels))
    print(f"validation accuracy: {validation_accuracy:.4f}", flush=True)
    test_right = int(np.sum(svm.predict(test.images) == test.labels))  # once, for the final score
    print(f"test digits right: {test_right} / {len(test.labels)}", flush=True)
    note = {
        "model": "sklearn.svm.SVC() with its defaults (RBF kernel, C=1, gamma='scale')",
        "trained_on": args.train,
        "fit_seconds": round(fit_seconds, 1),
        "validation_accuracy": validation_accuracy,
        "validation_digits": len(validation.labels),
        "test_digits_right": test_right,
        "test_digits": len(test.labels),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
