/*
 * templating.h — a dashboard's templating.list[] into its variables.
 * Internal to the dashboard loader.
 */
#ifndef CAIRN_TEMPLATING_H
#define CAIRN_TEMPLATING_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* dash.templating.list → d->variables / d->n_variables.  0, or L->err set;
 * what was read so far is owned by d (free it with templating_free). */
int templating_parse(struct loader *L, const json_t *dash, struct cairn_dashboard *d);

/* Frees n variables and the array; NULL is a no-op. */
void templating_free(struct cairn_variable *v, size_t n);

#endif
