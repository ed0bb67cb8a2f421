# Profiling and allocation sampling of a server during a measured run, shared by the SIP benchmarks (sourced by
# scripts/bench/sip/common.sh and scripts/bench/sip-calls.sh). The starters set a variable instead of printing the pids,
# so that the background processes stay children of the benchmark's shell and can be waited for.

process_tree() { echo "$1" $(pgrep -P "$1" || true) | tr -s ' ' ','; } # pid: it and its children, comma-separated

# profile_start <dir> <label> <pid,...>: `perf record` (<label>.perf.data) and `perf stat` (<label>.stat.txt: task clock,
# context switches, migrations, page faults) of those processes until profile_stop; their pids go to PROFILE_PIDS.
profile_start() {
    mkdir -p "$1"
    perf record -F 999 -g -p "$3" -o "$1/$2.perf.data" >/dev/null 2>&1 &
    PROFILE_PIDS=$!
    perf stat -e task-clock,context-switches,cpu-migrations,page-faults -p "$3" -o "$1/$2.stat.txt" &
    PROFILE_PIDS="$PROFILE_PIDS $!"
}

profile_stop() { kill -INT $1; wait $1 || true; } # "<pids>": end a profile_start and wait for its files

# alloc_start <dir> <label> <pid> <seconds> <operations per second>: after 2 s, samples our server's allocations for
# that long (tests/Rethink.Ims.Benchmarks alloc-trace) into <dir>/<label>.alloc.txt; the sampler's pid goes to ALLOC_PID.
alloc_start() {
    mkdir -p "$1"
    ( sleep 2; dotnet tests/Rethink.Ims.Benchmarks/bin/Release/net10.0/Rethink.Ims.Benchmarks.dll alloc-trace "$3" "$4" "$5" \
        >"$1/$2.alloc.txt" 2>&1 ) &
    ALLOC_PID=$!
}

alloc_report() { # <pid> <dir> <label>: wait for an alloc_start and print its bytes per operation
    wait "$1" || true
    echo "  $3 allocation: $(sed -n 2p "$2/$3.alloc.txt") ($2/$3.alloc.txt)"
}
