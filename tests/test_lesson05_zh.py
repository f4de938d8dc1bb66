"""Lesson 05 in Chinese: the lines its code cells print, the ball on the real cost (its text, figure and sliders,
at their extremes), SGD on the bowl and every exercise's feedback speak Chinese (the catalogue
nnbook/locales/zh/l05_gradient_descent_in_practice.toml, with surfaces.toml's descriptions) — and in English they
say exactly what the committed lesson shows."""

import dataclasses
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
from i18n_checks import CJK, ENGLISH, figure_texts, filled, texts  # noqa: E402
from nnbook import Network  # noqa: E402
from nnbook.lessons import l05_gradient_descent_in_practice as lesson  # noqa: E402
from nnbook.surfaces import describe, descend, two_valleys  # noqa: E402

DOMAIN = "l05_gradient_descent_in_practice"
SOURCE = Path(lesson.__file__).read_text(encoding="utf-8")
#: The lesson's code a Chinese text may name; once it is taken out, a run of four Latin letters (ENGLISH) is English
#: left behind (the maths — w, C, η, ∇C, SGD — has none).
CODE = re.compile(r"net\.cost\(sample\)|start = \(v1, v2\)|backprop")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_chinese(text):
    i18n_checks.assert_chinese(text, ENGLISH, code=CODE)


def test_the_chinese_check_can_fail():
    with pytest.raises(AssertionError, match="English left"):
        assert_chinese("η = 30：every step went downhill")
    with pytest.raises(AssertionError, match="no Chinese"):
        assert_chinese("η = 30: 40 steps from (+1.30, -0.60)")


@pytest.fixture(scope="module")
def pair(mnist):
    """The lesson's two weights: lesson 04's untrained network on the first 1,000 training digits."""
    training = mnist[0]
    return lesson.WeightPair(Network([784, 15, 10], seed=8), (training.images[:1000], training.labels[:1000]))


# --- the catalogue (the same ids and placeholders in both languages, every id read by the lesson, every text
# formatting in both languages: tests/test_i18n.py) -------------------------------------------------

@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_lesson_has_72_texts_and_the_chinese_ones_are_chinese(code):
    found = texts(code, DOMAIN)
    assert len(found) == 72
    for key, text in found.items():
        if code == "zh":  # Chinese, or pure maths (η), never English words
            assert CJK.search(text) or not ENGLISH.search(filled(text).replace("x", "")), key
            assert "$" not in text, key


def test_no_text_is_looked_up_once_and_kept():
    """A text read at import time would not follow set_language: the lesson reads TEXT only inside functions."""
    module_level = [line for line in SOURCE.splitlines() if re.match(r"^[A-Z_]+ = .*TEXT[\[(]", line)]
    assert module_level == []


# --- the lines the code cells print ----------------------------------------------------------------

def test_english_lines_are_what_the_notebook_printed(pair, mnist):
    said = describe(descend(two_valleys, (0.1, 1.5), 0.1, 50), two_valleys)
    assert lesson.TEXT("start_line", start=(0.1, 1.5), said=said) == (
        "start (0.1, 1.5): η = 0.10: rolls down without overshooting and arrives in 15 steps in the shallower (right) "
        "valley")
    training = mnist[0]
    net_cost = Network([784, 15, 10], seed=8).cost((training.images[:1000], training.labels[:1000]))
    assert lesson.TEXT("untrained", w1=pair.start[0], w2=pair.start[1], cost=pair.cost(pair.start), net_cost=net_cost) == (
        "the untrained weights: (+1.30, -0.59);  C there = 2.1553, net.cost(sample) = 2.1553")
    assert lesson.TEXT("gradient", gradient=pair.gradient(pair.start).round(4)) == "the gradient there: ∂C/∂w = [0.0219 0.0162]"


def test_the_lines_in_chinese(chinese, pair):
    runs = [((0.1, 1.5), 0.1), ((-0.1, 1.5), 0.1), ((1.8, -1.5), 0.1), ((1.8, -1.5), 0.15), ((1.8, -1.5), 0.25)]
    lines = [lesson.TEXT("start_line", start=s, said=describe(descend(two_valleys, s, eta, 50), two_valleys)) for s, eta in runs]
    for line in lines:
        assert_chinese(line)
    assert lines[0] == "起点 (0.1, 1.5)：η = 0.10：一路滚下、不越过谷底，15 步到达谷底，停在较浅的（右边）山谷"
    assert lines[1].endswith("停在较深的（左边）山谷") and lines[4].startswith("起点 (1.8, -1.5)：η = 0.25：太大")
    untrained = lesson.TEXT("untrained", w1=pair.start[0], w2=pair.start[1], cost=pair.cost(pair.start), net_cost=2.15534)
    assert untrained == "未训练时的两个权重：(+1.30, -0.59)；那里的 C = 2.1553，net.cost(sample) = 2.1553"
    assert_chinese(untrained)
    assert lesson.TEXT("gradient", gradient=pair.gradient(pair.start).round(4)) == "那里的梯度：∂C/∂w = [0.0219 0.0162]"


