/*
 * request.c — a render request from dashboard model to encoded image, and
 * the process-wide context requests share.
 *
 * Owns the order of work (time range, variables, layout, query plan, one
 * concurrent query batch, drawing), the request's budget and its report.  It
 * owns no parsing (dashboards/), no HTTP (datasource/), no drawing (render/)
 * and no files: bytes in, bytes out.
 */
#include "request/request.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>

#include "base/pool.h"
#include "dashboards/layout.h"
#include "dashboards/legend.h"
#include "base/duration.h"
#include "dashboards/timerange.h"
#include "dashboards/vars.h"
#include "datasource/interval.h"
#include "request/repeat.h"
#include "request/variables.h"

#define DASH_PAD 8.0
#define DASH_TITLE_H 44.0  /* the title band above the grid; render/ gets it as
                              render_opts.title_height */
/* The queries stop this share of the deadline (at most the maximum) short of
 * it, so a datasource slower than the deadline ends as a timeout drawn in its
 * panels rather than as a request without an image. */
#define DRAW_SHARE 0.1
#define DRAW_RESERVE_MAX_S 2.0

/* A datasource a panel's reference can name. */
struct ctx_datasource {
	char *name, *uid;
	char **references;
	size_t n_references;
	prom_client *prom;
};

struct request_ctx {
	struct ctx_datasource *ds;
	size_t n_ds;
	size_t def;                /* the default: variables and unclaimed references */
	render_ctx *rctx;
	pool *pool;
};

static const struct request_names plain_names = {
	.from = "from", .to = "to", .panel = "panel", .data = "data", .var = "var",
};

/* Everything one request allocates, released together by plan_fini. */
struct plan {
	request_ctx *ctx;
	const struct request *req;
	const struct request_names *names;
	struct budget budget;
	double from, to;
	var_scope *scope;
	struct repeat_view view;    /* the panels drawn: repeats laid out */
	const var_scope **job_scope; /* per job: the scope its panel interpolates with */
	struct rect *rects;
	bool *visible;
	struct panel_job *jobs;
	size_t n_jobs;
	struct cairn_result *results; /* one per job */
	struct prom_query *queries;
	size_t *query_ds;           /* per query: index into ctx->ds */
	size_t n_queries;
	GPtrArray *strings;         /* interpolated text the jobs and queries point at */
	GPtrArray *warnings;        /* g_strdup'd messages, moved into the report */
	double title_h;
	int width, height;
};

static void plan_init(struct plan *p, request_ctx *ctx, const struct request *req)
{
	memset(p, 0, sizeof *p);
	p->ctx = ctx;
	p->req = req;
	p->names = req->names ? req->names : &plain_names;
	budget_init(&p->budget, &req->limits);
	if (req->arrived > 0)
		p->budget.deadline_at = req->arrived + p->budget.lim.deadline_s;
	p->strings = g_ptr_array_new_with_free_func(g_free);
	p->warnings = g_ptr_array_new_with_free_func(g_free);
	p->scope = var_scope_new();
}

