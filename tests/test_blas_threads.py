"""The lessons print the same numbers whether BLAS uses one thread or two.

Matrix products can add in a different order with more threads, and a lesson that prints
"accuracy 9,512 / 10,000" should not depend on the machine. The main run pins the notebook
kernels to one BLAS thread (tests/conftest.py); this test runs the whole series once more under
strict nbval, in a subprocess, with two.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TWO_THREADS = {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


def test_the_main_run_uses_one_blas_thread():
    assert {os.environ.get(v) for v in TWO_THREADS} == {"1"}


def test_two_threads_really_reach_numpy():
    """The knob works: a Python started with these variables reports two BLAS threads."""
    code = ("from threadpoolctl import threadpool_info; import numpy; "
            "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}))")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **TWO_THREADS),
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[2]", f"BLAS threads with {TWO_THREADS}: {out}"


def test_the_series_passes_strict_nbval_with_two_blas_threads():
    assert NOTEBOOKS
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no", *map(str, NOTEBOOKS)],
        cwd=ROOT, env=dict(os.environ, **TWO_THREADS), capture_output=True, text=True)
    out = result.stdout + result.stderr
    summary = out[out.find("short test summary"):] if "short test summary" in out else out[-3000:]
    first = out[out.find("FAILURES"):][:3000] if "FAILURES" in out else ""
    assert result.returncode == 0, f"strict nbval with two BLAS threads failed:\n{summary}\n{first}"
    assert " passed" in out and " skipped" not in out, summary
