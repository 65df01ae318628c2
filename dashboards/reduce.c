/*
 * reduce.c — Grafana's field reducers (reduce.h), as fieldReducer.ts'
 * doStandardCalcs computes them: one pass for the standard calcs, then the
 * ones that need their own (changeCount, distinctCount, median).  Nulls
 * (NaN) are neither ignored nor counted as zero: Grafana's default
 * nullValueMode for these panels.
 */
#include "dashboards/reduce.h"

#include <glib.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *id, *title;
} names[RED_N] = {
        [RED_LAST_NN] = {"lastNotNull", "Last *"},
        [RED_LAST] = {"last", "Last"},
        [RED_FIRST] = {"first", "First"},
        [RED_FIRST_NN] = {"firstNotNull", "First *"},
        [RED_MIN] = {"min", "Min"},
        [RED_MAX] = {"max", "Max"},
        [RED_MEAN] = {"mean", "Mean"},
        [RED_VARIANCE] = {"variance", "Variance"},
        [RED_STDDEV] = {"stdDev", "StdDev"},
        [RED_SUM] = {"sum", "Total"},
        [RED_COUNT] = {"count", "Count"},
        [RED_RANGE] = {"range", "Range"},
        [RED_DELTA] = {"delta", "Delta"},
        [RED_STEP] = {"step", "Step"},
        [RED_DIFF] = {"diff", "Difference"},
        [RED_LOGMIN] = {"logmin", "Min (above zero)"},
        [RED_ALL_IS_ZERO] = {"allIsZero", "All Zeros"},
        [RED_ALL_IS_NULL] = {"allIsNull", "All Nulls"},
        [RED_CHANGE_COUNT] = {"changeCount", "Change Count"},
        [RED_DISTINCT_COUNT] = {"distinctCount", "Distinct Count"},
        [RED_DIFF_PERC] = {"diffperc", "Difference percent"},
        [RED_MEDIAN] = {"median", "Median"},
        [RED_COUNT_NN] = {"nonNullCount", "Count (not null)"},
};

static const struct {
	const char *alias;
	enum reducer_id id;
} aliases[] = {{"current", RED_LAST_NN}, {"avg", RED_MEAN}, {"total", RED_SUM}};

