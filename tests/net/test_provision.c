/* test_provision.c -- staffroom-provision, as a technician uses it: the
 * program itself, run on real files, checked by the programs that read
 * what it writes.
 *
 *   - device ids: readable, random, valid on the wire, never a service
 *     account's, short enough for the registry's INI reader
 *   - the registry: entries read back by the collector's own reader; hand
 *     comments kept; revoke marks; duplicates refused; a failed run leaves
 *     nothing behind
 *   - the kiosk's INI: accepted by `staffroom-kiosk --check-config`
 *   - the broker's password file: a real mosquitto lets the kiosk in with
 *     the password handed out (and its own topics work with no ACL entry:
 *     the shipped ACL's pattern lines), and shuts it out after revoke
 *   - the enrolment QR code: the PNG decodes (zbarimg) to the device id
 */
#define _DEFAULT_SOURCE /* strdup */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "broker.h"
#include "collector/registry.h"
#include "mqtt_client.h"
#include "provision/provision_id.h"
#include "testutil.h"
#include "wire/wire.h"

#define WAIT_MS 10000
#define OUTPUT_MAX 16384

typedef struct env {
    char dir[1024];
    char registry[1100], passwd[1100], out[1100], template_ini[1100], store[1100];
    char output[OUTPUT_MAX]; /* the last run's stdout and stderr */
} env;

static void env_make(env *e, const char *name)
{
    testutil_fresh_dir(e->dir, sizeof e->dir, name);
    snprintf(e->registry, sizeof e->registry, "%s/registry.ini", e->dir);
    snprintf(e->passwd, sizeof e->passwd, "%s/passwd", e->dir);
    snprintf(e->out, sizeof e->out, "%s/kiosks", e->dir);
    snprintf(e->store, sizeof e->store, "%s/outbox.db", e->dir);
    snprintf(e->template_ini, sizeof e->template_ini, "%s/template.ini", e->dir);
    char content[1024], text[3000];
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(text, sizeof text,
             "# site-wide kiosk settings\n[store]\npath = %s\n[content]\ndir = %s\n"
             "[ui]\nadmin_pin = 4321\n",
             e->store, content);
    assert_true(testutil_write_file(e->template_ini, text));
}

/* Runs program with args (NULL-terminated); its output lands in e->output.
 * Returns its exit code. */
