/*
 * variables.c — variables.h: a request's template variables.
 *
 * Variables resolve in waves.  Most are independent, and their datasource
 * calls (the slow part: a round trip each) run at once on the pool; one
 * whose query or regex refers to another waits for it.  What the answers
 * become (extraction, sort, which options are selected) is
 * dashboards/varopts.c's.  Each wave reads the
 * scope and writes nothing while it runs, then enters the scope in dashboard
 * order, so the result is what resolving one after another would give.
 */
#include "request/variables.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "base/jsregex.h"
#include "dashboards/varopts.h"
#include "datasource/interval.h"

/* One variable on its way into the scope: decided and fetched (on any
 * thread), then committed in dashboard order. */
struct var_job {
	const struct cairn_variable *v;
	int wave;              /* resolved after every variable of lower waves */
	const char **vals;     /* CAIRN_MAX_VAR_VALUES; may point into opts */
	const char **texts;    /* NULL (the values show), or vals' texts */
	size_t n;
	bool all;
	const char *all_value;
	struct var_option *opts; /* the options of now, owned */
	size_t n_opts;
	const char **shown;    /* in->info: the options after the regex (into opts or
	                          the variable's static options) */
	size_t n_shown;
	char auto_iv[32];      /* an interval variable's auto value, e.g. "2m" */
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

/* Only query variables interpolate their text (query and regex) before
 * resolving. */
static bool interpolates(const struct cairn_variable *v)
{
	return v->type == VAR_QUERY && v->query;
}

static bool depends_on(const struct cairn_variable *v, const char *name)
{
	return interpolates(v) && (refers_to(v->query, name) || refers_to(v->regex, name));
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
			bool edge = depends_on(vj, vi->name) || depends_on(vi, vj->name) ||
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

/* Prometheus' own text for a sample value (jsonutil.MarshalFloat: Go's
 * shortest 'f' form, 'e' below 1e-6 and from 1e21), as query_result shows it. */
static void go_float(double v, char *buf, size_t cap)
{
	if (isnan(v)) {
		g_strlcpy(buf, "NaN", cap);
		return;
	}
	if (isinf(v)) {
		g_strlcpy(buf, v > 0 ? "+Inf" : "-Inf", cap);
		return;
	}
	if (v == 0) {
		g_strlcpy(buf, "0", cap);
		return;
	}
	char e[40];
	for (int p = 0; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p, v);
		if (g_ascii_strtod(e, NULL) == v)
			break;
	}
	double a = fabs(v);
	if (a < 1e-6 || a >= 1e21) {
		/* Go: 1e-07, 1.5e+21 (two exponent digits at least, as C's) */
		g_strlcpy(buf, e, cap);
		return;
	}
	/* digits and exponent of d.ddde±x, written out in fixed notation */
	char digits[24];
	size_t nd = 0;
	const char *q = e;
	bool neg = *q == '-';
	if (neg)
		q++;
	for (; *q && *q != 'e'; q++)
		if (g_ascii_isdigit(*q) && nd < sizeof digits - 1)
			digits[nd++] = *q;
	digits[nd] = '\0';
	int x = (int)strtol(q + 1, NULL, 10);
	GString *s = g_string_new(neg ? "-" : "");
	if (x >= 0) {
		for (int i = 0; i <= x; i++)
			g_string_append_c(s, (size_t)i < nd ? digits[i] : '0');
		if ((size_t)x + 1 < nd)
			g_string_append_printf(s, ".%s", digits + x + 1);
	} else {
		g_string_append(s, "0.");
		for (int i = 0; i < -x - 1; i++)
			g_string_append_c(s, '0');
		g_string_append(s, digits);
	}
	g_strlcpy(buf, s->str, cap);
	g_string_free(s, TRUE);
}

/* Grafana's query_result text for one element of an instant vector:
 * name{a="b",c="d"} value timestamp_ms. */
static char *query_result_text(const struct series *s)
{
	GString *t = g_string_new(NULL);
	for (size_t i = 0; i < s->n_labels; i++)
		if (strcmp(s->labels[i].name, "__name__") == 0)
			g_string_append(t, s->labels[i].value);
	g_string_append_c(t, '{');
	bool first = true;
	for (size_t i = 0; i < s->n_labels; i++) {
		if (strcmp(s->labels[i].name, "__name__") == 0)
			continue;
		g_string_append_printf(t, "%s%s=\"%s\"", first ? "" : ",", s->labels[i].name,
			s->labels[i].value);
		first = false;
	}
	char v[64] = "", ts[64] = "";
	if (s->n > 0) {
		go_float(s->v[s->n - 1], v, sizeof v);
		go_float(s->t[s->n - 1] * 1000.0, ts, sizeof ts);
	}
	g_string_append_printf(t, "} %s %s", v, ts);
	return g_string_free(t, FALSE);
}

/* query_result(expr): the instant vector at the end of the range. */
static int fetch_query_result(const struct variables_in *in, const char *expr, GPtrArray *items,
	struct cairn_err *err)
{
	struct cairn_result res;
	result_init(&res);
	struct prom_query q = { .expr = expr, .legend_format = NULL, .ref_id = "A",
		.instant = true, .start = in->to, .end = in->to, .step = 0, .result_index = 0 };
	int rc = prom_query_batch(in->prom, &q, 1, &res, 1, in->budget, err);
	if (!rc && res.status == RESULT_ERROR)
		rc = cairn_err_set(err, CAIRN_EQUERY, "query_result(%s): %s", expr, res.message);
	for (size_t i = 0; !rc && i < res.n_series; i++)
		g_ptr_array_add(items, query_result_text(&res.series[i]));
	result_fini(&res);
	return rc;
}

/* metrics(re): the metric names a JavaScript RegExp(re) finds something in. */
static int filter_metrics(const char *re_text, char **names, size_t n, GPtrArray *items,
	struct cairn_err *err)
{
	GRegex *re = jsregex_new(re_text, err);
	if (!re)
		return CAIRN_EINVAL;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		int m = jsregex_match(re, names[i], err);
		if (m == 1)
			g_ptr_array_add(items, g_strdup(names[i]));
		rc = m < 0 ? CAIRN_ELIMIT : 0;
	}
	g_regex_unref(re);
	return rc;
}

