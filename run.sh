#!/usr/bin/env bash
# Runs the whole Rethink.Ims system on this machine, configured to work together, with safe local defaults
# (everything on 127.0.0.1, the development identity issuer, self-signed development TLS certificate, one shared
# secret generated for this run):
#   - credential server  http://127.0.0.1:5080  (/credential, the browser client page at /, /health, /metrics)
#   - SIP edge           registrar + proxy: udp/tcp 127.0.0.1:5060, tls 5061, ws 8080, wss 8443;
#                        health/metrics http://127.0.0.1:9060; echo service sip:echo@<domain> (udp 127.0.0.1:5090)
#   - media server       the WebRTC <-> plain RTP bridge: ng control udp 127.0.0.1:2223 (the edge drives it over ng),
#                        media ports 30000-39999; health/metrics http://127.0.0.1:9223
# Ctrl+C stops them all. Each part can be left out and replaced by an external counterpart:
#   IMS_CREDENTIALS=off                           do not start the credential server
#   IMS_EDGE=off IMS_SIP_WS=ws://host:port        do not start the SIP edge; the page and credentials point at yours (Kamailio)
#   IMS_MEDIA=off IMS_MEDIA_NG=udp:ip:port        do not start the media server; the edge drives yours (rtpengine) over ng
#   IMS_DOMAIN=example.com                        the SIP domain (the development issuer signs in users of example.com)
#   Ims__EphemeralAuth__Secrets__0=...            the shared secret (give the same one to Kamailio's auth_ephemeral)
# Any other setting passes through the environment with the keys of docs/configuration.md (e.g. Ims__Sip__Proxy__Upstream).
set -euo pipefail
cd "$(dirname "$0")"

on() { [ "${1:-on}" != "off" ] && [ "${1:-on}" != "false" ] && [ "${1:-on}" != "0" ]; }
CREDENTIALS="${IMS_CREDENTIALS:-on}"; EDGE="${IMS_EDGE:-on}"; MEDIA="${IMS_MEDIA:-on}"
DOMAIN="${IMS_DOMAIN:-example.com}"
SIP_WS="${IMS_SIP_WS:-ws://127.0.0.1:8080}"
MEDIA_NG="${IMS_MEDIA_NG:-udp:127.0.0.1:2223}"

echo "==> building (Release)"
on "$CREDENTIALS" && dotnet build samples/Rethink.Ims.CredentialServer -c Release -nologo -v quiet
on "$EDGE" && dotnet build samples/Rethink.Ims.SipServer -c Release -nologo -v quiet
on "$MEDIA" && dotnet build samples/Rethink.Ims.MediaServer -c Release -nologo -v quiet

secret_note="configured (Ims__EphemeralAuth__Secrets__0)"
if [ -z "${Ims__EphemeralAuth__Secrets__0:-}" ]; then
  Ims__EphemeralAuth__Secrets__0="$(head -c 32 /dev/urandom | base64)"
  secret_note="generated for this run: $Ims__EphemeralAuth__Secrets__0"
fi
export Ims__EphemeralAuth__Secrets__0

logs="${IMS_LOG_DIR:-$(mktemp -d -t rethink-ims.XXXXXX)}"
pids=()
names=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# Each part's output goes to the terminal and to $logs/<part>.log.
start() {
  local name="$1"; shift
  "$@" > >(tee "$logs/$name.log") 2>&1 &
  pids+=($!)
  names+=("$name")
}

if on "$MEDIA"; then
  start media env Ims__Management__Urls=http://127.0.0.1:9223 Ims__MediaBridge__BindAddress=127.0.0.1 Ims__NgControl__Address=127.0.0.1 Ims__NgControl__Port=2223 \
    dotnet samples/Rethink.Ims.MediaServer/bin/Release/net10.0/Rethink.Ims.MediaServer.dll
fi
if on "$EDGE"; then
  start edge env Ims__Management__Urls=http://127.0.0.1:9060 Ims__Sip__Proxy__Enabled="${Ims__Sip__Proxy__Enabled:-true}" Ims__Sip__Domains__0="$DOMAIN" \
    Ims__Sip__MediaAnchor__Ng="$MEDIA_NG" Ims__Sip__Echo__Enabled="${Ims__Sip__Echo__Enabled:-true}" \
    dotnet samples/Rethink.Ims.SipServer/bin/Release/net10.0/Rethink.Ims.SipServer.dll "$@"
fi
if on "$CREDENTIALS"; then
  start credentials env Ims__EphemeralAuth__Uris__0="$SIP_WS" BrowserClient__SipDomain="$DOMAIN" BrowserClient__LoopbackMedia="${BrowserClient__LoopbackMedia:-true}" \
    dotnet samples/Rethink.Ims.CredentialServer/bin/Release/net10.0/Rethink.Ims.CredentialServer.dll "$@"
fi

# Wait until every part that was started answers its health endpoint, then say what listens where.
health=()
on "$CREDENTIALS" && health+=("http://127.0.0.1:5080/health")
on "$EDGE" && health+=("http://127.0.0.1:9060/health")
on "$MEDIA" && health+=("http://127.0.0.1:9223/health")
unhealthy=()
for url in "${health[@]}"; do
  ok=""
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "$url"; then ok=1; break; fi
    sleep 0.5
  done
  [ -n "$ok" ] || unhealthy+=("$url")
done

cat <<SUMMARY

================================================================================
Rethink.Ims is running (logs in $logs)
  shared secret       $secret_note
  SIP domain          $DOMAIN
SUMMARY
if on "$CREDENTIALS"; then cat <<SUMMARY
  credential server   http://127.0.0.1:5080/credential   (development issuer: /dev/token?email=alice@$DOMAIN)
                      health http://127.0.0.1:5080/health   metrics http://127.0.0.1:5080/metrics
SUMMARY
fi
if on "$EDGE"; then cat <<SUMMARY
  SIP edge            udp+tcp 127.0.0.1:5060   tls 127.0.0.1:5061   ws 127.0.0.1:8080   wss 127.0.0.1:8443 (self-signed)
                      registrar + proxy; media through ng $MEDIA_NG
                      echo service sip:echo@$DOMAIN (udp 127.0.0.1:5090): call it to hear yourself
                      health http://127.0.0.1:9060/health   metrics http://127.0.0.1:9060/metrics
SUMMARY
else cat <<SUMMARY
  SIP edge            not started: the page and credentials use $SIP_WS
SUMMARY
fi
if on "$MEDIA"; then cat <<SUMMARY
  media server        ng control udp 127.0.0.1:2223   media udp 127.0.0.1:30000-39999
                      health http://127.0.0.1:9223/health   metrics http://127.0.0.1:9223/metrics
SUMMARY
else cat <<SUMMARY
  media server        not started: the edge drives $MEDIA_NG
SUMMARY
fi
if on "$CREDENTIALS"; then cat <<SUMMARY

  Open http://127.0.0.1:5080/ , sign in (development issuer), register, and call sip:echo@$DOMAIN
SUMMARY
fi
for url in "${unhealthy[@]}"; do
  echo "  WARNING: $url did not answer healthy within 60 s; see the logs above (a port in use?)"
done
echo "  Ctrl+C stops everything."
echo "================================================================================"

# Stop all as soon as any ends.
wait -n "${pids[@]}" || true
