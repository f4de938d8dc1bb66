"""Lesson 09 in Chinese: the comparison, the timing table and the exercise feedback speak from the catalogue
(nnbook/locales/*/l09_appendix_speed.toml) — in Chinese when asked, and in English exactly as before."""

from pathlib import Path

import pytest

import nnbook
from i18n_checks import assert_chinese, width
from nnbook.lessons import l09_appendix_speed as lesson
from nnbook.lessons.l09_appendix_speed import LoopComparison

SAME = LoopComparison(300, 10, matrix_seconds=0.038, loop_seconds=0.250, fast_seconds=0.026, max_difference=1.2e-14)
APART = SAME._replace(max_difference=3e-3)
SLOW_LOOP = SAME._replace(loop_seconds=1.25)  # ratios of ten and more


# Every id of l09_appendix_speed.toml is read by the lesson and formats in both languages: tests/test_i18n.py.


def test_english_says_what_it_always_said():
    assert same_weights(SAME) == ("after 300 mini-batches of 10: the largest difference between the networks' "
                                  "weights and biases is below 1e-10: yes")
    assert same_weights(APART).endswith("below 1e-10: no")
    assert lesson.timing_text(SAME) == (
        "per-example loop (per_example_step):                       0.250 s\n"
        "matrix form (update_mini_batch):                           0.038 s   6.6× faster\n"
        "matrix form without new arrays (FastStep, FastNetwork):    0.026 s   9.6× faster\n"
        "(largest weight difference 1.2e-14)")


def same_weights(result):
    return lesson.same_weights_text(result)


def test_same_weights_in_chinese(chinese):
    yes, no = same_weights(SAME), same_weights(APART)
    assert_chinese(yes)
    assert yes.endswith("：是") and no.endswith("：否") and "300" in yes and "1e-10" in yes


@pytest.mark.parametrize("result", [SAME, SLOW_LOOP])
def test_the_chinese_timing_table_keeps_its_columns(chinese, result):
    text = lesson.timing_text(result)
    lines = text.splitlines()
    assert len(lines) == 4
    for line in lines:
        assert_chinese(line)
    times = [width(line[:line.index("秒")]) for line in lines[:3]]
    assert len(set(times)) == 1, f"the seconds are not in one column:\n{text}"
    assert "per_example_step" in lines[0] and "FastStep" in lines[2]
    assert f"{result.loop_seconds / result.fast_seconds:4.1f} 倍" in lines[2]
    assert "1.2e-14" in lines[3]


def test_set_language_takes_effect_at_once():
    assert "faster" in lesson.timing_text(SAME)
    nnbook.set_language("zh")
    assert "faster" not in lesson.timing_text(SAME)


@pytest.mark.parametrize("answers", [(..., ...), (50_000, ...), (5_000, 5_000), (50_000, 50_000),
                                     ("50000", 5_000), (50_000, 5.5)])
def test_every_not_yet_is_chinese(chinese, answers):
    feedback = lesson.check_backprop_calls(*answers)
    assert not feedback
    assert_chinese(repr(feedback))


def test_the_right_answer_in_chinese(chinese):
    feedback = lesson.check_backprop_calls(50_000, 5_000)
    assert feedback and repr(feedback).startswith("✔ 答对了！")
    assert_chinese(feedback.message)
    assert "50,000" in feedback.message and "5,000" in feedback.message
    assert "多少个小批量" in lesson.check_backprop_calls(50_000, 50_000).message


def test_the_chinese_appendix_shows_the_comparison_in_chinese_and_its_timing_is_tagged():
    import json

    lesson_zh = Path(__file__).resolve().parents[1] / "notebooks" / "zh" / "09_appendix_speed.ipynb"
    cells = [c for c in json.loads(lesson_zh.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    out = {s: "".join("".join(o.get("text", "")) for o in c["outputs"]) for c, s in zip(cells, sources)}
    same = next(s for s in sources if "same_weights_text(" in s)
    assert out[same].strip().endswith("小于 1e-10：是")
    timing = next(c for c, s in zip(cells, sources) if "timing_text(" in s)
    assert {"nbval-ignore-output", "timing"} <= set(timing["metadata"].get("tags", []))
    assert out["".join(timing["source"])].count("倍") == 2
