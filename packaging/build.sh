#!/usr/bin/env bash
# Builds, smoke-tests and packs the app for the system it runs on; the release workflow
# (.github/workflows/release.yml) runs exactly this on Linux, macOS and Windows (Git Bash),
# and the packaging tests run it here. Steps:
#   icons -> PyInstaller (packaging/tokenexplorer.spec) -> optional signing (only when its
#   secrets are set; see docs/release.md) -> the built binary's --smoke-test, offscreen ->
#   the artifact -> a .sha256 file per artifact.
# Artifacts, in packaging/dist/release/:
#   Linux    tokenexplorer-<version>-linux-<arch>.tar.gz  (app/ + install.sh, per-user ~/.local)
#   macOS    tokenexplorer-<version>-macos-<arch>.dmg     (holds "Token Explorer.app")
#   Windows  tokenexplorer-<version>-windows-<arch>.zip   (the one-folder app)
#
# Usage: bash packaging/build.sh        (from anywhere; works from a clean clone)
# Uses $PYTHON, else .venv's python (creating .venv with scripts/venv.sh when missing), and
# installs PyInstaller (the 'package' extra) into it if missing.
# TE_GLIBC_MAX=2.35 (Linux): fail when the bundle needs a newer glibc than that.
# Work files: packaging/build/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) echo "build.sh: unsupported system $(uname -s)" >&2; exit 1 ;;
esac

python=${PYTHON:-}
if [ -z "$python" ]; then
  venv_python=.venv/bin/python
  [ "$os" = windows ] && venv_python=.venv/Scripts/python.exe
  if [ ! -x "$venv_python" ]; then
    echo "build.sh: creating .venv with the project and PyInstaller" >&2
    bash scripts/venv.sh package
  fi
  python=$venv_python
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: installing PyInstaller (the project's 'package' extra)" >&2
  "$python" -m pip install -q --disable-pip-version-check -e ".[package]" >&2
fi
steps() { "$python" packaging/release_steps.py "$@"; }
notice() {  # shown as an annotation on GitHub Actions, as a line elsewhere
  if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::notice::$*"; else echo "build.sh: $*" >&2; fi
}

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$("$python" -c 'import platform; m = platform.machine().lower(); print({"amd64": "x86_64", "aarch64": "arm64"}.get(m, m))')
name="tokenexplorer-${version}-${os}-${arch}"
build=packaging/build
dist=packaging/dist
release="$dist/release"
start=$("$python" -c 'import time; print(time.time())')

echo "build.sh: icons" >&2
QT_QPA_PLATFORM=offscreen "$python" packaging/make_icons.py resources/icons/tokenexplorer.svg "$build/icons" >&2

echo "build.sh: PyInstaller" >&2
# The spec finds package folders and collect_submodules imports packages: keep
# that from touching the user's real configuration.
TOKENEXPLORER_ICON_DIR="$root/$build/icons" QT_QPA_PLATFORM=offscreen \
  "$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$build/pyinstaller" packaging/tokenexplorer.spec >&2
rm -rf "$release"
mkdir -p "$release"

case "$os" in
  linux)
    bundle="$dist/tokenexplorer"
    steps smoke "$bundle/tokenexplorer"
    steps glibc "$bundle" ${TE_GLIBC_MAX:+--max "$TE_GLIBC_MAX"}
    echo "build.sh: archive" >&2
    stage="$build/stage/$name"
    rm -rf "$build/stage"
    mkdir -p "$stage"
    cp -a "$bundle" "$stage/app"
    cp -a "$build/icons/hicolor" "$stage/icons"
    cp packaging/tokenexplorer.desktop "$stage/"
    cp packaging/linux/install.sh packaging/linux/uninstall.sh "$stage/"
    chmod +x "$stage/install.sh" "$stage/uninstall.sh"
    printf '%s\n' "$version" > "$stage/VERSION"
    artifact="$release/$name.tar.gz"
    tar -C "$build/stage" -czf "$artifact" "$name"
    rm -rf "$build/stage"
    ;;
  macos)
    bundle="$dist/Token Explorer.app"
    if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
      bash packaging/macos/sign.sh app "$bundle"
    else
      notice "macOS: not signed (MACOS_SIGN_IDENTITY unset); Gatekeeper will ask users to confirm"
    fi
    steps smoke "$bundle/Contents/MacOS/tokenexplorer"
    echo "build.sh: disk image" >&2
    stage="$build/dmg"
    rm -rf "$stage"
    mkdir -p "$stage"
    cp -R "$bundle" "$stage/"
    ln -s /Applications "$stage/Applications"
    artifact="$release/$name.dmg"
    # hdiutil now and then fails with "Resource busy" on CI machines: try three times
    for attempt in 1 2 3; do
      hdiutil create -volname "Token Explorer" -srcfolder "$stage" -fs HFS+ -format UDZO \
        -ov "$artifact" >&2 && break
      [ "$attempt" = 3 ] && exit 1
      sleep 5
    done
    rm -rf "$stage"
    if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_APPLE_ID:-}" ]; then
      bash packaging/macos/sign.sh dmg "$artifact"
    else
      notice "macOS: not notarised (MACOS_NOTARY_APPLE_ID or the signing identity unset)"
    fi
    ;;
  windows)
    bundle="$dist/tokenexplorer"
    if [ -n "${WINDOWS_CERT_PFX_BASE64:-}" ]; then
      bash packaging/windows/sign.sh "$bundle/TokenExplorer.exe" "$bundle/tokenexplorer-cli.exe"
    else
      notice "Windows: not signed (WINDOWS_CERT_PFX_BASE64 unset); SmartScreen will warn users"
    fi
    steps smoke "$bundle/tokenexplorer-cli.exe" --windowed "$bundle/TokenExplorer.exe"
    echo "build.sh: zip" >&2
    stage="$build/zip/$name"
    rm -rf "$build/zip"
    mkdir -p "$build/zip"
    cp -a "$bundle" "$stage"
    artifact="$release/$name.zip"
    (cd "$build/zip" && "$python" -m zipfile -c "$root/$artifact" "$name")
    rm -rf "$build/zip"
    ;;
esac

steps checksums "$artifact"
end=$("$python" -c 'import time; print(time.time())')
size=$(du -sm "$bundle" | cut -f1)
asize=$(du -sm "$artifact" | cut -f1)
seconds=$("$python" -c "print(f'{$end - $start:.1f}')")
echo "build.sh: bundle $bundle (${size} MB), artifact $artifact (${asize} MB), ${seconds} s"
