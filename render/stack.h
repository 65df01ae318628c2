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
	const double *t;      /* n sample times, ascending; out: the times to draw */
	const double *v;      /* in: the series' values; out: the values to draw */
	size_t n;             /* out: how many to draw */
	enum stack_mode mode; /* STACK_NONE: not stacked */
	const char *name;     /* custom.stacking.group: only series of one name stack
	                         together; NULL reads as Grafana's default "A" */
	bool negate;          /* custom.transform "negative-Y" */
	bool hidden;          /* hidden from the visualization: not stacked */
	int key;              /* series stack together only with equal keys (the caller's
	                         axis, draw style, interpolation) */
	double *owned;        /* out: what v points to when it changed; caller g_free's */
	double *owned_t;      /* out: what t points to when it changed; caller g_free's */
	long prev;            /* out: the series below in the same stack, -1 none */
	long group;           /* out: its stack, 0 .. stacks-1; -1 not stacked */
};

/* Negates, then stacks as Grafana 10.4 does: the stacked series fall into
 * stacks by direction (-1 when most of up to 100 sampled values are
 * negative, reversed by negative-Y), mode and key; in each stack a series'
 * values of either sign add to the sum of the series before it at the same
 * timestamp (a series without a sample where its stack has one is drawn
 * there at the stack's sum so far: t, v and n change), on the grid of step seconds (a sample off
 * the grid is drawn unstacked; no stacking when step is 0 or the grid would pass 4M slots). Percent
 * stacks divide by the stack's total there (times the direction: a negative stack runs 0 .. -1).
 * Returns the number of stacks.  Cannot fail (memory runs out → abort, by cairn's allocation
 * policy). */
size_t stack_apply(struct stack_series *s, size_t n, double step);

#endif
