/*
 * legend_draw.h — the time-series legend: list mode (swatch + name flowing in
 * rows), table mode (name + calc columns), bottom or right placement, and
 * "+N more" when entries do not fit.  Layout is a pure function over a text
 * measurer; painting follows the computed layout.
 */
#ifndef CAIRN_LEGEND_DRAW_H
#define CAIRN_LEGEND_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cairo.h>
#include "dashboards/layout.h"
#include "dashboards/model.h"
#include "render/text.h"
#include "render/theme.h"

#define LEGEND_MAX_CALCS   9
#define LEGEND_CELL        48
#define LEGEND_ROW_H       23.5 /* list rows, as measured on Grafana 10.4 */
#define LEGEND_TABLE_ROW_H 24.5
#define LEGEND_TEXT_PX     12.0

struct legend_entry {
	const char *name;
	uint32_t color;
	char cells[LEGEND_MAX_CALCS][LEGEND_CELL]; /* formatted calcs, in legend_calc_ids order;
	                                              with legend_spec.titles, column k's */
	bool disabled;     /* name and values in the disabled text colour (Grafana's
	                      legend item of a series hidden from the viz) */
};

/* Orders table legend rows as Grafana's VizLegendTable (list legends keep
 * the series' order): by options.legend.sortBy, a shown calc's column title
 * (vals[i] are entry i's calcs, legend_calcs order; NaN and absent sort as
 * -Infinity) or "Name" (natural order, case ignored), descending with
 * sortDesc; stable.  e and vals are permuted together. */
void legend_sort(const struct legend_opts *o, struct legend_entry *e,
	double (*vals)[LEGEND_MAX_CALCS], size_t n);

struct legend_spec {
	const struct legend_opts *opts;
	const struct legend_entry *e;
	size_t n;
	/* Columns the caller names instead of opts' calcs (the pie chart's Value
	 * and Percent, Grafana's getDisplayValues): titles[k] ("" = none) over
	 * every entry's cells[k].  Tables show them as columns; lists after the
	 * name as "Title: cell" (or the cell alone), 8 px apart, right-aligned in
	 * a right-hand legend.  titles NULL = opts' calcs (tables only). */
	const char *const *titles;
	size_t n_titles;
	/* Grafana's VizLegendTable without isSortable (the pie chart's): a blank
	 * name header, and the spacing measured on its images (16 px cell
	 * padding, rows 24.75 px apart, flush with the viz's right edge). */
	bool plain;
};

/* Where each entry goes (list mode: its swatch's left edge and row centre). */
struct legend_slot {
	double x, y, w;
};

struct legend_layout {
	struct rect box; /* the legend's area; w or h 0 when hidden */
	size_t shown;    /* entries drawn; the rest are summarised as "+N more" */
	bool cut;        /* table at the bottom: rows run on under the box's edge, as
	                    in Grafana's scrolling legend (no "+N more") */
	size_t rows;
	double more_x, more_y; /* where "+N more" goes when shown < n */
	size_t n_cols;         /* table: calc columns */
	unsigned col_calc[LEGEND_MAX_CALCS];
	double col_w[LEGEND_MAX_CALCS];
};

/* Calc columns in the order they are shown; returns how many of `calcs`. */
size_t legend_calc_columns(const struct legend_opts *o, unsigned out[LEGEND_MAX_CALCS]);

/* Grafana's column header for one calc bit ("Mean", "Last *", ...). */
const char *legend_calc_title(unsigned calc);

/* One pass over raw values: the calc for `calc` (NaN when there is none). */
void legend_calcs(const double *v, size_t n, double out[LEGEND_MAX_CALCS]);

/* Index of a calc bit in legend_calcs' output. */
size_t legend_calc_index(unsigned calc);

/* Lays out the legend inside `content` (bottom: full width, at most 35% of
 * the height; right: at most 60% of the width, as Grafana's VizLayout).  slots has n entries. */
void legend_layout(const struct legend_spec *sp, struct rect content, const struct text_measurer *m,
                   struct legend_layout *out, struct legend_slot *slots);

void legend_draw(cairo_t *cr, struct text *tx, const struct theme *th, const struct legend_spec *sp,
                 const struct legend_layout *lay, const struct legend_slot *slots);

#endif
