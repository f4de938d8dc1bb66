"""The MNIST handwritten digits (LeCun, Cortes and Burges), as arrays for `Network`.

Each image is 28×28 grey pixels.  We flatten it into 784 numbers in [0, 1]
(0 = white paper, 1 = black ink), row by row from the top left, so
`images[i].reshape(28, 28)` gives the picture back.

`load_mnist()` returns the book's three sets, each a `Digits(images, labels)`:

* training   — the first 50,000 images of the official training file,
* validation — its last 10,000,
* test       — the 10,000 images of the official test file.

`images` has shape (n, 784) (one image per row, float32) and `labels` shape (n,)
(whole numbers 0–9, int64); `digits.one_hot()` gives the labels as rows of ten 0s and 1s.

Where the four files come from, first match wins:

1. the `data_dir` argument,
2. the folder in the environment variable NNBOOK_DATA_DIR,
3. the user's cache folder (`default_data_dir()`; e.g. ~/.cache/nnbook/mnist on Linux).

A folder that holds all four files is only read (apart from the shared images below, written there
only when the folder is writable: with no write bits it is read-only, even for root).  Files that are
missing are downloaded (with pooch's HTTP downloader) from the first mirror in
`MIRRORS` that answers — or from the mirrors in NNBOOK_MNIST_MIRRORS or the `mirrors`
argument — into a temporary file that is verified and only then renamed into place.
Every file, found or downloaded, is checked by its content: the IDX header (magic
number, dimensions, length) and the canonical md5 of the decompressed bytes, so a
re-compressed (or uncompressed) copy is fine and anything else is refused by name.

One copy of the images per machine: the float32 images (≈ 220 MB) are written once, uncompressed, to
`mnist-images-float32-v1.npy` beside the four files (or, when that folder is read-only, in the user's
cache folder), and every load maps that file into memory instead of making its own copy, so the
kernels on a machine share one copy (the operating system's page cache).  The file is written to
a temporary name, checked, and renamed into place (one process writes it at a time; the others wait
and use it); every load checks its header and its SHA-256 (`CACHE_SHA256`), and a file that does not
match is written again.  The mapping is copy-on-write: a lesson that writes into an array changes its
own pages only, never the file or another kernel's digits.  Where nothing can be written, the images
are made in memory, as before.

Run `python -m nnbook.data` once on a machine to fetch and verify the files (and write the shared
images) ahead of class.

What a student or a teacher reads here (progress, what went wrong and how to fix it, the report of
`python -m nnbook.data`) comes from the catalogue nnbook/locales/*/data.toml, in the language in use.
"""

import argparse
import contextlib
import gzip
import hashlib
import mmap
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import InputError
from .i18n import catalogue

#: What a student reads here, in the language in use (nnbook/locales/*/data.toml).
TEXT = catalogue("data")

