/* test_fleet.c -- staffroom-fleet as estates and their monitoring use it:
 * the program itself, its table, its JSON and its exit code.
 *
 *   - from a collector store (real SQLite, rows as the collector writes
 *     them): online and offline with since when, queue depths, problems,
 *     healthy fleets exit 0, --ignore, files that are not a store
 *   - from the broker's retained status messages (a real mosquitto, the
 *     shipped ACL, the staffroom-fleet account): the same picture, never
 *     seen kiosks from the registry, a refused login
 *   - the whole chain (the "done when"): two kiosks provisioned,
 *     a broker started with the generated password file and the shipped
 *     ACL, both kiosks running headless, the collector storing their
 *     statuses; staffroom-fleet lists both online with their queue depths;
 *     one kiosk killed, its last will makes it offline and the exit code 1
 */
#define _DEFAULT_SOURCE /* kill, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "broker.h"
#include "collector/collector_schema.h"
#include "mqtt_client.h"
#include "testproc.h"
#include "testutil.h"
#include "wire/wire.h"

#define WAIT_MS 15000
#define OUTPUT_MAX 32768

typedef struct run_result {
    int code;
    char out[OUTPUT_MAX]; /* stdout */
    char err[4096];       /* stderr */
} run_result;

static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, size - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
}

/* Runs a program of this build with args (NULL-terminated). */
static void run(run_result *r, const char *program, const char *const *args)
{
    char out_path[1024], err_path[1024];
    testutil_path(out_path, sizeof out_path, "run.out");
    testutil_path(err_path, sizeof err_path, "run.err");
    const char *argv[40] = {testutil_build_program(program)};
    for (int i = 0; args[i] && i < 38; i++)
        argv[i + 1] = args[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(out_path, "w", stdout) || !freopen(err_path, "w", stderr))
            _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    r->code = WEXITSTATUS(status);
    slurp(out_path, r->out, sizeof r->out);
    slurp(err_path, r->err, sizeof r->err);
}

static void run_fleet(run_result *r, const char *const *args)
{
    run(r, "staffroom-fleet", args);
}

/* The kiosk object for device in staffroom-fleet's JSON (borrowed). */
static const cJSON *json_kiosk(const cJSON *root, const char *device)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItem(root, "kiosks"))
        if (strcmp(cJSON_GetObjectItem(k, "device")->valuestring, device) == 0)
            return k;
    fail_msg("no kiosk %s in the JSON", device);
    return NULL;
}

static bool has_flag(const cJSON *kiosk, const char *flag)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(kiosk, "flags"))
        if (strcmp(f->valuestring, flag) == 0)
            return true;
    return false;
}

static double number(const cJSON *kiosk, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(kiosk, key);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", key);
    return v->valuedouble;
}

static const char *json_text(const cJSON *kiosk, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(kiosk, key);
    return cJSON_IsString(v) ? v->valuestring : "(null)";
}

/* ---- from the collector's store ------------------------------------------------ */

static void exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

/* A collector store with the rows the collector writes for: a kiosk online
 * for 2 h 13 min, one offline for 3 h (its last will), one registered but
 * never heard from, and one no longer in the registry. */
static void make_store(const char *path, bool healthy_only)
{
    sqlite3 *db = NULL;
    char err[512], sql[2048];
    unlink(path);
    if (collector_schema_open(path, &db, err, sizeof err) != SR_OK)
        fail_msg("%s", err);
    long long now = (long long)time(NULL), minute = now - now % 60;
    snprintf(sql, sizeof sql,
             "INSERT INTO device VALUES ('ward7-kiosk-1', 'St Elsewhere General', 'Ward 7',"
             " 'nursing', 1, 0, 1, %lld, %lld, '0.1.0', '2025.11', 3, %lld, %lld, 54, 1, 200, NULL);",
             minute - 133 * 60, minute, now - 2 * 3600, minute - 300);
    exec_sql(db, sql);
    if (!healthy_only) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO device VALUES ('ward9-kiosk-2', 'St Elsewhere General', 'Ward 9',"
                 " '', 1, 0, 0, NULL, %lld, '0.1.0', '2025.10', 12, %lld, %lld, 8, 1, 90, NULL);"
                 "INSERT INTO device (id, site, area, registered) VALUES"
                 " ('ward3-kiosk-3', 'St Elsewhere General', 'Ward 3', 1);"
                 "INSERT INTO device (id, site, area, registered, online) VALUES"
                 " ('old-kiosk', 'Closed Site', 'Ward 1', 0, 0);",
                 now - 3 * 3600, now - 30 * 3600, now - 3 * 3600);
        exec_sql(db, sql);
    }
    sqlite3_close(db);
}

