"""Measure, over many seeds, what lessons 06 and 08 say about training runs (the ranges their texts give).

    NNBOOK_DATA_DIR=... python tools/l06_seeds.py 0 20

For each seed: 784-10 (no hidden layer), 784-15-10 and 784-100-10 for 10 epochs and 784-30-10 for 30 (the book's
recipe, FastNetwork, measured on the validation digits), the digits read right less than 10% of the time (stuck
outputs) after 10 epochs, the test score of the 30-epoch run, its accuracy on the first 10,000 training digits minus
the validation accuracy after the first and the last epoch (the gap), and the share of untrained weighted inputs
beyond ±4.  It prints one
line per seed and the ranges at the end.  Several minutes per seed on a busy machine; the tests check the same
claims on a few seeds (nnbook/lessons/l06_training.py, CLAIMS).
"""

import sys

from nnbook.lessons.l06_training import _after_10, _gaps, _saturation, _seeded_run

first, last = (int(a) for a in sys.argv[1:3])
rows = []
for seed in range(first, last):
    book = _seeded_run(30, seed, 30)
    row = dict(seed=seed, first=book.accuracy[0], best=max(book.accuracy), last=book.accuracy[-1], test=book.test,
               stuck_end=sorted(book.stuck_end),
               gap_first=_gaps(seed)[0], gap_last=_gaps(seed)[1],
               **{f"h{h}": _after_10(h, seed).accuracy[9] for h in (0, 15, 30, 100)},
               **{f"stuck{h}": sorted(_after_10(h, seed).stuck) for h in (0, 15, 30, 100)},
               **{f"output_saturated{h}": shares[1] for h, shares in _saturation(seed).items()})
    rows.append(row)
    print(row, flush=True)
for key in rows[0]:
    if key != "seed" and not key.startswith("stuck"):
        values = [row[key] for row in rows]
        print(f"{key}: {min(values):.4f} – {max(values):.4f}")
print("seeds with a stuck output after 10 epochs:",
      {h: [row["seed"] for row in rows if row[f"stuck{h}"]] for h in (0, 15, 30, 100)})
