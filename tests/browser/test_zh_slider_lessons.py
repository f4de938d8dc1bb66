"""Every Chinese slider lesson in a real browser: the explorers speak Chinese and follow their sliders.

Lessons whose own browser test runs in both editions (test_NN_*.py taking the `language` fixture: 01, 04 and 07)
move their Chinese sliders step by step there.  This one covers the other Chinese lessons with sliders (found,
not listed: every lesson with an explorer, benchmarks/voila_soak.py's `slider_lessons`): it runs the lesson, and in EVERY explorer
drags the first slider with the mouse and checks that the text panel changed, that it is Chinese, and
that the picture was redrawn; then it saves a screenshot of the first explorer
(build/screenshots/zh/<lesson>.png).
"""

import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lessonpage import drag, drawn, open_lesson, picture, screenshot, text_panel

CJK = re.compile(r"[\u4e00-\u9fff]")
HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parents[1] / "notebooks"


def in_both_editions(number):
    return any("language" in p.read_text(encoding="utf-8") for p in HERE.glob(f"test_{number}_*.py"))


def slider_lessons():
    spec = importlib.util.spec_from_file_location("voila_soak", HERE.parents[1] / "benchmarks" / "voila_soak.py")
    soak = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(soak)
    return soak.SLIDER_LESSONS


LESSONS = [path.name for number in slider_lessons() if not in_both_editions(number)
           for path in NOTEBOOKS.glob(f"{number}_*.ipynb")]


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_explorer_of_a_chinese_lesson_answers_its_slider_in_chinese(page, lab, lesson):
    open_lesson(page, lab, f"zh/{lesson}")
    boxes = page.locator(".nnbook-explorer")
    expect(boxes.first).to_be_visible()
    count = boxes.count()
    assert count >= 1
    moved = 0
    for k in range(count):
        box = boxes.nth(k)
        box.scroll_into_view_if_needed()
        panel = text_panel(box)
        expect(panel.locator("pre")).to_have_count(1)
        sliders = box.locator(".widget-slider")
        if sliders.count() == 0:
            continue  # an explorer with a button only
        labels = " ".join(box.locator(".widget-label").all_inner_texts())
        before_text = panel.inner_text()
        before_picture = drawn(box) if picture(box).count() else None
        first = sliders.first
        start = first.locator(".widget-readout").inner_text()
        drag(page, first, 0.25 if k % 2 == 0 else -0.25)
        if first.locator(".widget-readout").inner_text() == start:  # already at that end: the other way
            drag(page, first, -0.5 if k % 2 == 0 else 0.5)
        expect(first.locator(".widget-readout")).not_to_have_text(start)
        expect(panel).not_to_have_text(before_text)
        after = panel.inner_text()
        assert CJK.search(after) or CJK.search(labels), f"{lesson} explorer {k}: no Chinese in {after[:200]!r}"
        assert not re.search(r"\b[a-z]{4,} [a-z]{3,} [a-z]{3,}\b", after), f"{lesson} explorer {k}: English left: {after[:300]!r}"
        if before_picture is not None:
            drawn(box, before_picture)
        moved += 1
    assert moved >= 1, f"{lesson}: no explorer with a slider"
    screenshot(page, boxes.first, f"zh/{lesson}")
