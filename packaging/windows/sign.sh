#!/usr/bin/env bash
# Windows Authenticode signing with signtool, called by packaging/build.sh (Git Bash on the
# GitHub Windows runner) only when WINDOWS_CERT_PFX_BASE64 is set; docs/release.md explains.
# Never run here. Usage: sign.sh FILE.exe...
# Environment: WINDOWS_CERT_PFX_BASE64 (the .pfx, base64), WINDOWS_CERT_PASSWORD,
# WINDOWS_TIMESTAMP_URL (default http://timestamp.digicert.com).
set -euo pipefail
signtool=$(command -v signtool.exe || true)
if [ -z "$signtool" ]; then  # the Windows SDK's newest x64 signtool
  signtool=$(ls -1d "/c/Program Files (x86)/Windows Kits/10/bin/"10.*/x64/signtool.exe 2>/dev/null \
    | sort -V | tail -1)
fi
[ -n "$signtool" ] || { echo "sign.sh: signtool.exe not found (Windows SDK)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%s' "$WINDOWS_CERT_PFX_BASE64" | base64 --decode > "$dir/cert.pfx"
"$signtool" sign //fd SHA256 //f "$dir/cert.pfx" //p "${WINDOWS_CERT_PASSWORD:-}" \
  //tr "${WINDOWS_TIMESTAMP_URL:-http://timestamp.digicert.com}" //td SHA256 "$@"
"$signtool" verify //pa //v "$@"
