/* kiosk_proc.h -- a kiosk for the delivery tests: its configuration
 * pointed at a broker of broker.h, its outbox filled with answers, and the
 * built staffroom-kiosk (this build's) run headless as a child process
 * without a script, so that it runs on the real clock, delivering, until it
 * is told to stop or killed.
 *
 * Answers the test puts in the outbox are made with outbox_put() on a
 * synchronised clock reading: a kiosk sends an answer only once its time is
 * known, and the test machine's kernel clock may not say it is synchronised
 * (a container's never does), which would hold every answer made by the
 * kiosk's own UI back until the next boot. kiosk_proc_harness() does the
 * same for the in-process kiosk of kiosk_harness.h (sysclock_override).
 *
 * Ownership: a kiosk_proc is a caller-owned struct; ids filled into an
 * idset belong to the caller (idset_free).
 */
#ifndef SR_KIOSK_PROC_H
#define SR_KIOSK_PROC_H

#include <stdbool.h>

#include "broker.h"
#include "idset.h"
#include "kiosk_harness.h"
#include "testproc.h"

typedef struct kiosk_proc {
    char dir[512];
    char ini[700];
    char outbox[700];
    char log[700];
    char device[65];
    testproc proc;
    long log_start;   /* the log's size when it was last started */
} kiosk_proc;

/* Delivery timers for tests; 0 takes the value shown. */
typedef struct kiosk_proc_delivery {
    int resend_seconds;  /* 2: a lost answer is sent again soon */
    int window;          /* 500 (the kiosk's default) */
    int batch;           /* 100 (the kiosk's default) */
    int backoff_max_ms;  /* 500: reconnects quickly after a broker restart */
} kiosk_proc_delivery;

/* A fresh folder <tmp>/kiosk-NAME with kiosk.ini for device (whose broker
 * password file b writes), the shipped content, cooldown 0. b NULL: no
 * delivery ([mqtt] host empty). */
void kiosk_proc_config(kiosk_proc *k, const char *name, const char *device, broker *b,
                       const kiosk_proc_delivery *d);

/* Puts n answers into the outbox at path (made if missing), on a
 * synchronised clock; adds their ids to ids (may be NULL). */
void kiosk_proc_fill(const char *outbox_path, int n, idset *ids);

/* Puts n answers into the outbox at path quickly, for benchmarks: one
 * made by outbox_put() (as kiosk_proc_fill), then n - 1 copies of that row
 * with fresh random ids in one SQLite transaction, then outbox_check(). */
void kiosk_proc_fill_bulk(const char *outbox_path, int n);

/* Answers in the outbox at path (count of its answer table). */
long long kiosk_proc_waiting(const char *outbox_path);

/* Waits until the outbox at path is empty. */
bool kiosk_proc_wait_empty(const char *outbox_path, int timeout_ms);

/* Starts the kiosk headless, no script. */
void kiosk_proc_start(kiosk_proc *k);

/* Waits until the kiosk started last has said its delivery is online (its
 * log: "delivery (ID): online"): it is up, signal handlers and all. */
bool kiosk_proc_wait_online(kiosk_proc *k, int timeout_ms);

/* SIGTERM; returns its exit code (0: it quit cleanly). */
int kiosk_proc_stop(kiosk_proc *k);

/* SIGKILL: a power cut. */
void kiosk_proc_kill(kiosk_proc *k);

/* The "longest frame gap N ms" the kiosk printed on exit, or -1. */
long long kiosk_proc_longest_gap_ms(const kiosk_proc *k);

/* For the in-process kiosk: delivery to b in h->config (device id
 * h->config.device_id; password file written by b), cooldown 0, and the
 * process's clock reading overridden to a synchronised one (undone by
 * kiosk_proc_harness_done). Call between kiosk_harness_config and _open. */
void kiosk_proc_harness(kiosk_harness *h, broker *b, const kiosk_proc_delivery *d);
void kiosk_proc_harness_done(void);

#endif
