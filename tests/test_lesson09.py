"""Lesson 09, the appendix: one step three ways (per example, matrix form, FastNetwork's step), the same weights."""

import json
from pathlib import Path

import pytest

from nnbook.fast import FastStep
from nnbook.lessons.l09_appendix_speed import (
    check_backprop_calls, code_of, same_weights_text, three_ways, timing_text)
from nnbook.per_example import per_example_step

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "09_appendix_speed.ipynb"


@pytest.fixture(scope="module")
def small(mnist):
    training = mnist[0]
    return (training.images[:2000], training.labels[:2000]),


def test_the_matrix_form_and_the_loop_end_with_the_same_weights(small):
    result = three_ways(small[0], sizes=(784, 10, 10), n_batches=20, mini_batch_size=10, seed=3)
    assert result.n_batches == 20 and result.mini_batch_size == 10
    assert result.max_difference < 1e-10
    assert result.matrix_seconds > 0 and result.loop_seconds > 0 and result.fast_seconds > 0
    assert same_weights_text(result).endswith("below 1e-10: yes")
    text = timing_text(result)
    assert text.count("faster") == 2 and "FastStep" in text and "per_example_step" in text


def test_three_ways_really_compares_the_loop(small, monkeypatch):
    """If the loop took a different step, the comparison would say so."""
    import nnbook.lessons.l09_appendix_speed as training

    original = training.per_example_step

    def half_step(net, x, y, eta):
        original(net, x, y, eta / 2)

    monkeypatch.setattr(training, "per_example_step", half_step)
    result = three_ways(small[0], sizes=(784, 10, 10), n_batches=5)
    assert result.max_difference > 1e-6
    assert same_weights_text(result).endswith(": no")


def test_three_ways_checks_the_fast_step_too(small, monkeypatch):
    import nnbook.lessons.l09_appendix_speed as training

    class HalfStep(training.FastStep):
        def __init__(self, network, m, eta):
            super().__init__(network, m, eta / 2)

    monkeypatch.setattr(training, "FastStep", HalfStep)
    result = three_ways(small[0], sizes=(784, 10, 10), n_batches=5)
    assert result.max_difference > 1e-6



def test_code_of_shows_the_source_that_runs_without_docstrings():
    text = repr(code_of(per_example_step, FastStep.__call__))
    assert "def per_example_step(net, x, y, eta):" in text and "def __call__(self, x, y):" in text
    assert "net.backprop(one_x, one_y)" in text and "np.dot(w, a, out=out)" in text
    assert '"""' not in text and "lines of code" in text


def test_check_backprop_calls():
    assert check_backprop_calls(50_000, 5_000)
    assert not check_backprop_calls(..., ...)
    assert "once for every training digit" in check_backprop_calls(5_000, 5_000).message
    assert "how many mini-batches" in check_backprop_calls(50_000, 50_000).message
    assert not check_backprop_calls("50000", 5000)


def test_the_appendix_shows_the_comparison_and_its_timing_is_tagged():
    cells = [c for c in json.loads(LESSON.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    same = next(c for c, s in zip(cells, sources) if "same_weights_text(" in s)
    assert "below 1e-10: yes" in "".join("".join(o.get("text", "")) for o in same["outputs"])
    timing = next(c for c, s in zip(cells, sources) if "timing_text(" in s)
    assert {"nbval-ignore-output", "timing"} <= set(timing["metadata"].get("tags", []))
