"""How much memory do N students' kernels take once each has loaded the digits?  Copies against one shared copy.

    export NNBOOK_DATA_DIR=/path/to/mnist                 # where the four MNIST files are
    .venv/bin/python benchmarks/shared_digits.py           # 30 kernels, each way (≈ 5 min, ≈ 11 GB at the peak)
    .venv/bin/python benchmarks/shared_digits.py --kernels 5 --modes shared

Each kernel is a real IPython kernel (jupyter_client, the venv's Python, one BLAS thread), started two
at a time, that runs what lesson 06 runs first — its imports (NumPy, matplotlib, nnbook's network
and lesson module) and `training, validation, test = load_mnist()` — and then holds the digits.
Two ways, one after the other (all kernels of one way are stopped before the next starts):

* copy   — how it was before the shared images: every kernel converts the images into memory of its
           own (≈ 220 MB of float32).  This is load_mnist's own path when no folder can be written:
           the kernels get a user cache folder with no write bits and a read-only data folder.
* shared — load_mnist maps the one file `mnist-images-float32-v1.npy` (written by the first kernel,
           in a fresh user cache folder of this run when the data folder is read-only).

Figures: the sum over the kernels of their PSS (proportional set size, /proc/<pid>/smaps_rollup:
a page shared by k processes counts 1/k in each, so the sum is what they take together), after the
imports and again after loading the digits; and the machine's used memory (MemTotal − MemAvailable,
/proc/meminfo) before the first kernel and with all of them holding the digits.  The machine may be
shared: its used memory moves with other work, the PSS sum does not.  Linux only (/proc).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024

IMPORTS = """
import numpy as np
import matplotlib.pyplot as plt
from nnbook.data import load_mnist
from nnbook.network import Network
import nnbook.lessons.l06_training
"""
LOAD = """
training, validation, test = load_mnist()
assert training.images.shape == (50000, 784) and test.labels.shape == (10000,)
"""


def meminfo():
    fields = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0]) * 1024
    return fields


def used():
    info = meminfo()
    return info["MemTotal"] - info["MemAvailable"]


def rollup(pid):
    """{'Rss': bytes, 'Pss': bytes, 'Pss_Anon': …, 'Pss_File': …} from /proc/<pid>/smaps_rollup."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[-1] == "kB":
            out[key] = int(parts[0]) * 1024
    return out


def total(pids, key="Pss"):
    return sum(rollup(pid).get(key, 0) for pid in pids)


def start(env, n):
    """n kernels, started two at a time, each ready; [(manager, client)]."""
    from jupyter_client import KernelManager

    kernels = []
    for i in range(0, n, 2):
        batch = []
        for _ in range(min(2, n - i)):
            km = KernelManager(kernel_name="python3")
            km.start_kernel(env=env, stderr=subprocess.DEVNULL)  # its "running over TCP" warning
            batch.append(km)
        for km in batch:
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=180)
            kernels.append((km, kc))
    return kernels


def run(kernels, code, what):
    for km, kc in kernels:
        reply = kc.execute_interactive(code, timeout=600, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            sys.exit(f"{what} failed in a kernel: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def stop(kernels):
    for km, kc in kernels:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def measure(mode, n, data_dir, work):
    cache_home = work / f"cache-{mode}"
    (cache_home / "nnbook" / "mnist").mkdir(parents=True)
    env = dict(os.environ, NNBOOK_DATA_DIR=str(data_dir), XDG_CACHE_HOME=str(cache_home),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    if mode == "copy":  # nowhere to write: load_mnist converts in memory, as every load did before
        (cache_home / "nnbook" / "mnist").chmod(0o555)
        if os.stat(data_dir).st_mode & 0o222:
            sys.exit(f"--modes copy needs a read-only data folder (no write bits); {data_dir} is writable")
    time.sleep(2)
    before = used()
    t0 = time.monotonic()
    kernels = start(env, n)
    try:
        pids = [km.provisioner.process.pid for km, _ in kernels]
        run(kernels, IMPORTS, "the imports")
        time.sleep(1)
        imported = total(pids)
        t1 = time.monotonic()
        run(kernels, LOAD, "load_mnist()")
        load_seconds = time.monotonic() - t1
        time.sleep(2)
        rolls = [rollup(pid) for pid in pids]
        loaded = sum(r["Pss"] for r in rolls)
        after = used()
        print(f"\n{mode}: {n} kernels (started and imported in {t1 - t0:.0f} s; load_mnist() in each, one after "
              f"the other: {load_seconds:.1f} s)")
        print(f"  sum of PSS after the imports      {imported / MiB:8.0f} MiB  ({imported / n / MiB:.0f} MiB a kernel)")
        print(f"  sum of PSS holding the digits     {loaded / MiB:8.0f} MiB  ({loaded / n / MiB:.0f} MiB a kernel)")
        print(f"    of which anonymous / file-backed {sum(r.get('Pss_Anon', 0) for r in rolls) / MiB:7.0f} / "
              f"{sum(r.get('Pss_File', 0) for r in rolls) / MiB:.0f} MiB")
        print(f"  the digits added                  {(loaded - imported) / MiB:8.0f} MiB  "
              f"({(loaded - imported) / n / MiB:.1f} MiB a kernel)")
        print(f"  RSS of one kernel                 {rolls[0]['Rss'] / MiB:8.0f} MiB  (shared pages counted in full)")
        print(f"  machine's used memory             {before / MiB:8.0f} → {after / MiB:.0f} MiB  "
              f"(+{(after - before) / MiB:.0f} MiB; other work on the machine moves this)")
        cache = [p for p in (Path(data_dir) / "mnist-images-float32-v1.npy",
                             cache_home / "nnbook" / "mnist" / "mnist-images-float32-v1.npy") if p.exists()]
        print(f"  shared images file: {cache[0] if cache else 'none'}")
        return loaded
    finally:
        stop(kernels)
        if mode == "copy":
            (cache_home / "nnbook" / "mnist").chmod(0o755)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kernels", type=int, default=30)
    parser.add_argument("--modes", nargs="+", choices=("copy", "shared"), default=["copy", "shared"])
    args = parser.parse_args()
    data_dir = os.environ.get("NNBOOK_DATA_DIR") or str(ROOT.parent / "shared" / "data" / "mnist")
    print(f"{args.kernels} kernels, Python {sys.version.split()[0]}, data {data_dir}, "
          f"{os.cpu_count()} CPUs, {meminfo()['MemTotal'] / 2**30:.1f} GiB")
    work = Path(tempfile.mkdtemp(prefix="shared-digits-"))
    try:
        results = {mode: measure(mode, args.kernels, data_dir, work) for mode in args.modes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(results) == 2:
        print(f"\nshared ÷ copy: {results['shared'] / results['copy']:.2f} of the memory "
              f"({(results['copy'] - results['shared']) / 2**30:.1f} GiB less for {args.kernels} kernels)")


if __name__ == "__main__":
    main()
