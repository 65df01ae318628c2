/*
 * live.c — the live views of /ws: who watches what, each view's refresh
 * timer, its panels' latest pictures, and the fan-out of a changed picture
 * to every viewer.  A view's panels are drawn by request threads (one job
 * per panel, request_run as for /render/d-solo); their results come back
 * here through a locked list.  Sockets are http.c's (keyed slots: a slow
 * client holds at most one frame per panel); messages are liveproto.c's.
 *
 * Bounds: views per connection, panels per view, views in all, connections
 * per address (srv_live_limits); a view never has more than one refresh in
 * flight (a slow datasource skips ticks rather than piling them up); a view
 * nobody watches stops at once and is forgotten after LINGER_S.
 */
#include "server/live.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/lwssym.h"

#include "dashboards/timerange.h"
#include "server/liveproto.h"
#include "server/livedata.h"
#include "server/state.h"

/* A view nobody watches keeps its pictures this long, so a viewer who
 * reconnects gets them at once; no query is sent for it meanwhile. */
#define LINGER_S 30.0
/* A refresh that could not be queued (the queue was full) is tried again
 * after this long. */
#define RETRY_S 1.0

/* The immutable description of a view, shared by the view and its tasks. */
struct spec {
	gint refs;
	struct live_msg m;          /* the subscribe that made it (its view name unused) */
};

/* One panel's latest picture. */
struct frame {
	const struct img *img;      /* NULL until the first render */
	uint64_t seq;
	char status[16];
	char error[300];
	livedata *data;             /* what it was drawn from, for "values" */
};

struct view {
	live *l;
	uint64_t id;
	char *key;
	struct spec *spec;
	struct frame *frames;       /* one per spec->m.panels */
	GHashTable *subs;           /* conn id (uint64_t *) → the client's view name */
	double refresh_s;           /* clamped; 0 = frames once */
	double next_due;            /* mono seconds; 0 = nothing due */
	double idle_since;          /* mono seconds nobody has watched since; 0 = watched */
	size_t in_flight;           /* panel jobs queued or running */
	bool rendered;              /* a whole refresh has come back */
	bool status_sent, ds_ok;
	char ds_msg[300];
	double started;             /* mono seconds the refresh in flight started */
};

/* A WebSocket connection's subscriptions. */
struct lconn {
	uint64_t id;
	char remote[64];
	GHashTable *views;          /* the client's view name → uint64_t * view id */
};

struct live_task {
	live *l;
	uint64_t view_id;
	size_t panel;               /* index into spec->m.panels */
	struct spec *spec;
	const struct catalog_entry *entry;
	struct cairn_limits limits;
	double now, arrived;
};

struct live_result {
	uint64_t view_id;
	size_t panel;
	const struct img *img;      /* NULL: no picture (the request failed) */
	char status[16];
	char error[300];
	livedata *data;
};

struct live {
	struct server *s;
	GHashTable *by_key;         /* key → struct view * (owned) */
	GHashTable *by_id;          /* uint64_t * → struct view * */
	GHashTable *conns;          /* uint64_t * → struct lconn * (owned) */
	GHashTable *per_addr;       /* remote → count (GUINT_TO_POINTER) */
	uint64_t next_id;
	pthread_mutex_t lock;       /* guards done */
	GQueue done;                /* struct live_result * from request threads */
	_Atomic uint64_t renders;
	uint64_t frames_sent, frames_unchanged;
	size_t bytes;               /* of every view's pictures kept */
};

static struct spec *spec_ref(struct spec *sp)
{
	g_atomic_int_inc(&sp->refs);
	return sp;
}

static void spec_unref(struct spec *sp)
{
	if (sp && g_atomic_int_dec_and_test(&sp->refs)) {
		liveproto_fini(&sp->m);
		g_free(sp);
	}
}

static void result_free(struct live_result *r)
{
	if (r->img)
		img_unref(r->img);
	livedata_free(r->data);
	g_free(r);
}

/* ---- sending ------------------------------------------------------------- */

