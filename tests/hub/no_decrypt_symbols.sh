#!/usr/bin/env bash
# The hub holds no code path that opens case data (docs/hub.md, "What the hub learns"): the
# passerelle-hub binary, linked with --gc-sections (hub/CMakeLists.txt) so only reachable code is
# in it, defines or imports nothing that opens a bundle, a vault, a sealed key, a disclosure
# packet, or decrypts a secretstream / sealed box. The one sync function it may use on a bundle,
# ReadBundleHeader (the clear header), must be there: it proves nm reads this binary's symbols.
set -euo pipefail
binary=$1
symbols=$(nm -C "$binary")
if ! grep -q 'passerelle::sync::ReadBundleHeader' <<<"$symbols"; then
  echo "nm found no ReadBundleHeader in $binary: the check cannot see the hub's symbols." >&2
  exit 1
fi
forbidden='sync::OpenBundle|core::Vault::Open|core::OpenPacket|sealed_key::Open|KeyFile.*Open|crypto_secretstream_xchacha20poly1305_pull|crypto_box_seal_open|crypto_box_open'
if found=$(grep -E "$forbidden" <<<"$symbols"); then
  echo "passerelle-hub contains code that opens case data:" >&2
  echo "$found" >&2
  exit 1
fi
echo "passerelle-hub: no symbol that opens bundles, vaults, packets or sealed keys ($(wc -l <<<"$symbols") symbols checked)."
