# orbat: `make demo` builds the example knowledge base and serves it; `make test` runs the checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb
PORT ?= 8765
STAMP := $(VENV)/.installed
# Debian packages the tests need: Chromium for browser tests, lbzip2 for the dump benchmark.
SYSDEPS := chromium lbzip2
SYSSTAMP := $(VENV)/.sysdeps
ASSETS_STAMP := src/orbat/serve/static/vendor/.built

.PHONY: install sysdeps assets demo demo-show test lint bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) assets

# System packages, installed only when missing (CI runs as root on Debian).
$(SYSSTAMP): | $(STAMP)
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $(SYSSTAMP)

sysdeps: $(SYSSTAMP)

# Front-end libraries from npm, bundled into the package so the app works offline.
$(ASSETS_STAMP): web/package.json
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs
	touch $(ASSETS_STAMP)

assets: $(if $(wildcard web/package.json),$(ASSETS_STAMP))

demo: install
	rm -f $(DB)
	$(BIN)/orbat ingest --db $(DB) $$($(BIN)/python -c 'import orbat.demo as d; print(d.corpus_dir())')
	$(BIN)/orbat show --db $(DB) "National Defence Forces"
	$(BIN)/orbat serve --db $(DB) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: install sysdeps lint
	$(BIN)/pytest -q

bench: install sysdeps
	$(BIN)/python bench/dump_scan.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache demo.duckdb web/node_modules
