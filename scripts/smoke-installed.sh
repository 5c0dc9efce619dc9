#!/usr/bin/env bash
# Smoke test of the installed program from an unrelated directory: data found, main job runs.
set -euo pipefail
mla-writer --version
mla-writer schema > schema.json
python -c "import json; json.load(open('schema.json'))"
for sub in profiles build; do
  if mla-writer --help | grep -qw "$sub"; then :; else echo "missing command: $sub" >&2; exit 1; fi
done
mla-writer profiles list
mla-writer check example:mla-bank-records || test $? -eq 1
mla-writer build example:mla-bank-records --out out --draft
ls -l out
