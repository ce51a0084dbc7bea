# Ambito: the two commands are `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench venv clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) 2>/dev/null \
		|| (rm -rf $(VENV) && scripts/system-deps.sh venv && $(PYTHON) -m venv $(VENV))
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

## Serve the app on SQLite with the demo zones loaded, at http://$(HOST):$(PORT), with the
## background-job worker and the scheduler beside it (scripts/run-dev.sh)
## (`make run PORT=8080`: the demo's closing line names the same HOST and PORT)
run: $(STAMP)
	@scripts/system-deps.sh run
	DEBUG=true $(PY) -m ambito migrate --noinput
	DEBUG=true HOST=$(HOST) PORT=$(PORT) $(PY) -m ambito demo
	@PY=$(PY) scripts/run-dev.sh $(HOST) $(PORT)

## The whole test suite, browser tests included (DATABASE_URL selects the database), over
## TEST_WORKERS processes (pytest-xdist; each test file stays in one process, so a module's
## shared fixture — the demo, the crawl's world — is built once; `TEST_WORKERS=0` for one)
TEST_WORKERS ?= 2
test: $(STAMP)
	@scripts/system-deps.sh test
	AMBITO_TESTING=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/ruff check src tests

format: $(STAMP)
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

## Benchmarks (not part of the suite): PERSONS=1000000 by default
bench: $(STAMP)
	$(PY) tests/bench/bench_registry.py --persons $(or $(PERSONS),1000000)

clean:
	rm -rf $(VENV) var build *.egg-info
