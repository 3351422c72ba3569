# sstracker: `make run` serves the site, `make test` runs every check.
# Both set up everything they need in .venv on a machine with Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SECRET_FILE := .secret_key
PORT ?= 8000

.PHONY: run test lint format setup chromium bench load-faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(SECRET_FILE):
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

setup: $(VENV)/.installed $(SECRET_FILE)

run: setup
	DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" $(MANAGE) load_snapshot
	@echo
	@echo "  sstracker is at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "  For an editor login, in another terminal run:"
	@echo "    .venv/bin/python manage.py make_editor YOUR_NAME --create"
	@echo
	@# A background worker runs the jobs (imports, reverts) beside the server, and stops with it.
	export DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))"; \
	$(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; install it when it is missing.
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: setup chromium
	@command -v java >/dev/null || (apt-get update && apt-get install -y default-jre-headless)
	@test -f .tools/vnu-jar@26.9.27+axe-core@4.14.1 || (npm install --prefix .tools --no-save --no-audit --no-fund vnu-jar@26.9.27 axe-core@4.14.1 && touch .tools/vnu-jar@26.9.27+axe-core@4.14.1)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Page speed against the ceiling of the stack (SQLite and PostgreSQL), then CSV import speed.
bench: setup
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/pages.py
	@test ! -f bench/import_speed.py || $(BIN)/python bench/import_speed.py

# Public pages under load while imports and edits run, then with Redis stopped and restarted.
load-faults: setup
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/load_with_faults.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
