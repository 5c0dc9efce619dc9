#!/usr/bin/env bash
# Install mla-writer with its test tools (non-editable, as users get it) and run the test suite.
# It installs into the active virtual environment, or else into ./.venv (made if missing):
# Debian's Python refuses `pip install` outside a virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install -q ".[test]"
python -m ruff check mla_writer tests bench
python -m mypy  # the non-GUI packages, configured in pyproject.toml [tool.mypy]
python -m pytest -q -p no:cacheprovider tests
