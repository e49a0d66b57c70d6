# The two set-up commands: `make demo` and `make test`. Both work on a fresh
# Debian machine with Python 3.11, pip, make and root; they install what else
# they need (python3-venv if missing, Debian's chromium for the browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: demo test lint format clean

demo: $(INSTALLED)
	$(BIN)/reeldb demo

test: $(INSTALLED) $(CHROMIUM)
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The stamp is remade when pyproject.toml changes, so dependencies install
# once per virtualenv (pip's cache does not warm on this kind of machine).
# torch's CPU build goes first: left to the semantic extra (search by meaning,
# which the demo shows and the tests test), pip could choose a CUDA build of
# several gigabytes.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		$(APT_GET) update && $(APT_GET) install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,semantic]'
	touch $@

# Debian's Chromium drives the browser tests; Playwright never downloads one.
$(CHROMIUM):
	$(APT_GET) update
	$(APT_GET) install -y chromium

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache test-results