# --- the ball on the real cost ---------------------------------------------------------------------

def test_the_real_descent_controls_in_chinese(chinese, pair):
    sliders = lesson.real_descent_sliders(pair)
    assert [sliders[k].description for k in ("eta", "start_1", "start_2")] == [
        "学习率 η（真实代价）", "起点 w（隐藏神经元 3）", "起点 w（隐藏神经元 5）"]
    nnbook.set_language("en")
    assert [s.description for s in lesson.real_descent_sliders(pair).values()] == [
        "learning rate η (real)", "start w (hidden 3)", "start w (hidden 5)"]


def test_real_descent_callback_at_every_extreme_in_chinese(chinese, glyph_log, pair):
    sliders = lesson.real_descent_sliders(pair)
    ends = {name: (w.min, w.max) for name, w in sliders.items()}
    for eta, s1, s2 in itertools.product(ends["eta"], ends["start_1"], ends["start_2"]):
        view = lesson.show_real_descent(pair, eta, s1, s2)
        first, moves, lowest = view.text.splitlines()
        assert first.startswith(f"η = {eta:g}：从 ({s1:+.2f}, {s2:+.2f}) 出发走了 40 步，C = ")
        assert moves.startswith("最长的一步：") and lowest.startswith("地图上的最低点：C = 1.7843，在 (")
        assert_chinese(view.text)
        assert "nan" not in view.text.lower() and "inf" not in view.text
        texts = [t for t in figure_texts(view.figure) if not re.fullmatch(r"[\d.]+", t)]  # not the contour labels
        assert texts == ["1,000 个训练数字上真实的代价 C（其余 11,933 个数保持不变）", "从隐藏神经元 3 到输出 4 的权重",
                         "从隐藏神经元 5 到输出 4 的权重", "每一步之后的代价", "步数", "代价 C"]
        view.png  # drawn
    assert glyph_log == []
    assert plt.get_fignums() == []


def test_real_descent_text_in_chinese(chinese, pair):
    """Every ending of the second line: downhill, not uphill, off the map."""
    far = lesson.show_real_descent(pair, 1000, 1.3, -0.6).text
    assert far.splitlines()[0] == "η = 1000：从 (+1.30, -0.60) 出发走了 40 步，C = 2.1552 → 1.7908，最后停在 (-20.35, -17.76)"
    assert far.splitlines()[1].endswith("；每一步都是下坡；它离开了地图（地图上的权重在 -10 到 10 之间）")
    path = pair.descend((8, 8), 30)
    flat = dataclasses.replace(path, costs=path.costs[0] + np.array([0, 1e-15, 0, -1e-15] * 10 + [0]))
    assert lesson.real_descent_text(pair, flat).splitlines()[1].endswith("；没有一步是上坡（有几步几乎没有改变代价）")
    uphill = lesson.show_real_descent(pair, 1000, -10, -10).text
    assert uphill.splitlines()[1].endswith("；其中 16 步是上坡；它离开了地图（地图上的权重在 -10 到 10 之间）")
    assert "离开了地图" not in lesson.show_real_descent(pair, 30, 1.3, -0.6).text


def test_uphill_steps_are_counted_in_chinese(chinese, pair):
    """A made-up path that goes up twice: the words for it (no slider position of the lesson does that)."""
    path = pair.descend((1.3, -0.6), 30)
    costs = np.array(path.costs, dtype=float)
    costs[[3, 7]] = costs[0] + 1  # up at steps 3 and 7, down again after each
    path = dataclasses.replace(path, costs=costs)
    assert "；其中 2 步是上坡" in lesson.real_descent_text(pair, path)


# --- stochastic gradient descent -------------------------------------------------------------------

def test_show_sgd_in_chinese(chinese, glyph_log, shown, capsys):
    lesson.show_sgd(eta=0.1, mini_batch_size=10, epochs=3)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1,000 个样本，每个小批量 10 个：每轮 100 步"
    assert out[1].startswith("SGD，3 轮 = 300 步：代价 12.730 → ") and "，最后离谷底 " in out[1]
    assert out[2].startswith("完整的梯度下降，同样的工作量 = 3 步：代价 12.730 → 1.9407")
    for line in out:
        assert_chinese(line)
    texts = figure_texts(shown[0])
    assert texts[0] == "SGD：3 轮，每个小批量 10 个样本，η = 0.1"
    assert texts[-4:] == ["SGD 第 1 轮", "SGD 第 2 轮", "SGD 第 3 轮", "完整的梯度下降：3 步"]
    assert glyph_log == []


