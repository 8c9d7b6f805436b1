# Two commands a new user needs: `make demo` and `make test`. Only python3 is assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/obcrules-*))
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml $(wildcard plugins/obcrules-*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e $(p))
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/obc demo --rulesets rulesets --out demo-out
	@echo
	@echo "obc is installed in $(VENV). To put it on your PATH in this shell, run:"
	@echo
	@echo "    . $(VENV)/bin/activate"
	@echo
	@echo "then try: obc --help, and docs/tutorial.md"

test: $(STAMP)
	$(BIN)/python -m pytest -q tests $(PLUGINS)

lint: $(STAMP)
	$(BIN)/ruff check src tests plugins benchmarks
	$(BIN)/mypy
	$(BIN)/obc check rulesets/*.obc

clean:
	rm -rf $(VENV) demo-out
