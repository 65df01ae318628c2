/*
 * treduce.c — treduce.h: doStandardCalcs of @grafana/data 10.4, one reducer
 * at a time (nulls skipped except by count, first, last, allIsNull).
 */
#include "transform/treduce.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct reducer {
	const char *id, *name;
};

static const struct reducer reducers[] = {
        {"lastNotNull", "Last *"}, {"last", "Last"},         {"firstNotNull", "First *"},
        {"first", "First"},        {"min", "Min"},           {"max", "Max"},
        {"mean", "Mean"},          {"sum", "Total"},         {"count", "Count"},
        {"range", "Range"},        {"delta", "Delta"},       {"diff", "Difference"},
        {"diffperc", "Difference percent"},                  {"logmin", "Min (above zero)"},
        {"allIsZero", "All Zeros"},                          {"allIsNull", "All Nulls"},
        {"changeCount", "Change Count"},                     {"distinctCount", "Distinct Count"},
        {"step", "Minimal step"},  {"median", "Median"},     {"variance", "Variance"},
        {"stdDev", "StdDev"},      {NULL, NULL}};

const char *treduce_name(const char *id)
{
	for (const struct reducer *r = reducers; id && r->id; r++)
		if (strcmp(r->id, id) == 0)
			return r->name;
	return NULL;
}

bool treduce_keeps_type(const char *id)
{
	return id && (strcmp(id, "last") == 0 || strcmp(id, "lastNotNull") == 0 ||
	              strcmp(id, "first") == 0 || strcmp(id, "firstNotNull") == 0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median of the non-null values (Grafana sorts and takes the middle). */
static double median(const double *v, size_t n)
{
	double *s = g_new0(double, n ? n : 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[k++] = v[i];
	double m = NAN;
	if (k) {
		qsort(s, k, sizeof *s, cmp_double);
		m = k % 2 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
	}
	g_free(s);
	return m;
}

struct calcs {
	double sum, min, max, logmin, first, last, first_nn, last_nn, delta, step, prev;
	size_t count, non_null, changes;
	bool all_null, all_zero;
};

static void standard(const double *v, size_t n, struct calcs *c)
{
	*c = (struct calcs){.min = INFINITY, .max = -INFINITY, .logmin = INFINITY,
	                    .first = n ? v[0] : NAN, .last = n ? v[n - 1] : NAN,
	                    .first_nn = NAN, .last_nn = NAN, .step = INFINITY, .prev = NAN,
	                    .all_null = true, .all_zero = true};
	c->count = n;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		if (isnan(x))
			continue;
		if (!isnan(c->prev)) {
			double d = x - c->prev;
			if (d < 0) /* a counter reset: the new value counts whole */
				c->delta += x;
			else
				c->delta += d;
			if (fabs(d) < c->step && d != 0)
				c->step = fabs(d);
			if (x != c->prev)
				c->changes++;
		}
		if (isnan(c->first_nn))
			c->first_nn = x;
		c->last_nn = x;
		c->prev = x;
		c->non_null++;
		c->all_null = false;
		if (x != 0)
			c->all_zero = false;
		c->sum += x;
		if (x > c->max)
			c->max = x;
		if (x < c->min)
			c->min = x;
		if (x > 0 && x < c->logmin)
			c->logmin = x;
	}
	if (c->non_null == 0) {
		c->min = c->max = c->logmin = NAN;
	}
}

static double variance(const double *v, size_t n, const struct calcs *c)
{
	if (c->non_null == 0)
		return NAN;
	double mean = c->sum / (double)c->non_null, acc = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			acc += (v[i] - mean) * (v[i] - mean);
	return acc / (double)c->non_null;
}

static size_t distinct(const double *v, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = v[j] == v[i];
		d += !seen;
	}
	return d;
}

double treduce(const char *id, const double *v, size_t n, bool *known)
{
	struct calcs c;
	*known = treduce_name(id) != NULL;
	if (!*known)
		return NAN;
	standard(v, n, &c);
	const char *k = id;
	if (!strcmp(k, "lastNotNull")) return c.last_nn;
	if (!strcmp(k, "last")) return c.last;
	if (!strcmp(k, "firstNotNull")) return c.first_nn;
	if (!strcmp(k, "first")) return c.first;
	if (!strcmp(k, "min")) return c.min;
	if (!strcmp(k, "max")) return c.max;
	if (!strcmp(k, "mean")) return c.non_null ? c.sum / (double)c.non_null : NAN;
	if (!strcmp(k, "sum")) return c.sum;
	if (!strcmp(k, "count")) return (double)c.count;
	if (!strcmp(k, "range")) return c.non_null ? c.max - c.min : NAN;
	if (!strcmp(k, "delta")) return c.delta;
	if (!strcmp(k, "diff")) return c.non_null ? c.last_nn - c.first_nn : NAN;
	if (!strcmp(k, "diffperc"))
		return c.non_null && c.first_nn != 0 ? (c.last_nn - c.first_nn) / c.first_nn : NAN;
	if (!strcmp(k, "logmin")) return c.logmin;
	if (!strcmp(k, "allIsZero")) return c.non_null && c.all_zero;
	if (!strcmp(k, "allIsNull")) return c.all_null;
	if (!strcmp(k, "changeCount")) return (double)c.changes;
	if (!strcmp(k, "distinctCount")) return (double)distinct(v, n);
	if (!strcmp(k, "step")) return isinf(c.step) ? NAN : c.step;
	if (!strcmp(k, "median")) return median(v, n);
	if (!strcmp(k, "variance")) return variance(v, n, &c);
	if (!strcmp(k, "stdDev")) return sqrt(variance(v, n, &c));
	return NAN;
}
