"""The idea modules in Chinese: perceptron gates, MNIST loading, the explorer, the baselines, preprocessing
and the data door say everything a student reads in the language in use — and English stays as it was."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import ipywidgets as w
import numpy as np
import pytest
from matplotlib.figure import Figure

import nnbook
from i18n_checks import CJK, assert_chinese
from nnbook import baselines, data, datasets, explorer, perceptron, preprocess
from nnbook.lessons.l01_perceptron import gate_from_text  # lesson 01 reads the gate a student typed
from nnbook.network import Network

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("NNBOOK_DATA_DIR") or ROOT.parent / "shared" / "data" / "mnist")


def test_the_english_check_can_fail():
    with pytest.raises(AssertionError, match="English left"):
        assert_chinese("感知机 the gzip data is truncated")
    with pytest.raises(AssertionError, match="no Chinese"):
        assert_chinese("the gzip data")


def message_of(call):
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


# -- perceptron: gate keys in the logic, gate names on the screen ------------------------------------

def test_in_english_a_gate_is_shown_by_its_key():
    for key in perceptron.GATES:
        assert perceptron.gate_label(key) == key
    assert perceptron.nand_perceptron().gate_label() == "NAND"


def test_in_chinese_a_gate_has_its_chinese_name_and_the_logic_keeps_the_key(chinese):
    p = perceptron.nand_perceptron()
    assert p.gate_name() == "NAND"  # the key, whatever the language
    assert p.gate_label() == "与非门（NAND）"
    labels = {key: perceptron.gate_label(key) for key in perceptron.GATES}
    assert labels["AND"] == "与门（AND）" and labels["OR"] == "或门（OR）" and labels["XOR"] == "异或门（XOR）"
    assert len(set(labels.values())) == len(labels)
    for key, label in labels.items():
        if key not in ("x1", "x2"):
            assert CJK.search(label), key
    assert CJK.search(perceptron.gate_label(None))
    with pytest.raises(ValueError, match="没有叫 'MAYBE' 的逻辑门"):
        perceptron.gate_label("MAYBE")


@pytest.mark.parametrize("code", ["en", "zh"])
def test_a_gate_typed_in_either_language_is_read_back_as_its_key(code):
    nnbook.set_language(code)  # the conftest's autouse fixture makes it English again afterwards
    for key in perceptron.GATES:
        assert gate_from_text(key) == key
        assert gate_from_text(key.lower()) == key
        assert gate_from_text(perceptron.gate_label(key)) == key
    typed_keys = [("与非门", "NAND"), ("与非", "NAND"), (" 异或门 ", "XOR"), ("nand gate", "NAND"),
                  ("x1 and not x2", "x1 AND NOT x2"), ("恒为 1", "always 1"), ("或门（OR）", "OR")]
    for typed, key in typed_keys:
        assert gate_from_text(typed) == key, typed
    for typed in ["", "门", "MAYBE", "与或非", 3, None]:
        assert gate_from_text(typed) is None, typed


def test_a_perceptron_built_the_wrong_way_says_so_in_chinese(chinese):
    text = message_of(lambda: perceptron.Perceptron([1, 1]))
    assert_chinese(text)
    assert "b = −阈值" in text
    assert_chinese(message_of(lambda: perceptron.Perceptron([1, 1], bias=1).z([1, 0, 1])))
    assert_chinese(message_of(lambda: perceptron.find_perceptrons("MAYBE")))
    assert_chinese(message_of(lambda: perceptron.find_perceptrons((0, 1, 2, 0))))
    circuit = perceptron.xor_from_nand()
    assert_chinese(message_of(lambda: circuit.add("n1", perceptron.nand_perceptron(), ["x1", "x2"])))
    assert_chinese(message_of(lambda: circuit.add("q", perceptron.nand_perceptron(), ["x1", "nowhere"])))
    assert_chinese(message_of(lambda: circuit.run(1)))


# -- the explorer ------------------------------------------------------------------------------------

def show(n):
    return explorer.View(f"n = {n}")


def test_a_manual_explorer_speaks_chinese_and_follows_a_change_of_language(chinese):
    ex = explorer.explore(show, manual=True, n=w.IntSlider(value=1, max=3))
    assert ex.button.description == "运行"
    assert "按“运行”" in ex.text.value
    seen = []
    ex.callback = lambda n: (seen.append(ex.text.value), explorer.View(f"n = {n}"))[1]
    ex.update()
    assert_chinese(seen[0])
    nnbook.set_language("en")  # read when shown: the next message is English at once
    ex.update()
    assert "Working… (this may take a few seconds)" in seen[1]
    assert explorer.explore(show, manual=True, n=w.IntSlider()).button.description == "run"


def test_a_failing_callback_is_explained_in_chinese(chinese):
    def boom(n):
        raise RuntimeError("bang")

    def prints(n):
        print(n)

    failed = explorer.explore(boom, n=w.IntSlider())
    assert "RuntimeError：bang" in failed.text.value and "从头重新运行" in failed.text.value
    wrong = explorer.explore(prints, n=w.IntSlider())
    assert "prints 返回的是 NoneType，而不是 View" in wrong.text.value
    assert_chinese(wrong.text.value.split(">", 1)[1])
    assert 'alt="这组设置对应的图"' in explorer.View("图", Figure())._repr_html_()


def test_the_old_MESSAGES_name_still_reads_the_language_in_use(chinese):
    assert explorer.MESSAGES["press"].format(button="训练") == "先把上面的控件调好，再按“训练”。"
    nnbook.set_language("en")
    assert explorer.MESSAGES["press"].format(button="train") == "Set the controls, then press “train”."


# -- MNIST: found, downloaded, verified --------------------------------------------------------------

def closed_port_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/"


def test_mnist_not_found_tells_a_chinese_student_where_it_looked_and_what_to_do(chinese, tmp_path):
    with pytest.raises(data.MNISTNotFound) as caught:
        data.load_mnist(tmp_path / "mnist", download=False)
    text = str(caught.value)
    assert_chinese(text)
    assert f"查找的文件夹：{tmp_path / 'mnist'}（由参数 data_dir 给出）" in text
    assert "python -m nnbook.data" in text and data.ENV_VAR in text


def test_a_failed_download_shows_chinese_progress_and_a_chinese_error(chinese, tmp_path, capsys):
    url = closed_port_url()
    with pytest.raises(data.MNISTNotFound) as caught:
        data.load_mnist(tmp_path / "mnist", mirrors=[url])
    text = str(caught.value)
    assert_chinese(text)
    assert "连不上任何一个 MNIST 镜像" in text
    assert f"  - {url}{data.FILES['train_images'][0]}: 无法连接：连接被拒绝（没有网络？）" in text
    err = capsys.readouterr().err
    assert err.startswith("正在从 ") and url in err


def test_a_bad_file_is_refused_in_chinese(chinese, tmp_path):
    for name, _ in data.FILES.values():
        (tmp_path / name).write_bytes((SOURCE / name).read_bytes())
    labels = data.FILES["train_labels"][0]
    test_labels = (SOURCE / data.FILES["test_labels"][0]).read_bytes()
    for bad, what in [(b"", "它是空的"), (test_labels, "形状为 (10000,) 的标签")]:
        (tmp_path / labels).write_bytes(bad)
        with pytest.raises(data.MNISTFileError) as caught:
            data.load_mnist(tmp_path, download=False)
        assert_chinese(str(caught.value))
        assert what in str(caught.value) and "解决办法" in str(caught.value)


def test_a_folder_that_is_a_file_is_refused_in_chinese(chinese, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_chinese(message_of(lambda: data.load_mnist(blocker)))


def test_digits_show_in_chinese(chinese, mnist):
    assert repr(mnist[2]) == "Digits（10000 张 28×28 = 784 像素的图像）"


def test_python_dash_m_nnbook_data_reports_in_chinese():
    result = subprocess.run([sys.executable, "-m", "nnbook.data", "--data-dir", str(SOURCE), "--no-download"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "NNBOOK_LANG": "zh"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"MNIST 文件夹：{SOURCE}\n  （由参数 data_dir 给出）\n")
    assert out.count("张图像") == 2 and out.count("个标签") == 2 and out.count("无误") == 5
    assert_chinese(out)
    helped = subprocess.run([sys.executable, "-m", "nnbook.data", "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, env={**os.environ, "NNBOOK_LANG": "zh"})
    assert "只检查已有的文件，不下载" in helped.stdout


# -- the baselines, preprocessing and the data door --------------------------------------------------

def test_the_baselines_speak_chinese(chinese):
    darkness = baselines.AverageDarkness()
    assert repr(darkness) == "AverageDarkness(还没有用 fit 学习)"
    assert_chinese(message_of(lambda: darkness.predict(np.zeros((2, 784)))))
    assert_chinese(message_of(lambda: darkness.fit(np.zeros((3, 784)), [0, 1, 2])))
    assert_chinese(message_of(lambda: darkness.fit(np.zeros((3, 784)), [0, 1])))
    assert_chinese(message_of(lambda: baselines.random_guesses(-1)))
    assert_chinese(message_of(lambda: baselines.darkness(np.zeros(784))))


def test_preparing_a_drawing_speaks_chinese(chinese):
    text = message_of(lambda: preprocess.as_drawing(np.full((5, 5), 255.0)))
    assert_chinese(text)
    assert text.startswith("这幅画的值") and "请先除以 255" in text
    assert_chinese(message_of(lambda: preprocess.as_drawing(np.zeros(5))))
    assert_chinese(message_of(lambda: preprocess.draw_strokes([[1, 2, 3]])))
    assert_chinese(message_of(lambda: preprocess.example_drawing(9)))


def test_the_data_door_speaks_chinese(chinese):
    net = Network([4, 3, 2], seed=1)
    text = message_of(lambda: net.feedforward(np.zeros((28, 28))))
    assert_chinese(text)
    assert "image.reshape(784)" in text
    assert_chinese(message_of(lambda: datasets.inputs(np.zeros((3, 4)), net)))
    assert_chinese(message_of(lambda: datasets.examples(5, net)))
    assert_chinese(message_of(lambda: datasets.examples((np.zeros((3, 5)), [0, 1, 1]), net)))
    assert_chinese(message_of(lambda: datasets.examples((np.zeros((3, 4)), [0, 1]), net, "training_data")))
    checked = datasets.examples((np.zeros((3, 4)), [0, 1, 1]), net)
    assert repr(checked) == "Examples（3 个样本，每个 4 个输入、2 个输出）"