static void send_text(live *l, uint64_t conn, char *text, size_t len)
{
	http_ws_text(l->s->h, conn, text, len);
	g_free(text);
}

static void send_error(live *l, uint64_t conn, const char *view, const char *msg)
{
	size_t len;
	char *t = liveproto_error(view, msg, &len);
	send_text(l, conn, t, len);
}

static void send_frame(live *l, uint64_t conn, const char *name, const struct view *v,
	size_t i)
{
	const struct frame *f = &v->frames[i];
	int panel = v->spec->m.panels[i].id;
	size_t len;
	char *t = liveproto_frame(name, panel, f->seq, f->status, f->error, f->img->len, &len);
	char key[LIVE_VIEW_NAME_MAX + 24];
	snprintf(key, sizeof key, "%s\n%d", name, panel);
	http_ws_frame(l->s->h, conn, key, t, len, f->img);
	g_free(t);
	l->frames_sent++;
}

static void send_status(live *l, uint64_t conn, const char *name, const struct view *v)
{
	size_t len;
	char *t = liveproto_status(name, v->ds_ok, v->ds_msg, &len);
	send_text(l, conn, t, len);
}

/* Everything a new viewer needs at once: the pictures kept and the status. */
static void send_current(live *l, uint64_t conn, const char *name, const struct view *v)
{
	for (size_t i = 0; i < v->spec->m.n_panels; i++)
		if (v->frames[i].img)
			send_frame(l, conn, name, v, i);
	if (v->status_sent)
		send_status(l, conn, name, v);
}

/* ---- views ----------------------------------------------------------------- */

static void view_free(struct view *v)
{
	for (size_t i = 0; i < v->spec->m.n_panels; i++) {
		if (v->frames[i].img) {
			v->l->bytes -= v->frames[i].img->len;
			img_unref(v->frames[i].img);
		}
		livedata_free(v->frames[i].data);
	}
	g_free(v->frames);
	g_hash_table_destroy(v->subs);
	spec_unref(v->spec);
	g_free(v->key);
	g_free(v);
}

static void view_drop(live *l, struct view *v)
{
	g_hash_table_remove(l->by_id, &v->id);
	g_hash_table_remove(l->by_key, v->key);   /* frees it */
}

/* The view nobody has watched longest, to make room; NULL when every view
 * is watched. */
static struct view *oldest_idle(live *l)
{
	struct view *best = NULL;
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, l->by_key);
	while (g_hash_table_iter_next(&it, &k, &val)) {
		struct view *v = val;
		if (v->idle_since > 0 && (!best || v->idle_since < best->idle_since))
			best = v;
	}
	return best;
}

static struct view *view_new(live *l, char *key, struct live_msg *m, double refresh_s)
{
	struct view *v = g_new0(struct view, 1);
	v->l = l;
	v->id = ++l->next_id;
	v->key = key;
	v->spec = g_new0(struct spec, 1);
	v->spec->refs = 1;
	v->spec->m = *m;
	memset(m, 0, sizeof *m);
	v->frames = g_new0(struct frame, v->spec->m.n_panels);
	v->subs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	v->refresh_s = refresh_s;
	v->next_due = mono_now();
	v->ds_ok = true;
	g_hash_table_insert(l->by_key, v->key, v);
	g_hash_table_insert(l->by_id, &v->id, v);
	return v;
}

static void unwatch(live *l, struct view *v, uint64_t conn)
{
	g_hash_table_remove(v->subs, &conn);
	if (g_hash_table_size(v->subs))
		return;
	/* Nobody watches: no more queries; the pictures stay a while. */
	v->idle_since = mono_now();
	v->next_due = 0;
}

/* ---- refreshes --------------------------------------------------------------- */

static struct live_task *task_new(live *l, struct view *v, size_t i,
	const struct catalog_entry *e, double now)
{
	struct live_task *t = g_new0(struct live_task, 1);
	t->l = l;
	t->view_id = v->id;
	t->panel = i;
	t->spec = spec_ref(v->spec);
	t->entry = catalog_get(l->s->cat, e->uid);
	t->limits = l->s->limits;
	if (!(t->limits.deadline_s > 0))
		t->limits.deadline_s = CAIRN_DEFAULT_DEADLINE_S;
	t->now = now;
	t->arrived = mono_now();
	return t;
}

