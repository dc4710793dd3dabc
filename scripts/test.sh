#!/usr/bin/env bash
# Set up and run the whole test suite: creates .venv, installs newsevents with its test
# dependencies, checks the code with ruff (formatting, lint, complexity) and mypy (settings in
# pyproject.toml), installs Debian's Chromium for the browser tests (scripts/chromium.sh), starts a throwaway
# PostgreSQL server (scripts/postgres.sh) and runs pytest. Tests that need ../shared,
# PostgreSQL or Chromium skip with a reason when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff format --check src tests scripts
.venv/bin/ruff check --quiet src tests scripts
.venv/bin/mypy
source scripts/chromium.sh
source scripts/postgres.sh
# On every core, a test file to a process (its module fixtures made once); add `-n 0` for one
# process. Not exec: the server is stopped on exit, and pytest's status is still the script's.
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
