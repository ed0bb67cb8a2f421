#!/usr/bin/env bash
# Load-tests GET /credential of the credential server sample with wrk on loopback:
# a development-issuer ID token verified by Google.Apis.Auth (keys cached), rate limits off.
# Usage: scripts/bench/credential-endpoint.sh [seconds=20] [connections=32] [threads=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20} connections=${2:-32} threads=${3:-1}
port=5089

command -v wrk >/dev/null || scripts/install-test-deps.sh
dotnet build samples/Rethink.Ims.CredentialServer -c Release -nologo -v quiet

log=$(mktemp)
Ims__EphemeralAuth__Secrets__0=bench-secret-0123456789 \
Ims__EphemeralAuth__RateLimit__PerAddressPerMinute=0 \
Ims__EphemeralAuth__RateLimit__PerIdentityPerMinute=0 \
Logging__LogLevel__Default=Warning \
  dotnet samples/Rethink.Ims.CredentialServer/bin/Release/net10.0/Rethink.Ims.CredentialServer.dll \
  --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
token=$(curl -fs "http://127.0.0.1:$port/dev/token?email=alice@example.com" | sed -E 's/.*"id_token":"([^"]+)".*/\1/')
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/credential" >/dev/null  # warm the key cache

echo "wrk: ${duration}s, $connections connections, $threads thread(s), server pid $server"
cpu_before=$(awk '{print $14+$15}' /proc/$server/stat)
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/credential"
cpu_after=$(awk '{print $14+$15}' /proc/$server/stat)
echo "server CPU: $(( (cpu_after - cpu_before) * 10 )) ms over ${duration}s"
