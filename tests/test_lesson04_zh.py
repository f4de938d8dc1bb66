"""Lesson 04 in Chinese: the lines its code cells print, the table of the first steps, both slider callbacks at
their extremes, the figures and every exercise's feedback speak Chinese (the catalogue
nnbook/locales/zh/l04_cost_and_gradient_descent.toml, with surfaces.toml's verdicts) — and in English they say
exactly what the committed lesson shows."""

import itertools
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import i18n_checks  # noqa: E402
import nnbook  # noqa: E402
from i18n_checks import CJK, ENGLISH, figure_texts, filled, texts, width  # noqa: E402
from nnbook import Network  # noqa: E402
from nnbook.lessons import l04_cost_and_gradient_descent as lesson  # noqa: E402
from nnbook.surfaces import bowl, descend, two_valleys  # noqa: E402

DOMAIN = "l04_cost_and_gradient_descent"
SOURCE = Path(lesson.__file__).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_chinese(text):
    """Chinese, and no run of four Latin letters: English left behind (the maths — w, C, v1, η, ∇C — has none)."""
    i18n_checks.assert_chinese(text, ENGLISH)


def test_the_chinese_check_can_fail():
    with pytest.raises(AssertionError, match="English left"):
        assert_chinese("η = 0.10：rolls down without overshooting")
    with pytest.raises(AssertionError, match="no Chinese"):
        assert_chinese("η = 0.10: rolls down without overshooting")


# --- the catalogue (the same ids and placeholders in both languages, every id read by the lesson, every text
# formatting in both languages: tests/test_i18n.py) -------------------------------------------------

@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_lesson_has_90_texts_and_the_chinese_ones_are_chinese(code):
    found = texts(code, DOMAIN)
    assert len(found) == 90  # 42 before issue 23's staircase, curve and dial; the surfaces' pictures and the learning-rate explorer are surface_views.toml's
    for key, text in found.items():
        if code == "zh":  # Chinese, or pure maths (C = {formula}, η), never English words
            assert CJK.search(text) or not ENGLISH.search(filled(text).replace("x", "")), key


def test_no_text_is_looked_up_once_and_kept():
    """A text read at import time would not follow set_language: the lesson reads TEXT only inside functions."""
    module_level = [line for line in SOURCE.splitlines() if re.match(r"^[A-Z_]+ = .*TEXT[\[(]", line)]
    assert module_level == []


# --- the lines the code cells print ----------------------------------------------------------------

def test_english_lines_are_what_the_notebook_printed():
    assert lesson.miss_line(4, np.float64(0.9904), 0.0) == "output 4: a = 0.990   wanted y = 0   miss (y - a)² = 0.981"
    assert lesson.TEXT("digit_cost", cost=3.2524) == "cost of this one digit: ½‖y - a‖² = 3.252"
    assert lesson.TEXT("cost_comparison", cost=2.1391, lazy=0.45) == ("untrained network: C = 2.139\n"
                                                    "always 0.1 everywhere: C = 0.450     a perfect network: C = 0")
    slider = lesson.weight_slider()
    assert (slider.description, slider.value, slider.min, slider.max, slider.step) == ("weight w", -3.0, -10, 10, 0.5)
    assert slider.continuous_update  # the picture follows the drag


def test_the_lines_in_chinese(chinese):
    lines = [lesson.miss_line(d, 0.5 + d / 20, float(d == 7)) for d in range(10)]
    for line in lines:
        assert_chinese(line)
    assert lines[7] == "输出 7：a = 0.850   想要的 y = 1   误差平方 (y - a)² = 0.023"
    assert len({width(line) for line in lines}) == 1  # the ten lines line up
    assert lesson.TEXT("digit_cost", cost=3.2524) == "这一个数字的代价：½‖y - a‖² = 3.252"
    both = lesson.TEXT("cost_comparison", cost=2.1391, lazy=0.45)
    assert both == "未训练的网络：C = 2.139\n处处都输出 0.1：C = 0.450     完美的网络：C = 0"
    assert_chinese(both)
    assert lesson.weight_slider().description == "权重 w"


# --- the table of the first steps ------------------------------------------------------------------

def bars(line):
    """The display columns at which the table's separators | stand."""
    at, found = 0, []
    for c in line:
        if c == "|":
            found.append(at)
        at += width(c)
    return found


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_steps_table_lines_up(code):
    nnbook.set_language(code)
    lines = lesson.gradient_steps(bowl, (-2.5, 1.8), 0.1, n=3).splitlines()
    header, rule, rows = lines[1], lines[2], lines[3:-1]
    assert len(rows) == 3 and set(rule) == {"-"}
    assert {tuple(bars(row)) for row in rows} == {tuple(bars(header))}
    assert width(header) <= len(rule)


