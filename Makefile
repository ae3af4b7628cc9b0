# peninsula: `make brief` writes the briefing; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
DEPS := pyproject.toml $(CONSTRAINTS)

.PHONY: brief test bench lint debs constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install; the dev stamp also satisfies it, so `make test` then `make brief` does not reinstall.
$(VENV)/.stamp-run: $(BIN)/python $(DEPS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run $(DEPS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	touch $@

$(VENV)/.stamp-bench: $(VENV)/.stamp-dev $(DEPS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[dev,bench]"
	touch $@

debs:
	bash scripts/install-debian-packages.sh debian-packages.txt

# The briefing from the shipped data alone, on a store created afresh: build/brief/index.html.
brief: $(VENV)/.stamp-run
	rm -rf build/brief
	mkdir -p build/brief
	$(BIN)/peninsula brief --store build/brief/events.duckdb --out build/brief --pdf

test: $(VENV)/.stamp-dev debs
	$(BIN)/python -m pytest -q

bench: $(VENV)/.stamp-bench
	@for b in benchmarks/[!_]*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

# Re-pin every dependency from a fresh resolution (run after changing pyproject.toml).
constraints: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^peninsula' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