/* What the datasource answers for a query variable's query (interpolated),
 * as the items its regex then reads; kind VARQ_OTHER when the query has no
 * form cairn asks about. */
static int fetch_items(const struct run *r, const char *q, GPtrArray *items,
	enum varq_kind *kind, struct cairn_err *err)
{
	const struct variables_in *in = r->in;
	char selector[2048], label[256], *arg = NULL, **v = NULL;
	size_t n = 0;
	int rc = 0;
	*kind = varopts_query_kind(q, &arg);
	if (*kind == VARQ_LABEL_VALUES &&
		!var_parse_label_values(q, selector, sizeof selector, label, sizeof label))
		*kind = VARQ_OTHER;
	if (*kind == VARQ_OTHER)
		goto done;
	if ((rc = budget_check_deadline(in->budget, err)))
		goto done;
	switch (*kind) {
	case VARQ_LABEL_VALUES:
		rc = prom_label_values(in->prom, selector, label, in->from, in->to, in->budget, &v,
			&n, err);
		break;
	case VARQ_LABEL_NAMES:
		rc = prom_label_names(in->prom, arg, in->from, in->to, in->budget, &v, &n, err);
		break;
	case VARQ_METRICS:
		rc = prom_label_values(in->prom, "", "__name__", in->from, in->to, in->budget, &v,
			&n, err);
		if (!rc)
			rc = filter_metrics(arg, v, n, items, err);
		prom_strv_free(v, n);
		v = NULL;
		n = 0;
		break;
	case VARQ_QUERY_RESULT:
		rc = fetch_query_result(in, arg, items, err);
		break;
	default:
		break;
	}
	for (size_t i = 0; !rc && i < n; i++)
		g_ptr_array_add(items, g_strdup(v[i]));
	prom_strv_free(v, n);
done:
	g_free(arg);
	return rc;
}

/* Options from the JSON; texts (may be NULL) where they differ. */
static void set_static_options(struct var_job *vj, char *const *items, char *const *texts,
	size_t n)
{
	vj->opts = g_new0(struct var_option, n ? n : 1);
	vj->n_opts = n;
	for (size_t i = 0; i < n; i++)
		vj->opts[i] = (struct var_option){ g_strdup(texts && texts[i] ? texts[i] : items[i]),
			g_strdup(items[i]) };
}

