"""Lesson 03 in Chinese: the test-digit slider, the XOR hand-tuning sliders, gradient descent on XOR, the
printed lines and the exercises speak Chinese when asked, draw their Chinese with no missing glyph, and
every text of the lesson's catalogue is used and formats in both languages.  (conftest's `_english_again`
puts English back after every test.)"""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import i18n_checks  # noqa: E402
import nnbook  # noqa: E402
from i18n_checks import CJK, texts, width  # noqa: E402
from nnbook import Network, i18n  # noqa: E402
from nnbook.lessons import l03_network_for_digits as lesson  # noqa: E402

#: Code a Chinese text may quote: the names a student types or reads in the code cells, and the answers
#: (None, inf, np.float64(0.9)) that the feedback quotes back.
CODE = re.compile(r"Network\(\[[\d, ]+\], seed=\d+\)|np\.argmax\(outputs\)|np\.argmax|guess\(outputs\)|guess|"
                  r"Python|ZeroDivisionError: division by zero|w_\w+|b_h\d|b_out|e\+09|"
                  r"你写的是 (None|inf|NaN|nan)|np\.float64\([\d.]+\)")
DOMAIN = "l03_network_for_digits"
SEED = 8
FIRST_TRY = dict(w_h1_x1=5, w_h1_x2=5, b_h1=-2, w_h2_x1=5, w_h2_x2=5, b_h2=-8, w_out_h1=1, w_out_h2=1, b_out=0)
BY_HAND = dict(FIRST_TRY, w_out_h1=10, w_out_h2=-10, b_out=-5)


def is_chinese(text):
    """Chinese characters present, and no English word (three letters or more) left once the quoted code is out."""
    return i18n_checks.is_chinese(text, code=CODE)


pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture(scope="module")
def net():
    return Network([784, 15, 10], seed=SEED)


def figure_words(fig):
    """Every text of a figure that holds a word (not a tick number or a lone digit)."""
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t for t in found if re.search(r"[^\W\d_]{2,}", t)]


# ----- the test-digit slider -----

@pytest.mark.parametrize("index", [0, 9999])
def test_the_test_digit_slider_speaks_chinese_at_both_ends(chinese, mnist, net, index, glyph_log):
    test = mnist[2]
    view = lesson.show_outputs(net, test.images, test.labels, index)
    assert view.png.startswith(b"\x89PNG")
    a = net.feedforward(test.images[index]).reshape(-1)
    guess, label = int(np.argmax(a)), int(test.labels[index])
    assert view.text.startswith(f"测试数字 #{index}：标签 {label}，网络猜 {guess}（{'猜对了' if guess == label else '猜错了'}）")
    assert is_chinese(view.text), view.text
    words = figure_words(view.figure)
    assert words and all(is_chinese(t) for t in words), words
    assert glyph_log == []


def test_the_slider_itself_is_labelled_in_chinese(chinese):
    slider = lesson.test_digit_slider(10_000)
    assert (slider.description, slider.min, slider.max, slider.value) == ("测试数字", 0, 9999, 0)
    nnbook.set_language("en")
    assert lesson.test_digit_slider(10_000).description == "test digit"


def test_the_network_picture_in_chinese(chinese, glyph_log):
    fig = lesson.draw_digit_network()
    fig.canvas.draw()
    texts = [t.get_text() for t in fig.axes[0].texts]
    for name in ("输入层\n784 个像素", "隐藏层\n15 个神经元", "输出层\n10 个数字"):
        assert name in texts
    assert fig.axes[0].get_title() == "识别数字的网络：784 → 15 → 10"
    assert glyph_log == []


def test_the_first_digits_in_chinese(chinese, mnist, glyph_log):
    test = mnist[2]
    fig = lesson.show_first_digits(test.images, test.labels, n=20)
    fig.canvas.draw()
    assert fig._suptitle.get_text() == "前 20 个测试数字及其标签"
    assert glyph_log == []


