#!/usr/bin/env bash
# Builds and runs srtp-bench.c against Debian's libsrtp2 (installed when missing), pinned to
# one core (CPU=1 by default). Prints protect/unprotect packets per second for the same
# policies and sizes as SrtpBenchmarks. "./run-libsrtp-bench.sh vector" prints one protected
# packet per policy instead (for cross-checking our output).
set -euo pipefail
cd "$(dirname "$0")"

need=()
for p in libsrtp2-dev gcc libc6-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}"
fi

out="${TMPDIR:-/tmp}/rethink-srtp-bench"
gcc -O2 -Wall -o "$out" srtp-bench.c $(pkg-config --cflags --libs libsrtp2)
dpkg-query -W -f='libsrtp2 package ${Version}\n' libsrtp2-1 2>/dev/null || true
exec taskset -c "${CPU:-1}" "$out" "$@"
