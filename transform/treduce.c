/*
 * treduce.c — treduce.h on dashboards/reduce.h, Grafana's reducers shared
 * with the stat, gauge and bar gauge panels: reducer ids by name, their
 * display names and results.
 */
#include "transform/treduce.h"

#include <math.h>
#include <string.h>
#include "dashboards/reduce.h"

const char *treduce_name(const char *id)
{
	enum reducer_id r;
	return id && reduce_lookup(id, &r) == 0 ? reduce_title(r) : NULL;
}

bool treduce_keeps_type(const char *id)
{
	enum reducer_id r;
	return id && reduce_lookup(id, &r) == 0 &&
	       (r == RED_LAST || r == RED_LAST_NN || r == RED_FIRST || r == RED_FIRST_NN);
}

double treduce(const char *id, const double *v, size_t n, bool *known)
{
	enum reducer_id r;
	*known = id && reduce_lookup(id, &r) == 0;
	return *known ? reduce_one(v, n, r) : NAN;
}
