/*
 * What the floor programs (udp-floor.c, udp-relay-floor.c) share: a UDP socket on 127.0.0.1 with 4 MiB buffers, as
 * every party of the benchmarks has, and a set of threads serving it.
 */
#ifndef UDP_FLOOR_H
#define UDP_FLOOR_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static struct sockaddr_in loopback(const char *port)
{
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(port)) };
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    return address;
}

/* A bound UDP socket on 127.0.0.1:port, or exits. */
static int bind_loopback(const char *port)
{
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    int buffer = 4 << 20;
    setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    struct sockaddr_in address = loopback(port);
    if (bind(sock, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("bind");
        exit(1);
    }
    return sock;
}

/* Runs `serve` on `workers` threads (1 to 64) and never returns. */
static void run_workers(void *(*serve)(void *), int workers)
{
    pthread_t threads[64];
    workers = workers < 1 ? 1 : workers > 64 ? 64 : workers;
    for (int i = 0; i < workers; i++) {
        pthread_create(&threads[i], NULL, serve, NULL);
    }
    pthread_join(threads[0], NULL);
}

#endif
