"""The idea modules in Chinese: cost surfaces, gradient descent, the rolling-ball animation and the shared
figures speak from their catalogues, in the language in use when the text is read, and draw their
Chinese with no missing glyph; in English they say exactly what they always said.  (conftest's
`_english_again` puts English back after every test.)"""

import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook  # noqa: E402
from i18n_checks import CJK, is_chinese  # noqa: E402
from nnbook import i18n  # noqa: E402
from nnbook.animation import BUTTON_LABELS, BUTTONS, offline_player, rolling_ball  # noqa: E402
from nnbook.diagrams import draw_circuit, draw_layers  # noqa: E402
from nnbook.gradient_descent import gradient_descent, stochastic_gradient_descent  # noqa: E402
from nnbook.perceptron import adder_from_nand  # noqa: E402
from nnbook.plots import show_digit_numbers, show_digits  # noqa: E402
from nnbook.surfaces import (REGIMES, bowl, bowl_example_gradient, bowl_examples,  # noqa: E402
                             choices, descend, describe, get_surface, regime, two_valleys, verdict)
from nnbook.words import DESCRIPTIONS, VERDICTS  # noqa: E402

START = (-2.5, 1.8)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(fig):
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


# ----- surfaces: what the ball did -----

# (surface, start, η): one walk for every kind of description, on the slider's extremes too
WALKS = [(bowl, START, eta) for eta in (0.01, 0.05, 0.1, 0.3, 0.45, 0.5, 0.55, 0.6)] + [
    (two_valleys, (0.1, 1.5), 0.1), (two_valleys, (-0.1, 1.5), 0.1), (two_valleys, (1.8, -1.5), 0.1),
    (two_valleys, (1.8, -1.5), 0.15), (two_valleys, (3, 3), 0.05), (bowl, (3, -3), 0.45)] + [
    (surface, (v1, v2), eta) for surface in (bowl, two_valleys)
    for eta, v1, v2 in itertools.product((0.01, 0.6), (-3, 3), (-3, 3))]


def test_every_description_and_verdict_is_chinese(chinese):
    seen = set()
    for surface, start, eta in WALKS:
        path = descend(surface, start, eta, 50)
        said, short = describe(path, surface), verdict(path, surface)
        assert is_chinese(said), said
        assert is_chinese(short), short
        assert said.startswith(f"η = {eta:.2f}：")
        seen.add(regime(path, surface))
    assert seen == set(REGIMES)


def test_the_descriptions_name_the_jumps_and_the_valley_in_chinese(chinese):
    steep = describe(descend(two_valleys, (1.8, -1.5), 0.1, 50), two_valleys)
    assert "越过谷底一次" in steep and steep.endswith("停在较浅的（右边）山谷")
    over = describe(descend(two_valleys, (3, 3), 0.05, 50), two_valleys)  # set down on the right, ends on the left
    assert "越过山脊" in over and over.endswith("停在较深的（左边）山谷")
    assert describe(descend(bowl, START, 0.1, 50), bowl) == "η = 0.10：一路滚下、不越过谷底，25 步到达谷底"


def test_the_tables_keep_their_names_and_follow_the_language():
    """VERDICTS and DESCRIPTIONS are still read by key; they give the text of the language in use."""
    assert set(VERDICTS) == set(REGIMES) | {"crosses_ridge", "crosses_ridge_zigzags"} and set(REGIMES) <= set(DESCRIPTIONS)
    assert VERDICTS["rolls"] == "rolls down, no overshoot"
    nnbook.set_language("zh")
    assert VERDICTS["rolls"] == "滚下，不越过谷底"
    assert all(is_chinese(VERDICTS[k]) for k in REGIMES)
    nnbook.set_language("en")
    assert VERDICTS["diverges"] == "too large: diverges"


def test_surfaces_have_a_name_to_show_and_a_key_to_work_with(chinese):
    assert choices() == [("碗", "bowl"), ("两个山谷", "two valleys")]
    assert [get_surface(key) for _, key in choices()] == [bowl, two_valleys]
    assert repr(bowl) == "Surface（碗：C = v1² + 2·v2²）"
    nnbook.set_language("en")
    assert choices() == [("bowl", "bowl"), ("two valleys", "two valleys")]
    assert repr(two_valleys) == "Surface(two valleys: C = (v1² − 1)² + 0.3·v1 + 1.5·v2²)"


# ----- gradient descent: a path's message -----

def cone(v):
    return v[0] ** 2 + 3 * v[1] ** 2