static void plan_fini(struct plan *p)
{
	for (size_t i = 0; p->results && i < p->n_jobs; i++)
		result_fini(&p->results[i]);
	g_free(p->results);
	g_free(p->jobs);
	g_free(p->queries);
	g_free(p->query_ds);
	g_free(p->rects);
	g_free(p->visible);
	g_free(p->job_scope);
	repeat_view_fini(&p->view);
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

/* Names a parameter: the caller's name when it gave one, else the plain one. */
static const char *pname(const char *given, const char *plain)
{
	return given ? given : plain;
}

/* ---- the context ------------------------------------------------------- */

static int ctx_add_datasource(request_ctx *ctx, const struct request_datasource *d,
	const char *param, struct cairn_err *err)
{
	struct ctx_datasource *cd = &ctx->ds[ctx->n_ds];
	struct prom_config pc = d->prom;
	if (!pc.name)
		pc.name = d->name;
	if (!(cd->prom = prom_new(&pc, err))) {
		cairn_err_prefix(err, "%s", param);
		return err ? err->code : CAIRN_EINVAL;
	}
	cd->name = g_strdup(d->name ? d->name : "prometheus");
	cd->uid = g_strdup(d->uid);
	cd->references = g_new0(char *, d->n_references + 1);
	for (size_t i = 0; i < d->n_references; i++)
		cd->references[i] = g_strdup(d->references[i]);
	cd->n_references = d->n_references;
	ctx->n_ds++;
	return 0;
}

request_ctx *request_ctx_new(const struct request_ctx_config *cfg, struct cairn_err *err)
{
	request_ctx *ctx = g_new0(request_ctx, 1);
	const char *param = pname(cfg->datasource_param, "datasource");
	if (cfg->n_datasources == 0) {
		ctx->ds = g_new0(struct ctx_datasource, 1);
		/* no name: its messages say "datasource at URL" (named "prometheus"
		 * only for the dashboards' references, which all come to it) */
		struct request_datasource one = { .prom = cfg->datasource };
		if (ctx_add_datasource(ctx, &one, param, err))
			goto fail;
	} else {
		if (cfg->default_datasource >= cfg->n_datasources) {
			cairn_err_set(err, CAIRN_EINVAL, "%s: default %zu of %zu datasources", param,
				cfg->default_datasource, cfg->n_datasources);
			goto fail;
		}
		ctx->ds = g_new0(struct ctx_datasource, cfg->n_datasources);
		ctx->def = cfg->default_datasource;
		for (size_t i = 0; i < cfg->n_datasources; i++) {
			const struct request_datasource *d = &cfg->datasources[i];
			if (ctx_add_datasource(ctx, d, d->name ? d->name : param, err))
				goto fail;
		}
	}
	ctx->rctx = render_ctx_new(cfg->fonts_dir, err);
	if (!ctx->rctx) {
		cairn_err_prefix(err, "fonts");
		goto fail;
	}
	ctx->pool = pool_new(cfg->threads);
	return ctx;
fail:
	request_ctx_free(ctx);
	return NULL;
}

void request_ctx_free(request_ctx *ctx)
{
	if (!ctx)
		return;
	pool_free(ctx->pool);
	render_ctx_free(ctx->rctx);
	for (size_t i = 0; i < ctx->n_ds; i++) {
		prom_free(ctx->ds[i].prom);
		g_free(ctx->ds[i].name);
		g_free(ctx->ds[i].uid);
		g_strfreev(ctx->ds[i].references);
	}
	g_free(ctx->ds);
	g_free(ctx);
}

/* ---- time range -------------------------------------------------------- */

/* The request's time zone when it names one, else the dashboard's. */
static const char *zone_of(const struct request *req)
{
	return req->timezone && *req->timezone ? req->timezone : req->dash->timezone;
}

static int resolve_range(struct plan *p, struct cairn_err *err)
{
	const struct request *req = p->req;
	const struct cairn_dashboard *d = req->dash;
	const char *from = req->from ? req->from : (d->time_from ? d->time_from : "now-6h");
	const char *to = req->to ? req->to : (d->time_to ? d->time_to : "now");
	const char *tz = zone_of(req);

	if (time_parse(from, req->now, false, tz, &p->from, err)) {
		cairn_err_prefix(err, "%s", req->from ? pname(p->names->from, "from") : "time.from");
		return CAIRN_EINVAL;
	}
	if (time_parse(to, req->now, true, tz, &p->to, err)) {
		cairn_err_prefix(err, "%s", req->to ? pname(p->names->to, "to") : "time.to");
		return CAIRN_EINVAL;
	}
	if (!(p->to > p->from))
		return cairn_err_set(err, CAIRN_EINVAL,
			"time range: \"%s\" to \"%s\" is empty or reversed", from, to);
	return 0;
}

/* ---- variables --------------------------------------------------------- */

/* What of the deadline is kept for drawing: the datasource stages (variables,
 * queries) stop this much short of it. */
static double draw_reserve(const struct plan *p)
{
	return fmin(DRAW_RESERVE_MAX_S, p->budget.lim.deadline_s * DRAW_SHARE);
}

static int resolve_variables(struct plan *p, struct cairn_err *err)
{
	const struct request *req = p->req;
	struct variables_in in = {
		.dash = req->dash,
		.vars = req->vars,
		.n_vars = req->n_vars,
		.var_param = pname(p->names->var, "var"),
		.prom = p->ctx->ds[p->ctx->def].prom,
		.pool = p->ctx->pool,
		.budget = &p->budget,
		.from = p->from,
		.to = p->to,
	};
	/* As the queries do (run_queries): variables stop a drawing reserve
	 * short of the deadline, so a datasource that does not answer them
	 * leaves them empty with a warning, its panels show the timeout, and
	 * the request still ends with an image. */
	double deadline = p->budget.deadline_at;
	p->budget.deadline_at -= draw_reserve(p);
	int rc = variables_resolve(&in, p->scope, p->warnings, err);
	p->budget.deadline_at = deadline;
	return rc;
}

/* ---- layout ------------------------------------------------------------ */

static int layout(struct plan *p, struct cairn_err *err)
{
	const struct request *req = p->req;
	const struct cairn_dashboard *d = &p->view.dash;

	p->rects = g_new0(struct rect, d->n_panels ? d->n_panels : 1);
	p->visible = g_new0(bool, d->n_panels ? d->n_panels : 1);

	if (req->panel_id) {
		size_t idx = d->n_panels;
		for (size_t i = 0; i < d->n_panels; i++)
			if (d->panels[i].id == req->panel_id && !d->panels[i].is_row)
				idx = i;
		if (idx == d->n_panels)
			return cairn_err_set(err, CAIRN_EINVAL, "%s %d: %s has no panel with id %d",
				pname(p->names->panel, "panel"), req->panel_id,
				d->path ? d->path : "the dashboard", req->panel_id);
		p->width = req->width ? req->width : REQUEST_PANEL_W;
		p->height = req->height ? req->height : REQUEST_PANEL_H;
		p->rects[idx] = (struct rect){ 0, 0, p->width, p->height };
		p->visible[idx] = true;
		return 0;
	}

	p->width = req->width ? req->width : REQUEST_DASH_W;
	p->title_h = DASH_TITLE_H;
	double h = layout_dashboard(d, p->width, DASH_PAD, req->expand_rows, p->rects, p->visible);
	for (size_t i = 0; i < d->n_panels; i++)
		p->rects[i].y += p->title_h;
	p->height = req->height ? req->height : (int)ceil(h + p->title_h);
	return 0;
}

/* ---- query plan -------------------------------------------------------- */

/* The target's (else the panel's) min interval in seconds; 0 when it has
 * none, which interval_compute reads as the datasource scrape interval. */
static double min_interval(const var_scope *scope, const struct cairn_panel *pan,
	const struct cairn_target *t)
{
	const char *txt = (t->interval && *t->interval) ? t->interval : pan->interval;
	double s;
	if (!txt || !*txt)
		return 0;
	char *x = var_interpolate(scope, txt, false);
	if (!x)
		return 0;
	/* ">1m" means "at least": Grafana's syntax for a lower bound. */
	const char *s_txt = x[0] == '>' ? x + 1 : x;
	int bad = duration_parse(s_txt, &s, NULL);
	free(x);
	return bad || s <= 0 ? 0 : s;
}

/* The time window of one panel: the dashboard's, unless the panel has its
 * own relative time (timeFrom: "1h", or "now/d" for today so far) or shift
 * (timeShift: "1d", or "1d/d" rounded to whole days), read as Grafana does:
 * both are Grafana time expressions relative to the dashboard's range. */
static int panel_window(const struct plan *p, const struct cairn_panel *pan, double *from,
	double *to, struct cairn_err *err)
{
	const char *tz = zone_of(p->req);
	const char *where = pan->json_path ? pan->json_path : "panel";
	*from = p->from;
	*to = p->to;
	if (pan->time_from && *pan->time_from) {
		const char *tf = pan->time_from;
		char *expr = g_str_has_prefix(tf, "now") ? g_strdup(tf) : g_strconcat("now-", tf, NULL);
		int rc = time_parse(expr, *to, false, tz, from, err);
		g_free(expr);
		if (rc) {
			cairn_err_prefix(err, "%s.timeFrom", where);
			return CAIRN_EINVAL;
		}
	}
	if (pan->time_shift && *pan->time_shift) {
		char *expr = g_strconcat("now-", pan->time_shift, NULL);
		int rc = time_parse(expr, *from, false, tz, from, err) ||
			time_parse(expr, *to, true, tz, to, err);
		g_free(expr);
		if (rc) {
			cairn_err_prefix(err, "%s.timeShift", where);
			return CAIRN_EINVAL;
		}
	}
	if (!(*to > *from))
		return cairn_err_set(err, CAIRN_EINVAL, "%s: timeFrom \"%s\" and timeShift \"%s\" "
			"leave an empty time range", where, pan->time_from ? pan->time_from : "",
			pan->time_shift ? pan->time_shift : "");
	return 0;
}

static int plan_target(struct plan *p, size_t job, const struct cairn_panel *pan, size_t ti,
	size_t ds, struct cairn_err *err)
{
	const struct cairn_target *t = &pan->targets[ti];
	const struct panel_job *j = &p->jobs[job];
	struct query_window w = {
		.from = j->from,
		.to = j->to,
		.width_px = (int)j->box.w,
		.max_data_points = pan->max_data_points,
		.min_interval = min_interval(p->job_scope[job], pan, t),
		.interval_factor = t->interval_factor > 0 ? t->interval_factor : 1,
		.scrape_interval = 0,   /* interval_compute's default */
	};
	struct query_timing tm;
	if (interval_compute(&w, &tm, err)) {
		cairn_err_prefix(err, "%s", t->json_path);
		return CAIRN_EINVAL;
	}

	/* var_interpolate and interval_expand_macros both return malloc'd
	 * strings; GLib allocates with malloc too, so the plan's g_free-owning
	 * string list can hold either.  NULL means longer than vars.h's cap. */
	char *expr = var_interpolate(p->job_scope[job], t->expr, true);
	const char *full = keep(p, expr ? interval_expand_macros(expr, &tm) : NULL);
	free(expr);
	const char *legend = t->legend_format ?
		keep(p, var_interpolate(p->job_scope[job], t->legend_format, false)) : NULL;
	if (!full || (t->legend_format && !legend))
		return cairn_err_set(err, CAIRN_ELIMIT,
			"%s: longer than %u MiB once variables are interpolated", t->json_path,
			VARS_MAX_OUT >> 20);

	p->query_ds[p->n_queries] = ds;
	p->queries[p->n_queries++] = (struct prom_query){
		.expr = full,
		.legend_format = legend,
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

/* Which datasource a panel's reference means (request.h): its text after
 * variables, matched against names, uids and references; else the default. */
static size_t pick_datasource(struct plan *p, const struct cairn_panel *pan,
	const var_scope *scope)
{
	const request_ctx *ctx = p->ctx;
	if (ctx->n_ds <= 1 || !pan->datasource || !*pan->datasource)
		return ctx->def;
	char *ref = var_interpolate(scope, pan->datasource, false);
	size_t pick = ctx->def;
	for (size_t i = 0; ref && i < ctx->n_ds && pick == ctx->def; i++) {
		const struct ctx_datasource *d = &ctx->ds[i];
		bool hit = strcmp(ref, d->name) == 0 || (d->uid && strcmp(ref, d->uid) == 0);
		for (size_t k = 0; !hit && k < d->n_references; k++)
			hit = strcmp(ref, d->references[k]) == 0 ||
			      strcmp(pan->datasource, d->references[k]) == 0;
		if (hit)
			pick = i;
	}
	free(ref);
	return pick;
}

static void plan_panel(struct plan *p, size_t job, const struct cairn_panel *pan)
{
	struct cairn_result *r = &p->results[job];
	if (pan->is_row)
		return;
	if (!render_supports(pan->type)) {
		r->status = RESULT_UNSUPPORTED;
		snprintf(r->message, sizeof r->message, CAIRN_UNSUPPORTED_FMT,
			pan->type ? pan->type : "(none)");
		return;
	}
	if (pan->type && strcmp(pan->type, "text") == 0)
		return; /* drawn from its content: ok, with no query */
	if (!has_query(pan)) {
		r->status = RESULT_NODATA;
		return;
	}
	size_t ds = pick_datasource(p, pan, p->job_scope[job]);
	for (size_t ti = 0; ti < pan->n_targets; ti++) {
		const struct cairn_target *t = &pan->targets[ti];
		struct cairn_err e = { 0 };
		if (t->hide || !t->expr || !*t->expr)
			continue;
		/* A target the plan cannot express is that panel's error. */
		if (plan_target(p, job, pan, ti, ds, &e)) {
			r->status = RESULT_ERROR;
			g_strlcpy(r->message, e.msg, sizeof r->message);
		}
	}
}

static size_t count_row_panels(const struct cairn_dashboard *d, size_t row)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_panels; i++)
		n += d->panels[i].row_index == (int)row;
	return n;
}

/* A panel whose grid size makes it larger than a surface can be (gridPos.h
 * of a million rows) fails on its own: it shows the error in what of it is on
 * the canvas, and no query is sent for it. */
static bool oversize(struct plan *p, struct panel_job *job)
{
	struct rect *b = &job->box;
	if (b->w <= RENDER_MAX_PX && b->h <= RENDER_MAX_PX)
		return false;
	struct cairn_result *r = (struct cairn_result *)job->data;
	r->status = RESULT_ERROR;
	snprintf(r->message, sizeof r->message,
		"%s.gridPos: a panel of %.0f×%.0f px, more than %d px a side",
		job->panel->json_path ? job->panel->json_path : "panel", b->w, b->h, RENDER_MAX_PX);
	double x0 = fmax(b->x, 0), y0 = fmax(b->y, 0);
	double x1 = fmin(b->x + b->w, p->width), y1 = fmin(b->y + b->h, p->height);
	*b = (struct rect){ x0, y0, fmax(x1 - x0, 0), fmax(y1 - y0, 0) };
	return true;
}

static void build_jobs(struct plan *p)
{
	const struct request *req = p->req;
	const struct cairn_dashboard *d = &p->view.dash;
	size_t n = 0, nq = 0;
	for (size_t i = 0; i < d->n_panels; i++) {
		if (!p->visible[i])
			continue;
		n++;
		nq += d->panels[i].n_targets;
	}
	p->jobs = g_new0(struct panel_job, n ? n : 1);
	p->results = g_new0(struct cairn_result, n ? n : 1);
	p->queries = g_new0(struct prom_query, nq ? nq : 1);
	p->query_ds = g_new0(size_t, nq ? nq : 1);
	p->job_scope = g_new0(const var_scope *, n ? n : 1);

	for (size_t i = 0; i < d->n_panels; i++) {
		if (!p->visible[i])
			continue;
		const struct cairn_panel *pan = &d->panels[i];
		size_t j = p->n_jobs++;
		struct panel_job *job = &p->jobs[j];
		result_init(&p->results[j]);
		job->panel = pan;
		p->job_scope[j] = p->view.scopes[i] ? p->view.scopes[i] : p->scope;
		job->vars = p->job_scope[j];
		job->title = keep(p, var_interpolate(p->job_scope[j], pan->title ? pan->title : "",
			false));
		if (!job->title)   /* longer than vars.h's cap */
			job->title = keep(p, g_strdup(""));
		if (pan->type && strcmp(pan->type, "text") == 0 && pan->text.content)
			job->text = keep(p, var_interpolate(p->scope, pan->text.content, false));
		job->data = pan->is_row ? NULL : &p->results[j];
		job->box = p->rects[i];
		if (!pan->is_row && oversize(p, job))
			continue;
		job->row_collapsed = pan->is_row && pan->collapsed && !req->expand_rows;
		if (job->row_collapsed)
			job->row_panels = (int)count_row_panels(d, i);
		struct cairn_err e = { 0 };
		if (!pan->is_row && panel_window(p, pan, &job->from, &job->to, &e)) {
			/* A relative time the panel cannot mean fails that panel only,
			 * before any query is sent for it. */
			p->results[j].status = RESULT_ERROR;
			g_strlcpy(p->results[j].message, e.msg, sizeof p->results[j].message);
			continue;
		}
		plan_panel(p, j, pan);
	}
}

/* ---- saved answers ----------------------------------------------------- */

static const struct request_data *data_for(const struct request *req, const char *ref_id)
{
	for (size_t i = 0; i < req->n_data; i++)
		if (strcmp(req->data[i].ref_id, ref_id) == 0)
			return &req->data[i];
	return NULL;
}

/* Whether a planned query (a target that is queried: not hidden, with an
 * expression) has this refId; saved answers stand in for queries only. */
static bool target_exists(const struct plan *p, const char *ref_id)
{
	for (size_t i = 0; i < p->n_queries; i++)
		if (strcmp(p->queries[i].ref_id, ref_id) == 0)
			return true;
	return false;
}

/* Answers the queries that have saved data from it and drops them from the
 * plan; the rest still go to the datasource.  An answer that does not parse
 * is unusable input (the user gave it), not a panel error. */
static int answer_from_data(struct plan *p, struct cairn_err *err)
{
	const struct request *req = p->req;
	const char *param = pname(p->names->data, "data");
	if (!req->panel_id)
		return cairn_err_set(err, CAIRN_EINVAL,
			"%s needs %s: saved answers belong to one panel's targets", param,
			pname(p->names->panel, "panel"));
	for (size_t i = 0; i < req->n_data; i++)
		if (!target_exists(p, req->data[i].ref_id))
			return cairn_err_set(err, CAIRN_EINVAL,
				"%s %s=%s: the panel has no queried target with refId %s", param,
				req->data[i].ref_id, req->data[i].name, req->data[i].ref_id);
	size_t keep_n = 0;
	for (size_t i = 0; i < p->n_queries; i++) {
		struct prom_query q = p->queries[i];
		const struct request_data *d = data_for(req, q.ref_id);
		if (!d) {
			p->query_ds[keep_n] = p->query_ds[i];
			p->queries[keep_n++] = q;
			continue;
		}
		struct cairn_result *r = &p->results[q.result_index];
		q.start = q.end = q.step = 0;
		if (prom_parse_matrix(d->body, d->len, &q, r, &p->budget, err)) {
			/* Over the budget stays a limit; anything else is input
			 * that is no answer. */
			cairn_err_prefix(err, "%s %s=%s", param, q.ref_id, d->name);
			if (err->code != CAIRN_ELIMIT)
				err->code = CAIRN_EINVAL;
			return err->code;
		}
		r->step = 0; /* the drawing estimates it from the samples */
		if (r->status != RESULT_ERROR) /* another target's plan failed */
			r->status = r->n_series ? RESULT_OK : RESULT_NODATA;
	}
	p->n_queries = keep_n;
	return 0;
}

/* ---- queries and the deadline ------------------------------------------ */

/* One datasource's share of the plan's queries, sent as one batch. */
struct ds_batch {
	struct plan *p;
	struct prom_query *qs;
	size_t n;
	prom_client *prom;
	int rc;
	struct cairn_err err;
};

static void run_batch(void *arg, size_t i)
{
	struct ds_batch *b = &((struct ds_batch *)arg)[i];
	b->rc = prom_query_batch(b->prom, b->qs, b->n, b->p->results, b->p->n_jobs,
		&b->p->budget, &b->err);
}

/* Runs the plan's queries, one batch per datasource they go to (all at once
 * when there are several).  They stop a drawing reserve short of the
 * request's deadline: a slow datasource then ends as a timeout in the panels
 * that waited for it, drawn within the deadline.  Nothing else reads the
 * deadline while the batches run, so moving it for them is safe; the
 * batches write disjoint results (a panel has one datasource). */
static int run_queries(struct plan *p, struct cairn_err *err)
{
	if (!p->n_queries)
		return 0;
	size_t n_ds = p->ctx->n_ds, n_b = 0;
	struct ds_batch *b = g_new0(struct ds_batch, n_ds);
	struct prom_query *sorted = g_new(struct prom_query, p->n_queries);
	size_t at = 0;
	for (size_t d = 0; d < n_ds; d++) {
		size_t start = at;
		for (size_t i = 0; i < p->n_queries; i++)
			if (p->query_ds[i] == d)
				sorted[at++] = p->queries[i];
		if (at > start)
			b[n_b++] = (struct ds_batch){ .p = p, .qs = sorted + start, .n = at - start,
				.prom = p->ctx->ds[d].prom };
	}
	double deadline = p->budget.deadline_at;
	p->budget.deadline_at -= draw_reserve(p);
	pool_run(n_b > 1 ? p->ctx->pool : NULL, run_batch, b, n_b);
	p->budget.deadline_at = deadline;
	int rc = 0;
	for (size_t i = 0; i < n_b && !rc; i++)
		if ((rc = b[i].rc) && err)
			*err = b[i].err;
	g_free(sorted);
	g_free(b);
	return rc;
}

/* Between stages: a request whose deadline has passed stops with a message
 * naming the stage it overran. */
static int check_deadline(const struct plan *p, const char *stage, struct cairn_err *err)
{
	if (!budget_check_deadline(&p->budget, err))
		return 0;
	cairn_err_prefix(err, "%s", stage);
	return CAIRN_ETIMEOUT;
}

/* ---- series names ------------------------------------------------------ */

/* Whether Grafana gives the series no name from the datasource: its
 * target's legendFormat is "__auto", or a template that comes out empty for
 * it ("{{pod}}" on a series without pod): getFieldDisplayName names it. */
static bool names_itself(const struct cairn_panel *pan, const struct series *s,
	const struct legend_label *ll, size_t n)
{
	const char *lf = s->target_index < pan->n_targets ?
		pan->targets[s->target_index].legend_format : NULL;
	if (!lf || !*lf)
		return false;
	if (strcmp(lf, "__auto") == 0)
		return n > 0;
	char buf[8];
	return legend_format(lf, ll, n, buf, sizeof buf) == 0;
}

static size_t labels_of(const struct series *s, struct legend_label *ll)
{
	size_t n = MIN(s->n_labels, (size_t)CAIRN_MAX_LABELS);
	for (size_t k = 0; k < n; k++)
		ll[k] = (struct legend_label){ s->labels[k].name, s->labels[k].value };
	return n;
}

/* Series named by getFieldDisplayName (names_itself) are named from all the
 * panel's series at once: the single label's value, else every label, and
 * "Value" for one without labels. */
static void name_auto_series(struct cairn_result *r, const struct cairn_panel *pan)
{
	struct legend_label ll[CAIRN_MAX_LABELS];
	const char *single = NULL;
	bool many = false, any = false;
	for (size_t i = 0; i < r->n_series; i++) {
		size_t n = labels_of(&r->series[i], ll);
		legend_single_label(ll, n, &single, &many);
		any = any || names_itself(pan, &r->series[i], ll, n);
	}
	for (size_t i = 0; any && i < r->n_series; i++) {
		struct series *s = &r->series[i];
		size_t n = labels_of(s, ll);
		if (!names_itself(pan, s, ll, n))
			continue;
		char buf[1024] = "Value";
		if (n > 0)
			legend_auto_name(ll, n, single, buf, sizeof buf);
		free(s->name);
		s->name = g_strdup(buf); /* g_malloc is malloc: series_fini's free() fits */
	}
}

static void name_series(struct plan *p)
{
	for (size_t j = 0; j < p->n_jobs; j++)
		name_auto_series(&p->results[j], p->jobs[j].panel);
}

/* ---- report ------------------------------------------------------------ */

static void fill_report(struct plan *p, struct request_report *rep)
{
	size_t n = 0;
	for (size_t j = 0; j < p->n_jobs; j++)
		n += !p->jobs[j].panel->is_row;
	rep->panels = g_new0(struct request_panel, n ? n : 1);
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
		struct request_panel *pr = &rep->panels[rep->n++];
		pr->id = pan->id;
		pr->title = g_strdup(p->jobs[j].title);
		pr->type = g_strdup(pan->type ? pan->type : "");
		pr->status = r->status;
		g_strlcpy(pr->message, r->message, sizeof pr->message);
		/* Drawing can fail a panel the data did not: the deadline passed
		 * before it was drawn, or an override's regex gave up.  A query
		 * error already reported stays the panel's message. */
		const struct cairn_err *de = &p->jobs[j].draw_err;
		if (de->code != CAIRN_OK && pr->status != RESULT_ERROR) {
			pr->status = RESULT_ERROR;
			g_strlcpy(pr->message, de->msg, sizeof pr->message);
		}
		pr->series = r->n_series;
		pr->points = r->points;
		pr->query_ms = r->query_ms;
		pr->render_ms = p->jobs[j].render_ms;
		pr->plot = p->jobs[j].plot;
	}
}

