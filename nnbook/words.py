"""The words of the idea modules' objects: how a History, Examples, a walk of gradient descent, a cost
surface and a logic gate read, in the language in use.

The idea modules that do the maths import no catalogue.  They hand over keys and numbers — a History
was measured on "test" data, a walk "went_down" from 1.2 to 0.3, a learning rate "zigzags", a
perceptron computes "NAND" — and the functions here turn them into words when they are shown, from
nnbook/locales/<language>/words.toml, as nnbook/errors.py does for the errors a student can cause.
"""

from .i18n import catalogue

#: The words, in the language in use (nnbook/locales/*/words.toml).
TEXT = catalogue("words")


# ----- training (nnbook/network.py) -----

def history(h):
    """A `History` in one line: epochs, what it was measured on, last and best accuracy, last cost."""
    words = TEXT["history"]
    if not h.epochs:
        return words["empty"]
    known = TEXT["evaluated_on"]
    on = known[h.evaluated_on] if h.evaluated_on in known else h.evaluated_on
    return words("text", epochs=len(h.epochs), evaluated_on=on, accuracy=h.accuracy[-1], best=h.best_accuracy,
                 cost=h.cost[-1])


def progress_bar(epochs):
    """A progress bar (tqdm) that counts `epochs` epochs."""
    from tqdm.auto import tqdm

    words = TEXT["history"]
    return tqdm(total=epochs, desc=words["progress"], unit=words["progress_unit"])


def examples(data):
    """`Examples` (nnbook/datasets.py) in one line: how many, how many inputs and outputs each."""
    return TEXT["examples"]("repr", n=len(data), n_in=data.images.shape[1], n_out=data.targets.shape[1])


# ----- gradient descent (nnbook/gradient_descent.py) -----

def path_message(path):
    """What a walk of gradient descent did, from its `said` (a key of [path] and its numbers); "" if nothing."""
    if not path.said:
        return ""
    key, values = path.said
    return TEXT["path"](key, **values)


def path(p):
    """A `Path` in one line: steps, η and what happened."""
    return TEXT["path"]("repr", steps=p.steps, eta=p.eta, message=path_message(p))


# ----- cost surfaces (nnbook/surfaces.py) -----

def surface_label(name):
    """A surface's name ("bowl", "two valleys") as a student reads it ("碗", "两个山谷", …)."""
    return TEXT["surface_names"][name.replace(" ", "_")]


def surface(s):
    """A `Surface` in one line: its name and its cost."""
    return TEXT["surface"]("repr", label=surface_label(s.name), formula=s.formula)


#: A few words for a figure's title, by what a learning rate did (`surfaces.regime`, and the ridge crossings).
VERDICTS = TEXT["verdicts"]
#: One line for a student, by the same keys (and a few more), with placeholders.
DESCRIPTIONS = TEXT["descriptions"]


def verdict(key):
    """The few words for what a learning rate did (a key of VERDICTS)."""
    return VERDICTS[key]


def description(key, *, eta, jumps, where, **values):
    """The line for what a learning rate did: `key` of DESCRIPTIONS; η, how often the ball jumped past the valley
    floor, and `where` it ended ("deeper", "shallower" or None) turned into words; numbers as they are."""
    times = TEXT["times"][str(jumps)] if str(jumps) in TEXT["times"] else TEXT["surface"]("times_many", n=jumps)
    return DESCRIPTIONS[key].format(eta=f"η = {eta:.2f}" if eta >= 0.01 else f"η = {eta:g}", times=times,
                                    where=TEXT["where"][where] if where else "", **values)


# ----- logic gates (nnbook/perceptron.py) -----

def _gate_id(key):
    """A gate's id in the catalogue: its key in snake case ("x1 AND NOT x2" → "x1_and_not_x2")."""
    return "_".join(key.lower().split())


def gate(key):
    """The gate `key` (a key of perceptron.GATES, or None: no two-input gate) as a student reads it."""
    return TEXT["gate"]["none"] if key is None else TEXT["gates"][_gate_id(key)]


def gate_names(key):
    """The gate `key`'s names in every language nnbook speaks (to read back what a student typed)."""
    from .i18n import LANGUAGES, load

    return [load(code, "words")["gates"][_gate_id(key)] for code in LANGUAGES]


# ----- the average-darkness baseline (nnbook/baselines.py) -----

def darkness_not_fitted():
    """How an AverageDarkness that has learned nothing yet shows."""
    return f"AverageDarkness({TEXT['darkness']['not_fitted']})"
