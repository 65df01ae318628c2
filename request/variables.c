/*
 * variables.c — variables.h: a request's template variables.
 *
 * Variables resolve in waves.  Most are independent, and their label_values
 * calls (the slow part: a datasource round trip each) run at once on the
 * pool; one whose query refers to another waits for it.  Each wave reads the
 * scope and writes nothing while it runs, then enters the scope in dashboard
 * order, so the result is what resolving one after another would give.
 */
#include "request/variables.h"

#include <stdlib.h>
#include <string.h>

#include "base/jsregex.h"

/* One variable on its way into the scope: decided and fetched (on any
 * thread), then committed in dashboard order. */
struct var_job {
	const struct cairn_variable *v;
	int wave;              /* resolved after every variable of lower waves */
	const char **vals;     /* CAIRN_MAX_VAR_VALUES; may point into opts */
	size_t n;
	bool all;
	const char *all_value;
	char **opts;           /* fetched options, owned */
	size_t n_opts;
	const char **shown;    /* in->info: the options after the regex (into opts or
	                          the variable's static options) */
	size_t n_shown;
	char *warning;         /* g_malloc'd; reported in dashboard order */
};

/* One resolution of a dashboard's variables. */
struct run {
	const struct variables_in *in;
	var_scope *scope;
	struct var_job *jobs;   /* one per dashboard variable */
};

/* The values the request gives for `name`.  "$__all" selects All, and so
 * does "All" (the option's text, which Grafana's URLs also accept) for a
 * variable that has an All option. */
static size_t overrides_for(const struct variables_in *in, const char *name, bool include_all,
	const char **vals, size_t cap, bool *all)
{
	size_t n = 0;
	*all = false;
	for (size_t i = 0; name && i < in->n_vars; i++) {
		if (strcmp(in->vars[i].name, name) != 0)
			continue;
		const char *val = in->vars[i].value;
		if (strcmp(val, "$__all") == 0 || (include_all && strcmp(val, "All") == 0))
			*all = true;
		else if (n < cap)
			vals[n++] = in->vars[i].value;
	}
	return n;
}

static bool has_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], "$__all") == 0)
			return true;
	return false;
}

static bool is_word(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

/* Whether text refers to variable `name` as var_interpolate reads it:
 * $name (not $name_x), ${name}, ${name:fmt}, [[name]], [[name:fmt]]. */
static bool refers_to(const char *text, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (!text || n == 0)
		return false;
	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		size_t at = (size_t)(p - text);
		char after = p[n];
		if (at >= 1 && p[-1] == '$' && !is_word(after))
			return true;
		if (at >= 2 && p[-2] == '$' && p[-1] == '{' && (after == '}' || after == ':'))
			return true;
		if (at >= 2 && p[-2] == '[' && p[-1] == '[' && (after == ']' || after == ':'))
			return true;
	}
	return false;
}

/* Only query variables interpolate their text before resolving. */
static bool interpolates(const struct cairn_variable *v)
{
	return v->type == VAR_QUERY && v->query;
}

/* Numbers the waves in which variables resolve; returns how many.  Each
 * wave resolves at once (its variables' label_values concurrently), then
 * enters the scope in dashboard order.  A variable waits for every earlier
 * one its query refers to (it sees their values, as in dashboard order), and
 * every later one its query refers to waits for it (it sees them unset, as
 * in dashboard order); two of one name keep their order.  Every such edge
 * runs from an earlier variable to a later one, so one pass numbers them. */
static int plan_waves(struct run *r)
{
	const struct cairn_dashboard *d = r->in->dash;
	int n_waves = 0;
	for (size_t j = 0; j < d->n_variables; j++) {
		const struct cairn_variable *vj = &d->variables[j];
		int w = 0;
		for (size_t i = 0; i < j; i++) {
			const struct cairn_variable *vi = &d->variables[i];
			bool edge = (interpolates(vj) && refers_to(vj->query, vi->name)) ||
				(interpolates(vi) && refers_to(vi->query, vj->name)) ||
				(vi->name && vj->name && strcmp(vi->name, vj->name) == 0);
			if (edge && r->jobs[i].wave >= w)
				w = r->jobs[i].wave + 1;
		}
		r->jobs[j].wave = w;
		if (w >= n_waves)
			n_waves = w + 1;
	}
	return n_waves;
}

static char *var_warning(const struct cairn_variable *v, const char *msg, const char *then)
{
	return g_strdup_printf("%s (variable $%s): %s%s", v->json_path ? v->json_path : "templating",
		v->name, msg, then);
}

/* The options a variable stands for: static ones from the JSON, else what
 * the datasource answers for label_values(...) (kept in vj).  Each call gets
 * what is left of the request's deadline and counts as one of its queries. */
static int variable_options(const struct run *r, struct var_job *vj, char ***opts, size_t *n,
	struct cairn_err *err)
{
	const struct cairn_variable *v = vj->v;
	char selector[2048], label[256];

