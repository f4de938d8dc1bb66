"""The explorers of lessons 05 and 06 (`training.py`), until they move to `nnbook.lessons`.

Every other lesson's sliders and figures are in its module under `nnbook/lessons/`.
"""
