/* sdl_text.h -- fonts, text measurement and a texture cache for text.
 *
 * Two faces (regular, bold: DejaVu Sans by default, paths overridable) are
 * opened once per pixel size on first use. The layout measures text through
 * sdl_text_measure() (a ui_measure backed by TTF_SizeUTF8 and the font's
 * line skip), and the executor draws text through sdl_text_texture(), which
 * rasterises each (font, size, colour, text) once and keeps the texture: a
 * redraw of an unchanged screen rasterises nothing. The cache has a fixed
 * capacity and evicts the least recently used entry when full.
 *
 * Ownership: sdl_text_create() returns an object owned by the caller, freed
 * by sdl_text_destroy() (accepts NULL). It borrows the renderer, which must
 * outlive it. Textures returned are owned by the cache and valid until the
 * next sdl_text_texture() call.
 */
#ifndef SR_SDL_TEXT_H
#define SR_SDL_TEXT_H

#include <stddef.h>

#include <SDL.h>

#include "../core/status.h"
#include "../ui/ui_frame.h"
#include "../ui/ui_text.h"

#define SDL_TEXT_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define SDL_TEXT_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define SDL_TEXT_CACHE_MAX 768   /* textures kept */
#define SDL_TEXT_FONTS_MAX 96    /* (face, size) pairs kept open */

typedef struct sdl_text sdl_text;

typedef struct sdl_text_stats {
    long rasterised;  /* texts turned into textures (TTF_Render*) */
    long hits;        /* texture requests served from the cache */
    long evicted;     /* textures dropped to make room */
    int cached;       /* textures held now */
} sdl_text_stats;

/* Opens the fonts (NULL paths: the DejaVu defaults; the environment
 * variables STAFFROOM_FONT and STAFFROOM_FONT_BOLD override the defaults).
 * TTF_Init() must have been called. On failure returns SR_E_CONFIG (a font
 * file cannot be opened) and writes why into err. */
sr_status sdl_text_create(SDL_Renderer *renderer, const char *regular_path, const char *bold_path,
                          sdl_text **out, char *err, size_t err_size);
void sdl_text_destroy(sdl_text *text);

/* A measurer for the layout, backed by this object (borrowed). */
ui_measure sdl_text_measure(sdl_text *text);

/* The texture for one line of text (NUL-terminated UTF-8). Writes its size
 * to *w, *h. NULL for empty text or on a rendering error. */
SDL_Texture *sdl_text_texture(sdl_text *text, ui_font font, int size, ui_color color,
                              const char *s, int *w, int *h);

void sdl_text_get_stats(const sdl_text *text, sdl_text_stats *stats);

/* Drops every cached texture (e.g. when the renderer was reset). */
void sdl_text_clear(sdl_text *text);

#endif
