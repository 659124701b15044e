/* ui_rotation.h -- a screen mounted turned by 0, 90, 180 or 270 degrees.
 *
 * The layout always works in LOGICAL pixels (the picture as staff see it).
 * With [ui] rotation = 90 the logical picture is drawn turned 90 degrees
 * clockwise onto the PHYSICAL panel (app/sdl/sdl_display.c), so an 800x480
 * panel shows a 480x800 portrait picture. A touch arrives in physical
 * pixels and must be turned back before it is hit-tested: that inverse is
 * here, pure, so it can be tested for every angle without SDL.
 *
 *   rotation  logical (0,0) appears at   logical size of a PWxPH panel
 *      0      physical top-left           PW x PH
 *     90      physical top-right          PH x PW
 *    180      physical bottom-right       PW x PH
 *    270      physical bottom-left        PH x PW
 *
 * Ownership: plain values only.
 */
#ifndef SR_UI_ROTATION_H
#define SR_UI_ROTATION_H

#include <stdbool.h>

/* Is rotation one of 0, 90, 180, 270? */
bool ui_rotation_valid(int rotation);

/* Does rotation swap width and height (90 and 270)? */
bool ui_rotation_swaps(int rotation);

/* The physical pixel (px, py) of a phys_w x phys_h panel to the logical
 * pixel (*lx, *ly) under it. An invalid rotation is treated as 0. */
void ui_rotation_to_logical(int rotation, int phys_w, int phys_h, int px, int py, int *lx,
                            int *ly);

/* The inverse: where logical pixel (lx, ly) appears on the panel (tests,
 * and anything that must point at a logical spot physically). */
void ui_rotation_to_physical(int rotation, int phys_w, int phys_h, int lx, int ly, int *px,
                             int *py);

#endif
