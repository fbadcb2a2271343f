# XCounter: `make run` serves the demo theater, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: setup run test lint format browser nginx clean bench guides

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "XCounter needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# Browser tests drive Debian's Chromium; install it when we may (root with apt-get).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

# The deployment tests run deploy/nginx.conf in front of gunicorn (TLS with a throwaway openssl
# certificate); install nginx when we may.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null; \
		else \
			echo "The deployment tests need nginx: sudo apt-get install nginx"; exit 1; \
		fi; \
	fi

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "XCounter is at http://127.0.0.1:8000 (SITE_URL). Mail is printed here: who, subject, text."
	@echo "Admin and Moderator sign-in codes appear here on a line of their own: 'Your sign-in code: NNNNNN'."
	@# The mail worker runs beside the dev server (bulk offers go out through it); both stop together.
	$(PY) manage.py deliver_outbox --loop & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

test: setup browser nginx
	$(PY) -m pytest

# The user guides' screenshots (docs/screenshots/) are taken by a browser test; `make test` takes
# them too but into a temporary directory, so only this target changes the committed pictures.
guides: setup browser
	UPDATE_GUIDE_SCREENSHOTS=1 $(PY) -m pytest xcounter/tests/test_guide_screenshots.py -q -p no:randomly

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .test-media

bench: setup
	$(PY) bench/booking_race.py
	$(PY) bench/booking_flow.py
	$(PY) bench/offer_blast.py
	$(PY) bench/dashboard.py
