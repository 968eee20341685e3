# Both targets build .venv themselves on a fresh machine with Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=68" wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/cchc check plans/ --fail-on never
	$(BIN)/cchc check plans/ --format json --output out/demo-report.json --fail-on never
	@echo "JSON report written to out/demo-report.json"

test: $(STAMP)
	$(BIN)/python -m pytest -q --durations=10

bench: $(STAMP)
	$(BIN)/python bench/bench_engine.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
