#!/bin/bash
# The two .deb packages (cmake/packaging.cmake) hold what the README promises: built with CPack
# from this build tree into a temporary folder, then read with dpkg-deb only (nothing installed).
#   passerelle:     /usr/bin/passerelle-cli (and the app when built), the translations and the
#                   R.A.J. directory under /usr/share/passerelle/assets; Depends from shlibdeps.
#   passerelle-hub: /usr/bin/passerelle-hub, the systemd unit with its ExecStart, user and
#                   hardening, postinst creating the system user and /var/lib/passerelle-hub,
#                   prerm stopping the service; Depends from shlibdeps plus adduser.
# Usage: deb_contents_test.sh BUILD_DIR      Exit 77 (skipped) without dpkg-deb or cpack.
set -euo pipefail
build=$(cd "$1" && pwd)
for tool in dpkg-deb cpack dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

# gzip: the test reads the packages once; xz (the release setting) only costs time here.
(cd "$out" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" \
   -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
app=$(ls "$out"/passerelle_*.deb 2>/dev/null | head -1)
hub=$(ls "$out"/passerelle-hub_*.deb 2>/dev/null | head -1)
echo "made: $(basename "$app") $(basename "$hub")"
check "the app package was made" test -f "$app"
check "the hub package was made" test -f "$hub"
[ $fail -eq 0 ] || exit 1

files_of() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's#^\./#/#'; }
field() { dpkg-deb -f "$1" "$2"; }
control() { dpkg-deb --ctrl-tarfile "$1" | tar -xO "./$2" 2>/dev/null || dpkg-deb --ctrl-tarfile "$1" | tar -xO "$2"; }

app_files=$(files_of "$app")
check "app: passerelle-cli in /usr/bin" grep -qx '/usr/bin/passerelle-cli' <<<"$app_files"
if [ -x "$build/ui/passerelle" ]; then
  check "app: the field app in /usr/bin" grep -qx '/usr/bin/passerelle' <<<"$app_files"
fi
check "app: French translations" grep -qx '/usr/share/passerelle/assets/i18n/fr.json' <<<"$app_files"
check "app: Dutch translations" grep -qx '/usr/share/passerelle/assets/i18n/nl.json' <<<"$app_files"
check "app: the bundled directory" grep -q '^/usr/share/passerelle/assets/directory/' <<<"$app_files"
check "app: not the hub" bash -c "! grep -q 'passerelle-hub' <<<\"\$0\"" "$app_files"
check "app: package name" test "$(field "$app" Package)" = passerelle
check "app: Depends from shlibdeps (libc6)" grep -q 'libc6' <<<"$(field "$app" Depends)"
check "app: Depends on the fonts it opens" grep -q 'fonts-dejavu-core' <<<"$(field "$app" Depends)"

hub_files=$(files_of "$hub")
check "hub: passerelle-hub in /usr/bin" grep -qx '/usr/bin/passerelle-hub' <<<"$hub_files"
check "hub: systemd unit" grep -qx '/usr/lib/systemd/system/passerelle-hub.service' <<<"$hub_files"
check "hub: not the app" bash -c "! grep -qx '/usr/bin/passerelle-cli' <<<\"\$0\"" "$hub_files"
check "hub: package name" test "$(field "$hub" Package)" = passerelle-hub
hub_deps=$(field "$hub" Depends)
check "hub: Depends from shlibdeps (libc6, libpq, OpenSSL)" bash -c \
  "grep -q libc6 <<<\"\$0\" && grep -q 'libpq' <<<\"\$0\" && grep -q 'libssl' <<<\"\$0\"" "$hub_deps"
check "hub: Depends on adduser" grep -q 'adduser' <<<"$hub_deps"

unit=$(dpkg-deb --fsys-tarfile "$hub" | tar -xO ./usr/lib/systemd/system/passerelle-hub.service)
check "unit: ExecStart" grep -qx 'ExecStart=/usr/bin/passerelle-hub serve --data /var/lib/passerelle-hub --listen 0.0.0.0:8443' <<<"$unit"
check "unit: its own user" grep -qx 'User=passerelle-hub' <<<"$unit"
for opt in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
           ReadWritePaths=/var/lib/passerelle-hub 'CapabilityBoundingSet=' MemoryDenyWriteExecute=yes; do
  check "unit: $opt" grep -qx "$opt" <<<"$unit"
done
check "unit: installable (WantedBy)" grep -qx 'WantedBy=multi-user.target' <<<"$unit"

ctrl=$(dpkg-deb --ctrl-tarfile "$hub" | tar -t)
for s in postinst prerm postrm; do
  check "hub: maintainer script $s" grep -q "$s\$" <<<"$ctrl"
done
postinst=$(control "$hub" postinst)
check "postinst: creates the system user" grep -q 'adduser --system' <<<"$postinst"
check "postinst: the data directory" grep -q 'mkdir -p /var/lib/passerelle-hub' <<<"$postinst"
check "postinst: owned by the hub's user" grep -q 'chown passerelle-hub:passerelle-hub /var/lib/passerelle-hub' <<<"$postinst"
check "postinst: valid shell" bash -n <(printf '%s\n' "$postinst")
check "prerm: stops the service" grep -q 'systemctl stop passerelle-hub' <<<"$(control "$hub" prerm)"
check "postrm: never deletes the hub's data" bash -c "! grep -q 'rm -rf' <<<\"\$0\"" "$(control "$hub" postrm)"
perm=$(dpkg-deb --ctrl-tarfile "$hub" | tar -tv | awk '/postinst$/ {print $1}')
check "postinst is executable" test "$perm" = "-rwxr-xr-x"

exit $fail