static int run(env *e, const char *program, const char *const *args)
{
    char log[1200];
    snprintf(log, sizeof log, "%s/run.log", e->dir);
    const char *argv[48] = {testutil_build_program(program)};
    int n = 1;
    for (; args[n - 1] && n < 47; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(log, "w", stdout) || dup2(fileno(stdout), STDERR_FILENO) < 0)
            _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    FILE *f = fopen(log, "r");
    size_t got = f ? fread(e->output, 1, sizeof e->output - 1, f) : 0;
    e->output[got] = 0;
    if (f)
        fclose(f);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* `add` with the test's files; extra args after the common ones. */
static int add(env *e, const char *site, const char *area, const char *id, long broker_pid)
{
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", broker_pid);
    const char *args[32] = {"add", "--site", site, "--area", area, "--registry", e->registry,
                            "--password-file", e->passwd, "--out", e->out, "--mqtt-host",
                            "127.0.0.1", "--template", e->template_ini};
    int n = 15;
    if (id) {
        args[n++] = "--id";
        args[n++] = id;
    }
    if (broker_pid) {
        args[n++] = "--broker-pid";
        args[n++] = pid;
    }
    args[n] = NULL;
    return run(e, "staffroom-provision", args);
}

static int revoke_device(env *e, const char *id, long broker_pid)
{
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", broker_pid);
    const char *args[] = {"revoke", id, "--registry", e->registry, "--password-file", e->passwd,
                          broker_pid ? "--broker-pid" : NULL, pid, NULL};
    return run(e, "staffroom-provision", args);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = calloc(1, 65536);
    size_t n = fread(text, 1, 65535, f);
    text[n] = 0;
    fclose(f);
    return text;
}

static registry *load_registry(const env *e)
{
    registry *reg = NULL;
    char err[1024];
    if (registry_load(e->registry, &reg, err, sizeof err) != SR_OK)
        fail_msg("the collector cannot read the registry: %s", err);
    return reg;
}

/* The id of the n-th device the collector's reader sees (sorted by id). */
static void nth_device(const env *e, int n, char id[WIRE_DEVICE_ID_MAX])
{
    registry *reg = load_registry(e);
    assert_true(registry_count(reg) > n);
    snprintf(id, WIRE_DEVICE_ID_MAX, "%s", registry_at(reg, n)->device);
    registry_free(reg);
}

/* ---- device ids -------------------------------------------------------------- */

static void test_made_ids_are_readable_random_and_valid(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    char a[WIRE_DEVICE_ID_MAX], b[WIRE_DEVICE_ID_MAX], why[300];
    provision_make_id("St Elsewhere General", "Ward 7", a);
    provision_make_id("St Elsewhere General", "Ward 7", b);
    assert_string_not_equal(a, b);
    assert_int_equal(strncmp(a, "st-elsewhere-ward-7-", 20), 0);
    assert_int_equal(strlen(a), 20 + PROVISION_SUFFIX_HEX);
    assert_true(wire_device_id_valid(a) && provision_id_check(a, why, sizeof why));

    /* Names that are long, odd, or would make a service account's name. */
    const char *sites[] = {"Royal Infirmary of the Very Long Name Indeed NHS Foundation Trust",
                           "Ysbyty Gwynedd", "Ærø", "Staffroom Hospital", "***"};
    for (size_t i = 0; i < sizeof sites / sizeof sites[0]; i++) {
        provision_make_id(sites[i], "Accident & Emergency (Majors) Department", a);
        if (!provision_id_check(a, why, sizeof why) || !wire_device_id_valid(a))
            fail_msg("made id '%s' from '%s' refused: %s", a, sites[i], why);
        assert_true(strlen(a) <= PROVISION_ID_MAX_CHARS);
        assert_int_not_equal(strncmp(a, "staffroom-", 10), 0);
    }
    provision_make_id("Staffroom Hospital", "Ward 7", a);
    assert_int_equal(strncmp(a, "kiosk-staffroom-hospital-ward-7-", 32), 0);

    char slug[32];
    provision_slug("  St. Mary's -- Ward 12B ", slug, 24);
    assert_string_equal(slug, "st-mary-s-ward-12b");
    provision_slug("Paediatric Intensive Care", slug, 16);
    assert_string_equal(slug, "paediatric");

    /* Given ids: the wire's rules, no service names, no cut by inih. */
    const char *bad[] = {"", "Ward7", "ward 7", "-ward7", "staffroom-fleet", "ward/7",
                         "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (provision_id_check(bad[i], why, sizeof why))
            fail_msg("id '%s' was accepted", bad[i]);
    assert_true(provision_id_check("ward7-kiosk-1", why, sizeof why));

    char pw1[PROVISION_PASSWORD_MAX], pw2[PROVISION_PASSWORD_MAX];
    provision_make_password(pw1);
    provision_make_password(pw2);
    assert_int_equal(strlen(pw1), 32);
    assert_string_not_equal(pw1, pw2);
    assert_int_equal(strspn(pw1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     32);
}

/* ---- the registry ---------------------------------------------------------------- */

static void test_registry_add_and_revoke_round_trip(void **state)
{
    (void)state;
    env e;
    env_make(&e, "registry");
    assert_int_equal(add(&e, "St Elsewhere General", "Ward 7", "ward7-kiosk-1", 0), 0);
    /* A technician's note, by hand, between runs. */
    FILE *f = fopen(e.registry, "a");
    assert_non_null(f);
    fputs("; ward 7's kiosk is by the kitchen door\n", f);
    fclose(f);
    assert_int_equal(add(&e, "St Elsewhere General", "A&E (Majors)", NULL, 0), 0);

    registry *reg = load_registry(&e);
    assert_int_equal(registry_count(reg), 2);
    const registry_entry *w7 = registry_find(reg, "ward7-kiosk-1");
    assert_non_null(w7);
    assert_string_equal(w7->site, "St Elsewhere General");
    assert_string_equal(w7->area, "Ward 7");
    assert_false(w7->revoked);
    char made[WIRE_DEVICE_ID_MAX];
    nth_device(&e, 0, made); /* "st-elsewhere-a-e-majors-..." sorts before "ward7-..." */
    assert_int_equal(strncmp(made, "st-elsewhere-a-e-majors-", 24), 0);
    assert_string_equal(registry_find(reg, made)->area, "A&E (Majors)");
    registry_free(reg);

    /* The same id again: refused, and nothing changes anywhere. */
    char *before = read_text(e.registry), *passwd_before = read_text(e.passwd);
    assert_int_equal(add(&e, "Elsewhere", "Ward 9", "ward7-kiosk-1", 0), 1);
    assert_non_null(strstr(e.output, "already in use"));
    char *after = read_text(e.registry), *passwd_after = read_text(e.passwd);
    assert_string_equal(before, after);
    assert_string_equal(passwd_before, passwd_after);
    free(after);
    free(passwd_after);

    assert_int_equal(revoke_device(&e, "ward7-kiosk-1", 0), 0);
    reg = load_registry(&e);
    assert_true(registry_find(reg, "ward7-kiosk-1")->revoked);
    assert_false(registry_find(reg, made)->revoked);
    registry_free(reg);
    after = read_text(e.registry);
    assert_non_null(strstr(after, "; ward 7's kiosk is by the kitchen door\n"));
    char *passwd = read_text(e.passwd);
    assert_null(strstr(passwd, "ward7-kiosk-1:"));
    assert_non_null(strstr(passwd, made));
    /* Revoking twice is harmless; an unknown device is an error. */
    assert_int_equal(revoke_device(&e, "ward7-kiosk-1", 0), 0);
    assert_non_null(strstr(e.output, "already"));
    assert_int_equal(revoke_device(&e, "ward9-kiosk-1", 0), 1);
    assert_non_null(strstr(e.output, "no device ward9-kiosk-1"));
    free(before);
    free(passwd_before);
    free(after);
    free(passwd);
}

static void test_bad_input_is_refused_and_leaves_nothing(void **state)
{
    (void)state;
    env e;
    env_make(&e, "refused");
    /* Usage: a service account's name, a comment character in a name. */
    assert_int_equal(add(&e, "Site", "Ward", "staffroom-collector", 0), 2);
    assert_non_null(strstr(e.output, "service accounts"));
    assert_int_equal(add(&e, "Site; Ward", "Ward", NULL, 0), 2);
    assert_non_null(strstr(e.output, "--site"));
    /* A template may not set what provisioning writes: named by file and line. */
    assert_true(testutil_write_file(e.template_ini, "[ui]\nadmin_pin = 1234\n[mqtt]\nhost = x\n"));
    assert_int_equal(add(&e, "Site", "Ward", NULL, 0), 2);
    assert_non_null(strstr(e.output, "template.ini:4: [mqtt] host"));
    env_make(&e, "refused-late");
    /* The broker's password file cannot be written: the kiosk's folder,
     * made before, is removed again, and the registry is not touched. */
    snprintf(e.passwd, sizeof e.passwd, "%s/no-such-folder/passwd", e.dir);
    assert_int_equal(add(&e, "Site", "Ward", "ward-kiosk-9", 0), 1);
    char folder[1200];
    snprintf(folder, sizeof folder, "%s/ward-kiosk-9", e.out);
    assert_int_not_equal(access(folder, F_OK), 0);
    registry *reg = load_registry(&e);
    assert_int_equal(registry_count(reg), 0);
    registry_free(reg);
    /* A registry that is not one is refused with file and line. */
    assert_true(testutil_write_file(e.registry, "[ward-1]\nsite = A\narea = B\ncolour = red\n"));
    snprintf(e.passwd, sizeof e.passwd, "%s/passwd", e.dir);
    assert_int_equal(add(&e, "Site", "Ward", NULL, 0), 2);
    assert_non_null(strstr(e.output, "registry.ini:4: [ward-1] colour"));
}

/* ---- what the kiosk gets ------------------------------------------------------------ */

static void test_kiosk_accepts_its_config(void **state)
{
    (void)state;
    env e;
    env_make(&e, "config");
    assert_int_equal(add(&e, "St Elsewhere General", "Ward 7", "ward7-kiosk-1", 0), 0);
    char ini[1200], password_path[1200];
    snprintf(ini, sizeof ini, "%s/ward7-kiosk-1/staffroom.ini", e.out);
    snprintf(password_path, sizeof password_path, "%s/ward7-kiosk-1/staffroom.password", e.out);
    struct stat st;
    assert_int_equal(stat(ini, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(password_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    const char *args[] = {"--config", ini, "--check-config", NULL};
    if (run(&e, "staffroom-kiosk", args) != 0)
        fail_msg("staffroom-kiosk refused the provisioned config:\n%s", e.output);
    /* The effective configuration: provisioned keys, the template's, and
     * the password file resolved beside the INI. */
    assert_non_null(strstr(e.output, "id = ward7-kiosk-1\n"));
    assert_non_null(strstr(e.output, "site = St Elsewhere General\n"));
    assert_non_null(strstr(e.output, "username = ward7-kiosk-1\n"));
    assert_non_null(strstr(e.output, "host = 127.0.0.1\n"));
    assert_non_null(strstr(e.output, "port = 1883\n"));
    assert_non_null(strstr(e.output, "admin_pin = 4321\n"));
    char line[1300];
    snprintf(line, sizeof line, "password_file = %s\n", password_path);
    assert_non_null(strstr(e.output, line));
}

static bool can_log_in(void *arg)
{
    const char *const *login = arg; /* port, user, password */
    mqtt_client_options o = {.user = login[1], .password = login[2]};
    mqtt_client *c = NULL;
    int rc = mqtt_client_connect(atoi(login[0]), &o, &c);
    mqtt_client_close(c);
    return rc == 0;
}

static bool cannot_log_in(void *arg)
{
    return !can_log_in(arg);
}

static void test_broker_lets_the_kiosk_in_until_revoked(void **state)
{
    (void)state;
    env e;
    env_make(&e, "broker");
    broker *b = broker_start("provision", NULL);
    snprintf(e.passwd, sizeof e.passwd, "%s/passwd", broker_dir(b));
    assert_int_equal(add(&e, "St Elsewhere General", "Ward 7", "ward7-kiosk-1", broker_pid(b)), 0);
    assert_non_null(strstr(e.output, "Sent SIGHUP"));
    char password_path[1200], port[16];
    snprintf(password_path, sizeof password_path, "%s/ward7-kiosk-1/staffroom.password", e.out);
    char *password = read_text(password_path);
    assert_non_null(password);
    password[strcspn(password, "\n")] = 0;
    snprintf(port, sizeof port, "%d", broker_port(b));
    const char *login[] = {port, "ward7-kiosk-1", password};
    if (!testutil_wait_until(can_log_in, login, WAIT_MS))
        fail_msg("the kiosk cannot log in with its password (broker folder %s)", broker_dir(b));
    const char *wrong[] = {port, "ward7-kiosk-1", "pw-ward7-kiosk-1"};
    assert_false(can_log_in(wrong));

    /* No ACL entry was written, yet the kiosk has its topics: the shipped
     * ACL's pattern lines. Its retained status reaches the fleet account. */
    mqtt_client_options ko = {.user = "ward7-kiosk-1", .password = password};
    mqtt_client *kiosk = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &ko, &kiosk), 0);
    const char *topic = "staffroom/v1/kiosk/ward7-kiosk-1/status";
    assert_int_equal(mqtt_client_publish(kiosk, topic, "{\"v\":1,\"online\":true}", 22, 1, true),
                     0);
    mqtt_client_options fo = {.user = BROKER_FLEET_USER};
    mqtt_client *fleet = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &fo, &fleet), 0);
    assert_int_equal(mqtt_client_subscribe(fleet, "staffroom/v1/kiosk/+/status", 1), 1);
    assert_true(mqtt_client_wait_count(fleet, topic, 1, WAIT_MS));
    mqtt_client_close(fleet);

    /* Revoked: the connected kiosk is cut off (mosquitto re-checks its
     * clients when it reloads), and cannot log in again. */
    assert_int_equal(revoke_device(&e, "ward7-kiosk-1", broker_pid(b)), 0);
    if (!mqtt_client_wait_disconnected(kiosk, WAIT_MS))
        fail_msg("a revoked kiosk stays connected (broker folder %s)", broker_dir(b));
    mqtt_client_close(kiosk);
    if (!testutil_wait_until(cannot_log_in, login, WAIT_MS))
        fail_msg("a revoked kiosk can still log in (broker folder %s)", broker_dir(b));
    free(password);
    broker_stop(b);
}

static void test_enrolment_qr_decodes_to_the_device_id(void **state)
{
    (void)state;
    env e;
    env_make(&e, "qr");
    assert_int_equal(add(&e, "St Elsewhere General", "Ward 7", NULL, 0), 0);
    char id[WIRE_DEVICE_ID_MAX], png[1200], cmd[1400], got[256] = "";
    nth_device(&e, 0, id);
    /* The terminal code is printed too: half blocks, one line per 2 rows. */
    assert_non_null(strstr(e.output, "\xe2\x96\x80"));
    snprintf(png, sizeof png, "%s/%s.png", e.out, id);
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw '%s' 2>/dev/null", png);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(got, 1, sizeof got - 1, p);
    got[n] = 0;
    assert_int_equal(pclose(p), 0);
    got[strcspn(got, "\n")] = 0;
    assert_string_equal(got, id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_made_ids_are_readable_random_and_valid),
        cmocka_unit_test(test_registry_add_and_revoke_round_trip),
        cmocka_unit_test(test_bad_input_is_refused_and_leaves_nothing),
        cmocka_unit_test(test_kiosk_accepts_its_config),
        cmocka_unit_test(test_broker_lets_the_kiosk_in_until_revoked),
        cmocka_unit_test(test_enrolment_qr_decodes_to_the_device_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
