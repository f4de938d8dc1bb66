"""Every claim a lesson makes about training runs holds on every seed it names (nnbook/claims.py).

The lessons list their claims in `CLAIMS`; this file finds them all (no list of lessons here), checks
that the places which say a claim exist, and runs each claim on all of its seeds.
"""

import importlib
import json
import pkgutil
from pathlib import Path

import pytest

import nnbook.lessons
from nnbook.claims import Claim
from nnbook.i18n import load

ROOT = Path(__file__).resolve().parents[1]


def lesson_claims():
    found = []
    for info in sorted(pkgutil.iter_modules(nnbook.lessons.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"nnbook.lessons.{info.name}")
        found += [(info.name, claim) for claim in getattr(module, "CLAIMS", ())]
    return found


CLAIMS = lesson_claims()


def _catalogue_has(language, reference):
    domain, _, key = reference.partition(".toml:")
    path = ROOT / "nnbook" / "locales" / language / f"{domain}.toml"
    if not path.exists():
        return False
    table = load(language, domain)
    for part in key.split("."):
        if not isinstance(table, dict) or part not in table:
            return False
        table = table[part]
    return True


def _notebook_has(folder, reference):
    name, _, cell_id = reference.partition("#")
    cells = json.loads((folder / name).read_text(encoding="utf-8"))["cells"]
    return any(cell.get("id") == cell_id for cell in cells)


def missing_places(claim):
    """The places in `claim.where` that do not exist (in English or in Chinese)."""
    missing = []
    for reference in claim.where:
        if ".toml:" in reference:
            missing += [f"{lang}/{reference}" for lang in ("en", "zh") if not _catalogue_has(lang, reference)]
        elif ".ipynb#" in reference:
            missing += [f"{folder.relative_to(ROOT)}/{reference}" for folder in (ROOT / "notebooks", ROOT / "notebooks/zh")
                        if not _notebook_has(folder, reference)]
        elif reference.endswith(".md"):
            missing += [] if (ROOT / "docs" / reference).exists() else [reference]
        else:
            missing.append(f"{reference} (not a catalogue entry, a notebook cell or a document)")
    return missing


def test_claims_are_named_once_per_lesson_and_say_where():
    names = [(lesson, claim.name) for lesson, claim in CLAIMS]
    assert len(names) == len(set(names))
    for lesson, claim in CLAIMS:
        assert isinstance(claim, Claim), f"{lesson}: CLAIMS holds {claim!r}"
        assert claim.where and claim.says and len(claim.seeds) >= 3, f"{lesson}.{claim.name}"


@pytest.mark.parametrize("claim", [c for _, c in CLAIMS], ids=[f"{lesson}.{c.name}" for lesson, c in CLAIMS])
def test_the_places_that_say_a_claim_exist(claim):
    assert missing_places(claim) == []


@pytest.mark.parametrize("claim", [c for _, c in CLAIMS], ids=[f"{lesson}.{c.name}" for lesson, c in CLAIMS])
def test_the_claim_holds_on_every_seed(claim):
    held, measured = claim.check()
    failed = {seed: value for seed, value in measured.items() if not claim.holds(value)}
    assert held, f"{claim.says!r} does not hold on seeds {sorted(failed)}: measured {measured}"


def test_a_claim_that_fails_on_one_seed_fails():
    claim = Claim("odd", ("teacher-guide.md",), "every seed is even", measure=lambda seed: seed,
                  holds=lambda value: value % 2 == 0, seeds=(0, 2, 3))
    held, measured = claim.check()
    assert not held and measured == {0: 0, 2: 2, 3: 3}
    nowhere = Claim("x", ("nowhere.toml:x", "06_training.ipynb#nope", "nope.md", "a cell"), "x", len, bool)
    assert missing_places(nowhere) == [
        "en/nowhere.toml:x", "zh/nowhere.toml:x", "notebooks/06_training.ipynb#nope",
        "notebooks/zh/06_training.ipynb#nope", "nope.md",
        "a cell (not a catalogue entry, a notebook cell or a document)"]
