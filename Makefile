# Commands for a fresh machine with Python 3.10+ (they create .venv when it is missing):
#   make lab    open the lessons in JupyterLab
#   make present  open the lessons in Voilà, as apps without code (for the projector)
#   make test   run every test (unit tests and every notebook under strict nbval)
# For authors (docs/authoring.md):
#   make lesson N=06  after editing lesson 06: sync its Chinese notebook, record translations, recut the font
#                     if needed, re-execute both languages, run its tests
#   make check        the quick tests: unit tests and the English lessons under strict nbval
#   make execute      re-execute every lesson, English and Chinese
#   make classroom  a JupyterHub for a class on this machine (classroom/settings.toml, docs/classroom.md)
#   make assignments  the lessons' exercises as an nbgrader course in build/assignments (docs/grading.md)
# For maintainers:
#   make test-lowest  the unit tests and the notebooks with the lowest versions pyproject.toml allows
#   make lock         rewrite constraints.txt from the ranges (then run make test)
PYTHON ?= python3

.PHONY: lab present classroom test check lesson execute test-lowest lock assignments
lab:
	$(PYTHON) tasks.py lab
present:
	$(PYTHON) tasks.py present
classroom:
	$(PYTHON) tasks.py classroom
test:
	$(PYTHON) tasks.py test
check:
	$(PYTHON) tasks.py check
lesson:
	$(PYTHON) tasks.py lesson $(N)
execute:
	$(PYTHON) tasks.py execute
test-lowest:
	$(PYTHON) tasks.py test-lowest
lock:
	$(PYTHON) tasks.py lock
assignments:
	$(PYTHON) tasks.py assignments
