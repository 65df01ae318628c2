/*
 * timeseries.h — the time-series panel (and legacy graph, drawn the same
 * way): layout as pure functions, then painting of grid, axes, thresholds,
 * series (lines, fills, bars, points, stacks) and the legend.
 */
#ifndef CAIRN_TIMESERIES_H
#define CAIRN_TIMESERIES_H

#include <cairo.h>
#include "base/err.h"
#include "base/pool.h"
#include "dashboards/layout.h"
#include "render/fields.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

#define TS_PLOT_PAD_TOP   16.5 /* content top to plot top (uPlot's padding) */
#define TS_PLOT_PAD_RIGHT 7.5
#define TS_X_AXIS_H       23.25 /* plot bottom to the legend's top */
#define TS_X_AXIS_BARE    21.0  /* plot bottom to the content's, no legend below: uPlot's
                                   bare time axis (measured against grafana-ref) */
#define TS_X_LABEL_BASE   18.5  /* plot bottom to the time labels' baseline */
#define TS_Y_LABEL_GAP    6.5   /* value labels' right edge to the plot */
#define TS_Y_AXIS_EXTRA   9.5   /* axis width beyond its widest label */
#define TS_Y_SPACE        30.0  /* min px between value ticks */
#define TS_X_SPACE        55.0  /* min px between time ticks when no label is known */
#define TS_X_LABEL_GAP    18.0  /* px added to a time label's width to space ticks */
#define TS_AXIS_TITLE_PAD 8.0   /* px beside an axisLabel's line box */
#define TS_X_TITLE_DY     3.5   /* time axis band's bottom to the axisLabel's line box */

/* What ts_draw needs besides the job: the drawing's text and theme, and
 * each series' field config (fields_resolve on the job's series). */
struct ts_env {
	struct text *tx;
	const struct theme *th;
	const char *tz;
	const struct field_res *fields; /* one per series of job->data */
	struct rect *plot_out;          /* out: the plot rectangle, when drawn; may be NULL */
	pool *pool;                     /* threads the plot's lines may be split between
	                                   (render_opts.pool); NULL = the caller's only */
};

/* Inputs of the plot layout, all in px. */
struct ts_layout_in {
	struct rect content; /* panel content (inside chrome) */
	struct rect legend;  /* legend box from legend_layout; w/h 0 = none */
	bool legend_right;
	double y_label_w;  /* widest left-axis label; < 0 = no left axis */
	double y2_label_w; /* widest right-axis label; < 0 = no right axis */
	double y_title_w;  /* band left of the value axis for its axisLabel; 0 = none */
	double x_title_h;  /* band under the time axis for the same label; 0 = none */
	double y2_title_w; /* band right of the right axis for its axisLabel; 0 = none */
};

/* The plot rectangle: what is left of content after legend and axes. */
struct rect ts_plot_rect(const struct ts_layout_in *in);

/* Draws a timeseries/graph panel's visualization inside content; empty
 * data draws "No data".  Cannot fail: Cairo errors stay in cr (sticky). */
void ts_draw(cairo_t *cr, const struct ts_env *env, const struct panel_job *job,
             struct rect content);

#endif
