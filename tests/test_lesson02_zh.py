"""Lesson 02 in Chinese: its tables, slider callbacks, figures and exercise feedback speak Chinese, and
every text of its catalogue is used and formats in both languages."""

import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import nnbook  # noqa: E402
from i18n_checks import CJK, figure_texts, texts, width  # noqa: E402
from nnbook.lessons import l02_sigmoid_neurons as lesson  # noqa: E402
from nnbook.sigmoid import sigmoid, sigmoid_prime, step  # noqa: E402

#: Names of the maths that stay as they are in Chinese (the perceptron's step(z)); any other run of four
#: or more Latin letters in a Chinese text is English left behind.
MATHS = {"step"}
DOMAIN = "l02_sigmoid_neurons"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def english_words(text):
    return [w for w in re.findall(r"[A-Za-z]{4,}", text) if w not in MATHS]


def assert_chinese(text):
    assert CJK.search(text), text
    assert english_words(text) == [], text


# --- the catalogue (the same ids and placeholders in both languages, every id read by the lesson, every text
# formatting in both languages: tests/test_i18n.py) -------------------------------------------------

def test_every_chinese_text_of_the_lesson_is_chinese_or_maths():
    """Chinese, or pure maths (w = {w:.4g}, b = {b:g}), never English words."""
    for key, text in texts("zh", DOMAIN).items():
        assert CJK.search(text) or english_words(text) == [], key


# --- tables and texts ------------------------------------------------------------------------------

def columns(line):
    return [width(part) for part in line.split("|")]


def test_wheel_table_in_chinese_lines_up(chinese, capsys):
    lesson.wheel_table()
    head, *rows = capsys.readouterr().out.splitlines()
    assert_chinese(head)
    assert "感知机网络" in head and "S 型神经元网络" in head
    assert all(columns(row) == columns(head) for row in rows), [head] + rows
    assert [row.split("|")[1].strip() for row in rows] == ["0", "0", "0", "1", "1"]


def test_change_table_in_chinese_lines_up(chinese, capsys):
    lesson.change_table()
    head, *rows = capsys.readouterr().out.splitlines()
    assert_chinese(head)
    assert all(columns(row)[:4] == columns(head)[:4] for row in rows), [head] + rows
    assert [row.split("|")[4].strip() for row in rows] == ["", "缩小到 1/332", "缩小到 1/62", "缩小到 1/96", "缩小到 1/100"]


def test_both_outputs_in_chinese_lines_up(chinese):
    z = -0.212
    lines = lesson.TEXT("outputs", z=z, a=sigmoid(z), step=step(z)).splitlines()
    assert lines == ["z = w·x + b = -0.2120", "S 型神经元：a = σ(z) = 0.4472", "感知机：    step(z)  = 0"]
    assert width(lines[1].split("a =")[0]) == width(lines[2].split("step")[0])


def test_both_outputs_in_english_is_what_the_lesson_printed():
    z = -0.212
    assert lesson.TEXT("outputs", z=z, a=sigmoid(z), step=step(z)) == (
        "z = w·x + b = -0.2120\nsigmoid neuron: a = σ(z) = 0.4472\nperceptron:     step(z)  = 0")


# --- the sliders and their callbacks, at their extremes ---------------------------------------------

# The sliders' names, in both editions: tests/test_lesson02.py, test_the_sliders_names_in_each_edition.


@pytest.mark.parametrize("w", [3.0, 4.0, 4.001, 5.0])
def test_show_wheel_in_chinese(chinese, glyph_log, w):
    view = lesson.show_wheel(w)
    assert_chinese(view.text)
    lines = view.text.splitlines()
    assert lines[0].startswith(f"权重 w = {w:.3f}")
    assert lines[1].endswith(f"输出 = {int(w > 4)}")
    assert width(lines[1].split("h1")[0]) == width(lines[2].split("h1")[0])  # h1 in the same column
    for text in figure_texts(view.figure):
        assert english_words(text) == [], text
    assert [ax.get_title().split("：")[0] for ax in view.figure.axes] == ["感知机网络", "S 型神经元网络"]
    assert glyph_log == []