def test_a_paths_message_is_read_in_the_language_in_use():
    down = gradient_descent(cone, [2.0, 1.0], 0.1, 50)  # made in English …
    english = down.message
    nnbook.set_language("zh")
    assert is_chinese(down.message) and down.message.startswith("50 步：代价 7 → ")  # … read in Chinese
    flown = gradient_descent(cone, [1.0, 1.0], 1.0, 500)
    assert flown.diverged and is_chinese(flown.message) and "太大" in flown.message
    up = gradient_descent(lambda v: -v[0], [0.0], 0.1, 3, gradient=lambda v: np.array([1.0]))
    assert "上升" in up.message and "下降" not in up.message
    assert repr(down).startswith("Path（50 步，η=0.1：") and is_chinese(repr(down)[len("Path"):])
    x = bowl_examples(100, seed=0)
    sgd = stochastic_gradient_descent(bowl_example_gradient, x, START, 0.1, 3, 10, cost=bowl.cost, seed=0)
    assert sgd.message.startswith("3 轮 × 10 个小批量（每个 10 个样本）= 30 步") and is_chinese(sgd.message)
    wild = stochastic_gradient_descent(bowl_example_gradient, x, START, 2.0, 50, 10, cost=bowl.cost, seed=0)
    assert wild.diverged and is_chinese(wild.message) and "第 1 轮" in wild.message
    nnbook.set_language("en")
    assert down.message == english and english.startswith("50 steps: cost 7 → ") and "(down 7)" in english


# ----- the rolling-ball animation -----

def test_the_animation_plays_in_chinese_and_draws_every_character(chinese, glyph_log):
    html = rolling_ball(bowl, START, 0.6, steps=8).data  # flies off the map: the "gone" title is drawn too
    assert glyph_log == []
    for key in BUTTONS.values():
        label = i18n.load("zh", "animation")["buttons"][key]
        tip = i18n.load("zh", "animation")["tooltips"][key]
        assert re.search(rf'title="{tip}" aria-label="{tip}"[^>]*>{re.escape(label)}</button>', html), key
    for english in ("Decrease speed", "First frame", "Play backwards", "Repetition mode", ">Once<", ">Loop<",
                    ">Reflect<", ">slower<", ">faster<", "play ▶"):
        assert english not in html
    assert re.search(r'value="loop"[^>]*\s+checked', html) and ">循环</label>" in html
    assert dict(BUTTON_LABELS)["Play"] == "播放 ▶"


def test_the_animation_frame_titles_are_chinese(chinese):
    from nnbook.animation import TEXT

    assert TEXT("title", eta=0.6, k=8, cost=1410.0, gone=TEXT["gone"]) == "η = 0.6，第 8 步：C = 1.41e+03——球已经离开了地图"


def test_the_english_player_keeps_matplotlibs_words():
    html = ('<button title="Play" aria-label="Play" onclick="animabc.play_animation()">\n'
            '          <i class="fa fa-play"></i></button>'
            '<form title="Repetition mode" aria-label="Repetition mode" action="#n">'
            '<label for="_anim_radio1_abc">Once</label>')
    out = offline_player(html)
    assert '<button title="Play" aria-label="Play" onclick="animabc.play_animation()">play ▶</button>' in out
    assert '<form title="Repetition mode" aria-label="Repetition mode"' in out
    assert '<label for="_anim_radio1_abc">Once</label>' in out


# ----- the shared figures -----

def test_network_diagrams_name_their_layers_in_chinese(chinese, glyph_log):
    fig = draw_circuit(adder_from_nand())
    fig.canvas.draw()
    assert {"输入层", "隐藏层", "隐藏层 / 输出层", "输出层"} <= set(texts(fig))
    fig = draw_layers([["a", "b"], ["h"], ["o"]])
    fig.canvas.draw()
    assert [t for t in texts(fig) if CJK.search(t)] == ["输入层", "隐藏层", "输出层"]
    assert glyph_log == []


def test_network_diagrams_in_english_are_unchanged():
    fig = draw_circuit(adder_from_nand())
    assert {"input", "hidden", "hidden / output", "output"} <= set(texts(fig))


def test_digit_figures_in_chinese(chinese, glyph_log):
    fig = show_digits(np.zeros((3, 784)), labels=[7, 2, 1], guesses=[7, 3, 1])
    fig.canvas.draw()
    assert [ax.get_title() for ax in fig.axes[:3]] == ["7（猜 7）", "2（猜 3）", "1（猜 1）"]
    fig = show_digit_numbers(np.zeros(784))
    fig.canvas.draw()
    assert is_chinese(fig.axes[0].get_title())
    assert glyph_log == []


def test_digit_figures_in_english_are_unchanged():
    fig = show_digits(np.zeros((2, 784)), labels=[7, 2], guesses=[7, 3])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["7 (guess 7)", "2 (guess 3)"]
    assert show_digit_numbers(np.zeros(784)).axes[0].get_title() == "one digit = 28 × 28 = 784 numbers (shown ×100)"


def test_the_glyph_check_can_fail(glyph_log):
    fig, ax = plt.subplots()
    ax.set_title("$感知机$")
    fig.canvas.draw()
    assert glyph_log != []