int reduce_lookup(const char *name, enum reducer_id *out)
{
	if (!name)
		return -1;
	for (int i = 0; i < RED_N; i++)
		if (strcmp(names[i].id, name) == 0) {
			*out = (enum reducer_id)i;
			return 0;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (strcmp(aliases[i].alias, name) == 0) {
			*out = aliases[i].id;
			return 0;
		}
	return -1;
}

const char *reduce_id_name(enum reducer_id id)
{
	return (unsigned)id < RED_N ? names[id].id : "";
}

const char *reduce_title(enum reducer_id id)
{
	return (unsigned)id < RED_N ? names[id].title : "";
}

bool reduce_is_count(enum reducer_id id)
{
	return id == RED_COUNT || id == RED_DISTINCT_COUNT || id == RED_CHANGE_COUNT ||
	       id == RED_COUNT_NN;
}

/* State of doStandardCalcs' single pass. */
struct std_calcs {
	double sum, max, min, logmin, first_nn, last_nn, delta, step;
	double mean_w, m2; /* Welford's running mean and sum of squares */
	size_t nn;
	bool all_null, all_zero, prev_up;
};

static void std_step(struct std_calcs *c, double x, bool is_last)
{
	bool first = c->nn == 0;
	if (first)
		c->first_nn = x;
	c->sum += x;
	c->all_null = false;
	c->nn++;
	double d = x - c->mean_w;
	c->mean_w += d / (double)c->nn;
	c->m2 += d * (x - c->mean_w);
	if (!first) {
		double step = x - c->last_nn;
		if (c->step > step)
			c->step = step;
		if (c->last_nn > x) { /* counter reset */
			c->prev_up = false;
			if (is_last)
				c->delta += x;
		} else {
			c->delta += c->prev_up ? step : x;
			c->prev_up = true;
		}
	}
	c->max = x > c->max ? x : c->max;
	c->min = x < c->min ? x : c->min;
	if (x < c->logmin && x > 0)
		c->logmin = x;
	if (x != 0)
		c->all_zero = false;
	c->last_nn = x;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* changeCount, distinctCount and median: nulls count as values in the first
 * two (as Grafana's Set and !== do), and are left out of the median. */
static void other_calcs(const double *v, size_t n, double out[RED_N])
{
	size_t changes = 0;
	for (size_t i = 1; i < n; i++) {
		bool a = isnan(v[i - 1]), b = isnan(v[i]);
		if (a != b || (!a && v[i] != v[i - 1]))
			changes++;
	}
	out[RED_CHANGE_COUNT] = (double)changes;
	double *s = g_new(double, n ? n : 1);
	size_t k = 0, nulls = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			nulls = 1;
		else
			s[k++] = v[i];
	}
	qsort(s, k, sizeof *s, cmp_double);
	size_t distinct = 0;
	for (size_t i = 0; i < k; i++)
		if (i == 0 || s[i] != s[i - 1])
			distinct++;
	out[RED_DISTINCT_COUNT] = (double)(distinct + nulls);
	out[RED_MEDIAN] = k == 0 ? NAN : k % 2 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
	g_free(s);
}

void reduce_standard(const double *v, size_t n, double out[RED_N])
{
	struct std_calcs c = {.max = -DBL_MAX, .min = DBL_MAX, .logmin = DBL_MAX,
	                      .step = DBL_MAX, .first_nn = NAN, .last_nn = NAN,
	                      .all_null = true, .all_zero = true, .prev_up = true};
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			std_step(&c, v[i], i == n - 1);
	out[RED_FIRST] = n ? v[0] : NAN;
	out[RED_LAST] = n ? v[n - 1] : NAN;
	out[RED_FIRST_NN] = c.first_nn;
	out[RED_LAST_NN] = c.last_nn;
	out[RED_SUM] = c.sum;
	out[RED_COUNT] = (double)n;
	out[RED_COUNT_NN] = (double)c.nn;
	out[RED_MAX] = c.nn ? c.max : NAN;
	out[RED_MIN] = c.nn ? c.min : NAN;
	out[RED_LOGMIN] = c.logmin == DBL_MAX ? NAN : c.logmin;
	out[RED_STEP] = c.step == DBL_MAX ? NAN : c.step;
	out[RED_MEAN] = c.nn ? c.sum / (double)c.nn : NAN;
	out[RED_VARIANCE] = c.nn ? c.m2 / (double)c.nn : 0; /* Grafana: 0 without values */
	out[RED_STDDEV] = c.nn ? sqrt(c.m2 / (double)c.nn) : 0;
	out[RED_RANGE] = c.nn ? c.max - c.min : NAN;
	out[RED_DELTA] = n ? c.delta : NAN;
	out[RED_DIFF] = c.nn ? c.last_nn - c.first_nn : NAN;
	/* diff / firstNotNull as JavaScript divides (±Infinity from 0); 0 without values */
	out[RED_DIFF_PERC] = c.nn ? (c.last_nn - c.first_nn) / c.first_nn : 0;
	out[RED_ALL_IS_NULL] = c.all_null ? 1 : 0;
	out[RED_ALL_IS_ZERO] = !c.all_null && c.all_zero ? 1 : 0;
	out[RED_CHANGE_COUNT] = out[RED_DISTINCT_COUNT] = out[RED_MEDIAN] = NAN;
	if (n == 0) { /* Grafana's emptyInputResult: null but for these */
		out[RED_DELTA] = NAN;
		out[RED_DIFF_PERC] = NAN;
		out[RED_VARIANCE] = out[RED_STDDEV] = NAN;
		out[RED_ALL_IS_ZERO] = 0;
	}
}

void reduce_all(const double *v, size_t n, double out[RED_N])
{
	reduce_standard(v, n, out);
	other_calcs(v, n, out);
}

double reduce_one(const double *v, size_t n, enum reducer_id id)
{
	switch (id) {
	case RED_LAST_NN:
		for (size_t i = n; i-- > 0;)
			if (!isnan(v[i]))
				return v[i];
		return NAN;
	case RED_LAST:
		return n ? v[n - 1] : NAN;
	case RED_FIRST:
		return n ? v[0] : NAN;
	case RED_COUNT:
		return (double)n;
	default: {
		if ((unsigned)id >= RED_N)
			return NAN;
		double all[RED_N];
		reduce_all(v, n, all);
		return all[id];
	}
	}
}
