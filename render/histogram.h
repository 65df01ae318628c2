/*
 * histogram.h — the histogram panel of Grafana 10.4: buckets as
 * @grafana/data's histogram transformer (buildHistogram) makes them from
 * every number field of the panel's frames (after its transformations),
 * drawn as bars from each bucket's lower to upper bound with the count's
 * height, an x axis of bucket bounds in the field's unit, a count axis and
 * the legend.  The bucketing is pure and exported for the tests (which
 * compare it with the transformer itself, run by node).
 */
#ifndef CAIRN_HISTOGRAM_H
#define CAIRN_HISTOGRAM_H

#include <cairo.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "dashboards/model.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

#define HISTOGRAM_MAX_BUCKETS 100000 /* between the lowest and highest bucket */

/* Buckets, as the transformer's frame: x_min[i] ascending, one row per
 * bucket that holds a value of some field (empty ones between are absent,
 * as Grafana's outer join leaves them), and per output field a count per
 * row (0 where that field has none). */
struct histo {
	double size;        /* bucket size */
	int decimals;       /* the bounds' decimals (the size's, as JavaScript prints it) */
	size_t n;           /* rows */
	double *x_min;      /* n */
	size_t n_counts;    /* fields (1 when combined) */
	double *counts;     /* n_counts * n, field-major */
};

/* Buckets for vals[f][0..lens[f]) (NaN and ±Inf are skipped), f < n_fields,
 * with o's bucketSize (0 = automatic: the first of Grafana's sizes above
 * range / bucketCount that is at least the smallest gap between two values),
 * bucketOffset and combine.  Linear in the values (the automatic size tries
 * at most the 94 sizes, each pass over a bucketCount + 1 slot table).  0,
 * or CAIRN_ELIMIT with err filled when the buckets would number more than
 * HISTOGRAM_MAX_BUCKETS.  No value at all: 0 and h->n == 0.  Free with
 * histo_fini. */
int histo_build(const double *const *vals, const size_t *lens, size_t n_fields,
                const struct histogram_opts *o, struct histo *h, struct cairn_err *err);
void histo_fini(struct histo *h);

struct histogram_env {
	struct text *tx;
	const struct theme *th;
	const struct budget *budget;
};

/* Draws the panel inside content (the chrome is drawn).  What kept it from
 * being drawn as Grafana would (an override left out, a transformation
 * skipped) goes to *note when note->code is 0; CAIRN_ETIMEOUT there when
 * the deadline passed (then nothing is drawn). */
void histogram_draw(cairo_t *cr, const struct histogram_env *env, const struct panel_job *job,
                    struct rect content, struct cairn_err *note);

#endif