def test_the_steps_table_in_chinese(chinese):
    lines = lesson.gradient_steps(bowl, (-2.5, 1.8), 0.1, n=3).splitlines()
    assert lines[0] == "在 C = v1² + 2·v2² 上，η = 0.1"
    assert "步" in lines[1] and "预测的 ΔC" in lines[1] and "实际 ΔC" in lines[1]
    assert lines[3] == ("   0 | ( -2.500,  +1.800) | ( -5.000,  +7.200) | ( +0.500,  -0.720) | "
                        "             -7.6840 | -6.3972")  # the numbers are the English table's
    assert lines[-1] == "3 步之后：v = (-1.280, +0.389)，C = 1.9407"
    for line in (lines[0], lines[1], lines[-1]):
        assert_chinese(line)


# --- the learning-rate explorer --------------------------------------------------------------------

def test_the_descent_controls_in_chinese(chinese):
    sliders = lesson.descent_sliders()
    assert [sliders[k].description for k in ("eta", "start_v1", "start_v2", "surface")] == [
        "学习率 η", "起点 v1", "起点 v2", "曲面"]
    menu = sliders["surface"]
    assert list(menu.options) == [("碗", "bowl"), ("两个山谷", "two valleys")]  # the words shown, the keys given
    assert menu.value == "bowl" and menu.label == "碗"
    menu.value = "two valleys"
    assert menu.label == "两个山谷"
    assert lesson.descent_sliders(surface=two_valleys)["surface"].value == "two valleys"


def test_the_menu_gives_the_callback_a_key_in_either_language(chinese):
    """What the explorer passes to show_descent is the menu's value: a key that get_surface reads."""
    menu = lesson.descent_sliders(surface="two valleys")["surface"]
    view = lesson.show_descent(0.15, 1.8, -1.5, menu.value)
    assert view.text.endswith("，停在较深的（左边）山谷")
    nnbook.set_language("en")
    assert lesson.descent_sliders(surface="two valleys")["surface"].label == "two valleys"


@pytest.mark.parametrize("surface", ["bowl", "two valleys"])
def test_descent_callback_at_every_extreme_in_chinese(chinese, glyph_log, surface):
    sliders = lesson.descent_sliders()
    ends = {name: (w.min, w.max) for name, w in sliders.items() if name != "surface"}
    for eta, v1, v2 in itertools.product(ends["eta"], ends["start_v1"], ends["start_v2"]):
        view = lesson.show_descent(eta, v1, v2, surface)
        assert re.match(r"η = 0\.(01|60)：", view.text), view.text
        assert_chinese(view.text)
        texts = figure_texts(view.figure)
        assert texts[0].startswith(f"学习率 η = {eta:.2f}\n")
        for text in texts:
            if CJK.search(text) or ENGLISH.search(text):  # the maths (v1, v2, C) stays as it is
                assert_chinese(text)
        assert {"步数", "代价 C", "每一步之后的代价"} <= set(texts)
    assert glyph_log == []
    assert plt.get_fignums() == []


def test_descent_callback_names_every_regime_in_chinese(chinese):
    verdicts = {eta: lesson.show_descent(eta).figure.axes[0].get_title().split("\n")[1]
                for eta in (0.01, 0.1, 0.3, 0.5, 0.55)}
    assert verdicts == {0.01: "太小：太慢", 0.1: "滚下，不越过谷底", 0.3: "之字形摆动，收敛", 0.5: "永远来回跳",
                        0.55: "太大：发散"}
    view = lesson.show_descent(0.1)
    assert view.text == "η = 0.10：一路滚下、不越过谷底，25 步到达谷底"
    assert "25 步后到达谷底" in figure_texts(view.figure)
    assert "代价冲出了图的顶端" in figure_texts(lesson.show_descent(0.6).figure)


def test_show_surface_in_chinese(chinese, glyph_log, shown):
    lesson.show_surface(bowl)
    lesson.show_surface(two_valleys, descend(two_valleys, (0.1, 1.5), 0.1, 30))  # lesson 05's picture
    titles = [ax.get_title() for fig in shown for ax in fig.axes]
    assert titles == ["C = v1² + 2·v2²", "同一个曲面，从上往下看",
                      "C = (v1² − 1)² + 0.3·v1 + 1.5·v2²", "同一个曲面，从上往下看"]
    fig, ax = plt.subplots()
    assert lesson.plot_contours(bowl, ax).get_title() == "C = v1² + 2·v2² 的等高线图"
    fig.canvas.draw()
    assert glyph_log == []


def test_the_figures_in_english_are_unchanged(shown):
    lesson.show_surface(bowl)
    assert [ax.get_title() for ax in shown[0].axes] == ["C = v1² + 2·v2²", "the same surface seen from above"]
    fig, ax = plt.subplots()
    assert lesson.plot_contours(bowl, ax).get_title() == "contours of C = v1² + 2·v2²"
    texts = figure_texts(lesson.show_descent(0.1).figure)
    assert texts[0] == "η = 0.10\nrolls down, no overshoot"
    assert {"the cost after each step", "step", "cost C", "lowest cost 0", "arrived after 25 steps"} <= set(texts)


