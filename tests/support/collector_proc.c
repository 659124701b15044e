/* collector_proc.c -- staffroom-collector as a child process; see
 * collector_proc.h. */
#define _GNU_SOURCE
#include "collector_proc.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "idset.h"
#include "mqtt_client.h"
#include "testproc.h"
#include "testutil.h"

#define COLLECTOR_PATH_MAX 700
#define COLLECTOR_CLIENT_ID "test-collector"
#define COLLECTOR_STOP_MS 20000

struct collector_proc {
    char dir[512];
    char ini[COLLECTOR_PATH_MAX];
    char store[COLLECTOR_PATH_MAX];
    char log[COLLECTOR_PATH_MAX];
    testproc proc;
};

static void write_registry(const char *path, const collector_proc_options *o)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# written by tests/support/collector_proc.c\n");
    for (int i = 0; o && i < o->n_devices; i++)
        fprintf(f, "[%s]\nsite = %s\narea = Ward %d\nstaff_group = nursing\n\n", o->devices[i],
                COLLECTOR_PROC_SITE, i + 1);
    for (int i = 0; o && i < o->n_revoked; i++)
        fprintf(f, "[%s]\nsite = %s\narea = Returned\nrevoked = true\n\n", o->revoked[i],
                COLLECTOR_PROC_SITE);
    assert_int_equal(fclose(f), 0);
}

static void write_config(collector_proc *c, broker *b, const collector_proc_options *o)
{
    char registry[COLLECTOR_PATH_MAX], content[COLLECTOR_PATH_MAX];
    snprintf(registry, sizeof registry, "%s/registry.ini", c->dir);
    write_registry(registry, o);
    testutil_source_path(content, sizeof content, "assets/content");
    FILE *f = fopen(c->ini, "w");
    assert_non_null(f);
    fprintf(f,
            "[mqtt]\nhost = 127.0.0.1\nport = %d\nusername = %s\npassword_file = %s\n"
            "ca_file = %s\nclient_id = %s\nkeepalive_seconds = 10\n"
            "[store]\npath = %s\n[registry]\npath = %s\n[content]\ndir = %s\n",
            broker_port(b), BROKER_COLLECTOR_USER,
            broker_password_file(b, BROKER_COLLECTOR_USER),
            broker_ca_file(b) ? broker_ca_file(b) : "", COLLECTOR_CLIENT_ID, c->store, registry,
            content);
    if (o && o->batch_max > 0)
        fprintf(f, "[ingest]\nbatch_max = %d\n", o->batch_max);
    assert_int_equal(fclose(f), 0);
}

/* The session the collector resumes: what it subscribes to, at QoS 1. */
static void make_session(const broker *b)
{
    mqtt_client_options o = {.user = BROKER_COLLECTOR_USER, .client_id = COLLECTOR_CLIENT_ID,
                             .persistent = true, .ca_file = broker_ca_file(b)};
    mqtt_client *m = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &m), 0);
    assert_int_equal(mqtt_client_subscribe(m, "staffroom/v1/kiosk/+/answer", 1), 1);
    assert_int_equal(mqtt_client_subscribe(m, "staffroom/v1/kiosk/+/status", 1), 1);
    mqtt_client_close(m);
}

collector_proc *collector_proc_prepare(broker *b, const char *name, const collector_proc_options *o)
{
    collector_proc *c = calloc(1, sizeof *c);
    assert_non_null(c);
    char folder[256];
    snprintf(folder, sizeof folder, "collector-%s", name);
    testutil_fresh_dir(c->dir, sizeof c->dir, folder);
    snprintf(c->ini, sizeof c->ini, "%s/collector.ini", c->dir);
    snprintf(c->store, sizeof c->store, "%s/collector.db", c->dir);
    snprintf(c->log, sizeof c->log, "%s/collector.log", c->dir);
    write_config(c, b, o);
    make_session(b);
    return c;
}

collector_proc *collector_proc_start(broker *b, const char *name, const collector_proc_options *o)
{
    collector_proc *c = collector_proc_prepare(b, name, o);
    collector_proc_restart(c);
    return c;
}

void collector_proc_restart(collector_proc *c)
{
    assert_true(testproc_exited(&c->proc));
    const char *argv[] = {testproc_program("staffroom-collector"), "--config", c->ini, NULL};
    assert_true(testproc_start(&c->proc, argv, c->log));
}

void collector_proc_kill(collector_proc *c)
{
    testproc_end(&c->proc, SIGKILL, COLLECTOR_STOP_MS);
}

bool collector_proc_running(collector_proc *c)
{
    return !testproc_exited(&c->proc);
}

int collector_proc_pid(const collector_proc *c)
{
    return (int)c->proc.pid;
}

void collector_proc_stop(collector_proc *c)
{
    if (!c)
        return;
    if (c->proc.pid > 0) {
        int code = testproc_end(&c->proc, SIGTERM, COLLECTOR_STOP_MS);
        if (code != 0)
            fail_msg("staffroom-collector ended with %d on SIGTERM (log: %s)", code, c->log);
    }
    free(c);
}

const char *collector_proc_store(const collector_proc *c)
{
    return c->store;
}

const char *collector_proc_log(const collector_proc *c)
{
    return c->log;
}

long long collector_proc_answers(const collector_proc *c)
{
    return idset_query_int(c->store, "SELECT count(*) FROM answer");
}

typedef struct answers_wait {
    const collector_proc *c;
    long long n;
    int64_t next_look_ms;
} answers_wait;

/* Looks into the store every 10 ms, not at every 1 ms turn of the wait:
 * opening SQLite that often would take CPU from the programs under test. */
static bool enough_answers(void *arg)
{
    answers_wait *w = arg;
    int64_t now = testutil_now_ms();
    if (now < w->next_look_ms)
        return false;
    w->next_look_ms = now + 10;
    return collector_proc_answers(w->c) >= w->n;
}

bool collector_proc_wait_answers(const collector_proc *c, long long n, int timeout_ms)
{
    answers_wait w = {c, n, 0};
    if (testutil_wait_until(enough_answers, &w, timeout_ms))
        return true;
    return collector_proc_answers(c) >= n;
}
