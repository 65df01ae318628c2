/*
 * pipeline.c — a render request from dashboard model to encoded image.
 *
 * Owns the order of work (time range, variables, layout, query plan, one
 * concurrent query batch, drawing) and the per-panel report.  It owns no
 * parsing (dashboards/), no HTTP (datasource/) and no drawing (render/).
 */
#include "cli/pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <jansson.h>

#include "base/jsregex.h"
#include "dashboards/layout.h"
#include "dashboards/timerange.h"
#include "base/duration.h"
#include "dashboards/vars.h"
#include "datasource/interval.h"

#define DEFAULT_PANEL_W 1000
#define DEFAULT_PANEL_H 500
#define DEFAULT_DASH_W 1600
#define DASH_PAD 8.0
#define DASH_TITLE_H 44.0
#define SCRAPE_INTERVAL_S 15.0

/* Everything one request allocates, released together by plan_fini. */
struct plan {
	double from, to;
	var_scope *scope;
	struct rect *rects;
	bool *visible;
	struct panel_job *jobs;
	size_t n_jobs;
	size_t *job_panel;          /* job index → panel index */
	struct cairn_result *results; /* one per job */
	struct prom_query *queries;
	size_t n_queries;
	GPtrArray *strings;         /* interpolated text the jobs and queries point at */
	GPtrArray *warnings;        /* g_strdup'd messages, moved into the report */
	double title_h;
	int width, height;
};

static void plan_fini(struct plan *p)
{
	for (size_t i = 0; p->results && i < p->n_jobs; i++)
		result_fini(&p->results[i]);
	free(p->results);
	free(p->jobs);
	free(p->job_panel);
	free(p->queries);
	free(p->rects);
	free(p->visible);
	if (p->strings)
		g_ptr_array_free(p->strings, TRUE);
	if (p->warnings)
		g_ptr_array_free(p->warnings, TRUE);
	var_scope_free(p->scope);
	memset(p, 0, sizeof *p);
}

static const char *keep(struct plan *p, char *s)
{
	if (s)
		g_ptr_array_add(p->strings, s);
	return s;
}

/* ---- time range -------------------------------------------------------- */

static int resolve_range(const struct pipeline_req *req, struct plan *p, struct cairn_err *err)
{
	const struct cairn_dashboard *d = req->dash;
	const char *from = req->from ? req->from : (d->time_from ? d->time_from : "now-6h");
	const char *to = req->to ? req->to : (d->time_to ? d->time_to : "now");
	const char *tz = d->timezone;

	if (time_parse(from, req->now, false, tz, &p->from, err)) {
		cairn_err_prefix(err, "%s", req->from ? "--from" : "time.from");
		return CAIRN_EINVAL;
	}
	if (time_parse(to, req->now, true, tz, &p->to, err)) {
		cairn_err_prefix(err, "%s", req->to ? "--to" : "time.to");
		return CAIRN_EINVAL;
	}
	if (!(p->to > p->from))
		return cairn_err_set(err, CAIRN_EINVAL,
			"time range: \"%s\" to \"%s\" is empty or reversed", from, to);
	return 0;
}

/* ---- variables --------------------------------------------------------- */

/* The --var values given for `name`.  "$__all" selects All, and so does
 * "All" (the option's text, which Grafana's URLs also accept) for a variable
 * that has an All option. */
