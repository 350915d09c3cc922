# make brief: set up .venv (when missing or stale) and write every paper into briefs/
# make test:  the same set-up, then the test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: brief test bench lint check fidelity

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

brief: $(STAMP)
	$(PY) generate.py --brief all

# the PDF readers the tests run under Node (pdf.js), as package-lock.json pins them; only
# the tests need them, so `make brief` does not install them
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

check: $(STAMP)
	$(PY) generate.py --check

lint: $(STAMP)
	$(PY) -m ruff check .

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/bench.py

fidelity: $(STAMP)
	$(PY) tools/font_fidelity.py