/* The table's line for device (the first line starting with it), or "". */
static const char *table_line(const char *out, const char *device, char *line, size_t size)
{
    line[0] = 0;
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, device, strlen(device)) == 0) {
            snprintf(line, size, "%.*s", (int)strcspn(p, "\n"), p);
            break;
        }
    return line;
}

/* Whether the table's line for device holds the cells, in order, each
 * followed by the column gap. */
static bool row_has(const char *out, const char *device, const char *const *cells)
{
    char line[1024];
    const char *p = table_line(out, device, line, sizeof line);
    for (; *cells && p; cells++) {
        p = strstr(p, *cells);
        if (p)
            p += strlen(*cells);
    }
    return p != NULL;
}

static void test_table_from_the_collector_store(void **state)
{
    (void)state;
    char db[1024];
    testutil_path(db, sizeof db, "collector.db");
    make_store(db, false);
    run_result *r = calloc(1, sizeof *r);
    const char *args[] = {"--db", db, NULL};
    run_fleet(r, args);
    assert_int_equal(r->code, 1);
    /* Every registered kiosk, one line each; the unregistered one not. */
    assert_non_null(strstr(r->out, "DEVICE"));
    const char *w7[] = {"St Elsewhere General", "Ward 7", "online for 2 h 13 min", "3",
                        "2 h 0 min", "5 min ago", "0.1.0", "2025.11", "54%", "synced", "-",
                        NULL};
    const char *w9[] = {"Ward 9", "offline for 3 h 0 min", "12", "1 d 6 h", "2025.10", "8%",
                        "offline,backlog,disk,content", NULL};
    const char *w3[] = {"Ward 3", "never seen", "?", "never-seen", NULL};
    if (!row_has(r->out, "ward7-kiosk-1", w7) || !row_has(r->out, "ward9-kiosk-2", w9) ||
        !row_has(r->out, "ward3-kiosk-3", w3))
        fail_msg("the table is not as expected:\n%s", r->out);
    assert_null(strstr(r->out, "old-kiosk"));
    /* The problems, in words. */
    assert_non_null(strstr(r->out, "ward9-kiosk-2 (St Elsewhere General, Ward 9): offline for 3 h"));
    assert_non_null(strstr(r->out, "oldest of 12 waiting answers is 1 d 6 h old"));
    assert_non_null(strstr(r->out, "disk 8% free"));
    assert_non_null(strstr(r->out, "content 2025.10, expected 2025.11"));
    assert_non_null(strstr(r->out, "3 kiosks: 1 online, 1 offline, 1 never seen, 0 revoked; 2 with problems"));

    /* Monitoring can accept what it knows about. */
    const char *ignoring[] = {"--db", db, "--ignore",
                              "offline,never-seen,backlog,disk,content", NULL};
    run_fleet(r, ignoring);
    assert_int_equal(r->code, 0);
    assert_non_null(strstr(r->out, "no problems"));
    free(r);
}