static size_t overrides_for(const struct pipeline_req *req, const char *name, bool include_all,
	const char **vals, size_t cap, bool *all)
{
	size_t n = 0;
	*all = false;
	for (size_t i = 0; i < req->n_vars; i++) {
		if (strcmp(req->vars[i].name, name) != 0)
			continue;
		const char *val = req->vars[i].value;
		if (strcmp(val, "$__all") == 0 || (include_all && strcmp(val, "All") == 0))
			*all = true;
		else if (n < cap)
			vals[n++] = req->vars[i].value;
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

/* The options a variable stands for: static ones from the JSON, else what
 * Prometheus answers for label_values(...).  Caller frees with prom_strv_free
 * when *owned. */
static int variable_options(const struct pipeline_req *req, struct plan *p,
	const struct cairn_variable *v, char ***opts, size_t *n, bool *owned,
	struct cairn_err *err)
{
	char selector[2048], label[256];

	*owned = false;
	if (v->type != VAR_QUERY || !v->query) {
		*opts = v->options;
		*n = v->n_options;
		return 0;
	}
	char *q = var_interpolate(p->scope, v->query, true);
	if (!q)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	bool ok = var_parse_label_values(q, selector, sizeof selector, label, sizeof label);
	free(q);
	if (!ok) {
		/* Other query forms (query_result, metrics) are not resolved yet:
		 * fall back to the options saved in the JSON. */
		*opts = v->options;
		*n = v->n_options;
		return 0;
	}
	int rc = prom_label_values(req->prom, selector, label, p->from, p->to, NULL, opts, n, err);
	if (rc) {
		cairn_err_prefix(err, "%s (variable $%s)", v->json_path ? v->json_path : "templating",
			v->name);
		return rc;
	}
	*owned = true;
	return 0;
}

/* Filters options through the variable's regex, as Grafana does. */
static size_t regex_filter(const struct cairn_variable *v, char **opts, size_t n,
	const char **out, size_t cap)
{
	GRegex *re = v->regex && *v->regex ? jsregex_new(v->regex, NULL) : NULL;
	size_t k = 0;
	for (size_t i = 0; i < n && k < cap; i++)
		if (!re || jsregex_match(re, opts[i], NULL) == 1)
			out[k++] = opts[i];
	if (re)
		g_regex_unref(re);
	return k;
}

static int resolve_variable(const struct pipeline_req *req, struct plan *p,
	const struct cairn_variable *v, struct cairn_err *err)
{
	const char *vals[CAIRN_MAX_VAR_VALUES];
	bool all;
	size_t n = overrides_for(req, v->name, v->include_all, vals, CAIRN_MAX_VAR_VALUES, &all);

	if (n > 0 || all) {
		if (!all)
			return var_scope_set(p->scope, v->name, vals, n, false, v->all_value);
	} else if (v->type == VAR_CONSTANT && v->query) {
		vals[0] = v->query;
		return var_scope_set(p->scope, v->name, vals, 1, false, NULL);
	} else if (v->type == VAR_DATASOURCE) {
		vals[0] = "prometheus";
		return var_scope_set(p->scope, v->name, vals, 1, false, NULL);
	} else if (v->n_current > 0 && !has_all(v->current, v->n_current)) {
		return var_scope_set(p->scope, v->name, (const char *const *)v->current,
			v->n_current, false, v->all_value);
	} else if (v->n_current > 0) {
		all = true;
	}

	/* All, or nothing chosen: ask for the options. */
	char **opts = NULL;
	size_t n_opts = 0;
	bool owned = false;
	int rc = variable_options(req, p, v, &opts, &n_opts, &owned, err);
	if (rc == CAIRN_ENOMEM)
		return rc;
	if (rc) {
		/* As in Grafana, a variable that cannot be resolved is left empty
		 * and the dashboard still renders: the panels that need the
		 * datasource report their own failure in place. */
		g_ptr_array_add(p->warnings, g_strdup(err->msg));
		cairn_err_clear(err);
		return var_scope_set(p->scope, v->name, NULL, 0, all, v->all_value);
	}
	n = regex_filter(v, opts, n_opts, vals, CAIRN_MAX_VAR_VALUES);
	if (!all && n > 1)
		n = 1;   /* no selection saved: Grafana picks the first option */
	rc = var_scope_set(p->scope, v->name, vals, n, all, v->all_value);
	if (owned)
		prom_strv_free(opts, n_opts);
	return rc;
}

static int resolve_variables(const struct pipeline_req *req, struct plan *p,
	struct cairn_err *err)
{
	const struct cairn_dashboard *d = req->dash;

	/* Escaping depends on whether a variable is multi/includeAll, not only
	 * on how many values it holds now. */
	var_scope_declare(p->scope, d);
	/* Variables may refer to earlier ones (label_values(x{a="$a"}, b)), so
	 * they resolve in dashboard order, each seeing those before it. */
	for (size_t i = 0; i < d->n_variables; i++) {
		int rc = resolve_variable(req, p, &d->variables[i], err);
		if (rc)
			return rc;
	}
	/* --var for a name the dashboard does not declare still applies. */
	for (size_t i = 0; i < req->n_vars; i++) {
		const char *const *cur;
		size_t n;
		if (var_scope_get(p->scope, req->vars[i].name, &cur, &n))
			continue;
		const char *vals[CAIRN_MAX_VAR_VALUES];
		bool all;
		n = overrides_for(req, req->vars[i].name, false, vals, CAIRN_MAX_VAR_VALUES, &all);
		if (var_scope_set(p->scope, req->vars[i].name, vals, n, all, NULL))
			return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	}
	return 0;
}

/* ---- layout ------------------------------------------------------------ */

static int layout(const struct pipeline_req *req, struct plan *p, struct cairn_err *err)
{
	const struct cairn_dashboard *d = req->dash;

	p->rects = calloc(d->n_panels ? d->n_panels : 1, sizeof *p->rects);
	p->visible = calloc(d->n_panels ? d->n_panels : 1, sizeof *p->visible);
	if (!p->rects || !p->visible)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");

	if (req->panel_id) {
		size_t idx = d->n_panels;
		for (size_t i = 0; i < d->n_panels; i++)
			if (d->panels[i].id == req->panel_id && !d->panels[i].is_row)
				idx = i;
		if (idx == d->n_panels)
			return cairn_err_set(err, CAIRN_EINVAL,
				"--panel %d: %s has no panel with id %d", req->panel_id,
				d->path ? d->path : "the dashboard", req->panel_id);
		p->width = req->width ? req->width : DEFAULT_PANEL_W;
		p->height = req->height ? req->height : DEFAULT_PANEL_H;
		p->rects[idx] = (struct rect){ 0, 0, p->width, p->height };
		p->visible[idx] = true;
		return 0;
	}

	p->width = req->width ? req->width : DEFAULT_DASH_W;
	p->title_h = DASH_TITLE_H;
	double h = layout_dashboard(d, p->width, DASH_PAD, req->expand_rows, p->rects, p->visible);
	for (size_t i = 0; i < d->n_panels; i++)
		p->rects[i].y += p->title_h;
	p->height = req->height ? req->height : (int)ceil(h + p->title_h);
	return 0;
}

/* ---- query plan -------------------------------------------------------- */

static double min_interval(const struct plan *p, const struct cairn_panel *pan,
	const struct cairn_target *t)
{
	const char *txt = (t->interval && *t->interval) ? t->interval : pan->interval;
	double s;
	if (!txt || !*txt)
		return SCRAPE_INTERVAL_S;
	char *x = var_interpolate(p->scope, txt, false);
	if (!x)
		return SCRAPE_INTERVAL_S;
	/* ">1m" means "at least": Grafana's syntax for a lower bound. */
	const char *s_txt = x[0] == '>' ? x + 1 : x;
	int bad = duration_parse(s_txt, &s, NULL);
	free(x);
	return bad || s <= 0 ? SCRAPE_INTERVAL_S : s;
}

/* The time window of one panel: the dashboard's, unless the panel has its
 * own relative time (timeFrom) or shift (timeShift). */
static void panel_window(const struct plan *p, const struct cairn_panel *pan, double *from,
	double *to)
{
	double d;
	*from = p->from;
	*to = p->to;
	if (pan->time_from && duration_parse(pan->time_from, &d, NULL) == 0 && d > 0)
		*from = *to - d;
	if (pan->time_shift && duration_parse(pan->time_shift, &d, NULL) == 0) {
		*from -= d;
		*to -= d;
	}
}

static int plan_target(struct plan *p, size_t job, const struct cairn_panel *pan, size_t ti,
	struct cairn_err *err)
{
	const struct cairn_target *t = &pan->targets[ti];
	const struct panel_job *j = &p->jobs[job];
	struct query_window w = {
		.from = j->from,
		.to = j->to,
		.width_px = (int)j->box.w,
		.max_data_points = pan->max_data_points,
		.min_interval = min_interval(p, pan, t),
		.interval_factor = t->interval_factor > 0 ? t->interval_factor : 1,
		.scrape_interval = SCRAPE_INTERVAL_S,
	};
	struct query_timing tm;
	if (interval_compute(&w, &tm, err))
		return cairn_err_set(err, CAIRN_EINVAL, "%s: %s", t->json_path, err->msg);

	/* var_interpolate and interval_expand_macros both return malloc'd
	 * strings; GLib (>= 2.46) allocates with malloc too, so the plan's
	 * g_free-owning string list can hold either. */
	char *expr = var_interpolate(p->scope, t->expr, true);
	char *full = expr ? interval_expand_macros(expr, &tm) : NULL;
	free(expr);
	char *legend = t->legend_format ? var_interpolate(p->scope, t->legend_format, false) : NULL;
	if (!full || (t->legend_format && !legend)) {
		free(full);
		free(legend);
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	}

	p->queries[p->n_queries++] = (struct prom_query){
		.expr = keep(p, full),
		.legend_format = keep(p, legend),
		.ref_id = t->ref_id,
		.target_index = ti,
		.instant = t->instant && !t->range,
		.start = tm.start,
		.end = tm.end,
		.step = tm.step,
		.result_index = job,
	};
	p->results[job].step = tm.step;
	return 0;
}

static bool has_query(const struct cairn_panel *pan)
{
	for (size_t i = 0; i < pan->n_targets; i++)
		if (!pan->targets[i].hide && pan->targets[i].expr && *pan->targets[i].expr)
			return true;
	return false;
}

static int plan_panel(struct plan *p, size_t job, const struct cairn_panel *pan,
	struct cairn_err *err)
{
	struct cairn_result *r = &p->results[job];
	if (pan->is_row)
		return 0;
	if (!render_supports(pan->type)) {
		r->status = RESULT_UNSUPPORTED;
		snprintf(r->message, sizeof r->message, "Panel type '%s' is not supported yet",
			pan->type ? pan->type : "(none)");
		return 0;
	}
	if (!has_query(pan)) {
		r->status = RESULT_NODATA;
		return 0;
	}
	for (size_t ti = 0; ti < pan->n_targets; ti++) {
		const struct cairn_target *t = &pan->targets[ti];
		if (t->hide || !t->expr || !*t->expr)
			continue;
		int rc = plan_target(p, job, pan, ti, err);
		if (rc == CAIRN_ENOMEM)
			return rc;
		if (rc) {
			/* A target the plan cannot express is that panel's error. */
			r->status = RESULT_ERROR;
			g_strlcpy(r->message, err->msg, sizeof r->message);
			cairn_err_clear(err);
		}
	}
	return 0;
}

static size_t count_row_panels(const struct cairn_dashboard *d, size_t row)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_panels; i++)
		n += d->panels[i].row_index == (int)row;
	return n;
}

