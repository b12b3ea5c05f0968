# Tavolo Casa. The two commands of the README: `make run` and `make test`.
# Both create .venv when missing and install the pinned requirements; nothing else is
# needed on a fresh Debian machine with python3 (venv) and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
PORT ?= 8501

.PHONY: run test bench db assets demo dictionary clean help

help:
	@echo "make run    - install, create the database from data/ and serve http://localhost:$(PORT)"
	@echo "make test   - install with the test tools and run the whole test suite"
	@echo "make bench  - run the benchmark (bench/results.json, docs/PERFORMANCE.md)"

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

run: $(RUNTIME_STAMP) assets db
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

test: $(DEV_STAMP) assets
	$(BIN)/python -m pytest -rs

bench: $(DEV_STAMP) assets
	$(BIN)/python bench/run.py

demo: $(RUNTIME_STAMP)
	$(BIN)/python -m tavolo demo --scale 1 --out data
	$(BIN)/python -m tavolo dictionary

clean:
	rm -rf $(VENV) var static .pytest_cache
