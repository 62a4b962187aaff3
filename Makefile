# Quick start: `make site` builds the site into site/, `make test` runs every test.
# Both set up a virtual environment in .venv/ first; only Python 3 and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
N ?= 2000
SIZES ?= 1000,2000,3000,$(N)
REPEAT ?= 3
SETTLE ?= 0
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup check site serve test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

check: setup
	$(BIN)/kb check

site: check
	$(BIN)/mkdocs build --strict --site-dir site
	@echo "The site is in site/. Preview it with 'make serve' (search needs HTTP)."

serve: setup
	$(BIN)/mkdocs serve --livereload --dirty

test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check kb plugins tests bench
	$(BIN)/ruff format --check kb plugins tests bench

bench: setup
	$(BIN)/python bench/bench.py --sizes $(SIZES) --repeat $(REPEAT) --settle $(SETTLE)

clean:
	rm -rf site $(VENV) *.egg-info .pytest_cache bench/work