static int build_jobs(const struct pipeline_req *req, struct plan *p, struct cairn_err *err)
{
	const struct cairn_dashboard *d = req->dash;
	size_t n = 0, nq = 0;
	for (size_t i = 0; i < d->n_panels; i++) {
		if (!p->visible[i])
			continue;
		n++;
		nq += d->panels[i].n_targets;
	}
	p->jobs = calloc(n ? n : 1, sizeof *p->jobs);
	p->job_panel = calloc(n ? n : 1, sizeof *p->job_panel);
	p->results = calloc(n ? n : 1, sizeof *p->results);
	p->queries = calloc(nq ? nq : 1, sizeof *p->queries);
	if (!p->jobs || !p->job_panel || !p->results || !p->queries)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");

	for (size_t i = 0; i < d->n_panels; i++) {
		if (!p->visible[i])
			continue;
		const struct cairn_panel *pan = &d->panels[i];
		size_t j = p->n_jobs++;
		struct panel_job *job = &p->jobs[j];
		p->job_panel[j] = i;
		result_init(&p->results[j]);
		job->panel = pan;
		job->title = keep(p, var_interpolate(p->scope, pan->title ? pan->title : "", false));
		job->data = pan->is_row ? NULL : &p->results[j];
		job->box = p->rects[i];
		job->row_collapsed = pan->is_row && pan->collapsed && !req->expand_rows;
		if (job->row_collapsed)
			job->row_panels = (int)count_row_panels(d, i);
		panel_window(p, pan, &job->from, &job->to);
		if (!job->title)
			return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
		int rc = plan_panel(p, j, pan, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- saved answers ----------------------------------------------------- */

static const char *data_path_for(const struct pipeline_req *req, const char *ref_id)
{
	for (size_t i = 0; i < req->n_data; i++)
		if (strcmp(req->data[i].ref_id, ref_id) == 0)
			return req->data[i].path;
	return NULL;
}

/* Answers the queries that have a --data file from it and drops them from
 * the plan; the rest still go to the datasource.  A file that cannot be read
 * or parsed is unusable input (the user named it), not a panel error. */
static int answer_from_files(const struct pipeline_req *req, struct plan *p,
	struct cairn_err *err)
{
	size_t keep_n = 0;
	for (size_t i = 0; i < p->n_queries; i++) {
		struct prom_query q = p->queries[i];
		const char *path = data_path_for(req, q.ref_id);
		if (!path) {
			p->queries[keep_n++] = q;
			continue;
		}
		char *body = NULL;
		gsize len = 0;
		GError *ge = NULL;
		if (!g_file_get_contents(path, &body, &len, &ge)) {
			cairn_err_set(err, CAIRN_EINVAL, "--data %s=%s: %s", q.ref_id, path,
				ge->message);
			g_error_free(ge);
			return CAIRN_EINVAL;
		}
		struct cairn_result *r = &p->results[q.result_index];
		q.start = q.end = q.step = 0;
		int rc = prom_parse_matrix(body, len, &q, r, NULL, err);
		g_free(body);
		if (rc) {
			cairn_err_prefix(err, "--data %s=%s", q.ref_id, path);
			return CAIRN_EINVAL;
		}
		r->step = 0; /* the drawing estimates it from the samples */
		r->status = r->n_series ? RESULT_OK : RESULT_NODATA;
	}
	for (size_t i = 0; i < req->n_data; i++) {
		bool used = false;
		for (size_t j = 0; j < p->n_jobs && !used; j++)
			for (size_t t = 0; t < p->jobs[j].panel->n_targets && !used; t++)
				used = strcmp(p->jobs[j].panel->targets[t].ref_id,
					       req->data[i].ref_id) == 0;
		if (!used)
			return cairn_err_set(err, CAIRN_EINVAL,
				"--data %s=%s: the panel has no target with refId %s",
				req->data[i].ref_id, req->data[i].path, req->data[i].ref_id);
	}
	p->n_queries = keep_n;
	return 0;
}

/* ---- report ------------------------------------------------------------ */

static int fill_report(struct plan *p, struct pipeline_report *rep,
	struct cairn_err *err)
{
	size_t n = 0;
	for (size_t j = 0; j < p->n_jobs; j++)
		n += !p->jobs[j].panel->is_row;
	rep->panels = calloc(n ? n : 1, sizeof *rep->panels);
	if (!rep->panels)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	rep->from = p->from;
	rep->to = p->to;
	rep->width = p->width;
	rep->height = p->height;
	g_ptr_array_add(p->warnings, NULL);
	rep->warnings = (char **)g_ptr_array_free(p->warnings, FALSE);
	p->warnings = NULL;
	for (size_t j = 0; j < p->n_jobs; j++) {
		const struct cairn_panel *pan = p->jobs[j].panel;
		const struct cairn_result *r = &p->results[j];
		if (pan->is_row)
			continue;
		struct panel_report *pr = &rep->panels[rep->n++];
		pr->id = pan->id;
		pr->title = g_strdup(p->jobs[j].title);
		pr->type = g_strdup(pan->type ? pan->type : "");
		pr->status = r->status;
		g_strlcpy(pr->message, r->message, sizeof pr->message);
		pr->series = r->n_series;
		pr->points = r->points;
		pr->query_ms = r->query_ms;
		pr->render_ms = p->jobs[j].render_ms;
	}
	return 0;
}

int pipeline_run(const struct pipeline_req *req, struct render_out *out,
	struct pipeline_report *rep, struct cairn_err *err)
{
	struct plan p = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	p.strings = g_ptr_array_new_with_free_func(g_free);
	p.warnings = g_ptr_array_new_with_free_func(g_free);
	p.scope = var_scope_new();
	if (!p.scope) {
		rc = cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = resolve_range(req, &p, err)) || (rc = layout(req, &p, err)))
		goto fail;
	if ((rc = resolve_variables(req, &p, err)))
		goto fail;
	if ((rc = build_jobs(req, &p, err)))
		goto fail;
	if (req->n_data && (rc = answer_from_files(req, &p, err)))
		goto fail;
	if (p.n_queries &&
		(rc = prom_query_batch(req->prom, p.queries, p.n_queries, p.results, p.n_jobs, NULL,
			 err)))
		goto fail;

	struct render_opts ro = {
		.format = req->format,
		.theme = req->theme,
		.width = p.width,
		.height = p.height,
		.scale = req->scale > 0 ? req->scale : 1,
		.timezone = req->dash->timezone,
		.title = p.title_h > 0 ? req->dash->title : NULL,
		.title_height = p.title_h,
	};
	if ((rc = render_panels(req->rctx, p.jobs, p.n_jobs, &ro, out, err)))
		goto fail;
	if ((rc = fill_report(&p, rep, err)))
		goto fail;
	plan_fini(&p);
	return 0;
fail:
	free(out->bytes);
	memset(out, 0, sizeof *out);
	pipeline_report_fini(rep);
	plan_fini(&p);
	return rc;
}

void pipeline_report_fini(struct pipeline_report *rep)
{
	for (size_t i = 0; rep->panels && i < rep->n; i++) {
		g_free(rep->panels[i].title);
		g_free(rep->panels[i].type);
	}
	free(rep->panels);
	g_strfreev(rep->warnings);
	memset(rep, 0, sizeof *rep);
}

const char *pipeline_status_name(enum result_status s)
{
	switch (s) {
	case RESULT_OK: return "ok";
	case RESULT_NODATA: return "nodata";
	case RESULT_ERROR: return "error";
	case RESULT_UNSUPPORTED: return "unsupported";
	}
	return "error";
}

/* ---- --report ---------------------------------------------------------- */

static json_t *report_panel_json(const struct panel_report *pr)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:f, s:f}",
		"id", pr->id,
		"title", pr->title ? pr->title : "",
		"type", pr->type ? pr->type : "",
		"status", pipeline_status_name(pr->status),
		"message", pr->message,
		"series", (json_int_t)pr->series,
		"points", (json_int_t)pr->points,
		"query_ms", round(pr->query_ms * 1000) / 1000,
		"render_ms", round(pr->render_ms * 1000) / 1000);
}

int pipeline_report_write(const struct pipeline_report *rep, const char *path,
	struct cairn_err *err)
{
	json_t *arr = json_array();
	if (!arr)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	for (size_t i = 0; i < rep->n; i++) {
		json_t *o = report_panel_json(&rep->panels[i]);
		/* json_pack fails on invalid UTF-8 in a title: report that panel
		 * rather than dropping it. */
		if (!o)
			o = json_pack("{s:i, s:s}", "id", rep->panels[i].id, "status", "error");
		json_array_append_new(arr, o);
	}
	int rc = json_dump_file(arr, path, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
	json_decref(arr);
	if (rc)
		return cairn_err_set(err, CAIRN_EIO, "--report %s: cannot write the file", path);
	return 0;
}
