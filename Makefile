# The two commands: `make run` (the whole panel locally) and `make test` (the full suite).
# Both install what is missing first (devstack/setup.sh, idempotent).
.DEFAULT_GOAL := help
PY := .venv/bin/python
# The suite runs in this many processes, each with its own local stack (tests/conftest.py).
TEST_WORKERS ?= 2

.PHONY: help setup run test lint typecheck unit bench totp promises openapi synth clean

help:
	@echo "make run    - start the whole panel on http://127.0.0.1:8080 (Ctrl-C stops it)"
	@echo "make test   - lint, type-check and run every test (unit, integration, API, browser)"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make totp   - print the local admin's current TOTP code"
	@echo "make promises - regenerate docs/promises.md from the tests' promise markers"
	@echo "make openapi - regenerate docs/openapi.json and the frontend's API types from the route table"
	@echo "make synth STAGE=dev|prod - package the code, synthesize the stage's stacks (cdk-nag) and cfn-lint them"

setup:
	@bash devstack/setup.sh

run: setup
	@$(PY) -m devstack.run

lint: setup
	.venv/bin/ruff check .

typecheck: setup
	.venv/bin/mypy
	cd frontend && npm run --silent typecheck

test: setup lint typecheck
	JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=25

bench: setup
	$(PY) bench/cold_start.py
	$(PY) bench/order_placement.py
	$(PY) bench/status_sync.py
	$(PY) bench/api_v2.py
	$(PY) bench/sla_month.py
	$(PY) bench/cost_model.py

totp:
	@$(PY) -m devstack.totp

promises: setup
	$(PY) -m ops.promises

openapi: setup
	$(PY) -m ops.openapi
	cd frontend && npm run --silent api-types

STAGE ?= dev
synth: setup
	JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 $(PY) -m infra.synth $(STAGE)

clean:
	rm -rf .venv .tools frontend/node_modules frontend/dist build infra/cdk.out build infra/cdk.out
