/* provision_qr.c -- the enrolment QR code in a terminal and as a PNG (see
 * provision_qr.h).
 *
 * Both drawings read one grid: module (x, y) of the symbol with the quiet
 * zone included, so the margin is never forgotten by one of them.
 */
#include "provision_qr.h"

#include <cairo.h>
#include <qrencode.h>
#include <string.h>

#define QR_CAPTION_PX 28      /* height of the caption band under the code */
#define QR_CAPTION_FONT 14.0  /* largest caption font size, pixels */

static QRcode *encode(const char *text)
{
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

/* Whether module (x, y) of the symbol plus its quiet zone is dark. */
static bool dark(const QRcode *qr, int x, int y)
{
    x -= PROVISION_QR_QUIET;
    y -= PROVISION_QR_QUIET;
    if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
        return false;
    return qr->data[y * qr->width + x] & 1;
}

sr_status provision_qr_print(const char *text, FILE *out, bool colour)
{
    QRcode *qr = encode(text);
    if (!qr)
        return strlen(text) > 0 ? SR_E_NOMEM : SR_E_INVALID;
    /* Upper half block, lower half block, full block (U+2580, U+2584, U+2588). */
    static const char *const cells[4] = {" ", "\xe2\x96\x80", "\xe2\x96\x84", "\xe2\x96\x88"};
    int side = qr->width + 2 * PROVISION_QR_QUIET;
    for (int y = 0; y < side; y += 2) {
        if (colour)
            fputs("\x1b[30;47m", out); /* black on white */
        for (int x = 0; x < side; x++) {
            int cell = (dark(qr, x, y) ? 1 : 0) | (y + 1 < side && dark(qr, x, y + 1) ? 2 : 0);
            fputs(cells[cell], out);
        }
        fputs(colour ? "\x1b[0m\n" : "\n", out);
    }
    QRcode_free(qr);
    return ferror(out) ? SR_E_IO : SR_OK;
}

/* Writes caption centred in the band under the code, shrunk to fit. */
static void draw_caption(cairo_t *cr, const char *caption, int width, int top)
{
    cairo_select_font_face(cr, "monospace", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, QR_CAPTION_FONT);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, caption, &ext);
    double room = width - 2.0 * PROVISION_QR_MODULE_PX;
    if (ext.width > room) {
        cairo_set_font_size(cr, QR_CAPTION_FONT * room / ext.width);
        cairo_text_extents(cr, caption, &ext);
    }
    cairo_move_to(cr, (width - ext.width) / 2 - ext.x_bearing,
                  top + (QR_CAPTION_PX - ext.height) / 2 - ext.y_bearing);
    cairo_show_text(cr, caption);
}

sr_status provision_qr_png(const char *text, const char *caption, const char *path, char *err,
                           size_t err_size)
{
    QRcode *qr = encode(text);
    if (!qr) {
        snprintf(err, err_size, "cannot encode '%s' as a QR code", text);
        return SR_E_INVALID;
    }
    int side = qr->width + 2 * PROVISION_QR_QUIET, px = PROVISION_QR_MODULE_PX;
    int width = side * px, height = side * px + (caption ? QR_CAPTION_PX : 0);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            if (dark(qr, x, y))
                cairo_rectangle(cr, x * px, y * px, px, px);
    cairo_fill(cr);
    if (caption)
        draw_caption(cr, caption, width, side * px);
    cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_status_t written = drawn == CAIRO_STATUS_SUCCESS
                                 ? cairo_surface_write_to_png(surface, path)
                                 : drawn;
    cairo_surface_destroy(surface);
    QRcode_free(qr);
    if (written != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_size, "%s: cannot write the PNG: %s", path,
                 cairo_status_to_string(written));
        return written == CAIRO_STATUS_NO_MEMORY ? SR_E_NOMEM : SR_E_IO;
    }
    return SR_OK;
}
