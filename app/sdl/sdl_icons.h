/* sdl_icons.h -- the kiosk's symbols, drawn in code (no emoji fonts, no
 * image files): the five faces, the toolkit's category symbols, the
 * follow-up option symbols and the few interface marks (tick, arrows ...).
 *
 * The five faces differ in mouth, eyes AND outline (face-1 jagged, face-2
 * dashed, face-3 plain, face-4 double, face-5 with rays), so they can be
 * told apart without colour. An unknown name draws a plain dot in a ring
 * (visible, never a crash); sdl_icon_known() lets a test list the names.
 *
 * Ownership: nothing is allocated; the renderer is borrowed.
 */
#ifndef SR_SDL_ICONS_H
#define SR_SDL_ICONS_H

#include <stdbool.h>

#include <SDL.h>

/* Draws icon name in rect with ink; fill (alpha > 0) is a background disc
 * (faces: the whole face). */
void sdl_icon_draw(SDL_Renderer *renderer, const char *name, SDL_Rect rect, SDL_Color ink,
                   SDL_Color fill);

/* Is name one of the drawn icons? */
bool sdl_icon_known(const char *name);

#endif
