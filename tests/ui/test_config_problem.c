/* test_config_problem.c -- the screen a technician sees when the kiosk's
 * configuration file is refused (app/kiosk/kiosk_problem.h), instead of a
 * black screen.
 *
 *   - the refusal message is split into file, line, setting and reason, for
 *     every shape of message the configuration reader gives
 *   - the draw list holds the title, each of those, and what to do ("the
 *     boot partition"); nothing is clipped at 800x480 or 720x1280, even
 *     for a long path and reason; there is nothing to tap
 *   - the PNG (offscreen renderer) shows the draw list: the notice's panel
 *     is where the draw list says
 *   - the built kiosk: from a command line a bad file still means exit 2 at
 *     once; with --show-config-problem under a pretend systemd it shows the
 *     screen (saved with --screenshots), says READY=1 with the problem as
 *     its STATUS, keeps feeding the watchdog, and exits 2 on SIGTERM
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <SDL_image.h>
#include <cmocka.h>

#include "kiosk/kiosk_problem.h"
#include "notify_fixture.h"
#include "sdl/sdl_display.h"
#include "sdl/sdl_render.h"
#include "testutil.h"
#include "ui/ui_theme.h"

#define WAIT_MS 20000

static ui_frame frame;

static void test_messages_are_split_into_file_line_key_and_reason(void **state)
{
    (void)state;
    kiosk_problem p;
    kiosk_problem_parse("/boot/firmware/staffroom.ini:12: [ui] size: 'big' is not a size like "
                        "800x480", &p);
    assert_string_equal(p.file, "/boot/firmware/staffroom.ini");
    assert_int_equal(p.line, 12);
    assert_string_equal(p.key, "[ui] size");
    assert_string_equal(p.reason, "'big' is not a size like 800x480");

    kiosk_problem_parse("/etc/staffroom/kiosk.ini:3: [uii]: unknown section (at key 'size')", &p);
    assert_int_equal(p.line, 3);
    assert_string_equal(p.key, "[uii]");
    assert_string_equal(p.reason, "unknown section (at key 'size')");

    kiosk_problem_parse("/boot/staffroom.ini:7: not a 'key = value' line or a [section] header",
                        &p);
    assert_string_equal(p.file, "/boot/staffroom.ini");
    assert_int_equal(p.line, 7);
    assert_string_equal(p.key, "");
    assert_string_equal(p.reason, "not a 'key = value' line or a [section] header");

    kiosk_problem_parse("/boot/firmware/staffroom.ini: cannot read: No such file or directory",
                        &p);
    assert_string_equal(p.file, "/boot/firmware/staffroom.ini");
    assert_int_equal(p.line, 0);
    assert_string_equal(p.reason, "cannot read: No such file or directory");

    /* Another shape entirely: shown whole, never lost. */
    kiosk_problem_parse("something odd happened", &p);
    assert_string_equal(p.file, "");
    assert_string_equal(p.reason, "something odd happened");
}

/* All the frame's text, one command a line. */
static void frame_text(const ui_frame *f, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < f->n_cmds && used + 1 < size; i++)
        if (f->cmds[i].type == UI_CMD_TEXT)
            used += (size_t)snprintf(out + used, size - used, "%s\n", f->cmds[i].text);
}

/* Is needle on the screen? Lines are wrapped to fit, so spaces and line
 * breaks are ignored on both sides. */
static void assert_shows(const char *all, const char *needle)
{
    static char a[UI_FRAME_TEXT_BYTES + UI_FRAME_MAX_CMDS], n[1024];
    size_t i = 0;
    for (const char *c = all; *c && i + 1 < sizeof a; c++)
        if (*c != ' ' && *c != '\n')
            a[i++] = *c;
    a[i] = '\0';
    i = 0;
    for (const char *c = needle; *c && i + 1 < sizeof n; c++)
        if (*c != ' ' && *c != '\n')
            n[i++] = *c;
    n[i] = '\0';
    if (!strstr(a, n))
        fail_msg("the screen does not show '%s'; it shows:\n%s", needle, all);
}

static void assert_contains(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected '%s' in:\n%s", needle, text);
}

/* The notice panel (the action) in the draw list. */
static const ui_cmd *notice_panel(const ui_frame *f)
{
    ui_color yellow = ui_theme_style(UI_STYLE_NOTICE)->background;
    for (int i = 0; i < f->n_cmds; i++) {
        const ui_cmd *c = &f->cmds[i];
        if (c->type == UI_CMD_RECT && c->color.r == yellow.r && c->color.g == yellow.g &&
            c->color.b == yellow.b)
            return c;
    }
    return NULL;
}

/* Builds the screen for message at w x h with real fonts, checks it, and
 * saves it as NAME.png in the scratch folder (kept when a test fails). */
