/* test_hostile.c -- the collector against messages meant to hurt it, over
 * the real broker: every case of tests/net/hostile/MANIFEST is published
 * with mosquitto_pub -f (byte for byte, as anyone holding a kiosk's
 * password could), then answers from a device the registry does not know
 * and from a revoked one.
 *
 * What must hold (DESIGN.md, "Bad input gets a clear error, and nothing is
 * lost"): the collector keeps running; every refused message is in its
 * dead-letter table with the reason the corpus expects, in the order sent;
 * every valid one is stored. "Everything sent has been handled" is known
 * without sleeping: a valid marker answer sent last is stored only after
 * everything the broker queued before it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "broker.h"
#include "collector_proc.h"
#include "hostile.h"
#include "idset.h"
#include "testproc.h"
#include "testutil.h"

#define DEVICE "ward7-kiosk-1"
#define STRANGER "ward99-kiosk-9"   /* has broker credentials, not in the registry */
#define REVOKED "ward3-kiosk-old"   /* in the registry, revoked */
#define TOPIC(device) "staffroom/v1/kiosk/" device "/answer"
#define WAIT_MS 60000
#define MAX_CASES 200

typedef struct refusal {
    char expected[256];
    char label[128];
} refusal;

typedef struct fixture {
    broker *b;
    collector_proc *collector;
    char dir[512];
    refusal refused[MAX_CASES]; /* in the order sent */
    int n_refused;
    idset accepted;
    int sent;
} fixture;

/* mosquitto_pub -f FILE as user on its answer topic, QoS 1: it exits 0
 * once the broker has the message. */
static void publish_file(fixture *f, const char *user, const char *topic, const char *file)
{
    char port[16], password[128], log[700];
    snprintf(port, sizeof port, "%d", broker_port(f->b));
    snprintf(password, sizeof password, "pw-%s", user);
    snprintf(log, sizeof log, "%s/mosquitto_pub.log", f->dir);
    const char *argv[] = {"mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-u", user, "-P",
                          password, "-i", "hostile-sender", "-q", "1", "-t", topic, "-f", file,
                          NULL};
    int code = testproc_run(argv, log, WAIT_MS);
    if (code != 0)
        fail_msg("mosquitto_pub -f %s exited %d (see %s)", file, code, log);
    f->sent++;
}

static void publish_bytes(fixture *f, const char *user, const char *topic, const void *bytes,
                          size_t len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/message-%d", f->dir, f->sent);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, len, out), len);
    assert_int_equal(fclose(out), 0);
    publish_file(f, user, topic, path);
}

/* A valid check-in with this id (32 hex digits). */
static void publish_answer(fixture *f, const char *user, const char *topic, const char *id)
{
    char message[512];
    snprintf(message, sizeof message,
             "{\"v\":1,\"id\":\"%s\",\"period\":1763805600,\"shift\":\"day\",\"clock\":\"synced\","
             "\"body\":{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\","
             "\"content_version\":\"2026.11-sample\",\"lang\":\"en\",\"score\":5,"
             "\"option\":\"very-good\",\"followups\":{\"affected\":[],\"helped\":[]}}}",
             id);
    publish_bytes(f, user, topic, message, strlen(message));
}

