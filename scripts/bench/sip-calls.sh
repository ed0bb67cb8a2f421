#!/usr/bin/env bash
# SIPp calls (INVITE, 180, 200, ACK, 500 ms pause, BYE, 200) through the Rethink.Ims edge proxy and through Kamailio 5.6
# (t_relay + record_route, scripts/bench/kamailio-proxy.cfg) to the same SIPp UAS, at the same fixed offered rate, one
# after the other in one run. Reports successful/failed calls and the server's CPU per call (FACTS.md §6: on 2 cores the
# load generator caps the rate, so the comparison is CPU per call at the same rate; Kamailio with -x tlsf, 1 GiB shm).
# Our sample gets room for the rate (MaxTransactions 1,000,000: a call holds about 3.2 transactions for 32 s, so the
# default 100,000 answers 503 past about 950 calls/s, docs/sip-transactions.md). A third party, the floor
# (scripts/bench/sip/udp-relay-floor.c), relays the same calls with no SIP work.
# Usage: scripts/bench/sip-calls.sh [rate=200] [calls=2000] [warm-up calls=30 s worth at the rate]
# BENCH_PERF=<dir> profiles each server, BENCH_ALLOC=<dir> samples our allocations per call (alloc-trace).
# (Our server's JIT was still compiling to its final tier 10 s into a 400/s load, a third of the CPU measured after a
# 1,000-call warm-up; the default warm-up is now 30 s of calls, the same for Kamailio.)
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-200} calls=${2:-2000}
warmup=${3:-$(( rate * 30 ))}
# Ports can be moved (BENCH_PORT_BASE) when several runs share the machine.
base=${BENCH_PORT_BASE:-5250}
uas_port=$((base + 20)) edge_port=$((base + 10)) kam_port=$((base + 30)) floor_port=$((base + 40)) uac_port=$base
scenarios=tests/Rethink.Ims.IntegrationTests/Sip/Scenarios
tick_us=$((1000000 / $(getconf CLK_TCK)))

command -v sipp >/dev/null && command -v kamailio >/dev/null || scripts/install-test-deps.sh
# Another run still holding these ports would make this one measure nothing (every SIPp call failing at once).
source scripts/bench/sip/ports.sh
source scripts/bench/sip/sampling.sh
for port in "$uac_port" "$edge_port" "$uas_port" "$kam_port" "$floor_port"; do
  udp_port_free "$port" "BENCH_PORT_BASE moves the ports"
done
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  dotnet build samples/Rethink.Ims.SipServer -c Release -nologo -v quiet
  [ -z "${BENCH_ALLOC:-}" ] || dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# CPU ticks (user + system) of a process and its children that are still running.
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14+$15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

