#!/usr/bin/env bash
# Runs Rethink.Ims on this machine with safe local defaults: everything on 127.0.0.1, the development
# identity issuer on, and one development secret generated for this run and shared by both servers:
#   - the credential server (http://127.0.0.1:5080)
#   - the SIP server as edge proxy (udp/tcp 127.0.0.1:5060, ws 127.0.0.1:8080): registrar, and calls between its users;
#     set Ims__Sip__Proxy__Upstream (e.g. udp://127.0.0.1:5070) to relay other domains to an IMS core or SIP trunk,
#     Ims__Sip__Proxy__Enabled=false for the plain registrar (docs/sip-proxy.md, docs/deployment.md)
#   - the media server (WebRTC <-> plain RTP bridge; ng control udp 127.0.0.1:2223, media ports 30000-39999)
# Ctrl+C stops all three. Set Ims__EphemeralAuth__Secrets__0 to choose the shared secret.
# Arguments are passed to the credential and SIP servers.
set -euo pipefail
cd "$(dirname "$0")"

echo "==> building (Release)"
dotnet build samples/Rethink.Ims.CredentialServer -c Release -nologo -v quiet
dotnet build samples/Rethink.Ims.SipServer -c Release -nologo -v quiet
dotnet build samples/Rethink.Ims.MediaServer -c Release -nologo -v quiet

if [ -z "${Ims__EphemeralAuth__Secrets__0:-}" ]; then
  Ims__EphemeralAuth__Secrets__0="$(head -c 32 /dev/urandom | base64)"
  echo "==> generated a development secret for this run (shared by both servers):"
  echo "    $Ims__EphemeralAuth__Secrets__0"
fi
export Ims__EphemeralAuth__Secrets__0

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

dotnet samples/Rethink.Ims.CredentialServer/bin/Release/net10.0/Rethink.Ims.CredentialServer.dll "$@" &
pids+=($!)
Ims__Sip__Proxy__Enabled="${Ims__Sip__Proxy__Enabled:-true}" \
  dotnet samples/Rethink.Ims.SipServer/bin/Release/net10.0/Rethink.Ims.SipServer.dll "$@" &
pids+=($!)
# Media on 127.0.0.1 only, as the other two; its ng control port is rtpengine's customary 2223.
dotnet samples/Rethink.Ims.MediaServer/bin/Release/net10.0/Rethink.Ims.MediaServer.dll \
  --Ims:MediaBridge:BindAddress=127.0.0.1 --Ims:NgControl:Address=127.0.0.1 &
pids+=($!)

echo "==> credential server (pid ${pids[0]}), SIP server (pid ${pids[1]}) and media server (pid ${pids[2]}) running; Ctrl+C stops all"
# Stop all as soon as any ends.
wait -n "${pids[@]}" || true
