# UDP port checks shared by the SIP benchmarks (sourced by scripts/bench/sip/common.sh and scripts/bench/sip-calls.sh).

udp_listening() { ss -Hlun "sport = :$1" | grep -q .; } # port: true when something listens on it over UDP

udp_port_free() { # port [hint]: fail fast when something (another benchmark still running?) already listens on it
    if udp_listening "$1"; then
        echo "udp port $1 is already in use (another benchmark still running?)${2:+; $2}" >&2
        exit 1
    fi
}
