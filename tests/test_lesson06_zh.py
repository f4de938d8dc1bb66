"""Lesson 06 in Chinese: the live curve, the notes beside the learning code, the baselines, the tables, the
claims and the exercise feedback speak from the catalogue (nnbook/locales/*/l06_training.toml, and
words.toml for a History and the progress bar) — in Chinese when asked, and in English exactly as before."""

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnbook  # noqa: E402
from i18n_checks import CJK, assert_chinese, width  # noqa: E402
from test_lesson06 import blocks, handmade  # noqa: E402
from nnbook.lessons import l06_training as lesson  # noqa: E402
from nnbook.lessons.l06_training import Run  # noqa: E402
from nnbook.network import History, Network  # noqa: E402
from nnbook.words import progress_bar  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# Every id of l06_training.toml and words.toml is read by its module and formats in both languages:
# tests/test_i18n.py.


def history_of(*accuracies, on="test"):
    history = History(on)
    for epoch, accuracy in enumerate(accuracies, 1):
        history.record(epoch, accuracy, 0.04)
    return history


def runs_of(h15, h30, h100, stuck_15=None):
    """Runs of made-up networks (tests/test_lesson06.py's `handmade`) that read the made-up `DIGITS`."""
    return [Run(15, 0, history_of(*h15), 1.0, handmade(15, stuck=stuck_15)),
            Run(30, 0, history_of(*h30), 2.0, handmade(30)),
            Run(100, 0, history_of(*h100), 5.0, handmade(100, stuck=6))]


DIGITS = blocks()
GOOD = runs_of((0.88, 0.91), (0.90, 0.946), (0.82, 0.87))
BAD = runs_of((0.88, 0.95), (0.90, 0.946), (0.92, 0.97), stuck_15=3)


# --- English: what it always said ---------------------------------------------------------------------------

def test_english_says_what_it_always_said():
    assert repr(history_of(0.9, 0.9528)) == "History(2 epochs on test data: accuracy 95.28%, best 95.28%, cost 0.0400)"
    assert repr(History("training")) == "History(no epochs yet)"
    assert repr(history_of(0.5, on="the last 500 digits")).startswith("History(1 epochs on the last 500 digits:")
    assert lesson.kept_message("/some/path") == (
        "kept in your cache folder: lesson 07 will load this network instead of training it again")
    assert lesson.kept_message(None) == (
        "not kept (your cache folder cannot be written): lesson 07 will train the same network again itself")
    assert lesson.data_line((None, range(50_000)), (None, range(10_000)), (None, range(10_000))) == \
        "learn from 50,000 digits, watch and choose on 10,000, test once, at the end, on 10,000"
    assert lesson.hidden_table(GOOD) == (
        "network      | seed | parameters | after epoch 1 | after epoch 2\n"
        "784-15-10    |    0 |     11,935 |        88.00% |        91.00%\n"
        "784-30-10    |    0 |     23,860 |        90.00% |        94.60%\n"
        "784-100-10   |    0 |     79,510 |        82.00% |        87.00%")
    assert lesson.run_line(history_of(0.9, 0.9528)) == (
        "2 epochs, measured on the validation digits: last epoch 95.28%, best 95.28% (epoch 2), cost 0.0400")
    assert lesson.saturation_table(np.zeros((3, 784)), hidden=(15,)).splitlines()[0] == \
        "network      | hidden z beyond ±4 | output z beyond ±4"
    assert "lines of code (without docstrings, comments and blank lines)" in repr(lesson.learning_code())
    assert lesson.TEXT["curve"]["book_run"] == "784-30-10, mini-batches of 10, η = 3.0: learning, epoch by epoch"
    bar = progress_bar(2)
    assert (bar.desc, bar.unit) == ("epochs", "epoch")
    bar.close()


def test_set_language_takes_effect_at_once():
    history = history_of(0.9)
    assert "epochs on test data" in repr(history)
    nnbook.set_language("zh")
    assert "在测试数据上" in repr(history)
    assert lesson.kept_message(None) != lesson.TEXT["kept"]


# --- Chinese ------------------------------------------------------------------------------------------------

def test_history_and_progress_bar_in_chinese(chinese):
    text = repr(history_of(0.9, 0.9528))
    assert_chinese(text)
    assert text.startswith("History(2 轮") and "95.28%" in text and "0.0400" in text and "测试数据" in text
    assert "训练数据" in repr(history_of(0.9, on="training")) and "验证数据" in repr(history_of(0.9, on="validation"))
    assert_chinese(repr(History("test")))
    bar = progress_bar(2)
    assert_chinese(bar.desc + bar.unit)
    bar.close()


