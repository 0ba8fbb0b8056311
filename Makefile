# The two commands a newcomer needs: `make demo` (build + serve the demo app) and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8501

.PHONY: build demo test bench clean

build: $(VENV)/.installed node_modules/.installed
	$(PYTHON) -m wasmlit.runtime_build

demo: build
	$(VENV)/bin/wasmlit serve examples/hello --port $(PORT)

test: build
	@command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium (see README)"; exit 1; }
	# Three runs, not one: Playwright's sync API keeps an event loop running for the whole
	# session, which would break the asyncio.run() of the unit tests after it.
	$(PYTHON) -m pytest tests/unit -q
	$(PYTHON) -m pytest tests/pyodide -q
	$(PYTHON) -m pytest tests/e2e -q

# Not part of `make test`: performance is measured, never asserted in a timed test.
bench: build
	$(PYTHON) bench/run.py

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf build python/wasmlit/runtime
