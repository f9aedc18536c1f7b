# orbat: `make demo` builds the example knowledge base and serves it; `make test` runs the checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb
PORT ?= 8765
STAMP := $(VENV)/.installed
# What the build and tests need from Debian, as `command:package` pairs installed only when the
# command is missing: Chromium for browser tests, lbzip2 for the dump benchmark and fast
# decompression, npm to build the web app's assets, venv support for Python.
SYSDEPS := chromium:chromium lbzip2:lbzip2 npm:npm node:nodejs
SYSSTAMP := .sysdeps.stamp
ASSETS_STAMP := src/orbat/serve/static/vendor/.built

.PHONY: install sysdeps assets demo test lint bench clean

$(STAMP): pyproject.toml | $(SYSSTAMP)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) assets

# System packages, installed only when missing (CI runs as root on Debian).
$(SYSSTAMP):
	@missing=""; for pair in $(SYSDEPS); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; done; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $(SYSSTAMP)

sysdeps: $(SYSSTAMP)

# Front-end libraries from npm, bundled into the package so the app works offline.
$(ASSETS_STAMP): web/package.json web/package-lock.json web/build.mjs | $(SYSSTAMP)
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

test: install lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/dump_scan.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache demo.duckdb web/node_modules $(SYSSTAMP)
