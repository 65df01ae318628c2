/*
 * server.c — cairn serve's lifecycle: builds the request context, caches,
 * catalog, metrics and the HTTP service from the configuration; runs the
 * request threads (a bounded queue) and the housekeeping thread (dashboard
 * rescans, datasource checks, wake-ups while draining); stops gracefully
 * and reloads on request.
 *
 * What each route answers is handle.c's; sockets are http.c's.
 */
#include "server/server.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/accesslog.h"
#include "server/state.h"

#define KEEPER_TICK_S 0.25
#define HEALTH_IDLE_S 60.0   /* datasources are checked while /api/health is asked */

static const struct request_names server_names = {
	.from = "from", .to = "to", .panel = "panelId", .data = "data", .var = "var",
};

/* ---- metrics ------------------------------------------------------------ */

static void register_metrics(struct server *s)
{
	static const char *const route_code[] = { "route", "code", NULL };
	static const char *const route[] = { "route", NULL };
	static const char *const kind[] = { "kind", NULL };
	static const char *const ds[] = { "datasource", NULL };
	static const char *const version[] = { "version", NULL };
	metrics *m = s->m;
	struct server_metrics *x = &s->mx;
	x->requests = metrics_add(m, "cairn_http_requests_total", "HTTP requests by route and status code.",
		METRIC_COUNTER, route_code, NULL, 0);
	x->req_duration = metrics_add(m, "cairn_http_request_duration_seconds",
		"Time from request to the last byte handed to the socket.", METRIC_HISTOGRAM, route,
		NULL, 0);
	x->resp_bytes = metrics_add(m, "cairn_http_response_bytes_total", "Response body bytes sent.",
		METRIC_COUNTER, route, NULL, 0);
	x->render_duration = metrics_add(m, "cairn_render_duration_seconds",
		"Render requests run by the request threads, queries included.", METRIC_HISTOGRAM,
		kind, NULL, 0);
	x->query_duration = metrics_add(m, "cairn_query_duration_seconds",
		"HTTP requests to a datasource.", METRIC_HISTOGRAM, ds, NULL, 0);
	x->ds_errors = metrics_add(m, "cairn_datasource_errors_total",
		"Datasource requests that failed.", METRIC_COUNTER, ds, NULL, 0);
	x->qc_hits = metrics_add(m, "cairn_query_cache_hits_total",
		"Queries answered wholly from the query cache.", METRIC_COUNTER, NULL, NULL, 0);
	x->qc_misses = metrics_add(m, "cairn_query_cache_misses_total",
		"Queries sent whole to the datasource.", METRIC_COUNTER, NULL, NULL, 0);
	x->qc_coalesced = metrics_add(m, "cairn_query_cache_coalesced_total",
		"Queries that waited on an identical query in flight.", METRIC_COUNTER, NULL, NULL, 0);
	x->qc_incremental = metrics_add(m, "cairn_query_cache_incremental_total",
		"Queries sent for their new tail only.", METRIC_COUNTER, NULL, NULL, 0);
	x->qc_bytes = metrics_add(m, "cairn_query_cache_bytes", "Bytes kept by the query cache.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->qc_entries = metrics_add(m, "cairn_query_cache_entries", "Answers kept by the query cache.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->img_hits = metrics_add(m, "cairn_image_cache_hits_total", "Images answered from memory.",
		METRIC_COUNTER, NULL, NULL, 0);
	x->img_misses = metrics_add(m, "cairn_image_cache_misses_total", "Images rendered.",
		METRIC_COUNTER, NULL, NULL, 0);
	x->img_bytes = metrics_add(m, "cairn_image_cache_bytes", "Bytes kept by the image cache.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->queue_depth = metrics_add(m, "cairn_queue_depth", "Requests waiting for a request thread.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->in_flight = metrics_add(m, "cairn_requests_in_flight",
		"Requests received and not yet answered.", METRIC_GAUGE, NULL, NULL, 0);
	x->dash_loaded = metrics_add(m, "cairn_dashboards_loaded", "Dashboards served.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->dash_failed = metrics_add(m, "cairn_dashboards_failed", "Dashboard files that do not load.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->live_conns = metrics_add(m, "cairn_live_connections", "WebSocket connections on /ws.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->live_views = metrics_add(m, "cairn_live_views",
		"Live views (a view nobody watches is kept 30 s without queries).", METRIC_GAUGE,
		NULL, NULL, 0);
	x->live_viewers = metrics_add(m, "cairn_live_viewers", "Subscriptions to live views.",
		METRIC_GAUGE, NULL, NULL, 0);
	x->live_renders = metrics_add(m, "cairn_live_renders_total",
		"Panels of live views drawn (once per panel per refresh, however many watch).",
		METRIC_COUNTER, NULL, NULL, 0);
	x->live_frames = metrics_add(m, "cairn_live_frames_total",
		"Frames queued to viewers (a newer one may replace one not yet sent).",
		METRIC_COUNTER, NULL, NULL, 0);
	x->live_unchanged = metrics_add(m, "cairn_live_unchanged_total",
		"Live panel renders whose picture had not changed (nothing sent).", METRIC_COUNTER,
		NULL, NULL, 0);
	x->live_replaced = metrics_add(m, "cairn_live_frames_replaced_total",
		"Frames replaced by a newer one of the same panel before they were sent (slow "
		"readers).", METRIC_COUNTER, NULL, NULL, 0);
	x->build_info = metrics_add(m, "cairn_build_info", "cairn's version.", METRIC_GAUGE, version,
		NULL, 0);
	const char *v[] = { CAIRN_VERSION };
	metric_set(x->build_info, v, 1);
}

static void observe_query(void *ctx, const char *datasource, double seconds, bool failed)
{
	struct server *s = ctx;
	const char *v[] = { datasource ? datasource : "prometheus" };
	metric_observe(s->mx.query_duration, v, seconds);
	if (failed)
		metric_add(s->mx.ds_errors, v, 1);
}

/* ---- the queue ---------------------------------------------------------- */

bool server_enqueue(struct server *s, struct job *j)
{
	pthread_mutex_lock(&s->qlock);
	bool ok = s->queue.length < s->queue_max;
	if (ok) {
		g_queue_push_tail(&s->queue, j);
		pthread_cond_signal(&s->qcond);
	}
	size_t depth = s->queue.length;
	pthread_mutex_unlock(&s->qlock);
	metric_set(s->mx.queue_depth, NULL, (double)depth);
	return ok;
}

size_t server_queue_room(struct server *s)
{
	pthread_mutex_lock(&s->qlock);
	size_t n = s->queue.length;
	pthread_mutex_unlock(&s->qlock);
	return n < s->queue_max ? s->queue_max - n : 0;
}

static void *worker_main(void *arg)
{
	struct server *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->qlock);
		while (!s->workers_stop && s->queue.length == 0)
			pthread_cond_wait(&s->qcond, &s->qlock);
		struct job *j = g_queue_pop_head(&s->queue);
		pthread_mutex_unlock(&s->qlock);
		if (!j)
			return NULL;   /* stopping, and nothing left */
		atomic_fetch_add(&s->in_flight, 1);
		handle_job(s, j);
		atomic_fetch_sub(&s->in_flight, 1);
	}
}

static void start_workers(struct server *s, int n)
{
	s->workers = g_new0(pthread_t, (size_t)n);
	for (int i = 0; i < n; i++) {
		if (pthread_create(&s->workers[i], NULL, worker_main, s) != 0)
			g_error("cairn serve: cannot start request thread %d", i);
		s->n_workers++;
	}
}

/* Workers finish what is queued, then stop. */
static void stop_workers(struct server *s)
{
	pthread_mutex_lock(&s->qlock);
	s->workers_stop = true;
	pthread_cond_broadcast(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
	for (int i = 0; i < s->n_workers; i++)
		pthread_join(s->workers[i], NULL);
	s->n_workers = 0;
	g_free(s->workers);
	s->workers = NULL;
}

/* ---- housekeeping -------------------------------------------------------- */

static void log_line(void *ctx, const char *line)
{
	struct server *s = ctx;
	accesslog_event((enum srv_log_format)atomic_load(&s->log_format), "info", "%s", line);
}

static void rescan(struct server *s)
{
	catalog_rescan(s->cat, log_line, s);
	struct catalog_list l;
	catalog_list(s->cat, &l);
	atomic_store(&s->dash_loaded, l.n);
	atomic_store(&s->dash_failed, l.n_failed);
	catalog_list_free(&l);
}

/* One cheap request to the datasource: an instant query of a constant. */
static void check_datasource(struct ds_health *d)
{
	bool ok = true;
	char msg[256] = "";
	if (!prom_is_testdata(d->client)) {
		struct cairn_limits lim;
		limits_default(&lim);
		lim.deadline_s = HEALTH_TIMEOUT_S;
		struct budget b;
		budget_init(&b, &lim);
		struct prom_query q = { .expr = "vector(1)", .ref_id = "health", .instant = true,
			.end = floor((double)time(NULL)), .step = 1 };
		q.start = q.end;
		struct cairn_result r;
		result_init(&r);
		struct cairn_err err = { 0 };
		if (prom_query_batch(d->client, &q, 1, &r, 1, &b, &err)) {
			ok = false;
			g_strlcpy(msg, err.msg, sizeof msg);
		} else if (r.status == RESULT_ERROR) {
			ok = false;
			g_strlcpy(msg, r.message, sizeof msg);
		}
		result_fini(&r);
	}
	d->reachable = ok;
	d->checked = true;
	g_strlcpy(d->message, msg, sizeof d->message);
	d->checked_at = mono_now();
}

static void check_health(struct server *s, bool force)
{
	for (size_t i = 0; i < s->n_health; i++) {
		pthread_mutex_lock(&s->hlock);
		bool due = force || !s->health[i].checked ||
			mono_now() - s->health[i].checked_at > HEALTH_TTL_S;
		pthread_mutex_unlock(&s->hlock);
		if (!due)
			continue;
		struct ds_health d = s->health[i];
		check_datasource(&d);
		pthread_mutex_lock(&s->hlock);
		s->health[i] = d;
		pthread_mutex_unlock(&s->hlock);
	}
}

static void *keeper_main(void *arg)
{
	struct server *s = arg;
	double next_scan = mono_now() + s->cfg->reload_interval_s;
	double health_asked = mono_now();   /* one check at start */
	pthread_mutex_lock(&s->klock);
	while (!s->keeper_stop) {
		bool scan = s->rescan_now || mono_now() >= next_scan;
		s->rescan_now = false;
		pthread_mutex_unlock(&s->klock);
		if (scan) {
			rescan(s);
			next_scan = mono_now() + fmax(s->cfg->reload_interval_s, 0.1);
		}
		if (atomic_exchange(&s->health_wanted, false))
			health_asked = mono_now();
		if (mono_now() - health_asked < HEALTH_IDLE_S)
			check_health(s, false);
		if (atomic_load(&s->draining) || atomic_load(&s->stop))
			http_wake(s->h);
		pthread_mutex_lock(&s->klock);
		if (s->keeper_stop || s->rescan_now)
			continue;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		long ns = ts.tv_nsec + (long)(KEEPER_TICK_S * 1e9);
		ts.tv_sec += ns / 1000000000L;
		ts.tv_nsec = ns % 1000000000L;
		pthread_cond_timedwait(&s->kcond, &s->klock, &ts);
	}
	pthread_mutex_unlock(&s->klock);
	return NULL;
}

static void keeper_stop(struct server *s)
{
	if (!s->keeper_started)
		return;
	pthread_mutex_lock(&s->klock);
	s->keeper_stop = true;
	pthread_cond_signal(&s->kcond);
	pthread_mutex_unlock(&s->klock);
	pthread_join(s->keeper, NULL);
	s->keeper_started = false;
}

static void json_kv_str(GString *b, const char *k, const char *v)
{
	json_append_str(b, k);
	g_string_append_c(b, ':');
	json_append_str(b, v);
}

char *server_health_json(struct server *s, bool detailed, size_t *len)
{
	atomic_store(&s->health_wanted, true);
	GString *b = g_string_new("{");
	json_kv_str(b, "version", CAIRN_VERSION);
	struct catalog_list l;
	catalog_list(s->cat, &l);
	g_string_append_printf(b, ",\"dashboards\":{\"loaded\":%zu,\"failed_count\":%zu", l.n,
		l.n_failed);
	if (detailed) {
		g_string_append(b, ",\"failed\":[");
		for (size_t i = 0; i < l.n_failed; i++) {
			g_string_append(b, i ? ",{" : "{");
			json_kv_str(b, "path", l.failed[i].path);
			g_string_append_c(b, ',');
			json_kv_str(b, "message", l.failed[i].message);
			g_string_append_c(b, '}');
		}
		g_string_append_c(b, ']');
	}
	catalog_list_free(&l);
	g_string_append(b, "},\"datasources\":[");
	bool all_ok = true;
	pthread_mutex_lock(&s->hlock);
	for (size_t i = 0; i < s->n_health; i++) {
		const struct ds_health *d = &s->health[i];
		g_string_append(b, i ? ",{" : "{");
		json_kv_str(b, "name", d->name);
		g_string_append_printf(b, ",\"reachable\":%s", !d->checked ? "null" :
			d->reachable ? "true" : "false");
		if (detailed && d->message[0]) {
			g_string_append_c(b, ',');
			json_kv_str(b, "message", d->message);
		}
		if (d->checked)
			g_string_append_printf(b, ",\"checked_seconds_ago\":%.1f",
				mono_now() - d->checked_at);
		g_string_append_c(b, '}');
		all_ok = all_ok && (!d->checked || d->reachable);
	}
	pthread_mutex_unlock(&s->hlock);
	g_string_append(b, "],");
	json_kv_str(b, "status", all_ok ? "ok" : "degraded");
	g_string_append(b, "}\n");
	*len = b->len;
	return g_string_free(b, FALSE);
}

/* ---- http callbacks ------------------------------------------------------- */

static void on_done(void *ctx, const struct http_req *req, const struct http_answer *a,
	size_t bytes)
{
	struct server *s = ctx;
	double secs = mono_now() - req->t0;
	char code[8];
	snprintf(code, sizeof code, "%d", a->not_modified ? 304 : a->status);
	const char *rc[] = { route_name(a->route), code };
	const char *r[] = { route_name(a->route) };
	metric_add(s->mx.requests, rc, 1);
	metric_observe(s->mx.req_duration, r, secs);
	metric_add(s->mx.resp_bytes, r, (double)bytes);
	struct access_entry e = {
		.method = req->method_name,
		.path = req->target,
		.status = a->not_modified ? 304 : a->status,
		.bytes = bytes,
		.ms = secs * 1000,
		.cache = a->cache,
		.render_status = a->cairn_status[0] ? a->cairn_status : NULL,
		.remote = req->remote,
	};
	accesslog_request((enum srv_log_format)atomic_load(&s->log_format), &e);
}

static void apply_live(struct server *s, const struct srv_config *c)
{
	auth_free(s->auth);
	s->auth = auth_new(c);
	s->limits = c->limits;
	s->live_limits = c->live;
	s->image_ttl_s = c->image_ttl_s;   /* 0: images of now-relative ranges not kept */
	atomic_store(&s->log_format, (int)c->log_format);
}

static void do_reload(struct server *s)
{
	enum srv_log_format f = (enum srv_log_format)atomic_load(&s->log_format);
	if (s->reconfig) {
		struct srv_config *c = g_new0(struct srv_config, 1);
		struct cairn_err err = { 0 };
		if (s->reconfig(s->reconfig_ctx, c, &err)) {
			accesslog_event(f, "error", "reload: %s (the running configuration stays)",
				err.msg);
			srv_config_fini(c);   /* whatever fn left (fini twice is harmless) */
			g_free(c);
		} else {
			apply_live(s, c);
			accesslog_event(f, "info", "reload: configuration read (auth, limits, image "
				"TTL and log format now; listen address, TLS, workers, queue, datasources "
				"and dashboards folders at a restart)");
			if (s->cfg_owned) {
				srv_config_fini(s->cfg_owned);
				g_free(s->cfg_owned);
			}
			s->cfg_owned = c;
		}
	}
	pthread_mutex_lock(&s->klock);
	s->rescan_now = true;
	pthread_cond_signal(&s->kcond);
	pthread_mutex_unlock(&s->klock);
}

static void on_wake(void *ctx)
{
	struct server *s = ctx;
	if (atomic_exchange(&s->reload, false))
		do_reload(s);
	live_on_wake(s->live);
}

/* ---- building it ------------------------------------------------------------ */

static void build_datasources(struct server *s, const struct srv_config *c)
{
	s->n_ds = c->n_datasources;
	s->ds = g_new0(struct request_datasource, s->n_ds ? s->n_ds : 1);
	s->health = g_new0(struct ds_health, s->n_ds ? s->n_ds : 1);
	for (size_t i = 0; i < s->n_ds; i++) {
		const struct srv_datasource *d = &c->datasources[i];
		struct prom_header *hs = g_new0(struct prom_header, d->n_headers ? d->n_headers : 1);
		for (size_t k = 0; k < d->n_headers; k++)
			hs[k] = (struct prom_header){ d->headers[k].name, d->headers[k].value };
		s->ds[i] = (struct request_datasource){
			.name = d->name,
			.uid = d->uid,
			.references = (const char *const *)d->references,
			.n_references = d->n_references,
			.prom = {
				.url = d->url,
				.timeout_s = d->timeout_s,
				.name = d->name,
				.username = d->username,
				.password = d->password,
				.bearer_token = d->bearer_token,
				.ca_file = d->ca_file,
				.headers = hs,
				.n_headers = d->n_headers,
				.cache = s->qcache,
				.observe = observe_query,
				.observe_ctx = s,
			},
		};
	}
}

static size_t default_datasource(const struct srv_config *c)
{
	for (size_t i = 0; i < c->n_datasources; i++)
		if (c->datasources[i].is_default)
			return i;
	return 0;
}

static int build_health(struct server *s, struct cairn_err *err)
{
	for (size_t i = 0; i < s->n_ds; i++) {
		struct prom_config pc = s->ds[i].prom;
		pc.cache = NULL;
		pc.observe = NULL;
		pc.timeout_s = HEALTH_TIMEOUT_S;
		s->health[i].name = g_strdup(s->ds[i].name);
		s->health[i].client = prom_new(&pc, err);
		s->n_health = i + 1;
		if (!s->health[i].client) {
			cairn_err_prefix(err, "datasource %s", s->ds[i].name);
			return CAIRN_EINVAL;
		}
	}
	return 0;
}

static int build_request_ctx(struct server *s, const struct srv_config *c, struct cairn_err *err)
{
	if (c->query_cache_bytes > 0)
		s->qcache = prom_cache_new(&(struct prom_cache_config){
			.max_bytes = c->query_cache_bytes,
			/* prom_cache's 0 is its default; "never" is negative */
			.fresh_s = c->query_fresh_s > 0 ? c->query_fresh_s : -1 });
	build_datasources(s, c);
	if (!s->n_ds)
		return cairn_err_set(err, CAIRN_EINVAL,
			"no datasource: give --prometheus URL or datasources in --config");
	size_t def = default_datasource(c);
	struct request_ctx_config rc = {
		.fonts_dir = c->fonts_dir ? c->fonts_dir : CAIRN_FONTS_DIR,
		.datasource = s->ds[def].prom,
		.datasources = s->ds,
		.n_datasources = s->n_ds,
		.default_datasource = def,
		.datasource_param = "datasource",
	};
	s->rctx = request_ctx_new(&rc, err);
	if (!s->rctx)
		return err->code ? err->code : CAIRN_EINVAL;
	return build_health(s, err);
}

static int default_workers(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int n = (int)(cores > 0 ? cores : 1) * 2;
	return n < 4 ? 4 : n;
}

static int build_http(struct server *s, const struct srv_config *c, struct cairn_err *err)
{
	double deadline = c->limits.deadline_s > 0 ? c->limits.deadline_s : CAIRN_DEFAULT_DEADLINE_S;
	struct http_config hc = {
		.host = c->listen_host,
		.port = c->listen_port,
		.tls_cert = c->tls_cert,
		.tls_key = c->tls_key,
		.max_header_bytes = c->max_header_bytes ? c->max_header_bytes : 8192,
		.max_body_bytes = c->max_body_bytes ? c->max_body_bytes : (4u << 20),
		.request_timeout_s = deadline + c->shutdown_grace_s,
		.log_format = (int)c->log_format,
		.on_request = handle_request,
		.on_wake = on_wake,
		.on_done = on_done,
		.ctx = s,
		.ws_allow = live_ws_allow,
		.ws_open = live_ws_open,
		.ws_text = live_ws_text,
		.ws_close = live_ws_close,
		.ws_max_message = c->live.max_message_bytes,
		.ws_ping_s = c->live.ping_s,
	};
	s->h = http_new(&hc, err);
	return s->h ? 0 : err->code;
}

server *server_new(const struct srv_config *cfg, struct cairn_err *err)
{
	struct server *s = g_new0(struct server, 1);
	s->cfg = cfg;
	pthread_mutex_init(&s->qlock, NULL);
	pthread_mutex_init(&s->flock, NULL);
	s->flights = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	pthread_cond_init(&s->qcond, NULL);
	pthread_mutex_init(&s->klock, NULL);
	pthread_cond_init(&s->kcond, NULL);
	pthread_mutex_init(&s->hlock, NULL);
	g_queue_init(&s->queue);
	s->queue_max = cfg->queue_max ? cfg->queue_max : 256;
	s->m = metrics_new();
	register_metrics(s);
	s->img = imgcache_new(cfg->image_cache_bytes);
	s->live = live_new(s);
	apply_live(s, cfg);
	if (build_request_ctx(s, cfg, err))
		goto fail;
	s->cat = catalog_new((const char *const *)cfg->dashboard_dirs, cfg->n_dashboard_dirs);
	rescan(s);
	if (build_http(s, cfg, err))
		goto fail;
	if (!cfg->listen_host || !*cfg->listen_host)
		accesslog_event(cfg->log_format, "warn", "listening on every interface (port %d): "
			"whoever reaches this machine can ask%s", server_port(s),
			srv_config_has_auth(cfg) ? "" : ", and no auth is configured");
	start_workers(s, cfg->workers > 0 ? cfg->workers : default_workers());
	if (pthread_create(&s->keeper, NULL, keeper_main, s) != 0)
		g_error("cairn serve: cannot start the housekeeping thread");
	s->keeper_started = true;
	return s;
fail:
	server_free(s);
	return NULL;
}

void server_set_reconfig(server *s, server_reconfig_fn fn, void *ctx)
{
	s->reconfig = fn;
	s->reconfig_ctx = ctx;
}

int server_port(const server *s)
{
	return http_port(s->h);
}

void server_stop(server *s)
{
	atomic_store(&s->stop, true);
	http_wake(s->h);
}

void server_reload(server *s)
{
	atomic_store(&s->reload, true);
	http_wake(s->h);
}

size_t server_in_flight(const server *s)
{
	return http_pending(s->h);
}

int server_run(server *s)
{
	while (!atomic_load(&s->stop))
		if (http_service(s->h) < 0)
			break;
	/* Draining: the listening socket is closed (http_drain: new connections
	 * are refused), a request on a kept-alive connection gets 503 and its
	 * connection closed, those in flight finish within the grace. */
	atomic_store(&s->draining, true);
	double grace = s->cfg->shutdown_grace_s > 0 ? s->cfg->shutdown_grace_s : 10;
	double until = mono_now() + grace;
	enum srv_log_format f = (enum srv_log_format)atomic_load(&s->log_format);
	accesslog_event(f, "info", "stopping: %zu request(s) in flight, waiting up to %.1f s",
		http_pending(s->h), grace);
	/* Until every answer has left and its connection closed: an answer
	 * still in lws' buffers when the loop stops would never be sent. */
	http_drain(s->h);
	while ((http_pending(s->h) > 0 || http_connections(s->h) > 0) && mono_now() < until)
		if (http_service(s->h) < 0)
			break;
	if (http_pending(s->h) > 0)
		accesslog_event(f, "warn", "stopping: %zu request(s) still in flight after the grace",
			http_pending(s->h));
	return 0;
}

static void free_jobs(struct server *s)
{
	struct job *j;
	while ((j = g_queue_pop_head(&s->queue)))
		job_free(j);
}

void server_free(server *s)
{
	if (!s)
		return;
	keeper_stop(s);
	/* Queued work that never started is dropped: its connections go with
	 * the context below. */
	pthread_mutex_lock(&s->qlock);
	free_jobs(s);
	pthread_mutex_unlock(&s->qlock);
	stop_workers(s);
	http_free(s->h);
	live_free(s->live);
	for (size_t i = 0; i < s->n_health; i++) {
		prom_free(s->health[i].client);
		g_free(s->health[i].name);
	}
	g_free(s->health);
	request_ctx_free(s->rctx);
	for (size_t i = 0; i < s->n_ds; i++)
		g_free((void *)s->ds[i].prom.headers);
	g_free(s->ds);
	prom_cache_free(s->qcache);
	catalog_free(s->cat);
	imgcache_free(s->img);
	metrics_free(s->m);
	auth_free(s->auth);
	if (s->cfg_owned) {
		srv_config_fini(s->cfg_owned);
		g_free(s->cfg_owned);
	}
	pthread_mutex_destroy(&s->qlock);
	/* Requests still waiting on an image no worker will draw (a stop
	 * before their job ran): their connections went with the context. */
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, s->flights);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		GPtrArray *waiting = v;
		for (guint i = 0; i < waiting->len; i++)
			http_req_free(waiting->pdata[i]);
		g_ptr_array_free(waiting, TRUE);
	}
	g_hash_table_destroy(s->flights);
	pthread_mutex_destroy(&s->flock);
	pthread_cond_destroy(&s->qcond);
	pthread_mutex_destroy(&s->klock);
	pthread_cond_destroy(&s->kcond);
	pthread_mutex_destroy(&s->hlock);
	g_free(s);
}

const struct request_names *server_request_names(void)
{
	return &server_names;
}
