# Shared by scripts/bench/sip-*.sh: start our SIP server sample and Kamailio, run SIPp at a fixed rate, and measure
# each server's CPU (utime + stime of the process and its children, from /proc) per completed SIPp call.
# Sourced, not run. Expects the repository root as the working directory.

BENCH_TMP=$(mktemp -d /tmp/sip-bench.XXXXXX)
BENCH_PIDS=()
BUFFER=4194304               # 4 MiB UDP socket buffers for every party (net.core.rmem_max must allow it)
CLK_TCK=$(getconf CLK_TCK)
# Servers and SIPp run at a higher priority than other work on the machine (root only; BENCH_NICE=0 to turn off), so a
# busy machine starves them less; both servers get the same.
BENCH_NICE=${BENCH_NICE:--10}
NICE=(nice -n "$BENCH_NICE")
(( EUID == 0 )) || NICE=()

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ -n "${BENCH_KEEP:-}" ]] && echo "kept $BENCH_TMP" || rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

bench_require() {
    command -v sipp >/dev/null && command -v kamailio >/dev/null || {
        echo "needs sipp and kamailio (Debian: sip-tester kamailio kamailio-autheph-modules; scripts/install-test-deps.sh)" >&2
        exit 2
    }
    local max
    max=$(cat /proc/sys/net/core/rmem_max)
    if (( max < BUFFER )); then
        echo "note: net.core.rmem_max is $max, below $BUFFER; UDP buffers will be capped (sysctl -w net.core.rmem_max=$BUFFER)" >&2
    fi
}

build_ours() {
    echo "building samples/Rethink.Ims.SipServer (Release)..."
    dotnet build samples/Rethink.Ims.SipServer -c Release -nologo -v quiet >"$BENCH_TMP/build.log" 2>&1 || { cat "$BENCH_TMP/build.log"; exit 1; }
    if [[ -n "${BENCH_ALLOC:-}" ]]; then
        dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet >"$BENCH_TMP/build.log" 2>&1 || { cat "$BENCH_TMP/build.log"; exit 1; }
    fi
}

source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
source "$(dirname "${BASH_SOURCE[0]}")/sampling.sh"

wait_udp_port() { # port: wait until something listens on 127.0.0.1:port over UDP
    local _
    for _ in $(seq 100); do
        udp_listening "$1" && return 0
        sleep 0.1
    done
    echo "nothing listens on udp port $1" >&2
    return 1
}

# start_ours PORT [NAME=VALUE...]: our sample, Release, production environment and its appsettings.json logging
# (Information), listening on UDP only. Capacity sized for the rates (a non-INVITE transaction lives 32 s over UDP, so
# 8,000 requests/s keep 256,000; the defaults are 100,000 transactions and 100,000 bindings). Sets OURS_PID.
start_ours() {
    local port=$1; shift
    udp_port_free "$port"
    env DOTNET_ENVIRONMENT=Production \
        ${BENCH_PERF:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} \
        Ims__Sip__Listeners__0="udp://127.0.0.1:$port" \
        Ims__Sip__Domains__0=example.com \
        Ims__Sip__UdpSocketBufferSize="$BUFFER" \
        Ims__Sip__Transactions__MaxTransactions=1000000 \
        Ims__Sip__Registrar__MaxBindings=1000000 \
        "$@" \
        "${NICE[@]}" dotnet samples/Rethink.Ims.SipServer/bin/Release/net10.0/Rethink.Ims.SipServer.dll >"$BENCH_TMP/ours.log" 2>&1 &
    OURS_PID=$!
    BENCH_PIDS+=("$OURS_PID")
    wait_udp_port "$port" || { cat "$BENCH_TMP/ours.log"; exit 1; }
}

# start_kamailio TEMPLATE PORT [KEY=VALUE...]: Kamailio with -x tlsf, 1 GiB shared memory, 2 UDP workers. Sets KAM_PID.
start_kamailio() {
    local template=$1 port=$2; shift 2
    udp_port_free "$port"
    local cfg="$BENCH_TMP/kamailio-$port.cfg" kv
    sed -e "s/{{PORT}}/$port/g" -e "s/{{CHILDREN}}/${KAM_CHILDREN:-2}/g" -e "s/{{BUFFER}}/$BUFFER/g" "$template" >"$cfg"
    for kv in "$@"; do sed -i "s|{{${kv%%=*}}}|${kv#*=}|g" "$cfg"; done
    mkdir -p "$BENCH_TMP/kam-$port"
    "${NICE[@]}" kamailio -DD -E -f "$cfg" -P "$BENCH_TMP/kam-$port/pid" -Y "$BENCH_TMP/kam-$port" -w "$BENCH_TMP/kam-$port" \
        -m 1024 -M 16 -x tlsf >"$BENCH_TMP/kamailio-$port.log" 2>&1 &
    KAM_PID=$!
    BENCH_PIDS+=("$KAM_PID")
    wait_udp_port "$port" || { cat "$BENCH_TMP/kamailio-$port.log"; exit 1; }
}

# start_floor PORT [batched]: scripts/bench/sip/udp-floor.c (built here), which answers every datagram with no SIP work,
# one recvfrom and one sendto each (or, batched, recvmmsg/sendmmsg of up to 32): the CPU a server pays for the socket
# calls and the kernel's loopback path alone. FLOOR_WORKERS threads (default 2, as Kamailio's UDP children). Sets FLOOR_PID.
start_floor() {
    local port=$1 mode=${2:-}
    udp_port_free "$port"
    [[ -x "$BENCH_TMP/udp-floor" ]] || cc -O2 -pthread -o "$BENCH_TMP/udp-floor" scripts/bench/sip/udp-floor.c
    "${NICE[@]}" "$BENCH_TMP/udp-floor" "$port" "${FLOOR_WORKERS:-2}" $mode >"$BENCH_TMP/floor-$port.log" 2>&1 &
    FLOOR_PID=$!
    BENCH_PIDS+=("$FLOOR_PID")
    wait_udp_port "$port" || { cat "$BENCH_TMP/floor-$port.log"; exit 1; }
}

