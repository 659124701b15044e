/* test_config.c -- the kiosk's configuration table, parser and printer.
 * Real files in the scratch folder; each bad file must be refused with the
 * file, the line and the key named, as an estates technician would need.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/kiosk_config.h"
#include "testutil.h"

static char config_path[4096];

static sr_status load_text(const char *text, kiosk_config *config, char *err, size_t size)
{
    testutil_path(config_path, sizeof config_path, "kiosk.ini");
    assert_true(testutil_write_file(config_path, text));
    return kiosk_config_load(config_path, config, err, size);
}

/* The file fails with SR_E_CONFIG and the message names file:line and says why. */
static void assert_refused(const char *text, int line, const char *what)
{
    kiosk_config config;
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
    kiosk_config config;
    kiosk_config_defaults(&config);
    assert_string_equal(config.store_path, "/var/lib/staffroom/outbox.db");
    assert_int_equal(config.width, 800);
    assert_int_equal(config.height, 480);
    assert_true(config.fullscreen);
    assert_string_equal(config.admin_pin, "");
    assert_int_equal(config.still_there_seconds, 30);
    assert_string_equal(config.time_granularity, "hour");
    assert_int_equal(config.mqtt_port, 8883);
    assert_int_equal(config.delivery_window, 2000);
    assert_int_equal(config.delivery_batch, 200);
    assert_int_equal(config.delivery_resend_seconds, 120);
    assert_string_equal(config.mqtt_host, ""); /* delivery off until provisioned */
}

static void test_good_file_sets_values(void **state)
{
    (void)state;
    kiosk_config config;
    char err[2048] = "";
    sr_status status = load_text("# a comment\n"
                                 "[device]\nid = kiosk-ward7\nsite = St Elsewhere\narea = Ward 7\n"
                                 "[ui]\nsize = 720x1280\nfullscreen = no\nadmin_pin = 2468\n"
                                 "language = cy\nrotation = 270\n"
                                 "[privacy]\ntime_granularity = shift\n"
                                 "shifts = early=07:00-15:00,late=15:00-23:00,night=23:00-07:00\n",
                                 &config, err, sizeof err);
    assert_int_equal(status, SR_OK);
    assert_string_equal(config.device_id, "kiosk-ward7");
    assert_string_equal(config.site, "St Elsewhere");
    assert_int_equal(config.width, 720);
    assert_int_equal(config.height, 1280);
    assert_false(config.fullscreen);
    assert_string_equal(config.admin_pin, "2468");
    assert_int_equal(config.rotation, 270);
    assert_string_equal(config.language, "cy");
    assert_string_equal(config.time_granularity, "shift");
    assert_string_equal(config.source_path, config_path);
}

static void test_relative_paths_follow_the_config_file(void **state)
{
    (void)state;
    kiosk_config config;
    char err[2048] = "";
    assert_int_equal(load_text("[store]\npath = state/outbox.db\n[content]\ndir = /abs/content\n",
                               &config, err, sizeof err),
                     SR_OK);
    char expected[4200];
    snprintf(expected, sizeof expected, "%s/state/outbox.db", testutil_tmpdir());
    assert_string_equal(config.store_path, expected);
    assert_string_equal(config.content_dir, "/abs/content");
}

static void test_unknown_key_names_line_and_key(void **state)
{
    (void)state;
    assert_refused("[device]\nid = k1\n\n[ui]\nfulscreen = true\n", 5, "[ui] fulscreen: unknown key");
}

static void test_unknown_section(void **state)
{
    (void)state;
    assert_refused("[device]\nid = k1\n[screen]\nsize = 1x1\n", 4, "[screen]: unknown section");
}

static void test_bad_values_are_refused(void **state)
{
    (void)state;
    assert_refused("[mqtt]\nport = 70000\n", 2, "[mqtt] port: 70000 is out of range (1 to 65535)");
    assert_refused("[mqtt]\nport = eighty\n", 2, "'eighty' is not a whole number");
    assert_refused("[ui]\nfullscreen = maybe\n", 2, "[ui] fullscreen: 'maybe' is not true or false");
    assert_refused("[ui]\nsize = big\n", 2, "[ui] size: 'big' is not a size like 800x480");
    assert_refused("[ui]\nadmin_pin = 12ab\n", 2, "[ui] admin_pin: must be 4 to 12 digits");
    assert_refused("[ui]\nadmin_pin = 12\n", 2, "[ui] admin_pin: must be 4 to 12 digits");
    assert_refused("[ui]\nstill_there_seconds = 5\n", 2, "5 is out of range (20 to 300)");
    assert_refused("[ui]\nlanguage = English\n", 2, "not a language code");
    assert_refused("[ui]\nrotation = 45\n", 2, "[ui] rotation: 45 is not 0, 90, 180 or 270");
    assert_refused("[ui]\nrotation = 360\n", 2, "[ui] rotation: 360 is out of range (0 to 270)");
    assert_refused("[privacy]\ntime_granularity = minute\n", 2,
                   "'minute' is not one of hour|shift|day");
    assert_refused("[privacy]\nshifts = day=07:00-19:00\n", 2, "[privacy] shifts: ");
    assert_refused("[device]\nid =\n", 2, "[device] id: must not be empty");
    /* The id is the kiosk's MQTT user name and a topic level. */
    assert_refused("[device]\nid = Ward_7\n", 2, "[device] id: 'Ward_7' is not a device id");
    assert_refused("[device]\nid = ward/7\n", 2, "[device] id: 'ward/7' is not a device id");
    assert_refused("[delivery]\nwindow = 0\n", 2, "[delivery] window: 0 is out of range");
    assert_refused("[mqtt]\nkeepalive_seconds = 1\n", 2, "[mqtt] keepalive_seconds: 1 is out of range");
}

