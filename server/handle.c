/*
 * handle.c — what each route answers.  handle_request runs on the service
 * thread and answers at once whatever needs no work (errors, auth, the
 * listings, health, metrics, cached images and 304s); a render that is not
 * cached becomes a job for the request threads, where handle_job runs it
 * and hands the answer back.  Nothing here touches a socket.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashboards/load.h"
#include "dashboards/timerange.h"
#include "server/state.h"
#include "server/web.h"

#define PAST_MAX_AGE "public, max-age=3600"
#define PAST_MAX_AGE_AUTH "private, max-age=3600"   /* no shared cache keeps what auth guards */

/* ---- small answers --------------------------------------------------------- */

static void json_answer(struct http_answer *a, int status, char *body, size_t len)
{
	a->status = status;
	a->content_type = "application/json";
	a->body = (unsigned char *)body;
	a->len = len;
	a->cache_control = "no-cache";
}

static void answer_error(struct http_answer *a, int status, const char *param, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

static void answer_error(struct http_answer *a, int status, const char *param, const char *fmt,
	...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	enum route_kind r = a->route;
	http_error_answer(a, status, msg, param);
	a->route = r;
}

/* Counters of the caches are running totals: /metrics adds what grew
 * since it last looked (struct cache_seen in state.h). */
static void add_delta(metric *m, uint64_t now, uint64_t *seen)
{
	if (now > *seen)
		metric_add(m, NULL, (double)(now - *seen));
	*seen = now;
}

static void update_gauges(struct server *s)
{
	struct cache_seen *seen = &s->seen;
	struct server_metrics *x = &s->mx;
	if (s->qcache) {
		struct prom_cache_stats q;
		prom_cache_stats(s->qcache, &q);
		add_delta(x->qc_hits, q.hits, &seen->qc_hits);
		add_delta(x->qc_misses, q.misses, &seen->qc_misses);
		add_delta(x->qc_coalesced, q.coalesced, &seen->qc_coalesced);
		add_delta(x->qc_incremental, q.incremental, &seen->qc_incremental);
		metric_set(x->qc_bytes, NULL, (double)q.bytes);
		metric_set(x->qc_entries, NULL, (double)q.entries);
	}
	struct imgcache_stats is;
	imgcache_stats(s->img, &is);
	add_delta(x->img_hits, is.hits, &seen->img_hits);
	add_delta(x->img_misses, is.misses, &seen->img_misses);
	metric_set(x->img_bytes, NULL, (double)is.bytes);
	pthread_mutex_lock(&s->qlock);
	size_t depth = s->queue.length;
	pthread_mutex_unlock(&s->qlock);
	metric_set(x->queue_depth, NULL, (double)depth);
	metric_set(x->in_flight, NULL, (double)http_pending(s->h));
	metric_set(x->dash_loaded, NULL, (double)atomic_load(&s->dash_loaded));
	metric_set(x->dash_failed, NULL, (double)atomic_load(&s->dash_failed));
	struct live_stats ls;
	live_stats(s->live, &ls);
	metric_set(x->live_conns, NULL, (double)ls.connections);
	metric_set(x->live_views, NULL, (double)ls.views);
	metric_set(x->live_viewers, NULL, (double)ls.viewers);
	add_delta(x->live_renders, ls.renders, &seen->live_renders);
	add_delta(x->live_frames, ls.frames_sent, &seen->live_frames);
	add_delta(x->live_unchanged, ls.frames_unchanged, &seen->live_unchanged);
	add_delta(x->live_replaced, ls.frames_replaced, &seen->live_replaced);
}

static void answer_metrics(struct server *s, struct http_answer *a)
{
	update_gauges(s);
	size_t len;
	char *text = metrics_render(s->m, &len);
	a->status = 200;
	a->content_type = "text/plain; version=0.0.4; charset=utf-8";
	a->body = (unsigned char *)g_memdup2(text, len ? len : 1);
	a->len = len;
	free(text);
	a->cache_control = "no-store";
}

/* Open by default (probes carry no credentials): to a caller without them,
 * when auth is on, the status and counts only — no file paths, no
 * datasource messages (they can name hosts). */
static void answer_health(struct server *s, const struct http_req *req, struct http_answer *a)
{
	size_t len;
	char *body = server_health_json(s, auth_identified(s->auth, req->authorization), &len);
	json_answer(a, 200, body, len);
	a->cache_control = "no-store";
}

static void append_dashboard(GString *b, const struct catalog_entry *e)
{
	g_string_append(b, "{\"uid\":");
	json_append_str(b, e->uid);
	g_string_append(b, ",\"title\":");
	json_append_str(b, e->title);
	g_string_append(b, ",\"tags\":[");
	for (size_t t = 0; e->tags && e->tags[t]; t++) {
		if (t)
			g_string_append_c(b, ',');
		json_append_str(b, e->tags[t]);
	}
	g_string_append(b, "],\"folder\":");
	json_append_str(b, e->folder);
	g_string_append_printf(b, ",\"panels\":%zu,\"url\":", e->n_panels);
	char *url = g_strdup_printf("/render/d/%s/%s", e->uid, e->slug ? e->slug : "");
	json_append_str(b, url);
	g_free(url);
	g_string_append_c(b, '}');
}

static void answer_dashboards(struct server *s, struct http_answer *a)
{
	struct catalog_list l;
	catalog_list(s->cat, &l);
	GString *b = g_string_new("[");
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			g_string_append_c(b, ',');
		append_dashboard(b, l.entries[i]);
	}
	g_string_append(b, "]\n");
	catalog_list_free(&l);
	size_t len = b->len;
	json_answer(a, 200, g_string_free(b, FALSE), len);
}

