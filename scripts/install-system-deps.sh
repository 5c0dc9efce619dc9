#!/usr/bin/env bash
# Install the Debian/Ubuntu packages mla-writer and its tests need:
#  - Python 3 with venv and pip (Debian's own Python refuses `pip install` outside a virtual
#    environment, so the README's commands make one),
#    (no compiler and no -dev package: every Python dependency installs from a wheel; line
#    breaking uses the ICU library that comes with PySide6),
#  - Qt's offscreen and xcb platform libraries (the desktop application, GUI tests, Xvfb),
#  - poppler-utils (pdftotext, pdftoppm, pdfsig: independent checks of our PDFs),
#  - openssl (independent check of the signed manifest), xvfb for screenshots,
#  - LibreOffice Writer (no GUI) and fontconfig's tools: the test that the DOCX files show
#    every script on a machine without the bundled fonts (they travel inside the DOCX).
# Fonts are bundled with the program, so none are installed here.
set -euo pipefail
pkgs=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libglx0 libglvnd0 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libx11-6 libxcb1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
  poppler-utils openssl libnss3-tools xvfb xauth
  libreoffice-writer-nogui fontconfig
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "system packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
