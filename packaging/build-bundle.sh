#!/usr/bin/env bash
# Build the mla-writer desktop bundle with PyInstaller: dist/mla-writer/ (one folder with the
# program, Python, Qt, ICU and the bundled data), and on Linux dist/mla-writer-linux-x86_64.tar.gz.
# Windows: then compile packaging/windows/mla-writer.iss with Inno Setup (a per-user installer).
# macOS: dist/mla-writer.app; packaging/macos/build-dmg.sh makes the disk image.
# Uses the active virtual environment, or ./.venv (made and filled when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install -q . "pyinstaller>=6.10,<7"
rm -rf build/pyinstaller dist/mla-writer dist/mla-writer.app
python -m PyInstaller --noconfirm --log-level WARN --workpath build/pyinstaller \
  --distpath dist packaging/mla-writer.spec
case "$(uname -s)" in
  Linux)
    cp packaging/linux/mla-writer.desktop packaging/linux/install-desktop-entry.sh \
      packaging/icons/mla-writer.png dist/mla-writer/
    arch="$(uname -m)"
    tar -C dist -czf "dist/mla-writer-linux-$arch.tar.gz" mla-writer
    echo "bundle: dist/mla-writer/ and dist/mla-writer-linux-$arch.tar.gz"
    ;;
  *) echo "bundle: dist/" ;;
esac