static void answer_dashboard(struct server *s, const char *uid, struct http_answer *a)
{
	const struct catalog_entry *e = catalog_get(s->cat, uid);
	if (!e) {
		char safe[ROUTE_UID_MAX + 1];
		header_safe(uid, safe, sizeof safe);
		answer_error(a, 404, NULL, "no dashboard with uid \"%s\"", safe);
		return;
	}
	json_answer(a, 200, g_memdup2(e->json, e->json_len + 1), e->json_len);
	catalog_release(e);
}

/* ---- the browser client: pages and files ----------------------------------- */

static void answer_file(const struct web_file *f, const struct http_req *req,
	struct http_answer *a)
{
	a->status = 200;
	a->content_type = f->content_type;
	a->csp = WEB_CSP;
	/* Revalidated each time (the names carry no version); a 304 costs
	 * a round trip and no bytes. */
	a->cache_control = "no-cache";
	g_strlcpy(a->etag, f->etag, sizeof a->etag);
	a->not_modified = etag_matches(req->if_none_match, f->etag);
	if (a->not_modified)
		return;
	a->body = g_memdup2(f->bytes, f->len);
	a->len = f->len;
}

static void answer_client(struct server *s, const struct http_req *req, const struct route *r,
	struct http_answer *a)
{
	const char *name = r->kind == ROUTE_PAGE_LIST ? "index.html" :
		r->kind == ROUTE_PAGE_DASH ? "dashboard.html" : r->uid;
	if (r->kind == ROUTE_PAGE_DASH) {
		const struct catalog_entry *e = catalog_get(s->cat, r->uid);
		if (!e) {
			char safe[ROUTE_UID_MAX + 1];
			header_safe(r->uid, safe, sizeof safe);
			answer_error(a, 404, NULL, "no dashboard with uid \"%s\"", safe);
			return;
		}
		catalog_release(e);
	}
	const struct web_file *f = web_file_find(name);
	if (!f) {
		answer_error(a, 404, NULL, "no such file: /static/%s", name);
		return;
	}
	answer_file(f, req, a);
}

/* ---- renders on the service thread: checks, the cache, the queue ---------- */

static bool has_panel(const struct cairn_dashboard *d, int id)
{
	for (size_t i = 0; i < d->n_panels; i++)
		if (d->panels[i].id == id && !d->panels[i].is_row)
			return true;
	return false;
}

/* Over the pixel limit before any work: width × height × scale² when the
 * height is known (a whole dashboard's depends on its layout: the render's
 * budget checks it). */
