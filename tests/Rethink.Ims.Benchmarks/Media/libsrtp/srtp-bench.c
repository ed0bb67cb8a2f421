/*
 * Measures libsrtp2 protect/unprotect packets per second on one thread, for the same
 * policies and payload sizes as SrtpBenchmarks.cs: AES_CM_128_HMAC_SHA1_80 and
 * AEAD_AES_128_GCM, 160 and 1200 octet payloads behind a 12-octet RTP header.
 *
 * Protect: one buffer, sequence number advancing, protected in place (libsrtp refuses a
 * repeated index on the sender too). Unprotect: batches of distinct pre-protected packets,
 * each copied into the work buffer and unprotected; a fresh receiver per batch, made outside
 * the timed region. Each figure is the median (and best) of several runs, by wall time and
 * by the thread's CPU time (robust when other work shares the core).
 *
 * Usage: srtp-bench [vector]   ("vector" prints one protected packet per policy instead).
 */
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SSRC 0x11223344u
#define BATCH 16384
#define PROTECT_COUNT 400000
#define RUNS 7

typedef struct {
    const char *name;
    int kind; /* 0 AES-CM HMAC-SHA1 80, 1 AES-128-GCM, 2 AES-CM HMAC-SHA1 32, 3 AES-256-GCM */
    int master_key; /* master key octets */
    int key_len; /* master key + master salt */
} policy_desc;

/* The benchmarked policies. */
static const policy_desc policies[] = {
    {"AES_CM_128_HMAC_SHA1_80", 0, 16, 30},
    {"AEAD_AES_128_GCM", 1, 16, 28},
};

/* Every profile, for "vector" output. */
static const policy_desc all_policies[] = {
    {"AES_CM_128_HMAC_SHA1_80", 0, 16, 30},
    {"AES_CM_128_HMAC_SHA1_32", 2, 16, 30},
    {"AEAD_AES_128_GCM", 1, 16, 28},
    {"AEAD_AES_256_GCM", 3, 32, 44},
};

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall time and this thread's CPU time (which leaves out time spent waiting for a core). */
typedef struct {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    stamp s = {clock_seconds(CLOCK_MONOTONIC), clock_seconds(CLOCK_THREAD_CPUTIME_ID)};
    return s;
}

typedef struct {
    double wall_rate, cpu_rate;
} rates;

static rates rates_since(stamp start, int packets)
{
    stamp end = now();
    rates r = {packets / (end.wall - start.wall), packets / (end.cpu - start.cpu)};
    return r;
}

static void check(srtp_err_status_t status, const char *what)
{
    if (status != srtp_err_status_ok) {
        fprintf(stderr, "%s failed: %d\n", what, (int)status);
        exit(1);
    }
}

static srtp_t new_session(const policy_desc *desc, int inbound)
{
    static unsigned char key[64];
    srtp_policy_t policy;
    srtp_t session;
    int i;

    /* Same master key and salt as the C# benchmark: key bytes 1..n, salt bytes 3, 6, 9, ... */
    int master_key = desc->master_key;
    for (i = 0; i < master_key; i++)
        key[i] = (unsigned char)(i + 1);
    for (i = 0; i < desc->key_len - master_key; i++)
        key[master_key + i] = (unsigned char)((i + 1) * 3);

    memset(&policy, 0, sizeof policy);
    switch (desc->kind) {
    case 1:
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
        break;
    case 2:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp); /* SRTCP keeps the 80-bit tag (RFC 5764) */
        break;
    case 3:
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp);
        break;
    default:
        srtp_crypto_policy_set_rtp_default(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
        break;
    }
    policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_specific;
    policy.ssrc.value = SSRC;
    policy.key = key;
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    check(srtp_create(&session, &policy), "srtp_create");
    return session;
}

