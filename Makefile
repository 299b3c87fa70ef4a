# PayScope: `make run` serves the dashboard, `make test` runs the whole suite.
#
# The application installs from lock files (exact versions with hashes, Python 3.11):
# requirements.lock (the app, with the deploy extra the image uses) and requirements-dev.lock
# (the app and the test tools), both compiled by pip-tools from pyproject.toml, which keeps
# lower bounds for library users.
# After changing dependencies in pyproject.toml run `make lock`: it keeps the pins it can and adds
# or drops what changed (`make lock LOCK_ARGS=--upgrade` moves every pin to the newest release).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-long install install-dev demo lint bench bench-startup clean lock

# Each long step says what it is doing: a quiet pip install can take minutes on a first run.
$(BIN)/python:
	@echo "[1/3] creating the virtual environment in $(VENV) …"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The locked dependencies first (--require-hashes: every file checked), then PayScope itself
# without resolving anything again.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	@echo "[2/3] installing PayScope and its locked dependencies into $(VENV) (pandas, duckdb, scikit-learn, streamlit; a few minutes the first time) …"
	@started=$$(date +%s); $(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock && \
		$(BIN)/python -m pip install --quiet --no-deps -e . && \
		echo "      installed in $$(( $$(date +%s) - started )) s"
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	@echo "[2/3] installing PayScope with the locked test tools into $(VENV) (a few minutes the first time) …"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
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

## The property-based tests with 10 000 examples per parser, normaliser and streamed reader
## (tests/test_properties.py, test_json_stream.py, test_telegram_stream.py),
## and the crash and concurrency suites in full: 24 kill -9 moments per command, more refreshes,
## every fault on every command (tests/reliability/, docs/reliability.md; 30–60 min on 2 cores).
test-long: install-dev
	PAYSCOPE_HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_properties.py tests/test_nasty_inputs.py \
		tests/test_json_stream.py tests/test_telegram_stream.py $(PYTEST_ARGS)
	PAYSCOPE_RELIABILITY=full $(BIN)/python -m pytest -q tests/reliability $(PYTEST_ARGS)

demo: install
	$(BIN)/payscope demo

## ruff, then the layer contracts of pyproject.toml [tool.importlinter] (docs/architecture.md).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/ingest.py

## How long `payscope --help` and `payscope parse-pay` take to start, against importing duckdb, typer, rich.
bench-startup: install
	$(BIN)/python bench/startup.py

## Each dashboard page's queries, cache cold, on 1 000 000 demo vacancies (DB=FILE reuses one).
.PHONY: bench-dashboard
bench-dashboard: install
	$(BIN)/python bench/dashboard.py $(if $(DB),--db $(DB))

## Recompile requirements.lock and requirements-dev.lock from pyproject.toml (pip-tools, a dev
## dependency). The dev lock is constrained by the app lock, so both pin the same versions.
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: install-dev
	@echo "compiling requirements.lock and requirements-dev.lock from pyproject.toml …"
	$(PIP_COMPILE) --extra=deploy --output-file=requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra=dev --constraint=requirements.lock --output-file=requirements-dev.lock \
		pyproject.toml
	@echo "done: review \`git diff requirements*.lock\`, then run \`make test\`"

clean:
	rm -rf $(VENV) data/warehouse.duckdb data/warehouse.duckdb.wal data/warehouse.models data/demo-snapshots