void live_task_free(struct live_task *t)
{
	if (!t)
		return;
	if (t->entry)
		catalog_release(t->entry);
	spec_unref(t->spec);
	g_free(t);
}

/* The dashboard went away (a reload): every viewer is told. */
static void view_gone(live *l, struct view *v)
{
	char msg[200];
	snprintf(msg, sizeof msg, "dashboard \"%s\" is no longer served",
		v->spec->m.dashboard);
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, v->subs);
	while (g_hash_table_iter_next(&it, &k, &val))
		send_error(l, *(uint64_t *)k, val, msg);
	v->next_due = 0;
}

static void refresh(live *l, struct view *v)
{
	double t0 = mono_now();
	/* Live views fill at most half the queue (or an empty one): requests
	 * to /render keep the rest, however many views there are. */
	size_t n = v->spec->m.n_panels, room = server_queue_room(l->s);
	size_t used = l->s->queue_max - room;
	if (n > room || (used > 0 && used + n > l->s->queue_max / 2)) {
		v->next_due = t0 + RETRY_S;
		return;
	}
	const struct catalog_entry *e = catalog_get(l->s->cat, v->spec->m.dashboard);
	if (!e) {
		view_gone(l, v);
		return;
	}
	double now = (double)time(NULL);
	size_t queued = 0;
	for (size_t i = 0; i < v->spec->m.n_panels; i++) {
		struct job *j = g_new0(struct job, 1);
		j->live = task_new(l, v, i, e, now);
		if (!server_enqueue(l->s, j)) {
			job_free(j);
			break;
		}
		queued++;
	}
	catalog_release(e);
	v->in_flight += queued;
	v->started = t0;
	if (queued < v->spec->m.n_panels)
		v->next_due = t0 + RETRY_S;   /* the rest next time round */
	else
		v->next_due = v->refresh_s > 0 ? t0 + v->refresh_s : 0;
}

/* X-Cairn-Status of one panel's render, from its report. */
static const char *panel_status(const struct request_report *rep, char *msg, size_t size)
{
	msg[0] = '\0';
	if (rep->n == 0)
		return "error";
	const struct request_panel *p = &rep->panels[0];
	if (p->status == RESULT_ERROR || p->status == RESULT_UNSUPPORTED)
		g_strlcpy(msg, p->message, size);
	return request_status_name(p->status);
}

static void post(live *l, struct live_result *r)
{
	pthread_mutex_lock(&l->lock);
	g_queue_push_tail(&l->done, r);
	pthread_mutex_unlock(&l->lock);
	http_wake(l->s->h);
}

void live_task_run(struct live_task *t)
{
	live *l = t->l;
	const struct live_msg *m = &t->spec->m;
	const struct live_panel_req *p = &m->panels[t->panel];
	struct live_result *res = g_new0(struct live_result, 1);
	res->view_id = t->view_id;
	res->panel = t->panel;
	struct livedata_collect dc = { 0 };
	livedata_collect_init(&dc, m->theme, p->id);
	struct request r = {
		.dash = t->entry ? t->entry->dash : NULL,
		.panel_id = p->id,
		.from = m->from,
		.to = m->to,
		.now = t->now,
		.width = p->width,
		.height = p->height,
		.scale = p->scale,
		.theme = m->theme,
		.format = FMT_PNG,
		.vars = m->vars,
		.n_vars = m->n_vars,
		.limits = t->limits,
		.arrived = t->arrived,
		.names = server_request_names(),
		.on_data = livedata_collect_cb,
		.on_data_ctx = &dc,
	};
	struct render_out out = { 0 };
	struct request_report rep = { 0 };
	struct cairn_err err = { 0 };
	atomic_fetch_add(&l->renders, 1);
	int rc = t->entry ? request_run(l->s->rctx, &r, &out, &rep, &err) :
		cairn_err_set(&err, CAIRN_EINVAL, "dashboard \"%s\" is no longer served",
			m->dashboard);
	if (rc) {
		g_strlcpy(res->status, err.code == CAIRN_ETIMEOUT ? "timeout" : "error",
			sizeof res->status);
		g_strlcpy(res->error, err.msg, sizeof res->error);
		res->img = img_new(g_malloc0(1), 0, "image/png", res->status, 0);
	} else {
		const char *st = panel_status(&rep, res->error, sizeof res->error);
		g_strlcpy(res->status, st, sizeof res->status);
		res->img = img_new(out.bytes, out.len, "image/png", st, 0);
		request_report_fini(&rep);
	}
	res->data = livedata_collect_take(&dc);
	livedata_collect_fini(&dc);
	live_task_free(t);
	post(l, res);
}