static void check_screen(const char *message, int w, int h, const char *name)
{
    sdl_display *d = NULL;
    char err[512];
    sdl_display_options o = {.headless = true, .width = w, .height = h};
    if (sdl_display_open(&o, &d, err, sizeof err) != SR_OK)
        fail_msg("%s", err);
    ui_measure measure = sdl_text_measure(d->text);
    kiosk_problem p;
    kiosk_problem_parse(message, &p);
    kiosk_problem_build(&p, &frame, &measure, w, h);

    static char all[UI_FRAME_TEXT_BYTES + UI_FRAME_MAX_CMDS];
    frame_text(&frame, all, sizeof all);
    if (frame.overflow_count)
        fail_msg("%dx%d: text does not fit: %s", w, h, frame.overflow_first);
    assert_false(frame.capacity_exceeded);
    assert_int_equal(frame.n_targets, 0); /* nothing on it can fix anything */
    assert_shows(all, KIOSK_PROBLEM_TITLE);
    assert_shows(all, "Line");
    assert_shows(all, "boot partition");
    for (int i = 0; i < frame.n_cmds; i++) /* everything on the screen */
        if (frame.cmds[i].type == UI_CMD_TEXT) {
            ui_rect r = frame.cmds[i].rect;
            assert_true(r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h);
        }

    char path[4096];
    snprintf(path, sizeof path, "%s/%s.png", testutil_tmpdir(), name);
    sdl_render_frame(d->renderer, d->text, d->shapes, &frame);
    assert_int_equal(sdl_render_save_png(d->renderer, path, err, sizeof err), SR_OK);
    SDL_Surface *png = IMG_Load(path);
    assert_non_null(png);
    assert_int_equal(png->w, w);
    assert_int_equal(png->h, h);
    /* The notice's panel is in the picture where the draw list put it. */
    const ui_cmd *panel = notice_panel(&frame);
    assert_non_null(panel);
    Uint32 pixel;
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(png, SDL_PIXELFORMAT_RGBA32, 0);
    memcpy(&pixel, (Uint8 *)rgb->pixels + (panel->rect.y + panel->rect.h / 2) * rgb->pitch +
                       (panel->rect.x + 4) * 4, sizeof pixel);
    Uint8 r, g, b, a;
    SDL_GetRGBA(pixel, rgb->format, &r, &g, &b, &a);
    assert_int_equal(r, panel->color.r);
    assert_int_equal(g, panel->color.g);
    assert_int_equal(b, panel->color.b);
    SDL_FreeSurface(rgb);
    SDL_FreeSurface(png);
    sdl_display_close(d);
}

static void test_screen_shows_every_part_at_both_sizes(void **state)
{
    (void)state;
    const char *msg = "/boot/firmware/staffroom.ini:12: [ui] size: 'big' is not a size like "
                      "800x480";
    check_screen(msg, 800, 480, "config-problem-800x480");
    check_screen(msg, 720, 1280, "config-problem-720x1280");
    /* The parts themselves, on their own lines of the draw list. */
    static char all[UI_FRAME_TEXT_BYTES + UI_FRAME_MAX_CMDS];
    frame_text(&frame, all, sizeof all);
    assert_shows(all, "12");
    assert_shows(all, "[ui] size");
    assert_shows(all, "'big' is not a size like 800x480");
    assert_shows(all, "staffroom.ini");
}

static void test_a_long_path_and_reason_still_fit(void **state)
{
    (void)state;
    const char *msg =
        "/srv/staffroom/etc/a-rather-long-folder-name/for-a-site-with-long-names/"
        "ward-seven-east-staff-room-kiosk-number-one/staffroom.ini:1234: [privacy] shifts: "
        "shift bands must cover the whole day without gaps or overlaps: 'day=07:00-19:00,"
        "late=19:00-23:00' leaves 23:00 to 07:00 uncovered; add a band such as night";
    check_screen(msg, 800, 480, "config-problem-long-800x480");
    check_screen(msg, 720, 1280, "config-problem-long-720x1280");
}

/* More than a screen can hold is reported like any text that does not fit,
 * never drawn overlapping. */
static void test_a_message_too_long_for_the_screen_is_reported(void **state)
{
    (void)state;
    char message[1100] = "/boot/firmware/staffroom.ini:9: [ui] size: ";
    while (strlen(message) + 12 < sizeof message)
        strcat(message, "much words ");
    sdl_display *d = NULL;
    char err[512];
    sdl_display_options o = {.headless = true, .width = 800, .height = 480};
    if (sdl_display_open(&o, &d, err, sizeof err) != SR_OK)
        fail_msg("%s", err);
    ui_measure measure = sdl_text_measure(d->text);
    kiosk_problem p;
    kiosk_problem_parse(message, &p);
    kiosk_problem_build(&p, &frame, &measure, 800, 480);
    assert_true(frame.overflow_count > 0);
    sdl_display_close(d);
}

/* ---- the built kiosk ------------------------------------------------------ */

static void write_bad_config(char *path, size_t size)
{
    testutil_path(path, size, "staffroom.ini");
    assert_true(testutil_write_file(path, "[device]\nid = ward7-kiosk-1\n[ui]\nsize = big\n"));
}