#: The four files and the md5 of their *decompressed* content (the canonical values).
FILES = {
    "train_images": ("train-images-idx3-ubyte.gz", "6bbc9ace898e44ae57da46a324031adb"),
    "train_labels": ("train-labels-idx1-ubyte.gz", "a25bea736e30d166cdddb491f175f624"),
    "test_images": ("t10k-images-idx3-ubyte.gz", "2646ac647ad5339dbf082846283269ea"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz", "27ae3e4e09519cfbb04c329615203637"),
}

#: What each file's IDX header must say: its dimensions (count, then rows × columns for images).
SHAPES = {
    "train_images": (60000, 28, 28),
    "train_labels": (60000,),
    "test_images": (10000, 28, 28),
    "test_labels": (10000,),
}

#: Public mirrors of the original files, tried in this order (the original site often refuses).
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

ENV_VAR = "NNBOOK_DATA_DIR"
MIRRORS_ENV_VAR = "NNBOOK_MNIST_MIRRORS"

#: Seconds to wait for a mirror to answer before trying the next one.
TIMEOUT = 30

#: The shared, uncompressed images: training then test, (70,000, 784) float32 (pixel / 255), little-endian.
CACHE_NAME = "mnist-images-float32-v1.npy"
CACHE_SHAPE = (70000, 784)
CACHE_DTYPE = np.dtype("<f4")
#: SHA-256 of the cache's array bytes (after its .npy header): what `load_mnist` computes from the canonical files.
CACHE_SHA256 = "d27fb91380ff036e93126fddb1fc6037e178683a6d3d702bd6655b27bcd0ac69"
_CACHE_CHUNK = 5000  # images converted and written at a time (≈ 16 MB)

_GZIP_MAGIC = b"\x1f\x8b"
_LOAD_ORDER = ("train_labels", "test_labels", "test_images", "train_images")  # small files first
#: What `_describe` looks for in a connection error's text, and the id of what it means.
_CONNECTION_CLUES = (("NameResolution", "not_resolved"), ("refused", "refused"),
                     ("timed out", "timeout"), ("Timeout", "timeout"))


class Digits(NamedTuple):
    """A set of digits: images (n, 784) in [0, 1] and labels (n,) in 0–9."""

    images: np.ndarray
    labels: np.ndarray

    def __repr__(self):
        return TEXT("repr", n=len(self.labels))

    def one_hot(self):
        """The labels as rows of ten numbers with a single 1: 3 → [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]."""
        from .network import one_hot

        return one_hot(self.labels)


class MNISTFileError(ValueError):
    """A file with an MNIST name whose content is not that MNIST file; `.path` names it."""

    def __init__(self, path, problem):
        self.path = Path(path)
        self.problem = problem
        super().__init__(TEXT("bad_file", path=self.path, name=_canonical_name(self.path), problem=problem))


class MNISTNotFound(FileNotFoundError):
    """Some of the four files are missing and could not be downloaded."""


def _canonical_name(path):
    name = Path(path).name
    return name if name.endswith(".gz") else name + ".gz"


def default_data_dir():
    """Where MNIST is looked for: $NNBOOK_DATA_DIR if set, else the user's cache folder."""
    return _choose_folder(None)[0]


def cache_dir():
    """The user's cache folder for MNIST (pooch.os_cache('nnbook') / 'mnist').

    ~/.cache/nnbook/mnist on Linux ($XDG_CACHE_HOME/nnbook/mnist if that is set),
    ~/Library/Caches/nnbook/mnist on macOS, %LOCALAPPDATA%\\nnbook\\nnbook\\Cache\\mnist on Windows.
    """
    import pooch

    return Path(pooch.os_cache("nnbook")).expanduser() / "mnist"


def _choose_folder(data_dir):
    """(folder, why it was chosen) — the data_dir argument, then $NNBOOK_DATA_DIR, then the cache."""
    if data_dir is not None:
        if not isinstance(data_dir, (str, os.PathLike)):
            raise InputError("data_dir", got=f"{type(data_dir).__name__} {data_dir!r:.80}", var=ENV_VAR)
        return Path(data_dir).expanduser(), TEXT["why"]["given"]
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser(), TEXT["why"]("environment", var=ENV_VAR)
    return cache_dir(), TEXT["why"]("cache", var=ENV_VAR)


def _choose_mirrors(mirrors):
    """Base URLs to try, in order: the `mirrors` argument, $NNBOOK_MNIST_MIRRORS, `MIRRORS`."""
    if mirrors is None:
        mirrors = os.environ.get(MIRRORS_ENV_VAR, "").replace(",", " ").split() or MIRRORS
    elif isinstance(mirrors, str):
        mirrors = [mirrors]
    mirrors = list(mirrors)
    if not mirrors:
        raise InputError("no_mirrors")
    for url in mirrors:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InputError("mirror_url", example=repr(MIRRORS[0]), got=repr(url))
    return [url if url.endswith("/") else url + "/" for url in mirrors]


def _find(folder, name):
    """The file `name` in `folder`, or its uncompressed twin (Safari unpacks .gz downloads); else None."""
    for candidate in (folder / name, folder / name[: -len(".gz")]):
        if candidate.is_file():
            return candidate
    return None


def _check_content(data, key, where):
    """Decompress (if gzip) and verify one file's bytes; return them as a uint8 array of SHAPES[key].

    Raises MNISTFileError(where, problem) if the header, the length or the checksum is wrong.
    """
    name, md5 = FILES[key]
    shape = SHAPES[key]
    problems = TEXT["problems"]
    kind = problems["kinds"]["images" if len(shape) == 3 else "labels"]
    if data[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(data)
        except EOFError:
            raise MNISTFileError(where, problems["gzip_truncated"]) from None
        except (OSError, zlib.error) as exc:
            raise MNISTFileError(where, problems("gzip_damaged", error=exc)) from None
    else:
        raw = data
    head = raw[:4]
    if len(head) < 4 or head[:3] != b"\x00\x00\x08":
        what = problems["empty"] if not raw else problems("starts_with", start=repr(bytes(raw[:16])))
        raise MNISTFileError(where, problems("no_magic", kind=kind, want=len(shape), what=what))
    ndim = head[3]
    if ndim != len(shape):
        other = (problems["a_label_file"] if ndim == 1 else problems["an_image_file"] if ndim == 3
                 else problems("an_idx_file", ndim=ndim))
        raise MNISTFileError(where, problems("wrong_magic", ndim=ndim, other=other, name=name, kind=kind,
                                             want=len(shape)))
    header = 4 + 4 * ndim
    dims = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    if dims != shape:
        raise MNISTFileError(where, problems("wrong_shape", kind=kind, dims=dims, name=name, shape=shape))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        how = "truncated" if len(raw) < expected else "too_long"
        raise MNISTFileError(where, problems(how, found=len(raw), expected=expected))
    found = hashlib.md5(raw).hexdigest()
    if found != md5:
        raise MNISTFileError(where, problems("checksum", found=found, md5=md5))
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _read_verified(path, key):
    return _check_content(Path(path).read_bytes(), key, path)


def _describe(exc):
    """What happened when a mirror was asked, in a few words for the list of what was tried."""
    said = TEXT["mirror"]
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return said("http", status=response.status_code, reason=response.reason or "").rstrip()
    if isinstance(exc, MNISTFileError):
        return said("not_mnist", problem=exc.problem)
    text = str(exc) or type(exc).__name__
    if _unreachable(exc):
        for clue, meaning in _CONNECTION_CLUES:
            if clue in text or clue in type(exc).__name__:
                return said("no_connection", meaning=said[meaning])
        return said("no_connection_because", detail=text[-160:])
    if "IncompleteRead" in text or "Connection broken" in text:
        return said["cut_off"]
    return said("failed", kind=type(exc).__name__, detail=text[:160])


def _unreachable(exc):
    """True for 'no connection' and timeouts (requests' ConnectionError, Timeout and their kin)."""
    return any(cls.__name__ in ("ConnectionError", "Timeout") for cls in type(exc).__mro__)


def _download(folder, key, mirrors, progress, tried, dead):
    """Fetch FILES[key] into `folder` from the first mirror that gives a verified copy.

    The bytes go to a hidden temporary file in `folder`, are verified, and only then renamed to
    the real name, so an interrupted or bad download never leaves a file under that name.
    Appends (url, what went wrong — or None when it worked) to `tried`; mirrors that could not be
    reached at all go into `dead` and are skipped for the remaining files.  Returns the path, or
    None if every mirror failed.
    """
    import pooch

    name, _ = FILES[key]
    for base in mirrors:
        if base in dead:
            continue
        url = base + name
        if progress:
            print(TEXT("downloading", name=name, url=url, folder=folder), file=sys.stderr, flush=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        try:
            try:
                with os.fdopen(fd, "w+b") as out:
                    downloader = pooch.HTTPDownloader(progressbar=bool(progress), timeout=TIMEOUT)
                    downloader(url, out, None)
                    out.flush()
                    os.fsync(out.fileno())
                data = Path(tmp).read_bytes()
                _check_content(data, key, url)
            except Exception as exc:  # any failure of this mirror: note it and try the next one
                tried.append((url, _describe(exc)))
                if _unreachable(exc):
                    dead.add(base)
                continue
            # A server that decoded the gzip for us sent the raw IDX bytes: store them under the raw name.
            final = folder / (name if data[:2] == _GZIP_MAGIC else name[: -len(".gz")])
            os.replace(tmp, final)
            tried.append((url, None))
            return final
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return None


def _gather(data_dir, mirrors, download, progress):
    """Find the four files, downloading the missing ones; return (folder, why, {key: path}, tried)."""
    folder, why = _choose_folder(data_dir)
    mirrors = _choose_mirrors(mirrors)
    if folder.exists() and not folder.is_dir():
        raise ValueError(TEXT("folder_is_a_file", folder=folder, why=why))
    paths = {key: _find(folder, name) for key, (name, _) in FILES.items()}
    missing = [key for key, path in paths.items() if path is None]
    tried = []
    if not missing:
        return folder, why, paths, tried  # complete: the four files are only read from here on
    fix = TEXT["fix"]
    looked = fix("looked", folder=folder, why=why, missing=", ".join(FILES[key][0] for key in missing))
    by_hand = fix("by_hand", names=", ".join(name for name, _ in FILES.values()), mirror=mirrors[0],
                  folder=folder, var=ENV_VAR)
    if not download:
        raise MNISTNotFound(fix("no_download", looked=looked, by_hand=by_hand))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()  # can we write here at all?
    except OSError as exc:
        raise MNISTNotFound(fix("cannot_store", folder=folder, reason=exc.strerror or exc, looked=looked,
                                var=ENV_VAR, by_hand=by_hand)) from None
    dead = set()
    for key in missing:
        paths[key] = _download(folder, key, mirrors, progress, tried, dead)
        if paths[key] is None:
            attempts = "\n".join(f"  - {url}: {what or TEXT['mirror']['ok']}" for url, what in tried)
            got = [FILES[k][0] for k in missing if paths[k] is not None]
            if all(base in dead for base in mirrors):
                headline = fix["offline"]
            else:
                headline = fix("no_good_copy", name=FILES[key][0])
            raise MNISTNotFound(fix("could_not_download", headline=headline, looked=looked,
                                    downloaded=fix("downloaded", names=", ".join(got)) if got else "",
                                    attempts=attempts, var=MIRRORS_ENV_VAR, by_hand=by_hand))
    return folder, why, paths, tried


def fetch_mnist(data_dir=None, *, mirrors=None, download=True, progress=True):
    """Make sure the four MNIST files are in place and verified; return their folder.

    Looks in `data_dir`, else $NNBOOK_DATA_DIR, else `cache_dir()`; downloads only what is
    missing, from `mirrors` (else $NNBOOK_MNIST_MIRRORS, else `MIRRORS`).  Raises
    `MNISTNotFound` if files are missing and cannot be fetched, `MNISTFileError` for a bad file.
    """
    folder, _, paths, _ = _gather(data_dir, mirrors, download, progress)
    for key in _LOAD_ORDER:
        _read_verified(paths[key], key)
    return folder


def load_mnist(data_dir=None, *, mirrors=None, download=True, progress=True):
    """(training, validation, test) as `Digits`: 50,000 + 10,000 + 10,000 verified MNIST digits.

    The files are looked for in `data_dir`, else $NNBOOK_DATA_DIR, else `cache_dir()`; missing
    ones are downloaded (see `fetch_mnist`) unless `download=False`.  `progress` shows what is
    being downloaded.  Images are float32 rows of 784 pixels in [0, 1]; labels int64 in 0–9.
    """
    folder, _, paths, _ = _gather(data_dir, mirrors, download, progress)
    arrays = {key: _read_verified(paths[key], key) for key in _LOAD_ORDER}
    images, _ = shared_images(folder, arrays)
    train_x, test_x = images[:60000], images[60000:]
    train_y = arrays["train_labels"].astype(np.int64)
    test_y = arrays["test_labels"].astype(np.int64)
    return (Digits(train_x[:50000], train_y[:50000]), Digits(train_x[50000:], train_y[50000:]),
            Digits(test_x, test_y))


def _to_float(pixels):
    """uint8 pixels → float32 in [0, 1] (pixel / 255), one image per row of 784."""
    return pixels.reshape(-1, 784).astype(np.float32) / np.float32(255)


def _raw_images(arrays):
    """The verified uint8 images, training then test: the rows of the cache, in order."""
    return arrays["train_images"].reshape(-1, 784), arrays["test_images"].reshape(-1, 784)


def _cache_folders(folder):
    """Where the cache is looked for and written, in order: beside the four files, then the user cache folder."""
    folders = [Path(folder)]
    try:
        home = cache_dir()
    except Exception:  # no home folder at all: only beside the files
        return folders
    if home.resolve() != Path(folder).resolve():
        folders.append(home)
    return folders


def open_cache(path):
    """The cache file at `path` as a (70,000, 784) float32 array mapped from the file, or None.

    None when the file is missing, unreadable, or not exactly the expected array: its .npy header
    (shape, dtype, C order), its length and the SHA-256 of its bytes are checked.  The mapping is
    copy-on-write (writes stay in this process); nothing is read with pickle.
    """
    try:
        with open(path, "rb") as f:
            try:
                version = np.lib.format.read_magic(f)
                if version == (1, 0):
                    shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
                elif version == (2, 0):
                    shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
                else:
                    return None
            except ValueError:  # not an .npy file, or a damaged header
                return None
            offset = f.tell()
            count = int(np.prod(CACHE_SHAPE))
            size = os.fstat(f.fileno()).st_size
            if shape != CACHE_SHAPE or fortran or dtype != CACHE_DTYPE or size != offset + count * CACHE_DTYPE.itemsize:
                return None
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    except OSError:
        return None
    with memoryview(mapped) as view:
        digest = hashlib.sha256(view[offset:]).hexdigest()
    if digest != CACHE_SHA256:
        mapped.close()
        return None
    return np.frombuffer(mapped, dtype=CACHE_DTYPE, count=count, offset=offset).reshape(CACHE_SHAPE)


@contextlib.contextmanager
def _one_writer(folder):
    """Hold an exclusive lock on `folder` (POSIX flock on the folder itself: no lock file is left behind).

    Kernels that load the digits for the first time at the same moment then write the cache one
    after the other (the later ones find it written); yields True.  Where there is no such lock
    (Windows; some network file systems refuse it) it yields False: each writer then writes its own
    temporary file, and the renames replace a good file by an identical one.
    """
    try:
        import fcntl
    except ImportError:
        yield False
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            locked = False
        else:
            locked = True
        yield locked
    finally:
        os.close(fd)  # closing the folder releases the lock


def _write_cache(folder, arrays):
    """Write the cache into `folder` (temporary file, flushed, renamed into place) and map it; OSError if we cannot."""
    folder.mkdir(parents=True, exist_ok=True)
    if not os.stat(folder).st_mode & 0o222:  # no write bit for anyone: read-only, even for root (who could)
        raise PermissionError(f"{folder} is read-only")
    path = folder / CACHE_NAME
    with _one_writer(folder) as alone:
        images = open_cache(path)  # another kernel may have written it while we waited
        if images is not None:
            return images
        if alone:  # what a writer that was killed half way left behind: nobody else is writing now
            for leftover in folder.glob(f".{CACHE_NAME}.*.part"):
                leftover.unlink()
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{CACHE_NAME}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                np.lib.format.write_array_header_1_0(
                    out, {"descr": np.lib.format.dtype_to_descr(CACHE_DTYPE), "fortran_order": False,
                          "shape": CACHE_SHAPE})
                for pixels in _raw_images(arrays):
                    for start in range(0, len(pixels), _CACHE_CHUNK):
                        out.write(_to_float(pixels[start:start + _CACHE_CHUNK]).astype(CACHE_DTYPE, copy=False)
                                  .tobytes())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; other users of a shared folder may read it
            try:
                os.replace(tmp, path)
            except PermissionError:  # Windows: another kernel, unlocked, put a file there and has it open
                images = open_cache(path)
                if images is None:
                    raise
                return images
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return open_cache(path)


def shared_images(folder, arrays):
    """(images, where): the (70,000, 784) float32 images, training then test, shared through the cache.

    `arrays` holds the verified uint8 images.  A good cache beside the four files in `folder`, else in
    the user cache folder, is mapped; else one is written (beside the files if we may, else in the
    cache folder).  If none can be written, the images are made in memory and `where` is None.
    """
    folders = _cache_folders(folder)
    for place in folders:
        images = open_cache(place / CACHE_NAME)
        if images is not None:
            return images, place / CACHE_NAME
    for place in folders:
        try:
            images = _write_cache(place, arrays)
        except OSError:  # a read-only folder, a full disk: try the next place
            continue
        if images is not None:
            return images, place / CACHE_NAME
    return np.concatenate([_to_float(pixels) for pixels in _raw_images(arrays)]), None


def main(argv=None):
    """`python -m nnbook.data`: fetch (if needed) and verify MNIST, and say where it is."""
    said = TEXT["command"]
    parser = argparse.ArgumentParser(prog="python -m nnbook.data", description=said("description", var=ENV_VAR))
    parser.add_argument("--data-dir", help=said("data_dir_help", var=ENV_VAR))
    parser.add_argument("--mirror", action="append", metavar="URL",
                        help=said("mirror_help", var=MIRRORS_ENV_VAR, mirrors=" ".join(MIRRORS)))
    parser.add_argument("--no-download", action="store_true", help=said["no_download_help"])
    parser.add_argument("--quiet", action="store_true", help=said["quiet_help"])
    args = parser.parse_args(argv)
    try:
        folder, why, paths, tried = _gather(args.data_dir, args.mirror, not args.no_download, not args.quiet)
        print(said("folder", folder=folder, why=why))
        fetched = {Path(url).name: url for url, what in tried if what is None}
        arrays = {}
        for key, (name, md5) in FILES.items():
            arrays[key] = _read_verified(paths[key], key)
            source = said("downloaded_from", url=fetched[name]) if name in fetched else ""
            print(said("images_line" if "images" in key else "labels_line", name=paths[key].name, n=len(arrays[key]),
                       md5=md5, source=source))
        _, shared = shared_images(folder, arrays)
        print(said("shared", path=shared) if shared else said["not_shared"])
    except (MNISTNotFound, ValueError) as exc:
        print(said("error", message=exc), file=sys.stderr)
        return 1
    print(said("verified", var=ENV_VAR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
