"""The lessons' own code: one module per lesson notebook, named like it.

`l01_perceptron` belongs to `notebooks/01_perceptron.ipynb`, and so on.  A lesson module holds
what only that lesson needs — its slider callbacks and the sliders they go with, its figures and
tables, and its exercise checks — and builds them from the idea modules one level up
(`nnbook.perceptron`, `nnbook.sigmoid`, `nnbook.network`, `nnbook.plots`, …), which never import
from here.  Every slider callback is a named function that an ordinary cell can also call with
fixed values, so the lesson reads well on paper and nbval checks what the slider shows.
"""