/* An interval variable's options: its list, "auto" first when it has one
 * (standing for the range over auto_count, rounded, at least auto_min). */
static void interval_options(const struct run *r, struct var_job *vj)
{
	const struct cairn_variable *v = vj->v;
	size_t extra = v->auto_interval ? 1 : 0;
	vj->opts = g_new0(struct var_option, v->n_options + extra + 1);
	if (extra) {
		vj->opts[0] = (struct var_option){ g_strdup("auto"),
			g_strdup_printf("$__auto_interval_%s", v->name) };
		double lo = 0;
		if (!v->auto_min || duration_parse(v->auto_min, &lo, NULL))
			lo = 0;
		double ms = interval_round_ms((r->in->to - r->in->from) * 1000.0 / v->auto_count);
		interval_hms(fmax(ms, fmax(lo * 1000.0, 1)) / 1000.0, vj->auto_iv,
			sizeof vj->auto_iv);
	}
	for (size_t i = 0; i < v->n_options; i++)
		vj->opts[extra + i] = (struct var_option){ g_strdup(v->options[i]),
			g_strdup(v->options[i]) };
	vj->n_opts = v->n_options + extra;
}

/* Grafana's variable queries see $__range, $__range_s, $__range_ms (the
 * dashboard range) and $__interval (the datasource's scrape interval,
 * 15 s by default): Prometheus' metricFindQuery scopedVars.  Takes q. */
static char *with_builtins(const struct variables_in *in, char *q)
{
	if (!q || !strstr(q, "$__"))
		return q;
	struct query_timing tm = { .interval = 15, .step = 15, .rate_interval = 60,
		.start = in->from, .end = in->to, .range = in->to - in->from,
		.from = in->from, .to = in->to };
	char *x = interval_expand_macros(q, &tm);
	free(q);
	return x;
}

/* The options a variable has now: static ones from the JSON (custom,
 * interval, or what a query variable saved when its query has no form cairn
 * asks about), else what the datasource answers, through the variable's
 * regex and sort.  Each call gets what is left of the request's deadline
 * and counts as one of its queries.  A regex that fails is a warning. */
static int variable_options(const struct run *r, struct var_job *vj, struct cairn_err *err)
{
	const struct cairn_variable *v = vj->v;
	if (v->type == VAR_INTERVAL) {
		interval_options(r, vj);
		return 0;
	}
	if (v->type != VAR_QUERY || !v->query) {
		set_static_options(vj, v->options, v->option_texts, v->n_options);
		return 0;
	}
	char *q = with_builtins(r->in, var_interpolate(r->scope, v->query, true));
	if (!q)
		return cairn_err_set(err, CAIRN_ELIMIT,
			"the query is longer than %u MiB once variables are interpolated",
			VARS_MAX_OUT >> 20);
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
	enum varq_kind kind;
	int rc = fetch_items(r, q, items, &kind, err);
	free(q);
	if (!rc && kind == VARQ_OTHER) {
		set_static_options(vj, v->options, v->option_texts, v->n_options);
	} else if (!rc) {
		struct cairn_err why = { 0 };
		/* Grafana interpolates the regex too, each value regex-escaped */
		char *re = v->regex ? var_interpolate_format(r->scope, v->regex, "regex") : NULL;
		vj->opts = varopts_extract((const char *const *)items->pdata, items->len, re,
			v->sort, &vj->n_opts, &why);
		free(re);
		if (why.code)
			vj->warning = var_warning(v, why.msg, "");
	}
	g_ptr_array_free(items, TRUE);
	return rc;
}

/* The value a variable has without any options: a constant's, a
 * textbox's, a datasource variable's, an ad hoc filter's; a query variable
 * Grafana never refreshes keeps its saved selection.  False when its
 * options decide. */
