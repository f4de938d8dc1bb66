import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST (training, validation, test), from $NNBOOK_DATA_DIR or ../shared/data/mnist."""
    from nnbook.data import load_mnist

    folder = os.environ.get("NNBOOK_DATA_DIR") or ROOT.parent / "shared" / "data" / "mnist"
    return load_mnist(folder)
