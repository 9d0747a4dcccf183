#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Token Explorer needs. Usage: system-deps.sh app|package|test
# (app: run it; package: also build the bundle; test: also run the whole suite).
# Only missing packages are installed, so a second run costs a second.
set -euo pipefail
what=${1:-app}

# Python, and the libraries pip's Qt needs even offscreen (fonts, or all text is boxes).
pkgs=(python3 python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6
      libfontconfig1 libdbus-1-3 fontconfig-config fonts-dejavu-core)
# A real window on an X11 desktop (xcb platform plugin).
pkgs+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
       libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1)
if [ "$what" = test ] || [ "$what" = package ]; then
  # Building the bundle: PyInstaller needs objdump (binutils; the packaging tests read the
  # bundle's libraries with readelf) and libpython, which Debian's own python3 keeps in a
  # separate package.
  pkgs+=(binutils)
  py=$(readlink -f "$(command -v python3 || true)" 2>/dev/null || true)
  if [ -n "$py" ] && dpkg -S "$py" >/dev/null 2>&1; then
    pkgs+=("lib$(basename "$py")")  # e.g. libpython3.11 for /usr/bin/python3.11
  fi
fi
if [ "$what" = test ]; then
  # A real Secret Service for the keyring tests (dbus-run-session, gnome-keyring-daemon); the
  # SRP timestamp test compiles a German locale from the sources in 'locales' (no system
  # change). Window tests run offscreen: no display server is needed. scripts/test.sh fails,
  # naming what is missing, if one of these is not there.
  pkgs+=(dbus-daemon gnome-keyring locales)
fi

missing=()
for p in "${pkgs[@]}"; do
  # Ubuntu 24.04 renamed some libraries (libglib2.0-0 -> libglib2.0-0t64): either counts.
  { dpkg-query -W -f='${Status}\n' "$p" "${p}t64" 2>/dev/null || true; } \
    | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
