/* test_collector_config.c -- staffroom-collector's configuration table:
 * production defaults, bad keys refused with file:line and the key, paths
 * relative to the file, and the shipped example identical to the printed
 * defaults (so it can never drift from the code).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "collector/collector_config.h"
#include "testutil.h"
#include "wire/wire.h"

/* inih's line buffer (INI_MAX_LINE in Debian's build): a longer line is
 * split and its tail read as a line of its own. */
#define INI_LINE_LIMIT 197

static char config_path[4096];

static sr_status load_text(const char *text, collector_config *config, char *err, size_t size)
{
    testutil_path(config_path, sizeof config_path, "collector.ini");
    assert_true(testutil_write_file(config_path, text));
    return collector_config_load(config_path, config, err, size);
}

static void assert_refused(const char *text, int line, const char *what)
{
    collector_config config;
    char err[2048] = "";
    assert_int_equal(load_text(text, &config, err, sizeof err), SR_E_CONFIG);
    char where[4200];
    snprintf(where, sizeof where, "%s:%d: ", config_path, line);
    if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, what))
        fail_msg("expected '%s...%s', got '%s'", where, what, err);
}

static void test_defaults_are_production_values(void **state)
{
    (void)state;
    collector_config c;
    collector_config_defaults(&c);
    assert_string_equal(c.mqtt_username, "staffroom-collector");
    assert_string_equal(c.share_group, "");
    assert_string_equal(c.store_path, "/var/lib/staffroom-collector/collector.db");
    assert_string_equal(c.mqtt_password_file, "/etc/staffroom/collector.password");
    assert_string_equal(c.registry_path, "/etc/staffroom/registry.ini");
    assert_int_equal(c.batch_max, 500);
    assert_int_equal(c.batch_ms, 50);
    assert_int_equal(c.max_answer_bytes, WIRE_ANSWER_MAX_BYTES);
    assert_int_equal(c.dead_letter_bytes, 4096);
    /* No client id given: one per host, fixed across restarts, so the
     * broker's persistent session (and the queue in it) is found again. */
    char id[256], again[256];
    collector_config_client_id(&c, id, sizeof id);
    collector_config_client_id(&c, again, sizeof again);
    assert_true(strncmp(id, "staffroom-collector-", 20) == 0 && strlen(id) > 20);
    assert_string_equal(id, again);
}

static void test_a_good_file_sets_values_and_resolves_paths(void **state)
{
    (void)state;
    collector_config c;
    char err[2048] = "";
    assert_int_equal(load_text("[mqtt]\nhost = broker.trust.nhs.uk\nport = 8883\n"
                               "ca_file = tls/ca.crt\nshare_group = collectors\n"
                               "client_id = collector-a\n"
                               "[store]\npath = /srv/staffroom/collector.db\n"
                               "[registry]\npath = registry.ini\n"
                               "[ingest]\nbatch_max = 100\nbatch_ms = 0\n",
                               &c, err, sizeof err),
                     SR_OK);
    assert_string_equal(c.mqtt_host, "broker.trust.nhs.uk");
    assert_int_equal(c.mqtt_port, 8883);
    assert_string_equal(c.share_group, "collectors");
    assert_int_equal(c.batch_max, 100);
    assert_int_equal(c.batch_ms, 0);
    char expected[4200];
    snprintf(expected, sizeof expected, "%s/tls/ca.crt", testutil_tmpdir());
    assert_string_equal(c.mqtt_ca_file, expected);
    snprintf(expected, sizeof expected, "%s/registry.ini", testutil_tmpdir());
    assert_string_equal(c.registry_path, expected);
    assert_string_equal(c.store_path, "/srv/staffroom/collector.db");
    char id[256];
    collector_config_client_id(&c, id, sizeof id);
    assert_string_equal(id, "collector-a");
    assert_string_equal(c.source_path, config_path);
}

