/* test_ui_rotation.c -- an 800x480 landscape panel mounted portrait with
 * [ui] rotation = 90: the kiosk lays out a 480x800 picture, the panel shows
 * it turned a quarter turn clockwise, and a finger on the panel works the
 * button drawn under it. Real kiosk, real SDL offscreen, real events
 * (tests/support/kiosk_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>
#include <cmocka.h>

#include "kiosk_harness.h"
#include "testutil.h"
#include "ui/ui_rotation.h"

#define LATER 1000 /* well past the settle time after a screen change */

/* A kiosk on an 800x480 panel turned by 90 degrees: logical 480x800. */
static void open_turned(kiosk_harness *h, const char *name)
{
    kiosk_harness_config(h, name);
    h->config.rotation = 90;
    kiosk_harness_open_sized(h, 480, 800);
    const sdl_display *d = h->app->display;
    assert_int_equal(d->out_width, 800); /* the panel */
    assert_int_equal(d->out_height, 480);
    assert_int_equal(d->width, 480);     /* what the layout fills */
    assert_int_equal(d->height, 800);
}

/* Where the middle of a logical target is on the panel. */
static void physical_centre(const kiosk_harness *h, const char *id, int *px, int *py)
{
    int lx, ly;
    kiosk_harness_centre(h, id, &lx, &ly);
    const sdl_display *d = h->app->display;
    ui_rotation_to_physical(d->rotation, d->out_width, d->out_height, lx, ly, px, py);
}

static void test_finger_on_the_panel_taps_the_button_under_it(void **state)
{
    (void)state;
    kiosk_harness h;
    open_turned(&h, "rotation-tap");
    int lx, ly, px, py;
    kiosk_harness_centre(&h, "toolkit", &lx, &ly);
    physical_centre(&h, "toolkit", &px, &py);
    /* The portrait layout puts "toolkit" low on the picture: on the panel
     * that is towards the left, nowhere near its logical spot. */
    assert_true(px != lx || py != ly);
    kiosk_harness_push_finger(&h, SDL_FINGERDOWN, px, py, 1, 1);
    kiosk_harness_push_finger(&h, SDL_FINGERUP, px, py, 1, 1);
    kiosk_harness_step(&h, LATER);
    assert_string_equal(kiosk_harness_screen(&h), "toolkit");

    /* The mouse (window pixels = panel pixels here) goes the same way. */
    physical_centre(&h, "home", &px, &py);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONDOWN, px, py, 0);
    kiosk_harness_push_mouse(&h, SDL_MOUSEBUTTONUP, px, py, 0);
    kiosk_harness_step(&h, LATER);
    assert_string_equal(kiosk_harness_screen(&h), "idle");
    kiosk_harness_close(&h);
}

static Uint32 pixel_at(const SDL_Surface *s, int x, int y)
{
    return *(const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch + x * 4);
}

/* The panel's framebuffer is the logical screenshot turned clockwise,
 * pixel for pixel; the screenshot itself stays upright (480x800). */
static void test_panel_shows_the_picture_turned(void **state)
{
    (void)state;
    kiosk_harness h;
    open_turned(&h, "rotation-pixels");
    SDL_Renderer *r = h.app->display->renderer;
    SDL_Surface *panel = SDL_CreateRGBSurfaceWithFormat(0, 800, 480, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(panel);
    assert_int_equal(SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, panel->pixels,
                                          panel->pitch), 0);

    char path[1024], err[1024] = "";
    testutil_path(path, sizeof path, "rotation-90-idle.png");
    assert_int_equal(kiosk_app_screenshot(h.app, path, err, sizeof err), SR_OK);
    SDL_Surface *loaded = IMG_Load(path);
    assert_non_null(loaded);
    SDL_Surface *shot = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    assert_non_null(shot);
    assert_int_equal(shot->w, 480);
    assert_int_equal(shot->h, 800);

    /* The picture is not blank: the first face differs from the centre or corner. */
    int lx, ly;
    kiosk_harness_centre(&h, "mood-1", &lx, &ly);
    assert_true(pixel_at(shot, lx, ly) != pixel_at(shot, 240, 400) ||
                pixel_at(shot, lx, ly) != pixel_at(shot, 0, 0));
    int wrong = 0, first_x = -1, first_y = -1;
    for (int y = 0; y < 800; y++) {
        for (int x = 0; x < 480; x++) {
            int px, py;
            ui_rotation_to_physical(90, 800, 480, x, y, &px, &py);
            if ((pixel_at(shot, x, y) | 0xff000000u) != (pixel_at(panel, px, py) | 0xff000000u) &&
                wrong++ == 0) {
                first_x = x;
                first_y = y;
            }
        }
    }
    if (wrong)
        fail_msg("%d of 384000 pixels differ; first at logical (%d,%d)", wrong, first_x, first_y);
    SDL_FreeSurface(shot);
    SDL_FreeSurface(panel);
    kiosk_harness_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finger_on_the_panel_taps_the_button_under_it),
        cmocka_unit_test(test_panel_shows_the_picture_turned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
