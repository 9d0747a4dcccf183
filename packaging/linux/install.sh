#!/usr/bin/env bash
# Installs Token Explorer for the current user (no root): the app folder, a `tokenexplorer`
# command, the applications-menu entry and the icons. Run it from the unpacked archive:
#   tar xzf tokenexplorer-*-linux-*.tar.gz && ./tokenexplorer-*/install.sh
# PREFIX (default ~/.local) and XDG_DATA_HOME (default $PREFIX/share) choose where.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$prefix/share}
appdir="$prefix/lib/tokenexplorer"
bindir="$prefix/bin"

[ -x "$here/app/tokenexplorer" ] || { echo "install.sh: $here/app/tokenexplorer not found" >&2; exit 1; }

# A fresh copy of the app folder (an older version's files must not linger).
mkdir -p "$prefix/lib" "$bindir"
rm -rf "$appdir.new"
cp -a "$here/app" "$appdir.new"
rm -rf "$appdir"
mv "$appdir.new" "$appdir"
cp "$here/uninstall.sh" "$appdir/uninstall.sh"
ln -sfn "$appdir/tokenexplorer" "$bindir/tokenexplorer"

mkdir -p "$data/applications"
sed "s|^Exec=.*|Exec=\"$appdir/tokenexplorer\"|" "$here/tokenexplorer.desktop" \
  > "$data/applications/tokenexplorer.desktop"

for icon in "$here"/icons/*/apps/tokenexplorer.*; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$icon" "$data/icons/hicolor/$size/apps/"
done

# Refresh the menu and icon caches where those tools exist (desktops also notice on their own).
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true

echo "Token Explorer $(cat "$here/VERSION" 2>/dev/null || true) installed:"
echo "  app:   $appdir"
echo "  menu:  $data/applications/tokenexplorer.desktop"
echo "  command: $bindir/tokenexplorer"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "  (add $bindir to PATH to run 'tokenexplorer' from a terminal)";; esac
echo "Uninstall with: $appdir/uninstall.sh"
