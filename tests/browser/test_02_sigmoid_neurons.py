"""02 · Sigmoid neurons in a real browser, in both editions: the steering wheel flips a perceptron but nudges a sigmoid
neuron; the one-neuron sliders shift its curve; the small-change sliders move the estimate; and the XOR circuit's
sliders, c and the gates' bias b, bring the sigmoid circuit onto the perceptron circuit — except at b = 4, where two
inputs stay at 0.5 (the Chinese lesson says all of it in Chinese: 感知机网络, 门的偏置 b, S 型神经元电路)."""

import re

from playwright.sync_api import expect

from lessonpage import drag, explorer_box, open_lesson, press, screenshot, shows, slider, text_panel

LESSON = "02_sigmoid_neurons.ipynb"
#: What each edition shows, written out here (not taken from the catalogue the lesson uses).
WORDS = {
    "en": dict(lesson=LESSON, weight="weight", wheel_start="perceptron network: h1 = 0, h2 = 1, output = 0",
               wheel_w="weight w = 4.001", wheel_flipped="perceptron network: h1 = 1, h2 = 1, output = 1",
               wheel_sigmoid="output = 0.4734", half="the output is 0.5 at x = −b/w = {x}",
               neuron_setting="w = 1, b = {b}", row="x = {x}: sigmoid {a}, step {step}",
               change_setting="Δw1 = +0.15, Δw2 = +0.00, Δb = +0.00", estimate="estimate:    Δa ≈ +0.022954",
               bias="gate bias b", setting="c = {c}, b = {b}: every gate has weights {w}, {w} and bias {cb}",
               input="input {x}: perceptron circuit {p}, sigmoid circuit {s}",
               close="every output is within 0.01 of the perceptron circuit's (largest gap {gap}, input {x})",
               far="largest gap {gap}, on input {x}: more than 0.01", english=[]),
    "zh": dict(lesson="zh/" + LESSON, weight="权重", wheel_start="感知机网络：      h1 = 0，h2 = 1，输出 = 0",
               wheel_w="权重 w = 4.001", wheel_flipped="感知机网络：      h1 = 1，h2 = 1，输出 = 1",
               wheel_sigmoid="输出 = 0.4734", half="在 x = −b/w = {x} 处输出为 0.5",
               neuron_setting="w = 1，b = {b}", row="x = {x}：S 型函数 {a}，阶跃函数 {step}",
               change_setting="Δw1 = +0.15，Δw2 = +0.00，Δb = +0.00", estimate="估计值：  Δa ≈ +0.022954",
               bias="门的偏置 b", setting="c = {c}，b = {b}：每个门的权重是 {w}、{w}，偏置是 {cb}",
               input="输入 {x}：感知机电路 {p}，S 型神经元电路 {s}",
               close="每个输出都和感知机电路相差在 0.01 以内（最大差距 {gap}，在输入 {x} 上）",
               far="最大差距 {gap}，在输入 {x} 上：超过 0.01",
               english=["perceptron", "sigmoid", "network", "output", "estimate", "circuit", "input", "gap"]),
}


def no_english_left(box, language):
    if language == "zh":
        text = text_panel(box).inner_text()
        assert not re.search(r"\b(?!step\b)[A-Za-z]{4,}", text), f"English left in {text!r}"


def test_the_steering_wheel_and_the_sigmoid_sliders(page, lab, language):
    words = WORDS[language]
    english = words["english"]
    open_lesson(page, lab, words["lesson"])

    # keyboard: the nudged weight from 3.995 up six steps of 0.001, past 4: the perceptron network's
    # output jumps from 0 to 1, the sigmoid network's output moves only a little (0.4734, the lesson's table)
    wheel_box = explorer_box(page, words["weight"])
    wheel = slider(wheel_box, words["weight"])
    picture = shows(wheel_box, words["wheel_start"], absent=english)
    press(wheel, "ArrowRight", times=6)
    expect(wheel.locator(".widget-readout")).to_have_text("4.001")
    shows(wheel_box, words["wheel_w"], words["wheel_flipped"], words["wheel_sigmoid"], absent=english, before=picture)
    no_english_left(wheel_box, language)
    screenshot(page, wheel_box, words["lesson"])

    # mouse: drag the bias b to its right end, 10: σ(w·x + b) is (almost) 1 for every x shown
    neuron_box = explorer_box(page, "w", "b")
    b = slider(neuron_box, "b")
    picture = shows(neuron_box, words["half"].format(x="0.000"))
    drag(page, b, 1.2)
    expect(b.locator(".widget-readout")).to_have_text("10.0")
    picture = shows(neuron_box, words["neuron_setting"].format(b="10.00"),
                    words["row"].format(x="-1.0", a="0.9999", step=1), words["row"].format(x="+0.0", a="1.0000", step=1),
                    words["half"].format(x="-10.000"), absent=english, before=picture)
    # keyboard again: back two steps of 0.5 to b = 9
    press(b, "ArrowLeft", times=2)
    shows(neuron_box, words["neuron_setting"].format(b="9.00"), words["half"].format(x="-9.000"), before=picture)
    no_english_left(neuron_box, language)
    screenshot(page, neuron_box, words["lesson"].replace(".ipynb", "-neuron"))

    # keyboard: Δw1 from 0.10 up five steps of 0.01: the estimate σ'(z)·x1·Δw1 = +0.022954
    change_box = explorer_box(page, "Δw1", "Δw2", "Δb")
    dw1 = slider(change_box, "Δw1")
    picture = shows(change_box, words["change_setting"].replace("0.15", "0.10"))
    press(dw1, "ArrowRight", times=5)
    expect(dw1.locator(".widget-readout")).to_have_text("+0.15")
    shows(change_box, words["change_setting"], words["estimate"], absent=english, before=picture)
    no_english_left(change_box, language)