static bool same_picture(const struct img *a, const struct img *b)
{
	return a && b && a->len == b->len && strcmp(a->etag, b->etag) == 0 &&
	       memcmp(a->bytes, b->bytes, a->len) == 0;
}

static void fan_out(live *l, struct view *v, size_t i)
{
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, v->subs);
	while (g_hash_table_iter_next(&it, &k, &val))
		send_frame(l, *(uint64_t *)k, val, v, i);
}

/* The status of the datasource as this refresh saw it: the first panel
 * that failed says why. */
static void refresh_done(live *l, struct view *v)
{
	bool ok = true;
	char msg[300] = "";
	for (size_t i = 0; i < v->spec->m.n_panels && ok; i++) {
		const struct frame *f = &v->frames[i];
		if (strcmp(f->status, "error") == 0 || strcmp(f->status, "timeout") == 0) {
			ok = false;
			snprintf(msg, sizeof msg, "panel %d: %s", v->spec->m.panels[i].id, f->error);
		}
	}
	v->rendered = true;
	if (v->status_sent && ok == v->ds_ok && strcmp(msg, v->ds_msg) == 0)
		return;
	v->ds_ok = ok;
	g_strlcpy(v->ds_msg, msg, sizeof v->ds_msg);
	v->status_sent = true;
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, v->subs);
	while (g_hash_table_iter_next(&it, &k, &val))
		send_status(l, *(uint64_t *)k, val, v);
}

static void take_result(live *l, struct live_result *r)
{
	struct view *v = g_hash_table_lookup(l->by_id, &r->view_id);
	if (!v) {
		result_free(r);
		return;
	}
	v->in_flight--;
	struct frame *f = &v->frames[r->panel];
	livedata_free(f->data);
	f->data = r->data;
	r->data = NULL;
	bool changed = !same_picture(f->img, r->img) || strcmp(f->status, r->status) != 0 ||
		strcmp(f->error, r->error) != 0;
	if (changed) {
		if (f->img) {
			l->bytes -= f->img->len;
			img_unref(f->img);
		}
		l->bytes += r->img->len;
		f->img = r->img;
		r->img = NULL;
		f->seq++;
		g_strlcpy(f->status, r->status, sizeof f->status);
		g_strlcpy(f->error, r->error, sizeof f->error);
		fan_out(l, v, r->panel);
	} else {
		l->frames_unchanged++;
	}
	if (v->in_flight == 0)
		refresh_done(l, v);
	result_free(r);
}

static void take_results(live *l)
{
	for (;;) {
		pthread_mutex_lock(&l->lock);
		struct live_result *r = g_queue_pop_head(&l->done);
		pthread_mutex_unlock(&l->lock);
		if (!r)
			return;
		take_result(l, r);
	}
}

