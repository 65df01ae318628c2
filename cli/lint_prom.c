/*
 * lint_prom.c — `cairn lint`'s PromQL check: every shown target's expression,
 * with the dashboard's variables at the values a render would give them
 * (request_variables: saved selections checked against what Prometheus
 * answers now) and the $__interval family expanded as the request path
 * expands them, is asked of the configured Prometheus at a time where it
 * holds nothing (the Unix epoch), so the answer costs a parse and an empty
 * evaluation.  Prometheus 2.42 has no /api/v1/parse_query; what it rejects
 * comes back as errorType bad_data, and that is the finding.  Range targets
 * go to /api/v1/query_range (which also refuses a range vector), instant ones
 * to /api/v1/query, as a render sends them.  Owns no output: findings go to
 * the report.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "base/budget.h"
#include "base/duration.h"
#include "cli/lint.h"
#include "dashboards/timerange.h"
#include "dashboards/vars.h"
#include "datasource/interval.h"
#include "datasource/prom.h"

/* Where expressions are evaluated: a time no Prometheus holds data for, so
 * the evaluation finds no series and costs nothing beyond the parse. */
#define EVAL_T 1.0
#define BAD_DATA ": bad_data: "

struct lint_prom {
	request_ctx *ctx;     /* the variables, resolved as a render resolves them */
	prom_client *prom;    /* the expressions */
	double timeout_s;
	bool probed, down;
};

lint_prom *lint_prom_new(const char *url, double timeout_s, const char *fonts_dir,
	struct cairn_err *err)
{
	lint_prom *lp = g_new0(lint_prom, 1);
	lp->timeout_s = timeout_s;
	struct prom_config pc = { .url = url, .timeout_s = timeout_s };
	if (prom_global_init()) {
		cairn_err_set(err, CAIRN_EIO, "--prometheus: libcurl could not be loaded");
		goto fail;
	}
	if (!(lp->prom = prom_new(&pc, err))) {
		cairn_err_prefix(err, "--prometheus");
		goto fail;
	}
	if (prom_is_testdata(lp->prom)) {
		cairn_err_set(err, CAIRN_EINVAL, "--prometheus testdata parses no PromQL: "
			"give a Prometheus URL, or --offline to skip the PromQL check");
		goto fail;
	}
	struct request_ctx_config cfg = { .fonts_dir = fonts_dir, .datasource = pc,
		.datasource_param = "--prometheus", .threads = 1 };
	if (!(lp->ctx = request_ctx_new(&cfg, err)))
		goto fail;
	return lp;
fail:
	lint_prom_free(lp);
	return NULL;
}

void lint_prom_free(lint_prom *lp)
{
	if (!lp)
		return;
	request_ctx_free(lp->ctx);
	prom_free(lp->prom);
	g_free(lp);
}

static void budget_for(const lint_prom *lp, struct budget *b)
{
	struct cairn_limits lim;
	limits_default(&lim);
	lim.max_queries = 1u << 20;   /* one per target: a dashboard's worth */
	lim.deadline_s = fmax(CAIRN_DEFAULT_DEADLINE_S, lp->timeout_s);
	budget_init(b, &lim);
}

/* One cheap query; false (and the one finding) when Prometheus cannot
 * answer it. */
static bool reachable(lint_prom *lp, struct lint_report *r)
{
	if (lp->probed)
		return !lp->down;
	lp->probed = true;
	struct prom_query q = { .expr = "1", .ref_id = "A", .instant = true, .start = EVAL_T,
		.end = EVAL_T, .step = 1 };
	struct cairn_result res;
	struct cairn_err err = { 0 };
	struct budget b;
	budget_for(lp, &b);
	result_init(&res);
	if (prom_query_batch(lp->prom, &q, 1, &res, 1, &b, &err) == 0 &&
		res.status != RESULT_ERROR) {
		result_fini(&res);
		return true;
	}
	lp->down = true;
	lint_add(r, NULL, NULL, LINT_ERROR, "prometheus",
		"%s; PromQL not checked (--offline skips this check)",
		err.msg[0] ? err.msg : res.message);
	result_fini(&res);
	return false;
}

