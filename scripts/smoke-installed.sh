#!/usr/bin/env bash
# Smoke test of the installed program from an unrelated directory: every bundled template,
# catalog, profile, font and example is found, and the main jobs run end to end.
set -euo pipefail
mla-writer --version
mla-writer schema > schema.json
python -c "import json; json.load(open('schema.json'))"
mla-writer profiles list
mla-writer profiles lint
mla-writer check example:mla-bank-records
# the README's main job: the request in the requested state's language(s) and English
mla-writer build example:mla-bank-records --out out
ls out/*_request_th.pdf out/*_request_en.pdf out/*_request_en.docx
mla-writer xliff export example:mla-bank-records --lang th --out case.th.xlf
# review, sign and verify a copy of an example, as a central authority would
mla-writer examples list
mla-writer examples copy provisional-arrest case.json
printf 'smoke test passphrase\n' > pass.txt
mla-writer review submit case.json --actor "Drafter"
mla-writer review approve case.json --actor "Reviewer"
mla-writer keys new --name "Smoke Signer" --role "Director" --authority "Central Authority" \
  --out signer.p12 --cert-out signer.pem --passphrase-file pass.txt
mla-writer sign case.json --key signer.p12 --passphrase-file pass.txt --out package --zip
mla-writer verify package.zip --trust signer.pem
MLA_WRITER_DATA_DIR="$PWD/gui-data" QT_QPA_PLATFORM=offscreen python -c "from mla_writer.gui.app import create_window; create_window([])"
# the desktop application as users start it: it opens (offscreen), then closes itself
MLA_WRITER_DATA_DIR="$PWD/gui-data" QT_QPA_PLATFORM=offscreen MLA_WRITER_EXIT_AFTER_MS=1000 \
  mla-writer 2> gui.log
grep -q "the window opened" gui.log
# without a display: a message saying how to fix it, not a core dump
if env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM mla-writer 2> nodisplay.log; then
  echo "mla-writer started without a display" >&2; exit 1
fi
grep -q "no display" nodisplay.log
echo "smoke test passed"
