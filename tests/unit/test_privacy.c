/* test_privacy.c -- the time coarsening policy: what time an answer is filed
 * under, and which shift band, for every grain, across midnight, with
 * positive, negative and half-hour offsets; and the words of every parse
 * error an operator could see in the kiosk's config check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/privacy.h"

/* 2024-03-05 00:00:00 UTC, a Tuesday. */
#define DAY0 ((int64_t)1709596800)
#define AT(h, m, s) (DAY0 + (int64_t)(h) * 3600 + (int64_t)(m) * 60 + (s))
#define HOUR 3600
#define DAY 86400

static privacy_policy policy_with(privacy_grain grain)
{
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    policy.grain = grain;
    return policy;
}

static void test_defaults_are_hour_and_two_nhs_shifts(void **state)
{
    (void)state;
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    assert_int_equal(policy.grain, PRIVACY_GRAIN_HOUR);
    assert_int_equal(policy.n_shifts, 2);
    assert_string_equal(policy.shifts[0].name, "day");
    assert_int_equal(policy.shifts[0].start_minute, 7 * 60);
    assert_int_equal(policy.shifts[0].end_minute, 19 * 60);
    assert_string_equal(policy.shifts[1].name, "night");
    assert_int_equal(policy.shifts[1].start_minute, 19 * 60);
    assert_int_equal(policy.shifts[1].end_minute, 7 * 60);
}

static void test_grain_names(void **state)
{
    (void)state;
    privacy_grain grain = PRIVACY_GRAIN_HOUR;
    assert_int_equal(privacy_parse_grain("day", &grain), SR_OK);
    assert_int_equal(grain, PRIVACY_GRAIN_DAY);
    assert_int_equal(privacy_parse_grain("shift", &grain), SR_OK);
    assert_int_equal(grain, PRIVACY_GRAIN_SHIFT);
    assert_int_equal(privacy_parse_grain("hour", &grain), SR_OK);
    assert_int_equal(grain, PRIVACY_GRAIN_HOUR);
    assert_int_equal(privacy_parse_grain("minute", &grain), SR_E_INVALID);
    assert_int_equal(privacy_parse_grain("", &grain), SR_E_INVALID);
    assert_int_equal(privacy_parse_grain(NULL, &grain), SR_E_INVALID);
    assert_int_equal(grain, PRIVACY_GRAIN_HOUR); /* unchanged by a failure */
}

static void test_hour_grain(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_HOUR);
    /* UTC and whole-hour offsets (summer time, New York) floor to the UTC hour. */
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), 0), AT(10, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), 3600), AT(10, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), -5 * HOUR), AT(10, 0, 0));
    /* On the hour stays; one second before falls into the previous hour. */
    assert_int_equal(privacy_period_start(&p, AT(11, 0, 0), 0), AT(11, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(10, 59, 59), 0), AT(10, 0, 0));
    /* A half-hour offset (India, +05:30): the local hour, 16:00 local = 10:30 UTC. */
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), 19800), AT(10, 30, 0));
    assert_int_equal(privacy_period_start(&p, AT(10, 29, 59), 19800), AT(9, 30, 0));
    /* Newfoundland, -03:30, crossing local midnight backwards. */
    assert_int_equal(privacy_period_start(&p, AT(3, 10, 0), -12600), AT(2, 30, 0));
    /* Times before 1970 round down, not towards zero. */
    assert_int_equal(privacy_period_start(&p, -1, 0), -HOUR);
    assert_int_equal(privacy_period_start(&p, -HOUR, 0), -HOUR);
}

static void test_day_grain_is_the_local_day(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_DAY);
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), 0), DAY0);
    assert_int_equal(privacy_period_start(&p, AT(0, 0, 0), 0), DAY0);
    assert_int_equal(privacy_period_start(&p, AT(23, 59, 59), 0), DAY0);
    /* British summer time: 23:30 UTC is 00:30 the next local day, which
     * began at 23:00 UTC. */
    assert_int_equal(privacy_period_start(&p, AT(23, 30, 0), 3600), AT(23, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(22, 30, 0), 3600), AT(-1, 0, 0));
    /* New York: 02:00 UTC is 21:00 the previous local day, which began
     * at 05:00 UTC the previous day. */
    assert_int_equal(privacy_period_start(&p, AT(2, 0, 0), -5 * HOUR), AT(5, 0, 0) - DAY);
    assert_int_equal(privacy_period_start(&p, AT(5, 0, 0), -5 * HOUR), AT(5, 0, 0));
}