def test_the_lines_of_the_cells_in_chinese(chinese):
    for text in (lesson.kept_message("/a/path"), lesson.kept_message(None), lesson.TEXT["curve"]["book_run"],
                 lesson.data_line((None, range(50_000)), (None, range(10_000)), (None, range(10_000)))):
        assert_chinese(text)
    assert "50,000" in lesson.data_line((None, range(50_000)), (None, range(1)), (None, range(1)))
    assert lesson.kept_message("/a/path") != lesson.kept_message(None)


def test_the_learning_code_is_the_same_code_with_chinese_notes(chinese):
    zh = repr(lesson.learning_code()).splitlines()
    nnbook.set_language("en")
    en = repr(lesson.learning_code()).splitlines()
    assert len(zh) == len(en)
    differ = [(a, b) for a, b in zip(en, zh) if a != b]
    commented = [(a, b) for a, b in differ if "#" in a and not a.lstrip().startswith("▲")]
    notes = [(a, b) for a, b in differ if (a, b) not in commented]
    assert len(notes) == len(lesson.POINTERS) + 1  # every note, and the count of lines at the end
    for _, line in notes:
        assert_chinese(line)
    assert len(commented) == 8  # the code's comments, in Chinese (nnbook/listings.py); the code is the same
    for a, b in commented:
        assert a.split("#")[0] == b.split("#")[0] and CJK.search(b.split("#", 1)[1]), (a, b)
    assert zh[-1].startswith(en[-1].split()[0] + " 行代码")
    nnbook.set_language("zh")
    html = lesson.learning_code()._repr_html_()
    assert html.count("color:#e65100") == len(lesson.POINTERS) and "第 04 课" in html and "行代码" in html


