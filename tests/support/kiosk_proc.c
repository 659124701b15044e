/* kiosk_proc.c -- kiosks for the delivery tests; see kiosk_proc.h. */
#define _GNU_SOURCE
#include "kiosk_proc.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/privacy.h"
#include "platform/sysclock.h"
#include "store/outbox.h"
#include "testutil.h"

#define KIOSK_STOP_MS 20000

/* What the shipped pack's check-in makes (app/kiosk/answer_json.h). */
static const char *const PAYLOADS[] = {
    "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\",\"content_version\":"
    "\"2026.11-sample\",\"lang\":\"en\",\"score\":5,\"option\":\"very-good\","
    "\"followups\":{\"affected\":[],\"helped\":[]}}",
    "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\",\"content_version\":"
    "\"2026.11-sample\",\"lang\":\"en\",\"score\":2,\"option\":\"hard\","
    "\"followups\":{\"affected\":[\"workload\"],\"helped\":[]}}",
};

static void delivery_defaults(kiosk_proc_delivery *out, const kiosk_proc_delivery *d)
{
    *out = d ? *d : (kiosk_proc_delivery){0};
    if (out->resend_seconds <= 0)
        out->resend_seconds = 2;
    if (out->window <= 0)
        out->window = 500;
    if (out->batch <= 0)
        out->batch = 100;
    if (out->backoff_max_ms <= 0)
        out->backoff_max_ms = 500;
}

void kiosk_proc_config(kiosk_proc *k, const char *name, const char *device, broker *b,
                       const kiosk_proc_delivery *d)
{
    memset(k, 0, sizeof *k);
    char folder[256], content[600];
    snprintf(folder, sizeof folder, "kiosk-%s", name);
    testutil_fresh_dir(k->dir, sizeof k->dir, folder);
    snprintf(k->ini, sizeof k->ini, "%s/kiosk.ini", k->dir);
    snprintf(k->outbox, sizeof k->outbox, "%s/outbox.db", k->dir);
    snprintf(k->log, sizeof k->log, "%s/kiosk.log", k->dir);
    snprintf(k->device, sizeof k->device, "%s", device);
    testutil_source_path(content, sizeof content, "assets/content");
    kiosk_proc_delivery t;
    delivery_defaults(&t, d);
    FILE *f = fopen(k->ini, "w");
    assert_non_null(f);
    fprintf(f, "[device]\nid = %s\n[store]\npath = %s\n[content]\ndir = %s\ncache_dir = %s/good\n"
               "[ui]\nfullscreen = false\ncooldown_seconds = 0\n",
            device, k->outbox, content, k->dir);
    if (b)
        fprintf(f,
                "[mqtt]\nhost = 127.0.0.1\nport = %d\npassword_file = %s\nca_file = %s\n"
                "keepalive_seconds = 10\n[delivery]\nresend_seconds = %d\nwindow = %d\n"
                "batch = %d\nbackoff_min_ms = 50\nbackoff_max_ms = %d\n",
                broker_port(b), broker_password_file(b, device),
                broker_ca_file(b) ? broker_ca_file(b) : "", t.resend_seconds, t.window, t.batch,
                t.backoff_max_ms);
    assert_int_equal(fclose(f), 0);
}

void kiosk_proc_fill(const char *outbox_path, int n, idset *ids)
{
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    char err[512];
    if (outbox_open(outbox_path, &policy, &ob, err, sizeof err) != SR_OK)
        fail_msg("outbox_open %s: %s", outbox_path, err);
    sysclock_reading clock;
    sysclock_read(&clock);
    clock.synced = true;
    for (int i = 0; i < n; i++) {
        char id[OUTBOX_ID_HEX];
        if (outbox_put(ob, "answer", PAYLOADS[i % 2], &clock, id) != SR_OK)
            fail_msg("outbox_put: %s", outbox_last_error(ob));
        if (ids)
            idset_add(ids, id);
    }
    outbox_close(ob);
    if (ids)
        idset_sort(ids);
}

