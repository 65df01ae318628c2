/*
 * frame.c — lifetime of query results (datasource/frame.h).  Owns nothing
 * but the freeing rules: a result owns its series, a series owns its name,
 * labels and sample arrays.
 */
#include "datasource/frame.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

void result_init(struct cairn_result *r)
{
	memset(r, 0, sizeof *r);
	r->status = RESULT_OK;
}

void series_fini(struct series *s)
{
	if (!s)
		return;
	free(s->name);
	for (size_t i = 0; i < s->n_labels; i++) {
		free(s->labels[i].name);
		free(s->labels[i].value);
	}
	free(s->labels);
	free(s->t);
	free(s->v);
	memset(s, 0, sizeof *s);
}

void result_fini(struct cairn_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_series; i++)
		series_fini(&r->series[i]);
	free(r->series);
	result_init(r);
}

void result_append(struct cairn_result *r, struct series *add, size_t n)
{
	if (n == 0)
		return;
	r->series = g_renew(struct series, r->series, r->n_series + n);
	memcpy(r->series + r->n_series, add, n * sizeof *add);
	r->n_series += n;
	for (size_t i = 0; i < n; i++)
		r->points += add[i].n;
}
