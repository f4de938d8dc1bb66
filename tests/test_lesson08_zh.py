"""Lesson 08 in Chinese: what the SVM, the comparison, the size curve, the noise explorer and the exercise feedback
say comes from the catalogue (nnbook/locales/*/l08_beyond_the_network.toml) — in Chinese when asked."""

import numpy as np
import pytest

from i18n_checks import SHORT_ENGLISH_RUN, assert_chinese
from nnbook.lessons import l08_beyond_the_network as lesson
from nnbook.models import reference_network

pytestmark = pytest.mark.usefixtures("close_figures")

SCORES = {"guessing": 0.1007, "darkness": 0.2225, "svm": 0.9792, "network": 0.9526}
#: Code and names a Chinese sentence may quote: scikit-learn, expressions a student types.
CODE = __import__("re").compile(r"scikit-learn|net\.feedforward\(noise\.T\)\.max\(axis=0\)|outputs\.max\(axis=0\)")


def test_the_texts_are_chinese(chinese):
    note = lesson.svm_note()
    for text in [lesson.full_svm_text(note), lesson.live_svm_text(5000, 3.2, 0.95, 2000),
                 lesson.live_svm_claims(5000, 0.95), lesson.live_svm_claims(5000, 0.5), lesson.scores_text(SCORES),
                 lesson.curve_claims([0.8, 0.85, 0.88, 0.91], [0.86, 0.89, 0.92, 0.94]),
                 lesson.curve_claims([0.1] * 4, [0.1] * 4), lesson.TEXT["noise_claim"],
                 lesson.confidence_text(0.278, np.arange(10), 0.93, 1000)]:
        assert_chinese(text, SHORT_ENGLISH_RUN, CODE)
    assert "支持向量机" in lesson.full_svm_text(note) and "99.79%" in lesson.scores_text(SCORES)


def test_the_noise_explorer_speaks_chinese(chinese, glyph_log):
    net = reference_network()
    view = lesson.show_noise(net, 0, 0.1)
    assert_chinese(view.text, SHORT_ENGLISH_RUN)
    assert view.text.startswith("噪声图像 0（涂黑 69 个像素）：网络回答 5")
    sliders = lesson.noise_sliders()
    assert (sliders["seed"].description, sliders["density"].description) == ("噪声种子", "涂黑比例")
    assert glyph_log == []


def test_the_figures_speak_chinese(chinese, glyph_log):
    view = lesson.show_scores(SCORES)
    ax = view.figure.axes[0]
    assert_chinese(ax.get_title()) and assert_chinese(ax.get_ylabel())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["瞎猜", "平均墨量", "支持向量机（scikit-learn）", "我们的网络"]
    view = lesson.show_size_curve((500, 1000, 2000, 4000), [0.8, 0.85, 0.88, 0.91], [0.86, 0.89, 0.92, 0.94])
    assert_chinese(view.figure.axes[0].get_xlabel()) and assert_chinese(view.text)
    assert glyph_log == []


def test_the_feedback_is_chinese_for_every_kind_of_answer(chinese):
    net = reference_network()
    noise = lesson.noise_images(100, 0.1, 7)
    count = int(np.sum(net.feedforward(noise.T).max(axis=0) > 0.9))
    cases = [lesson.check_ranking([3, 4, 2, 1], SCORES), lesson.check_ranking([4, 3, 2, 1], SCORES),
             lesson.check_ranking([1, 1, 2, 3], SCORES), lesson.check_record_mistakes(21),
             lesson.check_record_mistakes(9979), lesson.check_record_mistakes(50), lesson.check_record_mistakes(0.21),
             lesson.check_confident_noise(count, net, noise), lesson.check_confident_noise(100 - count, net, noise),
             lesson.check_confident_noise(0, net, noise), lesson.check_confident_noise(999, net, noise)]
    for feedback in cases:
        assert_chinese(feedback.message, SHORT_ENGLISH_RUN, CODE)
    assert [bool(f) for f in cases] == [True, False, False, True, False, False, False, True, False, count == 0, False]
    assert "百分比" in cases[6].message  # 0.21 is the percentage wrong


def test_a_bad_count_says_so_in_chinese(chinese):
    with pytest.raises(ValueError) as error:
        lesson.noise_images(0)
    assert_chinese(str(error.value))