def test_the_xor_circuit_of_sigmoid_neurons_follows_the_perceptrons_until_a_z_is_zero(page, lab, language):
    """The two sliders of the XOR circuit: c (a log slider, 0.1 to 100) and the gates' bias b (2.25 to 4). The numbers
    are the lesson's tables (tests/test_lesson02.py checks them against a circuit written out there)."""
    words = WORDS[language]
    english = words["english"]
    open_lesson(page, lab, words["lesson"])
    box = explorer_box(page, "c", words["bias"])  # found by its slider descriptions
    c, bias = slider(box, "c"), slider(box, words["bias"])
    row = words["input"].format
    picture = shows(box, words["setting"].format(c="1", b="3.00", w="-2", cb="3"), row(x="11", p=0, s="0.6332"),
                    words["far"].format(gap="0.6332", x="11"), absent=english)

    # keyboard: c from 1 up twenty steps of 0.05 in log10 c, to 10: every output within 0.01 of XOR's
    press(c, "ArrowRight", times=20)
    expect(c.locator(".widget-readout")).to_have_text("10.0")  # d3-format keeps 3 significant figures
    picture = shows(box, words["setting"].format(c="10", b="3.00", w="-20", cb="30"), row(x="00", p=0, s="0.0000"),
                    row(x="01", p=1, s="1.0000"), row(x="11", p=0, s="0.0000"), absent=english, before=picture)
    expect(text_panel(box)).to_contain_text(re.compile(re.escape(words["close"].format(gap="XX", x="YY"))
                                                       .replace("XX", r"0\.0000").replace("YY", r"\d\d")))

    # mouse: the gates' bias to its right end, 4: inputs 00 and 11 get a gate with z = 0 and stay near 0.5
    drag(page, bias, 1.2)
    expect(bias.locator(".widget-readout")).to_have_text("4.00")
    picture = shows(box, words["setting"].format(c="10", b="4.00", w="-20", cb="40"), row(x="00", p=0, s="0.5000"),
                    row(x="01", p=1, s="1.0000"), row(x="11", p=0, s="0.5005"),
                    words["far"].format(gap="0.5005", x="11"), absent=english, before=picture)

    # mouse: c to its right end, 100: still 0.5, however large c gets
    drag(page, c, 1.2)
    expect(c.locator(".widget-readout")).to_have_text("100")
    picture = shows(box, words["setting"].format(c="100", b="4.00", w="-200", cb="400"), row(x="00", p=0, s="0.5000"),
                    row(x="11", p=0, s="0.5000"), row(x="10", p=1, s="1.0000"), absent=english, before=picture)

    # keyboard: the bias one step back, 3.75: no z is 0 any more, and at c = 100 the circuit is XOR again
    press(bias, "ArrowLeft")
    expect(bias.locator(".widget-readout")).to_have_text("3.75")
    shows(box, row(x="00", p=0, s="0.0000"), row(x="11", p=0, s="0.0000"), absent=english, before=picture)
    no_english_left(box, language)
    screenshot(page, box, words["lesson"].replace(".ipynb", "-circuit"))


def test_a_fast_drag_ends_on_the_picture_of_the_last_value(page, lab):
    """The hand moves faster than pictures are drawn: whatever is skipped, the last picture and text are the
    last value's, and nothing fails (no clock here: benchmarks/drag_latency.py measures the rates)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from drag_latency import drag_across
    from lessonpage import drawn, readout, text_panel

    open_lesson(page, lab, LESSON)
    box = explorer_box(page, "weight")
    wheel = slider(box, "weight")
    before = drawn(box)
    drag_across(page, wheel, seconds=0.5, moves=40)
    expect(wheel.locator(".widget-readout")).to_have_text("5.000")
    shows(box, f"weight w = {readout(wheel)}", "perceptron network: h1 = 1, h2 = 1, output = 1", before=before)
    assert "Error" not in text_panel(box).inner_text()
