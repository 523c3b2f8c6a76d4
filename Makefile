# Two commands do all the set-up: `make run` and `make test`.
PYTHON_FOR_VENV ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: model run test lint format check-python messages demo clean system-packages-run system-packages-test

# System packages (Debian names) that `run` and `test` need: gettext compiles the translations,
# Chromium runs the browser tests, npm installs axe-core for the accessibility checks, Varnish
# and its xkey module (varnish-modules) run the shared-cache tests. Each is
# looked for first, so nothing is slow when all are there. What is missing is installed with
# apt-get when make runs as root on a machine that has it (as CI does); otherwise make names it.
NEWSROOM_CHROMIUM ?= /usr/bin/chromium
NEWSROOM_VARNISHD ?= /usr/sbin/varnishd
NEWSROOM_XKEY_VMOD ?= $(or $(firstword $(wildcard /usr/lib/*/varnish/vmods/libvmod_xkey.so)),/usr/lib/varnish/vmods/libvmod_xkey.so)
APT_GET ?= apt-get
IS_ROOT ?= $(shell [ "$$(id -u)" = 0 ] && echo yes)

# A shell command printing those of the packages $(1) that this machine lacks.
missing_packages = for p in $(1); do case $$p in \
  chromium) [ -e "$(NEWSROOM_CHROMIUM)" ] ;; gettext) command -v msgfmt ;; \
  varnish) [ -e "$(NEWSROOM_VARNISHD)" ] ;; varnish-modules) [ -e "$(NEWSROOM_XKEY_VMOD)" ] ;; \
  *) command -v $$p ;; \
  esac >/dev/null || printf ' %s' $$p; done

define system_packages
@missing=$$($(call missing_packages,$(1))); \
if [ -n "$$missing" ] && [ "$(IS_ROOT)" = yes ] && command -v $(APT_GET) >/dev/null; then \
  echo "Installing with apt-get:$$missing"; \
  $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq $$missing >/dev/null; \
  missing=$$($(call missing_packages,$(1))); \
fi; \
for p in $$missing; do case $$p in \
  gettext) echo "Missing: GNU gettext (msgfmt), needed to compile the translations. Install it" \
    "(Debian: apt-get install gettext; macOS: brew install gettext) and run make again."; exit 1 ;; \
  chromium) echo "Missing: Chromium at $(NEWSROOM_CHROMIUM) (Debian: apt-get install chromium, or set" \
    "NEWSROOM_CHROMIUM): the browser tests will be skipped, or fail when CI is set." ;; \
  npm) echo "Missing: npm (Debian: apt-get install npm): the axe-core accessibility checks" \
    "will be skipped, or fail when CI is set." ;; \
  varnish|varnish-modules) echo "Missing: $$p (Debian: apt-get install varnish varnish-modules):" \
    "the shared-cache tests will be skipped, or fail when CI is set." ;; \
esac; done
endef

system-packages-run:
	$(call system_packages,gettext)

system-packages-test:
	$(call system_packages,gettext chromium npm varnish varnish-modules)

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
$(NODE_STAMP): package.json package-lock.json | system-packages-test
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

# The default abuse model, trained from the vendored MPOLD corpus (seconds; again only when the
# corpus or the model's code changes). `run` also stores it in the database when none is there.
DEFAULT_MODEL := comments/risk/data/default-model.npz
$(DEFAULT_MODEL): comments/risk/data/mpold/mpold.tsv $(wildcard comments/risk/*.py) | $(STAMP)
	$(PY) -m comments.risk.default $@

model: $(DEFAULT_MODEL)

messages: $(STAMP) | system-packages-run
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=staticfiles -v 0

run: $(STAMP) messages $(DEFAULT_MODEL)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py train_moderation_model --if-missing
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: system-packages-test $(STAMP) messages $(NODE_STAMP) $(DEFAULT_MODEL)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 $(DEFAULT_MODEL)
