# Two commands do everything on a fresh machine with Python >= 3.11 and pip:
#   make demo   - create .venv, install cogov and every plugin under plugins/, run the main job
#   make test   - the same set-up, then the whole test suite
#   make docs   - the same set-up, then the documentation site (build/site)
# The virtual environment is created on first use and refreshed when a pyproject changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGIN_PROJECTS := $(wildcard plugins/*/pyproject.toml)
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(PLUGIN_PROJECTS))

.PHONY: demo test lint docs bench clean postgres-test-server

$(STAMP): pyproject.toml $(PLUGIN_PROJECTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,docs,fast,dask,bench,sign,excel,postgres,serve,geo]' $(foreach dir,$(PLUGIN_DIRS),-e ./$(dir))
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cogov demo

# every core (pytest-xdist); a module's tests stay on one worker, so module fixtures run once
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports --no-cache

# the documentation site into build/site; --strict: a broken link or an unreadable docstring fails
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

bench: $(STAMP)
	$(BIN)/python benchmarks/ledger.py
	$(BIN)/python benchmarks/simulation.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

# a throwaway PostgreSQL server on loopback that `make test` then uses for the PostgreSQL store
# tests (stop it with scripts/postgres-test-server stop)
postgres-test-server:
	scripts/postgres-test-server start >/dev/null
