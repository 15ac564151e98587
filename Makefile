# Chorus — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
PORT ?= 8000
# make test runs most tests on two pytest-xdist workers; each has its own Redis databases
# (tests/settings.py), so with a 16-database Redis at most 2 (TEST_WORKERS=0: one process).
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test e2e worker beat lint bench audit migrate clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

## run: install, migrate, load demo data and serve on http://127.0.0.1:$(PORT) (SQLite, eager Celery; PORT=8080 to change)
run: $(STAMP_RUN)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --if-empty
	DJANGO_DEBUG=1 $(PY) manage.py compile_translations
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: install the dev requirements and run the whole suite (browser tests when Chromium is present)
test: $(STAMP_DEV)
	$(PY) manage.py compile_translations
	@if [ -x /usr/bin/chromium ]; then echo "Chromium found: browser tests will run."; \
	else echo "Chromium not found (/usr/bin/chromium): browser tests will be SKIPPED. Install it with: apt-get install chromium"; fi
	@# Two parts: most tests on $(TEST_WORKERS) workers, then the whole-deployment fault and load tests
	@# alone (tests/conftest.py). Exit status 5 is "nothing selected", fine for one part but not both.
	@$(BIN)/pytest -n $(TEST_WORKERS) -m "not one_at_a_time" $(PYTEST_ARGS); first=$$?; \
	$(BIN)/pytest -p no:xdist -m one_at_a_time $(PYTEST_ARGS); second=$$?; \
	echo "make test: parallel part exit $$first, one-at-a-time part exit $$second"; \
	case "$$first:$$second" in 0:0|0:5|5:0) exit 0;; *) exit 1;; esac

## worker / beat: real Celery processes (need CELERY_BROKER_URL and DATABASE_URL)
worker: $(STAMP_RUN)
	$(BIN)/celery -A config worker -Q screening,default,maintenance --loglevel INFO

beat: $(STAMP_RUN)
	$(BIN)/celery -A config beat --loglevel INFO

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP_DEV)
	$(PY) -m bench

## audit: check requirements.txt against a vulnerability database (needs to reach one online)
# --strict: a dependency that could not be looked up fails the audit; without it pip-audit
# skips every package it cannot reach and still prints "No known vulnerabilities found".
audit: $(STAMP_DEV)
	$(PY) -m pip install --quiet pip-audit==2.10.1 || { echo "make audit: pip-audit could not be installed; NO AUDIT WAS DONE."; exit 1; }
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt || { echo "make audit: the audit failed or could not reach a vulnerability service (PyPI/OSV); NO AUDIT WAS DONE unless vulnerabilities are listed above."; exit 1; }

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