static int draw(struct plan *p, struct render_out *out, struct cairn_err *err)
{
	const struct request *req = p->req;
	struct render_opts ro = {
		.format = req->format,
		.theme = req->theme,
		.width = p->width,
		.height = p->height,
		.scale = req->scale > 0 ? req->scale : 1,
		.timezone = zone_of(req),
		.title = p->title_h > 0 ? req->dash->title : NULL,
		.title_height = p->title_h,
		.pool = p->ctx->pool,
		.budget = &p->budget,
		.png_compression = req->png_compression,
	};
	return render_panels(p->ctx->rctx, p->jobs, p->n_jobs, &ro, out, err);
}

int request_run(request_ctx *ctx, const struct request *req, struct render_out *out,
	struct request_report *rep, struct cairn_err *err)
{
	struct plan p;
	int rc;

	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	plan_init(&p, ctx, req);
	if ((rc = resolve_range(&p, err)))
		goto fail;
	if ((rc = resolve_variables(&p, err)) ||
		(rc = check_deadline(&p, "resolving variables", err)))
		goto fail;
	/* Repeats need the variables' values, and the layout needs the repeats. */
	repeat_expand(req->dash, p.scope, &p.view);
	if ((rc = layout(&p, err)))
		goto fail;
	build_jobs(&p);
	if (req->n_data && (rc = answer_from_data(&p, err)))
		goto fail;
	if ((rc = run_queries(&p, err)) ||
		(rc = check_deadline(&p, "querying the datasource", err)))
		goto fail;
	name_series(&p);
	if (req->on_data)
		for (size_t j = 0; j < p.n_jobs; j++)
			if (!p.jobs[j].panel->is_row)
				req->on_data(req->on_data_ctx, p.jobs[j].panel, p.jobs[j].vars,
				            &p.results[j]);
	if ((rc = draw(&p, out, err)))
		goto fail;
	fill_report(&p, rep);
	plan_fini(&p);
	return 0;
fail:
	free(out->bytes);
	memset(out, 0, sizeof *out);
	plan_fini(&p);
	return rc;
}