# ----- the printed lines -----

def test_the_outputs_table_keeps_its_columns_in_chinese(chinese, mnist, net):
    test = mnist[2]
    lines = lesson.outputs_table(net, test.images, test.labels, n=5).splitlines()
    header = lines[0]
    assert "序号" in header and "猜测" in header and "标签" in header and is_chinese(header)
    assert {width(line.rstrip(" ✔")) for line in lines} == {width(header)}
    # every bar of the header stands above the bars of the rows
    bars = [width(header[:k]) for k, c in enumerate(header) if c == "|"]
    assert bars == [k for k, c in enumerate(lines[2]) if c == "|"]


def test_the_printed_lines_in_chinese(chinese, mnist, net):
    test = mnist[2]
    image = test.images[0]
    text = lesson.image_text(image, image.reshape(28, 28))
    assert text.splitlines()[0] == "一幅图像：形状 (784,)，数值从 0.0 到 1.0"
    assert lesson.TEXT("shapes", weights=net.weights[0].shape, biases=net.biases[0].shape) == "权重 (15, 784)   偏置 (15, 1)"
    assert lesson.correct_text(1011, 10_000) == "认对：1,011 / 10,000 = 10.1%"
    assert lesson.TEXT("guess_counts", counts=np.arange(10)).startswith("它猜每个数字 0-9 的次数：[0 1 2")
    assert lesson.TEXT["count"]("agrees", count=sum(array.size for array in net.weights + net.biases)) == "网络自己数的也一样：11,935"
    assert lesson.TEXT["learn"]("seed", seed=11, before=0.1892, after=0.0632, n_right=2) == "种子 11：代价 0.1892 → 0.0632，4 个里对了 2 个"
    outputs = lesson.outputs_text(net.feedforward(image), 7)
    assert "← 猜测" in outputs and "← 真实数字" in outputs and is_chinese(outputs)
    for line in [text, outputs, lesson.hand_tuning(11_935), lesson.hand_tuning(7_000_000, values=10)]:
        assert all(is_chinese(row) for row in line.splitlines()), line
    assert "一共 2^11,935 种设置——这个数有 3,593 位" in lesson.hand_tuning(11_935)


# ----- the XOR hand-tuning sliders and gradient descent -----

def test_the_xor_sliders_are_labelled_in_chinese(chinese):
    sliders = lesson.xor_sliders(FIRST_TRY)
    labels = [s.description for s in sliders.values()]
    assert labels == ["x1 → h1", "x2 → h1", "h1 的偏置", "x1 → h2", "x2 → h2", "h2 的偏置", "h1 → 输出", "h2 → 输出", "输出的偏置"]
    assert {k: s.value for k, s in sliders.items()} == FIRST_TRY


@pytest.mark.parametrize("value", [-10.0, 10.0])
def test_the_xor_slider_callback_speaks_chinese_at_its_extremes(chinese, value, glyph_log):
    for numbers in [dict.fromkeys(lesson.XOR_NUMBERS, value), {**FIRST_TRY, "b_out": value}, FIRST_TRY, BY_HAND]:
        view = lesson.show_xor_attempt(**numbers)
        assert view.png.startswith(b"\x89PNG")
        lines = view.text.splitlines()
        assert len(lines) == 6 and lines[-1].startswith("代价 C = ")
        assert all(is_chinese(line) for line in lines[1:]) and is_chinese(lines[0])
        assert len({width(line) for line in lines[:5]} - {width(lines[0])}) <= 3  # the verdicts differ in length
        bars = [width(lines[0][:k]) for k, c in enumerate(lines[0]) if c == "|"]
        for row in lines[1:5]:
            assert [width(row[:k]) for k, c in enumerate(row) if c == "|"] == bars
        words = figure_words(view.figure)
        assert words and all(is_chinese(t) for t in words), words
    assert glyph_log == []
    first = lesson.show_xor_attempt(**FIRST_TRY).text.splitlines()
    assert first[1:] == [" 0  0 |   0    |  0.530   | ✘ 应该低于 0.5",
                         " 0  1 |   1    |  0.731   | ✔ 在 0.5 正确的一侧",
                         " 1  0 |   1    |  0.731   | ✔ 在 0.5 正确的一侧",
                         " 1  1 |   0    |  0.868   | ✘ 应该低于 0.5",
                         "代价 C = 0.1473   4 个里对了 2 个"]
    assert lesson.xor_table(lesson.xor_network(**BY_HAND))[0].endswith("4 个里对了 4 个——异或解决了！")


