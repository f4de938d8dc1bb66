"""A short soak of Voilà: each lesson that has a slider, loaded 3 times in a row, must finish every time.

benchmarks/voila_soak.py does the work (and the full 20 loads per lesson when run by hand).  It runs
after the other browser tests (tests/conftest.py, RUN_LAST).
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOADS = 3


def load_soak():
    spec = importlib.util.spec_from_file_location("voila_soak", ROOT / "benchmarks" / "voila_soak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_slider_lesson_finishes_in_voila_on_every_load(playwright):
    soak = load_soak()
    lessons = soak.lessons_named(soak.SLIDER_LESSONS)  # found from the lessons' saved widgets
    assert "01" in soak.SLIDER_LESSONS and "09" not in soak.SLIDER_LESSONS  # the perceptron's sliders; the appendix has none
    tally = soak.soak(lessons, LOADS, playwright=playwright)
    print(tally.table())
    assert len(tally.results) == LOADS * len(lessons)
    assert tally.hangs == 0 and tally.errors == 0, "Voilà did not finish every load:\n" + tally.table()
