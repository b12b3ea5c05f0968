# Tavolo Casa. The two commands of the README: `make run` and `make test`.
# Both create .venv when missing and install the pinned requirements (again whenever a
# requirements file changes); nothing else is needed on a fresh Debian machine with
# python3 (venv) and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
PORT ?= 8501

.PHONY: run test check lint bench db migration migration-message assets demo dictionary clean clean-data help

help:
	@echo "make run        - install, create or upgrade the database (data/, migrations) and serve http://localhost:$(PORT)"
	@echo "make test       - install with the test tools, ruff, and the whole test suite (what CI runs)"
	@echo "make check      - the fast lane: ruff, unit and AppTest tests (no browser, no PostgreSQL)"
	@echo "make migration MSG=\"...\" - write the next database migration from the registry"
	@echo "make bench      - run the benchmark (bench/results.json, docs/PERFORMANCE.md)"
	@echo "make clean      - remove .venv, static/ and caches; keeps var/ (the database and settings)"
	@echo "make clean-data - DELETE var/: the office's database and settings"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

assets: $(RUNTIME_STAMP)
	$(BIN)/python -m tavolo assets

db: $(RUNTIME_STAMP)
	$(BIN)/python -m tavolo init

migration: migration-message $(RUNTIME_STAMP)
	$(BIN)/python -m tavolo migration "$(MSG)"

migration-message:
	@test -n "$(MSG)" || { echo 'usage: make migration MSG="flats gain a note"'; exit 2; }

run: $(RUNTIME_STAMP) assets db
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/python -m ruff check .

test: $(DEV_STAMP) assets lint
	$(BIN)/python -m pytest -rs

check: $(DEV_STAMP) assets lint
	$(BIN)/python -m pytest -rs -m "not browser and not postgres"

bench: $(DEV_STAMP) assets
	$(BIN)/python bench/run.py

demo: $(RUNTIME_STAMP)
	$(BIN)/python -m tavolo demo --scale 1 --out data
	$(BIN)/python -m tavolo dictionary

# Never var/: it holds the office's database and settings.
clean:
	rm -rf $(VENV) static .pytest_cache .ruff_cache

clean-data:
	@echo "Deleting var/: the database (every load and edit) and the settings of this copy."
	rm -rf var
