/* sdl_display.c -- starting and stopping SDL for the kiosk (see
 * sdl_display.h). The offscreen driver is forced for headless runs (an
 * override, so a stray SDL_VIDEODRIVER in the environment cannot open a
 * window in a test), and its renderer is the software one, which
 * SDL_RenderReadPixels can always read back.
 */
#include "sdl_display.h"

#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "sdl_render.h"

static sr_status start_sdl(const sdl_display_options *o, char *err, size_t err_size)
{
    if (o->headless) {
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
        /* A plain memory framebuffer: otherwise the offscreen driver loads
         * EGL (Mesa) for the window, which a headless run never needs. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, err_size, "SDL could not start its video: %s", SDL_GetError());
        return SR_E_IO;
    }
    if (TTF_Init() != 0) {
        snprintf(err, err_size, "SDL_ttf could not start: %s", TTF_GetError());
        SDL_Quit();
        return SR_E_IO;
    }
    IMG_Init(IMG_INIT_PNG);
    return SR_OK;
}

static void stop_sdl(void)
{
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
}

static sr_status open_window(sdl_display *d, const sdl_display_options *o, char *err,
                             size_t err_size)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (o->headless)
        flags = SDL_WINDOW_HIDDEN;
    else if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    d->window = SDL_CreateWindow(o->title ? o->title : "Staffroom", SDL_WINDOWPOS_CENTERED,
                                 SDL_WINDOWPOS_CENTERED, o->width, o->height, flags);
    if (!d->window) {
        snprintf(err, err_size, "SDL could not open a %dx%d window: %s", o->width, o->height,
                 SDL_GetError());
        return SR_E_IO;
    }
    Uint32 renderer_flags = o->headless ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED;
    d->renderer = SDL_CreateRenderer(d->window, -1, renderer_flags);
    if (!d->renderer && !o->headless) /* no GPU renderer: software still works */
        d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
    if (!d->renderer) {
        snprintf(err, err_size, "SDL could not create a renderer: %s", SDL_GetError());
        return SR_E_IO;
    }
    if (o->fullscreen && !o->headless)
        SDL_ShowCursor(SDL_DISABLE);
    return SR_OK;
}

sr_status sdl_display_open(const sdl_display_options *o, sdl_display **out, char *err,
                           size_t err_size)
{
    *out = NULL;
    sr_status status = start_sdl(o, err, err_size);
    if (status != SR_OK)
        return status;
    sdl_display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, err_size, "out of memory");
        stop_sdl();
        return SR_E_NOMEM;
    }
    status = open_window(d, o, err, err_size);
    if (status == SR_OK && sdl_shapes_create(d->renderer, &d->shapes) != SR_OK) {
        snprintf(err, err_size, "out of memory for the shape cache");
        status = SR_E_NOMEM;
    }
    if (status == SR_OK)
        status = sdl_text_create(d->renderer, o->font_regular, o->font_bold, &d->text, err,
                                 err_size);
    if (status != SR_OK) {
        sdl_display_close(d);
        return status;
    }
    sdl_display_update_size(d);
    *out = d;
    return SR_OK;
}

void sdl_display_close(sdl_display *d)
{
    if (!d)
        return;
    sdl_text_destroy(d->text);
    sdl_shapes_destroy(d->shapes); /* its textures belong to the renderer */
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    if (d->window)
        SDL_DestroyWindow(d->window);
    free(d);
    stop_sdl();
}

bool sdl_display_update_size(sdl_display *d)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(d->renderer, &w, &h) != 0 || w <= 0 || h <= 0)
        return false;
    bool changed = w != d->width || h != d->height;
    d->width = w;
    d->height = h;
    return changed;
}

void sdl_display_present(sdl_display *d, const ui_frame *frame)
{
    sdl_render_frame(d->renderer, d->text, d->shapes, frame);
    SDL_RenderPresent(d->renderer);
}
