"""Claims about training runs: what a sentence says training does, and the seeds it was checked on.

Some sentences a student or a teacher reads are exact: computed where they are shown, the same on
every machine ("this network has 23,860 parameters").  Others come out of training ("30 hidden
neurons beat 15", "about one XOR network in four gets stuck").  One run shows one seed on one
machine, so a sentence of the second kind is a `Claim`:

* `where`: the places that say it — catalogue entries (``"l06_training.toml:hidden.title"``),
  notebook cells (``"06_training.ipynb#4c92d9c2"``, English and Chinese alike) and the teacher's
  guide (``"teacher-guide.md"``), so a reviewer can go from the claim to its words and back;
* `says`: the claim in one plain sentence with its numbers, for the reviewer;
* `measure(seed)`: runs what the sentence is about for one seed and returns the number(s);
* `holds(measured)`: whether that seed bears the sentence out.

A lesson module lists its claims in `CLAIMS`.  `tests/test_claims.py` finds every lesson's claims,
checks that each place in `where` exists, runs each claim on all its `seeds` and fails with every
seed's measurement when one does not hold.  The rule for the words: say only what held on every seed,
or give the range the seeds showed.
"""

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Claim:
    name: str
    where: tuple
    says: str
    measure: Callable[[int], Any]
    holds: Callable[[Any], bool]
    seeds: tuple = (0, 1, 2, 3, 4)

    def check(self):
        """Run every seed: (whether the claim held on all of them, {seed: what was measured})."""
        measured = {seed: self.measure(seed) for seed in self.seeds}
        return all(self.holds(value) for value in measured.values()), measured