static bool over_pixels(const struct server *s, const struct render_params *p, bool solo,
	struct http_answer *a)
{
	double w = p->width ? p->width : (solo ? REQUEST_PANEL_W : REQUEST_DASH_W);
	double h = p->height ? p->height : (solo ? REQUEST_PANEL_H : 0);
	double sc = p->scale > 0 ? p->scale : 1;
	double px = w * h * sc * sc;
	double max = s->limits.max_pixels ? (double)s->limits.max_pixels :
		(double)CAIRN_DEFAULT_MAX_PIXELS;
	if (px > (double)RENDER_MAX_PIXELS)
		max = fmin(max, (double)RENDER_MAX_PIXELS);
	if (px <= max)
		return false;
	answer_error(a, 413, NULL, "width × height × scale²: %.0f pixels, over the limit of %.0f",
		px, max);
	return true;
}

static const char *time_zone(const struct render_params *p, const struct cairn_dashboard *d)
{
	return p->tz ? p->tz : d->timezone;
}

/* How long the image stays valid, the data generation in its key, and
 * what clients may do with it. */
/* How long the image may be kept, and its data generation; false when it
 * is not kept at all (a now-relative range with cache.image_ttl 0). */
static bool plan_caching(struct server *s, struct job *j, const struct cairn_dashboard *d,
	uint64_t *gen)
{
	double now = j->now;
	double ttl = s->image_ttl_s;
	double to;
	const char *to_s = j->params.to ? j->params.to : (d->time_to ? d->time_to : "now");
	bool past = !params_relative(&j->params, d) &&
		!time_parse(to_s, now, true, time_zone(&j->params, d), &to, NULL) &&
		to < now - PROM_CACHE_SETTLE_S;
	if (past) {
		*gen = 0;
		j->expires = 0;
		j->cache_control = auth_enabled(s->auth) ? PAST_MAX_AGE_AUTH : PAST_MAX_AGE;
		return true;
	}
	j->cache_control = "no-cache";
	if (!(ttl > 0))
		return false;
	*gen = (uint64_t)floor(now / ttl);
	j->expires = mono_now() + (ttl - fmod(now, ttl));
	return true;
}

static void answer_from_img(const struct img *im, const struct http_req *req,
	const char *cache_control, struct http_answer *a)
{
	a->status = 200;
	a->content_type = im->content_type;
	a->img = im;
	g_strlcpy(a->etag, im->etag, sizeof a->etag);
	g_strlcpy(a->cairn_status, im->status, sizeof a->cairn_status);
	a->cache_control = cache_control;
	a->not_modified = etag_matches(req->if_none_match, im->etag);
}

static struct job *job_new(struct server *s, struct http_req *req, enum route_kind k)
{
	struct job *j = g_new0(struct job, 1);
	j->req = req;
	j->route = k;
	j->limits = s->limits;
	j->now = (double)time(NULL);
	return j;
}

static void set_deadline(struct server *s, struct job *j)
{
	double cfg = s->limits.deadline_s > 0 ? s->limits.deadline_s : CAIRN_DEFAULT_DEADLINE_S;
	j->limits.deadline_s = j->params.timeout_s > 0 ? fmin(j->params.timeout_s, cfg) : cfg;
}

/* true: queued (the job answers); false: a filled */
static bool queue_or_refuse(struct server *s, struct job *j, struct http_answer *a)
{
	if (server_enqueue(s, j))
		return true;
	j->req = NULL;   /* the caller still owns and answers it */
	job_free(j);
	answer_error(a, 503, NULL, "busy: %zu requests already wait for a request thread; "
		"try again shortly", s->queue_max);
	a->retry_after = RETRY_AFTER_S;
	return false;
}

/* Identical images asked for at once are drawn once: the first request
 * draws (its job lands the flight), later ones wait in the flight and get
 * a copy of its answer.  Service thread: true when req now waits (answered
 * later); false when it leads (a flight is open under key). */
static bool join_flight(struct server *s, const char *key, struct http_req *req)
{
	pthread_mutex_lock(&s->flock);
	GPtrArray *waiting = g_hash_table_lookup(s->flights, key);
	if (waiting)
		g_ptr_array_add(waiting, req);
	else
		g_hash_table_insert(s->flights, g_strdup(key), g_ptr_array_new());
	pthread_mutex_unlock(&s->flock);
	return waiting != NULL;
}

/* Closes the flight under key and answers its waiters with copies of a
 * (any thread; before a itself is handed on). */
