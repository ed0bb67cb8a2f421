#!/usr/bin/env bash
# 100,000 bindings held with steady refreshes: SIPp registers N distinct ephemeral users (REGISTER + digest over UDP)
# against our SIP server sample, then keeps re-registering them in turn at the rate that refreshes each binding every
# Expires/2, for one full refresh cycle or more. Prints failures, the server's RSS and its CPU.
# Usage: scripts/bench/sip-bindings.sh [users=100000] [expires=120] [register-rate=4000] [refresh-seconds=expires/2]
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-100000} expires=${2:-120} load_rate=${3:-4000}
refresh_seconds=${4:-$(( expires / 2 ))}
refresh_rate=$(( (users + expires / 2 - 1) / (expires / 2) ))
source scripts/bench/sip/common.sh
bench_require
build_ours

secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
python3 scripts/bench/sip/make-users.py "$secret" "$users" "$expires" >"$BENCH_TMP/users.csv"
port=25360
start_ours "$port" Ims__EphemeralAuth__Secrets__0="$secret"
echo "our server pid $OURS_PID; RSS at start $(( $(rss_kib "$OURS_PID") / 1024 )) MiB"

echo "registering $users users at $load_rate/s (Expires $expires)..."
run_sipp load "$OURS_PID" "$port" scripts/bench/sip/register.xml "$load_rate" "$users" -inf "$BENCH_TMP/users.csv"
load_failed=$R_FAILED load_us=$R_US_PER_OP
echo "RSS after registering: $(( $(rss_kib "$OURS_PID") / 1024 )) MiB"

echo "refreshing: $refresh_rate/s (each binding every $(( expires / 2 )) s) for ${refresh_seconds}s..."
calls=$(( refresh_rate * refresh_seconds ))
run_sipp refresh "$OURS_PID" "$port" scripts/bench/sip/register.xml "$refresh_rate" "$calls" -inf "$BENCH_TMP/users.csv"
rss=$(( $(rss_kib "$OURS_PID") / 1024 ))
core=$(awk -v ms="$R_CPU_MS" -v s="$R_WALL_S" 'BEGIN { printf "%.1f", ms / 10 / s }')

echo
echo "$users bindings (Expires $expires), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| phase | rate/s | registrations | failed | server CPU us/registration | server CPU, % of a core | RSS after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "| initial registration | $load_rate | $users | $load_failed | $load_us | | |"
echo "| steady refresh, ${refresh_seconds}s | $refresh_rate | $R_OK | $R_FAILED | $R_US_PER_OP | $core | $rss MiB |"
