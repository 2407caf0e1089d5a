.DEFAULT_GOAL := help
.PHONY: help dev requirements venv migrate demo serve test test-sqlite test-mysql test-teak quality pii_check \
        bench upgrade clean

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
VENV_TEAK ?= .venv-teak
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(PY):
	"$$(scripts/find-python 3.12)" -m venv $(VENV)
	$(PIP) install -q --upgrade -r requirements/pip.txt

venv: $(PY)

requirements: venv ## Install the pinned development requirements and the plugin (editable) into .venv
	$(PIP) install -q -r requirements/dev.txt
	$(PIP) install -q --no-deps -e .

migrate: ## Migrate the dev host's SQLite database
	$(PY) manage.py migrate --noinput

demo: ## Load demo data (a program, a cycle, users in every role) and print the logins
	$(PY) manage.py dcp_load_demo

serve: ## Serve the dev host on http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

dev: requirements migrate demo serve ## Set everything up on a fresh machine and serve the plugin locally

test: requirements test-sqlite test-mysql ## Run the whole suite on SQLite, then on MariaDB

test-sqlite: ## The suite on SQLite
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-mysql: ## The suite on MariaDB (127.0.0.1:3306, root, empty password)
	DCP_DB=mysql $(VENV)/bin/pytest $(PYTEST_ARGS)

test-teak: ## The suite on Python 3.11, Django 4.2, openedx-events 10 (Teak), SQLite
	test -x $(VENV_TEAK)/bin/python || "$$(scripts/find-python 3.11)" -m venv $(VENV_TEAK)
	$(VENV_TEAK)/bin/pip install -q --upgrade -r requirements/pip.txt
	$(VENV_TEAK)/bin/pip install -q -r requirements/teak.txt
	$(VENV_TEAK)/bin/pip install -q --no-deps -e .
	$(VENV_TEAK)/bin/pytest $(PYTEST_ARGS)

quality: requirements ## Lint, import order, migrations in step with models, PII annotations
	$(VENV)/bin/ruff check openedx_dcp tests devhost benchmarks setup.py
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) pii_check

pii_check: ## Every model carries an Open edX PII annotation
	DJANGO_SETTINGS_MODULE=devhost.test_settings $(VENV)/bin/code_annotations django_find_annotations \
	  --config_file .pii_annotations.yml --lint --report --coverage

bench: requirements ## Run the benchmarks (P1, P2, …) and print their figures and ratios
	$(PY) benchmarks/run.py

upgrade: ## Recompile requirements/*.txt from requirements/*.in
	$(VENV)/bin/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements/pip.txt requirements/pip.in
	$(VENV)/bin/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements/base.txt requirements/base.in
	$(VENV)/bin/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements/test.txt requirements/test.in
	$(VENV)/bin/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements/quality.txt requirements/quality.in
	$(VENV)/bin/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements/dev.txt requirements/dev.in

clean: ## Remove the dev database and caches
	rm -rf dev.db .pytest_cache .ruff_cache build dist *.egg-info
