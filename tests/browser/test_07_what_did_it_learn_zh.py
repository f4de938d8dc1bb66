"""07 · What did it learn, in Chinese, in a real browser: the hidden-neuron slider, the hyper-parameter explorer
and the drawing pad of zh/07_what_did_it_learn.ipynb say everything in Chinese (the English test,
test_07_what_did_it_learn.py, moves the same controls in the English lesson)."""

import numpy as np
from playwright.sync_api import expect

import i18n_checks
from i18n_checks import SHORT_ENGLISH_RUN
from lessonpage import (drag, draw_a_one, drawing_pad, explorer_box, open_lesson, picture_state, press, screenshot,
                        shows, slider, text_panel)
from nnbook.explorer import MESSAGES
from nnbook.lessons.l07_what_did_it_learn import train_settings
from nnbook.models import reference_network

LESSON = "zh/07_what_did_it_learn.ipynb"


def neuron_text(net, neuron):
    """The start of what show_hidden_neuron says in Chinese, computed here from the same reference network."""
    w, b = net.weights[0][neuron], float(net.biases[0][neuron, 0])
    return f"隐藏神经元 {neuron}：偏置 b = {b:.2f}，权重从 {w.min():.2f} 到 {w.max():.2f}"


def assert_chinese(text):
    """Chinese, and not three English words in a row."""
    i18n_checks.assert_chinese(text, SHORT_ENGLISH_RUN)


def test_hidden_neurons_explorer_and_drawing_pad_in_chinese(page, lab, mnist, chinese):
    open_lesson(page, lab, LESSON)
    net = reference_network()  # the network the lesson looks inside (it ships with nnbook)

    # the hidden-neuron slider (神经元): keyboard two steps, then the mouse to the right end (neuron 29)
    box = explorer_box(page, "神经元")
    neuron = slider(box, "神经元")
    picture = shows(box, neuron_text(net, 0), "在 10,000 个验证数字中，它对")
    press(neuron, "ArrowRight", times=2)
    expect(neuron.locator(".widget-readout")).to_have_text("2")
    picture = shows(box, neuron_text(net, 2), before=picture)
    drag(page, neuron, 1.2)
    expect(neuron.locator(".widget-readout")).to_have_text("29")
    shows(box, neuron_text(net, 29), before=picture)
    assert_chinese(text_panel(box).inner_text())
    screenshot(page, box, LESSON.replace(".ipynb", "-neuron"))

    # the hyper-parameter explorer: 2 epochs (轮数) instead of 10 (keyboard), then press 训练 (train)
    box = explorer_box(page, "隐藏神经元", "η", "轮数")
    expect(box.locator(".widget-dropdown .widget-label")).to_have_text("小批量大小")
    epochs = slider(box, "轮数")
    waiting = MESSAGES["press"].format(button="训练")  # the explorer's own words, in Chinese
    assert_chinese(waiting)
    expect(text_panel(box)).to_contain_text(waiting)  # manual: nothing is trained before the button
    assert picture_state(box) is None
    press(epochs, "ArrowLeft", times=8)
    expect(epochs.locator(".widget-readout")).to_have_text("2")
    expect(text_panel(box)).to_contain_text(waiting)  # moving a slider does not train either
    box.get_by_role("button", name="训练").click()
    training, validation = mnist[0], mnist[1]
    history = train_settings((training.images[:5000], training.labels[:5000]),
                             (validation.images[:1000], validation.labels[:1000]), 30, 3.0, 10, 2)
    percent = 100 * np.asarray(history.accuracy)
    shows(box, f"784-30-10，η = 3，小批量大小 10，在 5,000 个数字上训练 2 轮："
               f"1,000 个验证数字读对 {percent[-1]:.1f}%")  # and the accuracy curve, drawn
    assert_chinese(text_panel(box).inner_text())
    screenshot(page, box, LESSON.replace(".ipynb", "-explorer"))

    # the drawing pad: its words are Chinese; the lesson showed it a 3; wipe it, draw a 1 with the mouse, and the bars
    # show exactly what the network computes for the ink on the canvas, whatever the language
    pad = drawing_pad(page)
    expect(pad.locator(".nnbook-drawpad-caption")).to_have_text(
        ["在这里画一个数字", "网络看到的（28 × 28）", "10 个输出（激活值 0–1）"])
    expect(pad.locator("button.nnbook-drawpad-clear")).to_have_text("清除")
    draw_a_one(page, pad, net, guess="猜测：{}")
    assert_chinese(pad.inner_text())
    screenshot(page, pad, LESSON.replace(".ipynb", "-drawpad"))