void kiosk_proc_fill_bulk(const char *outbox_path, int n)
{
    if (n <= 0)
        return;
    kiosk_proc_fill(outbox_path, 1, NULL);
    sqlite3 *db = NULL;
    char sql[512];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
             " INSERT INTO answer (id, kind, payload, period_start, shift, clock)"
             " SELECT lower(hex(randomblob(16))), a.kind, a.payload, a.period_start, a.shift,"
             " a.clock FROM k, (SELECT * FROM answer LIMIT 1) AS a",
             n - 1);
    if (sqlite3_open(outbox_path, &db) != SQLITE_OK ||
        sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("filling %s: %s", outbox_path, sqlite3_errmsg(db));
    sqlite3_close(db);
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    char err[512];
    if (outbox_open(outbox_path, &policy, &ob, err, sizeof err) != SR_OK)
        fail_msg("outbox_open %s: %s", outbox_path, err);
    if (outbox_check(ob) != SR_OK)
        fail_msg("outbox_check %s: %s", outbox_path, outbox_last_error(ob));
    outbox_close(ob);
}

long long kiosk_proc_waiting(const char *outbox_path)
{
    return idset_query_int(outbox_path, "SELECT count(*) FROM answer");
}

typedef struct empty_wait {
    const char *path;
    int64_t next_look_ms;
} empty_wait;

static bool outbox_empty(void *arg)
{
    empty_wait *w = arg;
    int64_t now = testutil_now_ms();
    if (now < w->next_look_ms)
        return false;
    w->next_look_ms = now + 10; /* see collector_proc.c: not every millisecond */
    return kiosk_proc_waiting(w->path) == 0;
}

bool kiosk_proc_wait_empty(const char *outbox_path, int timeout_ms)
{
    empty_wait w = {outbox_path, 0};
    return testutil_wait_until(outbox_empty, &w, timeout_ms) ||
           kiosk_proc_waiting(outbox_path) == 0;
}

void kiosk_proc_start(kiosk_proc *k)
{
    assert_true(testproc_exited(&k->proc));
    struct stat st;
    k->log_start = stat(k->log, &st) == 0 ? (long)st.st_size : 0;
    const char *argv[] = {testproc_program("staffroom-kiosk"), "--config", k->ini,
                          "--headless", NULL};
    assert_true(testproc_start(&k->proc, argv, k->log));
}

static bool said_online(void *arg)
{
    const kiosk_proc *k = arg;
    FILE *f = fopen(k->log, "r");
    if (!f)
        return false;
    bool online = false;
    char line[1024];
    if (fseek(f, k->log_start, SEEK_SET) == 0)
        while (!online && fgets(line, sizeof line, f))
            online = strstr(line, "): online") != NULL;
    fclose(f);
    return online;
}

bool kiosk_proc_wait_online(kiosk_proc *k, int timeout_ms)
{
    return testutil_wait_until(said_online, k, timeout_ms);
}

int kiosk_proc_stop(kiosk_proc *k)
{
    return testproc_end(&k->proc, SIGTERM, KIOSK_STOP_MS);
}

void kiosk_proc_kill(kiosk_proc *k)
{
    testproc_end(&k->proc, SIGKILL, KIOSK_STOP_MS);
}

long long kiosk_proc_longest_gap_ms(const kiosk_proc *k)
{
    FILE *f = fopen(k->log, "r");
    if (!f)
        return -1;
    char line[1024];
    long long gap = -1, value;
    while (fgets(line, sizeof line, f)) {
        const char *at = strstr(line, "longest frame gap ");
        if (at && sscanf(at, "longest frame gap %lld ms", &value) == 1)
            gap = value;
    }
    fclose(f);
    return gap;
}

void kiosk_proc_harness(kiosk_harness *h, broker *b, const kiosk_proc_delivery *d)
{
    kiosk_proc_delivery t;
    delivery_defaults(&t, d);
    kiosk_config *c = &h->config;
    snprintf(c->mqtt_host, sizeof c->mqtt_host, "127.0.0.1");
    c->mqtt_port = broker_port(b);
    snprintf(c->mqtt_password_file, sizeof c->mqtt_password_file, "%s",
             broker_password_file(b, c->device_id));
    snprintf(c->mqtt_ca_file, sizeof c->mqtt_ca_file, "%s",
             broker_ca_file(b) ? broker_ca_file(b) : "");
    c->delivery_resend_seconds = t.resend_seconds;
    c->delivery_window = t.window;
    c->delivery_batch = t.batch;
    c->delivery_backoff_min_ms = 50;
    c->delivery_backoff_max_ms = t.backoff_max_ms;
    c->cooldown_seconds = 0;
    sysclock_reading clock;
    sysclock_read(&clock);
    clock.synced = true;
    sysclock_override(&clock);
}

void kiosk_proc_harness_done(void)
{
    sysclock_override(NULL);
}
