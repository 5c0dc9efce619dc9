#!/usr/bin/env bash
# Install mla-writer with its test tools (non-editable, as users get it) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
python -m pip install -q ".[test]"
python -m ruff check mla_writer tests bench
python -m pytest -q -p no:cacheprovider tests