void live_on_wake(live *l)
{
	take_results(l);
	double now = mono_now(), next = INFINITY;
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, l->by_key);
	while (g_hash_table_iter_next(&it, &k, &val)) {
		struct view *v = val;
		if (v->idle_since > 0) {
			if (now - v->idle_since > LINGER_S && v->in_flight == 0) {
				g_hash_table_remove(l->by_id, &v->id);
				g_hash_table_iter_remove(&it);
				continue;
			}
			next = fmin(next, v->idle_since + LINGER_S);
			continue;
		}
		if (v->next_due > 0 && v->in_flight == 0 && now >= v->next_due)
			refresh(l, v);
		if (v->next_due > 0)
			next = fmin(next, v->next_due);
	}
	if (isfinite(next))
		http_wake_after(l->s->h, fmax(next - mono_now(), 0.001));
}

/* ---- messages ---------------------------------------------------------------- */

static struct lconn *lconn_of(live *l, uint64_t conn)
{
	return g_hash_table_lookup(l->conns, &conn);
}

static struct view *watched(live *l, struct lconn *c, const char *name)
{
	uint64_t *id = g_hash_table_lookup(c->views, name);
	return id ? g_hash_table_lookup(l->by_id, id) : NULL;
}

static void unsubscribe(live *l, struct lconn *c, const char *name)
{
	struct view *v = watched(l, c, name);
	if (v)
		unwatch(l, v, c->id);
	g_hash_table_remove(c->views, name);
}

/* Checks what only the dashboard can tell: it exists, has the panels, and
 * the range parses.  false with msg filled. */
static bool check_against(live *l, const struct live_msg *m, char *msg, size_t size)
{
	const struct catalog_entry *e = catalog_get(l->s->cat, m->dashboard);
	if (!e) {
		GString *q = g_string_new(NULL);
		json_append_str(q, m->dashboard);
		snprintf(msg, size, "$.dashboard: no dashboard with uid %s", q->str);
		g_string_free(q, TRUE);
		return false;
	}
	const struct cairn_dashboard *d = e->dash;
	bool ok = true;
	for (size_t i = 0; i < m->n_panels && ok; i++) {
		bool found = false;
		for (size_t k = 0; k < d->n_panels && !found; k++)
			found = d->panels[k].id == m->panels[i].id && !d->panels[k].is_row;
		if (!found) {
			snprintf(msg, size, "$.panels[%zu].id: dashboard \"%s\" has no panel with id %d",
				i, e->uid, m->panels[i].id);
			ok = false;
		}
	}
	double now = (double)time(NULL), from = 0, to = 0;
	struct cairn_err err = { 0 };
	const char *tz = d->timezone;
	if (ok && m->from && time_parse(m->from, now, false, tz, &from, &err)) {
		snprintf(msg, size, "$.from: %s", err.msg);
		ok = false;
	} else if (ok && m->to && time_parse(m->to, now, true, tz, &to, &err)) {
		snprintf(msg, size, "$.to: %s", err.msg);
		ok = false;
	} else if (ok && m->from && m->to && !(to > from)) {
		snprintf(msg, size, "$.from, $.to: \"%s\" to \"%s\" is empty or reversed", m->from,
			m->to);
		ok = false;
	}
	catalog_release(e);
	return ok;
}

/* Room for one more view: views nobody watches are forgotten, oldest
 * first, while the server is at its limit of views or of bytes.  false
 * with msg when the views being watched fill it. */
static bool make_room(live *l, const struct srv_live_limits *lim, char *msg, size_t size)
{
	while (g_hash_table_size(l->by_key) >= lim->views || l->bytes >= lim->bytes) {
		struct view *old = oldest_idle(l);
		if (!old)
			break;
		view_drop(l, old);
	}
	if (g_hash_table_size(l->by_key) >= lim->views) {
		snprintf(msg, size, "the server already has %zu live views, its limit; try again "
			"later", lim->views);
		return false;
	}
	if (l->bytes >= lim->bytes) {
		snprintf(msg, size, "the server's live views already keep %zu bytes of pictures, "
			"its limit; try again later", l->bytes);
		return false;
	}
	return true;
}

/* Whether the view's range moves with time ("now" in it, or the
 * dashboard's range). */
static bool moves(const struct live_msg *m)
{
	return !m->from || !m->to || strstr(m->from, "now") || strstr(m->to, "now");
}