def test_show_sgd_in_english_is_unchanged(shown, capsys):
    lesson.show_sgd(eta=0.1, mini_batch_size=10, epochs=3)
    assert capsys.readouterr().out == (
        "1,000 examples, mini-batches of 10: 100 steps per epoch\n"
        "SGD, 3 epochs = 300 steps: cost 12.730 → 0.0222, ends 0.108 from the bottom\n"
        "full gradient descent, same work = 3 steps: cost 12.730 → 1.9407\n")
    texts = figure_texts(shown[0])
    assert texts[0] == "SGD: 3 epochs, mini-batches of 10, η = 0.1"
    assert texts[-4:] == ["SGD epoch 1", "SGD epoch 2", "SGD epoch 3", "full gradient: 3 steps"]


# --- the exercises ---------------------------------------------------------------------------------

def feedback_in_chinese(feedback, ok):
    return i18n_checks.feedback_in_chinese(feedback, ok, assert_chinese)


@pytest.mark.parametrize("answer, ok, expected", [
    ((50, 150), True, "1,000 / 20 = 每轮 50 步，3 × 50 = 一共 150 步"),
    ((100, 300), False, "小批量大小为 10 时的步数"),
    ((1000, 3000), False, "能分成多少个大小为 20 的小批量"),
    ((3, 3), False, "3 是“完整的”梯度下降"),
    ((49, 147), False, "每轮不是 49 步"),
    ((50, 100), False, "现在再乘以 3 轮（你写的是 100）"),
    ((..., ...), False, "把每个 ... 换成一个整数（步数）"),
    ((1.5, 2), False, "一轮的步数是一个整数"),
    ((50, "150"), False, "3 轮的步数"),
])
def test_check_sgd_steps_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_sgd_steps(*answer), ok)


@pytest.mark.parametrize("answer, ok, expected", [
    ((1.9, 0), True, "停在较深的（左边）山谷。它的第一步 Δv1 = −0.1 · ∂C/∂v1 = -2.01，落在 v1 = -0.11"),
    ((1.0, 0.5), False, "停在较浅的（右边）山谷。只有很长的第一步才能越过山脊"),
    ((0.3, 0), False, "v1 至少是 0.5（你写的是 v1 = 0.3）"),
    ((2.5, 0), False, "不要离开地图：v1 和 v2 都要在 -2 到 2 之间"),
    ((..., ...), False, "把每个 ... 换成一个数"),
    ((1, 2, 3), False, "起点 (v1, v2)"),
])
def test_check_deeper_valley_in_chinese(chinese, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_deeper_valley(answer), ok)


@pytest.mark.parametrize("answer, ok, expected", [
    (1500, True, "η = 1500：从 (+8.00, +8.00) 出发走了 40 步，C = 2.1862 → 1.7913，最后停在 (-70.15, -11.04)。在高原上"),
    (30, False, "C = 2.1862 → 2.1862，最后停在 (+7.95, +7.95)——走完 40 步，C 仍不低于 2"),
    (0, False, "η = 0 不会往下坡走"),
    (-30, False, "学习率必须是正数"),
    (1e6, False, "远远超出了滑块的范围（5 到 2000）"),
    (..., False, "比如 30 这样的数"),
])
def test_check_plateau_eta_in_chinese(chinese, pair, answer, ok, expected):
    assert expected in feedback_in_chinese(lesson.check_plateau_eta(answer, pair), ok)


def test_english_feedback_is_unchanged(pair):
    assert lesson.check_sgd_steps(50, 150).message == (
        "one step per mini-batch: 1,000 / 20 = 50 steps an epoch, 3 × 50 = 150 in all — for the work that full "
        "gradient descent spends on 3 steps. Bigger mini-batches: fewer steps, each from a less noisy estimate.")
    assert repr(lesson.check_sgd_steps(..., ...)) == "✘ Not yet: replace each ... with a whole number of steps."
    assert lesson.check_sgd_steps(50, 100).message == (
        "50 steps per epoch is right; now multiply by the 3 epochs (you gave 100).")
    assert lesson.check_deeper_valley((0.3, 0)).message == (
        "start on the right side of the map, with v1 of at least 0.5 (you gave v1 = 0.3). Left of the ridge "
        "(v1 ≈ 0.08) the ball simply rolls into the left valley; the puzzle is to get there from the right side.")
    assert lesson.check_deeper_valley((1.9, 0)).message.endswith(
        "in the deeper (left) valley. Its first step, Δv1 = −0.1 · ∂C/∂v1 = -2.01, lands at v1 = -0.11, across the "
        "ridge (v1 ≈ 0.08): far out the slope is steep, so the step is long. Any start with v1 from about 1.84 to 2 "
        "does it, whatever v2. Nothing rolled over the ridge: a long step landed on the other side.")
    assert lesson.check_plateau_eta(30, pair).message == (
        "η = 30: 40 steps from (+8.00, +8.00): C = 2.1862 → 2.1862, ends at (+7.95, +7.95): C is still 2 or more "
        "after 40 steps. On the plateau the slope is about 0.00004, and a step is η times the slope: try a larger η.")
    assert repr(lesson.check_plateau_eta(..., pair)) == (
        "✘ Not yet: replace ... with a learning rate, a number like 30 (try some with the slider first).")


