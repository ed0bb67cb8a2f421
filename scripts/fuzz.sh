#!/usr/bin/env bash
# Fuzzes the wire parsers with AFL++ (Debian's afl++) through SharpFuzz, for a bounded time, and fails
# when an input crashes a target (an exception escapes a parser, or a law it states breaks) or hangs it.
#
# Usage: scripts/fuzz.sh [TARGET...]         (targets: sip sip-stream sdp stun rtp bencode; default all)
# Environment:
#   FUZZ_SECONDS      total fuzzing time, shared by the targets by weight (default 120; sip gets the most)
#   FUZZ_OUT          where the corpora, findings and logs go (default artifacts/fuzz)
#   FUZZ_RESUME=1     continue from the corpus of the previous run in FUZZ_OUT instead of the seeds
#   FUZZ_SKIP_BUILD=1 use the Release build that is there (test.sh has just built the solution)
#   FUZZ_TIMEOUT_MS   per-input time limit (default 5000: after a crash or timeout the first input also
#                     pays for starting and JIT-compiling a new .NET process); one that exceeds it is
#                     tried again with AFL_HANG_TMOUT (default 20000) and is a hang only if it exceeds that too
#
# Steps: build tests/Rethink.Ims.Fuzz, copy its output and instrument the copy's Rethink.Ims.dll (the
# parser namespaces only), replay the seeds and the committed regression inputs uninstrumented (any
# failure stops here), then run afl-fuzz per target and report what it saved in crashes/ and hangs/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

all_targets=(sip sip-stream sdp stun rtp bencode)
declare -A weight=([sip]=4 [sip-stream]=2 [sdp]=2 [stun]=1 [rtp]=1 [bencode]=1)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ -n "${weight[$t]:-}" ]] || { echo "unknown fuzz target: $t (targets: ${all_targets[*]})" >&2; exit 2; }
done

total_seconds=${FUZZ_SECONDS:-120}
out=${FUZZ_OUT:-$root/artifacts/fuzz}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}
project=tests/Rethink.Ims.Fuzz
build=$project/bin/Release/net10.0

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: scripts/install-test-deps.sh installs Debian's afl++" >&2; exit 1; }

if [[ "${FUZZ_SKIP_BUILD:-}" != 1 ]]; then
  echo "==> fuzz: building $project"
  dotnet build "$project" -c Release -nologo -v quiet
fi

# The instrumented copy: SharpFuzz rewrites Rethink.Ims.dll in place, so never the build output itself
# (the uninstrumented build replays inputs: instrumented code needs afl-fuzz's shared memory).
mkdir -p "$out"
rm -rf "$out/bin"
cp -r "$build" "$out/bin"
dotnet "$out/bin/Rethink.Ims.Fuzz.dll" instrument "$out/bin/Rethink.Ims.dll"
harness=("dotnet" "$root/$build/Rethink.Ims.Fuzz.dll")

