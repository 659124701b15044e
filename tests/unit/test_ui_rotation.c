/* test_ui_rotation.c -- a touch on a turned panel lands on the logical
 * pixel drawn under it (ui/ui_rotation.h): every angle, every corner and
 * the centre, and the mapping back and forth is the identity everywhere on
 * a small panel. A wrong sign here is a kiosk whose buttons answer to a
 * finger somewhere else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ui/ui_rotation.h"

#define PW 800 /* the Pi 7" DSI panel, physical */
#define PH 480

typedef struct corner_case {
    int px, py; /* physical pixel */
    int lx, ly; /* the logical pixel under it */
} corner_case;

static void check_cases(int rotation, const corner_case *cases, int n)
{
    for (int i = 0; i < n; i++) {
        int lx = -1, ly = -1, px = -1, py = -1;
        ui_rotation_to_logical(rotation, PW, PH, cases[i].px, cases[i].py, &lx, &ly);
        if (lx != cases[i].lx || ly != cases[i].ly)
            fail_msg("rotation %d: physical (%d,%d) gave logical (%d,%d), expected (%d,%d)",
                     rotation, cases[i].px, cases[i].py, lx, ly, cases[i].lx, cases[i].ly);
        ui_rotation_to_physical(rotation, PW, PH, cases[i].lx, cases[i].ly, &px, &py);
        assert_int_equal(px, cases[i].px);
        assert_int_equal(py, cases[i].py);
    }
}

static void test_rotation_0_is_the_identity(void **state)
{
    (void)state;
    const corner_case cases[] = {
        {0, 0, 0, 0}, {799, 0, 799, 0}, {0, 479, 0, 479}, {799, 479, 799, 479}, {400, 240, 400, 240},
    };
    check_cases(0, cases, 5);
}

/* Turned clockwise: the logical top-left is drawn at the panel's
 * top-right; the logical picture is 480 wide and 800 tall. */
static void test_rotation_90(void **state)
{
    (void)state;
    const corner_case cases[] = {
        {799, 0, 0, 0},     /* logical top-left */
        {799, 479, 479, 0}, /* logical top-right */
        {0, 0, 0, 799},     /* logical bottom-left */
        {0, 479, 479, 799}, /* logical bottom-right */
        {400, 240, 240, 399},
    };
    check_cases(90, cases, 5);
}

static void test_rotation_180(void **state)
{
    (void)state;
    const corner_case cases[] = {
        {799, 479, 0, 0}, {0, 479, 799, 0}, {799, 0, 0, 479}, {0, 0, 799, 479}, {400, 240, 399, 239},
    };
    check_cases(180, cases, 5);
}

static void test_rotation_270(void **state)
{
    (void)state;
    const corner_case cases[] = {
        {0, 479, 0, 0},     /* logical top-left at the panel's bottom-left */
        {0, 0, 479, 0},     /* logical top-right */
        {799, 479, 0, 799}, /* logical bottom-left */
        {799, 0, 479, 799}, /* logical bottom-right */
        {400, 240, 239, 400},
    };
    check_cases(270, cases, 5);
}

/* Every physical pixel of a small odd-sized panel maps inside the logical
 * picture, to a different pixel, and back to itself. */
static void test_round_trip_covers_the_picture(void **state)
{
    (void)state;
    enum { W = 7, H = 5 };
    const int angles[] = {0, 90, 180, 270};
    for (int a = 0; a < 4; a++) {
        bool seen[W * H] = {false};
        int lw = ui_rotation_swaps(angles[a]) ? H : W, lh = ui_rotation_swaps(angles[a]) ? W : H;
        for (int py = 0; py < H; py++) {
            for (int px = 0; px < W; px++) {
                int lx, ly, bx, by;
                ui_rotation_to_logical(angles[a], W, H, px, py, &lx, &ly);
                assert_in_range(lx, 0, lw - 1);
                assert_in_range(ly, 0, lh - 1);
                assert_false(seen[ly * lw + lx]);
                seen[ly * lw + lx] = true;
                ui_rotation_to_physical(angles[a], W, H, lx, ly, &bx, &by);
                assert_int_equal(bx, px);
                assert_int_equal(by, py);
            }
        }
    }
}

static void test_valid_angles(void **state)
{
    (void)state;
    assert_true(ui_rotation_valid(0) && ui_rotation_valid(90) && ui_rotation_valid(180) &&
                ui_rotation_valid(270));
    assert_false(ui_rotation_valid(45) || ui_rotation_valid(-90) || ui_rotation_valid(360));
    assert_true(ui_rotation_swaps(90) && ui_rotation_swaps(270));
    assert_false(ui_rotation_swaps(0) || ui_rotation_swaps(180));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation_0_is_the_identity),
        cmocka_unit_test(test_rotation_90),
        cmocka_unit_test(test_rotation_180),
        cmocka_unit_test(test_rotation_270),
        cmocka_unit_test(test_round_trip_covers_the_picture),
        cmocka_unit_test(test_valid_angles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
