/* sdl_display.c -- starting and stopping SDL for the kiosk (see
 * sdl_display.h). The offscreen driver is forced for headless runs (an
 * override, so a stray SDL_VIDEODRIVER in the environment cannot open a
 * window in a test), and its renderer is the software one, which
 * SDL_RenderReadPixels can always read back.
 *
 * A turned panel (rotation != 0) gets one extra step per frame: the draw
 * list is executed into d->target (logical size), then that texture is
 * copied turned onto the cleared screen and presented. The copy is
 * centred, so turning the logical rectangle about its centre fills the
 * panel exactly.
 */
#include "sdl_display.h"

#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "../ui/ui_rotation.h"
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
    bool swap = ui_rotation_swaps(o->rotation); /* the window is the panel: physical */
    int w = swap ? o->height : o->width, h = swap ? o->width : o->height;
    d->window = SDL_CreateWindow(o->title ? o->title : "Staffroom", SDL_WINDOWPOS_CENTERED,
                                 SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->window) {
        snprintf(err, err_size, "SDL could not open a %dx%d window: %s", w, h, SDL_GetError());
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
    d->rotation = ui_rotation_valid(o->rotation) ? o->rotation : 0;
    status = open_window(d, o, err, err_size);
    if (status == SR_OK && sdl_shapes_create(d->renderer, &d->shapes) != SR_OK) {
        snprintf(err, err_size, "out of memory for the shape cache");
        status = SR_E_NOMEM;
    }
    if (status == SR_OK)
        status = sdl_text_create(d->renderer, o->font_regular, o->font_bold, &d->text, err,
                                 err_size);
    if (status == SR_OK) {
        sdl_display_update_size(d);
        if (d->rotation != 0 && !d->target) {
            snprintf(err, err_size, "SDL could not make a %dx%d texture to turn by %d degrees: %s",
                     d->width, d->height, d->rotation, SDL_GetError());
            status = SR_E_IO;
        }
    }
    if (status != SR_OK) {
        sdl_display_close(d);
        return status;
    }
    *out = d;
    return SR_OK;
}

void sdl_display_close(sdl_display *d)
{
    if (!d)
        return;
    sdl_text_destroy(d->text);
    sdl_shapes_destroy(d->shapes); /* its textures belong to the renderer */
    if (d->target)
        SDL_DestroyTexture(d->target);
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    if (d->window)
        SDL_DestroyWindow(d->window);
    free(d);
    stop_sdl();
}

/* (Re)makes the logical-size texture a turned panel is drawn through. On
 * failure d->target stays NULL (sdl_display_open refuses that). */
static void make_target(sdl_display *d)
{
    if (d->target)
        SDL_DestroyTexture(d->target);
    d->target = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888,
                                  SDL_TEXTUREACCESS_TARGET, d->width, d->height);
    if (!d->target) {
        fprintf(stderr, "staffroom-kiosk: cannot make the rotation texture: %s\n",
                SDL_GetError());
        return;
    }
    SDL_SetTextureBlendMode(d->target, SDL_BLENDMODE_NONE); /* a copy, not a blend */
    SDL_SetTextureScaleMode(d->target, SDL_ScaleModeNearest); /* whole quarter turns: no blur */
}

bool sdl_display_update_size(sdl_display *d)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(d->renderer, &w, &h) != 0 || w <= 0 || h <= 0)
        return false;
    bool changed = w != d->out_width || h != d->out_height;
    d->out_width = w;
    d->out_height = h;
    bool swap = ui_rotation_swaps(d->rotation);
    d->width = swap ? h : w;
    d->height = swap ? w : h;
    if (d->rotation != 0 && (changed || !d->target))
        make_target(d);
    return changed;
}

/* The frame as staff see it: on the screen itself, or in d->target (left
 * as the render target) when the panel is turned. */
static void draw_logical(sdl_display *d, const ui_frame *frame)
{
    if (d->target)
        SDL_SetRenderTarget(d->renderer, d->target);
    sdl_render_frame(d->renderer, d->text, d->shapes, frame);
}

void sdl_display_present(sdl_display *d, const ui_frame *frame)
{
    draw_logical(d, frame);
    if (d->target) {
        SDL_SetRenderTarget(d->renderer, NULL);
        SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
        SDL_RenderClear(d->renderer);
        SDL_FRect dst = {(float)(d->out_width - d->width) / 2.0f,
                         (float)(d->out_height - d->height) / 2.0f, (float)d->width,
                         (float)d->height};
        SDL_RenderCopyExF(d->renderer, d->target, NULL, &dst, (double)d->rotation, NULL,
                          SDL_FLIP_NONE);
    }
    SDL_RenderPresent(d->renderer);
}

sr_status sdl_display_save_png(sdl_display *d, const ui_frame *frame, const char *path,
                               char *err, size_t err_size)
{
    draw_logical(d, frame);
    sr_status st = sdl_render_save_png(d->renderer, path, err, err_size);
    if (d->target)
        SDL_SetRenderTarget(d->renderer, NULL);
    return st;
}
