/*
 * The floor under any UDP SIP server's CPU figure: answers each datagram with one sendto after one recvfrom, doing no
 * SIP work at all. A REGISTER without Authorization gets a canned 401 with a fixed digest challenge, any other request
 * a 200; both copy the request's header block unchanged after the status line (SIPp matches on Call-ID and CSeq, and
 * does not check the rest). No parsing, no digest check, no binding, no transaction: what is left is the system calls
 * and the kernel's loopback path, which a real server pays as well.
 *
 * scripts/bench/sip-register.sh runs it next to Kamailio and our server, with the same SIPp scenario, to show how much
 * of a registration's CPU is this floor. Built on the fly by the script (cc -O2).
 * Usage: udp-floor PORT [workers=2 [batched]]   (listens on 127.0.0.1; one blocking socket shared by the worker threads, as
 * Kamailio's UDP children share theirs)
 */
#define _GNU_SOURCE
#include <string.h>

#include "udp-floor.h"

static int sock;

static const char challenge[] =
    "SIP/2.0 401 Unauthorized\r\n"
    "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"0123456789abcdef0123456789abcdef\", qop=\"auth\", "
    "algorithm=MD5\r\n";
static const char ok[] = "SIP/2.0 200 OK\r\n";

/* Writes the answer to the n-byte request in `in` (which must have room for a terminating NUL) into `out`; 0 if none. */
static size_t answer(char *in, size_t n, char *out)
{
    if (n == 0 || in[0] == 'S') { /* empty datagrams and responses are not answered */
        return 0;
    }
    in[n] = '\0';
    char *headers = strstr(in, "\r\n");
    if (headers == NULL) {
        return 0;
    }
    headers += 2;
    int challenge_it = strncmp(in, "REGISTER ", 9) == 0 && strstr(headers, "\nAuthorization:") == NULL;
    const char *status = challenge_it ? challenge : ok;
    size_t status_len = challenge_it ? sizeof challenge - 1 : sizeof ok - 1;
    size_t rest = (size_t)(in + n - headers);
    memcpy(out, status, status_len);
    memcpy(out + status_len, headers, rest);
    return status_len + rest;
}

static void *serve(void *unused)
{
    (void)unused;
    char in[65536], out[65536 + 256];
    for (;;) {
        struct sockaddr_in from;
        socklen_t from_len = sizeof from;
        ssize_t n = recvfrom(sock, in, sizeof in - 1, 0, (struct sockaddr *)&from, &from_len);
        size_t length = n > 0 ? answer(in, (size_t)n, out) : 0;
        if (length > 0) {
            sendto(sock, out, length, 0, (struct sockaddr *)&from, from_len);
        }
    }
    return NULL;
}

/* The batched variant: recvmmsg (up to BATCH datagrams, waiting for the first only) and one sendmmsg for the answers,
 * which a server could do to share the system calls' fixed cost between datagrams. */
#define BATCH 32
static void *serve_batched(void *unused)
{
    (void)unused;
    static __thread char in[BATCH][4096], out[BATCH][4096 + 256];
    struct mmsghdr received[BATCH], answers[BATCH];
    struct iovec in_iov[BATCH], out_iov[BATCH];
    struct sockaddr_in from[BATCH];
    for (;;) {
        for (int i = 0; i < BATCH; i++) {
            in_iov[i] = (struct iovec){ in[i], sizeof in[i] - 1 };
            received[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &in_iov[i], .msg_iovlen = 1 };
        }
        int count = recvmmsg(sock, received, BATCH, MSG_WAITFORONE, NULL);
        int answered = 0;
        for (int i = 0; i < count; i++) {
            size_t length = answer(in[i], received[i].msg_len, out[i]);
            if (length == 0) {
                continue;
            }
            out_iov[answered] = (struct iovec){ out[i], length };
            answers[answered].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = received[i].msg_hdr.msg_namelen, .msg_iov = &out_iov[answered], .msg_iovlen = 1 };
            answered++;
        }
        if (answered > 0) {
            sendmmsg(sock, answers, (unsigned)answered, 0);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT [workers [batched]]\n", argv[0]);
        return 2;
    }
    int workers = argc > 2 ? atoi(argv[2]) : 2;
    int batched = argc > 3 && strcmp(argv[3], "batched") == 0;
    sock = bind_loopback(argv[1]);
    fprintf(stderr, "udp-floor listening on udp 127.0.0.1:%s with %d workers%s\n", argv[1], workers, batched ? ", batched" : "");
    run_workers(batched ? serve_batched : serve, workers);
    return 0;
}