static void land_flight(struct server *s, const char *key, const struct http_answer *a)
{
	gpointer k = NULL, v = NULL;
	pthread_mutex_lock(&s->flock);
	bool found = g_hash_table_steal_extended(s->flights, key, &k, &v);
	pthread_mutex_unlock(&s->flock);
	if (!found)
		return;
	GPtrArray *waiting = v;
	for (guint i = 0; i < waiting->len; i++) {
		struct http_req *req = waiting->pdata[i];
		struct http_answer w = *a;
		w.img = a->img ? img_ref(a->img) : NULL;
		w.body = a->body ? g_memdup2(a->body, a->len) : NULL;
		w.not_modified = a->img && etag_matches(req->if_none_match, a->img->etag);
		w.cache = "shared";
		http_respond(s->h, req, &w);
	}
	g_ptr_array_free(waiting, TRUE);
	g_free(k);
}

/* A job for a route that names a dashboard: the parameters parsed, the
 * dashboard found and, when need_panel, its panel.  NULL with the answer
 * filled (400 naming the parameter, 404) otherwise. */
static struct job *dashboard_job(struct server *s, struct http_req *req, const struct route *r,
	bool need_panel, struct http_answer *a)
{
	struct job *j = job_new(s, req, r->kind);
	char param[64];
	struct cairn_err err = { 0 };
	if (params_parse(req->args, req->n_args, need_panel, &j->params, param, &err)) {
		answer_error(a, 400, param, "%s", err.msg);
	} else if (!(j->entry = catalog_get(s->cat, r->uid))) {
		char safe[ROUTE_UID_MAX + 1];
		header_safe(r->uid, safe, sizeof safe);
		answer_error(a, 404, NULL, "no dashboard with uid \"%s\"", safe);
	} else if (need_panel && !has_panel(j->entry->dash, j->params.panel_id)) {
		answer_error(a, 404, "panelId", "panelId: dashboard \"%s\" has no panel with id %d",
			j->entry->uid, j->params.panel_id);
	} else {
		return j;
	}
	j->req = NULL;
	job_free(j);
	return NULL;
}

static bool render_get(struct server *s, struct http_req *req, const struct route *r,
	struct http_answer *a)
{
	bool solo = r->kind == ROUTE_RENDER_SOLO;
	struct job *j = dashboard_job(s, req, r, solo, a);
	if (!j)
		return false;
	const struct cairn_dashboard *d = j->entry->dash;
	if (over_pixels(s, &j->params, solo, a))
		goto refused;
	set_deadline(s, j);
	uint64_t gen;
	if (!plan_caching(s, j, d, &gen))
		return queue_or_refuse(s, j, a);
	j->key = params_key(r->kind, j->entry->uid, j->entry->version, &j->params, gen);
	const struct img *hit = imgcache_get(s->img, j->key, mono_now());
	if (hit) {
		answer_from_img(hit, req, j->cache_control, a);
		a->cache = a->not_modified ? "304" : "hit";
		goto refused;
	}
	if (join_flight(s, j->key, req)) {
		j->req = NULL;   /* answered when the image it waits for is drawn */
		job_free(j);
		return true;
	}
	char *key = g_strdup(j->key);
	bool queued = queue_or_refuse(s, j, a);
	if (!queued)
		land_flight(s, key, a);   /* nobody joined yet: only closes it */
	g_free(key);
	return queued;
refused:
	j->req = NULL;
	job_free(j);
	return false;
}

static bool render_post(struct server *s, struct http_req *req, struct http_answer *a)
{
	struct job *j = job_new(s, req, ROUTE_API_RENDER);
	char param[64];
	struct cairn_err err = { 0 };
	if (params_parse(req->args, req->n_args, false, &j->params, param, &err)) {
		answer_error(a, 400, param, "%s", err.msg);
		j->req = NULL;
		job_free(j);
		return false;
	}
	if (over_pixels(s, &j->params, j->params.panel_id != 0, a)) {
		j->req = NULL;
		job_free(j);
		return false;
	}
	set_deadline(s, j);
	j->cache_control = "no-cache";
	return queue_or_refuse(s, j, a);
}

/* /api/dashboards/uid/<uid>/variables and /plot: the work of a render
 * (Prometheus is asked), so a job; never cached as images are. */
