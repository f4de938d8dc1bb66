"""The trained digit network of lessons 06 and 07, kept in the user's cache so it is trained once.

Lesson 06 trains `Network([784, 30, 10])` the book's way (`RECIPE`) and calls `remember(net)`;
lesson 07 calls `trained_network()`, which loads that network from the cache or, when it is
absent (lesson 07 opened first, a fresh machine), trains exactly the same one itself.  Training
is seeded, so both ways give the same weights, bit for bit, and the lessons' outputs agree.

The cache is the folder `models` in the user cache (`pooch.os_cache("nnbook")`, e.g.
`~/.cache/nnbook/models` on Linux), never the repository and never the MNIST folder (which may be
read-only).  A file's name holds a fingerprint of the recipe and of the learning code that trains it
(`LEARNING_CODE`: the network, datasets, sigmoid and cost modules; and NumPy's version): change any of
them and the old file is simply not used.  Files are plain `.npz` arrays written by `Network.save` (no pickle).

A network trained by the same recipe on another computer differs from this one in its details:
150,000 steps magnify the last-digit rounding differences between CPUs and BLAS libraries (its
accuracy still ends near 95%).  So nnbook also ships one network trained by `RECIPE`,
`reference_network()`, which lesson 07 looks inside: what that lesson says about particular
neurons, digits and mistakes is then true on every computer.  `python -m nnbook.models
--build-reference` trains it again and rewrites it (with a JSON note of how it was made).
"""

import argparse
import hashlib
import inspect
import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

from . import cost, datasets, network, sigmoid
from .errors import InputError
from .network import Network

#: The book's recipe for the digit network: 784-30-10, 30 epochs of SGD, mini-batches of 10, η = 3.0.
RECIPE = {"sizes": [784, 30, 10], "epochs": 30, "mini_batch_size": 10, "eta": 3.0, "seed": 2}

#: The modules whose code decides the weights `train` gives: `Network` (the readable learner, what
#: lesson 06 trains), how it takes its data (`datasets`: the examples as columns, in its dtype), σ and C.
LEARNING_CODE = (network, datasets, sigmoid, cost)


#: The network trained by `RECIPE` that ships with nnbook, and the note of how it was made.
REFERENCE = Path(__file__).resolve().parent / "reference" / "network-784-30-10.npz"
REFERENCE_NOTE = REFERENCE.with_suffix(".json")


def models_dir():
    """The folder for trained networks in the user cache (it may not exist yet)."""
    import pooch

    return Path(pooch.os_cache("nnbook")) / "models"


def fingerprint(recipe=RECIPE):
    """12 hex digits that change whenever the recipe or the learning code changes."""
    text = json.dumps(_checked(recipe), sort_keys=True)
    code = "".join(inspect.getsource(m) for m in LEARNING_CODE)
    return hashlib.sha256((text + code + np.__version__).encode()).hexdigest()[:12]


def cached_path(recipe=RECIPE, folder=None):
    """Where the network trained by `recipe` is (or would be) kept."""
    recipe = _checked(recipe)
    name = "-".join(map(str, recipe["sizes"]))
    return Path(folder or models_dir()) / f"network-{name}-{fingerprint(recipe)}.npz"


def train(recipe, training, test=None, progress=False, callback=None):
    """Train a new network by `recipe` on `training` = (images, labels); return (net, history)."""
    recipe = _checked(recipe)
    net = Network(recipe["sizes"], seed=recipe["seed"])
    history = net.SGD(training, recipe["epochs"], recipe["mini_batch_size"], recipe["eta"],
                      test_data=test, seed=recipe["seed"], progress=progress, callback=callback)
    return net, history


def remember(net, recipe=RECIPE, folder=None):
    """Keep `net` (trained by `recipe`) in the cache; return its path, or None if it cannot be written."""
    recipe = _checked(recipe)
    if list(net.sizes) != recipe["sizes"]:
        raise InputError("recipe_sizes", sizes=net.sizes, recipe=recipe["sizes"])
    path = cached_path(recipe, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        net.save(path)
    except OSError:
        return None  # a read-only home folder: lesson 07 will train its own
    return path


def trained_network(recipe=RECIPE, training=None, folder=None, progress=False):
    """The network trained by `recipe`: from the cache if there, else trained now (and cached).

    `training` = (images, labels) defaults to MNIST's 50,000 training digits.
    """
    path = cached_path(recipe, folder)
    if path.exists():
        try:
            net = Network.load(path)
        except ValueError:
            net = None  # a damaged file: train again and replace it
        if net is not None and list(net.sizes) == _checked(recipe)["sizes"]:
            return net
    if training is None:
        from .data import load_mnist

        digits = load_mnist()[0]
        training = (digits.images, digits.labels)
    images, labels = training
    # SGD measures the network after every epoch; 1,000 digits are enough here (the weights do not
    # depend on what is measured) and much quicker than all 50,000.
    net, _ = train(recipe, training, test=(images[:1000], labels[:1000]), progress=progress)
    remember(net, recipe, folder)
    return net


def reference_network():
    """The 784-30-10 network trained by `RECIPE` that ships with nnbook: the same on every computer."""
    return Network.load(REFERENCE)


def reference_note():
    """How the reference network was made: its recipe, test score and the software that trained it."""
    return json.loads(REFERENCE_NOTE.read_text(encoding="utf-8"))


def build_reference(data_dir=None, path=REFERENCE, recipe=RECIPE):
    """Train a network by `recipe` on MNIST and write it (and its note, as JSON beside it) to `path`."""
    from threadpoolctl import threadpool_info

    from .data import load_mnist

    training, _, test = load_mnist(data_dir)
    net, history = train(recipe, (training.images, training.labels), (test.images, test.labels))
    blas = [f"{p['internal_api']} {p['version']} ({p.get('architecture')})"
            for p in threadpool_info() if p["user_api"] == "blas"]
    note = {"recipe": _checked(recipe), "test_digits_right": net.evaluate((test.images, test.labels)),
            "test_digits": len(test.labels), "best_test_accuracy": max(history.accuracy),
            "trained_with": {"python": platform.python_version(), "numpy": np.__version__, "blas": blas}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    net.save(path)
    path.with_suffix(".json").write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    return net, note


def _checked(recipe):
    keys = {"sizes", "epochs", "mini_batch_size", "eta", "seed"}
    if not isinstance(recipe, dict) or set(recipe) != keys or not isinstance(recipe["seed"], (int, np.integer)):
        raise InputError("recipe", keys=sorted(keys), got=f"{recipe!r:.200}")
    return {"sizes": [int(n) for n in recipe["sizes"]], "epochs": int(recipe["epochs"]),
            "mini_batch_size": int(recipe["mini_batch_size"]), "eta": float(recipe["eta"]),
            "seed": int(recipe["seed"])}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnbook.models", description=(
        "Train the reference network that lesson 07 looks inside (784-30-10 by nnbook.models.RECIPE) and "
        "write it into the package, replacing the one there.  Then re-execute lesson 07 (make execute)."))
    parser.add_argument("--build-reference", action="store_true", required=True,
                        help="train the network (about a minute) and write it and its note")
    parser.add_argument("--data-dir", default=os.environ.get("NNBOOK_DATA_DIR"),
                        help="folder with the four MNIST files (default: $NNBOOK_DATA_DIR or the user cache)")
    args = parser.parse_args(argv)
    _, note = build_reference(args.data_dir)
    print(f"wrote {REFERENCE}: {note['test_digits_right']:,} of {note['test_digits']:,} test digits right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
