# Vidhuk — two commands set everything up on a fresh Debian machine:
#   make run   installs, migrates, loads the demo centre and serves http://127.0.0.1:8000
#   make test  installs everything the tests need and runs the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps system-deps system-deps-test ckan-venv frontend messages lint check-deploy pytest pytest-redis serve clean

run: deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	VIDHUK_PRODUCT_ERROR_PAGES=1 $(PY) manage.py runserver 127.0.0.1:8000

test: deps system-deps-test ckan-venv lint check-deploy pytest pytest-redis

deps: $(STAMP) frontend messages

# Debian packages: the Python venv module, Node.js and npm (front-end build), gettext (the
# translation catalogues), Pango and DejaVu fonts (WeasyPrint's PDFs, Cyrillic included).
system-deps:
	@need=""; \
	 $(PYTHON) -c "import ensurepip, venv" 2>/dev/null || need="$$need python3-venv"; \
	 command -v npm >/dev/null || need="$$need nodejs npm"; \
	 command -v msgfmt >/dev/null || need="$$need gettext"; \
	 ldconfig -p | grep -q libpangoft2-1.0 || need="$$need libpango-1.0-0 libpangoft2-1.0-0"; \
	 [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$$need fonts-dejavu-core"; \
	 if [ -n "$$need" ]; then \
	   echo "apt-get install$$need"; \
	   $(SUDO) apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$need >/dev/null; \
	 fi

# Tests also need Debian's Chromium (Playwright drives it; no browser download), the
# PostgreSQL server binaries (the test run starts its own server from them), and for the real
# CKAN of the open-data tests: Redis, libmagic, and what builds CKAN's psycopg2 (libpq, a C
# compiler, Python's headers).
system-deps-test: system-deps
	@need=""; \
	 [ -x /usr/bin/chromium ] || need="$$need chromium"; \
	 ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	 command -v redis-server >/dev/null || need="$$need redis-server"; \
	 ldconfig -p | grep -q libmagic.so.1 || need="$$need libmagic1"; \
	 command -v pg_config >/dev/null || need="$$need libpq-dev"; \
	 command -v gcc >/dev/null || need="$$need gcc"; \
	 $(PYTHON) -c "import sysconfig, pathlib, sys; sys.exit(not pathlib.Path(sysconfig.get_paths()['include'], 'Python.h').exists())" || need="$$need python3-dev"; \
	 if [ -n "$$need" ]; then \
	   $(SUDO) apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$need >/dev/null; \
	 fi

$(STAMP): pyproject.toml | system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $(STAMP)

# CKAN (the software of data.gov.ua) in its own virtual environment, for the open-data tests
# (vidhuk/testing/ckan.py): about half a minute, once.
CKAN_VENV := var/ckan-venv
CKAN_VERSION := 2.12.0
ckan-venv: $(CKAN_VENV)/.installed-$(CKAN_VERSION)

$(CKAN_VENV)/.installed-$(CKAN_VERSION): | system-deps-test
	@test -x $(CKAN_VENV)/bin/python || $(PYTHON) -m venv $(CKAN_VENV)
	$(CKAN_VENV)/bin/pip install -q --upgrade pip
	$(CKAN_VENV)/bin/pip install -q "ckan[requirements]==$(CKAN_VERSION)"
	@touch $@

frontend: vidhuk/static/dist/.built

vidhuk/static/dist/.built: | system-deps
vidhuk/static/dist/.built: frontend/package.json frontend/package-lock.json $(shell find frontend/src -type f 2>/dev/null)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent
	@touch $@

messages: system-deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=frontend --ignore=var -v 0

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	VIDHUK_ENV=production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  ALLOWED_HOSTS=cnap.example DATABASE_URL=postgres://vidhuk@localhost/vidhuk \
	  DEFAULT_FROM_EMAIL=cnap@cnap.example \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Tests run in parallel processes (one per core, at most 4), each with its own PostgreSQL server
# and Chromium; `PYTEST_ARGS=-n0` runs them in one process.
PYTEST_ARGS ?= -n auto --maxprocesses=4
pytest: $(STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The task, cache and rate-limit tests (marked `scaleout`) once more on the Redis/RQ profile: a
# real redis-server started by the run (vidhuk/testing/redis.py), REDIS_URL and VIDHUK_TASKS=rq,
# tasks taken from Redis by RQ workers (docs/operations.md «Scaling out»). Under a minute.
pytest-redis: $(STAMP) | system-deps-test
	$(VENV)/bin/pytest -p vidhuk.testing.redis -n0 -m scaleout

clean:
	rm -rf $(VENV) frontend/node_modules vidhuk/static/dist var
