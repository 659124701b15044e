/* kiosk_events.c -- SDL events to presses, releases and redraws (see
 * kiosk_events.h). Moved out of run.c so that a test can feed real SDL
 * events through the same code as the kiosk's own loop.
 */
#include "kiosk_events.h"

#include "../platform/sysclock.h"
#include "../ui/ui_rotation.h"

/* A panel pixel to the logical pixel the layout put there (a turned panel,
 * ui_rotation.h; the same pixel when rotation is 0). */
static void to_logical(const kiosk_app *app, int *x, int *y)
{
    const sdl_display *d = app->display;
    ui_rotation_to_logical(d->rotation, d->out_width, d->out_height, *x, *y, x, y);
}

/* Window coordinates to renderer pixels (they differ on high-DPI desktops). */
static void to_pixels(const kiosk_app *app, int *x, int *y)
{
    int ww = 0, wh = 0;
    SDL_GetWindowSize(app->display->window, &ww, &wh);
    if (ww > 0 && wh > 0) {
        *x = *x * app->display->out_width / ww;
        *y = *y * app->display->out_height / wh;
    }
    to_logical(app, x, y);
}

static void on_finger(kiosk_app *app, const SDL_TouchFingerEvent *e, int64_t now)
{
    if (e->touchId == SDL_MOUSE_TOUCHID)
        return; /* SDL's copy of a mouse click: the mouse event is handled */
    int x = (int)(e->x * (float)app->display->out_width);
    int y = (int)(e->y * (float)app->display->out_height);
    to_logical(app, &x, &y);
    if (e->type == SDL_FINGERDOWN && !app->finger_down) {
        app->finger_down = true; /* one finger at a time: others are ignored */
        app->finger = e->fingerId;
        kiosk_app_press(app, x, y, now);
    } else if (e->type == SDL_FINGERUP && app->finger_down && e->fingerId == app->finger) {
        app->finger_down = false;
        kiosk_app_release(app, x, y, now);
    }
}

static void on_mouse(kiosk_app *app, const SDL_MouseButtonEvent *e, int64_t now)
{
    if (e->button != SDL_BUTTON_LEFT || e->which == SDL_TOUCH_MOUSEID)
        return; /* SDL_TOUCH_MOUSEID: SDL's copy of a touch, handled as a finger */
    int x = e->x, y = e->y;
    to_pixels(app, &x, &y);
    if (e->type == SDL_MOUSEBUTTONDOWN)
        kiosk_app_press(app, x, y, now);
    else
        kiosk_app_release(app, x, y, now);
}

/* Only events that spoil or resize what is shown redraw it: the pointer
 * entering or leaving a desktop window, or focus moving, changes nothing
 * on screen and must not cost a frame. */
static void on_window(kiosk_app *app, Uint8 event, bool *force)
{
    switch (event) {
    case SDL_WINDOWEVENT_SIZE_CHANGED:
        if (sdl_display_update_size(app->display))
            kiosk_app_build(app);
        *force = true;
        break;
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_SHOWN:
    case SDL_WINDOWEVENT_RESTORED:
        *force = true;
        break;
    default: break;
    }
}

bool kiosk_events_handle(kiosk_app *app, const SDL_Event *e, int64_t now, bool *force)
{
    switch (e->type) {
    case SDL_QUIT: return false;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP: on_finger(app, &e->tfinger, now); break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: on_mouse(app, &e->button, now); break;
    case SDL_WINDOWEVENT: on_window(app, e->window.event, force); break;
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

bool kiosk_events_step(kiosk_app *app, int64_t now)
{
    int64_t started = sysclock_mono_ms(); /* real time, whatever clock `now` is on */
    bool running = true, force = false;
    SDL_Event e;
    while (running && SDL_PollEvent(&e))
        running = kiosk_events_handle(app, &e, now, &force);
    kiosk_app_tick(app, now);
    kiosk_app_present(app, force);
    kiosk_app_note_busy(app, started);
    return running;
}
