# Two commands do everything on a fresh machine with Python >= 3.11 and pip:
#   make demo   - create .venv, install cogov and every plugin under plugins/, run the main job
#   make test   - the same set-up, then the whole test suite
# The virtual environment is created on first use and refreshed when a pyproject changes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGIN_PROJECTS := $(wildcard plugins/*/pyproject.toml)
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(PLUGIN_PROJECTS))

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml $(PLUGIN_PROJECTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,fast,dask,bench,sign,excel,serve,geo]' $(foreach dir,$(PLUGIN_DIRS),-e ./$(dir))
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

bench: $(STAMP)
	$(BIN)/python benchmarks/ledger.py
	$(BIN)/python benchmarks/simulation.py
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
