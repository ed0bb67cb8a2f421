#!/usr/bin/env bash
# Runs SrtpBenchmarks and the libsrtp2 program one after the other on the same core
# (CPU=1 by default), for a side-by-side packets/s comparison. packets/s = 1 / Mean.
set -euo pipefail
cd "$(dirname "$0")/../../.."
cpu="${CPU:-1}"
mask=$((1 << cpu))
dotnet build tests/Rethink.Ims.Benchmarks -c Release -nologo -v quiet
dotnet run -c Release --no-build --project tests/Rethink.Ims.Benchmarks -- \
  --filter '*SrtpBenchmarks*' --affinity "$mask" --warmupCount 3 --iterationCount 10 "$@"
CPU="$cpu" tests/Rethink.Ims.Benchmarks/Media/libsrtp/run-libsrtp-bench.sh
