/* chart_draw.h -- (internal to chart*.c) paints a chart_data with cairo.
 *
 * Knows nothing about files or formats: chart.c makes the surface (SVG or
 * PNG) and hands over a cairo context sized data->width x data->height.
 */
#ifndef SR_CHART_DRAW_H
#define SR_CHART_DRAW_H

#include <cairo.h>

#include "report/chart_data.h"

/* Draws the whole chart. The caller checks cairo_status(cr) afterwards. */
void chart_draw(cairo_t *cr, const chart_data *data);

#endif