static bool client_job(struct server *s, struct http_req *req, const struct route *r,
	struct http_answer *a)
{
	bool plot = r->kind == ROUTE_API_PLOT;
	struct job *j = dashboard_job(s, req, r, plot, a);
	if (!j)
		return false;
	if (plot && over_pixels(s, &j->params, true, a))
		goto refused;
	set_deadline(s, j);
	j->cache_control = "no-cache";
	return queue_or_refuse(s, j, a);
refused:
	j->req = NULL;
	job_free(j);
	return false;
}

/* true when the request went to the queue. */
static bool dispatch(struct server *s, struct http_req *req, const struct route *r,
	struct http_answer *a)
{
	switch (r->kind) {
	case ROUTE_RENDER_SOLO:
	case ROUTE_RENDER_DASH:
		return render_get(s, req, r, a);
	case ROUTE_API_RENDER:
		return render_post(s, req, a);
	case ROUTE_DASHBOARDS:
		answer_dashboards(s, a);
		return false;
	case ROUTE_DASHBOARD_UID:
		answer_dashboard(s, r->uid, a);
		return false;
	case ROUTE_HEALTH:
		answer_health(s, req, a);
		return false;
	case ROUTE_METRICS:
		answer_metrics(s, a);
		return false;
	case ROUTE_PAGE_LIST:
	case ROUTE_PAGE_DASH:
	case ROUTE_STATIC:
		answer_client(s, req, r, a);
		return false;
	case ROUTE_API_VARIABLES:
	case ROUTE_API_PLOT:
		return client_job(s, req, r, a);
	default:
		return false;
	}
}

void handle_request(void *ctx, struct http_req *req)
{
	struct server *s = ctx;
	struct http_answer a = { 0 };
	struct route r;
	route_match(req->path, &r);
	a.route = r.kind;
	char safe[256];
	header_safe(req->path, safe, sizeof safe);
	if (atomic_load(&s->draining)) {
		answer_error(&a, 503, NULL, "shutting down");
		a.retry_after = RETRY_AFTER_S;
		a.close = true;
	} else if (!auth_allows(s->auth, req->path, req->authorization)) {
		answer_error(&a, 401, NULL, "authentication required");
		a.www_authenticate = true;
	} else if (r.kind == ROUTE_NONE) {
		answer_error(&a, 404, NULL, "no such route: %s", safe);
	} else if (!route_allows(r.kind, req->method)) {
		answer_error(&a, 405, NULL, "%s %s: method not allowed (use %s)", req->method_name,
			safe, r.kind == ROUTE_API_RENDER ? "POST" : "GET");
	} else if (dispatch(s, req, &r, &a)) {
		return;
	}
	http_respond(s->h, req, &a);
}

/* ---- renders on a request thread -------------------------------------------- */

void job_free(struct job *j)
{
	if (!j)
		return;
	http_req_free(j->req);
	live_task_free(j->live);
	if (j->entry)
		catalog_release(j->entry);
	params_fini(&j->params);
	g_free(j->key);
	g_free(j);
}

static const char *content_type_of(enum render_format f)
{
	switch (f) {
	case FMT_SVG: return "image/svg+xml";
	case FMT_PDF: return "application/pdf";
	default: return "image/png";
	}
}

/* X-Cairn-Status from the report: error when any panel failed (its
 * message is the first failure's); nodata when no panel has data; partial
 * when some panel could not be drawn or a variable could not be resolved. */
static const char *status_of(const struct request_report *rep, char *msg, size_t size)
{
	size_t nodata = 0, other = 0;
	msg[0] = '\0';
	for (size_t i = 0; i < rep->n; i++) {
		const struct request_panel *p = &rep->panels[i];
		if (p->status == RESULT_ERROR) {
			char line[512];
			snprintf(line, sizeof line, "panel %d: %s", p->id, p->message);
			header_safe(line, msg, size);
			return "error";
		}
		nodata += p->status == RESULT_NODATA;
		other += p->status == RESULT_UNSUPPORTED;
	}
	if (rep->n && nodata == rep->n)
		return "nodata";
	if (other || (rep->warnings && rep->warnings[0])) {
		if (rep->warnings && rep->warnings[0])
			header_safe(rep->warnings[0], msg, size);
		return "partial";
	}
	return "ok";
}

