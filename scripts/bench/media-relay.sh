#!/usr/bin/env bash
# Media relay side by side, in one run: our media server (samples/Rethink.Ims.MediaServer) and rtpengine from Debian
# in userspace mode (--table=-1, no kernel forwarding), each pinned to CPU ${RELAY_CPU:-1}, driven over ng by the
# same load generator (tests/Rethink.Ims.Benchmarks media-relay, pinned to CPU ${LOAD_CPU:-0}). For each mode it
# sets up CALLS calls, sends 50 packets/s per call in each direction for SECONDS seconds, and reads the relay's CPU
# time from /proc. Modes: ours srtp (browser side SRTP with DTLS keys, PCMU both legs: SRTP<->RTP), ours transcode
# (Opus on the browser side: Opus<->PCMU), rtpengine plain (RTP/AVP both sides), rtpengine sdes (SRTP with SDES keys
# on one side, RTP/AVP on the other: its SRTP<->RTP path), rtpengine plain-transcode (Opus on one side, PCMU on the
# other), ours plain (RTP/AVP both sides: a plain relay, as rtpengine anchors it). Each measurement follows WARMUP_SECONDS of the same load (default 30 s: the .NET relay's
# hot path must reach its final JIT tier first; rtpengine gets the same). Installs rtpengine-daemon (Debian) when
# missing. Everything on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
CALLS="${CALLS:-200}"
TRANSCODE_CALLS="${TRANSCODE_CALLS:-20}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
RELAY_CPU="${RELAY_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"

command -v rtpengine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rtpengine-daemon
dotnet build samples/Rethink.Ims.MediaServer -c Release -nologo -v quiet
dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

taskset -c "$RELAY_CPU" dotnet samples/Rethink.Ims.MediaServer/bin/Release/net10.0/Rethink.Ims.MediaServer.dll \
  --Ims:NgControl:Port=2225 --Ims:MediaBridge:PortMin=30000 --Ims:MediaBridge:PortMax=39999 --Logging:LogLevel:Default=Warning >/dev/null &
ours=$!; pids+=("$ours")
taskset -c "$RELAY_CPU" rtpengine --config-file=none --foreground --table=-1 --interface=127.0.0.1 \
  --listen-ng=127.0.0.1:2226 --port-min=50000 --port-max=59999 --log-stderr --log-level=3 2>/dev/null &
rtpe=$!; pids+=("$rtpe")
sleep 3

load() { taskset -c "$LOAD_CPU" dotnet tests/Rethink.Ims.Benchmarks/bin/Release/net10.0/Rethink.Ims.Benchmarks.dll media-relay --warmup "$WARMUP_SECONDS" "$@" 2>/dev/null; }
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
load --ng 127.0.0.1:2226 --pid "$rtpe" --mode plain --calls "$CALLS" --seconds "$SECONDS_PER_RUN" --label rtpengine-10.5
load --ng 127.0.0.1:2226 --pid "$rtpe" --mode sdes --calls "$CALLS" --seconds "$SECONDS_PER_RUN" --label rtpengine-10.5
load --ng 127.0.0.1:2225 --pid "$ours" --mode plain --calls "$CALLS" --seconds "$SECONDS_PER_RUN" --label rethink-ims
load --ng 127.0.0.1:2225 --pid "$ours" --mode srtp --calls "$CALLS" --seconds "$SECONDS_PER_RUN" --label rethink-ims
load --ng 127.0.0.1:2226 --pid "$rtpe" --mode plain-transcode --calls "$TRANSCODE_CALLS" --seconds "$SECONDS_PER_RUN" --label rtpengine-10.5
load --ng 127.0.0.1:2225 --pid "$ours" --mode transcode --calls "$TRANSCODE_CALLS" --seconds "$SECONDS_PER_RUN" --label rethink-ims
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
