#!/usr/bin/env bash
# Removes what install.sh put in place (same PREFIX / XDG_DATA_HOME). Settings, cache and
# keyring entries are the user's and stay; the paths are printed so they can be removed.
set -euo pipefail
prefix=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$prefix/share}
appdir="$prefix/lib/tokenexplorer"

if [ -L "$prefix/bin/tokenexplorer" ]; then rm -f "$prefix/bin/tokenexplorer"; fi
rm -f "$data/applications/tokenexplorer.desktop"
for icon in "$data"/icons/hicolor/*/apps/tokenexplorer.png "$data"/icons/hicolor/*/apps/tokenexplorer.svg; do
  [ -e "$icon" ] && rm -f "$icon"
done
rm -rf "$appdir"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Token Explorer removed. Your settings stay in ${XDG_CONFIG_HOME:-$HOME/.config}/tokenexplorer;"
echo "stored sessions stay in your keyring under the service 'tokenexplorer'."
