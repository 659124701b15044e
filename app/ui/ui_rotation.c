/* ui_rotation.c -- physical <-> logical pixels of a turned screen (see
 * ui_rotation.h). Pixels are whole cells: the last column of a W-wide
 * panel is W-1, so a corner maps exactly onto a corner.
 */
#include "ui_rotation.h"

bool ui_rotation_valid(int rotation)
{
    return rotation == 0 || rotation == 90 || rotation == 180 || rotation == 270;
}

bool ui_rotation_swaps(int rotation)
{
    return rotation == 90 || rotation == 270;
}

void ui_rotation_to_logical(int rotation, int phys_w, int phys_h, int px, int py, int *lx,
                            int *ly)
{
    switch (rotation) {
    case 90: /* logical x runs down the panel, logical y from right to left */
        *lx = py;
        *ly = phys_w - 1 - px;
        break;
    case 180:
        *lx = phys_w - 1 - px;
        *ly = phys_h - 1 - py;
        break;
    case 270: /* logical x runs up the panel, logical y from left to right */
        *lx = phys_h - 1 - py;
        *ly = px;
        break;
    default:
        *lx = px;
        *ly = py;
        break;
    }
}

void ui_rotation_to_physical(int rotation, int phys_w, int phys_h, int lx, int ly, int *px,
                             int *py)
{
    switch (rotation) {
    case 90:
        *px = phys_w - 1 - ly;
        *py = lx;
        break;
    case 180:
        *px = phys_w - 1 - lx;
        *py = phys_h - 1 - ly;
        break;
    case 270:
        *px = ly;
        *py = phys_h - 1 - lx;
        break;
    default:
        *px = lx;
        *py = ly;
        break;
    }
}
