#!/usr/bin/env bash
# Transcoded Opus<->PCMU streams per core, three relays in one run: rtpengine 10.5 (userspace), our media server with
# the host's libopus (the default when present), and a copy of our media server whose runtimeconfig.json sets
# Rethink.Ims.Media.Codecs.UseManagedOpus=true (Concentus). Same load generator and method as media-relay.sh.
# The generator's Opus side sends what a browser would for each relay's SDP answer: our bridge answers
# maxplaybackrate=16000 (SILK-only wideband, 20 kbit/s), rtpengine's answer has none (hybrid fullband, 32 kbit/s). The
# last run sends fullband to our Concentus server anyway (--opus-fullband), the like-for-like figure.
# Usage: scripts/bench/media-transcode-opus.sh   (CALLS, SECONDS_PER_RUN, WARMUP_SECONDS as in media-relay.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
CALLS="${CALLS:-20}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}" WARMUP_SECONDS="${WARMUP_SECONDS:-15}"

command -v rtpengine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rtpengine-daemon
dotnet build samples/Rethink.Ims.MediaServer -c Release -nologo -v quiet
dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet

managed=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$managed"; }
trap cleanup EXIT INT TERM
cp -r samples/Rethink.Ims.MediaServer/bin/Release/net10.0/. "$managed/"
python3 - "$managed/Rethink.Ims.MediaServer.runtimeconfig.json" <<'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
config["runtimeOptions"].setdefault("configProperties", {})["Rethink.Ims.Media.Codecs.UseManagedOpus"] = True
json.dump(config, open(path, "w"), indent=2)
PY

quiet=(--Logging:LogLevel:Default=Warning)
taskset -c 1 dotnet samples/Rethink.Ims.MediaServer/bin/Release/net10.0/Rethink.Ims.MediaServer.dll \
  --Ims:NgControl:Port=2225 --Ims:MediaBridge:PortMin=30000 --Ims:MediaBridge:PortMax=34999 "${quiet[@]}" >/dev/null &
native=$!; pids+=("$native")
taskset -c 1 dotnet "$managed/Rethink.Ims.MediaServer.dll" \
  --Ims:NgControl:Port=2227 --Ims:MediaBridge:PortMin=35000 --Ims:MediaBridge:PortMax=39999 "${quiet[@]}" >/dev/null &
concentus=$!; pids+=("$concentus")
taskset -c 1 rtpengine --config-file=none --foreground --table=-1 --interface=127.0.0.1 \
  --listen-ng=127.0.0.1:2226 --port-min=50000 --port-max=59999 --log-stderr --log-level=3 2>/dev/null &
rtpe=$!; pids+=("$rtpe")
sleep 3

load() { taskset -c 0 dotnet tests/Rethink.Ims.Benchmarks/bin/Release/net10.0/Rethink.Ims.Benchmarks.dll media-relay \
  --warmup "$WARMUP_SECONDS" --calls "$CALLS" --seconds "$SECONDS_PER_RUN" "$@" 2>/dev/null; }
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
load --ng 127.0.0.1:2226 --pid "$rtpe" --mode plain-transcode --label rtpengine-10.5
load --ng 127.0.0.1:2225 --pid "$native" --mode transcode --label rethink-ims-libopus
load --ng 127.0.0.1:2227 --pid "$concentus" --mode transcode --label rethink-ims-concentus
load --ng 127.0.0.1:2227 --pid "$concentus" --mode transcode --label rethink-ims-concentus-fullband --opus-fullband
