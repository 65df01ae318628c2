/*
 * piechart.h — the pie chart panel as Grafana 10.4's PieChartPanel and
 * PieChart draw it: the values of getFieldDisplayValues (single.h), d3's
 * pie (largest value first, clockwise from 12 o'clock, 0.005 rad between
 * slices, corners rounded 3 px), radial gradients from each slice's colour,
 * a 1 px stroke in the panel background, labels on slices wide enough, and
 * the legend with its Value/Percent values (legend_draw.h).
 *
 * The layout (pie_geometry, pie_arcs, pie_label_*) is pure and tested on its
 * own; piechart_draw paints it.
 */
#ifndef CAIRN_PIECHART_H
#define CAIRN_PIECHART_H

#include <stdbool.h>
#include <stddef.h>
#include "render/legend_draw.h"
#include "render/single.h"
#include "render/single_draw.h"

#define PIE_PAD_ANGLE     0.005 /* padAngle */
#define PIE_CORNER_RADIUS 3.0   /* cornerRadius */
#define PIE_MARGIN        16.0  /* getPieLayout's margin */
#define PIE_LABEL_MIN_ARC 0.3   /* hasSpaceForLabel: radians a slice needs */

/* Where the pie goes in its viz box (getPieLayout): centred, the outer
 * radius (min(w, h) - 2 × 16) / 2, the inner 0 for a pie and
 * outer - max(outer / 3, 20) for a donut.  outer <= 0: nothing to draw. */
struct pie_geom {
	double cx, cy, outer, inner;
};
void pie_geometry(struct rect viz, bool donut, struct pie_geom *g);

/* One slice as d3's pie lays it out: angles in radians clockwise from
 * 12 o'clock, the pad angle included in [a0, a1). */
struct pie_arc {
	double a0, a1;
};

/* d3.pie() with Grafana's settings over n values (NaN already left out):
 * angles assigned largest value first (equal values in order), each value
 * v > 0 taking v / sum of the positive values of the circle less the pads,
 * zero and negative values a pad's width.  out[i] is value i's arc. */
void pie_arcs(const double *v, size_t n, struct pie_arc *out);

/* The label's anchor (getLabelPos) and whether the slice has room for one. */
void pie_label_pos(const struct pie_geom *g, const struct pie_arc *a, double *x, double *y);
bool pie_label_fits(const struct pie_arc *a);

/* The label font size: with names min(max(outer / 150 × 14, 12), 30), else
 * min(max(outer / 100 × 14, 12), 36). */
double pie_label_size(double outer, bool with_name);

/* One slice's outline as cairo's current path, the pie's centre at the
 * origin: d3's arc with the pad (pad = the pie's pad angle, min(2π / n,
 * PIE_PAD_ANGLE)) and PIE_CORNER_RADIUS corners, narrowed as d3 narrows them
 * on thin slices. */
void pie_slice_path(cairo_t *cr, const struct pie_geom *g, const struct pie_arc *a, double pad);

/* JavaScript's Number.prototype.toFixed(digits) (0..20) into buf. */
void pie_to_fixed(double v, int digits, char *buf, size_t cap);

/* The legend of values v[0..n): its columns (titles[2]: "Value", then
 * "Percent", titled "" when alone; *n_titles of them) and an entry for
 * each value not hidden from the legend, in order: the value as displayed
 * and its share of the values in the pie (toFixed(decimals or 0) + "%";
 * noValue, else "-", for a value hidden from the pie or a share that is
 * NaN).  e has room for n; entries borrow v's titles.  Returns the count. */
size_t piechart_legend(const struct cairn_panel *p, const struct single_value *v, size_t n,
                       struct legend_entry *e, const char **titles, size_t *n_titles);

/* Draws a piechart panel's visualization inside content (cannot fail:
 * Cairo errors stay in cr). */
void piechart_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                   struct rect content);

#endif
