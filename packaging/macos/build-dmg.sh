#!/usr/bin/env bash
# Build dist/mla-writer-<version>.dmg on macOS: the app bundle (PyInstaller, via
# packaging/build-bundle.sh) in a disk image with a link to /Applications, to drag it across.
# Needs only the Xcode command line tools' hdiutil (part of macOS). Not signed or notarised:
# the first start is then by right-click › Open (README, "macOS").
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = "Darwin" ] || { echo "build-dmg.sh: run on macOS" >&2; exit 2; }
bash packaging/build-bundle.sh
version="$(python -c 'import mla_writer; print(mla_writer.__version__)')"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R dist/mla-writer.app "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "mla-writer $version" -srcfolder "$stage" -ov -format UDZO \
  "dist/mla-writer-$version.dmg"
echo "disk image: dist/mla-writer-$version.dmg"
