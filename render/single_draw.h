/*
 * single_draw.h — what the stat (BigValue), gauge and bar gauge panels
 * (stat.h, gauge.h, bargauge.h) share when drawing: their environment, CSS
 * line boxes and the value's smaller suffix on Pango text, and the
 * tinycolor operations Grafana's components use.
 */
#ifndef CAIRN_SINGLE_DRAW_H
#define CAIRN_SINGLE_DRAW_H

#include <cairo.h>
#include "dashboards/layout.h"
#include "render/fields.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

/* What a single-value panel needs besides the job. */
struct single_env {
	struct text *tx;
	const struct theme *th;
	const struct field_res *fields; /* one per series of job->data, or NULL */
};

/* Helpers the three share (single_draw.c). */

/* Text in a CSS line box: the line box's top at top, height line_h × size;
 * the baseline where a browser puts it (half-leading).  Returns the
 * baseline's y. */
double single_baseline(struct text *tx, double top, double size, double line_h, int weight);

/* prefix + text at size, suffix at size × Grafana's FormattedValueDisplay
 * reduction, on one baseline, starting at x.  Returns the width. */
double single_value_width(struct text *tx, const char *prefix, const char *text,
                          const char *suffix, double size, int weight);
void single_value_paint(struct text *tx, cairo_t *cr, const char *prefix, const char *text,
                        const char *suffix, double size, int weight, double x, double baseline,
                        uint32_t color);

/* Width of s at 14 px (Grafana measures there, then scales). */
double single_w14(struct text *tx, const char *s, int weight);

/* A rectangle with rounded corners (radius cut to half the shorter side) as
 * the current path. */
void single_rounded(cairo_t *cr, struct rect r, double radius);

/* A colour stop of c (0xRRGGBBAA) at off on a gradient. */
void single_color_stop(cairo_pattern_t *pat, double off, uint32_t c);

/* getTextColorForAlphaBackground */
uint32_t single_text_on(const struct theme *th, uint32_t bg);

#endif