static void test_json_from_the_collector_store(void **state)
{
    (void)state;
    char db[1024];
    testutil_path(db, sizeof db, "collector-json.db");
    make_store(db, false);
    run_result *r = calloc(1, sizeof *r);
    const char *args[] = {"--db", db, "--json", NULL};
    run_fleet(r, args);
    assert_int_equal(r->code, 1);
    cJSON *root = cJSON_Parse(r->out);
    if (!root)
        fail_msg("not JSON:\n%s", r->out);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "kiosks")), 3);
    assert_int_equal((int)number(root, "flagged"), 2);
    const cJSON *w7 = json_kiosk(root, "ward7-kiosk-1");
    assert_string_equal(json_text(w7, "state"), "online");
    assert_int_equal((int)number(w7, "waiting"), 3);
    assert_int_equal((int)number(w7, "for_seconds") / 60, 133);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(w7, "flags")), 0);
    const cJSON *w9 = json_kiosk(root, "ward9-kiosk-2");
    assert_string_equal(json_text(w9, "state"), "offline");
    assert_int_equal((int)number(w9, "waiting"), 12);
    assert_true(has_flag(w9, "offline") && has_flag(w9, "backlog") && has_flag(w9, "disk") &&
                has_flag(w9, "content"));
    assert_false(has_flag(w9, "clock"));
    const cJSON *w3 = json_kiosk(root, "ward3-kiosk-3");
    assert_true(has_flag(w3, "never-seen"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(w3, "waiting")));
    cJSON_Delete(root);

    make_store(db, true);
    run_fleet(r, args);
    assert_int_equal(r->code, 0);
    free(r);
}

static void test_what_is_not_a_fleet_is_said(void **state)
{
    (void)state;
    char path[1024];
    run_result *r = calloc(1, sizeof *r);
    testutil_path(path, sizeof path, "not-a-store.db");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec_sql(db, "CREATE TABLE x (y);");
    sqlite3_close(db);
    const char *other[] = {"--db", path, NULL};
    run_fleet(r, other);
    assert_int_equal(r->code, 1);
    assert_non_null(strstr(r->err, "not a Staffroom collector store"));
    testutil_path(path, sizeof path, "missing.db");
    run_fleet(r, other);
    assert_int_equal(r->code, 1);
    assert_non_null(strstr(r->err, "missing.db: no such file"));
    const char *none[] = {NULL};
    run_fleet(r, none);
    assert_int_equal(r->code, 2);
    const char *bad[] = {"--db", path, "--offline-minutes", "soon", NULL};
    run_fleet(r, bad);
    assert_int_equal(r->code, 2);
    assert_non_null(strstr(r->err, "--offline-minutes: 'soon'"));
    free(r);
}

/* ---- from the broker's retained status messages ----------------------------------- */

/* A kiosk's retained status, published as the kiosk (its own topic). */
static void publish_status(const broker *b, const char *device, const wire_status *status)
{
    mqtt_client_options o = {.user = device};
    mqtt_client *c = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &c), 0);
    char topic[WIRE_TOPIC_MAX];
    assert_true(wire_topic(topic, sizeof topic, device, WIRE_CHANNEL_STATUS));
    char *json = wire_status_encode(status);
    assert_non_null(json);
    assert_int_equal(mqtt_client_publish(c, topic, json, strlen(json), 1, true), 0);
    free(json);
    mqtt_client_close(c);
}

/* The fleet INI for user (and password_user's password) on broker b. */
static void write_fleet_ini(broker *b, const char *path, const char *registry, const char *user,
                            const char *password_user)
{
    char text[4096];
    snprintf(text, sizeof text,
             "[mqtt]\nhost = 127.0.0.1\nport = %d\nusername = %s\npassword_file = %s\n"
             "ca_file =\n[registry]\npath = %s\n",
             broker_port(b), user, broker_password_file(b, password_user), registry);
    assert_true(testutil_write_file(path, text));
}