# --- one weight of the real network ----------------------------------------------------------------

@pytest.fixture(scope="module")
def small_data(mnist):
    training = mnist[0]  # the lesson moves the weight on training digits
    return training.images[:200], training.labels[:200]


@pytest.mark.parametrize("w", [-10.0, 1.3004974839063816, 10.0])
def test_weight_slider_extremes_in_chinese(chinese, glyph_log, small_data, w):
    net = Network([784, 15, 10], seed=8)
    view = lesson.show_weight_cost(net, small_data, w, layer=1, j=4, k=3)
    assert view.text.startswith(f"w = {w:+.2f}：C = ")
    assert_chinese(view.text)
    assert re.search(r"——(变好了|变差了|差不多)）$", view.text)
    texts = figure_texts(view.figure)
    assert texts[:3] == ["移动一个权重，看代价怎样变（其余 11,934 个数保持不变）", "从隐藏神经元 3 到输出 4 的权重", "代价 C"]
    assert texts[3] == "未训练时的值 +1.30" and texts[4].startswith(f"w = {w:+.2f}：C = ")
    view.png  # drawn
    assert glyph_log == []


def test_another_weight_in_chinese(chinese, small_data):
    net = Network([784, 15, 10], seed=8)
    view = lesson.show_weight_cost(net, small_data, 0.5, layer=0, j=2, k=300)
    assert figure_texts(view.figure)[1] == "权重 w[0][2, 300]"


# --- the exercises ---------------------------------------------------------------------------------

def feedback_in_chinese(feedback, ok):
    return i18n_checks.feedback_in_chinese(feedback, ok, assert_chinese)


@pytest.mark.parametrize("answer, ok, expected", [
    (0.065, True, "0.065。每个输出的误差都要平方"),
    (0.13, False, "二次代价前面还有一个 ½"),
    (0.25, False, "先把每个差平方，再相加"),
    (-1, False, "永远不会是负数"),
    (2, False, "你写的是 2。"),
    (..., False, "把 ... 换成一个数"),
    ("0.065", False, "代价 C"),
])
def test_check_cost_by_hand_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_cost_by_hand(answer), ok)


@pytest.mark.parametrize("answer, ok, expected", [
    ((1.6, 0.6), True, "代价从 6 降到了 3.28。"),
    ((2.4, 1.4), False, "你往上坡走了"),
    ((1.8, 0.8), False, "∂C/∂v2 = 4"),
    ((-0.4, -0.4), False, "新的点是 v + Δv"),
    ((1, 1), False, "再用 (2, 1) 减去它"),
    ((..., ...), False, "把每个 ... 换成一个数"),
    ((1, 2, 3), False, "新的点 (v1', v2')"),
])
def test_check_gradient_step_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_gradient_step(answer), ok)


@pytest.mark.parametrize("answer, ok, expected", [
    (0.2, True, "η = 0.20：一路滚下、不越过谷底，11 步到达谷底。大约从 0.12 到 0.44"),
    (0.44, True, "20 步之内到达"),
    (0.1, False, "25 步到达谷底——超过了 20 步。试一个更大的 η。"),
    (0.45, False, "超过了 20 步。它摆得太厉害了：试一个更小的 η。"),
    (0.01, False, "离谷底 0.94。试一个更大的 η。"),
    (0.7, False, "发散"),
    (0.5, False, "永远来回跳"),
    (0, False, "学习率必须是正数"),
    (-0.1, False, "η = -0.1 不会往下坡走"),
    (..., False, "先用滑块试几个"),
])
def test_check_learning_rate_in_chinese(chinese, answer, ok, expected):
    message = feedback_in_chinese(lesson.check_learning_rate(answer), ok)
    assert expected in message
    if answer == 0.7:
        assert message.endswith("。试一个更小的 η。")


def test_english_feedback_is_unchanged():
    assert repr(lesson.check_cost_by_hand(...)) == (
        "✘ Not yet: replace ... with a number: C = ½ · ((y1 − a1)² + (y2 − a2)²).")
    assert lesson.check_gradient_step((1.6, 0.6)).message.endswith("The cost drops from 6 to 3.28.")
    assert lesson.check_learning_rate(0.1).message == (
        "η = 0.10: rolls down without overshooting and arrives in 25 steps — more than 20. Try a larger η.")
    assert lesson.check_learning_rate(0.45).message.endswith("— more than 20. It zig-zags too much: try a smaller η.")
    assert lesson.check_learning_rate(-0.1).message == (
        "η = -0.1 would not go downhill: the learning rate must be positive.")


def test_english_again_after_chinese():
    nnbook.set_language("zh")
    assert lesson.show_descent(0.1).text == "η = 0.10：一路滚下、不越过谷底，25 步到达谷底"
    nnbook.set_language("en")
    assert lesson.show_descent(0.1).text == "η = 0.10: rolls down without overshooting and arrives in 25 steps"