static void test_from_a_command_line_a_bad_file_still_exits_2_at_once(void **state)
{
    (void)state;
    char config[4096], log[4096], text[8192] = "";
    write_bad_config(config, sizeof config);
    testutil_path(log, sizeof log, "plain.log");
    notify_listener none = {.fd = -1, .address = ""}; /* no systemd */
    char *argv[] = {(char *)testutil_build_program("staffroom-kiosk"), "--config", config,
                    "--headless", NULL};
    int status;
    assert_true(notify_wait_exit(notify_spawn(&none, NULL, argv, log), WAIT_MS, &status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    char want[4200];
    snprintf(want, sizeof want, "%s:4: [ui] size: 'big' is not a size like 800x480", config);
    assert_contains(text, want);
}

static void test_under_systemd_the_problem_stays_on_screen_until_stopped(void **state)
{
    (void)state;
    char config[4096], log[4096], shots[4096], png_path[4200], got[1100];
    write_bad_config(config, sizeof config);
    testutil_path(log, sizeof log, "problem.log");
    testutil_fresh_dir(shots, sizeof shots, "shots");
    notify_listener l;
    notify_listener_open(&l, "problem.sock");
    char *argv[] = {(char *)testutil_build_program("staffroom-kiosk"), "--config", config,
                    "--show-config-problem", "--headless", "--size", "720x1280",
                    "--screenshots", shots, NULL};
    pid_t pid = notify_spawn(&l, "1000000", argv, log);
    if (!notify_listener_recv(&l, got, sizeof got, WAIT_MS))
        fail_msg("no READY=1 from the problem screen (log: %s)", log);
    assert_int_equal(strncmp(got, "READY=1\nSTATUS=Configuration problem: ", 38), 0);
    assert_contains(got, "staffroom.ini:4: [ui] size: 'big' is not a size like 800x480");

    snprintf(png_path, sizeof png_path, "%s/%s", shots, KIOSK_PROBLEM_SHOT_NAME);
    SDL_Surface *png = IMG_Load(png_path); /* saved before READY=1 */
    assert_non_null(png);
    assert_int_equal(png->w, 720);
    assert_int_equal(png->h, 1280);
    SDL_FreeSurface(png);

    /* Still up and idle, not exited with 2 and restarted in a loop: it
     * keeps feeding the watchdog. */
    for (int i = 0; i < 2; i++)
        if (!notify_listener_recv(&l, got, sizeof got, WAIT_MS) ||
            strcmp(got, "WATCHDOG=1") != 0)
            fail_msg("expected WATCHDOG=1, got '%s' (log: %s)", got, log);
    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_true(notify_listener_expect(&l, "STOPPING=1", got, sizeof got, WAIT_MS));
    int status;
    assert_true(notify_wait_exit(pid, WAIT_MS, &status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    notify_listener_close(&l);
}

/* A good file naming a content pack that is broken, with no last good copy
 * to fall back on: the same screen, saying what is wrong with the pack. */
static void test_under_systemd_a_broken_content_pack_is_shown_too(void **state)
{
    (void)state;
    char dir[1024], config[1024], log[1024], got[1100], text[4096];
    char shipped[1024], cmd[2100];
    testutil_fresh_dir(dir, sizeof dir, "broken-pack");
    testutil_source_path(shipped, sizeof shipped, "assets/content");
    snprintf(cmd, sizeof cmd, "cp %s/*.json %s/", shipped, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(text, sizeof text, "%s/toolkit.json", dir);
    assert_true(testutil_write_file(text, "{\"categories\": 3}"));
    testutil_path(config, sizeof config, "broken-pack.ini");
    snprintf(text, sizeof text,
             "[content]\ndir = %s\ncache_dir = %s/good\n[store]\npath = %s/outbox.db\n", dir,
             dir, dir);
    assert_true(testutil_write_file(config, text));
    testutil_path(log, sizeof log, "broken-pack.log");
    notify_listener l;
    notify_listener_open(&l, "pack.sock");
    char *argv[] = {(char *)testutil_build_program("staffroom-kiosk"), "--config", config,
                    "--show-config-problem", "--headless", NULL};
    pid_t pid = notify_spawn(&l, NULL, argv, log);
    if (!notify_listener_recv(&l, got, sizeof got, WAIT_MS))
        fail_msg("no READY=1 from the problem screen (log: %s)", log);
    assert_contains(got, "no usable content pack in ");
    assert_contains(got, "toolkit.json: $.categories: expected a list");
    assert_int_equal(kill(pid, SIGTERM), 0);
    int status;
    assert_true(notify_wait_exit(pid, WAIT_MS, &status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    notify_listener_close(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_are_split_into_file_line_key_and_reason),
        cmocka_unit_test(test_screen_shows_every_part_at_both_sizes),
        cmocka_unit_test(test_a_long_path_and_reason_still_fit),
        cmocka_unit_test(test_a_message_too_long_for_the_screen_is_reported),
        cmocka_unit_test(test_from_a_command_line_a_bad_file_still_exits_2_at_once),
        cmocka_unit_test(test_under_systemd_the_problem_stays_on_screen_until_stopped),
        cmocka_unit_test(test_under_systemd_a_broken_content_pack_is_shown_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
