"""The projector style: one set of font sizes, applied to every figure by @projector, and nowhere else."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnbook.plots import PROJECTOR, projector, show_digits  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@projector
def a_figure():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_title("title")
    ax.set_xlabel("x")
    ax.legend()
    fig.suptitle("figure title")
    return fig, ax


def test_a_decorated_figure_is_drawn_in_the_projector_style():
    fig, ax = a_figure()
    fig.canvas.draw()  # drawn later, outside the style, as a notebook does with a returned figure
    assert ax.title.get_fontsize() == PROJECTOR["axes.titlesize"]
    assert ax.xaxis.label.get_fontsize() == PROJECTOR["axes.labelsize"]
    assert {t.get_fontsize() for t in ax.get_xticklabels()} == {PROJECTOR["xtick.labelsize"]}
    assert ax.get_legend().get_texts()[0].get_fontsize() == PROJECTOR["legend.fontsize"]
    assert fig._suptitle.get_fontsize() == PROJECTOR["figure.titlesize"]


def test_the_style_stays_inside_the_decorated_function():
    before = {key: matplotlib.rcParams[key] for key in PROJECTOR}
    a_figure()
    assert {key: matplotlib.rcParams[key] for key in PROJECTOR} == before != PROJECTOR


def test_the_shared_figures_use_it():
    fig = show_digits([[0.0] * 784] * 2, labels=[3, 4], title="two digits")
    assert [ax.get_title() for ax in fig.axes[:2]] == ["3", "4"]
    assert {ax.title.get_fontsize() for ax in fig.axes[:2]} == {PROJECTOR["axes.titlesize"]}
    assert fig._suptitle.get_fontsize() == PROJECTOR["figure.titlesize"]
