"""Interactive explorers for the lessons, one module per lesson topic.

Every explorer is a *named function* (the slider's callback) that an ordinary cell can
also call with fixed values, so the lesson reads well on paper and nbval checks what
the slider shows.  `interact` wires sliders to it.
"""
