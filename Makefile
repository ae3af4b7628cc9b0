# peninsula: `make brief` writes the briefing; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
DEPS := pyproject.toml $(CONSTRAINTS)
OUT ?= out

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

debs:
	bash scripts/install-debian-packages.sh debian-packages.txt

brief: $(VENV)/.stamp-run
	$(BIN)/peninsula brief

test: $(VENV)/.stamp-dev debs
	$(BIN)/python -m pytest -q

bench: $(VENV)/.stamp-dev
	@for b in benchmarks/bench_*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

# Re-pin every dependency from a fresh resolution (run after changing pyproject.toml).
constraints: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^peninsula' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
