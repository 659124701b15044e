/* sdl_qr.h -- a QR code drawn as square modules with libqrencode.
 *
 * The code is encoded with error correction level M (readable with some
 * glare or a smudge on the screen), drawn with an integer number of pixels
 * per module (no blurred module edges for the phone's camera) and a white
 * quiet zone of 4 modules on every side, as large as fits the rectangle.
 *
 * Ownership: nothing is kept; the renderer is borrowed.
 */
#ifndef SR_SDL_QR_H
#define SR_SDL_QR_H

#include <SDL.h>

#define SDL_QR_QUIET_MODULES 4

typedef struct sdl_qr_info {
    int modules;      /* modules per side of the symbol, without the quiet zone */
    int module_px;    /* pixels per module */
    SDL_Rect drawn;   /* the whole code including the quiet zone */
} sdl_qr_info;

/* Where sdl_qr_draw() would draw text in rect, without drawing: the same
 * returns and *info (not NULL). */
int sdl_qr_layout(const char *text, SDL_Rect rect, sdl_qr_info *info);

/* Draws text as a QR code centred in rect. Returns 0 and fills *info (may
 * be NULL), or -1 when the text cannot be encoded or the rectangle is too
 * small for one pixel per module (nothing is drawn then). */
int sdl_qr_draw(SDL_Renderer *renderer, const char *text, SDL_Rect rect, sdl_qr_info *info);

#endif
