#!/usr/bin/env bash
# Runs SrtpBenchmarks (wall time, separate process), SrtpCpuTimeBenchmarks (thread CPU time, in
# process) and the libsrtp2 program (both clocks) one after the other on the same core (CPU=1 by
# default), for a side-by-side packets/s comparison; packets/s = 1 / Mean. Thread CPU time leaves
# out the time spent waiting for the core, so it is the fairer figure on a shared, busy machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
cpu="${CPU:-1}"
mask=$((1 << cpu))
dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet
dotnet run -c Release --no-build --project tests/Rethink.Ims.Benchmarks -- \
  --filter '*.SrtpBenchmarks.*' --affinity "$mask" --warmupCount 3 --iterationCount 10 "$@"
taskset -c "$cpu" dotnet run -c Release --no-build --project tests/Rethink.Ims.Benchmarks -- \
  --filter '*.SrtpCpuTimeBenchmarks.*' "$@"
CPU="$cpu" tests/Rethink.Ims.Benchmarks/Media/libsrtp/run-libsrtp-bench.sh