/* The id an accepted case carries (after a byte order mark, if any). */
static void note_accepted(fixture *f, const void *bytes, size_t len)
{
    const char *text = bytes;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    cJSON *json = cJSON_ParseWithLength(text, len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(json, "id");
    assert_true(cJSON_IsString(id));
    if (!idset_contains(&f->accepted, id->valuestring)) {
        idset_add(&f->accepted, id->valuestring);
        idset_sort(&f->accepted);
    }
    cJSON_Delete(json);
}

typedef struct stored_wait {
    const char *store;
    const char *id;
    int64_t next_look_ms;
} stored_wait;

static bool stored(void *arg)
{
    stored_wait *w = arg;
    int64_t now = testutil_now_ms();
    if (now < w->next_look_ms)
        return false;
    w->next_look_ms = now + 20;
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM answer WHERE id = '%s'", w->id);
    return idset_query_int(w->store, sql) == 1;
}

/* Sends a valid marker answer and waits until it is stored: everything
 * sent before it has been handled by then. */
static void wait_for_marker(fixture *f, const char *id)
{
    publish_answer(f, DEVICE, TOPIC(DEVICE), id);
    stored_wait w = {collector_proc_store(f->collector), id, 0};
    if (!testutil_wait_until(stored, &w, WAIT_MS))
        fail_msg("the collector did not store the marker %s (log: %s)", id,
                 collector_proc_log(f->collector));
    assert_true(collector_proc_running(f->collector));
}

static void send_corpus(fixture *f)
{
    char manifest[600], line[1024];
    hostile_manifest_path(manifest, sizeof manifest);
    FILE *in = fopen(manifest, "r");
    assert_non_null(in);
    while (fgets(line, sizeof line, in)) {
        void *bytes = NULL;
        size_t len = 0;
        char expected[256];
        int loaded = hostile_load(line, &bytes, &len, expected, sizeof expected);
        assert_int_not_equal(loaded, -1);
        if (loaded == 0)
            continue;
        if (strcmp(expected, HOSTILE_ACCEPT) == 0) {
            note_accepted(f, bytes, len);
        } else {
            assert_true(f->n_refused < MAX_CASES);
            refusal *r = &f->refused[f->n_refused++];
            snprintf(r->expected, sizeof r->expected, "%s", expected);
            snprintf(r->label, sizeof r->label, "%.*s", (int)strcspn(line, "\t"), line);
        }
        publish_bytes(f, DEVICE, TOPIC(DEVICE), bytes, len);
        free(bytes);
    }
    fclose(in);
}

/* The dead-letter table's reasons, in arrival order; *n of them. */
static char **dead_letter_reasons(const char *store, int *n)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT reason FROM dead_letter ORDER BY seq", -1,
                                        &stmt, NULL),
                     SQLITE_OK);
    char **reasons = NULL;
    *n = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        reasons = realloc(reasons, (size_t)(*n + 1) * sizeof *reasons);
        assert_non_null(reasons);
        reasons[(*n)++] = strdup((const char *)sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return reasons;
}

static void test_every_hostile_message_is_dead_lettered(void **state)
{
    (void)state;
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    const char *const kiosks[] = {DEVICE, STRANGER, REVOKED};
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 3};
    f->b = broker_start("hostile", &bo);
    const char *const devices[] = {DEVICE};
    const char *const revoked[] = {REVOKED};
    collector_proc_options co = {.devices = devices, .n_devices = 1, .revoked = revoked,
                                 .n_revoked = 1};
    f->collector = collector_proc_start(f->b, "hostile", &co);
    testutil_fresh_dir(f->dir, sizeof f->dir, "hostile-messages");

    send_corpus(f);
    publish_answer(f, STRANGER, TOPIC(STRANGER), "5712a46e000000000000000000000001");
    publish_answer(f, REVOKED, TOPIC(REVOKED), "4e40ced0000000000000000000000002");
    wait_for_marker(f, "3a4e4e40000000000000000000000003");

    /* Dead letters, in the order sent: the corpus's refusals, then the
     * stranger's and the revoked device's answers. */
    const char *store = collector_proc_store(f->collector);
    int n_dead = 0;
    char **reasons = dead_letter_reasons(store, &n_dead);
    for (int i = 0; i < f->n_refused + 2 && i < n_dead; i++) {
        const char *want = i < f->n_refused ? f->refused[i].expected
                           : i == f->n_refused ? "device not in the registry"
                                               : "device revoked";
        if (!strstr(reasons[i], want))
            fail_msg("dead letter %d (%s): \"%s\" does not contain \"%s\"", i + 1,
                     i < f->n_refused ? f->refused[i].label : "device check", reasons[i], want);
    }
    assert_int_equal(n_dead, f->n_refused + 2);
    for (int i = 0; i < n_dead; i++)
        free(reasons[i]);
    free(reasons);

    /* The accepted cases and the marker are stored, nothing else. */
    idset held;
    idset_read(&held, store, "SELECT id FROM answer UNION ALL SELECT id FROM item_use");
    idset_add(&f->accepted, "3a4e4e40000000000000000000000003");
    idset_sort(&f->accepted);
    idset_assert_equal(&f->accepted, &held, "stored answers");
    idset_free(&held);

    assert_true(collector_proc_running(f->collector));
    collector_proc_stop(f->collector);
    broker_stop(f->b);
    idset_free(&f->accepted);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_hostile_message_is_dead_lettered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