	*opts = v->options;
	*n = v->n_options;
	if (!interpolates(v))
		return 0;
	char *q = var_interpolate(r->scope, v->query, true);
	if (!q)
		return cairn_err_set(err, CAIRN_ELIMIT,
			"the query is longer than %u MiB once variables are interpolated",
			VARS_MAX_OUT >> 20);
	bool ok = var_parse_label_values(q, selector, sizeof selector, label, sizeof label);
	free(q);
	/* Other query forms (query_result, metrics) are not resolved yet: the
	 * options saved in the JSON stand in. */
	if (!ok)
		return 0;
	const struct variables_in *in = r->in;
	int rc = budget_check_deadline(in->budget, err);
	if (!rc)
		rc = prom_label_values(in->prom, selector, label, in->from, in->to, in->budget,
			&vj->opts, &vj->n_opts, err);
	if (rc)
		return rc;
	*opts = vj->opts;
	*n = vj->n_opts;
	return 0;
}

/* Filters options through the variable's regex, as Grafana does.  A regex
 * that does not compile filters nothing; an option it cannot decide within
 * its limits is left out; either way with a warning naming the variable. */
static size_t regex_filter(const struct run *r, struct var_job *vj, char **opts, size_t n,
	const char **out, size_t cap)
{
	const struct cairn_variable *v = vj->v;
	struct cairn_err e = { 0 };
	GRegex *re = NULL;
	if (v->regex && *v->regex && !(re = jsregex_new(v->regex, &e)))
		vj->warning = var_warning(v, e.msg, "; its values are not filtered");
	size_t k = 0;
	for (size_t i = 0; i < n && k < cap; i++) {
		int m = re ? jsregex_match(re, opts[i], &e) : 1;
		if (m == 1) {
			out[k++] = opts[i];
			continue;
		}
		if (m < 0 && !vj->warning)
			vj->warning = var_warning(v, e.msg, "");
		/* each give-up costs the match limit: stop when time is up */
		if (m < 0 && budget_left_s(r->in->budget) <= 0)
			break;
	}
	if (re)
		g_regex_unref(re);
	return k;
}

/* Decides one variable's values; fetches its options when it needs them.
 * Reads the scope, never writes it: runs on any thread. */
/* The values a variable has without asking the datasource: the caller's
 * (unless All), a constant's, a datasource variable's, the saved selection.
 * False when its options must be fetched (All, or nothing chosen). */
static bool chosen_without_asking(const struct run *r, struct var_job *vj)
{
	const struct cairn_variable *v = vj->v;
	vj->n = overrides_for(r->in, v->name, v->include_all, vj->vals, CAIRN_MAX_VAR_VALUES,
		&vj->all);
	if (vj->n > 0 || vj->all)
		return !vj->all;
	if ((v->type == VAR_CONSTANT && v->query) || v->type == VAR_DATASOURCE) {
		vj->vals[vj->n++] = v->type == VAR_DATASOURCE ? "prometheus" : v->query;
		vj->all_value = NULL;
		return true;
	}
	if (v->n_current > 0 && !has_all(v->current, v->n_current)) {
		for (size_t i = 0; i < v->n_current && vj->n < CAIRN_MAX_VAR_VALUES; i++)
			vj->vals[vj->n++] = v->current[i];
		return true;
	}
	vj->all = v->n_current > 0;
	return false;
}

static void var_resolve(const struct run *r, struct var_job *vj)
{
	vj->vals = g_new0(const char *, CAIRN_MAX_VAR_VALUES);
	vj->all_value = vj->v->all_value;
	bool chosen = chosen_without_asking(r, vj);
	/* The dropdowns (in->info) need the options even when a value is
	 * chosen. */
	if (chosen && !r->in->info)
		return;

	/* All, or nothing chosen: ask for the options. */
	char **opts = NULL;
	size_t n_opts = 0;
	struct cairn_err e = { 0 };
	if (variable_options(r, vj, &opts, &n_opts, &e)) {
		/* As in Grafana, a variable that cannot be resolved is left empty
		 * and the dashboard still renders: the panels that need the
		 * datasource report their own failure in place. */
		vj->warning = var_warning(vj->v, e.msg, "");
		return;
	}
	if (r->in->info) {
		vj->shown = g_new0(const char *, CAIRN_MAX_VAR_VALUES);
		vj->n_shown = regex_filter(r, vj, opts, n_opts, vj->shown, CAIRN_MAX_VAR_VALUES);
		if (chosen)
			return;
		memcpy(vj->vals, vj->shown, vj->n_shown * sizeof *vj->vals);
		vj->n = vj->n_shown;
	} else {
		vj->n = regex_filter(r, vj, opts, n_opts, vj->vals, CAIRN_MAX_VAR_VALUES);
	}
	if (!vj->all && vj->n > 1)
		vj->n = 1;   /* no selection saved: Grafana picks the first option */
}

