/*
 * The floor under a UDP SIP proxy's CPU figure: relays datagrams between one caller port and one callee port with one
 * recvfrom and one sendto each and no SIP work beyond what keeps SIPp's calls going. A request gets one Via line of its
 * own inserted after the request line; a response loses its first line after the status line (that Via). Nothing is
 * parsed, checked or remembered: no transactions, no 100 Trying, no Record-Route, no Max-Forwards. What is left is the
 * system calls and the kernel's loopback path, which any proxy pays as well.
 *
 * scripts/bench/sip-calls.sh runs it next to Kamailio and our proxy with the same SIPp scenarios. Built on the fly
 * (cc -O2). Usage: udp-relay-floor PORT CALLER_PORT CALLEE_PORT [workers=2]   (everything on 127.0.0.1)
 */
#include <string.h>

#include "udp-floor.h"

static int sock;
static struct sockaddr_in caller, callee;
static char via[128];
static size_t via_length;

static void *relay(void *unused)
{
    (void)unused;
    char in[65536], out[65536 + 128];
    for (;;) {
        struct sockaddr_in from;
        socklen_t from_length = sizeof from;
        ssize_t n = recvfrom(sock, in, sizeof in - 1, 0, (struct sockaddr *)&from, &from_length);
        if (n <= 0) {
            continue;
        }
        in[n] = '\0';
        char *first_end = strstr(in, "\r\n");
        if (first_end == NULL) {
            continue;
        }
        first_end += 2;
        size_t first_length = (size_t)(first_end - in), length;
        memcpy(out, in, first_length);
        if (strncmp(in, "SIP/2.0 ", 8) == 0) {
            /* A response: drop the line after the status line, the Via this relay added. */
            char *second_end = strstr(first_end, "\r\n");
            if (second_end == NULL) {
                continue;
            }
            second_end += 2;
            length = first_length + (size_t)(in + n - second_end);
            memcpy(out + first_length, second_end, (size_t)(in + n - second_end));
        } else {
            memcpy(out + first_length, via, via_length);
            memcpy(out + first_length + via_length, first_end, (size_t)(in + n - first_end));
            length = (size_t)n + via_length;
        }
        const struct sockaddr_in *to = from.sin_port == callee.sin_port ? &caller : &callee;
        sendto(sock, out, length, 0, (const struct sockaddr *)to, sizeof *to);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT CALLER_PORT CALLEE_PORT [workers]\n", argv[0]);
        return 2;
    }
    int workers = argc > 4 ? atoi(argv[4]) : 2;
    caller = loopback(argv[2]);
    callee = loopback(argv[3]);
    via_length = (size_t)snprintf(via, sizeof via, "Via: SIP/2.0/UDP 127.0.0.1:%s;branch=z9hG4bKfloor\r\n", argv[1]);
    sock = bind_loopback(argv[1]);
    fprintf(stderr, "udp-relay-floor on udp 127.0.0.1:%s relaying %s <-> %s with %d workers\n", argv[1], argv[2], argv[3],
        workers);
    run_workers(relay, workers);
    return 0;
}
