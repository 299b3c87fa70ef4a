# PayScope: `make run` serves the dashboard, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-long install install-dev demo lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Build the demo warehouse on the first run only, then serve the dashboard.
run: install
	$(BIN)/payscope demo --if-missing
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# pytest exits 5 when it collects no tests; that is not a failure of the code.
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

## The property-based tests with 10 000 examples per parser and normaliser (tests/test_properties.py).
test-long: install-dev
	PAYSCOPE_HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_properties.py tests/test_nasty_inputs.py $(PYTEST_ARGS)

demo: install
	$(BIN)/payscope demo

lint: install-dev
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/ingest.py

## Each dashboard page's queries, cache cold, on 1 000 000 demo vacancies (DB=FILE reuses one).
.PHONY: bench-dashboard
bench-dashboard: install
	$(BIN)/python bench/dashboard.py $(if $(DB),--db $(DB))

clean:
	rm -rf $(VENV) data/warehouse.duckdb data/warehouse.duckdb.wal data/warehouse.models data/demo-snapshots
