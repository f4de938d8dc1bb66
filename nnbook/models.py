"""The trained digit network of lessons 05 and 06, kept in the user's cache so it is trained once.

Lesson 05 trains `Network([784, 30, 10])` the book's way (`RECIPE`) and calls `remember(net)`;
lesson 06 calls `trained_network()`, which loads that network from the cache or, when it is
absent (lesson 06 opened first, a fresh machine), trains exactly the same one itself.  Training
is seeded, so both ways give the same weights, bit for bit, and the lessons' outputs agree.

The cache is the folder `models` in the user cache (`pooch.os_cache("nnbook")`, e.g.
`~/.cache/nnbook/models` on Linux), never the repository and never the MNIST folder (which may be
read-only).  A file's name holds a fingerprint of the recipe and of the learning code (network,
fast_step, sigmoid and cost modules, NumPy's version): change any of them and the old file is simply not
used.  Files are plain `.npz` arrays written by `Network.save` (no pickle).
"""

import hashlib
import inspect
import json
from pathlib import Path

import numpy as np

from . import cost, fast_step, network, sigmoid
from .network import Network

#: The book's recipe for the digit network: 784-30-10, 30 epochs of SGD, mini-batches of 10, η = 3.0.
RECIPE = {"sizes": [784, 30, 10], "epochs": 30, "mini_batch_size": 10, "eta": 3.0, "seed": 2}


def models_dir():
    """The folder for trained networks in the user cache (it may not exist yet)."""
    import pooch

    return Path(pooch.os_cache("nnbook")) / "models"


def fingerprint(recipe=RECIPE):
    """12 hex digits that change whenever the recipe or the learning code changes."""
    text = json.dumps(_checked(recipe), sort_keys=True)
    code = "".join(inspect.getsource(m) for m in (network, fast_step, sigmoid, cost))
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
        raise ValueError(f"this network has sizes {net.sizes}, but the recipe trains {recipe['sizes']}: "
                         "remember a network under the recipe that trained it")
    path = cached_path(recipe, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        net.save(path)
    except OSError:
        return None  # a read-only home folder: lesson 06 will train its own
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


def _checked(recipe):
    keys = {"sizes", "epochs", "mini_batch_size", "eta", "seed"}
    if not isinstance(recipe, dict) or set(recipe) != keys or not isinstance(recipe["seed"], (int, np.integer)):
        raise ValueError(f"a recipe is a dict with exactly the keys {sorted(keys)}, like nnbook.models.RECIPE, "
                         f"and a whole-number seed (a cached network must be reproducible); got {recipe!r:.200}")
    return {"sizes": [int(n) for n in recipe["sizes"]], "epochs": int(recipe["epochs"]),
            "mini_batch_size": int(recipe["mini_batch_size"]), "eta": float(recipe["eta"]),
            "seed": int(recipe["seed"])}
