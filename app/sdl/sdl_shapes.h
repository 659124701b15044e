/* sdl_shapes.h -- a texture cache for what the executor draws in code:
 * rounded panels and buttons (UI_CMD_RECT), icons (UI_CMD_ICON) and QR
 * codes (UI_CMD_QR).
 *
 * Filling triangles is most of what a frame costs with SDL's software
 * renderer, so each distinct shape is rendered once into a texture (a
 * render target) and copied afterwards:
 *
 *   corners  a rounded rect whose corners fit is nine-sliced: its four
 *            corners come from one small texture keyed by (radius, border,
 *            colours) -- shared by every panel of that style, whatever its
 *            size -- and its edges and centre are plain filled rectangles
 *   panel    a rounded rect too small for that (a pill) is cached whole,
 *            keyed by its size as well
 *   icon     keyed by (name, width, height, ink, fill), rendered with a
 *            margin around its rect for strokes that reach past the box
 *   QR       keyed by (text, width, height): encoding and a few hundred
 *            fills once, then one opaque copy
 *
 * What is drawn does not change: a texture holds exactly the pixels the
 * direct drawing (sdl_draw.h, sdl_icons.h, sdl_qr.h) would write, and only
 * shapes whose colours are all opaque are cached, so copying them with
 * alpha blending writes those same pixels (a translucent colour is drawn
 * directly). Square-cornered rects are two plain fills and are never
 * cached; the wide fills of a sliced rect are copied from a cached swatch
 * of their colour (cheaper than SDL's software fill; see sdl_shapes.c).
 *
 * Capacity: at most SDL_SHAPES_MAX textures holding at most
 * SDL_SHAPES_PIXELS_MAX texels together; when full the least recently used
 * texture is evicted. A shape bigger than the whole budget is drawn
 * directly. Without render-target support (SDL_RenderTargetSupported) every
 * shape is drawn directly.
 *
 * Renderer resets: an SDL event watch notes SDL_RENDER_TARGETS_RESET and
 * SDL_RENDER_DEVICE_RESET (the textures' pixels are gone); the next use of
 * the cache drops every texture. sdl_shapes_clear() does it at once.
 *
 * Ownership: sdl_shapes_create() returns an object owned by the caller,
 * freed by sdl_shapes_destroy() (accepts NULL) before the renderer is
 * destroyed. It borrows the renderer.
 */
#ifndef SR_SDL_SHAPES_H
#define SR_SDL_SHAPES_H

#include <SDL.h>

#include "../core/status.h"
#include "../ui/ui_frame.h"

#define SDL_SHAPES_MAX 256                   /* textures kept */
#define SDL_SHAPES_PIXELS_MAX (2048L * 1024) /* texels kept, all textures (8 MB) */
#define SDL_SHAPES_NAME_MAX 32               /* longer icon names are drawn directly */

typedef struct sdl_shapes sdl_shapes;

typedef struct sdl_shapes_stats {
    long created;  /* textures rendered (cache misses; swatches included) */
    long hits;     /* shapes drawn by copying a cached texture */
    long direct;   /* shapes drawn without the cache (translucent, too big,
                      no render targets, a texture could not be made) */
    long evicted;  /* textures dropped to make room */
    long resets;   /* renderer resets that emptied the cache */
    int cached;    /* textures held now */
    long pixels;   /* texels held now */
} sdl_shapes_stats;

/* On failure returns SR_E_NOMEM and *out is NULL. */
sr_status sdl_shapes_create(SDL_Renderer *renderer, sdl_shapes **out);
void sdl_shapes_destroy(sdl_shapes *shapes);

/* Renders every shape of the frame that is not cached yet, so that drawing
 * the frame then switches no render target half-way (costly on a tiled
 * GPU). Optional: sdl_shapes_draw() renders a missing shape itself. */
void sdl_shapes_prepare(sdl_shapes *shapes, const ui_frame *frame);

/* Draws a UI_CMD_RECT, UI_CMD_ICON or UI_CMD_QR command (text is ignored)
 * onto the current target: from the cache when it can, else directly.
 * shapes may be NULL: everything is drawn directly. */
void sdl_shapes_draw(sdl_shapes *shapes, SDL_Renderer *renderer, const ui_cmd *cmd);

/* Drops every cached texture. */
void sdl_shapes_clear(sdl_shapes *shapes);

void sdl_shapes_get_stats(const sdl_shapes *shapes, sdl_shapes_stats *stats);

#endif
