# Two commands do everything: `make site` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

BROWSER := tests/browser
NODE_STAMP := $(BROWSER)/node_modules/.installed

.PHONY: site test check lint bench messages clean-venv browser-tools chromium pdf-tools locales

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the package description changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/dossier build .

check: $(STAMP)
	$(BIN)/dossier check --strict .

test: lint browser-tools pdf-tools locales
	$(BIN)/python -m pytest

# The browser tests need Debian's chromium, axe-core and the Nu HTML checker (from npm) and
# Java. What cannot be installed here is reported, and those tests skip (under CI they fail).
browser-tools: chromium $(NODE_STAMP)

chromium:
	@command -v chromium >/dev/null 2>&1 || ./.ci/install-chromium || \
		echo "make: chromium is not installed: the browser tests will be skipped"

# The briefing's PDF needs Pango (for WeasyPrint) and its tests poppler-utils; without them
# those tests skip (under CI they fail).
pdf-tools:
	@./.ci/install-pdf-tools || \
		echo "make: poppler-utils or Pango is not installed: the PDF tests will be skipped"

# The tests of undecodable file names run under C, C.UTF-8 and en_US.UTF-8; without the last
# those cases skip (under CI they fail).
locales:
	@./.ci/install-locales || \
		echo "make: the locale en_US.UTF-8 is missing: its test cases will be skipped"

$(NODE_STAMP): $(BROWSER)/package.json $(BROWSER)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(BROWSER) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "make: npm is not installed: the accessibility and validity tests will be skipped"; \
	fi

# The message catalogs: extract, bring every .po up to date, compile (docs/languages.md).
messages: $(STAMP)
	$(BIN)/python -m dossier.locales

lint: $(STAMP)
	$(BIN)/ruff check dossier tests bench
	$(BIN)/ruff format --check dossier tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean-venv:
	rm -rf $(VENV)
