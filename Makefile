# PayScope: `make run` serves the dashboard, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-long install install-dev demo lint bench clean

# Each long step says what it is doing: a quiet pip install can take minutes on a first run.
$(BIN)/python:
	@echo "[1/3] creating the virtual environment in $(VENV) …"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "[2/3] installing PayScope and its dependencies into $(VENV) (pandas, duckdb, scikit-learn, streamlit; a few minutes the first time) …"
	@started=$$(date +%s); $(BIN)/python -m pip install --quiet -e . && \
		echo "      installed in $$(( $$(date +%s) - started )) s"
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "[2/3] installing PayScope with the test tools into $(VENV) (a few minutes the first time) …"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Build the demo warehouse on the first run only, then serve the dashboard.
run: install
	@echo "[3/3] the demo warehouse (first run only: generate, load, features, train), then the dashboard on http://localhost:$(PORT) …"
	$(BIN)/payscope demo --if-missing
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# pytest exits 5 when it collects no tests; that is not a failure of the code.
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

## The property-based tests with 10 000 examples per parser and normaliser (tests/test_properties.py),
## and the crash and concurrency suites in full: 24 kill -9 moments per command, more refreshes,
## every fault on every command (tests/reliability/, docs/reliability.md; 30–60 min on 2 cores).
test-long: install-dev
	PAYSCOPE_HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_properties.py tests/test_nasty_inputs.py $(PYTEST_ARGS)
	PAYSCOPE_RELIABILITY=full $(BIN)/python -m pytest -q tests/reliability $(PYTEST_ARGS)

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
