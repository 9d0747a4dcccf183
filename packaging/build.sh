#!/usr/bin/env bash
# Builds the Linux app: PyInstaller one-folder bundle + icons + .desktop entry, packed as
#   packaging/dist/tokenexplorer-<version>-linux-x86_64.tar.gz
# with install.sh / uninstall.sh inside (per-user install into ~/.local, no root needed).
#
# Usage: bash packaging/build.sh        (from anywhere; works from a clean clone)
# Uses $PYTHON, else .venv/bin/python (creating .venv with scripts/venv.sh when missing), and
# installs PyInstaller (the 'package' extra) into it if missing. Output: packaging/dist/ (bundle, archive), packaging/build/ (work files).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ ! -x .venv/bin/python ]; then
    echo "build.sh: creating .venv with the project and PyInstaller" >&2
    bash scripts/venv.sh package
  fi
  python=.venv/bin/python
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: installing PyInstaller (the project's 'package' extra)" >&2
  "$python" -m pip install -q --disable-pip-version-check -e ".[package]" >&2
fi

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$(uname -m)
name="tokenexplorer-${version}-linux-${arch}"
build=packaging/build
dist=packaging/dist
start=$(date +%s.%N)

echo "build.sh: icons" >&2
QT_QPA_PLATFORM=offscreen "$python" packaging/make_icons.py resources/icons/tokenexplorer.svg "$build/icons" >&2

echo "build.sh: PyInstaller" >&2
# The spec imports moto (to find its folder) and collect_submodules imports packages: keep
# that from touching the user's real configuration.
TOKENEXPLORER_ICON_DIR="$root/$build/icons" QT_QPA_PLATFORM=offscreen \
  "$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$build/pyinstaller" packaging/tokenexplorer.spec >&2

echo "build.sh: archive" >&2
stage="$build/stage/$name"
rm -rf "$build/stage"
mkdir -p "$stage"
cp -a "$dist/tokenexplorer" "$stage/app"
cp -a "$build/icons/hicolor" "$stage/icons"
cp packaging/tokenexplorer.desktop "$stage/"
cp packaging/linux/install.sh packaging/linux/uninstall.sh "$stage/"
chmod +x "$stage/install.sh" "$stage/uninstall.sh"
printf '%s\n' "$version" > "$stage/VERSION"
archive="$dist/$name.tar.gz"
tar -C "$build/stage" -czf "$archive" "$name"
rm -rf "$build/stage"

end=$(date +%s.%N)
size=$(du -sm "$dist/tokenexplorer" | cut -f1)
asize=$(du -sm "$archive" | cut -f1)
seconds=$("$python" -c "print(f'{$end - $start:.1f}')")
echo "build.sh: bundle $dist/tokenexplorer (${size} MB), archive $archive (${asize} MB), ${seconds} s"