void request_report_fini(struct request_report *rep)
{
	for (size_t i = 0; rep->panels && i < rep->n; i++) {
		g_free(rep->panels[i].title);
		g_free(rep->panels[i].type);
	}
	g_free(rep->panels);
	g_strfreev(rep->warnings);
	memset(rep, 0, sizeof *rep);
}

const char *request_status_name(enum result_status s)
{
	switch (s) {
	case RESULT_OK: return "ok";
	case RESULT_NODATA: return "nodata";
	case RESULT_ERROR: return "error";
	case RESULT_UNSUPPORTED: return "unsupported";
	}
	return "error";
}

static json_t *report_panel_json(const struct request_panel *pr)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:f, s:f}",
		"id", pr->id,
		"title", pr->title ? pr->title : "",
		"type", pr->type ? pr->type : "",
		"status", request_status_name(pr->status),
		"message", pr->message,
		"series", (json_int_t)pr->series,
		"points", (json_int_t)pr->points,
		"query_ms", round(pr->query_ms * 1000) / 1000,
		"render_ms", round(pr->render_ms * 1000) / 1000);
}

char *request_report_json(const struct request_report *rep)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < rep->n; i++) {
		json_t *o = report_panel_json(&rep->panels[i]);
		/* json_pack fails on invalid UTF-8 in a title: report that panel
		 * rather than dropping it. */
		if (!o)
			o = json_pack("{s:i, s:s}", "id", rep->panels[i].id, "status", "error");
		json_array_append_new(arr, o);
	}
	char *s = json_dumps(arr, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
	json_decref(arr);
	if (!s)
		g_error("request: out of memory writing the report");
	return s;
}

