/* test_ui_theme.c -- the theme keeps text readable and sizes scale by the
 * documented rule.
 *
 * Every text the layout draws uses one of the ui_style pairs, so checking
 * each pair's WCAG contrast checks every text on every screen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "ui/ui_theme.h"

static ui_color rgb(unsigned hex)
{
    ui_color c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255};
    return c;
}

/* The formula against values from the WCAG definition. */
static void test_contrast_formula(void **state)
{
    (void)state;
    assert_float_equal(ui_theme_contrast(rgb(0x000000), rgb(0xFFFFFF)), 21.0, 0.01);
    assert_float_equal(ui_theme_contrast(rgb(0xFFFFFF), rgb(0xFFFFFF)), 1.0, 0.001);
    assert_float_equal(ui_theme_contrast(rgb(0x777777), rgb(0xFFFFFF)), 4.48, 0.01);
    /* order does not matter */
    assert_float_equal(ui_theme_contrast(rgb(0x005EB8), rgb(0xFFFFFF)),
                       ui_theme_contrast(rgb(0xFFFFFF), rgb(0x005EB8)), 1e-9);
}

static void test_every_text_style_has_enough_contrast(void **state)
{
    (void)state;
    for (int s = 0; s < UI_STYLE_COUNT; s++) {
        const ui_style_colors *style = ui_theme_style((ui_style)s);
        double ratio = ui_theme_contrast(style->ink, style->background);
        if (ratio < UI_CONTRAST_MIN)
            fail_msg("style '%s': text #%02X%02X%02X on #%02X%02X%02X has contrast %.2f:1, "
                     "needs %.1f:1", style->name, style->ink.r, style->ink.g, style->ink.b,
                     style->background.r, style->background.g, style->background.b, ratio,
                     UI_CONTRAST_MIN);
    }
}

/* Muted text sits on the screen background, tile text on white: the
 * styles' backgrounds must be what the layout paints under them. */
static void test_screen_styles_match_the_screen(void **state)
{
    (void)state;
    ui_color screen = ui_theme_palette()->screen;
    const ui_style screen_styles[] = {UI_STYLE_SCREEN, UI_STYLE_MUTED};
    for (size_t i = 0; i < sizeof screen_styles / sizeof screen_styles[0]; i++) {
        ui_color bg = ui_theme_style(screen_styles[i])->background;
        assert_true(bg.r == screen.r && bg.g == screen.g && bg.b == screen.b);
    }
}

/* Faces are drawn in dark ink on their tint: the symbols must stand out
 * from the tint as much as text would. */
static void test_face_ink_on_tints(void **state)
{
    (void)state;
    ui_color ink = ui_theme_style(UI_STYLE_TILE)->ink;
    for (int i = 0; i < 5; i++)
        assert_true(ui_theme_contrast(ink, ui_theme_palette()->face_tint[i]) >= UI_CONTRAST_MIN);
}

static void test_scale_rule(void **state)
{
    (void)state;
    ui_metrics m;
    ui_metrics_for(&m, 800, 480);
    assert_int_equal(m.scale_milli, 1000);
    assert_int_equal(m.target, 88);
    assert_int_equal(m.gap, 16);
    assert_false(m.portrait);
    ui_metrics_for(&m, 720, 1280);
    assert_int_equal(m.scale_milli, 1500);
    assert_int_equal(m.target, 132);
    assert_true(m.portrait);
    ui_metrics_for(&m, 1920, 1080);
    assert_int_equal(m.scale_milli, 2250);
    assert_int_equal(m.target, 198);
    assert_int_equal(m.gap, 36);
    ui_metrics_for(&m, 1024, 600); /* wider than 5:3: the height decides */
    assert_int_equal(m.scale_milli, 1250);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrast_formula),
        cmocka_unit_test(test_every_text_style_has_enough_contrast),
        cmocka_unit_test(test_screen_styles_match_the_screen),
        cmocka_unit_test(test_face_ink_on_tints),
        cmocka_unit_test(test_scale_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
