/*
 * heatmap_prep.h — the heatmap panel's data as Grafana 10.4's heatmap
 * prepares it (fields.ts, calculateHeatmap/heatmap.ts): a dense grid of
 * cells from
 *   - Prometheus "format": "heatmap" targets: one row per `le` bucket,
 *     sorted by its bound (+Inf last) and de-accumulated (each bucket minus
 *     the one below), as the Prometheus datasource does;
 *   - already-bucketed series: one row per series, sorted by name when every
 *     name is a number;
 *   - options.calculate: buckets counted from the samples of every series
 *     (calculation.xBuckets/yBuckets: size or count, linear or log y).
 * Plus the colour range (color.min/max, else the data's within
 * filterValues).  Pure: no Cairo, no fonts.
 */
#ifndef CAIRN_HEATMAP_PREP_H
#define CAIRN_HEATMAP_PREP_H

#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "dashboards/model.h"
#include "datasource/frame.h"

/* Where a cell lies from its coordinate: le = it ends there (yMax/xMax),
 * ge = it starts there (yMin/xMin), unknown = centred on it. */
enum hm_align { HMA_LE = -1, HMA_UNKNOWN = 0, HMA_GE = 1 };

struct hm_grid {
	size_t nx, ny;
	double *x;             /* nx column times, unix seconds */
	double x_size;         /* seconds a column spans */
	enum hm_align x_align;
	double *y;             /* ny row coordinates: the row index when ordinal, else the
	                          bucket's bound */
	double y_size;         /* linear bucket size (ordinal: 1) */
	double y_log;          /* 0 linear, else the log base of calculated buckets */
	double y_log_split;    /* buckets per power of y_log */
	enum hm_align y_align;
	bool ordinal;          /* rows named by their series (y_names), not numbers */
	char **y_names;        /* ordinal: ny row labels (yAxis unit/decimals applied) */
	char *y_zero;          /* ordinal le rows: the label under the first ("0.0"), or NULL */
	double *v;             /* nx*ny cells, v[xi*ny + yi]; NaN = no value */
	double vmin, vmax;     /* colour range; NaN when no cell passes filterValues */
	char unit[48];         /* the cells' unit (cellValues.unit, else the field's) */
	int decimals;          /* the cells' decimals, -1 = auto */
	char y_unit[48];       /* numeric y axis: yAxis.unit, else the field's */
	uint64_t cells_taken;  /* taken from the budget's points; hm_grid_fini gives back */
	struct budget *budget;
};

/* Fills g from the panel's series d over the time range [from, to] (unix s).
 * 0, or an error: CAIRN_ELIMIT when the cells would pass the request's
 * budget of points (b; NULL = none), CAIRN_EINVAL for data the options cannot
 * bucket (a log y axis over values <= 0, as Grafana refuses), with a message
 * for the panel.  On 0 with g->nx == 0 there is nothing to draw.
 * hm_grid_fini frees g (also after an error). */
int hm_prepare(const struct cairn_panel *p, const struct cairn_result *d, double from, double to,
               struct budget *b, struct hm_grid *g, struct cairn_err *err);
void hm_grid_fini(struct hm_grid *g);

/* Grafana's valuesToFills: the palette index (0..n-1) of v in [vmin, vmax]. */
size_t hm_fill_index(double v, double vmin, double vmax, size_t n);

/* True when v is drawn: filterValues hides v <= le and v >= ge (NaN = no bound). */
bool hm_visible(const struct heatmap_opts *o, double v);

#endif