/* ---- variables alone ----------------------------------------------------- */

int request_variables(request_ctx *ctx, const struct request *req,
	struct request_variable **out, size_t *n, struct cairn_err *err)
{
	struct plan p;
	int rc;
	const struct cairn_dashboard *d = req->dash;

	*out = NULL;
	*n = 0;
	plan_init(&p, ctx, req);
	if ((rc = resolve_range(&p, err)))
		goto done;
	struct request_variable *info = g_new0(struct request_variable,
		d->n_variables ? d->n_variables : 1);
	struct variables_in in = {
		.dash = d,
		.vars = req->vars,
		.n_vars = req->n_vars,
		.var_param = pname(p.names->var, "var"),
		.prom = ctx->ds[ctx->def].prom,
		.pool = ctx->pool,
		.budget = &p.budget,
		.from = p.from,
		.to = p.to,
		.info = info,
	};
	rc = variables_resolve(&in, p.scope, p.warnings, err);
	if (!rc)
		rc = check_deadline(&p, "resolving variables", err);
	if (rc) {
		request_variables_free(info, d->n_variables);
		goto done;
	}
	*out = info;
	*n = d->n_variables;
done:
	plan_fini(&p);
	return rc;
}

void request_variables_free(struct request_variable *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		g_strfreev(v[i].options);
		g_strfreev(v[i].values);
		g_free(v[i].depends_on);
		g_free(v[i].warning);
	}
	g_free(v);
}
