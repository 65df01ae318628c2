/*
 * treduce.h — Grafana's standard field reducers (@grafana/data fieldReducers:
 * ids, names, results) over one column of numbers, NaN = null.  Used by the
 * reduce, groupBy and calculateField transformations and the table footer.
 */
#ifndef CAIRN_TREDUCE_H
#define CAIRN_TREDUCE_H

#include <stdbool.h>
#include <stddef.h>

/* Grafana's display name of a reducer ("lastNotNull" -> "Last *", "sum" ->
 * "Total"); NULL for an id this module does not know. */
const char *treduce_name(const char *id);

/* The reducer's value over v[0..n) (NaN: null, as Grafana gives null for an
 * empty max or a mean of nothing).  *known false for an unknown id. */
double treduce(const char *id, const double *v, size_t n, bool *known);

/* Whether the reducer keeps the source's type (first/last: a string column
 * stays text) rather than making a number. */
bool treduce_keeps_type(const char *id);

#endif
