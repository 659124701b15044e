/* sdl_draw.c -- triangles for rounded rectangles, circles, rings, arcs and
 * strokes (see sdl_draw.h). Every shape is built as a small indexed mesh
 * and handed to SDL_RenderGeometry in one call.
 *
 * SDL's software renderer (headless runs, and the fallback on a board
 * without GPU) turns two consecutive triangles that share two vertices
 * into a filled rectangle when their corners line up on x or y -- and its
 * test also matches shapes that are not rectangles (a diamond around its
 * centre). So no two consecutive triangles here ever share an edge: fans
 * and strips are emitted every other triangle first, then the rest, and
 * fans too small for that are drawn a triangle per call.
 *
 * Coordinates: a mesh has a whole-pixel origin (a canvas); shapes compute
 * their points relative to it and snap them with at(): a point is a base
 * (a corner's or circle's centre) plus an offset (cos * radius), and only
 * the base's fraction takes part in the rounding, so a corner of radius r
 * lands on the same pixels at any position and in any size of rect.
 */
#include "sdl_draw.h"

#include <math.h>

#define MESH_MAX_VERTS 512
#define MESH_MAX_INDEX (MESH_MAX_VERTS * 3)
#define PI_F 3.14159265f
/* A point this close below a whole pixel is on it: what sinf/cosf miss
 * by at a quarter turn, far less than anything drawn means. */
#define SNAP_EPS (1.0f / 1024)

/* Where shapes are drawn: points are relative to the whole pixel (ox, oy). */
typedef struct canvas {
    SDL_Renderer *r;
    int ox, oy;
} canvas;

typedef struct mesh {
    SDL_Vertex v[MESH_MAX_VERTS];
    int idx[MESH_MAX_INDEX];
    int nv, ni;
    SDL_Color color;
    float ox, oy;
} mesh;

/* base + offset, snapped down to a whole pixel, with only the base's
 * fraction rounded together with the offset (see the top). */
static float at(float base, float offset)
{
    float whole = floorf(base);
    return whole + floorf(base - whole + offset + SNAP_EPS);
}

static void mesh_begin(mesh *m, const canvas *c, SDL_Color color)
{
    m->nv = m->ni = 0;
    m->color = color;
    m->ox = (float)c->ox;
    m->oy = (float)c->oy;
}

/* A vertex at (x, y) from the canvas origin, snapped. */
static int mesh_vertex(mesh *m, float x, float y)
{
    if (m->nv >= MESH_MAX_VERTS)
        return m->nv - 1;
    m->v[m->nv] = (SDL_Vertex){{m->ox + at(x, 0), m->oy + at(y, 0)}, m->color, {0, 0}};
    return m->nv++;
}

static void mesh_triangle(mesh *m, int a, int b, int c)
{
    if (m->ni + 3 > MESH_MAX_INDEX)
        return;
    m->idx[m->ni++] = a;
    m->idx[m->ni++] = b;
    m->idx[m->ni++] = c;
}

/* Opaque colours are written, not blended (see sdl_draw.h); returns the
 * blend mode to put back with end_fill(). */
static SDL_BlendMode begin_fill(SDL_Renderer *r, SDL_Color color)
{
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    SDL_GetRenderDrawBlendMode(r, &mode);
    if (color.a == 255 && mode == SDL_BLENDMODE_BLEND)
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    return mode;
}

static void end_fill(SDL_Renderer *r, SDL_BlendMode mode)
{
    SDL_SetRenderDrawBlendMode(r, mode);
}

static void mesh_draw(SDL_Renderer *r, const mesh *m)
{
    if (m->ni <= 0)
        return;
    SDL_BlendMode mode = begin_fill(r, m->color);
    SDL_RenderGeometry(r, NULL, m->v, m->nv, m->idx, m->ni);
    end_fill(r, mode);
}

