/* run.c -- kiosk_run(): opens the kiosk (kiosk_app.h) and runs it, either
 * from SDL events on the real clock or from a script on a virtual one.
 *
 * The event loop is idle when nothing happens: it sleeps until an input
 * event or the flow's next deadline (capped at a minute), and draws only
 * when the frame differs from the one on screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../platform/sysclock.h"
#include "kiosk.h"
#include "kiosk_app.h"
#include "script.h"

#define RUN_MAX_WAIT_MS 60000
#define RUN_POLL_MS 10 /* input polling period where SDL cannot block (see wait_event) */

typedef struct pointer_track {
    bool finger_down;
    SDL_FingerID finger;
} pointer_track;

static int wait_ms(const kiosk_app *app, int64_t now)
{
    int64_t deadline = flow_next_deadline(&app->flow, now);
    if (deadline == INT64_MAX || deadline - now > RUN_MAX_WAIT_MS)
        return RUN_MAX_WAIT_MS;
    return deadline <= now ? 0 : (int)(deadline - now);
}

/* Waits up to timeout_ms for an event. SDL 2 blocks for real only on
 * drivers that implement it (X11, Wayland); elsewhere -- KMS/DRM on the Pi,
 * the offscreen driver -- SDL_WaitEventTimeout polls every millisecond,
 * a thousand wake-ups a second on an idle kiosk. There we poll ourselves,
 * a hundred times a second: touch still answers within 10 ms. */
static int wait_event(SDL_Event *e, int timeout_ms)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0))
        return SDL_WaitEventTimeout(e, timeout_ms);
    int64_t until = sysclock_mono_ms() + timeout_ms;
    for (;;) {
        if (SDL_PollEvent(e))
            return 1;
        int64_t left = until - sysclock_mono_ms();
        if (left <= 0)
            return 0;
        SDL_Delay((Uint32)(left < RUN_POLL_MS ? left : RUN_POLL_MS));
    }
}

/* Window coordinates to renderer pixels (they differ on high-DPI desktops). */
static void to_pixels(const kiosk_app *app, int *x, int *y)
{
    int ww = 0, wh = 0;
    SDL_GetWindowSize(app->display->window, &ww, &wh);
    if (ww > 0 && wh > 0) {
        *x = *x * app->display->width / ww;
        *y = *y * app->display->height / wh;
    }
}

static void on_finger(kiosk_app *app, const SDL_TouchFingerEvent *e, pointer_track *track)
{
    int x = (int)(e->x * (float)app->display->width);
    int y = (int)(e->y * (float)app->display->height);
    int64_t now = sysclock_mono_ms();
    if (e->type == SDL_FINGERDOWN && !track->finger_down) {
        track->finger_down = true; /* one finger at a time: others are ignored */
        track->finger = e->fingerId;
        kiosk_app_press(app, x, y, now);
    } else if (e->type == SDL_FINGERUP && track->finger_down && e->fingerId == track->finger) {
        track->finger_down = false;
        kiosk_app_release(app, x, y, now);
    }
}

static void on_mouse(kiosk_app *app, const SDL_MouseButtonEvent *e)
{
    if (e->button != SDL_BUTTON_LEFT || e->which == SDL_TOUCH_MOUSEID)
        return;
    int x = e->x, y = e->y;
    to_pixels(app, &x, &y);
    if (e->type == SDL_MOUSEBUTTONDOWN)
        kiosk_app_press(app, x, y, sysclock_mono_ms());
    else
        kiosk_app_release(app, x, y, sysclock_mono_ms());
}

/* Returns false to quit; *force asks for a redraw of an unchanged frame. */
static bool on_event(kiosk_app *app, const SDL_Event *e, pointer_track *track, bool *force)
{
    switch (e->type) {
    case SDL_QUIT: return false;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP: on_finger(app, &e->tfinger, track); break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: on_mouse(app, &e->button); break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && sdl_display_update_size(app->display))
            kiosk_app_build(app);
        *force = true;
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        sdl_text_clear(app->display->text); /* the textures are gone */
        *force = true;
        break;
    case SDL_KEYDOWN: /* a desktop window can be closed with Escape; the board cannot */
        return !(e->key.keysym.sym == SDLK_ESCAPE && !app->config->fullscreen);
    default: break;
    }
    return true;
}

static int event_loop(kiosk_app *app)
{
    pointer_track track = {false, 0};
    bool running = true, force = true;
    while (running) {
        kiosk_app_present(app, force);
        force = false;
        SDL_Event e;
        int got = wait_event(&e, wait_ms(app, sysclock_mono_ms()));
        while (got && running) {
            running = on_event(app, &e, &track, &force);
            got = SDL_PollEvent(&e);
        }
        kiosk_app_tick(app, sysclock_mono_ms());
    }
    return 0;
}

int kiosk_run(const kiosk_config *config, const kiosk_options *options)
{
    char err[2048];
    kiosk_script *script = NULL;
    if (options->script_path) {
        script = kiosk_script_load(options->script_path, err, sizeof err);
        if (!script) {
            fprintf(stderr, "staffroom-kiosk: %s\n", err);
            return 2;
        }
    }
    kiosk_app *app = calloc(1, sizeof *app);
    if (!app) {
        kiosk_script_free(script);
        fprintf(stderr, "staffroom-kiosk: out of memory\n");
        return 1;
    }
    int64_t start = script ? KIOSK_SCRIPT_START_MS : sysclock_mono_ms();
    int code = kiosk_app_open(app, config, options, start, err, sizeof err);
    if (code != 0) {
        fprintf(stderr, "staffroom-kiosk: %s\n", err);
    } else {
        code = script ? kiosk_script_run(script, app, options->screenshot_dir) : event_loop(app);
        kiosk_app_close(app);
    }
    free(app);
    kiosk_script_free(script);
    return code;
}
