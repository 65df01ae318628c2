/*
 * variables.h — a request's template variables, resolved into its scope as
 * Grafana resolves them: the request's own values; else a constant's,
 * textbox's or datasource variable's value; else the saved selection checked
 * against the options of now (what the datasource answers for label_values,
 * label_names, metrics or query_result through the variable's regex and
 * sort; a custom or interval variable's list), the first option (All when
 * there is one) when none of it still exists.  Part of request/, not used
 * outside it.
 */
#ifndef CAIRN_VARIABLES_H
#define CAIRN_VARIABLES_H

#include <glib.h>
#include "base/budget.h"
#include "base/err.h"
#include "base/pool.h"
#include "dashboards/vars.h"
#include "datasource/prom.h"
#include "request/request.h"

struct variables_in {
	const struct cairn_dashboard *dash;
	const struct request_var *vars;   /* the request's values, by name */
	size_t n_vars;
	const char *var_param;            /* names the values' parameter in messages */
	prom_client *prom;
	pool *pool;                       /* independent variables resolve on it at once */
	struct budget *budget;            /* each label_values call: one query, what is left
	                                     of the deadline */
	double from, to;                  /* the range label_values asks about */
	struct request_variable *info;    /* NULL, or one per dashboard variable: filled with
	                                     options (fetched even when a value is given),
	                                     values and dependencies (the dropdowns) */
};

/* Resolves every variable of in->dash into scope (declared first), then the
 * request's values for names the dashboard does not declare.  A variable
 * whose options cannot be fetched is left empty, and a regex that fails is
 * reported, each as a message appended (g_malloc'd) to warnings, in
 * dashboard order.  A variable sees the values of the earlier variables its
 * query refers to, as in dashboard order.  0, or CAIRN_EINVAL when a value
 * cannot be set. */
int variables_resolve(const struct variables_in *in, var_scope *scope, GPtrArray *warnings,
	struct cairn_err *err);

#endif
