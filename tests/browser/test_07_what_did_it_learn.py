"""07 · What did it learn, in a real browser, in both editions: the hidden-neuron slider, the digit slider of
"which nudges matter most", the hyper-parameter explorer and the drawing pad follow the keyboard and the mouse and say what they show in the lesson's language
(the Chinese lesson says everything in Chinese)."""

import numpy as np
from playwright.sync_api import expect

import i18n_checks
from i18n_checks import SHORT_ENGLISH_RUN
from lessonpage import (drag, draw_a_one, drawing_pad, explorer_box, open_lesson, picture_state, press, screenshot,
                        shows, slider, text_panel)
from nnbook.explorer import MESSAGES
from nnbook.lessons.l07_what_did_it_learn import train_settings
from nnbook.models import reference_network

LESSON = "07_what_did_it_learn.ipynb"
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, neuron="neuron", hidden="hidden", epochs="epochs", train="train", guess="guess: {}",
               neuron_text="hidden neuron {n}: bias b = {b:.2f}, weights from {lo:.2f} to {hi:.2f}",
               validation="of the 10,000 validation digits", batch="mini-batch", clear="clear", digit="digit",
               nudges="validation digit {i}: a {label}, read as {guess}; its cost C = ½‖y − a‖² = {cost:.3g}",
               largest="its 10 largest |∂C/∂w| in the first layer: from hidden neuron {neurons},",
               captions=["draw a digit here", "what the network sees (28 × 28)", "the 10 outputs (activations 0–1)"],
               trained="784-30-10, η = 3, mini-batches of 10, 2 epochs on 5,000 digits: "
                       "{percent:.1f}% of 1,000 validation digits right"),
    "zh": dict(lesson="zh/" + LESSON, neuron="神经元", hidden="隐藏神经元", epochs="轮数", train="训练", guess="猜测：{}",
               neuron_text="隐藏神经元 {n}：偏置 b = {b:.2f}，权重从 {lo:.2f} 到 {hi:.2f}",
               validation="在 10,000 个验证数字中，它对", batch="小批量大小", clear="清除", digit="数字",
               nudges="第 {i} 个验证数字：一个 {label}，网络认成 {guess}；它的代价 C = ½‖y − a‖² = {cost:.3g}",
               largest="第一层中 |∂C/∂w| 最大的 10 个：都连向隐藏神经元 {neurons}，",
               captions=["在这里画一个数字", "网络看到的（28 × 28）", "10 个输出（激活值 0–1）"],
               trained="784-30-10，η = 3，小批量大小 10，在 5,000 个数字上训练 2 轮：1,000 个验证数字认对 {percent:.1f}%"),
}


def neuron_text(words, net, neuron):
    """The start of what show_hidden_neuron says, computed here from the same reference network."""
    w, b = net.weights[0][neuron], float(net.biases[0][neuron, 0])
    return words["neuron_text"].format(n=neuron, b=b, lo=w.min(), hi=w.max())