/* Segments for a curve of this radius (pixels): smooth, not wasteful. */
static int segments_for(float radius, float sweep_degrees)
{
    int n = (int)(radius * 0.6f * sweep_degrees / 360.0f) + 4;
    int max = (int)(96 * sweep_degrees / 360.0f) + 4;
    return n > max ? max : n;
}

/* A convex outline (points already snapped by at(), from the canvas
 * origin) as a fan around its centroid. */
static void fill_convex(const canvas *c, const float *xy, int n, SDL_Color color)
{
    static mesh m; /* large; the renderer is single-threaded */
    mesh_begin(&m, c, color);
    float cx = 0, cy = 0;
    for (int i = 0; i < n; i++) {
        cx += xy[2 * i];
        cy += xy[2 * i + 1];
    }
    int centre = mesh_vertex(&m, cx / (float)n, cy / (float)n);
    int first = m.nv;
    for (int i = 0; i < n; i++)
        mesh_vertex(&m, xy[2 * i], xy[2 * i + 1]);
    if (n < 5) { /* too few to interleave: one triangle per call */
        SDL_BlendMode mode = begin_fill(c->r, color);
        for (int i = 0; i < n; i++) {
            int tri[3] = {centre, first + i, first + (i + 1) % n};
            SDL_RenderGeometry(c->r, NULL, m.v, m.nv, tri, 3);
        }
        end_fill(c->r, mode);
        return;
    }
    for (int pass = 0; pass < 2; pass++) /* even triangles, then odd ones */
        for (int i = pass; i < n; i += 2)
            mesh_triangle(&m, centre, first + i, first + (i + 1) % n);
    mesh_draw(c->r, &m);
}

/* The outline of a rounded rectangle into xy (max points); returns count. */
static int rounded_outline(SDL_FRect rect, float radius, float *xy, int max)
{
    float half = (rect.w < rect.h ? rect.w : rect.h) / 2;
    radius = radius > half ? half : radius < 0 ? 0 : radius;
    int seg = radius < 1 ? 1 : segments_for(radius, 90);
    const float cx[4] = {rect.x + rect.w - radius, rect.x + rect.w - radius, rect.x + radius,
                         rect.x + radius};
    const float cy[4] = {rect.y + radius, rect.y + rect.h - radius, rect.y + rect.h - radius,
                         rect.y + radius};
    int n = 0;
    for (int corner = 0; corner < 4; corner++) {
        float start = -90.0f + 90.0f * (float)corner;
        for (int i = 0; i <= seg && n < max; i++) {
            float a = (start + 90.0f * (float)i / (float)seg) * PI_F / 180.0f;
            xy[2 * n] = at(cx[corner], cosf(a) * radius);
            xy[2 * n + 1] = at(cy[corner], sinf(a) * radius);
            n++;
        }
    }
    return n;
}

static void fill_rounded(const canvas *c, SDL_FRect rect, float radius, SDL_Color color)
{
    if (rect.w <= 0 || rect.h <= 0)
        return;
    if (radius < 0.5f) {
        SDL_FRect r = {(float)c->ox + rect.x, (float)c->oy + rect.y, rect.w, rect.h};
        SDL_BlendMode mode = begin_fill(c->r, color);
        SDL_SetRenderDrawColor(c->r, color.r, color.g, color.b, color.a);
        SDL_RenderFillRectF(c->r, &r);
        end_fill(c->r, mode);
        return;
    }
    float xy[2 * 4 * 40];
    int n = rounded_outline(rect, radius, xy, 4 * 40);
    fill_convex(c, xy, n, color);
}

static void fill_circle(const canvas *c, float cx, float cy, float radius, SDL_Color color)
{
    float xy[2 * 104];
    int n = segments_for(radius, 360);
    for (int i = 0; i < n; i++) {
        float a = 2 * PI_F * (float)i / (float)n;
        xy[2 * i] = at(cx, cosf(a) * radius);
        xy[2 * i + 1] = at(cy, sinf(a) * radius);
    }
    fill_convex(c, xy, n, color);
}