def test_gradient_descent_on_xor_in_chinese(chinese, glyph_log):
    net, costs = lesson.learn_xor()
    view = lesson.show_xor_learning(net, costs)
    assert view.png.startswith(b"\x89PNG")
    lines = view.text.splitlines()
    assert lines[0] == "在 4 个异或样本上做梯度下降：Network([2, 2, 1], seed=1)，η = 4，2,000 步"
    assert "走了 2,000 步：代价 C = 0.0005" in lines and "它找到的 9 个数：" in lines
    assert all(is_chinese(line) for line in lines if not line.startswith("  w_") and not line.startswith("  b_")
               and "|" not in line[:6]), view.text
    words = figure_words(view.figure)
    assert words and all(is_chinese(t) for t in words), words
    assert glyph_log == []


# ----- the exercises -----

@pytest.mark.parametrize("check, answers", [
    (lesson.check_pixel_index, [152, 153, 12 * 28 + 5, 0, ..., "152", 1.5, None, float("nan")]),
    (lesson.check_parameter_count, [23_860, 784 * 30 + 300, 784 * 30 + 300 + 824, 5, ..., "23860", float("inf")]),
    (lesson.check_guess, [lambda o: int(np.argmax(o)), lambda o: ..., lambda o: 3, lambda o: 1 / 0, ..., 42,
                          np.max]),
])
def test_every_exercise_answer_gets_chinese_feedback(chinese, check, answers):
    verdicts = [check(answer) for answer in answers]
    assert verdicts[0] and not any(verdicts[1:])
    for feedback in verdicts:
        assert repr(feedback).startswith("✔ 答对了！" if feedback else "✘ 还不对：")
        assert is_chinese(feedback.message), feedback.message


def test_the_exercise_feedback_in_chinese_says_the_numbers(chinese):
    assert check_message(lesson.check_pixel_index, 152) == (
        "各行首尾相接：前面先是 5 整行、每行 28 个像素，所以像素 (5, 12) 的位置是 5·28 + 12 = 152。")
    assert "你把行和列弄反了" in check_message(lesson.check_pixel_index, 12 * 28 + 5)
    assert "第 5 行之前" in check_message(lesson.check_pixel_index, 7)
    assert check_message(lesson.check_parameter_count, 23_860).startswith("784·30 + 30 + 30·10 + 10 = 23,860：")
    assert check_message(lesson.check_parameter_count, 23_820).startswith("23,820 只数了权重")
    assert "guess 返回了 3，但最大的是输出 2" in check_message(lesson.check_guess, lambda o: 3)


def check_message(check, answer):
    return check(answer).message


# ----- the catalogue (the same ids in both languages, every id read by the lesson, every text formatting in both
# languages: tests/test_i18n.py) -----

def test_every_chinese_text_of_the_lesson_is_chinese():
    for key, text in texts("zh", DOMAIN).items():
        if key[0] != "sliders" and key[-1] not in {"xor_row"}:
            assert CJK.search(text), f"{'.'.join(key)} is not Chinese: {text!r}"


def test_the_slider_ids_are_the_xor_numbers():
    assert sorted(i18n.load("en", DOMAIN)["sliders"]) == sorted(lesson.XOR_NUMBERS)
