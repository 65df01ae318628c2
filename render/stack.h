/*
 * stack.h — the values a time-series panel draws for each series: negated
 * for custom.transform "negative-Y", then stacked per mode (normal, percent)
 * and stacking group, as Grafana's stacking groups.  Pure arrays in and out: no Cairo.
 */
#ifndef CAIRN_STACK_H
#define CAIRN_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include "dashboards/model.h"

/* One series as stacking sees it. */
struct stack_series {
	const double *t;      /* n sample times, ascending */
	const double *v;      /* in: the series' values; out: the values to draw */
	size_t n;
	enum stack_mode mode; /* STACK_NONE: not stacked */
	const char *group;    /* custom.stacking.group: stacks form per mode, group and
	                         axis (Grafana's stack key has the scale); NULL reads as
	                         Grafana's default "A" */
	int axis;             /* the value axis: 0 left, 1 right */
	bool negate;          /* custom.transform "negative-Y" */
	bool hidden;          /* hidden from the visualization: not stacked */
	double *owned;        /* out: what v points to when it changed; caller g_free's */
	long prev;            /* out: the series below in the same stack, -1 none */
};

/* Negates, then stacks positives and negatives separately per timestamp on
 * the grid of step seconds (a sample off the grid is drawn unstacked; no
 * stacking when step is 0 or the grid would pass 4M slots).  Percent stacks
 * divide by each timestamp's absolute total.  Cannot fail (memory runs out
 * → abort, by cairn's allocation policy). */
void stack_apply(struct stack_series *s, size_t n, double step);

#endif