run_calls() { # name server-pid port
  local name=$1 pid=$2 port=$3 before after out ok failed
  # Warm-up (JIT, pools, connection state), not measured.
  sipp -sf "$scenarios/proxy-uac.xml" -s bob -key domain example.com -t u1 -i 127.0.0.1 -p "$uac_port" \
    -r "$rate" -m "$warmup" -nostdin -timeout 120s "127.0.0.1:$port" >/dev/null 2>&1 || true
  before=$(cpu_ticks "$pid")
  # BENCH_PERF=<dir>: profile each server (its process tree) during the measured calls, one <name>.perf.data and
  # <name>.stat.txt (task clock, context switches) each; our server also writes a perf map for its JIT-compiled code.
  local perf_pid=
  if [ -n "${BENCH_PERF:-}" ]; then
    profile_start "$BENCH_PERF" "$name" "$(process_tree "$pid")"
    perf_pid=$PROFILE_PIDS
  fi
  # BENCH_ALLOC=<dir>: sample our server's allocations per call in a window in the middle of the measured calls.
  local alloc_pid=
  if [ -n "${BENCH_ALLOC:-}" ] && [ "$name" = Rethink ]; then
    local window=$(( calls / rate / 2 ))
    (( window < 2 )) && window=2
    alloc_start "$BENCH_ALLOC" "$name" "$pid" "$window" "$rate"
    alloc_pid=$ALLOC_PID
  fi
  out=$(sipp -sf "$scenarios/proxy-uac.xml" -s bob -key domain example.com -t u1 -i 127.0.0.1 -p "$uac_port" \
    -r "$rate" -m "$calls" -nostdin -timeout 600s "127.0.0.1:$port" 2>&1 || true)
  after=$(cpu_ticks "$pid")
  if [ -n "$perf_pid" ]; then profile_stop "$perf_pid"; fi
  if [ -n "$alloc_pid" ]; then alloc_report "$alloc_pid" "$BENCH_ALLOC" "$name"; fi
  ok=$(echo "$out" | grep -E '^\s*Successful call' | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  failed=$(echo "$out" | grep -E '^\s*Failed call' | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
  ok=${ok:-0}
  printf '%-10s rate %5s/s  calls %6s ok %6s failed  CPU %7d ms  %6d us/call\n' "$name" "$rate" "$ok" "${failed:-?}" \
    $(( (after - before) * tick_us / 1000 )) $(( ok > 0 ? (after - before) * tick_us / ok : 0 ))
}

sipp -sf "$scenarios/proxy-uas.xml" -t u1 -i 127.0.0.1 -p "$uas_port" -nostdin -bg >/dev/null 2>&1 || true
uas=$(pgrep -f "sipp -sf $scenarios/proxy-uas.xml -t u1 -i 127.0.0.1 -p $uas_port" | head -1)
pids+=("$uas")

Ims__EphemeralAuth__Secrets__0=bench-secret-0123456789 Logging__LogLevel__Default=Warning DOTNET_PerfMapEnabled=${BENCH_PERF:+1} DOTNET_EnableWriteXorExecute=${BENCH_PERF:+0} \
  dotnet samples/Rethink.Ims.SipServer/bin/Release/net10.0/Rethink.Ims.SipServer.dll \
  --Ims:Sip:Listeners:0="udp://127.0.0.1:$edge_port" --Ims:Sip:Proxy:Upstream="udp://127.0.0.1:$uas_port" \
  --Ims:Sip:Transactions:MaxTransactions=1000000 >"$tmp/edge.log" 2>&1 &
edge=$!
pids+=("$edge")
for _ in $(seq 100); do
  sipp -sf "$scenarios/options-uac.xml" -m 1 -t u1 -i 127.0.0.1 -p "$uac_port" -nostdin -timeout 2s "127.0.0.1:$edge_port" >/dev/null 2>&1 && break
  sleep 0.3
done

sed -e "s/UASPORT/$uas_port/" -e "s/PORT/$kam_port/" scripts/bench/kamailio-proxy.cfg >"$tmp/kamailio.cfg"
kamailio -f "$tmp/kamailio.cfg" -DD -E -x tlsf -m 1024 -M 8 -P "$tmp/kamailio.pid" -Y "$tmp" >"$tmp/kamailio.log" 2>&1 &
kam=$!
pids+=("$kam")
sleep 2

# The floor: scripts/bench/sip/udp-relay-floor.c relays the same datagrams with one recvfrom and one sendto each and no
# SIP work (a Via line added and removed): what any proxy pays for the socket calls and the kernel's loopback path.
cc -O2 -pthread -o "$tmp/udp-relay-floor" scripts/bench/sip/udp-relay-floor.c
"$tmp/udp-relay-floor" "$floor_port" "$uac_port" "$uas_port" 2 >"$tmp/floor.log" 2>&1 &
floor=$!
pids+=("$floor")

echo "SIPp proxy-uac.xml -> server -> SIPp proxy-uas.xml; $calls calls at $rate/s each; CPU of the server process(es)"
run_calls "Rethink" "$edge" "$edge_port"
run_calls "Kamailio" "$kam" "$kam_port"
run_calls "Floor" "$floor" "$floor_port"