@pytest.mark.parametrize("w, b", [(0.1, -10.0), (1000.0, 10.0), (1.0, 0.0)])
def test_show_sigmoid_neuron_in_chinese(chinese, glyph_log, w, b):
    view = lesson.show_sigmoid_neuron(w, b)
    assert_chinese(view.text)
    assert f"在 x = −b/w = {-b / w + 0.0:.3f} 处输出为 0.5" in view.text
    assert f"x = +1.0：S 型函数 {sigmoid(w + b):.4f}，阶跃函数 {int(w + b > 0)}" in view.text
    texts = figure_texts(view.figure)
    assert any(CJK.search(t) for t in texts) and all(english_words(t) == [] for t in texts), texts
    assert glyph_log == []


@pytest.mark.parametrize("dw1, dw2, db", [(-1.0, -1.0, -1.0), (1.0, 1.0, 1.0), (0.1, 0.0, 0.0)])
def test_show_small_change_in_chinese(chinese, glyph_log, dw1, dw2, db):
    view = lesson.show_small_change(dw1, dw2, db)
    assert_chinese(view.text)
    c = lesson.small_change(dw1, dw2, db)
    assert f"估计值：  Δa ≈ {c['estimate']:+.6f}" in view.text
    assert f"真实变化：Δa = {c['real']:+.6f}" in view.text
    texts = figure_texts(view.figure)
    assert sum(bool(CJK.search(t)) for t in texts) >= 5 and all(english_words(t) == [] for t in texts), texts
    assert glyph_log == []


def test_the_still_figures_draw_in_chinese(chinese, glyph_log):
    fig = lesson.draw_wheel_network()
    fig.canvas.draw()
    texts = figure_texts(fig)
    assert "同一个网络，两种神经元：滑块微调的是权重 w" in texts and "输出" in texts and "输入层" in texts
    assert all(english_words(t) == [] for t in texts), texts
    plt.close("all")
    lesson.plot_sigmoid_vs_step()
    fig = plt.gcf()
    fig.canvas.draw()
    texts = figure_texts(fig)
    assert fig.axes[0].get_title() == "阶跃函数一下子跳变；S 型函数从 0 平滑地升到 1"
    assert all(english_words(t) == [] for t in texts), texts
    assert glyph_log == []


def test_the_still_figures_in_english_are_unchanged():
    fig = lesson.draw_wheel_network()
    texts = figure_texts(fig)
    assert "One network, two kinds of neuron: the slider nudges w" in texts and "out" in texts
    plt.close("all")
    lesson.plot_sigmoid_vs_step()
    ax = plt.gcf().axes[0]
    assert ax.get_title() == "The step jumps; the sigmoid glides from 0 to 1"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "perceptron: step(z) = 1 if z > 0 else 0", "sigmoid neuron: σ(z) = 1 / (1 + e^(−z))"]


# --- the exercises: right and not-yet answers, in Chinese ------------------------------------------

def feedback_in_chinese(feedback, ok):
    assert feedback.ok is ok
    assert_chinese(repr(feedback))
    assert repr(feedback).startswith("✔ 答对了！" if ok else "✘ 还不对：")
    return feedback.message


@pytest.mark.parametrize("answer, ok, expected", [
    (0.5, True, "正好在 0 和 1 的正中间"),
    (0, False, "是感知机在 z = 0 附近会给出的值"),
    (1, False, "是感知机在 z = 0 附近会给出的值"),
    (0.7, False, "σ(0) 不是 0.7"),
    (..., False, "把 ... 换成你算出的 σ(0) 值。"),
    ("0.5", False, "不要加引号"),
])
def test_check_sigma_zero_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_sigma_zero(answer), ok)


@pytest.mark.parametrize("large, small, ok, expected", [
    (1, 0, True, "离 0 很远时，S 型神经元的表现和感知机一样"),
    (0, 1, False, "你把两个极限弄反了"),
    (0.5, 0, False, "当 z → +∞ 时，极限不是 0.5"),
    (1, 1, False, "当 z → −∞ 时，极限不是 1"),
    (math.inf, -1, False, "极限不是 inf（这时 e^(−z) → 0；1 / (1 + 0) 等于多少？）；当 z → −∞ 时，极限不是 -1"),
    (..., 0, False, "把 ... 换成当 z → +∞ 时的极限。"),
    (1, ..., False, "把 ... 换成当 z → −∞ 时的极限。"),
])
def test_check_limits_in_chinese(chinese, large, small, ok, expected):
    message = feedback_in_chinese(lesson.check_limits(large, small), ok)
    assert expected in message
    assert message[-1] in "。？"


