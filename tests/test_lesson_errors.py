"""Every error a student can cause in the lesson layer (the explorer, the lessons' index and argument checks)
speaks the language in use: in Chinese no English sentence is left, in English it says what to do instead.

Each case below is a call a student could write in a lesson's notebook (a wrong index, a network of the wrong
shape, a callback that returns the wrong thing); the same call is made in both languages.
"""

from types import SimpleNamespace

import ipywidgets as w
import numpy as np
import pytest

import nnbook
from i18n_checks import CJK, assert_chinese
from nnbook.explorer import View, explore
from nnbook.lessons import l01_perceptron as l01
from nnbook.lessons import l03_network_for_digits as l03
from nnbook.lessons import l04_cost_and_gradient_descent as l04
from nnbook.lessons import l05_gradient_descent_in_practice as l05
from nnbook.lessons import l06_training as l06
from nnbook.lessons import l07_drawpad as l07_pad
from nnbook.lessons import l07_what_did_it_learn as l07
from nnbook.network import Network

IMAGES = np.random.default_rng(0).random((20, 784))
LABELS = np.arange(20) % 9  # no 9 among them
DIGIT_NET = Network([784, 6, 10], seed=0)


def _show(index):
    return View(f"index {index}")


#: name → (a call that raises, the words of the English message that say what to do)
CASES = {
    "View text not a str": (lambda: View(3), 'e.g. View("label: 3", fig)'),
    "explore a non-function": (lambda: explore(3, index=w.IntSlider()), "must be a function that returns a View"),
    "explore without controls": (lambda: explore(_show), "give it as a keyword, e.g. explore("),
    "a control that is not a widget": (lambda: explore(_show, index=3), "give it to the callback yourself"),
    "l01 circuit": (lambda: l01.circuit_title("or"), "use one of 'xor', 'adder'"),
    "l03 index": (lambda: l03.show_outputs(DIGIT_NET, IMAGES, LABELS, 20), "Give a number in that range"),
    "l03 index not whole": (lambda: l03.show_outputs(DIGIT_NET, IMAGES, LABELS, 2.5), "from 0 to 19"),
    "l04 j and k": (lambda: l04.show_weight_cost(DIGIT_NET, (IMAGES, LABELS), 1.0, layer=1, j=10, k=0),
                    "Choose j and k in those ranges"),
    "l04 layer": (lambda: l04.show_weight_cost(DIGIT_NET, (IMAGES, LABELS), 1.0, layer=2), "Choose a layer in that range"),
    "l05 two hidden layers": (lambda: l05.WeightPair(Network([784, 6, 6, 10]), (IMAGES, LABELS)),
                              "Make one with three sizes"),
    "l05 neurons": (lambda: l05.WeightPair(DIGIT_NET, (IMAGES, LABELS), output=4, hidden=(3, 3)),
                    "e.g. output=4, hidden=(3, 5)"),
    "l05 mini-batch size": (lambda: l05.one_epoch(l05.WeightPair(DIGIT_NET, (IMAGES, LABELS)), 0),
                            "Choose a size in that range"),
    "l05 examples seen": (lambda: l05.show_batch_sizes(l05.WeightPair(DIGIT_NET, (IMAGES, LABELS)), 2.5),
                          "Choose a number in that range"),
    "l06 digit_recall": (lambda: l06.digit_recall(DIGIT_NET, (IMAGES, LABELS)), "Give more examples"),
    "l06 hidden_claims": (lambda: l06.hidden_claims([SimpleNamespace(hidden=30)], (IMAGES, LABELS)),
                          "Give it the runs of compare_hidden"),
    "l07 drawing pad network": (lambda: l07_pad.read_drawing(Network([784, 6, 2]), np.zeros((28, 28))),
                                "Give it such a network"),
    "l07 network": (lambda: l07.show_all_hidden_weights(Network([784, 10])), "Give it such a network"),
    "l07 neuron": (lambda: l07.show_hidden_neuron(DIGIT_NET, IMAGES, LABELS, neuron=6),
                   "Choose a neuron in that range"),
    "l07 start": (lambda: l07.weight_changes(DIGIT_NET, Network([784, 5, 10]), IMAGES),
                  "Give the network as it was made, before SGD"),
    "l07 firing": (lambda: l07.firing(DIGIT_NET, IMAGES, LABELS), "Give more images"),
    "l07 no hidden neurons": (lambda: l07.show_settings((IMAGES, LABELS), (IMAGES, LABELS), hidden=0),
                              "hidden must be a whole number ≥ 1"),
}


def message_of(call):
    with pytest.raises((ValueError, TypeError)) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("case", CASES)
def test_in_chinese_the_error_has_no_english_sentence(case, chinese):
    call, _ = CASES[case]
    text = message_of(call)
    assert_chinese(text)
    assert nnbook.language() == "zh"


@pytest.mark.parametrize("case", CASES)
def test_in_english_the_error_says_what_to_do(case):
    call, what_to_do = CASES[case]
    text = message_of(call)
    assert what_to_do in text, text
    assert not CJK.search(text), text


def test_the_english_and_chinese_messages_differ_and_english_comes_back():
    call, _ = CASES["l03 index"]
    english = message_of(call)
    nnbook.set_language("zh")
    try:
        chinese = message_of(call)
    finally:
        nnbook.set_language("en")
    assert chinese != english and "19" in chinese and "19" in english
    assert message_of(call) == english


def test_a_failing_callback_shows_its_error_in_the_panel_in_chinese(chinese):
    def show_broken(index):
        return l03.show_outputs(DIGIT_NET, IMAGES, LABELS, index)

    explorer = explore(show_broken, index=w.IntSlider(value=25, min=0, max=30))
    assert explorer.view is None
    assert "0 到 19" in explorer.text.value
    assert_chinese(explorer.text.value.replace("Run ▸ Run All Cells", ""))
