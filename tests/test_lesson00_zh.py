"""Lesson 00 in Chinese: the first table, figure titles, slider and exercise feedback speak from the catalogue
(nnbook/locales/*/l00_welcome.toml) — in Chinese when asked, and in English exactly as before."""

from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook  # noqa: E402
from i18n_checks import assert_chinese  # noqa: E402
from nnbook.lessons import l00_welcome as lesson  # noqa: E402
from nnbook.plots import show_digits  # noqa: E402

LABELS = np.array([5, 5, 3, 3, 3, 1, 0, 0, 0, 0])  # two 5s, three 3s, one 1, four 0s


def parts(n):
    return SimpleNamespace(labels=np.zeros(n, dtype=int))


# Every id of l00_welcome.toml is read by the lesson and formats in both languages: tests/test_i18n.py.


def test_english_says_what_it_always_said():
    assert lesson.split_sizes(parts(50_000), parts(10_000), parts(10_000)) == \
        "training: 50,000   validation: 10,000   test: 10,000"
    assert lesson.TEXT("first_digits", n=20) == "The first 20 training digits and their labels"
    assert lesson.TEXT("digit_title", index=7, label=3) == "training digit #7: a 3"
    assert lesson.TEXT("digit_caption", label=3, ink=140.71) == "label: 3, ink: 140.7 of 784"
    slider = lesson.index_slider(50_000)
    assert (slider.description, slider.value, slider.min, slider.max) == ("index", 7, 0, 49_999)


def test_the_table_titles_and_slider_in_chinese(chinese):
    line = lesson.split_sizes(parts(50_000), parts(10_000), parts(10_000))
    assert line == "训练集：50,000   验证集：10,000   测试集：10,000"
    for text in (lesson.TEXT("first_digits", n=20), lesson.TEXT("digit_title", index=7, label=3), lesson.TEXT("digit_caption", label=3, ink=140.71)):
        assert_chinese(text)
    assert "20" in lesson.TEXT("first_digits", n=20) and "140.7" in lesson.TEXT("digit_caption", label=3, ink=140.71)
    assert lesson.index_slider(100).description == "序号"


def test_set_language_takes_effect_at_once():
    assert lesson.TEXT("digit_title", index=0, label=5) == "training digit #0: a 5"
    nnbook.set_language("zh")
    assert_chinese(lesson.TEXT("digit_title", index=0, label=5))
    nnbook.set_language("en")
    assert lesson.TEXT("digit_title", index=0, label=5) == "training digit #0: a 5"


@pytest.mark.parametrize("answer", [..., 10, 3, 1, 4, 7, "2", 2.5, [1, 2]])
def test_every_not_yet_is_chinese(chinese, answer):
    feedback = lesson.check_count_of_fives(answer, LABELS)
    assert not feedback
    assert_chinese(repr(feedback))


def test_the_right_answer_in_chinese(chinese):
    feedback = lesson.check_count_of_fives(2, LABELS)
    assert feedback
    assert repr(feedback).startswith("✔ 答对了！") and "20.0%" in feedback.message
    assert_chinese(feedback.message)
    assert "数字 3 的个数" in lesson.check_count_of_fives(3, LABELS).message
    assert "全部训练数字" in lesson.check_count_of_fives(10, LABELS).message


def test_the_figures_draw_in_chinese_without_a_missing_glyph(chinese, glyph_log):
    images = np.random.default_rng(0).random((10, 784))
    fig = show_digits(images, LABELS, title=lesson.TEXT("first_digits", n=10))
    fig.canvas.draw()
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(3, 3))
    ax.imshow(images[0].reshape(28, 28), cmap="gray_r")
    ax.set_title(lesson.TEXT("digit_title", index=0, label=5), fontsize=14)
    fig.canvas.draw()
    plt.close(fig)
    assert glyph_log == []


def test_the_chinese_welcome_credits_the_book_and_mnist_and_says_where_the_english_is():
    import json

    lesson_zh = Path(__file__).resolve().parents[1] / "notebooks" / "zh" / "00_welcome.ipynb"
    cells = json.loads(lesson_zh.read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "《神经网络与深度学习》" in markdown and "neuralnetworksanddeeplearning.com" in markdown
    assert all(name in markdown for name in ("Michael Nielsen", "Yann LeCun", "Corinna Cortes", "Christopher J. C. Burges"))
    assert "简体中文版" in markdown and "英文原版" in markdown
    printed = "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code" for o in c["outputs"])
    assert "训练集：50,000" in printed
