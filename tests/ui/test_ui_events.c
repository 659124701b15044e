/* test_ui_events.c -- real SDL input events reach the kiosk and do what a
 * person expects.
 *
 * The kiosk runs in-process (tests/support/kiosk_harness.h): SDL's
 * offscreen driver, real fonts, the shipped content pack and a real outbox
 * file. Touches and clicks are real SDL events pushed into SDL's queue with
 * SDL_PushEvent and consumed by the kiosk's own event handling
 * (kiosk_events_step, the same code as the running kiosk's loop), on a
 * virtual clock. What is checked is what a person or an analyst would
 * notice: which screen shows, and what the outbox holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk_harness.h"

#define LATER 1000 /* ms between deliberate taps: past the double-tap guard */
#define QUICK 120  /* ms between the two taps of a double tap */

static double number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

/* Exactly one answer in the outbox, with this score and these chips for the
 * first follow-up ("affected"). */
static void assert_one_answer(const kiosk_harness *h, int score, const char *affected)
{
    cJSON *answers[KIOSK_HARNESS_MAX_ANSWERS];
    int n = kiosk_harness_answers(h, answers);
    assert_int_equal(n, 1);
    assert_int_equal((int)number(answers[0], "score"), score);
    char chosen[256];
    kiosk_harness_chosen(answers[0], "affected", chosen, sizeof chosen);
    assert_string_equal(chosen, affected);
    kiosk_harness_answers_free(answers, n);
}

static void assert_no_answer(const kiosk_harness *h)
{
    cJSON *answers[KIOSK_HARNESS_MAX_ANSWERS];
    int n = kiosk_harness_answers(h, answers);
    kiosk_harness_answers_free(answers, n);
    assert_int_equal(n, 0);
}

/* ---- a check-in by mouse, and by touch ----------------------------------- */

static void test_checkin_with_the_mouse(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "mouse");
    kiosk_harness_open(&h);
    assert_string_equal(kiosk_harness_screen(&h), "idle");
    kiosk_harness_mouse_tap(&h, "mood-2", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    kiosk_harness_mouse_tap(&h, "done", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");
    assert_one_answer(&h, 2, "");
    kiosk_harness_close(&h);
}

static void test_checkin_with_a_finger(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "finger");
    kiosk_harness_open(&h);
    kiosk_harness_finger_tap(&h, "mood-2", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    kiosk_harness_finger_tap(&h, "done", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");
    assert_one_answer(&h, 2, "");
    kiosk_harness_close(&h);
}

/* ---- what must NOT happen -------------------------------------------------- */

/* Two quick taps on the face, then two on "done": one answer, with no chip
 * picked up by the second tap landing on the follow-up screen. */
static void test_double_tap_records_one_answer(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "double-tap");
    kiosk_harness_open(&h);
    int x, y;
    kiosk_harness_centre(&h, "mood-2", &x, &y);
    kiosk_harness_finger_tap(&h, "mood-2", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    /* The second tap of the pair lands where the face was: on a chip. */
    const ui_target *under = ui_frame_hit(h.app->frame, x, y);
    assert_non_null(under);
    assert_memory_equal(under->id, "chip-", 5);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 1, 2);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 1, 2);
    kiosk_harness_step(&h, QUICK);
    assert_string_equal(kiosk_harness_screen(&h), "followup");

    kiosk_harness_centre(&h, "done", &x, &y);
    kiosk_harness_finger_tap(&h, "done", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");
    assert_non_null(ui_frame_hit(h.app->frame, x, y)); /* something is there on "thanks" too */
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 1, 3);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 1, 3);
    kiosk_harness_step(&h, QUICK);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");
    assert_one_answer(&h, 2, "");
    kiosk_harness_close(&h);
}

/* Slide off a button to cancel it: pressed on one face, released on
 * another, nothing is chosen -- by finger and by mouse. */
static void test_press_on_one_target_release_on_another_does_nothing(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "slide-off");
    kiosk_harness_open(&h);
    int x2, y2, x4, y4;
    kiosk_harness_centre(&h, "mood-2", &x2, &y2);
    kiosk_harness_centre(&h, "mood-4", &x4, &y4);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x2, y2, 1, 1);
    kiosk_harness_step(&h, LATER);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x4, y4, 1, 1);
    kiosk_harness_step(&h, 300);
    assert_string_equal(kiosk_harness_screen(&h), "idle");

    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONDOWN, x4, y4, 0);
    kiosk_harness_step(&h, LATER);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONUP, x2, y2, 0);
    kiosk_harness_step(&h, 300);
    assert_string_equal(kiosk_harness_screen(&h), "idle");
    assert_no_answer(&h);
    kiosk_harness_close(&h);
}

/* A touch may also arrive as SDL's synthetic mouse click (which ==
 * SDL_TOUCH_MOUSEID), and a click as a synthetic touch (touchId ==
 * SDL_MOUSE_TOUCHID). A chip toggles, so counting one press twice would
 * choose it and un-choose it again. Both orders SDL can deliver them in. */
