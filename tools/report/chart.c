/* chart.c -- renders a chart to an SVG or PNG file.
 *
 * The file appears complete or not at all: it is written to "<path>.tmp"
 * and renamed over path, so a report directory never holds half a chart.
 *
 * cairo's SVG output draws text as glyph outlines, which neither a search
 * nor a screen reader can read. So the SVG also gets a <title> (the chart
 * title) and a <desc> with the subtitle, every key entry and every
 * intervention label, spliced in after the opening <svg> tag.
 */
#include "report/chart.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart_data.h"
#include "report/chart_draw.h"
#include "report/chart_legend.h"

typedef struct membuf {
    char *data;
    size_t len, cap;
    bool failed;
} membuf;

static void membuf_add(membuf *b, const char *data, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL) {
            b->failed = true;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static void membuf_text(membuf *b, const char *text)
{
    membuf_add(b, text, strlen(text));
}

/* Appends text with the five XML special characters escaped. */
static void membuf_xml(membuf *b, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '<': membuf_text(b, "&lt;"); break;
        case '>': membuf_text(b, "&gt;"); break;
        case '&': membuf_text(b, "&amp;"); break;
        case '"': membuf_text(b, "&quot;"); break;
        case '\'': membuf_text(b, "&apos;"); break;
        default: membuf_add(b, p, 1);
        }
    }
}

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int length)
{
    membuf *b = closure;
    membuf_add(b, (const char *)data, length);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static sr_status fail(sr_status st, char *err, size_t err_size, const char *fmt, ...)
{
    if (err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* <title> and <desc>: what a reader of the drawn text would learn. */
static void describe(const chart_data *d, membuf *b)
{
    chart_legend_entry entries[CHART_LEGEND_MAX];
    int count = chart_legend(d, entries);
    membuf_text(b, "\n<title>");
    membuf_xml(b, d->in->title);
    membuf_text(b, "</title>\n<desc>");
    membuf_text(b, d->kind == CHART_XMR ? "XmR chart" : "Run chart");
    if (d->in->subtitle) {
        membuf_text(b, ": ");
        membuf_xml(b, d->in->subtitle);
    }
    membuf_text(b, ". Key: ");
    for (int k = 0; k < count; k++) {
        membuf_xml(b, entries[k].text);
        membuf_text(b, k + 1 < count ? "; " : ".");
    }
    for (int e = 0; e < d->in->n_events; e++) {
        char label[32];
        const chart_event *ev = &d->in->events[e];
        membuf_text(b, e == 0 ? " Interventions: " : "; ");
        membuf_xml(b, ev->label ? ev->label : "");
        membuf_text(b, ev->index < d->in->n ? " before " : " after ");
        int at = ev->index < d->in->n ? ev->index : d->in->n - 1;
        membuf_xml(b, chart_data_label(d, at, label, sizeof label));
        membuf_text(b, e + 1 < d->in->n_events ? "" : ".");
    }
    membuf_text(b, "</desc>\n");
}

static sr_status write_svg_file(const chart_data *d, const membuf *svg, const char *tmp,
                                char *err, size_t err_size)
{
    const char *open_tag = svg->data ? strstr(svg->data, "<svg") : NULL;
    const char *after = open_tag ? strchr(open_tag, '>') : NULL;
    if (after == NULL)
        return fail(SR_E_IO, err, err_size, "%s: cairo wrote no <svg> element", tmp);
    after++;
    membuf desc = {0};
    describe(d, &desc);
    if (desc.failed)
        return fail(SR_E_NOMEM, err, err_size, "%s: out of memory", tmp);
    FILE *out = fopen(tmp, "wb");
    if (out == NULL) {
        free(desc.data);
        return fail(SR_E_IO, err, err_size, "%s: %s", tmp, strerror(errno));
    }
    size_t head = (size_t)(after - svg->data);
    bool ok = fwrite(svg->data, 1, head, out) == head &&
              fwrite(desc.data, 1, desc.len, out) == desc.len &&
              fwrite(after, 1, svg->len - head, out) == svg->len - head;
    ok = (fclose(out) == 0) && ok;
    free(desc.data);
    if (!ok)
        return fail(SR_E_IO, err, err_size, "%s: write failed: %s", tmp, strerror(errno));
    return SR_OK;
}

static sr_status render_svg(const chart_data *d, const char *tmp, char *err, size_t err_size)
{
    membuf svg = {0};
    cairo_surface_t *surface =
        cairo_svg_surface_create_for_stream(svg_write, &svg, d->width, d->height);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(surface);
    chart_draw(cr, d);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    sr_status st = SR_OK;
    if (svg.failed || cs == CAIRO_STATUS_NO_MEMORY)
        st = fail(SR_E_NOMEM, err, err_size, "%s: out of memory drawing the chart", tmp);
    else if (cs != CAIRO_STATUS_SUCCESS)
        st = fail(SR_E_IO, err, err_size, "%s: cairo: %s", tmp, cairo_status_to_string(cs));
    else
        st = write_svg_file(d, &svg, tmp, err, err_size);
    free(svg.data);
    return st;
}

static sr_status render_png(const chart_data *d, const char *tmp, char *err, size_t err_size)
{
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, d->width, d->height);
    cairo_t *cr = cairo_create(surface);
    chart_draw(cr, d);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_write_to_png(surface, tmp);
    cairo_surface_destroy(surface);
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return fail(SR_E_NOMEM, err, err_size, "%s: out of memory drawing the chart", tmp);
    if (cs != CAIRO_STATUS_SUCCESS)
        return fail(SR_E_IO, err, err_size, "%s: cannot write PNG (%s)", tmp,
                    cairo_status_to_string(cs));
    return SR_OK;
}

/* LeakSanitizer (sanitizer builds only) reads this hook from the program.
 * cairo's toy font API resolves "DejaVu Sans" through fontconfig, which
 * keeps its patterns cached for the life of the process (only FcFini()
 * would free them, and we do not link fontconfig directly). Anything that
 * is not fontconfig's own still counts as a leak. One definition per
 * program: no other module may define this hook. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

sr_status chart_render(const chart_input *in, chart_kind kind, chart_format format,
                       const char *path, char *err, size_t err_size)
{
    chart_data d;
    char tmp[4096];
    if (path == NULL || path[0] == '\0')
        return fail(SR_E_INVALID, err, err_size, "chart: output path: required");
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return fail(SR_E_INVALID, err, err_size, "%s: path too long", path);
    sr_status st = chart_data_build(in, kind, &d, err, err_size);
    if (st != SR_OK)
        return st;
    st = format == CHART_SVG ? render_svg(&d, tmp, err, err_size)
                             : render_png(&d, tmp, err, err_size);
    if (st == SR_OK && rename(tmp, path) != 0)
        st = fail(SR_E_IO, err, err_size, "%s: cannot rename from %s: %s", path, tmp,
                  strerror(errno));
    if (st != SR_OK)
        remove(tmp);
    chart_data_free(&d);
    return st;
}
