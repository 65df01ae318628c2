/*
 * tsgrad.h — the paints of a time series' line and fill when they are not
 * one colour: gradientMode "hue" (the series colour turned warmer towards
 * the top, cooler towards the bottom of the plot) and "scheme" (coloured by
 * value along the y axis from the field's colour mode: thresholds as steps,
 * a continuous scheme or the classic palette as a blend), as Grafana 10.4's
 * getHueGradientFn and getScaleGradientFn build them.  One pattern per
 * series and use, whatever its number of points.
 */
#ifndef CAIRN_TSGRAD_H
#define CAIRN_TSGRAD_H

#include <cairo.h>
#include "base/rect.h"
#include "render/fields.h"
#include "render/theme.h"

/* A value axis as the gradient needs it: its range and the extent of the
 * (stacked) values drawn on it. */
struct tsgrad_scale {
	bool log;
	double min, max;         /* the axis range */
	double data_lo, data_hi; /* the values' extent; NaN when none */
};

/* The pattern for series f's line (opacity 1) or fill (opacity
 * fillOpacity/100) in plot rectangle r, or NULL when it is one
 * colour (gradientMode none or opacity — the caller paints those — or
 * scheme with a fixed colour).  The caller destroys it. */
cairo_pattern_t *tsgrad_pattern(const struct theme *th, const struct field_res *f,
                                const struct tsgrad_scale *sc, struct rect r, double opacity);

/* Hue gradient's two end colours (top, bottom) for colour c at opacity a in
 * this theme (tinycolor's spin/darken/saturate/brighten/lighten), RGBA;
 * exposed for tests. */
void tsgrad_hue_ends(const struct theme *th, uint32_t c, double a, uint32_t *top, uint32_t *bottom);

#endif
