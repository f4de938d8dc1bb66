# Two commands on a fresh machine with Python 3.10+ (they create .venv when it is missing):
#   make lab    open the lessons in JupyterLab
#   make test   run every test (unit tests and every notebook under strict nbval)
PYTHON ?= python3

.PHONY: lab test execute
lab:
	$(PYTHON) tasks.py lab
test:
	$(PYTHON) tasks.py test
execute:
	$(PYTHON) tasks.py execute
