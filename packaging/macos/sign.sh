#!/usr/bin/env bash
# macOS code signing and notarisation, called by packaging/build.sh only when the secrets are
# set (docs/release.md says which). Never run here: written for the GitHub macOS runners.
#   sign.sh app "Token Explorer.app"   import the Developer ID certificate into a temporary
#                                      keychain, sign the app (hardened runtime), verify
#   sign.sh dmg FILE.dmg               sign the disk image, notarise it with notarytool,
#                                      staple the ticket
# Environment: MACOS_SIGN_IDENTITY ("Developer ID Application: Name (TEAMID)"),
# MACOS_CERT_P12_BASE64 + MACOS_CERT_PASSWORD (the exported certificate), and for notarising
# MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD (an app-specific password).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
what=$1
target=$2

import_certificate() {
  [ -n "${MACOS_CERT_P12_BASE64:-}" ] || return 0  # identity already in a keychain
  local dir keychain password
  dir=$(mktemp -d)
  keychain="$dir/tokenexplorer-signing.keychain-db"
  password=$(uuidgen)
  printf '%s' "$MACOS_CERT_P12_BASE64" | base64 --decode > "$dir/cert.p12"
  security create-keychain -p "$password" "$keychain"
  security set-keychain-settings -lut 3600 "$keychain"
  security unlock-keychain -p "$password" "$keychain"
  security import "$dir/cert.p12" -k "$keychain" -P "${MACOS_CERT_PASSWORD:-}" \
    -f pkcs12 -T /usr/bin/codesign
  rm -f "$dir/cert.p12"
  security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "$password" "$keychain" >/dev/null
  # shellcheck disable=SC2046  # the list is one quoted path per line
  security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
}

case "$what" in
  app)
    import_certificate
    codesign --force --deep --timestamp --options runtime \
      --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY" "$target"
    codesign --verify --deep --strict --verbose=2 "$target"
    ;;
  dmg)
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$target"
    xcrun notarytool submit "$target" --wait \
      --apple-id "$MACOS_NOTARY_APPLE_ID" --team-id "$MACOS_NOTARY_TEAM_ID" \
      --password "$MACOS_NOTARY_PASSWORD"
    xcrun stapler staple "$target"
    xcrun stapler validate "$target"
    ;;
  *) echo "sign.sh: app|dmg, not $what" >&2; exit 2 ;;
esac