/* ---- variables --------------------------------------------------------- */

/* A variable whose options Prometheus would not give: its query rejected is
 * an error at the query, anything else a warning. */
static void variable_warning(struct lint_report *r, const char *file,
	const struct cairn_variable *v, const char *warning)
{
	const char *bad = strstr(warning, BAD_DATA);
	char *path = lint_path(v->json_path, bad ? "query" : NULL);
	if (bad)
		lint_add(r, file, path, LINT_ERROR, "promql",
			"Prometheus rejects the variable's query: %s", bad + strlen(BAD_DATA));
	else
		lint_add(r, file, path, LINT_WARNING, "variable", "%s", warning);
	g_free(path);
}

/* d's variables at their default values, into a new scope. */
static var_scope *default_scope(lint_prom *lp, struct lint_report *r, const char *file,
	const struct cairn_dashboard *d, double now)
{
	var_scope *scope = var_scope_new();
	var_scope_declare(scope, d);
	struct request req = { .dash = d, .now = now };
	req.limits.deadline_s = fmax(CAIRN_DEFAULT_DEADLINE_S, lp->timeout_s);
	struct request_variable *info = NULL;
	size_t n = 0;
	struct cairn_err err = { 0 };
	if (request_variables(lp->ctx, &req, &info, &n, &err)) {
		/* an unusable time range is lint_check.c's finding */
		if (err.code != CAIRN_EINVAL)
			lint_add(r, file, "$", LINT_WARNING, "variable",
				"variables not resolved (%s): expressions checked with them empty",
				err.msg);
		return scope;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cairn_variable *v = info[i].v;
		if (!v->name)
			continue;
		if (info[i].warning)
			variable_warning(r, file, v, info[i].warning);
		var_scope_set(scope, v->name, (const char *const *)info[i].values,
			info[i].n_values, info[i].all, v->all_value);
	}
	request_variables_free(info, n);
	return scope;
}

/* ---- expressions ------------------------------------------------------- */

struct plan {
	GPtrArray *exprs;          /* owned, one per query */
	GArray *queries;           /* struct prom_query */
	GPtrArray *targets;        /* borrowed struct cairn_target *, one per query */
};

/* The target's (else the panel's) min interval in seconds, 0 for none: as
 * the request path reads it. */
static double min_interval(const var_scope *s, const struct cairn_panel *p,
	const struct cairn_target *t)
{
	const char *txt = t->interval && *t->interval ? t->interval : p->interval;
	double v = 0;
	if (!txt || !*txt)
		return 0;
	char *x = var_interpolate(s, txt, false);
	bool bad = !x || duration_parse(x[0] == '>' ? x + 1 : x, &v, NULL);
	free(x);
	return bad || v <= 0 ? 0 : v;
}

static void plan_target(struct plan *pl, const var_scope *s, const struct cairn_panel *p,
	const struct cairn_target *t, double from, double to)
{
	struct query_window w = {
		.from = from, .to = to,
		.width_px = (int)(p->grid.w * (double)REQUEST_DASH_W / 24),
		.max_data_points = p->max_data_points,
		.min_interval = min_interval(s, p, t),
		.interval_factor = t->interval_factor > 0 ? t->interval_factor : 1,
	};
	struct query_timing tm;
	if (interval_compute(&w, &tm, NULL))
		tm = (struct query_timing){ .interval = 15, .step = 15, .rate_interval = 60,
			.range = to - from, .from = from, .to = to };
	char *expr = var_interpolate(s, t->expr, true);
	char *full = expr ? interval_expand_macros(expr, &tm) : NULL;
	free(expr);
	if (!full)
		return;
	g_ptr_array_add(pl->exprs, full);
	struct prom_query q = { .expr = full, .ref_id = t->ref_id, .target_index = 0,
		.instant = t->instant && !t->range, .start = EVAL_T, .end = EVAL_T,
		.step = tm.step > 0 ? tm.step : 15, .result_index = pl->queries->len };
	g_array_append_val(pl->queries, q);
	g_ptr_array_add(pl->targets, (void *)t);
}