def nudges_words(words, net, validation, i):
    """What show_nudges says first for validation digit i, computed here from the network and the digit itself."""
    x = validation.images[i].astype(float).reshape(784, 1)
    label = int(validation.labels[i])
    a = net.feedforward(x).reshape(10)
    cost = 0.5 * float(np.sum((np.eye(10)[label] - a) ** 2))
    delta = net.backprop(x, np.eye(10)[label].reshape(10, 1))[0][0].reshape(-1)
    sizes = np.abs(delta)[:, None] * x.reshape(1, 784)
    neurons = sorted(set(np.argsort(-sizes, axis=None, kind="stable")[:10] // 784))
    return (words["nudges"].format(i=i, label=label, guess=int(np.argmax(a)), cost=cost),
            words["largest"].format(neurons=("、" if "zh" in words["lesson"] else ", ").join(map(str, neurons))))


def assert_in_language(language, text):
    """In the Chinese lesson: Chinese, and not three English words in a row."""
    if language == "zh":
        i18n_checks.assert_chinese(text, SHORT_ENGLISH_RUN)


def test_hidden_neurons_explorer_and_drawing_pad(page, lab, mnist, language):
    words = WORDS[language]
    open_lesson(page, lab, words["lesson"])
    net = reference_network()  # the network the lesson looks inside (it ships with nnbook)

    # the hidden-neuron slider: keyboard two steps, then the mouse to the right end (neuron 29)
    box = explorer_box(page, words["neuron"])
    neuron = slider(box, words["neuron"])
    picture = shows(box, neuron_text(words, net, 0), words["validation"])
    press(neuron, "ArrowRight", times=2)
    expect(neuron.locator(".widget-readout")).to_have_text("2")
    picture = shows(box, neuron_text(words, net, 2), before=picture)
    drag(page, neuron, 1.2)
    expect(neuron.locator(".widget-readout")).to_have_text("29")
    shows(box, neuron_text(words, net, 29), before=picture)
    assert_in_language(language, text_panel(box).inner_text())
    screenshot(page, box, words["lesson"].replace(".ipynb", "-neuron"))

    # the digit slider of "which nudges matter most": one step with the keyboard, then the mouse to the right end
    validation = mnist[1]
    box = explorer_box(page, words["digit"])
    digit = slider(box, words["digit"])
    picture = shows(box, *nudges_words(words, net, validation, 0))
    press(digit, "ArrowRight")
    expect(digit.locator(".widget-readout")).to_have_text("1")
    picture = shows(box, *nudges_words(words, net, validation, 1), before=picture)
    drag(page, digit, 1.2)
    expect(digit.locator(".widget-readout")).to_have_text("9999")
    shows(box, *nudges_words(words, net, validation, 9999), before=picture)
    assert_in_language(language, text_panel(box).inner_text())
    screenshot(page, box, words["lesson"].replace(".ipynb", "-nudges"))

    # the hyper-parameter explorer: 2 epochs instead of 10 (keyboard), then press "train"
    box = explorer_box(page, words["hidden"], "η", words["epochs"])
    expect(box.locator(".widget-dropdown .widget-label")).to_have_text(words["batch"])
    epochs = slider(box, words["epochs"])
    waiting = MESSAGES["press"].format(button=words["train"])  # the explorer's own words, in the lesson's language
    assert_in_language(language, waiting)
    expect(text_panel(box)).to_contain_text(waiting)  # manual: nothing is trained before the button
    assert picture_state(box) is None
    press(epochs, "ArrowLeft", times=8)
    expect(epochs.locator(".widget-readout")).to_have_text("2")
    expect(text_panel(box)).to_contain_text(waiting)  # moving a slider does not train either
    box.get_by_role("button", name=words["train"]).click()
    training, validation = mnist[0], mnist[1]
    history = train_settings((training.images[:5000], training.labels[:5000]),
                             (validation.images[:1000], validation.labels[:1000]), 30, 3.0, 10, 2)
    percent = 100 * np.asarray(history.accuracy)
    shows(box, words["trained"].format(percent=percent[-1]))  # and the accuracy curve, drawn
    assert_in_language(language, text_panel(box).inner_text())
    screenshot(page, box, words["lesson"].replace(".ipynb", "-explorer"))

    # the drawing pad: the lesson showed it a 3; wipe it, draw a 1 with the mouse, and the bars show exactly what
    # the network computes for the ink on the canvas, whatever the language
    pad = drawing_pad(page)
    expect(pad.locator(".nnbook-drawpad-caption")).to_have_text(words["captions"])
    expect(pad.locator("button.nnbook-drawpad-clear")).to_have_text(words["clear"])
    draw_a_one(page, pad, net, guess=words["guess"])
    assert_in_language(language, pad.inner_text())
    screenshot(page, pad, words["lesson"].replace(".ipynb", "-drawpad"))