static void subscribe(live *l, struct lconn *c, struct live_msg *m)
{
	const struct srv_live_limits *lim = &l->s->live_limits;
	char msg[400];
	bool again = g_hash_table_contains(c->views, m->view);
	if (!again && g_hash_table_size(c->views) >= lim->views_per_connection) {
		snprintf(msg, sizeof msg, "$.view: this connection already watches %zu views, the "
			"limit (unsubscribe one first)", lim->views_per_connection);
		send_error(l, c->id, m->view, msg);
		return;
	}
	if (!check_against(l, m, msg, sizeof msg)) {
		send_error(l, c->id, m->view, msg);
		return;
	}
	char *name = g_strdup(m->view);
	if (again)
		unsubscribe(l, c, name);
	if (m->refresh_s > 0)
		m->refresh_s = fmax(m->refresh_s, lim->min_refresh_s);
	char *key = liveproto_key(m);
	struct view *v = g_hash_table_lookup(l->by_key, key);
	if (v) {
		g_free(key);
	} else {
		if (!make_room(l, lim, msg, sizeof msg)) {
			send_error(l, c->id, name, msg);
			g_free(key);
			g_free(name);
			return;
		}
		v = view_new(l, key, m, m->refresh_s);
	}
	if (v->idle_since > 0) {
		/* watched again: refreshes resume (at once when one is due) */
		v->idle_since = 0;
		v->next_due = v->refresh_s > 0 || !v->rendered ? mono_now() : 0;
	}
	/* Without a refresh, a range that moves with time is drawn again for
	 * whoever comes later (as a page loaded later would be), at most once
	 * per minimum refresh; the kept pictures go first. */
	if (v->refresh_s == 0 && v->rendered && v->in_flight == 0 && moves(&v->spec->m) &&
		mono_now() - v->started >= lim->min_refresh_s)
		v->next_due = mono_now();
	uint64_t *ck = g_new(uint64_t, 1);
	*ck = c->id;
	g_hash_table_replace(v->subs, ck, g_strdup(name));
	uint64_t *vid = g_new(uint64_t, 1);
	*vid = v->id;
	g_hash_table_replace(c->views, name, vid);
	send_current(l, c->id, name, v);
	live_on_wake(l);
}

static void values(live *l, struct lconn *c, const struct live_msg *m)
{
	struct view *v = watched(l, c, m->view);
	char msg[200];
	if (!v) {
		send_error(l, c->id, m->view, "$.view: not subscribed to this view");
		return;
	}
	for (size_t i = 0; i < v->spec->m.n_panels; i++) {
		if (v->spec->m.panels[i].id != m->panel)
			continue;
		size_t len;
		char *t = livedata_values_json(v->frames[i].data, m->view, m->panel, m->time_ms,
			&len);
		send_text(l, c->id, t, len);
		return;
	}
	snprintf(msg, sizeof msg, "$.panel: the view has no panel %d", m->panel);
	send_error(l, c->id, m->view, msg);
}

/* ---- the WebSocket callbacks ------------------------------------------------- */

bool live_ws_allow(void *ctx, const struct http_req *req)
{
	struct server *s = ctx;
	if (strcmp(req->path, "/ws") != 0 || atomic_load(&s->draining))
		return false;
	if (!auth_allows(s->auth, req->path, req->authorization))
		return false;
	/* A page of another site must not open views with this browser's
	 * credentials: an Origin, when sent, names this host. */
	if (req->origin && req->host) {
		const char *o = strstr(req->origin, "://");
		if (!o || g_ascii_strcasecmp(o + 3, req->host) != 0)
			return false;
	}
	return true;
}

void live_ws_open(void *ctx, uint64_t conn, const char *remote)
{
	struct server *s = ctx;
	live *l = s->live;
	struct lconn *c = g_new0(struct lconn, 1);
	c->id = conn;
	g_strlcpy(c->remote, remote, sizeof c->remote);
	c->views = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_insert(l->conns, &c->id, c);
	size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(l->per_addr, c->remote)) + 1;
	g_hash_table_replace(l->per_addr, g_strdup(c->remote), GSIZE_TO_POINTER(n));
	if (n > s->live_limits.connections_per_address) {
		char msg[200];
		snprintf(msg, sizeof msg, "too many connections from %s: the limit is %zu",
			c->remote, s->live_limits.connections_per_address);
		send_error(l, conn, NULL, msg);
		http_ws_close(s->h, conn, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many connections");
	}
}

