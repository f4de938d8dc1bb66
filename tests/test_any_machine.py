"""The lessons' exact outputs are the same on any machine: strict nbval under other BLAS set-ups.

A matrix product adds its terms in an order that depends on the CPU's instructions, on the BLAS
kernel NumPy uses and on the number of threads, so its last bit differs from machine to machine.
An output is *exact* when such differences cannot change its text (perceptron logic, formulas,
data statistics, untrained networks, the reference network of lesson 07, short runs whose weights
agree to about 1e-8) and *chaotic* when a long training run magnifies them (lesson 06's runs: cells
tagged `chaotic`, whose claims the next cells print and nbval checks strictly — see
tests/test_notebook_discipline.py).

The main run checks the lessons with one BLAS thread and the machine's own OpenBLAS kernel. Here the
whole series runs again under strict nbval, each in a subprocess and all at the same time, with
- two BLAS threads,
- OPENBLAS_CORETYPE=Prescott (OpenBLAS's SSE3 kernels) and
- OPENBLAS_CORETYPE=Sandybridge (its AVX kernels),
which round differently from each other and from the default (AVX2 on this project's machines).
Kernels are switched only where NumPy's BLAS is OpenBLAS on x86-64; elsewhere those runs are skipped
with the reason.
"""

import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
SET_UPS = {
    "two BLAS threads": dict.fromkeys(THREADS, "2"),
    "OpenBLAS Prescott kernels": {"OPENBLAS_CORETYPE": "Prescott"},
    "OpenBLAS Sandybridge kernels": {"OPENBLAS_CORETYPE": "Sandybridge"},
}
#: What threadpoolctl then reports: (BLAS, kernel architecture, threads). OpenBLAS names its Prescott
#: kernels after the oldest CPU that runs them, Katmai.
REPORTED = {"two BLAS threads": ", 2)", "OpenBLAS Prescott kernels": "'Katmai', 1)",
            "OpenBLAS Sandybridge kernels": "'Sandybridge', 1)"}
BLAS_INFO = ("from threadpoolctl import threadpool_info; import numpy; "
             "print(*sorted({(p['internal_api'], p.get('architecture'), p['num_threads']) "
             "for p in threadpool_info() if p['user_api'] == 'blas'}))")


def environment(set_up):
    return dict(os.environ, **SET_UPS[set_up])


def blas_of(env):
    return subprocess.run([sys.executable, "-c", BLAS_INFO], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def why_not(set_up):
    """The reason a set-up cannot be tried on this machine, or None."""
    if "OPENBLAS_CORETYPE" not in SET_UPS[set_up]:
        return None
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return f"OPENBLAS_CORETYPE names x86-64 kernels; this machine is {platform.machine()}"
    if "openblas" not in blas_of(dict(os.environ)):
        return f"NumPy's BLAS here is not OpenBLAS ({blas_of(dict(os.environ))}), so OPENBLAS_CORETYPE does nothing"
    return None


def test_the_main_run_uses_one_blas_thread():
    assert {os.environ.get(v) for v in THREADS} == {"1"}


@pytest.mark.parametrize("set_up", SET_UPS)
def test_each_set_up_really_reaches_numpy(set_up):
    """The knobs work: a Python started with them reports the kernel or the thread count asked for."""
    if why_not(set_up):
        pytest.skip(why_not(set_up))
    found = blas_of(environment(set_up))
    assert REPORTED[set_up] in found, f"{set_up}: NumPy's BLAS reports {found}"
    if "OPENBLAS_CORETYPE" in SET_UPS[set_up]:
        assert found != blas_of(dict(os.environ)), f"{set_up} is this machine's own kernel: nothing new is tried"


@pytest.fixture(scope="module")
def strict_runs():
    """Start strict nbval over the whole series under every set-up at once; {set_up: (exit code, output)}."""
    assert NOTEBOOKS
    started = {}
    for set_up in SET_UPS:
        if why_not(set_up):
            continue
        log = tempfile.TemporaryFile(mode="w+")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no", *map(str, NOTEBOOKS)]
        started[set_up] = (subprocess.Popen(command, cwd=ROOT, env=environment(set_up), stdout=log,
                                            stderr=subprocess.STDOUT, text=True), log)
    results = {}
    for set_up, (process, log) in started.items():
        process.wait()
        log.seek(0)
        results[set_up] = (process.returncode, log.read())
        log.close()
    return results


@pytest.mark.parametrize("set_up", SET_UPS)
def test_the_series_passes_strict_nbval(set_up, strict_runs):
    if why_not(set_up):
        pytest.skip(why_not(set_up))
    code, out = strict_runs[set_up]
    summary = out[out.find("short test summary"):] if "short test summary" in out else out[-3000:]
    first = out[out.find("FAILURES"):][:4000] if "FAILURES" in out else ""
    assert code == 0, f"strict nbval under {set_up} failed:\n{summary}\n{first}"
    assert " passed" in out and " skipped" not in out, summary