static void test_fleet_from_retained_status_messages(void **state)
{
    (void)state;
    const char *kiosks[] = {"ward7-kiosk-1", "ward9-kiosk-2"};
    broker_options options = {.kiosks = kiosks, .n_kiosks = 2};
    broker *b = broker_start("fleet-retained", &options);
    long long now = (long long)time(NULL);
    wire_status up = {.online = true, .waiting = 3, .oldest_period = now - 7200,
                      .last_delivery = now - 300, .disk_free_percent = 54,
                      .clock_synced = true, .uptime_minutes = 125};
    snprintf(up.app_version, sizeof up.app_version, "0.1.0");
    snprintf(up.content_version, sizeof up.content_version, "2025.11");
    publish_status(b, "ward7-kiosk-1", &up);
    wire_status gone = {.online = false}; /* what the last will says */
    publish_status(b, "ward9-kiosk-2", &gone);

    char registry[1024], ini[1024];
    testutil_path(registry, sizeof registry, "fleet-registry.ini");
    assert_true(testutil_write_file(
        registry, "[ward7-kiosk-1]\nsite = St Elsewhere General\narea = Ward 7\n"
                  "[ward9-kiosk-2]\nsite = St Elsewhere General\narea = Ward 9\n"
                  "[ward3-kiosk-3]\nsite = St Elsewhere General\narea = Ward 3\n"));
    testutil_path(ini, sizeof ini, "fleet.ini");
    write_fleet_ini(b, ini, registry, BROKER_FLEET_USER, BROKER_FLEET_USER);
    run_result *r = calloc(1, sizeof *r);
    const char *args[] = {"--mqtt-config", ini, "--json", "--quiet-ms", "300", NULL};
    run_fleet(r, args);
    assert_int_equal(r->code, 1);
    cJSON *root = cJSON_Parse(r->out);
    if (!root)
        fail_msg("not JSON (stderr: %s):\n%s", r->err, r->out);
    const cJSON *w7 = json_kiosk(root, "ward7-kiosk-1");
    assert_string_equal(json_text(w7, "state"), "online");
    assert_string_equal(json_text(w7, "area"), "Ward 7");
    assert_int_equal((int)number(w7, "waiting"), 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(w7, "flags")), 0);
    const cJSON *w9 = json_kiosk(root, "ward9-kiosk-2");
    assert_string_equal(json_text(w9, "state"), "offline");
    assert_true(has_flag(w9, "offline"));
    assert_true(has_flag(json_kiosk(root, "ward3-kiosk-3"), "never-seen"));
    cJSON_Delete(root);

    /* The table says what the broker cannot: since when is unknown. */
    const char *table[] = {"--mqtt-config", ini, "--quiet-ms", "300", NULL};
    run_fleet(r, table);
    assert_int_equal(r->code, 1);
    assert_non_null(strstr(r->out, "online (up 2 h 5 min)"));
    assert_non_null(strstr(r->out, "offline (since when is unknown"));

    /* A wrong password: the broker says no, and so does the exit code. */
    write_fleet_ini(b, ini, registry, BROKER_FLEET_USER, "ward7-kiosk-1");
    run_fleet(r, table);
    assert_int_equal(r->code, 1);
    assert_non_null(strstr(r->err, "refused the login of staffroom-fleet"));
    free(r);
    broker_stop(b);
}

/* ---- the whole chain ------------------------------------------------------------------ */

#define KIOSK_A "ward7-kiosk-1"
#define KIOSK_B "ward9-kiosk-2"

typedef struct chain {
    broker *b;
    char dir[1024], registry[1100], out[1100], template_ini[1100], db[1100];
    testproc collector, kiosks[2];
    char collector_log[1100];
} chain;

/* staffroom-provision add for one kiosk of the chain's broker. */
static void provision(chain *c, const char *id, const char *area)
{
    char port[16], pid[16], passwd[1100];
    snprintf(port, sizeof port, "%d", broker_port(c->b));
    snprintf(pid, sizeof pid, "%d", broker_pid(c->b));
    snprintf(passwd, sizeof passwd, "%s/passwd", broker_dir(c->b));
    const char *args[] = {"add", "--id", id, "--site", "St Elsewhere General", "--area", area,
                          "--registry", c->registry, "--password-file", passwd, "--out", c->out,
                          "--mqtt-host", "127.0.0.1", "--mqtt-port", port, "--template",
                          c->template_ini, "--broker-pid", pid, NULL};
    run_result *r = calloc(1, sizeof *r);
    run(r, "staffroom-provision", args);
    if (r->code != 0)
        fail_msg("staffroom-provision add %s: exit %d\n%s%s", id, r->code, r->out, r->err);
    free(r);
}

