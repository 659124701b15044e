/* sdl_render.h -- executes a ui_frame's draw list with an SDL renderer, and
 * saves what is on the renderer as a PNG.
 *
 * This is the only code that turns the UI's plain data into pixels: rects
 * (rounded, bordered), icons drawn in code and QR codes (sdl_draw.h,
 * sdl_icons.h, sdl_qr.h) through the shape cache (sdl_shapes.h), and text
 * through the sdl_text cache.
 *
 * Ownership: everything is borrowed for the call.
 */
#ifndef SR_SDL_RENDER_H
#define SR_SDL_RENDER_H

#include <stddef.h>

#include <SDL.h>

#include "../core/status.h"
#include "../ui/ui_frame.h"
#include "sdl_shapes.h"
#include "sdl_text.h"

/* Clears and draws the whole frame (does not present), shapes through the
 * shape cache; shapes NULL draws every shape directly (what the cache must
 * reproduce, pixel for pixel). */
void sdl_render_frame(SDL_Renderer *renderer, sdl_text *text, sdl_shapes *shapes,
                      const ui_frame *frame);

/* Reads the renderer's pixels and writes them to path as a PNG. On failure
 * returns SR_E_IO with the path and SDL's words in err. */
sr_status sdl_render_save_png(SDL_Renderer *renderer, const char *path, char *err,
                              size_t err_size);

#endif
