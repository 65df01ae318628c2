/*
 * barchart.h — the barchart panel of Grafana 10.4: one frame (the first,
 * or every frame joined on time when they have a time field) after the
 * panel's transformations; the x field (options.xField, else the first
 * string field, else the time field) gives the categories, every other
 * number field a bar in each category's group (or a segment of its stack);
 * orientation, group and bar widths, radius, stacking, value labels, tick
 * label rotation/spacing/length, per-bar colours (colorByField, thresholds,
 * mappings with colours), legend, and each field's fill, gradient, line and
 * axis options.
 */
#ifndef CAIRN_BARCHART_H
#define CAIRN_BARCHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "base/rect.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

struct barchart_env {
	struct text *tx;
	const struct theme *th;
	const char *tz;
	const struct budget *budget;
};

/* Orientation auto: horizontal bars when the panel is taller than wide. */
bool barchart_horizontal(enum viz_orientation o, double w, double h);

/* One bar's place along the category axis, as fractions of the plot's
 * length: category k of n, bar i of m in its group (stacked: every bar of
 * the group shares the slot).  Grafana's option swap for stacking and its
 * single-field rule are applied here: o is the panel's options. */
void barchart_slot(const struct barchart_opts *o, size_t n, size_t k, size_t m, size_t i,
                   bool single_field, double *off, double *dim);

/* xTickLabelSpacing (Grafana's hFilter): whether category k of n keeps its
 * label on a plot plot_w px wide — every ceil(n / (plot_w / spacing))-th,
 * counted from the first (spacing > 0) or the last (< 0); all when 0 or the
 * bars are horizontal. */
bool barchart_tick_shown(const struct barchart_opts *o, size_t n, size_t k, double plot_w,
                         bool horizontal);

/* Draws the panel inside content (the chrome is drawn).  *note gets what
 * kept it from being drawn as Grafana would (code 0 otherwise);
 * CAIRN_ETIMEOUT there when the deadline passed (nothing drawn). */
void barchart_draw(cairo_t *cr, const struct barchart_env *env, const struct panel_job *job,
                   struct rect content, struct cairn_err *note);

#endif
