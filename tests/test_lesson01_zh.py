"""Lesson 01 in Chinese: the slider's text and picture, the worked example's lines, the grid search, the XOR
figures and the exercise feedback speak from the catalogue (nnbook/locales/*/l01_perceptron.toml) — in Chinese
when asked (偏置 b = −阈值 kept explicit), and in English exactly as the committed lesson shows."""

import re
from itertools import product

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook  # noqa: E402
from i18n_checks import assert_chinese, figure_texts, texts  # noqa: E402
from nnbook.lessons import l01_perceptron as lesson  # noqa: E402
from nnbook.perceptron import GATES, Perceptron, find_perceptrons, nand_perceptron  # noqa: E402

#: Words of the English slider text that must not be left in the Chinese one.
ENGLISH_WORDS = re.compile(r"\b(threshold|bias|gate|output|computes|wrong|weights|line|input)\b")
SEARCHED = ["AND", "OR", "NAND", "NOR", "XOR", "XNOR"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_english_check_can_fail():
    with pytest.raises(AssertionError, match="English left"):
        assert_chinese("感知机 computes AND for these inputs")
    with pytest.raises(AssertionError, match="no Chinese"):
        assert_chinese("gate: NAND")


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_catalogue_holds_the_lessons_51_texts(code):
    """(That the lesson reads every id, and every text formats in both languages: tests/test_i18n.py.)"""
    assert len(texts(code, "l01_perceptron")) == 51


# -- English: the lesson's lines say exactly what the committed notebook shows ----------------------

def test_english_lines_are_what_the_notebook_printed():
    z = np.array([-2, -2]) @ np.array([1, 1]) + 3
    assert lesson.TEXT("z_and_output", z=z, output=0) == "z = w·x + b = -1, so the output is 0"
    p, same = Perceptron([-2, -2], bias=3), Perceptron([-2, -2], threshold=-3)
    assert lesson.TEXT("with_threshold", perceptron=p, threshold=p.threshold) == "Perceptron(weights=[-2, -2], bias=3)   threshold: -3.0"
    assert lesson.output_both_ways(p, same, [1, 1]) == "z = -1.0   output: 0   (the same with threshold=-3: 0 )"
    assert lesson.TEXT("gate", name=p.gate_label()) == "gate: NAND"
    assert lesson.circuit_title("xor") == "XOR from four NAND perceptrons (every bias b = 3)"
    assert lesson.circuit_title("adder") == "A one-bit adder from five NAND perceptrons (every bias b = 3)"
    with pytest.raises(ValueError, match="no circuit 'nor'"):
        lesson.circuit_title("nor")


def test_english_search_lines_are_what_the_notebook_printed():
    lines = [lesson.search_line(gate, find_perceptrons(gate)) for gate in SEARCHED]
    assert lines == [
        "  AND:   816 perceptrons  e.g. w = [0.25, 0.25], b = -0.25",
        "   OR:  1496 perceptrons  e.g. w = [0.25, 0.25], b = 0",
        " NAND:   680 perceptrons  e.g. w = [-3.75, -3.75], b = 4",
        "  NOR:  1496 perceptrons  e.g. w = [-4, -4], b = 0.25",
        "  XOR:     0 perceptrons  ",
        " XNOR:     0 perceptrons  ",
    ]


def test_set_language_takes_effect_at_once():
    p = nand_perceptron()
    assert lesson.TEXT("gate", name=p.gate_label()) == "gate: NAND"
    nnbook.set_language("zh")
    assert lesson.TEXT("gate", name=p.gate_label()) == "逻辑门：与非门（NAND）"
    assert lesson.perceptron_sliders()["threshold"].description == "阈值"
    nnbook.set_language("en")
    assert lesson.TEXT("gate", name=p.gate_label()) == "gate: NAND"
    assert lesson.perceptron_sliders()["threshold"].description == "threshold"


# -- Chinese: the slider ------------------------------------------------------------------------------

def test_the_sliders_in_chinese(chinese):
    sliders = lesson.perceptron_sliders()
    assert {k: s.description for k, s in sliders.items()} == {"w1": "w1", "w2": "w2", "threshold": "阈值"}
    assert (sliders["w1"].value, sliders["w2"].value, sliders["threshold"].value) == (-2, -2, -3)


def test_callback_text_for_nand_in_chinese(chinese):
    assert lesson.show_perceptron(-2, -2, -3).text.splitlines() == [
        "w1 = -2.0, w2 = -2.0, 阈值 = -3.0（偏置 b = −阈值 = 3.0）",
        "x1  x2 |  z = w·x + b | 输出",
        " 0   0 |        +3.00 |    1",
        " 0   1 |        +1.00 |    1",
        " 1   0 |        +1.00 |    1",
        " 1   1 |        -1.00 |    0",
        "逻辑门：与非门（NAND）",
    ]


@pytest.mark.parametrize("w1, w2, threshold, label", [
    (-2, -2, -2, "或非门（NOR）"), (3, 3, 4, "与门（AND）"), (3, 3, 2.5, "或门（OR）"), (1, 0, 0.5, "x1"),
    (-1, 0, -0.5, "非 x1"), (0, 0, -1, "恒为 1"),
])
def test_callback_names_the_gate_in_chinese(chinese, w1, w2, threshold, label):
    assert f"逻辑门：{label}" in lesson.show_perceptron(w1, w2, threshold).text.splitlines()


def all_texts(fig):
    """Every piece of text on a figure: its own (the suptitle), then its axes' titles, labels, annotations, legends."""
    return [t.get_text() for t in fig.texts if t.get_text()] + figure_texts(fig)


def test_callback_at_every_slider_extreme_speaks_chinese_and_draws_without_a_missing_glyph(chinese, glyph_log):
    sliders = lesson.perceptron_sliders()
    ends = [sorted({s.min, s.max, s.value, 0.0}) for s in (sliders["w1"], sliders["w2"], sliders["threshold"])]
    for w1, w2, threshold in product(*ends):
        view = lesson.show_perceptron(w1, w2, threshold)
        assert_chinese(view.text)
        assert not ENGLISH_WORDS.search(view.text), view.text
        assert "偏置 b = −阈值" in view.text
        p = Perceptron([w1, w2], threshold=threshold)
        assert f"逻辑门：{p.gate_label()}" in view.text.splitlines()
        if w1 == 0 and w2 == 0:
            assert "没有分界线" in view.text
        ax = view.figure.axes[0]
        assert "阈值" in ax.get_title() and f"逻辑门：{p.gate_label()}" in ax.get_title()
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["输出 1", "输出 0"]
        assert view.png.startswith(b"\x89PNG")
    assert glyph_log == []


def test_the_xor_figure_in_chinese(chinese, glyph_log):
    lesson.show_xor_attempts()
    fig = plt.gcf()
    fig.canvas.draw()
    assert glyph_log == []
    texts = all_texts(fig)
    assert all("$" not in t for t in texts)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 3 and all("4 个点里有 1 个在错误的一侧" in t for t in titles)
    assert "错" in [t.get_text() for ax in fig.axes for t in ax.texts]
    assert_chinese(fig._suptitle.get_text())
    for text in texts:
        assert not ENGLISH_WORDS.search(text), text


def test_the_circuit_drawings_in_chinese(chinese, glyph_log):
    from nnbook.diagrams import draw_circuit
    from nnbook.perceptron import adder_from_nand, xor_from_nand

    for which, circuit in (("xor", xor_from_nand()), ("adder", adder_from_nand())):
        title = lesson.circuit_title(which)
        assert_chinese(title)
        assert "b = 3" in title
        fig = draw_circuit(circuit, title=title)
        fig.canvas.draw()
    assert glyph_log == []


# -- Chinese: the worked example, the truth table and the grid search --------------------------------

def test_the_worked_example_lines_in_chinese(chinese):
    p, same = Perceptron([-2, -2], bias=3), Perceptron([-2, -2], threshold=-3)
    assert lesson.TEXT("z_and_output", z=np.int64(-1), output=0) == "z = w·x + b = -1，所以输出是 0"
    assert lesson.TEXT("with_threshold", perceptron=p, threshold=p.threshold) == "Perceptron(weights=[-2, -2], bias=3)   阈值：-3.0"
    line = lesson.output_both_ways(p, same, [1, 1])
    assert_chinese(line)
    assert line.startswith("z = -1.0   输出：0") and "threshold=-3" in line
    assert lesson.truth_table_text(p).splitlines()[0] == "x1  x2 |  z = w·x + b | 输出"


def test_the_chinese_search_lines_keep_their_columns(chinese):
    lines = [lesson.search_line(gate, find_perceptrons(gate)) for gate in SEARCHED]
    for line in lines:
        assert_chinese(line)
    colon = [lesson._width(line.split("：")[0]) for line in lines]
    assert len(set(colon)) == 1, lines  # the gates' names right-aligned: every colon in one column
    counts = [line.split("：")[1][:5] for line in lines]
    assert counts == ["  816", " 1496", "  680", " 1496", "    0", "    0"]
    assert lines[0].endswith("例如 w = [0.25, 0.25], b = -0.25")
    assert lines[2].startswith("与非门（NAND）：")


def test_display_width_counts_chinese_twice():
    assert lesson._width("与门（AND）") == 11 and lesson._width("AND") == 3
    assert lesson._rjust("与门", 6) == "  与门" and lesson._rjust("AND", 5) == "  AND"


# -- Chinese: the exercises ------------------------------------------------------------------------------

@pytest.mark.parametrize("check, weights, bias", [
    (lesson.check_and, [1, 1], -1.5), (lesson.check_and, (2, 3), -4), (lesson.check_or, [1, 1], -0.5),
    (lesson.check_or, [2, 2], -1),
])
def test_right_gate_answers_in_chinese(chinese, check, weights, bias):
    feedback = check(weights, bias)
    assert feedback.ok
    assert repr(feedback).startswith("✔ 答对了！")
    assert_chinese(feedback.message)
    assert "计算的正是" in feedback.message


@pytest.mark.parametrize("check, weights, bias, expected", [
    (lesson.check_and, ..., ..., "把每个 ... 换成一个数"),
    (lesson.check_and, [1, ...], -1, "把每个 ... 换成一个数"),
    (lesson.check_and, [1, 1], -0.5, "计算的是或门（OR），不是与门（AND）：输入 (0, 1) 的 z = w·x + b = 0.5 > 0"),
    (lesson.check_and, [1, 1], 1.5, "你是不是填成了阈值？偏置是阈值的相反数，偏置 b = −阈值。"),
    (lesson.check_or, [1, 1], -1, "z = 0 时输出是 0"),
    (lesson.check_or, [1, 1], -1.5, "计算的是与门（AND），不是或门（OR）"),
    (lesson.check_or, [1, 2, 3], 0, "权重（每个输入一个）"),
    (lesson.check_or, "ab", 0, "权重（每个输入一个）"),
    (lesson.check_or, [1, float("nan")], 0, "权重（每个输入一个）"),
    (lesson.check_or, [1, 1], "b", "偏置 b"),
    (lesson.check_or, [1, 1], [0, 1], "偏置 b"),
    (lesson.check_or, [1, 1], float("inf"), "偏置 b"),
])
def test_wrong_gate_answers_in_chinese(chinese, check, weights, bias, expected):
    feedback = check(weights, bias)
    assert not feedback.ok
    assert repr(feedback).startswith("✘ 还不对：")
    assert_chinese(feedback.message)
    assert expected in feedback.message, feedback.message


def right_scaled(p, c):
    return Perceptron(c * p.weights, bias=c * p.bias)


def in_place(p, c):
    p.weights *= c
    p.bias *= c
    return p


def crashes(p, c):
    raise KeyError(c)  # a student's function that fails


def test_scaling_right_answer_in_chinese(chinese):
    feedback = lesson.check_scaling(right_scaled)
    assert feedback.ok
    assert_chinese(feedback.message)
    assert "c·z > 0 恰好等价于 z > 0" in feedback.message


@pytest.mark.parametrize("scaled, expected", [
    (lambda p, c: ..., "把 ... 换成一个新的 Perceptron"),
    (lambda p, c: None, "忘了写 return"),
    (lambda p, c: [c * p.weights, c * p.bias], "应该返回一个 Perceptron"),
    (lambda p, c: Perceptron(c * p.weights, bias=p.bias), "偏置应该是 p 的偏置的 0.5 倍：权重 -1、-1，偏置 1.5。"
                                                           "看看出了什么问题：输入 (1, 1) 的输出变了。"),
    (lambda p, c: Perceptron(p.weights, bias=c * p.bias), "权重应该是 p 的权重的 0.5 倍"),
    (lambda p, c: Perceptron(p.weights, bias=p.bias), "权重和偏置都应该是 p 的 0.5 倍"),
    (in_place, "改动了传给它的感知机"),
    (crashes, "出错了，KeyError"),
    (3, "请把函数本身传进去"),
])
def test_scaling_wrong_answers_in_chinese(chinese, scaled, expected):
    feedback = lesson.check_scaling(scaled)
    assert not feedback.ok
    assert_chinese(feedback.message)
    assert expected in feedback.message, feedback.message


@pytest.mark.parametrize("answer", ["AND", " and ", "与门", "与门（AND）", "与"])
def test_negative_scaling_right_in_either_language(chinese, answer):
    feedback = lesson.check_negative_scaling(answer)
    assert feedback.ok, feedback
    assert_chinese(feedback.message)
    assert "0, 0, 0, 1：与门（AND）" in feedback.message


@pytest.mark.parametrize("answer, expected", [
    (..., '例如 "OR" 或 "或门"'), (1, "带引号的文字"), ("NAND", "z 的符号会翻转"), ("与非门", "z 的符号会翻转"),
    ("XAND", "'XAND' 不是下面这些逻辑门中的任何一个：与门（AND）、与非门（NAND）"), ("或门", "不是 或门"),
    ("OR", "不是 OR"),
])
def test_negative_scaling_not_yet_in_chinese(chinese, answer, expected):
    feedback = lesson.check_negative_scaling(answer)
    assert not feedback.ok
    assert_chinese(feedback.message)
    assert expected in feedback.message, feedback.message


def test_english_negative_scaling_still_reads_gate_names_in_any_case():
    assert lesson.check_negative_scaling("and").ok and lesson.check_negative_scaling("与门").ok
    assert "is not one of the gates AND, NAND, NOR, NOT x1" in lesson.check_negative_scaling("XAND").message
    assert "not x1:" in lesson.check_negative_scaling("x1").message


def test_every_gate_a_check_can_name_has_a_chinese_label(chinese):
    for outputs in product((0, 1), repeat=4):
        if outputs in (GATES["XOR"], GATES["XNOR"]):
            continue  # no perceptron computes them
        w1, w2, b = find_perceptrons(outputs)[0]
        feedback = lesson.check_gate("AND", [w1, w2], b)
        assert_chinese(feedback.message)
        assert feedback.ok == (outputs == GATES["AND"])
