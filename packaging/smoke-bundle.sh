#!/usr/bin/env bash
# Smoke journey of the desktop bundle, run with no Python anywhere on the PATH: the GUI opens
# (offscreen) and closes, the example is built, reviewed, signed and verified, all by the
# bundle's own executable. Usage: bash packaging/smoke-bundle.sh [BUNDLE_DIR] (default
# dist/mla-writer). Works in a fresh temporary folder.
set -euo pipefail
bundle="$(cd "${1:-$(dirname "$0")/../dist/mla-writer}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# a PATH of the system's programs without any Python, and the bundle
mkdir "$work/bin"
for dir in /usr/local/bin /usr/bin /bin; do
  [ -d "$dir" ] || continue
  for f in "$dir"/*; do
    name="$(basename "$f")"
    case "$name" in python*|pip*|pydoc*|2to3*|idle*) continue ;; esac
    [ -e "$work/bin/$name" ] || ln -s "$f" "$work/bin/$name"
  done
done
export PATH="$bundle:$work/bin"
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
if command -v python3 >/dev/null || command -v python >/dev/null; then
  echo "smoke-bundle: a Python is still on the PATH" >&2; exit 1
fi
cd "$work"
set -x
mla-writer --version
mla-writer examples list
mla-writer examples copy mla-bank-records case.json
mla-writer check case.json
mla-writer build example:mla-bank-records --out out
ls out/*_request_th.pdf out/*_request_en.pdf out/*_request_th.docx
pdftotext -enc UTF-8 out/*_request_th.pdf request_th.txt
grep -q "VKSTC-HTQT/2026/0417" request_th.txt
# a Chinese DOCX embeds a subset of the CJK face (fontTools inside the bundle)
mla-writer build example:mla-bank-records --out out-zh --lang zh --format docx --draft
mla-writer examples copy provisional-arrest arrest.json
printf 'smoke test passphrase\n' > pass.txt
mla-writer review submit arrest.json --actor "Drafter"
mla-writer review approve arrest.json --actor "Reviewer"
mla-writer keys new --name "Smoke Signer" --role "Director" --authority "Central Authority" \
  --out signer.p12 --cert-out signer.pem --passphrase-file pass.txt
mla-writer sign arrest.json --key signer.p12 --passphrase-file pass.txt --out package --zip
mla-writer verify package.zip --trust signer.pem
MLA_WRITER_DATA_DIR="$work/gui-data" QT_QPA_PLATFORM=offscreen MLA_WRITER_EXIT_AFTER_MS=1500 \
  mla-writer 2> gui.log
grep -q "the window opened" gui.log
set +x
echo "bundle smoke test passed (no Python on the PATH)"