# Seeds: the committed corpus of each target (regressions included) plus, for SIP, the RFC 4475 torture
# messages and the benchmark messages; the other targets also generate theirs from the library's writers.
rfc4475=tests/Rethink.Ims.Tests/Sip/Conformance/rfc4475
bench=tests/Rethink.Ims.Tests/Sip/BenchMessages
make_seeds() {
  local target=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  if [[ -d "$project/corpus/$target" ]]; then
    cp "$project/corpus/$target"/* "$dir"/ 2>/dev/null || true
  fi
  case $target in
    sip)
      cp "$rfc4475"/*.dat "$bench"/*.txt "$dir"/
      ;;
    sip-stream)
      cp "$bench"/*.txt "$dir"/
      for f in "$rfc4475"/{dblreq,clerr,ncl,mcl01,inv2543}.dat; do cp "$f" "$dir"/; done
      # Several messages and keep-alives in one stream.
      { printf '\r\n\r\n'; cat "$bench/register-ws.txt"; printf '\r\n'; cat "$bench/ok-200.txt" "$bench/invite-webrtc.txt"; } > "$dir/stream-mixed"
      ;;
    *)
      "${harness[@]}" seeds "$target" "$dir" >/dev/null
      ;;
  esac
}

export AFL_SKIP_BIN_CHECK=1                     # the target is dotnet: SharpFuzz's probes are in the DLL
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1  # containers: core_pattern is not ours to change
export AFL_NO_AFFINITY=1                        # shared cores: do not bind, do not abort when none is free
export AFL_FAST_CAL=1
export AFL_HANG_TMOUT=${AFL_HANG_TMOUT:-20000}  # an input that times out is a hang only if it still does in 20 s
export AFL_SHUFFLE_QUEUE=1

sum=0
for t in "${targets[@]}"; do sum=$((sum + weight[$t])); done

status=0
summary=()
for t in "${targets[@]}"; do
  seconds=$((total_seconds * weight[$t] / sum))
  ((seconds >= 5)) || seconds=5
  dir="$out/$t"
  seeds="$dir/seeds"
  mkdir -p "$dir"
  make_seeds "$t" "$seeds"

  echo "==> fuzz: $t: replaying $(ls "$seeds" | wc -l) seeds uninstrumented"
  if ! timeout 300 "${harness[@]}" repro "$t" "$seeds"/* > "$dir/replay.log" 2>&1; then
    echo "FAIL fuzz $t: a seed or committed regression input fails:"
    grep -a -v '^ok ' "$dir/replay.log" | head -60
    status=1
    summary+=("$t: seed replay failed")
    continue
  fi

  input=("-i" "$seeds")
  if [[ "${FUZZ_RESUME:-}" == 1 && -d "$dir/afl/default/queue" ]]; then
    input=("-i" "-")
  else
    rm -rf "$dir/afl"
  fi

  dict=()
  [[ -f "$project/dictionaries/$t.dict" ]] && dict=("-x" "$project/dictionaries/$t.dict")
  [[ "$t" == sip-stream ]] && dict=("-x" "$project/dictionaries/sip.dict")

  echo "==> fuzz: $t: afl-fuzz for ${seconds}s (log: $dir/afl.log)"
  # -V bounds the fuzzing; timeout bounds the rest (calibration on a machine too busy for it).
  timeout --signal=INT --kill-after=30 $((seconds + 600)) \
    afl-fuzz "${input[@]}" -o "$dir/afl" -V "$seconds" -t "$timeout_ms" -m none "${dict[@]}" \
    -- dotnet "$out/bin/Rethink.Ims.Fuzz.dll" run "$t" > "$dir/afl.log" 2>&1 &
  afl=$!
  stats="$dir/afl/default/fuzzer_stats"
  stat() { sed -n "s/^$1 *: //p" "$stats" 2>/dev/null; }
  # afl-fuzz writes fuzzer_stats only once a minute without its UI: progress comes from its log.
  started=$SECONDS
  while kill -0 "$afl" 2>/dev/null; do
    sleep 10
    line=$(grep -a -o 'Fuzzing test case #[0-9]* ([0-9]* total, [0-9]* crashes saved' "$dir/afl.log" | tail -1 || true)
    [[ -n "$line" ]] && echo "    $t: $((SECONDS - started))s: ${line#Fuzzing }), hangs $(ls "$dir/afl/default/hangs" 2>/dev/null | grep -c '^id:' || true)"
  done
  afl_status=0
  wait "$afl" || afl_status=$?

  findings=()
  for kind in crashes hangs; do
    for f in "$dir/afl/default/$kind"/id:*; do
      [[ -e "$f" ]] && findings+=("$f")
    done
  done

  if ((afl_status != 0)) || [[ ! -f "$stats" ]]; then
    echo "FAIL fuzz $t: afl-fuzz exited with $afl_status; the end of $dir/afl.log:"
    tail -25 "$dir/afl.log"
    status=1
    summary+=("$t: afl-fuzz failed")
  elif ((${#findings[@]})); then
    echo "FAIL fuzz $t: ${#findings[@]} crashing or hanging inputs:"
    printf '    %s\n' "${findings[@]}"
    echo "  replayed uninstrumented (the first five, 30 s at most: a hang does not end):"
    timeout 30 "${harness[@]}" repro "$t" "${findings[@]:0:5}" 2>&1 | grep -a -v '^ok' | head -60 || true
    status=1
    summary+=("$t: ${#findings[@]} crashes/hangs in $dir/afl/default")
  else
    summary+=("$t: ${seconds}s, $(stat execs_done) execs at $(stat execs_per_sec)/s, corpus $(stat corpus_count), edges $(stat edges_found), no crash, no hang")
  fi
done

echo "==> fuzz summary"
printf '    %s\n' "${summary[@]}"
exit $status