static void test_bad_keys_are_refused_with_file_and_line(void **state)
{
    (void)state;
    assert_refused("[mqtt]\nhost = localhost\nshared_group = a\n", 3,
                   "[mqtt] shared_group: unknown key");
    assert_refused("[mqtt]\nhost = localhost\n[database]\npath = x\n", 4,
                   "[database]: unknown section");
    assert_refused("[mqtt]\nport = 0\n", 2, "[mqtt] port: 0 is out of range (1 to 65535)");
    assert_refused("[mqtt]\nhost =\n", 2, "[mqtt] host: must not be empty");
    assert_refused("[mqtt]\nshare_group = a/b\n", 2, "[mqtt] share_group: 'a/b' may not contain");
    assert_refused("[mqtt]\nshare_group = #\n", 2, "[mqtt] share_group:");
    assert_refused("[mqtt]\nclient_id = collector one\n", 2, "[mqtt] client_id:");
    assert_refused("[ingest]\nbatch_max = 0\n", 2, "[ingest] batch_max: 0 is out of range");
    assert_refused("[ingest]\nbatch_ms = fast\n", 2, "[ingest] batch_ms: 'fast' is not a whole");
    /* The size limit can be lowered, never raised past the protocol's. */
    assert_refused("[ingest]\nmax_answer_bytes = 100000\n", 2,
                   "[ingest] max_answer_bytes: 100000 is out of range (256 to 65536)");
    assert_refused("[store]\npath = a\npath = b\n", 3, "[store] path: given twice");
}

static void test_the_password_file_is_read_or_refused(void **state)
{
    (void)state;
    collector_config c;
    char err[2048] = "", password[128];
    char pw_path[4096];
    testutil_path(pw_path, sizeof pw_path, "collector.password");
    assert_true(testutil_write_file(pw_path, "s3cret\n"));
    assert_int_equal(load_text("[mqtt]\npassword_file = collector.password\n", &c, err, sizeof err),
                     SR_OK);
    assert_int_equal(collector_config_password(&c, password, sizeof password, err, sizeof err),
                     SR_OK);
    assert_string_equal(password, "s3cret");
    unlink(pw_path);
    assert_int_equal(collector_config_password(&c, password, sizeof password, err, sizeof err),
                     SR_E_CONFIG);
    assert_non_null(strstr(err, "collector.password: [mqtt] password_file: cannot read"));
    assert_true(testutil_write_file(pw_path, "\n"));
    assert_int_equal(collector_config_password(&c, password, sizeof password, err, sizeof err),
                     SR_E_CONFIG);
    assert_non_null(strstr(err, "the first line is empty"));
}

static char *printed_sections(const collector_config *config)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    collector_config_print(config, f);
    fclose(f);
    char *first = strstr(text, "[mqtt]");
    assert_non_null(first);
    memmove(text, first, strlen(first) + 1);
    return text;
}

static void test_shipped_example_is_the_defaults(void **state)
{
    (void)state;
    char example[4096];
    testutil_source_path(example, sizeof example,
                         "tools/collector/staffroom-collector.example.ini");
    FILE *f = fopen(example, "r");
    assert_non_null(f);
    static char shipped[32768];
    size_t len = fread(shipped, 1, sizeof shipped - 1, f);
    fclose(f);
    shipped[len] = '\0';
    collector_config defaults;
    collector_config_defaults(&defaults);
    char *expected = printed_sections(&defaults);
    const char *first = strstr(shipped, "[mqtt]");
    assert_non_null(first);
    assert_string_equal(first, expected);
    free(expected);
    /* Every line fits the INI reader's buffer, and the file loads. */
    for (const char *line = shipped; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n > INI_LINE_LIMIT)
            fail_msg("example line too long for the INI reader (%zu): %.60s...", n, line);
        line += n + (end ? 1 : 0);
    }
    collector_config loaded;
    char err[2048] = "";
    assert_int_equal(collector_config_load(example, &loaded, err, sizeof err), SR_OK);
}

static void test_printed_config_round_trips(void **state)
{
    (void)state;
    collector_config c, again;
    char err[2048] = "";
    assert_int_equal(load_text("[mqtt]\nport = 8883\nshare_group = g1\n[ingest]\nbatch_max = 7\n",
                               &c, err, sizeof err),
                     SR_OK);
    char *text = printed_sections(&c);
    assert_int_equal(load_text(text, &again, err, sizeof err), SR_OK);
    free(text);
    assert_int_equal(again.mqtt_port, 8883);
    assert_string_equal(again.share_group, "g1");
    assert_int_equal(again.batch_max, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_production_values),
        cmocka_unit_test(test_a_good_file_sets_values_and_resolves_paths),
        cmocka_unit_test(test_bad_keys_are_refused_with_file_and_line),
        cmocka_unit_test(test_the_password_file_is_read_or_refused),
        cmocka_unit_test(test_shipped_example_is_the_defaults),
        cmocka_unit_test(test_printed_config_round_trips),
    };
    return cmocka_run_group_tests_name("collector config", tests, NULL, NULL);
}