static int status_for(const struct cairn_err *err)
{
	switch (err->code) {
	case CAIRN_EINVAL: return 400;
	case CAIRN_ELIMIT: return 413;
	case CAIRN_ETIMEOUT: return 504;
	case CAIRN_EUNSUPPORTED: return 400;
	default: return 502;
	}
}

static void render_failed(const struct cairn_err *err, struct http_answer *a)
{
	char pbuf[64];
	int status = status_for(err);
	const char *param = status == 400 ? param_of_message(err->msg, pbuf, sizeof pbuf) : NULL;
	answer_error(a, status, param, "%s", err->msg);
}

static struct cairn_dashboard *body_dashboard(struct job *j, struct cairn_err *err)
{
	if (!j->req->body || !j->req->body_len) {
		cairn_err_set(err, CAIRN_EINVAL, "body: a dashboard JSON is required");
		return NULL;
	}
	return dash_load_buffer((const char *)j->req->body, j->req->body_len, "body", err);
}

/* The request a job asks for, its parameters as parsed. */
static struct request job_request(const struct job *j, const struct cairn_dashboard *d)
{
	const struct render_params *p = &j->params;
	return (struct request){
		.dash = d,
		.panel_id = p->panel_id,
		.from = p->from,
		.to = p->to,
		.now = j->now,
		.width = p->width,
		.height = p->height,
		.scale = p->scale,
		.theme = p->theme_given ? p->theme : THEME_DARK,
		.format = p->format,
		.png_compression = p->compression,
		.timezone = p->tz,
		.vars = p->vars,
		.n_vars = p->n_vars,
		.limits = j->limits,
		.arrived = j->req->t0,
		.names = server_request_names(),
	};
}

static void run_render(struct server *s, struct job *j, const struct cairn_dashboard *d,
	struct http_answer *a)
{
	const struct render_params *p = &j->params;
	/* The queue's wait counts against the deadline (.arrived). */
	struct request r = job_request(j, d);
	struct render_out out = { 0 };
	struct request_report rep = { 0 };
	struct cairn_err err = { 0 };
	double t0 = mono_now();
	int rc = request_run(s->rctx, &r, &out, &rep, &err);
	const char *kind[] = { p->panel_id ? "panel" : "dashboard" };
	metric_observe(s->mx.render_duration, kind, mono_now() - t0);
	if (rc) {
		render_failed(&err, a);
		return;
	}
	char msg[256];
	const char *status = status_of(&rep, msg, sizeof msg);
	/* Only a whole answer is kept: a failure or a partial image (a panel or
	 * a variable the datasource failed) is asked for again next time. */
	bool failed = strcmp(status, "ok") != 0 && strcmp(status, "nodata") != 0;
	const struct img *im = img_new(out.bytes, out.len, content_type_of(p->format), status,
		j->expires);
	request_report_fini(&rep);
	if (j->key && !failed)
		imgcache_put(s->img, j->key, im);
	answer_from_img(im, j->req, failed ? "no-cache" : j->cache_control, a);
	g_strlcpy(a->cairn_error, msg, sizeof a->cairn_error);
	a->cache = j->key ? "miss" : NULL;
}

static const char *var_type_name(enum var_type t)
{
	static const char *const names[] = { "query", "custom", "constant", "textbox",
		"interval", "datasource", "adhoc", "other" };
	return (size_t)t < G_N_ELEMENTS(names) ? names[t] : "other";
}

static void append_strv(GString *b, char **v, size_t n)
{
	g_string_append_c(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			g_string_append_c(b, ',');
		json_append_str(b, v[i]);
	}
	g_string_append_c(b, ']');
}

static void append_variable(GString *b, const struct request_variable *rv,
	const struct request_variable *all)
{
	const struct cairn_variable *v = rv->v;
	g_string_append(b, "{\"name\":");
	json_append_str(b, v->name);
	g_string_append(b, ",\"label\":");
	json_append_str(b, v->label && *v->label ? v->label : v->name);
	g_string_append_printf(b, ",\"type\":\"%s\",\"hide\":%d,\"multi\":%s,"
		"\"includeAll\":%s,\"all\":%s,\"options\":", var_type_name(v->type), v->hide,
		v->multi ? "true" : "false", v->include_all ? "true" : "false",
		rv->all ? "true" : "false");
	append_strv(b, rv->options, rv->n_options);
	g_string_append(b, ",\"current\":");
	append_strv(b, rv->values, rv->n_values);
	g_string_append(b, ",\"dependsOn\":[");
	for (size_t i = 0; i < rv->n_depends; i++) {
		if (i)
			g_string_append_c(b, ',');
		json_append_str(b, all[rv->depends_on[i]].v->name);
	}
	g_string_append(b, "],\"warning\":");
	if (rv->warning)
		json_append_str(b, rv->warning);
	else
		g_string_append(b, "null");
	g_string_append_c(b, '}');
}

