#!/usr/bin/env bash
# Runs the built bundle's --smoke-test inside a bare Debian 12 (minbase chroot + only
# libgl1, libegl1 and fonts), to prove the bundle carries every other library it needs and
# does not lean on what the build host happens to have (GTK, glib, dbus, fontconfig...).
# Offscreen always; also a real X11 window (xcb) when Xvfb is installed on the host.
#
# Usage (root, Debian host, network to the Debian mirror; not part of CI):
#   bash packaging/build.sh && sudo bash packaging/check-bare-debian.sh
# CHROOT (default /tmp/te-bare-debian) is created once with debootstrap and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=packaging/dist/tokenexplorer
chroot_dir=${CHROOT:-/tmp/te-bare-debian}
mirror=${MIRROR:-http://deb.debian.org/debian}
[ -x "$bundle/tokenexplorer" ] || { echo "no bundle: run bash packaging/build.sh" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (chroot)" >&2; exit 1; }

if [ ! -x "$chroot_dir/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >&2
  debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >&2
fi

mounts=()
cleanup() {
  for ((i=${#mounts[@]}-1; i>=0; i--)); do umount "${mounts[$i]}" 2>/dev/null || true; done
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
mountpoint -q "$chroot_dir/proc" || { mount -t proc proc "$chroot_dir/proc"; mounts+=("$chroot_dir/proc"); }
mountpoint -q "$chroot_dir/dev" || { mount --bind /dev "$chroot_dir/dev"; mounts+=("$chroot_dir/dev"); }

chroot "$chroot_dir" bash -c 'dpkg -s libgl1 libegl1 fonts-dejavu-core >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends libgl1 libegl1 fonts-dejavu-core fontconfig-config; }' >&2
rm -rf "$chroot_dir/opt/tokenexplorer"
cp -a "$bundle" "$chroot_dir/opt/tokenexplorer"

run() {  # run the smoke test in the chroot with a clean environment
  chroot "$chroot_dir" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 "$@" \
    /opt/tokenexplorer/tokenexplorer --smoke-test
}

echo "== offscreen, bare Debian 12 + libgl1 libegl1 fonts"
run QT_QPA_PLATFORM=offscreen

if command -v Xvfb >/dev/null; then
  echo "== xcb (real X11 window on Xvfb), same chroot"
  Xvfb :87 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
  mkdir -p "$chroot_dir/tmp/.X11-unix"
  mount --bind /tmp/.X11-unix "$chroot_dir/tmp/.X11-unix"
  mounts+=("$chroot_dir/tmp/.X11-unix")
  run QT_QPA_PLATFORM=xcb DISPLAY=:87
fi
echo "bare Debian check passed"
