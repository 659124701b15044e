/* test_fleet_rules.c -- what staffroom-fleet calls a problem (fleet.h), on
 * a fixed clock: each limit just inside and just past, the expected content
 * version, revoked kiosks, ignored flags, and the words people read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fleet/fleet.h"

#define NOW 1763805600LL /* 2025-11-22 10:00 UTC */
#define MIN 60
#define HOUR 3600
#define DAY 86400

/* A healthy online kiosk: everything within limits. */
static fleet_kiosk *healthy(fleet *f, const char *device, const char *content)
{
    fleet_kiosk *k = fleet_kiosk_for(f, device);
    assert_non_null(k);
    snprintf(k->site, sizeof k->site, "St Elsewhere General");
    snprintf(k->area, sizeof k->area, "%s", device);
    k->state = FLEET_ONLINE;
    k->since = NOW - 2 * HOUR;
    k->has_details = true;
    k->status.online = true;
    snprintf(k->status.app_version, sizeof k->status.app_version, "0.1.0");
    snprintf(k->status.content_version, sizeof k->status.content_version, "%s", content);
    k->status.waiting = 3;
    k->status.oldest_period = NOW - 2 * HOUR;
    k->status.last_delivery = NOW - 5 * MIN;
    k->status.disk_free_percent = 54;
    k->status.clock_synced = true;
    return k;
}

static unsigned flags_of(fleet *f, const char *device)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->kiosks[i].device, device) == 0)
            return f->kiosks[i].flags;
    fail_msg("no kiosk %s", device);
    return 0;
}

static void test_each_limit_inside_and_past(void **state)
{
    (void)state;
    fleet f = {0};
    fleet_limits limits;
    fleet_limits_defaults(&limits);
    healthy(&f, "ok", "7");
    healthy(&f, "off-59", "7")->state = FLEET_OFFLINE;
    healthy(&f, "off-60", "7")->state = FLEET_OFFLINE;
    f.kiosks[1].since = NOW - 59 * MIN;
    f.kiosks[2].since = NOW - 60 * MIN;
    fleet_kiosk *k = healthy(&f, "off-unknown", "7");
    k->state = FLEET_OFFLINE;
    k->since = 0;
    k->has_details = false;
    healthy(&f, "backlog-day", "7")->status.oldest_period = NOW - DAY;
    healthy(&f, "backlog-past", "7")->status.oldest_period = NOW - DAY - HOUR;
    healthy(&f, "disk-10", "7")->status.disk_free_percent = 10;
    healthy(&f, "disk-9", "7")->status.disk_free_percent = 9;
    healthy(&f, "disk-unknown", "7")->status.disk_free_percent = -1;
    healthy(&f, "clock", "7")->status.clock_synced = false;
    snprintf(healthy(&f, "complains", "7")->status.problem, WIRE_REASON_MAX, "disk full");
    fleet_kiosk_for(&f, "never"); /* registered, nothing heard */

    fleet_evaluate(&f, &limits, NOW);
    assert_int_equal(flags_of(&f, "ok"), 0);
    assert_int_equal(flags_of(&f, "off-59"), 0);
    assert_int_equal(flags_of(&f, "off-60"), FLEET_FLAG_OFFLINE);
    assert_int_equal(flags_of(&f, "off-unknown"), FLEET_FLAG_OFFLINE);
    assert_int_equal(flags_of(&f, "backlog-day"), 0);
    assert_int_equal(flags_of(&f, "backlog-past"), FLEET_FLAG_BACKLOG);
    assert_int_equal(flags_of(&f, "disk-10"), 0);
    assert_int_equal(flags_of(&f, "disk-9"), FLEET_FLAG_DISK);
    assert_int_equal(flags_of(&f, "disk-unknown"), 0);
    assert_int_equal(flags_of(&f, "clock"), FLEET_FLAG_CLOCK);
    assert_int_equal(flags_of(&f, "complains"), FLEET_FLAG_KIOSK_PROBLEM);
    assert_int_equal(flags_of(&f, "never"), FLEET_FLAG_NEVER_SEEN);
    assert_int_equal(fleet_flagged(&f, &limits), 7);

    /* Ignored flags neither count nor stop counting the others. */
    assert_true(fleet_flags_parse("never-seen,clock", &limits.ignore, NULL, 0));
    assert_int_equal(fleet_flagged(&f, &limits), 5);
    char err[300];
    assert_false(fleet_flags_parse("offline,sleepy", &limits.ignore, err, sizeof err));
    assert_non_null(strstr(err, "'sleepy' is not a flag"));

    /* --offline-minutes 0: any offline kiosk is a problem at once. */
    fleet_limits_defaults(&limits);
    limits.offline_seconds = 0;
    fleet_evaluate(&f, &limits, NOW);
    assert_int_equal(flags_of(&f, "off-59"), FLEET_FLAG_OFFLINE);
    fleet_free(&f);
}