struct wave {
	const struct run *r;
	struct var_job **members;
};

static void wave_item(void *arg, size_t i)
{
	struct wave *w = arg;
	var_resolve(w->r, w->members[i]);
}

static int commit_variable(struct run *r, const struct var_job *vj, struct cairn_err *err)
{
	const struct cairn_variable *v = vj->v;
	if (!v->name)
		return 0;
	if (var_scope_set(r->scope, v->name, vj->vals, vj->n, vj->all, vj->all_value))
		return cairn_err_set(err, CAIRN_EINVAL, "%s: variable $%s cannot be set",
			v->json_path ? v->json_path : "templating", v->name);
	return 0;
}

/* The --var values for names the dashboard does not declare still apply. */
static int set_undeclared(struct run *r, struct cairn_err *err)
{
	const struct variables_in *in = r->in;
	for (size_t i = 0; i < in->n_vars; i++) {
		if (var_scope_get(r->scope, in->vars[i].name, NULL, NULL))
			continue;
		const char *vals[CAIRN_MAX_VAR_VALUES];
		bool all;
		size_t n = overrides_for(in, in->vars[i].name, false, vals, CAIRN_MAX_VAR_VALUES,
			&all);
		if (var_scope_set(r->scope, in->vars[i].name, vals, n, all, NULL))
			return cairn_err_set(err, CAIRN_EINVAL, "%s %s: cannot be set",
				in->var_param ? in->var_param : "var", in->vars[i].name);
	}
	return 0;
}

static char **strv_of(const char *const *v, size_t n)
{
	char **out = g_new0(char *, n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = g_strdup(v[i]);
	return out;
}

/* Copies what the dropdowns show into in->info (the jobs' strings point
 * into options freed with the run). */
static void fill_info(const struct run *r)
{
	const struct cairn_dashboard *d = r->in->dash;
	for (size_t j = 0; j < d->n_variables; j++) {
		const struct var_job *vj = &r->jobs[j];
		struct request_variable *info = &r->in->info[j];
		info->v = vj->v;
		bool fetched = vj->shown != NULL;
		const char *const *opts = fetched ? vj->shown : (const char *const *)vj->v->options;
		info->n_options = fetched ? vj->n_shown : vj->v->n_options;
		info->options = strv_of(opts, info->n_options);
		info->values = strv_of(vj->vals, vj->n);
		info->n_values = vj->n;
		info->all = vj->all;
		info->warning = g_strdup(vj->warning);
		info->depends_on = g_new0(size_t, d->n_variables ? d->n_variables : 1);
		for (size_t i = 0; i < j; i++)
			if (interpolates(vj->v) && refers_to(vj->v->query, d->variables[i].name))
				info->depends_on[info->n_depends++] = i;
	}
}

static void run_fini(struct run *r)
{
	for (size_t i = 0; r->jobs && i < r->in->dash->n_variables; i++) {
		g_free(r->jobs[i].shown);
		g_free(r->jobs[i].vals);
		prom_strv_free(r->jobs[i].opts, r->jobs[i].n_opts);
		g_free(r->jobs[i].warning);
	}
	g_free(r->jobs);
}

/* Resolves one wave: its variables at once on the pool, then into the scope
 * in dashboard order. */
static int run_wave(struct run *r, int wave, struct var_job **members, struct cairn_err *err)
{
	size_t n = r->in->dash->n_variables, k = 0;
	for (size_t i = 0; i < n; i++)
		if (r->jobs[i].wave == wave)
			members[k++] = &r->jobs[i];
	struct wave wv = { r, members };
	pool_run(r->in->pool, wave_item, &wv, k);
	for (size_t m = 0; m < k; m++) {
		int rc = commit_variable(r, members[m], err);
		if (rc)
			return rc;
	}
	return 0;
}

int variables_resolve(const struct variables_in *in, var_scope *scope, GPtrArray *warnings,
	struct cairn_err *err)
{
	const struct cairn_dashboard *d = in->dash;
	size_t n = d->n_variables;
	struct run r = { .in = in, .scope = scope };
	int rc = 0;

	/* Escaping depends on whether a variable is multi/includeAll, not only
	 * on how many values it holds now. */
	var_scope_declare(scope, d);
	r.jobs = g_new0(struct var_job, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		r.jobs[i].v = &d->variables[i];
	int n_waves = plan_waves(&r);
	struct var_job **members = g_new(struct var_job *, n ? n : 1);
	for (int w = 0; w < n_waves && !rc; w++)
		rc = run_wave(&r, w, members, err);
	g_free(members);
	if (!rc && in->info)
		fill_info(&r);
	for (size_t i = 0; !rc && i < n; i++)
		if (r.jobs[i].warning)
			g_ptr_array_add(warnings, g_steal_pointer(&r.jobs[i].warning));
	if (!rc)
		rc = set_undeclared(&r, err);
	run_fini(&r);
	return rc;
}