# tree_ticks PID: CPU clock ticks (utime + stime) of PID and all its descendants.
tree_ticks() {
    local total=0 pid child
    local -a todo=("$1")
    while ((${#todo[@]})); do
        pid=${todo[0]}; todo=("${todo[@]:1}")
        [[ -r /proc/$pid/stat ]] || continue
        total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
        for child in $(ps -o pid= --ppid "$pid"); do todo+=("$child"); done
    done
    echo "$total"
}

rss_kib() { # PID tree: resident set in KiB
    local total=0 pid
    for pid in "$1" $(ps -o pid= --ppid "$1"); do
        total=$(( total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}

# run_sipp LABEL SERVER_PID PORT SCENARIO RATE CALLS [sipp args...]: runs SIPp to completion and sets
# R_OK, R_FAILED, R_RETRANS, R_CPU_MS (server), R_US_PER_OP, R_WALL_S, R_SIPP_CPU_MS.
run_sipp() {
    local label=$1 server=$2 port=$3 scenario=$4 rate=$5 calls=$6; shift 6
    local stats="$BENCH_TMP/$label.csv" before after t0 t1 sipp_pid limit
    limit=$(( rate > 1000 ? rate : 1000 ))
    rm -f "$stats"
    before=$(tree_ticks "$server")
    # BENCH_ALLOC=<dir>: sample our server's allocations during its measured runs (a window in the middle of the run),
    # bytes per SIPp call by type and allocating frames, into <dir>/<label>.alloc.txt.
    local alloc_pid=
    if [[ -n "${BENCH_ALLOC:-}" && $label == ours-* ]]; then
        local window=$(( calls / rate - 4 ))
        (( window > 10 )) && window=10
        (( window < 2 )) && window=2
        alloc_start "$BENCH_ALLOC" "$label" "$server" "$window" "$rate"
        alloc_pid=$ALLOC_PID
    fi
    # BENCH_PERF=<dir>: profile each server (its process tree) during its measured runs, one perf.data per label.
    local perf_pid=
    if [[ -n "${BENCH_PERF:-}" && $label != warm-* ]]; then
        profile_start "$BENCH_PERF" "$label" "$(process_tree "$server")"
        perf_pid=$PROFILE_PIDS
    fi
    t0=$(date +%s.%N)
    "${NICE[@]}" sipp 127.0.0.1:"$port" -sf "$scenario" -i 127.0.0.1 -p 0 -t u1 -r "$rate" -m "$calls" -l "$limit" \
        -buff_size "$BUFFER" -nostdin -bg -trace_stat -stf "$stats" -fd 1 -max_recv_loops 10000 -max_sched_loops 10000 \
        "$@" >"$BENCH_TMP/$label.sipp.out" 2>&1 &
    sipp_pid=$!
    # -bg forks SIPp into the background: follow the real SIPp process, not the launcher.
    wait "$sipp_pid" || true
    sipp_pid=$(awk '/PID=/ {gsub(/.*PID=\[|\].*/, ""); print; exit}' "$BENCH_TMP/$label.sipp.out")
    local sipp_ticks=0 now
    while [[ -n "$sipp_pid" && -d /proc/$sipp_pid ]]; do
        now=$(awk '{print $14 + $15}' "/proc/$sipp_pid/stat" 2>/dev/null || echo "$sipp_ticks")
        sipp_ticks=$now
        sleep 0.2
    done
    t1=$(date +%s.%N)
    after=$(tree_ticks "$server")
    if [[ -n "$perf_pid" ]]; then profile_stop "$perf_pid"; fi
    if [[ -n "$alloc_pid" ]]; then alloc_report "$alloc_pid" "$BENCH_ALLOC" "$label"; fi
    local line header
    header=$(head -1 "$stats")
    line=$(tail -1 "$stats")
    field() { # column of the SIPp statistics CSV by header name
        awk -F';' -v name="$1" -v h="$header" -v l="$line" 'BEGIN { n = split(h, hs, ";"); split(l, ls, ";"); for (i = 1; i <= n; i++) if (hs[i] == name) { print ls[i]; exit } }'
    }
    R_OK=$(field 'SuccessfulCall(C)')
    R_FAILED=$(field 'FailedCall(C)')
    R_RETRANS=$(field 'Retransmissions(C)')
    R_CPU_MS=$(( (after - before) * 1000 / CLK_TCK ))
    R_WALL_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    R_SIPP_CPU_MS=$(( sipp_ticks * 1000 / CLK_TCK ))
    R_US_PER_OP=$(awk -v ms="$R_CPU_MS" -v n="$R_OK" 'BEGIN { if (n > 0) printf "%.1f", ms * 1000 / n; else print "-" }')
    printf '  %-10s rate %6s/s  calls %7s  ok %7s  failed %5s  retrans %5s  wall %5ss  server CPU %6s ms = %6s us/op  (SIPp %s ms)\n' \
        "$label" "$rate" "$calls" "$R_OK" "$R_FAILED" "$R_RETRANS" "$R_WALL_S" "$R_CPU_MS" "$R_US_PER_OP" "$R_SIPP_CPU_MS"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'; }