def test_english_again_after_chinese(pair):
    nnbook.set_language("zh")
    assert lesson.show_real_descent(pair, 30, 1.3, -0.6).text.startswith("η = 30：从 (+1.30, -0.60) 出发走了 40 步")
    nnbook.set_language("en")
    assert lesson.show_real_descent(pair, 30, 1.3, -0.6).text.startswith("η = 30: 40 steps from (+1.30, -0.60)")


# --- online learning: mini-batches of 1, 10 and all ------------------------------------------------

def test_the_replay_controls_in_chinese(chinese, pair):
    assert [s.description for s in lesson.batch_size_sliders(pair).values()] == ["看过的样本数", "打乱顺序（种子）"]


def test_replay_callback_at_every_extreme_in_chinese(chinese, glyph_log, pair):
    sliders = lesson.batch_size_sliders(pair)
    for seen, seed in itertools.product((sliders["seen"].min, sliders["seen"].max), (sliders["seed"].min, sliders["seed"].max)):
        view = lesson.show_batch_sizes(pair, seen, seed)
        header, *lines = view.text.splitlines()
        assert header == f"看过 1,000 个样本中的 {seen:,} 个之后："
        assert [line.split("：")[0].strip() for line in lines] == [
            "小批量大小 1（在线学习）", "小批量大小 10", "一个批量包含全部 1,000 个样本"]
        assert_chinese(view.text)
        texts = [t for t in figure_texts(view.figure) if not re.fullmatch(r"[\d.]+", t)]
        assert texts == ["真实代价上的一轮，η = 10", "从隐藏神经元 3 到输出 4 的权重", "从隐藏神经元 5 到输出 4 的权重",
                         "小批量大小 1（在线学习）", "小批量大小 10", "一个批量包含全部 1,000 个样本",
                         "代价随看过的样本数的变化", "看过的样本数", "代价 C"], texts
        view.png  # drawn
    assert glyph_log == []
    assert plt.get_fignums() == []


def test_counts_and_timing_in_chinese(chinese, pair):
    counts = lesson.batch_counts_text(pair, lesson.batch_size_runs(pair, seed=0)).splitlines()
    assert counts[0] == ("小批量大小 1（在线学习）：1,000 步，调用 backprop 1,000 次，算了 1,000 个样本的梯度；"
                         "上坡的步数：748；最后 C = 1.7868")
    for line in counts + lesson.timing_text(pair, repeats=1).splitlines():
        assert_chinese(line)
    assert re.fullmatch(r"小批量大小 10：这一轮用了 \d+\.\d 毫秒，每步 \d+ 微秒", lesson.timing_text(pair, repeats=1).splitlines()[1])


def test_check_online_in_chinese_over_every_pair_of_letters(chinese):
    for a, d in itertools.product("ABCDEF", "ABCDEF"):
        ok = a == "A" and d in "BD"
        message = feedback_in_chinese(lesson.check_online(a, d), ok)
        if ok:
            assert message.endswith(f"陈述 {'D' if d == 'B' else 'B'} 也是一个缺点。")
        elif a != "A":
            assert message.startswith(f"陈述 {a} ") and message.endswith("哪一条陈述是在线学习的优点？")
        else:
            assert message.startswith(f"陈述 {d} ") and message.endswith("哪一条陈述是在线学习的缺点？")
    assert "64% 到 79%" in lesson.check_online("E", "B").message and "31% 到 49%" in lesson.check_online("A", "E").message
    assert feedback_in_chinese(lesson.check_online(..., ...), False) == '把每个 ... 换成一个加引号的字母，例如 "A"。'
    assert feedback_in_chinese(lesson.check_online("A", 4), False).startswith('缺点是 A 到 F 中的一个字母')