/* n check-ins on the kiosk's own screen (a headless scripted run). They
 * wait in its outbox: this machine's clock is not synchronised, so the
 * kiosk holds them until it knows the time (app/store/outbox.h). */
static void check_in(const chain *c, const char *id, int n)
{
    char script[1200], ini[1200], log[1200], text[1024] = "";
    snprintf(script, sizeof script, "%s/%s.script", c->dir, id);
    snprintf(ini, sizeof ini, "%s/%s/staffroom.ini", c->out, id);
    snprintf(log, sizeof log, "%s/%s-script.log", c->dir, id);
    for (int i = 0; i < n; i++)
        strcat(text, "expect idle\ntap mood-4\ntap done\nexpect thanks\nwait 30000\n");
    strcat(text, "quit\n");
    assert_true(testutil_write_file(script, text));
    const char *argv[] = {testutil_build_program("staffroom-kiosk"), "--config", ini,
                          "--headless", "--script", script, NULL};
    int code = testproc_run(argv, log, WAIT_MS);
    if (code != 0)
        fail_msg("the kiosk's scripted check-ins failed (exit %d, log %s)", code, log);
}

static void start_kiosk(chain *c, int i, const char *id)
{
    char ini[1200], log[1200];
    snprintf(ini, sizeof ini, "%s/%s/staffroom.ini", c->out, id);
    snprintf(log, sizeof log, "%s/%s.log", c->dir, id);
    const char *argv[] = {testutil_build_program("staffroom-kiosk"), "--config", ini,
                          "--headless", NULL};
    assert_true(testproc_start(&c->kiosks[i], argv, log));
}

static void start_collector(chain *c)
{
    char ini[1200], content[1024], text[6000];
    snprintf(ini, sizeof ini, "%s/collector.ini", c->dir);
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(text, sizeof text,
             "[mqtt]\nhost = 127.0.0.1\nport = %d\npassword_file = %s\n"
             "[store]\npath = %s\n[registry]\npath = %s\n[content]\ndir = %s\n"
             "[ingest]\nbatch_ms = 20\n",
             broker_port(c->b), broker_password_file(c->b, BROKER_COLLECTOR_USER), c->db,
             c->registry, content);
    assert_true(testutil_write_file(ini, text));
    snprintf(c->collector_log, sizeof c->collector_log, "%s/collector.log", c->dir);
    const char *argv[] = {testutil_build_program("staffroom-collector"), "--config", ini, NULL};
    assert_true(testproc_start(&c->collector, argv, c->collector_log));
}

typedef struct device_wait {
    const char *db;
    const char *sql; /* counts rows; done when it counts `want` */
    int want;
} device_wait;