/* Rules between two keys name the file and the key to change. */
static void test_delivery_keys_that_disagree(void **state)
{
    (void)state;
    kiosk_config config;
    char err[2048] = "";
    assert_int_equal(load_text("[delivery]\nwindow = 10\nbatch = 20\n", &config, err, sizeof err),
                     SR_E_CONFIG);
    assert_non_null(strstr(err, config_path));
    assert_non_null(strstr(err, "[delivery] batch: 20 is more than window (10)"));
    assert_int_equal(load_text("[delivery]\nbackoff_min_ms = 5000\nbackoff_max_ms = 100\n",
                               &config, err, sizeof err),
                     SR_E_CONFIG);
    assert_non_null(strstr(err, "[delivery] backoff_max_ms: 100 is less than backoff_min_ms (5000)"));
    assert_int_equal(load_text("[mqtt]\nhost = broker.example\ncert_file = c.pem\nkey_file = k.pem\n"
                               "[delivery]\nwindow = 50\nbatch = 50\nresend_seconds = 30\n",
                               &config, err, sizeof err),
                     SR_OK);
    assert_int_equal(config.delivery_window, 50);
    assert_int_equal(config.delivery_resend_seconds, 30);
    assert_int_equal(config.delivery_status_seconds, 900);
    assert_non_null(strstr(config.mqtt_cert_file, "/c.pem")); /* relative to the file */
}

static void test_key_given_twice(void **state)
{
    (void)state;
    assert_refused("[device]\nid = a\nsite = x\nid = b\n", 4, "[device] id: given twice");
}

static void test_garbage_line(void **state)
{
    (void)state;
    assert_refused("[device]\nid = a\nthis is not ini\n", 3, "not a 'key = value' line");
}

static void test_missing_file_is_io_error(void **state)
{
    (void)state;
    kiosk_config config;
    char err[2048] = "";
    assert_int_equal(kiosk_config_load("/nonexistent/kiosk.ini", &config, err, sizeof err), SR_E_IO);
    assert_non_null(strstr(err, "/nonexistent/kiosk.ini: cannot read"));
}

static void test_refused_file_leaves_config_untouched(void **state)
{
    (void)state;
    kiosk_config config;
    kiosk_config_defaults(&config);
    snprintf(config.device_id, sizeof config.device_id, "keep-me");
    char err[2048];
    assert_int_equal(load_text("[device]\nid = other\n[ui]\nbogus = 1\n", &config, err, sizeof err),
                     SR_E_CONFIG);
    assert_string_equal(config.device_id, "keep-me");
}

/* The printed configuration is itself a valid file that loads back to the
 * same values, and the shipped example is exactly the printed defaults. */
static void test_printed_config_round_trips(void **state)
{
    (void)state;
    kiosk_config config;
    char err[2048] = "";
    assert_int_equal(load_text("[device]\nid = k9\n[ui]\nsize = 1920x1080\nadmin_pin = 1234\n",
                               &config, err, sizeof err),
                     SR_OK);
    char printed_path[4096];
    testutil_path(printed_path, sizeof printed_path, "printed.ini");
    FILE *f = fopen(printed_path, "w");
    assert_non_null(f);
    kiosk_config_print(&config, f);
    fclose(f);
    kiosk_config again;
    assert_int_equal(kiosk_config_load(printed_path, &again, err, sizeof err), SR_OK);
    assert_string_equal(again.device_id, "k9");
    assert_int_equal(again.width, 1920);
    assert_string_equal(again.admin_pin, "1234");
    assert_string_equal(again.store_path, config.store_path);
}

/* The text from the first section header on: what kiosk_config_print()
 * writes for config, without its title. Caller frees. */
static char *printed_sections(const kiosk_config *config)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    kiosk_config_print(config, f);
    fclose(f);
    char *first = strstr(text, "[device]");
    assert_non_null(first);
    memmove(text, first, strlen(first) + 1);
    return text;
}

/* The shipped example is, key for key and comment for comment, the printed
 * defaults: it can never drift from the table. */
static void test_shipped_example_is_the_defaults(void **state)
{
    (void)state;
    char example[4096];
    testutil_source_path(example, sizeof example, "assets/staffroom-kiosk.example.ini");
    FILE *f = fopen(example, "r");
    assert_non_null(f);
    static char shipped[32768];
    size_t len = fread(shipped, 1, sizeof shipped - 1, f);
    fclose(f);
    shipped[len] = '\0';
    kiosk_config defaults;
    kiosk_config_defaults(&defaults);
    char *expected = printed_sections(&defaults);
    const char *first = strstr(shipped, "[device]");
    assert_non_null(first);
    assert_string_equal(first, expected);
    free(expected);

    kiosk_config loaded;
    char err[2048] = "";
    assert_int_equal(kiosk_config_load(example, &loaded, err, sizeof err), SR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_production_values),
        cmocka_unit_test(test_good_file_sets_values),
        cmocka_unit_test(test_relative_paths_follow_the_config_file),
        cmocka_unit_test(test_unknown_key_names_line_and_key),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_bad_values_are_refused),
        cmocka_unit_test(test_delivery_keys_that_disagree),
        cmocka_unit_test(test_key_given_twice),
        cmocka_unit_test(test_garbage_line),
        cmocka_unit_test(test_missing_file_is_io_error),
        cmocka_unit_test(test_refused_file_leaves_config_untouched),
        cmocka_unit_test(test_printed_config_round_trips),
        cmocka_unit_test(test_shipped_example_is_the_defaults),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
