#!/usr/bin/env bash
# Installs what the tests need when it is missing: Debian packages (Kamailio with
# auth_ephemeral; the kamailio package itself ships the rtpengine and ctl modules and
# kamcmd that the ng control tests use; rtpengine-daemon, the real rtpengine the edge drives in
# tests/Rethink.Ims.IntegrationTests/ExternalCounterparts (userspace, started by the test; its packaged
# service is not used); systemd for systemd-analyze verify of deploy/systemd; SIPp, wrk; Chromium, which the browser tests
# drive headless through playwright-core; afl++ for scripts/fuzz.sh) and npm packages.
# Safe to run again: it only installs what is not there yet.
set -euo pipefail

debian_packages=(kamailio kamailio-autheph-modules kamailio-websocket-modules rtpengine-daemon systemd sip-tester wrk openssl chromium afl++)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
else
  echo "==> Debian packages present: ${debian_packages[*]}"
fi

# Node test clients (JsSIP, SIP.js, ws, playwright-core; pinned by tests/js/package-lock.json).
# npm records what it installed in node_modules/.package-lock.json: reinstall when the lock file changed.
js_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/js"
if [ ! -f "$js_dir/node_modules/.package-lock.json" ] || [ "$js_dir/package-lock.json" -nt "$js_dir/node_modules/.package-lock.json" ]; then
  echo "==> npm ci in tests/js"
  (cd "$js_dir" && npm ci --no-audit --no-fund)
else
  echo "==> tests/js/node_modules up to date"
fi