static void test_shift_grain_default_bands(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_SHIFT);
    assert_int_equal(privacy_period_start(&p, AT(10, 37, 12), 0), AT(7, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(7, 0, 0), 0), AT(7, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(18, 59, 59), 0), AT(7, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(19, 0, 0), 0), AT(19, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(23, 59, 59), 0), AT(19, 0, 0));
    /* After midnight in the night band: the band began the evening before. */
    assert_int_equal(privacy_period_start(&p, AT(2, 0, 0), 0), AT(19, 0, 0) - DAY);
    assert_int_equal(privacy_period_start(&p, AT(6, 59, 59), 0), AT(19, 0, 0) - DAY);
}

static void test_shift_grain_with_offsets(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_SHIFT);
    /* Summer time: 01:30 UTC = 02:30 local, night began 19:00 local the day
     * before = 18:00 UTC the day before. */
    assert_int_equal(privacy_period_start(&p, AT(1, 30, 0), 3600), AT(18, 0, 0) - DAY);
    /* 06:30 UTC = 07:30 local: the day band, from 06:00 UTC. */
    assert_int_equal(privacy_period_start(&p, AT(6, 30, 0), 3600), AT(6, 0, 0));
    /* New York: 23:30 UTC = 18:30 local, in the day band from 07:00 local = 12:00 UTC. */
    assert_int_equal(privacy_period_start(&p, AT(23, 30, 0), -5 * HOUR), AT(12, 0, 0));
    /* 00:30 UTC = 19:30 local the previous day: night from 00:00 UTC. */
    assert_int_equal(privacy_period_start(&p, AT(0, 30, 0), -5 * HOUR), AT(0, 0, 0));
}

static void test_shift_names(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_HOUR);
    assert_string_equal(privacy_shift_name(&p, AT(10, 37, 12), 0), "day");
    assert_string_equal(privacy_shift_name(&p, AT(2, 0, 0), 0), "night");
    assert_string_equal(privacy_shift_name(&p, AT(19, 0, 0), 0), "night");
    assert_string_equal(privacy_shift_name(&p, AT(6, 59, 0), 0), "night");
    assert_string_equal(privacy_shift_name(&p, AT(7, 0, 0), 0), "day");
    /* The band is the local one: 18:30 UTC is 19:30 in summer time. */
    assert_string_equal(privacy_shift_name(&p, AT(18, 30, 0), 3600), "night");
    assert_string_equal(privacy_shift_name(&p, AT(18, 30, 0), -5 * HOUR), "day");
    assert_string_equal(privacy_shift_name(&p, AT(1, 0, 0), -5 * HOUR), "night");
    /* No bands: no name, and the shift grain files under the local day. */
    p.n_shifts = 0;
    p.grain = PRIVACY_GRAIN_SHIFT;
    assert_string_equal(privacy_shift_name(&p, AT(10, 0, 0), 0), "");
    assert_int_equal(privacy_period_start(&p, AT(10, 0, 0), 0), DAY0);
}

static void test_three_custom_bands(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_SHIFT);
    char err[200];
    const char *bands = "early=06:00-14:00, late = 14:00 - 22:00,night=22:00-6:00";
    assert_int_equal(privacy_parse_shifts(bands, &p, err, sizeof err), SR_OK);
    assert_string_equal(err, "");
    assert_int_equal(p.n_shifts, 3);
    assert_string_equal(p.shifts[1].name, "late");
    assert_string_equal(privacy_shift_name(&p, AT(13, 59, 0), 0), "early");
    assert_string_equal(privacy_shift_name(&p, AT(14, 0, 0), 0), "late");
    assert_string_equal(privacy_shift_name(&p, AT(23, 0, 0), 0), "night");
    assert_string_equal(privacy_shift_name(&p, AT(5, 0, 0), 0), "night");
    assert_int_equal(privacy_period_start(&p, AT(5, 0, 0), 0), AT(22, 0, 0) - DAY);
    assert_int_equal(privacy_period_start(&p, AT(23, 0, 0), 0), AT(22, 0, 0));
    assert_int_equal(privacy_period_start(&p, AT(15, 0, 0), 0), AT(14, 0, 0));
}

