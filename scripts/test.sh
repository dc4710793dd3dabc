#!/usr/bin/env bash
# Set up and run the whole test suite: creates .venv, installs newsevents with its test
# dependencies, and runs pytest. Tests that need ../shared skip with a reason when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
exec .venv/bin/python -m pytest "$@"
