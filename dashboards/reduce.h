/*
 * reduce.h — Grafana's field reducers (@grafana/data fieldReducers,
 * doStandardCalcs): one number from a field's values, for the stat, gauge
 * and bar gauge panels (reduceOptions.calcs), table footers and legend calcs.
 * Values are doubles with NaN for null, as Grafana's null.  Pure functions,
 * no allocation beyond a scratch copy for median/distinctCount; thread-safe.
 *
 * Results that Grafana gives as null (no non-null value) are NaN; booleans
 * (allIsNull, allIsZero) are 1 or 0.
 */
#ifndef CAIRN_REDUCE_H
#define CAIRN_REDUCE_H

#include <stdbool.h>
#include <stddef.h>

/* Grafana's ReducerID, in the order of its registry (the stat picker's). */
enum reducer_id {
	RED_LAST_NN,        /* "lastNotNull" (alias "current") */
	RED_LAST,           /* "last" */
	RED_FIRST,          /* "first" */
	RED_FIRST_NN,       /* "firstNotNull" */
	RED_MIN,            /* "min" */
	RED_MAX,            /* "max" */
	RED_MEAN,           /* "mean" (alias "avg") */
	RED_VARIANCE,       /* "variance" */
	RED_STDDEV,         /* "stdDev" */
	RED_SUM,            /* "sum" (alias "total") */
	RED_COUNT,          /* "count": every row, nulls included */
	RED_RANGE,          /* "range": max - min */
	RED_DELTA,          /* "delta": cumulative increase, counter resets counted */
	RED_STEP,           /* "step": smallest difference between consecutive values */
	RED_DIFF,           /* "diff": lastNotNull - firstNotNull */
	RED_LOGMIN,         /* "logmin": smallest value above zero */
	RED_ALL_IS_ZERO,    /* "allIsZero" */
	RED_ALL_IS_NULL,    /* "allIsNull" */
	RED_CHANGE_COUNT,   /* "changeCount" */
	RED_DISTINCT_COUNT, /* "distinctCount" */
	RED_DIFF_PERC,      /* "diffperc": diff / firstNotNull (a ratio; the stat's percent change) */
	RED_MEDIAN,         /* "median" (not in Grafana 10.4; later versions have it) */
	RED_COUNT_NN,       /* "nonNullCount" (internal in Grafana 10.4) */
	RED_N
};

/* The id for a Grafana reducer name or alias ("lastNotNull", "current",
 * "avg", "total", ...).  Returns 0, or -1 when the name is unknown (*out
 * untouched). */
int reduce_lookup(const char *name, enum reducer_id *out);

/* Grafana's id ("lastNotNull") and display name ("Last *", "Mean", "Total",
 * as its stat/table/legend show it). */
const char *reduce_id_name(enum reducer_id id);
const char *reduce_title(enum reducer_id id);

/* Every reducer over v[0..n) in one call; out[id].  n == 0 gives Grafana's
 * emptyInputResult (0 for sum and count, true for allIsNull, else NaN). */
void reduce_all(const double *v, size_t n, double out[RED_N]);

/* reduce_all without changeCount, distinctCount and median (NaN there): one
 * pass, no allocation — what the legend needs per series. */
void reduce_standard(const double *v, size_t n, double out[RED_N]);

/* One reducer. */
double reduce_one(const double *v, size_t n, enum reducer_id id);

/* True when the result of id is a count (formatted without the field's unit
 * by Grafana: count, distinctCount, changeCount, nonNullCount). */
bool reduce_is_count(enum reducer_id id);

#endif
