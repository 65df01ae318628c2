/*
 * plot.h — painting the series of a time-series panel inside its plot
 * rectangle, once the scales and the rectangle are known (timeseries.c
 * decides those): lines (linear, smooth, stepped; dashed, dotted), fills
 * (to zero or down to the series below in a stack), bars and points.
 */
#ifndef CAIRN_PLOT_H
#define CAIRN_PLOT_H

#include <stdbool.h>
#include <cairo.h>
#include "base/pool.h"
#include "base/rect.h"
#include "datasource/frame.h"
#include "render/fields.h"
#include "render/theme.h"

/* A value axis' range as the plot maps it. */
struct plot_scale {
	bool log;
	double min, max;
	double data_lo, data_hi;   /* the drawn values' extent (scheme gradients) */
};

/* One series to paint. */
struct plot_series {
	const struct series *s;    /* sample times (and the raw values) */
	const struct field_res *f; /* field config, name, colour, axis */
	const double *t;           /* times to draw: the series', or stack.c's */
	const double *v;           /* values to draw: raw, or stack.c's */
	size_t n;                  /* how many */
	long stack_prev;           /* previous series in the same stack, -1 none */
	long stack_group;          /* its stack (stack.h), -1 not stacked */
};

struct plot {
	struct rect r;             /* the plot rectangle, edges on pixel centres */
	double from, to, step;     /* time range and sample step, seconds */
	struct plot_scale sc[2];   /* left and right value axes */
	const struct plot_series *ss;
	size_t n;
	size_t stacks;             /* how many stacks the series form (stack_apply) */
	const struct theme *th;    /* for hue and scheme gradients (render/tsgrad.h) */
	pool *pool;                /* threads for the lines written straight into the
	                              pixels, split by columns; NULL = the caller's only */
};

/* y of value v in plot rectangle r (on a log scale, v <= 0 falls just below
 * the rectangle). */
double plot_y(const struct plot_scale *sc, struct rect r, double v);

/* Paints every visible series, in order, clipped to the plot.  Cairo errors
 * stay in cr. */
void plot_draw_series(cairo_t *cr, const struct plot *p);

#endif
