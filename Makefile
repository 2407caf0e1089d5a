.DEFAULT_GOAL := help
.PHONY: help dev requirements requirements-mysql setup-machine verifiers client-tools venv migrate demo serve test test-sqlite test-mysql \
        test-teak teak-venv quality lint lint_imports dist migrations_check pii_check bench upgrade clean paragon axe \
        extract_translations compile_translations

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
VENV_TEAK ?= .venv-teak
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest arguments: by default one pytest-xdist worker per core (each worker gets its own test database), which
# keeps CI's whole run well under 30 minutes on 2 cores; `make test PYTEST_ARGS=` runs in one process.
PYTEST_ARGS ?= -n auto
PIP_COMPILE_FLAGS := -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
LINT_PATHS := openedx_dcp tests devhost tutor_plugin setup.py manage.py $(wildcard benchmarks scripts/*.py)

# pytest, failing loudly when it ran no test at all (its exit code 5), so an emptied suite cannot pass unnoticed.
define run_pytest
$(1) $(PYTEST_ARGS) || { rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no test (exit 5): failing" >&2; fi; exit $$rc; }
endef

help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(PY):
	"$$(scripts/find-python 3.12)" -m venv $(VENV)
	$(PIP) install -q --upgrade -r requirements/pip.txt

venv: $(PY)

requirements: venv ## Install the pinned development requirements and the plugin (editable) into .venv
	$(PIP) install -q -r requirements/dev.txt
	@# setuptools' "Editable installation" notice (information only) would print a box on every `make dev`.
	PYTHONWARNINGS="ignore:Editable installation" $(PIP) install -q --no-deps -e .

requirements-mysql: requirements ## Also install the MariaDB driver (mysqlclient: needs the MariaDB client headers)
	$(PIP) install -q -r requirements/mysql.txt

setup-machine: ## Install the system packages the tests need (as root) and start MariaDB and Redis (scripts/setup-machine)
	scripts/setup-machine

migrate: ## Migrate the dev host's SQLite database
	$(PY) manage.py migrate --noinput

demo: ## Load demo data (a program, a cycle, users in every role) for HOST:PORT and print the logins
	DCP_DEV_HOST=$(HOST) DCP_DEV_PORT=$(PORT) $(PY) manage.py dcp_load_demo

serve: ## Serve the dev host on http://$(HOST):$(PORT) (tenant A) and the other loopback name (tenant B)
	@DCP_DEV_HOST=$(HOST) DCP_DEV_PORT=$(PORT) $(PY) -c "from devhost.tenants import dev_tenant_domains as d; \
	  a, b = d(); print(f'Serving tenant A on http://{a}/ and tenant B on http://{b}/ (admin: http://{a}/admin/)')"
	DCP_DEV_HOST=$(HOST) DCP_DEV_PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

dev: requirements migrate demo serve ## Set everything up on a fresh machine and serve the plugin locally

# The outside verifiers the credentials tests run (tests/verifiers: the DCC verifier-core from npm), installed
# from package-lock.json with `npm ci` (no install scripts) whenever the lock file is newer than the install.
VERIFIERS_STAMP := tests/verifiers/node_modules/.installed

$(VERIFIERS_STAMP): tests/verifiers/package.json tests/verifiers/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: run scripts/setup-machine (it installs Debian's nodejs and npm)" >&2; exit 1; }
	cd tests/verifiers && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

verifiers: $(VERIFIERS_STAMP) client-tools ## Install the outside credential verifiers (npm ci in tests/verifiers) and the client tools

# openapi-typescript and typescript (tests/client), with which the suite generates and compiles the TypeScript
# client of the API's OpenAPI document (tests/api/test_typescript_client.py), installed the same way.
CLIENT_TOOLS_STAMP := tests/client/node_modules/.installed

$(CLIENT_TOOLS_STAMP): tests/client/package.json tests/client/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: run scripts/setup-machine (it installs Debian's nodejs and npm)" >&2; exit 1; }
	cd tests/client && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

client-tools: $(CLIENT_TOOLS_STAMP) ## Install openapi-typescript and typescript (npm ci in tests/client)

test: setup-machine requirements verifiers test-mysql ## Set up the machine, then run the whole suite on MariaDB with coverage (CI adds test-teak: SQLite)

test-sqlite: verifiers ## The suite on SQLite (in memory, no MariaDB needed), with coverage and its floor
	@echo "--- pytest on SQLite (Python 3.12, Django 5.2), with the coverage of openedx_dcp/ (floor: fail_under in pyproject.toml)"
	$(call run_pytest,$(VENV)/bin/pytest --cov --cov-report=term)

test-mysql: requirements-mysql verifiers ## The suite on MariaDB (DCP_MYSQL_HOST:DCP_MYSQL_PORT, default 127.0.0.1:3306, root, empty password)
	@$(VENV)/bin/python -c "import os, MySQLdb; MySQLdb.connect(host=os.environ.get('DCP_MYSQL_HOST', '127.0.0.1'), \
	  port=int(os.environ.get('DCP_MYSQL_PORT', '3306')), user='root', passwd='')" \
	  || { echo "MariaDB does not answer as root with an empty password: run scripts/setup-machine (see docs/development.md)" >&2; exit 1; }
	@echo "--- pytest on MariaDB (Python 3.12, Django 5.2), test database test_$${DCP_MYSQL_NAME:-dcp}, with the coverage of openedx_dcp/ (floor: fail_under in pyproject.toml)"
	$(call run_pytest,DCP_DB=mysql $(VENV)/bin/pytest --create-db --cov --cov-report=term)

teak-venv: ## A second venv (.venv-teak) with Teak's stack: Python 3.11, Django 4.2, openedx-events 10
	test -x $(VENV_TEAK)/bin/python || "$$(scripts/find-python 3.11)" -m venv $(VENV_TEAK)
	$(VENV_TEAK)/bin/pip install -q --upgrade -r requirements/pip.txt
	$(VENV_TEAK)/bin/pip install -q -r requirements/teak.txt
	PYTHONWARNINGS="ignore:Editable installation" $(VENV_TEAK)/bin/pip install -q --no-deps -e .

test-teak: teak-venv verifiers ## The suite on Python 3.11, Django 4.2, openedx-events 10 (Teak), SQLite
	@echo "--- pytest on SQLite (Teak: Python 3.11, Django 4.2, openedx-events 10)"
	$(VENV_TEAK)/bin/python -c "import django, openedx_events; print('Django', django.get_version(), '/ openedx-events', openedx_events.__version__)"
	$(call run_pytest,$(VENV_TEAK)/bin/pytest)

quality: requirements lint lint_imports migrations_check pii_check ## Lint and import order, layering, migrations in step with models, PII annotations

lint: ## ruff: pyflakes, pycodestyle, import order (isort rules), bugbear, pyupgrade, Django checks
	@echo "--- ruff"
	$(VENV)/bin/ruff check $(LINT_PATHS)

lint_imports: ## import-linter: the contracts in .importlinter (domain packages never import the REST layer)
	@echo "--- import-linter"
	$(VENV)/bin/lint-imports --no-cache

migrations_check: ## Models and migrations are in step
	@echo "--- makemigrations --check"
	DCP_SQLITE_PATH=:memory: $(PY) manage.py makemigrations --check --dry-run

pii_check: ## Every model carries an Open edX PII annotation (100% coverage)
	@echo "--- PII annotations"
	DJANGO_SETTINGS_MODULE=devhost.test_settings $(VENV)/bin/code_annotations django_find_annotations \
	  --config_file .pii_annotations.yml --lint --report --coverage

dist: requirements ## Build the sdist and wheel of openedx-dcp and tutor-dcp into dist/ and check them (twine check)
	rm -rf dist build tutor_plugin/build
	@# This machine's PYTHONDONTWRITEBYTECODE only makes setuptools print "byte-compiling is disabled" lines.
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m build --outdir dist .
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m build --outdir dist tutor_plugin
	$(VENV)/bin/twine check --strict dist/*
	@ls -1 dist

bench: requirements ## Run the benchmarks (P1, P2, …) and print their figures and ratios
	$(PY) benchmarks/run.py

upgrade: requirements ## Recompile requirements/*.txt from requirements/*.in (teak.txt with Python 3.11)
	$(VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/pip.txt requirements/pip.in
	$(VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/base.txt requirements/base.in
	$(VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/test.txt requirements/test.in
	$(VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/quality.txt requirements/quality.in
	$(VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/dev.txt requirements/dev.in
	test -x $(VENV_TEAK)/bin/python || "$$(scripts/find-python 3.11)" -m venv $(VENV_TEAK)
	$(VENV_TEAK)/bin/pip install -q "$$(grep -E '^pip-tools==' requirements/dev.txt)"
	$(VENV_TEAK)/bin/pip-compile $(PIP_COMPILE_FLAGS) --upgrade -o requirements/teak.txt requirements/teak.in

# Paragon's compiled CSS and axe-core are shipped in the repository (pages and tests work offline); these
# targets refresh them from the npm registry at the pinned versions.
PARAGON_VERSION ?= 24.0.0
AXE_VERSION ?= 4.14.1
paragon: ## Refresh Paragon's compiled CSS (openedx_dcp/static/openedx_dcp/paragon/) from the npm registry
	rm -rf build/npm && mkdir -p build/npm
	cd build/npm && npm pack --silent @openedx/paragon@$(PARAGON_VERSION) && tar xzf openedx-paragon-$(PARAGON_VERSION).tgz
	cp build/npm/package/dist/core.min.css build/npm/package/dist/light.min.css build/npm/package/LICENSE \
	  openedx_dcp/static/openedx_dcp/paragon/

axe: ## Refresh the vendored axe-core (tests/browser/vendor/axe.min.js) from the npm registry
	rm -rf build/npm && mkdir -p build/npm
	cd build/npm && npm pack --silent axe-core@$(AXE_VERSION) && tar xzf axe-core-$(AXE_VERSION).tgz
	cp build/npm/package/axe.min.js tests/browser/vendor/axe.min.js
	cp build/npm/package/LICENSE tests/browser/vendor/axe-LICENSE.txt

# Translations, the Open edX way: the English source catalogue in openedx_dcp/conf/locale/en (the dev host's
# LOCALE_PATHS, where makemessages writes), pulled by the platform's translation tooling (atlas); other
# languages are compiled from catalogues placed beside it.
extract_translations: ## Extract the translatable strings into openedx_dcp/conf/locale/en/LC_MESSAGES/django.po
	cd openedx_dcp && ../$(PY) ../manage.py makemessages -l en -v1 -d django --no-obsolete --ignore "static/*"

compile_translations: ## Compile the catalogues in openedx_dcp/conf/locale to .mo files
	cd openedx_dcp && ../$(PY) ../manage.py compilemessages -v1

clean: ## Remove the dev database and caches
	rm -rf dev.db .pytest_cache .ruff_cache .import_linter_cache pii_report build dist *.egg-info
