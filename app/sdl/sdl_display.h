/* sdl_display.h -- the kiosk's screen: SDL video, a window, a renderer, the
 * text cache and the shape cache, opened and closed together.
 *
 *   headless     SDL's offscreen video driver and a software renderer: no
 *                display needed; frames can still be saved as PNG (tests,
 *                scripted screenshots).
 *   fullscreen   the board: on a Pi with no display server SDL picks its
 *                KMS/DRM driver by itself; the cursor is hidden.
 *   windowed     a desktop window of the configured size.
 *
 * Rotation (ui/ui_rotation.h): with rotation 90, 180 or 270 the frame is
 * drawn into a texture of the LOGICAL size (width x height below, what the
 * layout uses) and that texture is copied turned clockwise onto the panel
 * (SDL_RenderCopyEx), because KMS on a Pi turns planes by 0 or 180 only.
 * With rotation 0 there is no texture: the frame is drawn straight to the
 * screen, as it always was.
 *
 * Touches are delivered as finger events only (SDL's synthetic mouse events
 * for touches, and touch events for the mouse, are switched off), so the
 * kiosk can handle each kind once.
 *
 * Ownership: sdl_display_open() returns an object owned by the caller;
 * sdl_display_close() (accepts NULL) frees it and shuts SDL down.
 */
#ifndef SR_SDL_DISPLAY_H
#define SR_SDL_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "../core/status.h"
#include "../ui/ui_frame.h"
#include "sdl_shapes.h"
#include "sdl_text.h"

typedef struct sdl_display_options {
    bool headless;
    bool fullscreen;
    int width, height;        /* LOGICAL window size; fullscreen uses the screen's */
    int rotation;             /* 0, 90, 180, 270 (ui/ui_rotation.h) */
    const char *title;
    const char *font_regular; /* NULL: default (see sdl_text.h) */
    const char *font_bold;
} sdl_display_options;

typedef struct sdl_display {
    SDL_Window *window;
    SDL_Renderer *renderer;
    sdl_text *text;
    sdl_shapes *shapes;       /* the shape texture cache (owned) */
    int width, height;        /* logical size, pixels: what the layout fills */
    int out_width, out_height;/* the panel's (renderer output) size, pixels */
    int rotation;             /* 0, 90, 180, 270 */
    SDL_Texture *target;      /* logical picture when rotation != 0, else NULL (owned) */
} sdl_display;

/* On failure returns SR_E_IO (SDL could not start) or SR_E_CONFIG (a font)
 * with the reason in err, and *out is NULL. */
sr_status sdl_display_open(const sdl_display_options *options, sdl_display **out, char *err,
                           size_t err_size);
void sdl_display_close(sdl_display *display);

/* Re-reads the output size (after a resize) and with it the logical size
 * (remaking the rotation texture); true when it changed. */
bool sdl_display_update_size(sdl_display *display);

/* Draws the frame and shows it. */
void sdl_display_present(sdl_display *display, const ui_frame *frame);

/* Draws the frame and saves the LOGICAL (unturned) picture as a PNG; the
 * screen itself is not updated. Errors name path and reason. */
sr_status sdl_display_save_png(sdl_display *display, const ui_frame *frame, const char *path,
                               char *err, size_t err_size);

#endif