void live_ws_text(void *ctx, uint64_t conn, const char *text, size_t len)
{
	struct server *s = ctx;
	live *l = s->live;
	struct lconn *c = lconn_of(l, conn);
	char msg[200];
	if (!c)
		return;
	if (!text) {
		snprintf(msg, sizeof msg, "message of %zu bytes or more is over the limit of %zu "
			"bytes", len, s->live_limits.max_message_bytes);
		send_error(l, conn, NULL, msg);
		return;
	}
	struct liveproto_limits pl = {
		.panels_per_view = s->live_limits.panels_per_view,
		.max_pixels = s->limits.max_pixels ? s->limits.max_pixels : CAIRN_DEFAULT_MAX_PIXELS,
	};
	struct live_msg m;
	char view[LIVE_VIEW_NAME_MAX + 1];
	struct cairn_err err = { 0 };
	if (liveproto_parse(text, len, &pl, &m, view, &err)) {
		send_error(l, conn, view, err.msg);
		return;
	}
	switch (m.op) {
	case LIVE_SUBSCRIBE:
		subscribe(l, c, &m);
		break;
	case LIVE_UNSUBSCRIBE:
		unsubscribe(l, c, m.view);
		break;
	case LIVE_VALUES:
		values(l, c, &m);
		break;
	}
	liveproto_fini(&m);
}

void live_ws_close(void *ctx, uint64_t conn)
{
	struct server *s = ctx;
	live *l = s->live;
	struct lconn *c = lconn_of(l, conn);
	if (!c)
		return;
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, c->views);
	while (g_hash_table_iter_next(&it, &k, &val)) {
		struct view *v = g_hash_table_lookup(l->by_id, val);
		if (v)
			unwatch(l, v, conn);
	}
	size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(l->per_addr, c->remote));
	if (n <= 1)
		g_hash_table_remove(l->per_addr, c->remote);
	else
		g_hash_table_replace(l->per_addr, g_strdup(c->remote), GSIZE_TO_POINTER(n - 1));
	g_hash_table_remove(l->conns, &conn);
}

/* ---- the module ----------------------------------------------------------------- */

static void lconn_free(gpointer p)
{
	struct lconn *c = p;
	g_hash_table_destroy(c->views);
	g_free(c);
}

live *live_new(struct server *s)
{
	live *l = g_new0(live, 1);
	l->s = s;
	l->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
		(GDestroyNotify)view_free);
	l->by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
	l->conns = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, lconn_free);
	l->per_addr = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	pthread_mutex_init(&l->lock, NULL);
	g_queue_init(&l->done);
	return l;
}

void live_free(live *l)
{
	if (!l)
		return;
	struct live_result *r;
	while ((r = g_queue_pop_head(&l->done)))
		result_free(r);
	g_hash_table_destroy(l->by_id);
	g_hash_table_destroy(l->by_key);
	g_hash_table_destroy(l->conns);
	g_hash_table_destroy(l->per_addr);
	pthread_mutex_destroy(&l->lock);
	g_free(l);
}

void live_stats(live *l, struct live_stats *st)
{
	memset(st, 0, sizeof *st);
	st->connections = g_hash_table_size(l->conns);
	st->views = g_hash_table_size(l->by_key);
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, l->by_key);
	while (g_hash_table_iter_next(&it, &k, &val))
		st->viewers += g_hash_table_size(((struct view *)val)->subs);
	st->renders = atomic_load(&l->renders);
	st->frames_sent = l->frames_sent;
	st->frames_unchanged = l->frames_unchanged;
	st->frames_replaced = http_ws_replaced(l->s->h);
}
