/* test_backoff.c -- the forwarder's reconnect delays (app/core/backoff.h):
 * the first retry comes after the minimum, the ceiling doubles with each
 * failure and stops at the maximum, every delay lies between the minimum
 * and the ceiling (full jitter: the whole range is used, so a fleet that
 * lost the broker together does not return together), and a success starts
 * over. A broker that refuses a kiosk for a month must not make it wait
 * longer than the maximum, nor overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/backoff.h"

static void test_first_delay_is_the_minimum(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 500, 60000);
    assert_int_equal(backoff_next_delay(&b, 0xffffffffu), 500);
    assert_int_equal(b.failures, 1);
}

static void test_ceiling_doubles_up_to_the_maximum(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 1000, 30000);
    const int64_t expected[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        assert_int_equal(backoff_ceiling(&b), expected[i]);
        /* The largest random number gives the ceiling itself. */
        uint32_t top = (uint32_t)(expected[i] - 1000);
        assert_int_equal(backoff_next_delay(&b, top), expected[i]);
    }
}

static void test_delays_stay_in_range_and_spread(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 100, 6400);
    for (int i = 0; i < 10; i++)
        backoff_next_delay(&b, 0);
    /* At the ceiling: 1000 draws from a simple LCG cover the range. */
    uint32_t x = 12345;
    int64_t low = INT64_MAX, high = 0;
    int buckets[4] = {0};
    for (int i = 0; i < 1000; i++) {
        x = x * 1664525u + 1013904223u;
        int64_t d = backoff_next_delay(&b, x);
        assert_in_range(d, 100, 6400);
        low = d < low ? d : low;
        high = d > high ? d : high;
        buckets[(d - 100) * 4 / 6301]++;
    }
    assert_true(low < 300);
    assert_true(high > 6200);
    for (int i = 0; i < 4; i++)
        assert_true(buckets[i] > 150); /* roughly uniform, not piled at one end */
}

static void test_reset_starts_over(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 250, 10000);
    for (int i = 0; i < 6; i++)
        backoff_next_delay(&b, 7);
    assert_int_equal(backoff_ceiling(&b), 10000);
    backoff_reset(&b);
    assert_int_equal(backoff_ceiling(&b), 250);
    assert_int_equal(backoff_next_at(&b, 1000000, 99), 1000250);
}

static void test_a_month_of_failures_neither_overflows_nor_exceeds_max(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 1000, 300000);
    int64_t now = 0;
    for (int i = 0; i < 50000; i++) {
        int64_t at = backoff_next_at(&b, now, 0xffffffffu - (uint32_t)i);
        assert_true(at > now);
        assert_true(at - now <= 300000);
        now = at;
    }
    assert_int_equal(backoff_ceiling(&b), 300000);
}

static void test_bad_bounds_are_clamped(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 0, -5);
    assert_int_equal(b.min_ms, 1);
    assert_int_equal(b.max_ms, 1);
    assert_int_equal(backoff_next_delay(&b, 123456), 1);
    backoff_init(&b, 5000, 100);
    assert_int_equal(b.max_ms, 5000);
    assert_int_equal(backoff_next_delay(&b, 42), 5000);
    assert_int_equal(backoff_next_delay(&b, 42), 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_delay_is_the_minimum),
        cmocka_unit_test(test_ceiling_doubles_up_to_the_maximum),
        cmocka_unit_test(test_delays_stay_in_range_and_spread),
        cmocka_unit_test(test_reset_starts_over),
        cmocka_unit_test(test_a_month_of_failures_neither_overflows_nor_exceeds_max),
        cmocka_unit_test(test_bad_bounds_are_clamped),
    };
    return cmocka_run_group_tests_name("backoff", tests, NULL, NULL);
}
