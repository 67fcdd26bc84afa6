# One task runner: the README and .ci/run call these targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
PROCESSES ?= 2
LISTEN ?= 0.0.0.0:8080

ADDRESS ?=
PORT ?= 8501
ARGS ?=

.PHONY: messages run serve test test-fast test-writes lint bench bench-cpu bench-load build browser nginx office cli user

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

## `kompetanse` in the venv: the command line from any folder, e.g. .venv/bin/kompetanse user list.
$(VENV)/bin/kompetanse: $(VENV)/.installed
	mkdir -p $(@D)
	printf '#!/bin/sh\n# The kompetanse command line (written by make).\nPYTHONPATH="%s$${PYTHONPATH:+:$$PYTHONPATH}" exec "%s" -m kompetanse "$$@"\n' "$(CURDIR)" "$(abspath $(PY))" > $@
	chmod +x $@

## Start the app on the bundled data (the database is built on first start). Streamlit listens on
## every network interface unless ADDRESS says otherwise: make run ADDRESS=127.0.0.1 (PORT=8501).
run: $(VENV)/.installed $(VENV)/bin/kompetanse
	$(PY) -m streamlit run app.py --server.port=$(PORT) $(if $(ADDRESS),--server.address=$(ADDRESS))

## The command line: make cli ARGS="region list"; make user ARGS="add ada --role admin".
cli: $(VENV)/.installed $(VENV)/bin/kompetanse
	$(PY) -m kompetanse $(ARGS)

user: $(VENV)/.installed $(VENV)/bin/kompetanse
	$(PY) -m kompetanse user $(ARGS)

## One server: PROCESSES app processes behind nginx on LISTEN (deploy/; Ctrl-C stops everything).
serve: $(VENV)/.installed nginx
	$(PY) -m deploy --processes $(PROCESSES) --listen $(LISTEN)

## Build data/kompetanse.duckdb from the files in data/.
build: $(VENV)/.installed $(VENV)/bin/kompetanse
	$(PY) -m kompetanse build

## Debian's Chromium for the browser tests (installed when missing and we are root).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Nettlesertestene trenger Chromium: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

## Debian's nginx for deploy/, the smoke test and bench-load --processes (not started as a service).
nginx:
	@if [ ! -x $(NGINX) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq nginx >/dev/null; \
	  else \
	    echo "Driftsoppsettet trenger nginx: sudo apt-get install nginx"; exit 1; \
	  fi; \
	fi

## LibreOffice Impress (renders the meeting deck in the tests), poppler (reads the PDF back) and the
## Liberation fonts (Arial's metrics, which the slide layout measures with).
office:
	@if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null \
	    || [ ! -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-impress poppler-utils fonts-liberation >/dev/null; \
	  else \
	    echo "Testene av møtepakken trenger LibreOffice: sudo apt-get install libreoffice-impress poppler-utils fonts-liberation"; exit 1; \
	  fi; \
	fi

## The whole test suite, browser, nginx and LibreOffice tests included (what the README and .ci/run call).
test: $(VENV)/.installed browser nginx office
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 3 --dist worksteal

## The inner loop: the domain tests that read, two at a time (not browser, server, kill, slow, AppTest
## of the whole app or a write to a fixture database: `make test-writes` runs those).
FAST := not browser and not server and not kill and not app and not slow and not writes
test-fast: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 -m "$(FAST)"

## The domain tests that write (imports, users, updates, hardening), without browser, servers or AppTest.
test-writes: $(VENV)/.installed
	$(PY) -m pytest -n 2 -m "writes and not browser and not server and not kill and not app and not slow"

## Bring the bokmål and nynorsk catalogues (kompetanse/i18n/locale) up to date with the code's _() texts.
messages: $(VENV)/.installed
	$(PY) -m kompetanse.i18n.extract

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## Print build and page timings at national scale.
bench: $(VENV)/.installed
	$(PY) benchmarks/bench_pages.py

## Server CPU per page run (one warm session), standard and national scale, against the reference app.
bench-cpu: $(VENV)/.installed
	$(PY) benchmarks/bench_cpu.py

## 30 websocket sessions click through the pages of a real server while imports run.
bench-load: $(VENV)/.installed nginx
	$(PY) benchmarks/bench_load.py
