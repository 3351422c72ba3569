# sstracker: `make run` serves the site, `make test` runs every check.
# Both set up everything they need in .venv on a machine with Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SECRET_FILE := .secret_key

.PHONY: run dev banner test lint format setup chromium bench load-faults

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

# `make run` serves the site as readers get it: debug off, styled error pages, static files
# through WhiteNoise, gunicorn on this machine only. `make dev` runs Django's debug server.
PORT ?= 8000
HOST := 127.0.0.1
LOCAL := DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" SSTRACKER_LOCAL_HTTP=1

run: setup
	@$(BIN)/python scripts/port_free.py $(PORT) $(HOST)
	$(LOCAL) $(MANAGE) migrate --no-input
	$(LOCAL) $(MANAGE) load_snapshot
	$(LOCAL) $(MANAGE) collectstatic --no-input --verbosity 0
	@$(MAKE) --no-print-directory banner
	@# A background worker runs the jobs (imports, reverts) beside the server, and stops with it.
	$(LOCAL) $(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL) GUNICORN_BIND=$(HOST):$(PORT) GUNICORN_WORKERS=1 $(BIN)/gunicorn --threads 4 sstracker.wsgi

dev: setup
	@$(BIN)/python scripts/port_free.py $(PORT) $(HOST)
	DJANGO_DEBUG=1 $(LOCAL) $(MANAGE) migrate --no-input
	DJANGO_DEBUG=1 $(LOCAL) $(MANAGE) load_snapshot
	@$(MAKE) --no-print-directory banner
	DJANGO_DEBUG=1 $(LOCAL) $(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(LOCAL) $(MANAGE) runserver $(HOST):$(PORT)

banner:
	@echo
	@echo "  sstracker is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  For an editor login, in another terminal run:"
	@echo "    .venv/bin/python manage.py make_editor YOUR_NAME --create"
	@echo

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
	$(BIN)/python scripts/check_sizes.py
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Page speed against the ceiling of the stack (SQLite and PostgreSQL), then CSV import speed.
bench: setup
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || (apt-get update && apt-get install -y wrk redis-server)
	$(BIN)/python bench/pages.py
	@test ! -f bench/import_speed.py || $(BIN)/python bench/import_speed.py

# Public pages under load while imports and edits run, then with Redis stopped and restarted.
load-faults: setup
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || (apt-get update && apt-get install -y wrk redis-server)
	$(BIN)/python bench/load_with_faults.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint
	$(BIN)/python scripts/check_sizes.py

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