static void test_one_band_all_day(void **state)
{
    (void)state;
    privacy_policy p = policy_with(PRIVACY_GRAIN_SHIFT);
    char err[200];
    assert_int_equal(privacy_parse_shifts("all=07:00-07:00", &p, err, sizeof err), SR_OK);
    assert_int_equal(p.n_shifts, 1);
    assert_string_equal(privacy_shift_name(&p, AT(3, 0, 0), 0), "all");
    assert_int_equal(privacy_period_start(&p, AT(3, 0, 0), 0), AT(7, 0, 0) - DAY);
    assert_int_equal(privacy_period_start(&p, AT(8, 0, 0), 0), AT(7, 0, 0));
}

/* Parses text, expects a failure whose message contains want, and checks
 * that the policy was left as it was. */
static void expect_parse_error(const char *text, const char *want)
{
    privacy_policy p, before;
    privacy_policy_defaults(&p);
    before = p;
    char err[200] = "";
    assert_int_equal(privacy_parse_shifts(text, &p, err, sizeof err), SR_E_INVALID);
    if (!strstr(err, want))
        fail_msg("parsing \"%s\": message \"%s\" does not say \"%s\"", text, err, want);
    assert_memory_equal(&p, &before, sizeof p);
}

static void test_parse_errors_say_what_is_wrong(void **state)
{
    (void)state;
    expect_parse_error("day=07:00-19:00,late=19:00-25:00",
                       "band 'late': '25:00' is not a time HH:MM");
    expect_parse_error("day=07:60-19:00,night=19:00-07:60",
                       "band 'day': '07:60' is not a time HH:MM");
    expect_parse_error("day=7am-7pm", "band 'day': '7am' is not a time HH:MM");
    expect_parse_error("day=07:00-19:00,night=19:00-", "band 'night': '' is not a time HH:MM");
    expect_parse_error("day=0700-1900", "band 'day': '0700' is not a time HH:MM");
    expect_parse_error("day=07:00", "band 'day': '07:00' is not a range HH:MM-HH:MM");
    expect_parse_error("=07:00-19:00,night=19:00-07:00", "no name before '='");
    expect_parse_error("day 07:00-19:00", "band 'day 07:00-19:00' has no '='");
    expect_parse_error("day=07:00-19:00,late=07:30-20:00,night=20:00-07:00",
                       "bands overlap at 07:30 ('day' and 'late')");
    expect_parse_error("day=07:00-19:00,night=19:00-03:00,early=04:00-07:00",
                       "bands leave 03:00-04:00 uncovered");
    expect_parse_error("day=07:00-19:00", "bands leave 19:00-07:00 uncovered");
    expect_parse_error("day=07:00-19:00,day=19:00-07:00", "band 'day' is named twice");
    expect_parse_error("a=00:00-04:00,b=04:00-08:00,c=08:00-12:00,d=12:00-16:00,"
                       "e=16:00-20:00,f=20:00-22:00,g=22:00-00:00",
                       "more than 6 bands");
    expect_parse_error("averyveryverylongname=07:00-19:00,night=19:00-07:00",
                       "band name 'averyveryverylongname' is longer than 15 characters");
    expect_parse_error("", "no bands given");
    expect_parse_error("   ", "no bands given");
    expect_parse_error(NULL, "no bands given");
    expect_parse_error("day=07:00-19:00,,night=19:00-07:00", "empty band");
    expect_parse_error("day=07:00-19:00,night=19:00-07:00,", "empty band");
    expect_parse_error("all=00:00-00:00,night=19:00-07:00", "bands overlap at 00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_hour_and_two_nhs_shifts),
        cmocka_unit_test(test_grain_names),
        cmocka_unit_test(test_hour_grain),
        cmocka_unit_test(test_day_grain_is_the_local_day),
        cmocka_unit_test(test_shift_grain_default_bands),
        cmocka_unit_test(test_shift_grain_with_offsets),
        cmocka_unit_test(test_shift_names),
        cmocka_unit_test(test_three_custom_bands),
        cmocka_unit_test(test_one_band_all_day),
        cmocka_unit_test(test_parse_errors_say_what_is_wrong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
