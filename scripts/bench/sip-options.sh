#!/usr/bin/env bash
# OPTIONS over UDP at fixed offered rates, against our SIP server sample (Release, Production logging) and Kamailio 5.6
# (stateless sl_send_reply 200, -x tlsf) in the same run, one after the other: server CPU per OPTIONS and failures.
# On a small machine SIPp caps the rate, so compare CPU per operation at the same rate (the ratio), not rates.
# Usage: scripts/bench/sip-options.sh [rates=4000,8000] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
rates=${1:-4000,8000} seconds=${2:-10}
source scripts/bench/sip/common.sh
bench_require
build_ours

ours_port=25160 kam_port=25170
echo "starting our server on udp 127.0.0.1:$ours_port and Kamailio on udp 127.0.0.1:$kam_port..."
start_ours "$ours_port"
start_kamailio scripts/bench/sip/kamailio-options.cfg "$kam_port"
echo "our server pid $OURS_PID, Kamailio pid $KAM_PID (+ children)"

echo "warm-up: 3 s at 2000/s each"
run_sipp warm-ours "$OURS_PID" "$ours_port" scripts/bench/sip/options.xml 2000 6000
run_sipp warm-kam "$KAM_PID" "$kam_port" scripts/bench/sip/options.xml 2000 6000

declare -a rows
for rate in ${rates//,/ }; do
    calls=$(( rate * seconds ))
    echo "rate $rate/s for ${seconds}s ($calls OPTIONS each)"
    run_sipp "ours-$rate" "$OURS_PID" "$ours_port" scripts/bench/sip/options.xml "$rate" "$calls"
    o_fail=$R_FAILED o_us=$R_US_PER_OP o_ok=$R_OK o_re=$R_RETRANS
    run_sipp "kam-$rate" "$KAM_PID" "$kam_port" scripts/bench/sip/options.xml "$rate" "$calls"
    rows+=("$(printf '| %s | %s / %s | %s / %s | %s / %s | %s | %s |' "$rate" "$o_fail" "$R_FAILED" "$o_re" "$R_RETRANS" \
        "$o_ok" "$R_OK" "$o_us / $R_US_PER_OP" "$(ratio "$o_us" "$R_US_PER_OP")")")
done

echo
echo "OPTIONS over UDP, ${seconds}s per rate, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| rate/s | failed (ours / Kamailio) | retransmissions | completed | server CPU us/op (ours / Kamailio) | ratio ours/Kamailio |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo "our server RSS: $(( $(rss_kib "$OURS_PID") / 1024 )) MiB; Kamailio (all processes): $(( $(rss_kib "$KAM_PID") / 1024 )) MiB"