static void plan_all(struct plan *pl, const var_scope *s, const struct cairn_dashboard *d,
	double now)
{
	double from = now - 6 * 3600, to = now;
	if (time_parse(d->time_from, now, false, d->timezone, &from, NULL) ||
		time_parse(d->time_to, now, true, d->timezone, &to, NULL) || !(to > from)) {
		from = now - 6 * 3600;
		to = now;
	}
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct cairn_panel *p = &d->panels[i];
		for (size_t k = 0; !p->is_row && k < p->n_targets; k++) {
			const struct cairn_target *t = &p->targets[k];
			if (!t->hide && t->expr && *t->expr)
				plan_target(pl, s, p, t, from, to);
		}
	}
}

/* Keeps the first variable reference's name. */
static void first_ref(const char *name, size_t len, size_t at, void *ctx)
{
	GString *out = ctx;
	(void)at;
	size_t digits = 0;
	while (digits < len && g_ascii_isdigit(name[digits]))
		digits++;
	/* $1 is label_replace's group, meant to reach Prometheus */
	if (!out->len && digits < len)
		g_string_append_len(out, name, (gssize)len);
}

/* One answer: bad_data is the expression's finding; a failure to reach
 * Prometheus is the run's one finding; other errors (an evaluation that
 * failed) say nothing of the syntax and are left out. */
static void judge(lint_prom *lp, struct lint_report *r, const char *file,
	const struct cairn_target *t, const char *sent, const struct cairn_result *res)
{
	if (res->status != RESULT_ERROR)
		return;
	const char *bad = strstr(res->message, BAD_DATA);
	if (bad) {
		char *path = lint_path(t->json_path, "expr");
		/* Prometheus' positions count in what was sent: show it when the
		 * variables changed it */
		bool same = strcmp(sent, t->expr) == 0;
		GString *left = g_string_new("");
		var_each_ref(sent, first_ref, left);
		lint_add(r, file, path, LINT_ERROR, "promql", "Prometheus rejects it: %s%s%s%s%s%s%s",
			bad + strlen(BAD_DATA), same ? "" : " (as sent: ", same ? "" : sent,
			same ? "" : ")", left->len ? "; it still holds $" : "", left->str,
			left->len ? ", which cairn sends as written" : "");
		g_string_free(left, TRUE);
		g_free(path);
		return;
	}
	if (strncmp(res->message, "Prometheus: ", 12) == 0 || lp->down)
		return;
	lp->down = true;
	lint_add(r, NULL, NULL, LINT_ERROR, "prometheus",
		"%s; PromQL not checked from %s on (--offline skips this check)", res->message, file);
}

static void ask(lint_prom *lp, struct lint_report *r, const char *file, struct plan *pl)
{
	size_t n = pl->queries->len;
	struct cairn_result *res = g_new0(struct cairn_result, n ? n : 1);
	struct cairn_err err = { 0 };
	struct budget b;
	budget_for(lp, &b);
	for (size_t i = 0; i < n; i++)
		result_init(&res[i]);
	if (n && prom_query_batch(lp->prom, (struct prom_query *)(void *)pl->queries->data, n,
			res, n, &b, &err) == 0)
		for (size_t i = 0; i < n; i++)
			judge(lp, r, file, g_ptr_array_index(pl->targets, i),
				g_ptr_array_index(pl->exprs, i), &res[i]);
	for (size_t i = 0; i < n; i++)
		result_fini(&res[i]);
	g_free(res);
}

void lint_prom_check(lint_prom *lp, struct lint_report *r, const char *file,
	const struct cairn_dashboard *d)
{
	if (!reachable(lp, r))
		return;
	double now = (double)time(NULL);
	var_scope *scope = default_scope(lp, r, file, d, now);
	struct plan pl = {
		.exprs = g_ptr_array_new_with_free_func(free),
		.queries = g_array_new(FALSE, TRUE, sizeof(struct prom_query)),
		.targets = g_ptr_array_new(),
	};
	plan_all(&pl, scope, d, now);
	ask(lp, r, file, &pl);
	g_ptr_array_free(pl.targets, TRUE);
	g_array_free(pl.queries, TRUE);
	g_ptr_array_free(pl.exprs, TRUE);
	var_scope_free(scope);
}