@pytest.mark.parametrize("c, ok, expected", [
    (10, True, "感知机正是 S 型神经元的极限"),
    (1e6, True, "00 → 1.0000，01 → 1.0000，10 → 1.0000，11 → 0.0000"),
    (1, False, "输入 01 的输出是 0.7311，和感知机的 1 相差超过 0.01"),
    (4.59, False, "把 c 调大一些"),
    (0, False, "c 必须是正数（你给的是 0）"),
    (-10, False, "c 必须是正数（你给的是 -10）"),
    (..., False, "把 ... 换成因子 c 的值。"),
])
def test_check_huge_c_in_chinese(chinese, c, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_huge_c(c), ok)


@pytest.mark.parametrize("answer, ok, expected", [
    (sigmoid_prime(-0.212) * 0.619 * 0.02, True, "真实的变化是 0.003062"),
    (0.0031, True, "这个估计非常准"),
    (sigmoid_prime(-0.212) * 0.02, False, "这是偏置的规则"),
    (0.619 * 0.02, False, "你漏掉了 S 型函数的斜率"),
    (-0.00306, False, "大小对了，符号反了"),
    (0.1, False, "不是 0.1。"),
    (..., False, "把 ... 换成你对 Δa 的估计。"),
])
def test_check_estimate_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_estimate(answer), ok)


# --- sigmoid neurons simulating a network of perceptrons ----------------------------------------------

def test_circuit_tables_in_chinese(chinese, capsys):
    lesson.circuit_table(3.0, [1, 100])
    head, *rows = capsys.readouterr().out.splitlines()
    assert_chinese(head)
    assert width(head.rsplit("|", 1)[0]) == width(rows[0].rsplit("|", 1)[0])  # the last column lines up
    lesson.follows_table([3.0, 4.0])
    assert capsys.readouterr().out.splitlines() == [
        "b = 3.00：从 c = 4.77 起，每个输出都和感知机电路相差在 0.01 以内",
        "b = 4.00：c 一直到 100，总有一个输出和感知机电路相差超过 0.01"]


@pytest.mark.parametrize("c, bias", [(0.1, 2.25), (100.0, 4.0), (5.0, 3.0)])
def test_show_circuit_in_chinese(chinese, glyph_log, c, bias):
    view = lesson.show_circuit(c, bias)
    assert_chinese(view.text)
    out = lesson.circuit_outputs(bias, c)[3][2]
    assert f"输入 11：感知机电路 0，S 型神经元电路 {out:.4f}" in view.text
    texts = figure_texts(view.figure)
    assert sum(bool(CJK.search(t)) for t in texts) >= 4 and all(english_words(t) == [] for t in texts), texts
    fig = lesson.draw_xor_circuit()
    fig.canvas.draw()
    assert any("与非门" in t for t in figure_texts(fig))
    assert glyph_log == []


@pytest.mark.parametrize("bias, x, gate, ok, expected", [
    (4, [1, 1], "xor", True, "门 xor 在输入 11 上 z = 0"),
    (4, [1, 1], "n1", False, "让输出停住的不是 n1 的 0.5"),
    (4, [0, 1], "n3", False, "它后面的那个门并不在临界点上"),
    (4, [0, 1], "n1", False, "门 n1 在输入 01 上的 z = 2，不是 0"),
    (3, [1, 1], "n1", False, "从 c = 4.77 起"),
    (2.01, [1, 1], "n1", False, "c 得超过 100"),
    (5, [1, 1], "n1", False, "这些门已经不是与非门了"),
    (4, [1, 1], "n9", False, "这几个门叫 n1、n2、n3、xor"),
    (4, [1, 2], "n1", False, "电路的输入只能是 0 或 1"),
    (..., ..., ..., False, "把每个 ... 换掉"),
])
def test_check_stuck_in_chinese(chinese, bias, x, gate, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_stuck(bias, x, gate), ok)


def test_english_again_after_chinese():
    nnbook.set_language("zh")
    assert lesson.check_sigma_zero(0.5).message.startswith("σ(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 0.5：")
    nnbook.set_language("en")
    assert lesson.check_sigma_zero(0.5).message.startswith("σ(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 0.5: exactly")
