/* test_ui_input.c -- touches become the right taps, the keyboard edits
 * text as a person expects, and text wraps where a reader expects.
 *
 * Pure: the flow, the layout and the pointer logic with a simple measurer
 * (every character as wide as half its font size), no SDL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content_load.h"
#include "core/flow.h"
#include "content_fixture.h"
#include "kiosk_harness.h"
#include "testutil.h"
#include "ui/ui_keyboard.h"
#include "ui/ui_layout.h"
#include "ui/ui_pointer.h"
#include "ui/ui_text.h"

static int fake_width(void *ctx, ui_font font, int size, const char *text, size_t len)
{
    (void)ctx;
    (void)font;
    int chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars * size / 2;
}

static int fake_height(void *ctx, ui_font font, int size)
{
    (void)ctx;
    (void)font;
    return size + size / 4;
}

static const ui_measure MEASURE = {NULL, fake_width, fake_height};

/* ---- text -------------------------------------------------------------- */

static void line_text(const ui_text_layout *l, const char *text, int i, char *out, size_t size)
{
    snprintf(out, size, "%.*s", (int)l->lines[i].len, text + l->lines[i].start);
}

static void test_wrap_at_spaces_and_newlines(void **state)
{
    (void)state;
    ui_text_layout l;
    char line[64];
    /* 20 px per character at size 40: 10 characters a line in 200 px */
    const char *text = "one two three four\n\nfive";
    assert_true(ui_text_wrap(&MEASURE, UI_FONT_REGULAR, 40, text, 200, &l));
    assert_int_equal(l.n_lines, 4);
    line_text(&l, text, 0, line, sizeof line);
    assert_string_equal(line, "one two");
    line_text(&l, text, 1, line, sizeof line);
    assert_string_equal(line, "three four");
    line_text(&l, text, 2, line, sizeof line);
    assert_string_equal(line, ""); /* the paragraph break */
    line_text(&l, text, 3, line, sizeof line);
    assert_string_equal(line, "five");
    assert_int_equal(l.height, 4 * 50);
}

static void test_wrap_breaks_after_hyphens_not_inside_words(void **state)
{
    (void)state;
    ui_text_layout l;
    char line[64];
    const char *id = "kiosk-ward-twenty-seven";
    assert_true(ui_text_wrap(&MEASURE, UI_FONT_REGULAR, 40, id, 240, &l));
    line_text(&l, id, 0, line, sizeof line);
    assert_string_equal(line, "kiosk-ward-");
    /* one word wider than the box can only be split: that is not a fit */
    assert_false(ui_text_wrap(&MEASURE, UI_FONT_REGULAR, 40, "Ymwybyddiaeth", 200, &l));
}

static void test_fit_shrinks_then_gives_up(void **state)
{
    (void)state;
    ui_text_layout l;
    /* 12 chars at 40 px (240 wide) do not fit 200; at 33 px (16 each) they do */
    assert_true(ui_text_fit(&MEASURE, UI_FONT_BOLD, 40, 20, "twelve chars", 200, 60, 1, &l));
    assert_true(l.size < 40 && l.size >= 20);
    assert_int_equal(l.n_lines, 1);
    assert_false(ui_text_fit(&MEASURE, UI_FONT_BOLD, 40, 36, "twelve chars", 200, 60, 1, &l));
}

static void test_substitute_and_count(void **state)
{
    (void)state;
    char out[64];
    ui_text_substitute(out, sizeof out, "back in {seconds} s", "seconds", "27");
    assert_string_equal(out, "back in 27 s");
    assert_int_equal(ui_text_chars("tîm ŵyr"), 7);
}

/* ---- keyboard ------------------------------------------------------------ */

static ui_target key(const char *text)
{
    ui_target t = {.kind = UI_TARGET_KEY};
    snprintf(t.key, sizeof t.key, "%s", text);
    return t;
}

static void test_keyboard_types_deletes_and_stops_at_the_limit(void **state)
{
    (void)state;
    char out[64];
    ui_target w = key("\xc5\xb5"); /* ŵ: two bytes */
    assert_true(ui_keyboard_apply(&w, "t", 3, out, sizeof out));
    assert_string_equal(out, "t\xc5\xb5");
    ui_target del = {.kind = UI_TARGET_KEY_DELETE};
    char again[64];
    assert_true(ui_keyboard_apply(&del, out, 3, again, sizeof again));
    assert_string_equal(again, "t"); /* the whole character, not one byte */
    ui_target a = key("a");
    assert_false(ui_keyboard_apply(&a, "abc", 3, out, sizeof out)); /* full */
    assert_string_equal(out, "abc");
    assert_false(ui_keyboard_apply(&del, "", 3, out, sizeof out));
    ui_keyboard_key_id(" ", 1, out, sizeof out);
    assert_string_equal(out, "key-space");
    ui_keyboard_key_id("\xc5\xb5", 2, out, sizeof out);
    assert_string_equal(out, "key-\xc5\xb5");
}