/* A band between radius - t/2 and radius + t/2 from a0 to a1 (radians). */
static void band(const canvas *c, float cx, float cy, float radius, float t, float a0, float a1,
                 SDL_Color color)
{
    static mesh m;
    mesh_begin(&m, c, color);
    float sweep = fabsf(a1 - a0) * 180.0f / PI_F;
    int n = segments_for(radius + t / 2, sweep);
    float inner = radius - t / 2 < 0 ? 0 : radius - t / 2, outer = radius + t / 2;
    for (int i = 0; i <= n; i++) { /* vertex 2i inner, 2i+1 outer */
        float a = a0 + (a1 - a0) * (float)i / (float)n;
        mesh_vertex(&m, at(cx, cosf(a) * inner), at(cy, sinf(a) * inner));
        mesh_vertex(&m, at(cx, cosf(a) * outer), at(cy, sinf(a) * outer));
    }
    /* Each quad's first triangles, then its second ones (see the top). */
    for (int i = 0; i < n; i++)
        mesh_triangle(&m, 2 * i, 2 * i + 1, 2 * i + 3);
    for (int i = 0; i < n; i++)
        mesh_triangle(&m, 2 * i, 2 * i + 3, 2 * i + 2);
    mesh_draw(c->r, &m);
}

/* A canvas at the whole pixel at or before (x, y); *fx, *fy: the rest. */
static canvas canvas_at(SDL_Renderer *r, float x, float y, float *fx, float *fy)
{
    canvas c = {r, (int)floorf(x), (int)floorf(y)};
    *fx = x - (float)c.ox;
    *fy = y - (float)c.oy;
    return c;
}

void sdl_draw_rounded_rect(SDL_Renderer *r, SDL_FRect rect, float radius, SDL_Color color)
{
    canvas c = canvas_at(r, rect.x, rect.y, &rect.x, &rect.y);
    fill_rounded(&c, rect, radius, color);
}

void sdl_draw_panel(SDL_Renderer *r, SDL_Rect rect, int radius, int border, SDL_Color outer,
                    SDL_Color inner)
{
    if (!outer.a)
        return;
    canvas c = {r, rect.x, rect.y};
    SDL_FRect all = {0, 0, (float)rect.w, (float)rect.h};
    fill_rounded(&c, all, (float)radius, outer);
    if (!inner.a)
        return;
    float b = (float)border, inner_radius = (float)(radius - border);
    SDL_FRect inside = {b, b, all.w - 2 * b, all.h - 2 * b};
    fill_rounded(&c, inside, inner_radius > 0 ? inner_radius : 0, inner);
}

void sdl_draw_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color color)
{
    canvas c = canvas_at(r, cx, cy, &cx, &cy);
    fill_circle(&c, cx, cy, radius, color);
}

void sdl_draw_ring(SDL_Renderer *r, float cx, float cy, float radius, float thickness,
                   SDL_Color color)
{
    canvas c = canvas_at(r, cx, cy, &cx, &cy);
    band(&c, cx, cy, radius - thickness / 2, thickness, 0, 2 * PI_F, color);
}

/* ---- the pen ------------------------------------------------------------- */

sdl_pen sdl_pen_for(SDL_Renderer *r, SDL_Rect rect, SDL_Color ink)
{
    float side = (float)(rect.w < rect.h ? rect.w : rect.h);
    sdl_pen p = {r, rect.x, rect.y, ((float)rect.w - side) / 2, ((float)rect.h - side) / 2,
                 side / 100.0f, ink, 8};
    return p;
}

static canvas pen_canvas(const sdl_pen *p)
{
    canvas c = {p->renderer, p->ox, p->oy};
    return c;
}

/* Design-box units to pixels from the pen's origin. */
static float px(const sdl_pen *p, float x)
{
    return p->x + x * p->scale;
}

static float py(const sdl_pen *p, float y)
{
    return p->y + y * p->scale;
}