static bool fixed_value(struct var_job *vj)
{
	const struct cairn_variable *v = vj->v;
	switch (v->type) {
	case VAR_CONSTANT:
		vj->vals[vj->n++] = v->query ? v->query : "";
		return true;
	case VAR_TEXTBOX:
		vj->vals[vj->n++] = v->n_current ? v->current[0] : v->query ? v->query : "";
		return true;
	case VAR_DATASOURCE:
		/* a reference the panels match against the configured datasources;
		 * one that names none of them means the default, as "default" */
		vj->vals[vj->n++] = v->n_current && strcmp(v->current[0], "default") != 0 ?
			v->current[0] : "prometheus";
		return true;
	case VAR_ADHOC:
	case VAR_OTHER:
		for (size_t i = 0; i < v->n_current && vj->n < CAIRN_MAX_VAR_VALUES; i++)
			vj->vals[vj->n++] = v->current[i];
		return true;
	case VAR_QUERY:
		if (v->refresh != 0 || v->n_current == 0)
			return false;
		for (size_t i = 0; i < v->n_current && vj->n < CAIRN_MAX_VAR_VALUES; i++)
			vj->vals[vj->n++] = v->current[i];
		vj->all = has_all(v->current, v->n_current) && v->include_all;
		if (vj->all)
			vj->n = 0;
		return !vj->all;
	default:
		return false;
	}
}

static const char *option_value(const struct var_job *vj, size_t i)
{
	const char *val = vj->opts[i].value;
	/* the auto option stands for the interval worked out for this range */
	return vj->auto_iv[0] && g_str_has_prefix(val, "$__auto_interval_") ? vj->auto_iv : val;
}

/* Decides one variable's values; fetches its options when it needs them.
 * Reads the scope, never writes it: runs on any thread. */
static void var_resolve(const struct run *r, struct var_job *vj)
{
	const struct cairn_variable *v = vj->v;
	vj->vals = g_new0(const char *, CAIRN_MAX_VAR_VALUES);
	vj->all_value = v->all_value;
	vj->n = overrides_for(r->in, v->name, v->include_all, vj->vals, CAIRN_MAX_VAR_VALUES,
		&vj->all);
	bool given = vj->n > 0 || vj->all;
	bool chosen = (given && !vj->all) || (!given && fixed_value(vj));
	/* The dropdowns (in->info) need the options even when a value is
	 * chosen. */
	if (chosen && !r->in->info)
		return;

	struct cairn_err e = { 0 };
	if (variable_options(r, vj, &e)) {
		/* As in Grafana, a variable that cannot be resolved is left empty
		 * and the dashboard still renders: the panels that need the
		 * datasource report their own failure in place. */
		vj->warning = var_warning(v, e.msg, "");
		return;
	}
	if (r->in->info) {
		vj->shown = g_new0(const char *, CAIRN_MAX_VAR_VALUES);
		for (size_t i = 0; i < vj->n_opts && vj->n_shown < CAIRN_MAX_VAR_VALUES; i++)
			vj->shown[vj->n_shown++] = option_value(vj, i);
		if (chosen)
			return;
	}
	size_t *idx = g_new(size_t, vj->n_opts ? vj->n_opts : 1);
	size_t k = 0;
	if (!vj->all)
		k = varopts_pick(vj->opts, vj->n_opts, v->current, v->n_current,
			v->multi || v->n_current > 1, v->include_all, &vj->all, idx);
	if (vj->all)
		for (size_t i = 0; i < vj->n_opts && i < CAIRN_MAX_VAR_VALUES; i++)
			idx[k++] = i;
	/* titles show the options' texts (Grafana interpolates them in the
	 * text format): "auto", a custom "key : value" variable's key */
	vj->texts = g_new0(const char *, CAIRN_MAX_VAR_VALUES);
	for (size_t i = 0; i < k && vj->n < CAIRN_MAX_VAR_VALUES; i++) {
		vj->texts[vj->n] = vj->opts[idx[i]].text;
		vj->vals[vj->n++] = option_value(vj, idx[i]);
	}
	g_free(idx);
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
	if (var_scope_set(r->scope, v->name, vj->vals, vj->n, vj->all, vj->all_value) ||
		(vj->texts && var_scope_set_texts(r->scope, v->name, vj->texts, vj->n)))
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
		g_free(r->jobs[i].texts);
		varopts_free(r->jobs[i].opts, r->jobs[i].n_opts);
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