/* ---- pointer ----------------------------------------------------------------- */

static ui_frame frame;

static void two_targets(void)
{
    ui_frame_reset(&frame, 800, 480);
    ui_target a = {.id = "a", .rect = {0, 0, 100, 100}};
    ui_target b = {.id = "b", .rect = {200, 0, 100, 100}};
    ui_frame_push_target(&frame, &a);
    ui_frame_push_target(&frame, &b);
}

static void test_tap_counts_on_release_inside_the_same_target(void **state)
{
    (void)state;
    ui_pointer p;
    ui_pointer_reset(&p);
    two_targets();
    assert_true(ui_pointer_press(&p, &frame, 50, 50, 1000));
    assert_string_equal(p.pressed, "a");
    ui_tap tap = ui_pointer_release(&p, &frame, 60, 40, 1100);
    assert_int_equal(tap.kind, UI_TAP_TARGET);
    assert_string_equal(tap.target.id, "a");
    assert_int_equal(tap.held_ms, 100);
    /* slide off onto another target: cancelled, but still a touch */
    ui_pointer_press(&p, &frame, 50, 50, 2000);
    tap = ui_pointer_release(&p, &frame, 250, 50, 2100);
    assert_int_equal(tap.kind, UI_TAP_TOUCH);
    /* a release without a press does nothing */
    tap = ui_pointer_release(&p, &frame, 50, 50, 2200);
    assert_int_equal(tap.kind, UI_TAP_NONE);
}

static void test_press_right_after_a_screen_change_is_ignored(void **state)
{
    (void)state;
    ui_pointer p;
    ui_pointer_reset(&p);
    two_targets();
    ui_pointer_screen_changed(&p, 5000);
    assert_false(ui_pointer_press(&p, &frame, 50, 50, 5000 + UI_POINTER_SETTLE_MS - 1));
    assert_int_equal(ui_pointer_release(&p, &frame, 50, 50, 5400).kind, UI_TAP_NONE);
    assert_true(ui_pointer_press(&p, &frame, 50, 50, 5000 + UI_POINTER_SETTLE_MS));
}

/* A double tap on a face, through flow, layout and pointer as the kiosk
 * wires them: the second tap lands where the follow-up chips now are, and
 * must not choose one. */
static void test_double_tap_on_a_face_chooses_nothing_else(void **state)
{
    (void)state;
    static content_pack pack;
    content_fixture_shipped_pack(&pack);
    flow_config config;
    flow_config_defaults(&config);
    static flow f;
    int64_t now = 1000000;
    flow_init(&f, &pack, &config, now);
    ui_pointer p;
    ui_pointer_reset(&p);
    ui_input in = {&f, &pack, &MEASURE, NULL, NULL, 800, 480, now};
    ui_build(&frame, &in);
    const ui_target *face = ui_frame_find(&frame, "mood-2");
    int x = face->rect.x + face->rect.w / 2, y = face->rect.y + face->rect.h / 2;
    for (int tap_no = 0; tap_no < 2; tap_no++, now += 150) {
        flow_state before = f.state;
        if (ui_pointer_press(&p, &frame, x, y, now)) {
            ui_tap tap = ui_pointer_release(&p, &frame, x, y, now + 60);
            if (tap.kind == UI_TAP_TARGET) {
                flow_event ev = {tap.target.event, tap.target.arg, NULL};
                flow_handle(&f, &ev, now + 60, NULL);
            }
        }
        if (f.state != before) /* as kiosk_app_build does */
            ui_pointer_screen_changed(&p, now + 60);
        in.now = now + 60;
        ui_build(&frame, &in);
    }
    assert_int_equal(f.state, FLOW_FOLLOWUP);
    assert_int_equal(f.answer.chosen[1], 0u);
    content_pack_free(&pack);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_at_spaces_and_newlines),
        cmocka_unit_test(test_wrap_breaks_after_hyphens_not_inside_words),
        cmocka_unit_test(test_fit_shrinks_then_gives_up),
        cmocka_unit_test(test_substitute_and_count),
        cmocka_unit_test(test_keyboard_types_deletes_and_stops_at_the_limit),
        cmocka_unit_test(test_tap_counts_on_release_inside_the_same_target),
        cmocka_unit_test(test_press_right_after_a_screen_change_is_ignored),
        cmocka_unit_test(test_double_tap_on_a_face_chooses_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