/* GET /api/dashboards/uid/<uid>/variables: each variable with its options
 * as the values given see them, what it depends on, for the dropdowns. */
static void run_variables(struct server *s, struct job *j, struct http_answer *a)
{
	struct request r = job_request(j, j->entry->dash);
	struct request_variable *vs;
	size_t n;
	struct cairn_err err = { 0 };
	if (request_variables(s->rctx, &r, &vs, &n, &err)) {
		render_failed(&err, a);
		return;
	}
	GString *b = g_string_new("{\"variables\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			g_string_append_c(b, ',');
		append_variable(b, &vs[i], vs);
	}
	g_string_append(b, "]}\n");
	request_variables_free(vs, n);
	size_t len = b->len;
	json_answer(a, 200, g_string_free(b, FALSE), len);
}

/* GET /api/dashboards/uid/<uid>/plot: where the time axis of a panel drawn
 * at this size lies in its image (drag-zoom and the crosshair map pixels to
 * time with it), and the range it covers.  One render (its queries come
 * from the query cache when the image was just drawn). */
static void run_plot(struct server *s, struct job *j, struct http_answer *a)
{
	struct request r = job_request(j, j->entry->dash);
	struct render_out out = { 0 };
	struct request_report rep = { 0 };
	struct cairn_err err = { 0 };
	if (request_run(s->rctx, &r, &out, &rep, &err)) {
		render_failed(&err, a);
		return;
	}
	free(out.bytes);
	const struct request_panel *p = rep.n ? &rep.panels[0] : NULL;
	GString *b = g_string_new("{");
	g_string_append_printf(b, "\"panel\":%d,\"width\":%d,\"height\":%d,"
		"\"from\":%.0f,\"to\":%.0f,\"status\":\"%s\",\"message\":",
		j->params.panel_id, rep.width, rep.height, rep.from * 1000, rep.to * 1000,
		p ? request_status_name(p->status) : "error");
	json_append_str(b, p ? p->message : "");
	if (p && p->plot.w > 0)
		g_string_append_printf(b, ",\"plot\":{\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,"
			"\"h\":%.2f}}\n", p->plot.x, p->plot.y, p->plot.w, p->plot.h);
	else
		g_string_append(b, ",\"plot\":null}\n");
	request_report_fini(&rep);
	size_t len = b->len;
	json_answer(a, 200, g_string_free(b, FALSE), len);
}

void handle_job(struct server *s, struct job *j)
{
	if (j->live) {
		struct live_task *t = j->live;
		j->live = NULL;
		job_free(j);
		live_task_run(t);
		return;
	}
	struct http_answer a = { .route = j->route };
	struct cairn_err err = { 0 };
	if (j->route == ROUTE_API_VARIABLES) {
		run_variables(s, j, &a);
	} else if (j->route == ROUTE_API_PLOT) {
		run_plot(s, j, &a);
	} else if (j->route == ROUTE_API_RENDER) {
		struct cairn_dashboard *d = body_dashboard(j, &err);
		if (!d) {
			answer_error(&a, 400, "body", "%s", err.msg);
		} else {
			if (j->params.panel_id && !has_panel(d, j->params.panel_id))
				answer_error(&a, 404, "panelId",
					"panelId: the dashboard has no panel with id %d",
					j->params.panel_id);
			else
				run_render(s, j, d, &a);
			dash_free(d);
		}
	} else {
		run_render(s, j, j->entry->dash, &a);
	}
	if (j->key)
		land_flight(s, j->key, &a);
	struct http_req *req = j->req;
	j->req = NULL;
	job_free(j);
	http_respond(s->h, req, &a);
}
