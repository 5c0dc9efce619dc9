#!/usr/bin/env bash
# Put mla-writer in the desktop's application menu, for this user only (no root needed):
# run from the unpacked bundle folder. Undo with --remove.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
bin="$HOME/.local/bin"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/mla-writer.desktop" "$icons/mla-writer.png" "$bin/mla-writer"
  echo "mla-writer removed from the menu"
  exit 0
fi
mkdir -p "$apps" "$icons" "$bin"
cp "$here/mla-writer.png" "$icons/mla-writer.png"
sed "s|^Exec=mla-writer|Exec=\"$here/mla-writer\"|" "$here/mla-writer.desktop" > "$apps/mla-writer.desktop"
ln -sf "$here/mla-writer" "$bin/mla-writer"
echo "mla-writer is in the application menu; the command: $bin/mla-writer"
