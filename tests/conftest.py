import logging
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The kernels nbval starts inherit these: the main run checks the lessons with ONE BLAS thread,
# tests/test_any_machine.py checks them again with two, and with other OpenBLAS kernels.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

# The English lessons and the tests speak English whatever the shell says; the Chinese lessons set their
# language in their first cell, and tests that want Chinese ask for it (and `_english_again` undoes it).
os.environ.pop("NNBOOK_LANG", None)

# Slow end-to-end checks run after everything else: the browser suite (its Voilà soak last), then the
# other BLAS set-ups.
RUN_LAST = {"tests/browser": 1, "tests/browser/test_voila_soak.py": 1.5, "tests/test_any_machine.py": 2}


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = Path(str(item.path)).resolve()
        where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        return max([n for prefix, n in RUN_LAST.items() if where.startswith(prefix)], default=0)

    items.sort(key=rank)  # stable: the order inside each group is kept


@pytest.fixture(autouse=True)
def _english_again():
    """A test that switched nnbook to Chinese leaves it as it found it."""
    yield
    import nnbook.i18n

    nnbook.i18n._chosen = None


@pytest.fixture
def chinese():
    """nnbook speaks Chinese for this test."""
    import nnbook

    nnbook.set_language("zh")
    yield


@pytest.fixture(params=["en", "zh"])
def language(request):
    """A test that runs once per edition: "en" (notebooks/), then "zh" (notebooks/zh/), nnbook speaking it."""
    import nnbook

    nnbook.set_language(request.param)
    yield request.param


@pytest.fixture
def close_figures():
    """Every pyplot figure a test opened is closed after it (`pytestmark = pytest.mark.usefixtures("close_figures")`)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


class _GlyphLog(logging.Handler):
    """Keeps what matplotlib logs about a glyph or a font."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        if "glyph" in message or "findfont" in message.lower():
            self.messages.append(message)


@pytest.fixture
def glyph_log():
    """What matplotlib logs about a glyph or a font while the test runs: a box drawn for a character the font
    lacks ("... does not have a glyph for ..."), a font not found.  Its warnings are errors already; these it only
    logs, so a test that draws Chinese ends with `assert glyph_log == []`."""
    handler = _GlyphLog()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def shown(monkeypatch):
    """The figures the lessons show with surface_views' `show_figure` (lessons 04 and 05), drawn and kept here:
    every nnbook module that took `show_figure` shows into this list instead of turning the figure into a PNG
    and closing it."""
    from nnbook.surface_views import show_figure

    figures = []

    def keep(fig):
        fig.canvas.draw()
        figures.append(fig)

    for name, module in list(sys.modules.items()):
        if (name == "nnbook" or name.startswith("nnbook.")) and getattr(module, "show_figure", None) is show_figure:
            monkeypatch.setattr(module, "show_figure", keep)
    return figures


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST (training, validation, test), from $NNBOOK_DATA_DIR or ../shared/data/mnist."""
    from nnbook.data import load_mnist

    folder = os.environ.get("NNBOOK_DATA_DIR") or ROOT.parent / "shared" / "data" / "mnist"
    return load_mnist(folder)