void sdl_pen_line(const sdl_pen *p, float x0, float y0, float x1, float y1)
{
    canvas c = pen_canvas(p);
    float w = p->width * p->scale / 2;
    float ax = px(p, x0), ay = py(p, y0), bx = px(p, x1), by = py(p, y1);
    float dx = bx - ax, dy = by - ay, len = sqrtf(dx * dx + dy * dy);
    if (len > 0.01f) {
        float nx = -dy / len * w, ny = dx / len * w;
        float quad[8] = {at(ax, nx), at(ay, ny), at(bx, nx), at(by, ny),
                         at(bx, -nx), at(by, -ny), at(ax, -nx), at(ay, -ny)};
        fill_convex(&c, quad, 4, p->ink);
    }
    fill_circle(&c, ax, ay, w, p->ink);
    fill_circle(&c, bx, by, w, p->ink);
}

void sdl_pen_circle(const sdl_pen *p, float cx, float cy, float radius)
{
    canvas c = pen_canvas(p);
    fill_circle(&c, px(p, cx), py(p, cy), radius * p->scale, p->ink);
}

void sdl_pen_ring(const sdl_pen *p, float cx, float cy, float radius)
{
    canvas c = pen_canvas(p);
    band(&c, px(p, cx), py(p, cy), radius * p->scale, p->width * p->scale, 0, 2 * PI_F, p->ink);
}

void sdl_pen_arc(const sdl_pen *p, float cx, float cy, float radius, float a0, float a1)
{
    canvas c = pen_canvas(p);
    float r0 = a0 * PI_F / 180.0f, r1 = a1 * PI_F / 180.0f;
    band(&c, px(p, cx), py(p, cy), radius * p->scale, p->width * p->scale, r0, r1, p->ink);
    float w = p->width * p->scale / 2;
    fill_circle(&c, px(p, cx + cosf(r0) * radius), py(p, cy + sinf(r0) * radius), w, p->ink);
    fill_circle(&c, px(p, cx + cosf(r1) * radius), py(p, cy + sinf(r1) * radius), w, p->ink);
}

void sdl_pen_polygon(const sdl_pen *p, const float *xy, int n)
{
    canvas c = pen_canvas(p);
    float pts[2 * 32];
    if (n > 32)
        n = 32;
    for (int i = 0; i < n; i++) {
        pts[2 * i] = at(px(p, xy[2 * i]), 0);
        pts[2 * i + 1] = at(py(p, xy[2 * i + 1]), 0);
    }
    fill_convex(&c, pts, n, p->ink);
}

void sdl_pen_polyline(const sdl_pen *p, const float *xy, int n, int closed)
{
    for (int i = 0; i + 1 < n; i++)
        sdl_pen_line(p, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3]);
    if (closed && n > 2)
        sdl_pen_line(p, xy[2 * n - 2], xy[2 * n - 1], xy[0], xy[1]);
}

void sdl_pen_rect(const sdl_pen *p, float x, float y, float w, float h, float radius)
{
    canvas c = pen_canvas(p);
    SDL_FRect rect = {px(p, x), py(p, y), w * p->scale, h * p->scale};
    fill_rounded(&c, rect, radius * p->scale, p->ink);
}

void sdl_pen_rect_outline(const sdl_pen *p, float x, float y, float w, float h, float radius)
{
    /* Straight sides as strokes, corners as quarter arcs. */
    float r = radius;
    sdl_pen_line(p, x + r, y, x + w - r, y);
    sdl_pen_line(p, x + w, y + r, x + w, y + h - r);
    sdl_pen_line(p, x + w - r, y + h, x + r, y + h);
    sdl_pen_line(p, x, y + h - r, x, y + r);
    if (r > 0) {
        sdl_pen_arc(p, x + w - r, y + r, r, -90, 0);
        sdl_pen_arc(p, x + w - r, y + h - r, r, 0, 90);
        sdl_pen_arc(p, x + r, y + h - r, r, 90, 180);
        sdl_pen_arc(p, x + r, y + r, r, 180, 270);
    }
}
