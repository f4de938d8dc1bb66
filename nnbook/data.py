"""The MNIST handwritten digits (LeCun, Cortes and Burges), as arrays for `Network`.

Each image is 28×28 grey pixels.  We flatten it into 784 numbers in [0, 1]
(0 = white paper, 1 = black ink), row by row from the top left, so
`images[i].reshape(28, 28)` gives the picture back.

`load_mnist()` returns the book's three sets, each a `Digits(images, labels)`:

* training   — the first 50,000 images of the official training file,
* validation — its last 10,000,
* test       — the 10,000 images of the official test file.

`images` has shape (n, 784) (one image per row, float32) and `labels` shape (n,)
(whole numbers 0–9).
"""

import gzip
import hashlib
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np

#: The four files and the md5 of their *decompressed* content (the canonical values).
FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "6bbc9ace898e44ae57da46a324031adb"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "a25bea736e30d166cdddb491f175f624"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "2646ac647ad5339dbf082846283269ea"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "27ae3e4e09519cfbb04c329615203637"),
}

ENV_VAR = "NNBOOK_DATA_DIR"


class Digits(NamedTuple):
    """A set of digits: images (n, 784) in [0, 1] and labels (n,) in 0–9."""

    images: np.ndarray
    labels: np.ndarray

    def __repr__(self):
        return f"Digits({len(self.labels)} images of 28×28 = 784 pixels)"


def default_data_dir():
    """Where MNIST is looked for: $NNBOOK_DATA_DIR if set, else the user's cache folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nnbook" / "mnist"


def _read_idx(path, md5, ndim):
    """Decompress an IDX file, check its md5 and header, and return it as a uint8 array."""
    raw = gzip.decompress(Path(path).read_bytes())
    if hashlib.md5(raw).hexdigest() != md5:
        raise ValueError(f"{path} is not the MNIST file it should be (its checksum differs): "
                         "delete it and fetch it again")
    magic = int.from_bytes(raw[:4], "big")
    if magic != 0x0800 + ndim:
        raise ValueError(f"{path} does not start with the IDX magic number of a {ndim}-D file")
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_mnist(data_dir=None):
    """(training, validation, test) as `Digits`, read from `data_dir` (see `default_data_dir`)."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    missing = [name for name, _ in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"MNIST files {missing} are not in {folder}. Put the four files "
            f"{[n for n, _ in FILES.values()]} there, or set {ENV_VAR} to the folder that has them."
        )
    arrays = {key: _read_idx(folder / name, md5, 3 if key.endswith("images") else 1)
              for key, (name, md5) in FILES.items()}
    train_x = arrays["train_images"].reshape(-1, 784).astype(np.float32) / np.float32(255)
    test_x = arrays["test_images"].reshape(-1, 784).astype(np.float32) / np.float32(255)
    train_y = arrays["train_labels"].astype(np.int64)
    test_y = arrays["test_labels"].astype(np.int64)
    return (Digits(train_x[:50000], train_y[:50000]), Digits(train_x[50000:], train_y[50000:]),
            Digits(test_x, test_y))
