/* test_collector_registry.c -- the collector's device registry, the file
 * staffroom-provision writes: where each kiosk is, whether it is revoked;
 * a bad file refused with the file, line and key; a missing file an empty
 * registry; a changed file noticed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "collector/registry.h"
#include "testutil.h"

static char path[2048];
static char err[2048];

static sr_status load_text(const char *text, registry **reg)
{
    testutil_path(path, sizeof path, "registry.ini");
    assert_true(testutil_write_file(path, text));
    return registry_load(path, reg, err, sizeof err);
}

static void assert_refused(const char *text, int line, const char *what)
{
    registry *reg = (registry *)&reg; /* must be reset to NULL */
    err[0] = '\0';
    assert_int_equal(load_text(text, &reg), SR_E_CONFIG);
    assert_null(reg);
    char where[2200];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d: ", path, line);
    else
        snprintf(where, sizeof where, "%s: ", path);
    if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, what))
        fail_msg("expected '%s...%s', got '%s'", where, what, err);
}

static void test_devices_are_found_with_their_place(void **state)
{
    (void)state;
    registry *reg = NULL;
    assert_int_equal(load_text("; written by staffroom-provision\n"
                               "[ward7-kiosk-1]\n"
                               "site = St Elsewhere General\n"
                               "area = Ward 7\n"
                               "staff_group = nursing        ; optional\n"
                               "revoked = false\n"
                               "\n"
                               "[ed-kiosk]\n"
                               "site = St Elsewhere General\n"
                               "area = Emergency Department\n"
                               "[old-kiosk]\n"
                               "site = Cottage Hospital\n"
                               "area = Outpatients\n"
                               "revoked = true\n",
                               &reg),
                     SR_OK);
    assert_true(registry_exists(reg));
    assert_int_equal(registry_count(reg), 3);
    const registry_entry *e = registry_find(reg, "ward7-kiosk-1");
    assert_non_null(e);
    assert_string_equal(e->site, "St Elsewhere General");
    assert_string_equal(e->area, "Ward 7");
    assert_string_equal(e->staff_group, "nursing");
    assert_false(e->revoked);
    e = registry_find(reg, "ed-kiosk");
    assert_non_null(e);
    assert_string_equal(e->staff_group, "");
    assert_true(registry_find(reg, "old-kiosk")->revoked);
    assert_null(registry_find(reg, "ward7-kiosk-2"));
    assert_null(registry_find(reg, "ward7-kiosk"));
    assert_null(registry_find(reg, ""));
    /* In device id order, for the device table. */
    assert_string_equal(registry_at(reg, 0)->device, "ed-kiosk");
    assert_string_equal(registry_at(reg, 2)->device, "ward7-kiosk-1");
    assert_null(registry_at(reg, 3));
    registry_free(reg);
}

static void test_a_missing_file_is_an_empty_registry(void **state)
{
    (void)state;
    char missing[2048];
    testutil_path(missing, sizeof missing, "not-provisioned-yet.ini");
    unlink(missing);
    registry *reg = NULL;
    assert_int_equal(registry_load(missing, &reg, err, sizeof err), SR_OK);
    assert_false(registry_exists(reg));
    assert_int_equal(registry_count(reg), 0);
    assert_null(registry_find(reg, "ward7-kiosk-1"));
    assert_false(registry_changed(reg));
    /* Provisioning writes it: noticed. */
    assert_true(testutil_write_file(missing, "[k1]\nsite = S\narea = A\n"));
    assert_true(registry_changed(reg));
    registry_free(reg);
}

static void test_bad_files_are_refused_with_file_line_and_key(void **state)
{
    (void)state;
    assert_refused("[k1]\nsite = S\narea = A\ncolour = blue\n", 4,
                   "[k1] colour: unknown key");
    assert_refused("[k1]\nsite = S\narea = A\nsite = T\n", 4, "[k1] site: given twice");
    assert_refused("[k1]\nsite = S\narea = A\n[k2]\nsite = S\narea = A\n[k1]\narea = B\n", 8,
                   "[k1] area: given twice");
    assert_refused("[k1]\nsite = S\narea = A\nrevoked = perhaps\n", 4,
                   "[k1] revoked: 'perhaps' is not true or false");
    assert_refused("[k1]\nsite =\narea = A\n", 2, "[k1] site: must not be empty");
    assert_refused("[Ward 7]\nsite = S\narea = A\n", 2, "[Ward 7]: not a device id");
    assert_refused("[staffroom-collector]\nsite = S\narea = A\n", 2,
                   "[staffroom-collector]: not a device id");
    assert_refused("site = S\n[k1]\narea = A\n", 1, "site: outside any [device-id] section");
    assert_refused("[k1]\nsite = S\narea = A\nthis is not ini\n", 4, "not a 'key = value' line");
    /* No line to name: the section is named instead. */
    assert_refused("[k1]\nsite = S\n", 0, "[k1] area: missing");
}

static void test_a_long_value_is_refused_not_cut(void **state)
{
    (void)state;
    char text[512];
    char site[REGISTRY_TEXT_MAX + 10];
    memset(site, 'x', sizeof site - 1);
    site[sizeof site - 1] = '\0';
    snprintf(text, sizeof text, "[k1]\nsite = %s\narea = A\n", site);
    assert_refused(text, 2, "[k1] site: too long");
}

static void test_a_rewritten_file_is_noticed(void **state)
{
    (void)state;
    registry *reg = NULL;
    assert_int_equal(load_text("[k1]\nsite = S\narea = A\n", &reg), SR_OK);
    assert_false(registry_changed(reg));
    /* Replaced the way provisioning does it (a new file renamed over). */
    char fresh[2048];
    testutil_path(fresh, sizeof fresh, "registry.ini.new");
    assert_true(testutil_write_file(fresh, "[k1]\nsite = S\narea = A\n[k2]\nsite = S\narea = B\n"));
    assert_int_equal(rename(fresh, path), 0);
    assert_true(registry_changed(reg));
    registry_free(reg);
    assert_int_equal(registry_load(path, &reg, err, sizeof err), SR_OK);
    assert_false(registry_changed(reg));
    assert_int_equal(registry_count(reg), 2);
    /* Removed: noticed too (the caller then keeps its last good one or not). */
    unlink(path);
    assert_true(registry_changed(reg));
    registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_are_found_with_their_place),
        cmocka_unit_test(test_a_missing_file_is_an_empty_registry),
        cmocka_unit_test(test_bad_files_are_refused_with_file_line_and_key),
        cmocka_unit_test(test_a_long_value_is_refused_not_cut),
        cmocka_unit_test(test_a_rewritten_file_is_noticed),
    };
    return cmocka_run_group_tests_name("collector registry", tests, NULL, NULL);
}
