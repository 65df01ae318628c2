/*
 * frame.h — query results as plain arrays: the data that flows from the
 * datasource into render.  No Cairo, no curl, no jansson here.
 *
 * A cairn_result holds the series of one panel (all its targets), each series
 * a pair of parallel arrays t[] (unix seconds) and v[] (NaN = no sample), with
 * t ascending.  It is owned by whoever made it and freed by one
 * result_free() call (datasource/frame.c).
 */
#ifndef CAIRN_FRAME_H
#define CAIRN_FRAME_H

#include <stdbool.h>
#include <stddef.h>

/* Series and points are capped by the request's budget (base/budget.h),
 * not per panel or per series: VictoriaMetrics and others legitimately
 * answer with 30,000+ samples per series. */
#define CAIRN_MAX_LABELS 64            /* per series */

struct label { char *name, *value; };

struct series {
	char *name;              /* display name: legendFormat applied, or metric{l="v"} */
	char ref_id[8];          /* target it came from */
	size_t target_index;
	struct label *labels;    /* including __name__ when present */
	size_t n_labels;
	size_t n;
	double *t;               /* unix seconds, ascending */
	double *v;               /* NaN = gap */
};

enum result_status { RESULT_OK, RESULT_NODATA, RESULT_ERROR, RESULT_UNSUPPORTED };

struct cairn_result {
	enum result_status status;
	char message[512];       /* error / unsupported text shown in the panel */
	struct series *series;
	size_t n_series;
	size_t points;           /* total samples over all series */
	double step;             /* seconds, as sent */
	double query_ms;         /* wall time of this panel's queries */
};

void result_init(struct cairn_result *r);
/* Frees every series and resets r to the initial state.  NULL-safe. */
void result_fini(struct cairn_result *r);
/* Moves add[0..n) into r, counting their points (the array add itself
 * stays the caller's). */
void result_append(struct cairn_result *r, struct series *add, size_t n);

/* Frees one series' arrays and strings (not the struct itself). */
void series_fini(struct series *s);

#endif