static bool devices_are(void *arg)
{
    device_wait *w = arg;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int got = -1;
    if (sqlite3_open_v2(w->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, w->sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        got = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return got == w->want;
}

static void wait_devices(const chain *c, const char *sql, int want, const char *what)
{
    device_wait w = {c->db, sql, want};
    if (!testutil_wait_until(devices_are, &w, WAIT_MS))
        fail_msg("the collector's device table never showed %s (logs in %s)", what, c->dir);
}

/* staffroom-fleet --db on the chain's store, as JSON. */
static cJSON *fleet_json(const chain *c, const char *offline_minutes, int want_code)
{
    run_result *r = calloc(1, sizeof *r);
    /* This machine's clock is not NTP-synchronised, nor need it be: the
     * clock flag is the one thing the test does not ask about. */
    const char *args[] = {"--db", c->db, "--json", "--offline-minutes", offline_minutes,
                          "--ignore", "clock", NULL};
    run_fleet(r, args);
    if (r->code != want_code)
        fail_msg("staffroom-fleet exited %d, not %d:\n%s%s", r->code, want_code, r->out, r->err);
    cJSON *root = cJSON_Parse(r->out);
    if (!root)
        fail_msg("not JSON:\n%s", r->out);
    free(r);
    return root;
}

static void test_done_when_two_kiosks_then_one_dies(void **state)
{
    (void)state;
    chain c;
    memset(&c, 0, sizeof c);
    testutil_fresh_dir(c.dir, sizeof c.dir, "chain");
    snprintf(c.registry, sizeof c.registry, "%s/registry.ini", c.dir);
    snprintf(c.out, sizeof c.out, "%s/kiosks", c.dir);
    snprintf(c.db, sizeof c.db, "%s/collector.db", c.dir);
    snprintf(c.template_ini, sizeof c.template_ini, "%s/template.ini", c.dir);
    char content[1024], text[2048];
    testutil_source_path(content, sizeof content, "assets/content");
    /* Relative paths: each kiosk's outbox lands in its own folder. */
    snprintf(text, sizeof text,
             "[store]\npath = outbox.db\n[content]\ndir = %s\ncache_dir = content-good\n"
             "[ui]\nfullscreen = false\n",
             content);
    assert_true(testutil_write_file(c.template_ini, text));

    /* A broker with only the service accounts; provisioning adds the
     * kiosks to its password file and tells it to read the file again. */
    c.b = broker_start("chain", NULL);
    provision(&c, KIOSK_A, "Ward 7");
    provision(&c, KIOSK_B, "Ward 9");
    check_in(&c, KIOSK_A, 2);
    check_in(&c, KIOSK_B, 1);

    start_collector(&c);
    start_kiosk(&c, 0, KIOSK_A);
    start_kiosk(&c, 1, KIOSK_B);
    wait_devices(&c, "SELECT count(*) FROM device WHERE online = 1 AND waiting IS NOT NULL", 2,
                 "both kiosks online");

    cJSON *root = fleet_json(&c, "0", 0);
    const cJSON *a = json_kiosk(root, KIOSK_A), *b = json_kiosk(root, KIOSK_B);
    assert_string_equal(json_text(a, "state"), "online");
    assert_string_equal(json_text(b, "state"), "online");
    assert_string_equal(json_text(a, "area"), "Ward 7");
    /* The queue depth each kiosk reported when it connected. */
    assert_int_equal((int)number(a, "waiting"), 2);
    assert_int_equal((int)number(b, "waiting"), 1);
    cJSON_Delete(root);

    /* Pull the plug on one kiosk: no goodbye, so the broker publishes its
     * last will, and the collector records it offline. */
    testproc_end(&c.kiosks[1], SIGKILL, WAIT_MS);
    wait_devices(&c, "SELECT count(*) FROM device WHERE id = '" KIOSK_B "' AND online = 0", 1,
                 "the killed kiosk offline");
    root = fleet_json(&c, "0", 1);
    b = json_kiosk(root, KIOSK_B);
    assert_string_equal(json_text(b, "state"), "offline");
    assert_true(has_flag(b, "offline"));
    assert_string_equal(json_text(json_kiosk(root, KIOSK_A), "state"), "online");
    assert_int_equal((int)number(root, "flagged"), 1);
    cJSON_Delete(root);

    testproc_end(&c.kiosks[0], SIGTERM, WAIT_MS);
    testproc_end(&c.collector, SIGTERM, WAIT_MS);
    broker_stop(c.b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_from_the_collector_store),
        cmocka_unit_test(test_json_from_the_collector_store),
        cmocka_unit_test(test_what_is_not_a_fleet_is_said),
        cmocka_unit_test(test_fleet_from_retained_status_messages),
        cmocka_unit_test(test_done_when_two_kiosks_then_one_dies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
