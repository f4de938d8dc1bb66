"""Save a network to an .npz file and load it again: plain arrays, never pickle.

The file holds `sizes` and, for each layer l, the arrays `w{l}` and `b{l}`; their dtype (float64
or float32) is kept.  `load` refuses anything that would need pickle (which can run code), and a
file whose arrays do not fit its sizes, with an error that says so.
"""

import os
import tempfile
import zipfile

import numpy as np

from .errors import InputError


def save(net, path):
    """Write `net`'s sizes, weights and biases to `path` (.npz); written to a temporary file, then renamed."""
    arrays = {"sizes": np.array(net.sizes)}
    arrays.update({f"w{l}": w for l, w in enumerate(net.weights)})
    arrays.update({f"b{l}": b for l, b in enumerate(net.biases)})
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".npz", dir=folder)  # never half a file under the real name
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load(path, cls):
    """The network saved at `path`, as a new `cls` (Network, or a subclass such as FastNetwork)."""
    try:
        with open(path, "rb") as f:
            is_zip = f.read(4) == b"PK\x03\x04"  # an .npz file is a zip archive of .npy arrays
    except FileNotFoundError:
        raise InputError("no_network_file", path=path) from None
    except OSError:
        is_zip = False
    if not is_zip:
        raise InputError("not_npz", path=path)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except ValueError:
        raise InputError("needs_pickle", path=path) from None
    except (zipfile.BadZipFile, OSError):
        raise InputError("not_npz", path=path) from None
    if "sizes" not in arrays:
        raise InputError("no_sizes", path=path)
    first = arrays.get("w0")
    dtype = np.float32 if first is not None and first.dtype == np.float32 else np.float64
    net = cls(arrays["sizes"].tolist(), dtype=dtype)
    try:
        net.weights = [arrays[f"w{l}"].astype(dtype) for l in range(net.num_layers - 1)]
        net.biases = [arrays[f"b{l}"].astype(dtype) for l in range(net.num_layers - 1)]
    except KeyError as exc:
        raise InputError("missing_array", path=path, array=exc, sizes=net.sizes) from None
    for w, b, n_in, n_out in zip(net.weights, net.biases, net.sizes[:-1], net.sizes[1:]):
        if w.shape != (n_out, n_in) or b.shape != (n_out, 1):
            raise InputError("wrong_shapes", path=path, sizes=net.sizes)
    return net