static void write_rtp(unsigned char *buf, int payload, unsigned seq)
{
    int i;
    buf[0] = 0x80;
    buf[1] = 111;
    buf[2] = (unsigned char)(seq >> 8);
    buf[3] = (unsigned char)seq;
    memset(buf + 4, 0, 4);
    buf[8] = (unsigned char)(SSRC >> 24);
    buf[9] = (unsigned char)(SSRC >> 16);
    buf[10] = (unsigned char)(SSRC >> 8);
    buf[11] = (unsigned char)SSRC;
    for (i = 12; i < 12 + payload; i++)
        buf[i] = (unsigned char)i;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static rates protect_rate(const policy_desc *desc, int payload)
{
    unsigned char buf[2048];
    srtp_t session = new_session(desc, 0);
    int rtp_len = 12 + payload, len, i;
    stamp start;
    rates result;

    write_rtp(buf, payload, 0);
    start = now();
    for (i = 0; i < PROTECT_COUNT; i++) {
        buf[2] = (unsigned char)(i >> 8);
        buf[3] = (unsigned char)i;
        len = rtp_len;
        check(srtp_protect(session, buf, &len), "srtp_protect");
    }
    result = rates_since(start, PROTECT_COUNT);
    srtp_dealloc(session);
    return result;
}

static rates unprotect_rate(const policy_desc *desc, int payload)
{
    static unsigned char packets[BATCH][2048];
    static int lengths[BATCH];
    unsigned char buf[2048];
    srtp_t sender = new_session(desc, 0), receiver;
    int rtp_len = 12 + payload, len, i;
    stamp start;
    rates result;

    for (i = 0; i < BATCH; i++) {
        write_rtp(packets[i], payload, (unsigned)i);
        lengths[i] = rtp_len;
        check(srtp_protect(sender, packets[i], &lengths[i]), "srtp_protect");
    }
    srtp_dealloc(sender);

    receiver = new_session(desc, 1);
    start = now();
    for (i = 0; i < BATCH; i++) {
        memcpy(buf, packets[i], (size_t)lengths[i]);
        len = lengths[i];
        check(srtp_unprotect(receiver, buf, &len), "srtp_unprotect");
    }
    result = rates_since(start, BATCH);
    srtp_dealloc(receiver);
    return result;
}

static int compare_rates_wall(const void *a, const void *b)
{
    return compare(&((const rates *)a)->wall_rate, &((const rates *)b)->wall_rate);
}

static int compare_rates_cpu(const void *a, const void *b)
{
    return compare(&((const rates *)a)->cpu_rate, &((const rates *)b)->cpu_rate);
}

/* Median and best of RUNS runs, in packets per second, by wall time and by thread CPU time. */
typedef struct {
    double wall_median, wall_best, cpu_median, cpu_best;
} summary;

static summary measure_runs(rates (*measure)(const policy_desc *, int), const policy_desc *desc, int payload)
{
    rates runs[RUNS];
    summary s;
    int i;
    for (i = 0; i < RUNS; i++)
        runs[i] = measure(desc, payload);
    qsort(runs, RUNS, sizeof runs[0], compare_rates_wall);
    s.wall_median = runs[RUNS / 2].wall_rate;
    s.wall_best = runs[RUNS - 1].wall_rate;
    qsort(runs, RUNS, sizeof runs[0], compare_rates_cpu);
    s.cpu_median = runs[RUNS / 2].cpu_rate;
    s.cpu_best = runs[RUNS - 1].cpu_rate;
    return s;
}

static void print_hex(const unsigned char *buf, int len)
{
    int i;
    for (i = 0; i < len; i++)
        printf("%02x", buf[i]);
    printf("\n");
}

/* One SRTP packet (SEQ 0x1234, 160-octet payload) and one SRTCP packet (an RR of SSRC with a
 * 16-octet body 0x00..0x0f), protected with the first index libsrtp uses. */
static void print_vector(const policy_desc *desc)
{
    unsigned char buf[2048];
    srtp_t session = new_session(desc, 0);
    int len = 12 + 160, i;
    write_rtp(buf, 160, 0x1234);
    check(srtp_protect(session, buf, &len), "srtp_protect");
    printf("%s srtp ", desc->name);
    print_hex(buf, len);

    buf[0] = 0x80;
    buf[1] = 201;
    buf[2] = 0;
    buf[3] = 5;
    buf[4] = (unsigned char)(SSRC >> 24);
    buf[5] = (unsigned char)(SSRC >> 16);
    buf[6] = (unsigned char)(SSRC >> 8);
    buf[7] = (unsigned char)SSRC;
    for (i = 0; i < 16; i++)
        buf[8 + i] = (unsigned char)i;
    len = 24;
    check(srtp_protect_rtcp(session, buf, &len), "srtp_protect_rtcp");
    printf("%s srtcp ", desc->name);
    print_hex(buf, len);
    srtp_dealloc(session);
}

int main(int argc, char **argv)
{
    const int payloads[] = {160, 1200};
    size_t p, s;

    check(srtp_init(), "srtp_init");
    if (argc > 1 && strcmp(argv[1], "vector") == 0) {
        for (p = 0; p < sizeof all_policies / sizeof all_policies[0]; p++)
            print_vector(&all_policies[p]);
        return 0;
    }

    printf("%s\n", srtp_get_version_string());
    printf("packets/s, median (best) of %d runs; wall = elapsed time, cpu = this thread's CPU time\n", RUNS);
    printf("%-24s %7s %21s %21s %21s %21s\n", "policy", "payload", "protect wall", "protect cpu",
           "unprotect wall", "unprotect cpu");
    for (p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        for (s = 0; s < sizeof payloads / sizeof payloads[0]; s++) {
            summary pr = measure_runs(protect_rate, &policies[p], payloads[s]);
            summary un = measure_runs(unprotect_rate, &policies[p], payloads[s]);
            printf("%-24s %7d %10.0f (%8.0f) %10.0f (%8.0f) %10.0f (%8.0f) %10.0f (%8.0f)\n", policies[p].name, payloads[s],
                   pr.wall_median, pr.wall_best, pr.cpu_median, pr.cpu_best,
                   un.wall_median, un.wall_best, un.cpu_median, un.cpu_best);
        }
    }
    srtp_shutdown();
    return 0;
}