static void test_content_expected_is_the_fleets_or_the_one_asked_for(void **state)
{
    (void)state;
    fleet f = {0};
    fleet_limits limits;
    fleet_limits_defaults(&limits);
    healthy(&f, "a", "2025.9");
    healthy(&f, "b", "2025.10");
    healthy(&f, "c", "2025.10");
    healthy(&f, "d", "2025.9");
    for (int i = 0; i < 2; i++) { /* revoked kiosks do not vote */
        fleet_kiosk *revoked = healthy(&f, i ? "g" : "e", "2025.11");
        revoked->revoked = true;
        revoked->state = FLEET_OFFLINE;
    }
    fleet_evaluate(&f, &limits, NOW);
    /* 2 and 2: the tie goes to the newest, by number (10 > 9). */
    assert_string_equal(f.expected_content, "2025.10");
    assert_int_equal(flags_of(&f, "a"), FLEET_FLAG_CONTENT);
    assert_int_equal(flags_of(&f, "b"), 0);
    assert_int_equal(flags_of(&f, "e"), 0); /* revoked: no content flag */
    healthy(&f, "h", "2025.9");
    fleet_evaluate(&f, &limits, NOW);
    assert_string_equal(f.expected_content, "2025.9"); /* now the majority */
    snprintf(limits.content_version, sizeof limits.content_version, "2025.11");
    fleet_evaluate(&f, &limits, NOW);
    assert_int_equal(flags_of(&f, "b"), FLEET_FLAG_CONTENT);
    assert_int_equal(flags_of(&f, "a"), FLEET_FLAG_CONTENT);
    fleet_free(&f);
}

static void test_revoked_kiosks_flag_only_when_still_online(void **state)
{
    (void)state;
    fleet f = {0};
    fleet_limits limits;
    fleet_limits_defaults(&limits);
    fleet_kiosk *gone = healthy(&f, "gone", "7");
    gone->revoked = true;
    gone->state = FLEET_OFFLINE;
    gone->since = NOW - 30 * DAY;
    gone->status.clock_synced = false;
    healthy(&f, "lingering", "7")->revoked = true;
    fleet_kiosk *stranger = healthy(&f, "stranger", "7");
    stranger->registered = false;
    fleet_evaluate(&f, &limits, NOW);
    assert_int_equal(flags_of(&f, "gone"), 0);
    assert_int_equal(flags_of(&f, "lingering"), FLEET_FLAG_REVOKED_ONLINE);
    assert_int_equal(flags_of(&f, "stranger"), FLEET_FLAG_UNREGISTERED);
    fleet_free(&f);
}

static void test_words_and_order_for_people(void **state)
{
    (void)state;
    char buf[200];
    fleet_duration(59, buf, sizeof buf);
    assert_string_equal(buf, "under a minute");
    fleet_duration(5 * MIN + 59, buf, sizeof buf);
    assert_string_equal(buf, "5 min");
    fleet_duration(2 * HOUR + 13 * MIN, buf, sizeof buf);
    assert_string_equal(buf, "2 h 13 min");
    fleet_duration(3 * DAY + 4 * HOUR + 59 * MIN, buf, sizeof buf);
    assert_string_equal(buf, "3 d 4 h");
    fleet_duration(-30, buf, sizeof buf);
    assert_string_equal(buf, "under a minute");

    assert_true(fleet_version_compare("0.10.0", "0.9.9") > 0);
    assert_true(fleet_version_compare("2025-11", "2025-11") == 0);
    assert_true(fleet_version_compare("2025-011", "2025-11") == 0);
    assert_true(fleet_version_compare("v2", "v10") < 0);
    assert_true(fleet_version_compare("1.0", "1.0a") < 0);

    fleet f = {0};
    fleet_limits limits;
    fleet_limits_defaults(&limits);
    fleet_kiosk *k = healthy(&f, "zz", "7");
    k->state = FLEET_OFFLINE;
    k->since = NOW - 2 * HOUR - 13 * MIN;
    k->status.oldest_period = NOW - 3 * DAY;
    k->status.waiting = 41;
    snprintf(healthy(&f, "aa", "7")->site, FLEET_TEXT_MAX, "Ysbyty Gwynedd");
    fleet_evaluate(&f, &limits, NOW);
    /* Sorted by site, then area, then device. */
    assert_string_equal(f.kiosks[0].device, "zz");
    assert_string_equal(f.kiosks[1].device, "aa");
    fleet_flag_text(&f, &f.kiosks[0], FLEET_FLAG_OFFLINE, NOW, buf, sizeof buf);
    assert_string_equal(buf, "offline for 2 h 13 min");
    fleet_flag_text(&f, &f.kiosks[0], FLEET_FLAG_BACKLOG, NOW, buf, sizeof buf);
    assert_string_equal(buf, "oldest of 41 waiting answers is 3 d 0 h old");
    fleet_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_limit_inside_and_past),
        cmocka_unit_test(test_content_expected_is_the_fleets_or_the_one_asked_for),
        cmocka_unit_test(test_revoked_kiosks_flag_only_when_still_online),
        cmocka_unit_test(test_words_and_order_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
