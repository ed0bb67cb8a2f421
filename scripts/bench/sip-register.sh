#!/usr/bin/env bash
# REGISTER with digest over UDP (REGISTER, 401, REGISTER with Authorization, 200) at fixed offered rates, against our
# SIP server sample (Release, Production logging) and Kamailio 5.6 (auth_ephemeral + registrar/usrloc, -x tlsf, 1 GiB
# shared memory) in the same run, one after the other, with the same ephemeral credentials (<expiry>:userN, HMAC-SHA1
# of a shared secret; users cycle, so most registrations refresh a binding). Server CPU per registration, failures.
# A third party, the floor (scripts/bench/sip/udp-floor.c), answers the same scenario with one recvfrom and one sendto per
# datagram and no SIP work: what any server using those calls pays before it parses a byte.
# Usage: scripts/bench/sip-register.sh [rates=4000,8000] [seconds=10] [users=10000]
# BENCH_ALLOC=<dir> samples our allocations per registration, BENCH_PERF=<dir> records a profile (scripts/bench/sip/common.sh).
# OURS_EXTRA="NAME=VALUE ..." adds environment settings to our server only, for experiments (e.g. DOTNET_GCName=libclrgc.so,
# which puts the GC in its own library so a profile shows its share); BENCH_KEEP=1 keeps the logs and CSVs of the run.
# WARMUP_SECONDS (default 30) of registrations at 2000/s go to each server first: our server's JIT is still compiling
# hot methods to their final tier several seconds into a load, and that is not what it costs once running.
set -euo pipefail
cd "$(dirname "$0")/../.."
rates=${1:-4000,8000} seconds=${2:-10} users=${3:-10000}
source scripts/bench/sip/common.sh
bench_require
build_ours

secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')   # one per run, never printed
python3 scripts/bench/sip/make-users.py "$secret" "$users" 3600 >"$BENCH_TMP/users.csv"
echo "generated $users ephemeral users (Expires 3600)"

ours_port=25260 kam_port=25270 floor_port=25280 batched_port=25290
echo "starting our server on udp 127.0.0.1:$ours_port, Kamailio on udp 127.0.0.1:$kam_port and the floor responder on udp 127.0.0.1:$floor_port..."
start_ours "$ours_port" Ims__EphemeralAuth__Secrets__0="$secret" ${OURS_EXTRA:-}
start_kamailio scripts/bench/sip/kamailio-register.cfg "$kam_port" SECRET="$secret"
start_floor "$batched_port" batched
BATCHED_PID=$FLOOR_PID
start_floor "$floor_port"
echo "our server pid $OURS_PID, Kamailio pid $KAM_PID (+ children), floor pids $FLOOR_PID and $BATCHED_PID (batched)"

scenario=scripts/bench/sip/register.xml
warmup=${WARMUP_SECONDS:-30}
echo "warm-up: $warmup s at 2000/s each"
run_sipp warm-ours "$OURS_PID" "$ours_port" "$scenario" 2000 $(( warmup * 2000 )) -inf "$BENCH_TMP/users.csv"
run_sipp warm-kam "$KAM_PID" "$kam_port" "$scenario" 2000 $(( warmup * 2000 )) -inf "$BENCH_TMP/users.csv"
run_sipp warm-floor "$FLOOR_PID" "$floor_port" "$scenario" 2000 10000 -inf "$BENCH_TMP/users.csv"
run_sipp warm-batched "$BATCHED_PID" "$batched_port" "$scenario" 2000 10000 -inf "$BENCH_TMP/users.csv"

declare -a rows
for rate in ${rates//,/ }; do
    calls=$(( rate * seconds ))
    echo "rate $rate/s for ${seconds}s ($calls registrations each)"
    run_sipp "ours-$rate" "$OURS_PID" "$ours_port" "$scenario" "$rate" "$calls" -inf "$BENCH_TMP/users.csv"
    o_fail=$R_FAILED o_us=$R_US_PER_OP o_ok=$R_OK o_re=$R_RETRANS
    run_sipp "kam-$rate" "$KAM_PID" "$kam_port" "$scenario" "$rate" "$calls" -inf "$BENCH_TMP/users.csv"
    k_fail=$R_FAILED k_us=$R_US_PER_OP k_ok=$R_OK k_re=$R_RETRANS
    run_sipp "batched-$rate" "$BATCHED_PID" "$batched_port" "$scenario" "$rate" "$calls" -inf "$BENCH_TMP/users.csv"
    b_us=$R_US_PER_OP
    run_sipp "floor-$rate" "$FLOOR_PID" "$floor_port" "$scenario" "$rate" "$calls" -inf "$BENCH_TMP/users.csv"
    rows+=("$(printf '| %s | %s / %s | %s / %s | %s / %s | %s | %s | %s (%s) | %s (%s) |' "$rate" "$o_fail" "$k_fail" "$o_re" "$k_re" \
        "$o_ok" "$k_ok" "$o_us / $k_us" "$(ratio "$o_us" "$k_us")" "$R_US_PER_OP" "$(ratio "$R_US_PER_OP" "$k_us")" \
        "$b_us" "$(ratio "$b_us" "$k_us")")")
done

echo
echo "REGISTER + digest over UDP, ${seconds}s per rate, $users users, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| rate/s | failed (ours / Kamailio) | retransmissions | completed | server CPU us/registration (ours / Kamailio) | ratio ours/Kamailio | floor us/registration (/ Kamailio) | batched floor (/ Kamailio) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo "target: ours at most 2/3 of Kamailio's CPU per registration, 0 failures"
echo "floor: scripts/bench/sip/udp-floor.c answers the same datagrams with no SIP work, one recvfrom and one sendto each"
echo "(batched: recvmmsg and sendmmsg of up to 32): what a server pays for the socket calls before it parses a byte"
echo "our server RSS: $(( $(rss_kib "$OURS_PID") / 1024 )) MiB; Kamailio (all processes): $(( $(rss_kib "$KAM_PID") / 1024 )) MiB"