def drawn_without_missing_glyphs(glyph_log, figure):
    """Draw a figure; fail on any warning or any log of a missing glyph or font (conftest's glyph_log)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.canvas.draw()
    assert glyph_log == []


def texts_of(figure):
    found = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
    return [t for t in found if t.strip()]


def test_the_live_curve_in_chinese(chinese, glyph_log):
    net = Network([784, 5, 10], seed=0)
    curve = lesson.LiveCurve(epochs=3, network=net, neurons=4)
    curve.update(history_of(0.9, 0.93))
    drawn_without_missing_glyphs(glyph_log, curve.figure)
    words = texts_of(curve.figure)
    assert curve.label.get_text() == "第 2 轮：93.00%"
    assert "第 2 轮之后" in curve.neurons_title.get_text()
    for text in words:
        if not re.fullmatch(r"[\d.−\-]+", text):  # tick labels are numbers
            assert_chinese(text)
    assert "每轮之后在验证数字上的准确率" in words  # the title without a title given
    assert curve.png().startswith(b"\x89PNG")
    titled = lesson.LiveCurve(epochs=3, title=lesson.TEXT["curve"]["book_run"])
    assert lesson.TEXT["curve"]["book_run"] in texts_of(titled.figure)


def test_the_baselines_in_chinese(chinese, glyph_log):
    lesson.show_baselines(guessing=0.1, darkness=0.22, network=0.95)
    figure = plt.gcf()
    drawn_without_missing_glyphs(glyph_log, figure)
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["瞎猜", "平均墨量", "784-30-10 网络"]
    assert_chinese(ax.get_title())
    assert_chinese(ax.get_xlabel())
    assert {t.get_text() for t in ax.texts} == {"10.00%", "22.00%", "95.00%"}


def test_the_hidden_comparison_in_chinese(chinese, glyph_log):
    lesson.show_hidden_comparison(GOOD)
    figure = plt.gcf()
    drawn_without_missing_glyphs(glyph_log, figure)
    for ax in figure.axes:
        for text in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()):
            assert_chinese(text)
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == ["784-15-10", "784-30-10", "784-100-10"]
    assert "每种大小 1 个种子" in figure.axes[0].get_title()


def test_the_chinese_tables_keep_their_columns(chinese):
    recall = lesson.recall_table(GOOD, DIGITS).splitlines()
    assert_chinese(recall[0])
    for text in (lesson.hidden_table(GOOD), lesson.saturation_table(np.random.default_rng(0).random((5, 784)),
                                                                     seeds=range(2)), "\n".join(recall[1:])):
        lines = text.splitlines()
        assert_chinese(lines[0])
        bars = [[width(line[:k]) for k, c in enumerate(line) if c == "|"] for line in lines]
        assert all(b == bars[0] for b in bars), f"the columns are not aligned:\n{text}"
        assert "784-100-10" in lines[-1]
    assert lesson.hidden_table(GOOD).splitlines()[0].endswith("第 2 轮之后")
    assert_chinese(lesson.run_line(history_of(0.9, 0.9528)))


def test_the_claims_in_chinese(chinese):
    net = handmade(30)
    good = lesson.run_claims(history_of(0.9074, 0.93, 0.9541, 0.9526), net, DIGITS).splitlines()
    assert len(good) == 2 and all(line.endswith("：成立") for line in good), good
    for line in good:
        assert_chinese(line)
    assert "70% 到 93%" in good[0] and "94.5% 到 96.5%" in good[1]
    bad = lesson.run_claims(history_of(0.10, 0.10, 0.10), net, DIGITS).splitlines()
    assert "：不成立（10.00%）" in bad[0] and "：不成立（最好 10.00%，最后 10.00%）" in bad[1]
    for line in bad:
        assert_chinese(line)
    hidden = lesson.hidden_claims(GOOD, DIGITS).splitlines()
    assert hidden[0].endswith("：成立") and hidden[0].startswith("2 轮之后")
    for line in hidden:
        assert_chinese(line)
    wrong = lesson.hidden_claims(BAD, DIGITS).splitlines()
    assert wrong[0].endswith("：成立")  # a stuck 784-15-10 may be ahead
    assert "：不成立（784-15-10，种子 0：卡住了 1 个）" in wrong[1]


@pytest.mark.parametrize("answers", [(..., ...), (5_000, ...), (50_000, 1), (4_999, 150_000), (5_000, 5_000),
                                     ("5000", 150_000), (5000.5, 1)])
def test_every_not_yet_of_check_steps_is_chinese(chinese, answers):
    feedback = lesson.check_steps(*answers)
    assert not feedback
    assert_chinese(repr(feedback))


def test_the_right_answers_in_chinese(chinese, mnist):
    feedback = lesson.check_steps(5_000, 150_000)
    assert feedback and repr(feedback).startswith("✔ 答对了！") and "150,000" in feedback.message
    assert_chinese(feedback.message)
    feedback = lesson.check_parameters(79_510)
    assert feedback and "79,510" in feedback.message
    assert_chinese(feedback.message)
    test = (mnist[2].images[:300], mnist[2].labels[:300])
    net = Network([784, 5, 10], seed=0)
    correct = net.evaluate(test)
    feedback = lesson.check_mistakes(300 - correct, net, test)
    assert feedback and f"{300 - correct:,}" in feedback.message
    assert_chinese(feedback.message)
    for answer in (..., correct, 100_000, "12"):
        feedback = lesson.check_mistakes(answer, net, test)
        assert not feedback
        assert_chinese(repr(feedback))


@pytest.mark.parametrize("answer", [..., 79_400, 23_860, "79510", 1.5])
def test_every_not_yet_of_check_parameters_is_chinese(chinese, answer):
    feedback = lesson.check_parameters(answer)
    assert not feedback
    assert_chinese(repr(feedback))


@pytest.mark.parametrize("answer", [..., -5, 0, 0.2, 5, 20, 50, 150, "20", float("nan"), float("inf"), True])
def test_every_answer_of_check_no_hidden_is_answered_in_chinese(chinese, answer):
    feedback = lesson.check_no_hidden(answer)
    assert bool(feedback) == (answer == 20)
    assert_chinese(repr(feedback))
    if answer == 20:
        low, high = (100 * bound for bound in lesson.NO_HIDDEN_LEAD)
        assert f"{low:.0f} 到 {high:.0f} 个百分点" in feedback.message
    assert ("打平" in feedback.message) == (answer == 0)  # 0 is a tie, not 784-10 ahead


def test_the_new_claims_and_the_curve_in_chinese(chinese, glyph_log, mnist):
    history = history_of(0.9074, 0.93, 0.9541, 0.9526)
    lines = lesson.run_claims(history, handmade(30), DIGITS, training=[0.907, 0.94, 0.97, 0.972]).splitlines()
    assert len(lines) == 5 and all(line.endswith("：成立") for line in lines), lines
    for line in lines:
        assert_chinese(line)
    assert "前 10,000 个训练数字" in lines[2]
    behind = lesson.run_claims(history, handmade(30), DIGITS, training=[0.9074, 0.93, 0.95, 0.95]).splitlines()
    assert "：不成立（-0.26 个百分点）" in behind[3]
    zero = [Run(0, 0, history_of(0.6, 0.75), 1.0, handmade(30, stuck=8))]
    no_hidden = lesson.no_hidden_claims(zero, [
        Run(30, 0, history_of(0.9, 0.95), 1.0, handmade(30))], DIGITS).splitlines()
    for line in no_hidden:
        assert_chinese(line)
    assert no_hidden[0].startswith("2 轮之后")
    training = mnist[0]
    net = Network([784, 5, 10], seed=0)
    curve = lesson.LiveCurve(epochs=2, network=net, training=(training.images[:100], training.labels[:100]))
    assert [t.get_text() for t in curve.ax.get_legend().get_texts()] == ["验证数字", "前 100 个训练数字"]
    assert curve.ax.get_ylabel() == "认对的数字（%）"
    curve.png()
    with pytest.raises(ValueError) as error:
        lesson.LiveCurve(epochs=2, training=(training.images[:100], training.labels[:100]))
    assert_chinese(str(error.value))
    assert glyph_log == []