static void test_touch_and_its_mouse_copy_count_once(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "synthetic");
    kiosk_harness_open(&h);
    kiosk_harness_finger_tap(&h, "mood-2", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    int x, y;

    /* A touch and its mouse copy, interleaved as SDL 2 sends them. */
    kiosk_harness_centre(&h, "chip-workload", &x, &y);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONDOWN, x, y, SDL_TOUCH_MOUSEID);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 7, 1);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONUP, x, y, SDL_TOUCH_MOUSEID);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 7, 1);
    kiosk_harness_step(&h, LATER);

    /* A touch, then its copy after it. */
    kiosk_harness_centre(&h, "chip-staffing", &x, &y);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 7, 2);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 7, 2);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONDOWN, x, y, SDL_TOUCH_MOUSEID);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONUP, x, y, SDL_TOUCH_MOUSEID);
    kiosk_harness_step(&h, LATER);

    /* A click, then its touch copy after it. */
    kiosk_harness_centre(&h, "chip-breaks", &x, &y);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONDOWN, x, y, 0);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONUP, x, y, 0);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, SDL_MOUSE_TOUCHID, 0);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, SDL_MOUSE_TOUCHID, 0);
    kiosk_harness_step(&h, LATER);

    kiosk_harness_finger_tap(&h, "done", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");
    assert_one_answer(&h, 2, "workload staffing breaks");
    kiosk_harness_close(&h);
}

/* A second finger while the first is down is ignored (a palm, a second
 * person): only the first finger's lift counts. */
static void test_second_finger_is_ignored(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "two-fingers");
    kiosk_harness_open(&h);
    int x2, y2, x5, y5;
    kiosk_harness_centre(&h, "mood-2", &x2, &y2);
    kiosk_harness_centre(&h, "mood-5", &x5, &y5);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x2, y2, 1, 1);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x5, y5, 1, 2);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x5, y5, 1, 2);
    kiosk_harness_step(&h, LATER);
    assert_string_equal(kiosk_harness_screen(&h), "idle");
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x2, y2, 1, 1);
    kiosk_harness_step(&h, 200);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    kiosk_harness_finger_tap(&h, "done", LATER);
    assert_one_answer(&h, 2, "");
    kiosk_harness_close(&h);
}

/* ---- the admin corner ------------------------------------------------------- */

static void test_long_press_on_admin_corner_opens_the_pin_pad(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "corner");
    kiosk_harness_open(&h);
    int x, y;
    kiosk_harness_centre(&h, "admin-corner", &x, &y);

    /* A short press is not enough. */
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 1, 1);
    kiosk_harness_step(&h, LATER);
    kiosk_harness_step(&h, 500);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 1, 1);
    kiosk_harness_step(&h, 0);
    assert_string_equal(kiosk_harness_screen(&h), "idle");

    /* Held past the hold time (3 s by default), then lifted. */
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, x, y, 1, 2);
    kiosk_harness_step(&h, LATER);
    kiosk_harness_step(&h, h.app->flow_config.admin_hold_ms + 100);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, x, y, 1, 2);
    kiosk_harness_step(&h, 0);
    assert_string_equal(kiosk_harness_screen(&h), "admin-pin");
    assert_non_null(ui_frame_find(h.app->frame, "pin-1"));
    assert_no_answer(&h);
    kiosk_harness_close(&h);
}

/* Window events that change nothing on screen (the pointer entering or
 * leaving a desktop window, focus moving) cost no frame; an exposed window
 * is drawn again. */
static void test_only_window_events_that_spoil_the_screen_redraw(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "window-events");
    kiosk_harness_open(&h);
    kiosk_harness_step(&h, LATER);
    long before = h.app->redraws;
    static const Uint8 harmless[] = {SDL_WINDOWEVENT_ENTER, SDL_WINDOWEVENT_LEAVE,
                                     SDL_WINDOWEVENT_FOCUS_GAINED, SDL_WINDOWEVENT_FOCUS_LOST,
                                     SDL_WINDOWEVENT_MOVED};
    for (size_t i = 0; i < sizeof harmless; i++) {
        SDL_Event ev = {.type = SDL_WINDOWEVENT};
        ev.window.event = harmless[i];
        assert_int_equal(SDL_PushEvent(&ev), 1);
    }
    kiosk_harness_step(&h, LATER);
    assert_int_equal(h.app->redraws, before);
    SDL_Event exposed = {.type = SDL_WINDOWEVENT};
    exposed.window.event = SDL_WINDOWEVENT_EXPOSED;
    assert_int_equal(SDL_PushEvent(&exposed), 1);
    kiosk_harness_step(&h, LATER);
    assert_int_equal(h.app->redraws, before + 1);
    kiosk_harness_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin_with_the_mouse),
        cmocka_unit_test(test_checkin_with_a_finger),
        cmocka_unit_test(test_double_tap_records_one_answer),
        cmocka_unit_test(test_press_on_one_target_release_on_another_does_nothing),
        cmocka_unit_test(test_touch_and_its_mouse_copy_count_once),
        cmocka_unit_test(test_second_finger_is_ignored),
        cmocka_unit_test(test_long_press_on_admin_corner_opens_the_pin_pad),
        cmocka_unit_test(test_only_window_events_that_spoil_the_screen_redraw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
