/* sdl_draw.h -- filled shapes for the SDL executor, all through
 * SDL_RenderGeometry (triangles), so corners, circles and strokes are
 * smooth at any size without image files.
 *
 * Icons are drawn with a "pen" in a 100x100 design box mapped onto the
 * icon's rectangle: sdl_pen_* functions take coordinates in that box, and
 * a stroke width in the same units.
 *
 * Every vertex lands on a whole pixel, placed relative to the shape's own
 * whole-pixel origin (a rect's or icon's top-left, a circle's centre), so
 * a shape moved by whole pixels -- e.g. drawn into a texture at (0, 0) and
 * copied to the screen (sdl_shapes.h) -- covers exactly the same pixels.
 * (SDL's software renderer truncates every vertex to a whole pixel anyway;
 * left to it, a coordinate a hair below a whole number would fall to the
 * pixel before or not depending on how large the number is.)
 *
 * Opaque colours are written rather than blended: the same pixels, but
 * SDL's software renderer blends every triangle through a temporary
 * surface the size of its bounding box, which costs far more than the fill.
 *
 * Ownership: nothing is allocated; the renderer is borrowed.
 */
#ifndef SR_SDL_DRAW_H
#define SR_SDL_DRAW_H

#include <SDL.h>

/* A rectangle with rounded corners, filled. radius 0: square corners. */
void sdl_draw_rounded_rect(SDL_Renderer *r, SDL_FRect rect, float radius, SDL_Color color);

/* A panel: a rounded rect filled with outer (alpha 0: nothing is drawn),
 * then, when inner is visible, the rect inset by border (radius less the
 * border) filled with inner on top. Radius 0: square corners. */
void sdl_draw_panel(SDL_Renderer *r, SDL_Rect rect, int radius, int border, SDL_Color outer,
                    SDL_Color inner);

/* A filled circle / an annulus (ring) of the given thickness. */
void sdl_draw_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color color);
void sdl_draw_ring(SDL_Renderer *r, float cx, float cy, float radius, float thickness,
                   SDL_Color color);

typedef struct sdl_pen {
    SDL_Renderer *renderer;
    int ox, oy;   /* the icon rectangle's top-left, pixels */
    float x, y;   /* the design box's top-left, pixels from (ox, oy) */
    float scale;  /* pixels per design unit */
    SDL_Color ink;
    float width;  /* stroke width, design units */
} sdl_pen;

/* A pen for the 100x100 design box fitted (square, centred) in rect. */
sdl_pen sdl_pen_for(SDL_Renderer *r, SDL_Rect rect, SDL_Color ink);

void sdl_pen_line(const sdl_pen *p, float x0, float y0, float x1, float y1); /* round caps */
void sdl_pen_circle(const sdl_pen *p, float cx, float cy, float radius);
void sdl_pen_ring(const sdl_pen *p, float cx, float cy, float radius);
/* An arc from degree a0 to a1 (0 = right, 90 = down, clockwise on screen). */
void sdl_pen_arc(const sdl_pen *p, float cx, float cy, float radius, float a0, float a1);
/* A filled convex polygon (n points, xy pairs). */
void sdl_pen_polygon(const sdl_pen *p, const float *xy, int n);
/* Connected strokes through n points (xy pairs); closed joins the ends. */
void sdl_pen_polyline(const sdl_pen *p, const float *xy, int n, int closed);
/* A rounded rectangle, filled / outlined. */
void sdl_pen_rect(const sdl_pen *p, float x, float y, float w, float h, float radius);
void sdl_pen_rect_outline(const sdl_pen *p, float x, float y, float w, float h, float radius);

#endif
