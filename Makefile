# The two commands a newcomer needs: `make demo` (build + serve the demo app) and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8501

.PHONY: build demo dist test test-lint test-ts test-unit test-pyodide test-e2e test-desktop bench clean

build: $(VENV)/.installed node_modules/.installed
	$(PYTHON) -m wasmlit.runtime_build
	npm run --silent build:editor

demo: build
	$(VENV)/bin/wasmlit serve examples/hello --port $(PORT)

test: build
	@command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium (see README)"; exit 1; }
	# Every check and suite runs and reports, even after one fails; the target fails if any did.
	# The suites are separate pytest runs: Playwright's sync API keeps an event loop running for
	# the whole session, which would break the asyncio.run() of the unit tests after it.
	@failed=""; \
	for step in lint ts unit pyodide e2e; do \
	  echo "== $$step"; $(MAKE) --no-print-directory test-$$step || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi; echo "all checks and suites passed"

# The steps of `make test`, each runnable alone after `make build`.
# Lint, format and type checks for Python (ruff, mypy) and TypeScript (tsc).
test-lint:
	$(VENV)/bin/ruff check python tests bench scripts examples packages/desktop
	$(VENV)/bin/ruff format --check python tests bench scripts examples packages/desktop
	$(VENV)/bin/mypy
	npm run --silent typecheck

# TypeScript unit tests (`*.test.ts` beside the sources), on Node's own test runner.
test-ts:
	npm run --silent test:ts

test-unit:
	$(PYTHON) -m pytest tests/unit -q

test-pyodide:
	$(PYTHON) -m pytest tests/pyodide -q

# The packed desktop program's tests (tests/e2e/desktop) run in `make test-desktop`, not here.
# Under Xvfb, a first launch of the program with a fresh profile often never paints: in the CI
# rehearsal of 2026-12-02 (quiet machine), 5 of 10 tests waited out 180 s before the relaunch with
# the same home rendered in ~20 s, which made the suite 40 min; under heavy load, 7 suite runs
# saw none. Until that is found, a double hang would block every change; run them alone.
test-e2e:
	$(PYTHON) -m pytest tests/e2e -q --ignore=tests/e2e/desktop

test-desktop:
	$(PYTHON) -m pytest tests/e2e/desktop -q

# dist/wasmlit-<version>-py3-none-any.whl and its sdist, carrying the built runtime: installs need no Node.
# Built from the sdist (build's default), so files left in build/ by an older build never reach the wheel.
dist: build
	rm -rf dist
	$(PYTHON) -m build --no-isolation --outdir dist .
	@ls -l dist

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
	rm -rf build dist python/wasmlit/runtime
