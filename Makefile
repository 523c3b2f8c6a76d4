# Two commands do all the set-up: `make run` and `make test`.
PYTHON_FOR_VENV ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format check-python messages demo clean

check-python:
	@$(PYTHON_FOR_VENV) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Newsroom needs Python 3.12 or newer; found: $$($(PYTHON_FOR_VENV) --version 2>&1)."; \
	  echo "Install Python 3.13 (or set PYTHON_FOR_VENV=/path/to/python3.13)."; exit 1; }

$(PY): | check-python
	$(PYTHON_FOR_VENV) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# axe-core for the browser accessibility tests (test-only; without npm those tests skip, or fail under CI).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the axe-core accessibility checks will be skipped."; fi

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=staticfiles -v 0

run: $(STAMP) messages
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) messages $(NODE_STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
