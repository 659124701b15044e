/* sdl_qr.c -- QR codes with libqrencode, drawn as filled rectangles (see
 * sdl_qr.h). Modules are drawn in runs along each row, so a code costs a
 * few hundred rectangles, not thousands -- and the executor draws it once
 * into a texture (sdl_shapes.h), not every frame.
 */
#include "sdl_qr.h"

#include <qrencode.h>
#include <stdlib.h>

/* Fills the dark runs of one row of the symbol. */
static int row_runs(const QRcode *qr, int y, SDL_Rect origin, int px, SDL_Rect *out)
{
    int n = 0, w = qr->width;
    for (int x = 0; x < w;) {
        if (!(qr->data[y * w + x] & 1)) {
            x++;
            continue;
        }
        int start = x;
        while (x < w && (qr->data[y * w + x] & 1))
            x++;
        out[n++] = (SDL_Rect){origin.x + start * px, origin.y + y * px, (x - start) * px, px};
    }
    return n;
}

/* Encodes text and places it in rect; NULL when it cannot be done. */
static QRcode *encode(const char *text, SDL_Rect rect, sdl_qr_info *info)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return NULL;
    int total = qr->width + 2 * SDL_QR_QUIET_MODULES;
    int side = rect.w < rect.h ? rect.w : rect.h;
    int px = side / total;
    if (px < 1) {
        QRcode_free(qr);
        return NULL;
    }
    SDL_Rect drawn = {rect.x + (rect.w - total * px) / 2, rect.y + (rect.h - total * px) / 2,
                      total * px, total * px};
    *info = (sdl_qr_info){qr->width, px, drawn};
    return qr;
}

int sdl_qr_layout(const char *text, SDL_Rect rect, sdl_qr_info *info)
{
    QRcode *qr = encode(text, rect, info);
    if (!qr)
        return -1;
    QRcode_free(qr);
    return 0;
}

int sdl_qr_draw(SDL_Renderer *renderer, const char *text, SDL_Rect rect, sdl_qr_info *info)
{
    sdl_qr_info at;
    QRcode *qr = encode(text, rect, &at);
    if (!qr)
        return -1;
    /* Opaque: written, not blended (the same pixels, far fewer cycles). */
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    SDL_GetRenderDrawBlendMode(renderer, &mode);
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(renderer, 255, 255, 255, 255);
    SDL_RenderFillRect(renderer, &at.drawn);
    int px = at.module_px;
    SDL_Rect origin = {at.drawn.x + SDL_QR_QUIET_MODULES * px,
                       at.drawn.y + SDL_QR_QUIET_MODULES * px, 0, 0};
    SDL_Rect *runs = malloc(sizeof *runs * (size_t)qr->width);
    if (runs) {
        SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
        for (int y = 0; y < qr->width; y++) {
            int n = row_runs(qr, y, origin, px, runs);
            if (n > 0)
                SDL_RenderFillRects(renderer, runs, n);
        }
        free(runs);
    }
    SDL_SetRenderDrawBlendMode(renderer, mode);
    if (info)
        *info = at;
    QRcode_free(qr);
    return runs ? 0 : -1;
}
