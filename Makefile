# Everything a fresh clone needs: `make demo` and `make test` create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# Where `make docs` writes the site; release.yml sets it to the folder it deploys.
SITE_DIR ?= $(VENV)/site

.PHONY: demo test lint workflows typecheck docs pytest bench fuzz mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamp files re-run the install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python examples/quickstart.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests examples benchmarks tools
	$(BIN)/ruff format --check src tests examples benchmarks tools

# GitHub Actions workflows against the schema vendored in check-jsonschema: no network.
workflows: $(VENV)/.installed-dev
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict src examples tests benchmarks tools
	$(BIN)/pyright --pythonpath $(BIN)/python

docs: $(VENV)/.installed-dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(SITE_DIR)

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint workflows typecheck docs pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks

# The fuzz targets alone, FUZZ_SCALE times the examples `make test` runs (at least 10,000 in
# all); the last line gives the count and the foreign exceptions (docs/reliability.md).
FUZZ_SCALE ?= 8
fuzz: $(VENV)/.installed-dev
	LOCALLY_FUZZ_SCALE=$(FUZZ_SCALE) $(BIN)/pytest -m fuzz -q --timeout 1800
# Mutation testing of the money and security modules (not part of `make test`; about half an
# hour on 2 cores).  The modules are [tool.mutmut] only_mutate in pyproject.toml; each run
# starts from a fresh mutants/ so the scores never mix old and new results.  See
# docs/testing-the-sdk.md.
MUTATE_JOBS ?= 2
mutate: $(VENV)/.installed-dev
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS) > mutants/run.log 2>&1 \
		|| { tr '\r' '\n' < mutants/run.log | tail -n 40; exit 1; }
	$(BIN)/python tools/mutation_report.py --survivors

clean:
	rm -rf $(VENV) site .mypy_cache .ruff_cache .pytest_cache build dist mutants
