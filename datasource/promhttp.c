/*
 * promhttp.c — the Prometheus client's HTTP transport (libcurl multi).
 *
 * Reuse: a client keeps a small pool of idle sessions, each one curl multi
 * handle (whose connection cache keeps the keep-alive connections its
 * transfers opened) and up to max_parallel easy handles.  A batch takes one
 * session, runs all its transfers on it and puts it back, so the next batch
 * (from any thread) finds its connections open.  A session is used by one
 * thread at a time; connections are never shared between threads at once,
 * because curl 7.88's shared connection cache (CURL_LOCK_DATA_CONNECT) is
 * not thread-safe (curl's KNOWN_BUGS 11.11).  DNS answers and TLS sessions,
 * which are, are shared by every session through one CURLSH with a pthread
 * mutex per kind of data.
 *
 * Limits: a transfer is sent only after taking 1 from the request's
 * queries, takes response bytes as they arrive (the write callback), and
 * ends at min(client timeout, request deadline) — the timeout is set from
 * the deadline when the transfer starts, and the progress callback aborts
 * it once the deadline has passed.
 *
 * Secrets: the base URL keeps no credentials; curl gets them through
 * CURLOPT_USERNAME/PASSWORD (from the URL or the configuration), the bearer
 * token and extra headers through CURLOPT_HTTPHEADER, and every message is
 * built from the redacted URL, never from a header.  Secrets are wiped
 * before their memory is freed.
 *
 * Not here: what is asked (prom.c) and what answers mean (promparse.c).
 */
#include "datasource/promhttp.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/secret.h"
#include "datasource/curlsym.h"
#include "datasource/prom.h"
#include "datasource/promurl.h"

#define MAX_IDLE_SESSIONS 8 /* kept for threads running batches at once */
#define MIN_SEND_MS       5 /* a request with less time left is not sent */

/* One curl multi handle, its connections, and its idle easy handles. */
struct session {
	CURLM *m;
	CURL **easy;
	size_t n_easy;
	struct session *next;
};

struct promhttp {
	char *base;  /* what requests go to: no credentials, no trailing '/' */
	char *shown; /* what messages show */
	char *label; /* "datasource \"NAME\"" or "datasource": messages' name for it */
	char *who;   /* label " at " shown */
	char *user, *password; /* URL-decoded, or NULL */
	char *name;
	char *ca_file;
	char **header_lines;        /* "Name: value": extra headers and the bearer token */
	size_t n_header_lines;
	struct curl_slist *headers; /* the same for curl, made with the curl state */
	prom_observe_fn observe;
	void *observe_ctx;
	long timeout_ms, connect_timeout_ms;
	size_t max_body, max_parallel;
	pthread_mutex_t curl_lock;  /* guards the curl state's making */
	bool curl_made;             /* libcurl loaded, share and headers made */
	struct cairn_err curl_err;  /* why they could not be (code 0: not tried or made) */
	CURLSH *share;
	pthread_mutex_t share_lock[CURL_LOCK_DATA_LAST];
	pthread_mutex_t idle_lock; /* guards idle and n_idle */
	struct session *idle;
	size_t n_idle;
};

/* One request in flight. */
struct xfer {
	promhttp *h;
	struct budget *b;
	size_t index;
	CURL *e;
	char *url;  /* endpoint as shown */
	char *full; /* what curl fetches */
	struct buf body;
	bool overflow, over_budget, by_deadline;
	long connect_ms;
	struct cairn_err budget_err;
	char errbuf[CURL_ERROR_SIZE];
};

/* Allocation failure aborts (cairn's allocation policy, README). */
static void *need(void *p)
{
	if (!p)
		g_error("promhttp: out of memory");
	return p;
}

/* prom.h's: libcurl's process-wide set-up is the transport's business.
 * Loaded here up front (a server's first request should not pay for it),
 * or else by the first batch that fetches (curlsym.h). */
int prom_global_init(void)
{
	return curlsym_load(NULL);
}

void prom_global_cleanup(void)
{
	curlsym_unload();
}

/* ---- URLs and credentials ----------------------------------------------- */

/* url with its credentials replaced by "***" and its query string and
 * fragment by "?***"/"#***", for messages (g_free it).  Greedy on purpose:
 * this also shows URLs that were refused, where a password may hold an
 * unencoded '/', '?' or '#', so everything up to the last '@' goes. */
static char *promhttp_redact(const char *url)
{
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	const char *at = strrchr(auth, '@');
	GString *s = g_string_new_len(url, auth - url);
	if (at) {
		g_string_append(s, "***@");
		auth = at + 1;
	}
	size_t upto = strcspn(auth, "?#");
	g_string_append_len(s, auth, (gssize)upto);
	if (auth[upto])
		g_string_append(s, auth[upto] == '?' ? "?***" : "#***");
	return g_string_free(s, FALSE);
}

static void trim_slashes(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
}

/* Checks the URL (promurl.h: no libcurl needed) and reads its credentials
 * (URL-decoded) into h; h->base is what requests go to. */
static int read_url(promhttp *h, const char *url, struct cairn_err *err)
{
	struct prom_url u;
	struct cairn_err e = { 0 };
	if (strcmp(url, "testdata") == 0 || prom_url_parse(url, true, &u, &e))
		return cairn_err_set(err, CAIRN_EINVAL, "%s URL '%s': %s", h->label, h->shown,
			e.code ? e.msg : "expected http(s)://host[:port][/path]");
	h->base = u.url;
	trim_slashes(h->base);
	if (u.username || u.password) {
		h->user = u.username ? u.username : g_strdup("");
		h->password = u.password ? u.password : g_strdup("");
	}
	return 0;
}

/* ---- options beside the URL ---------------------------------------------- */

bool prom_header_name_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && !strchr("!#$%&'*+-.^_`|~", *s))
			return false;
	return true;
}

static void add_header(promhttp *h, char *line)
{
	h->header_lines = g_renew(char *, h->header_lines, h->n_header_lines + 1);
	h->header_lines[h->n_header_lines++] = line;
}

/* Credentials, bearer token, CA file and extra headers; messages name a
 * header by its position and name, never its value. */
static int read_options(promhttp *h, const struct promhttp_config *cfg, struct cairn_err *err)
{
	h->name = g_strdup(cfg->name ? cfg->name : "prometheus");
	h->observe = cfg->observe;
	h->observe_ctx = cfg->observe_ctx;
	if (cfg->username || cfg->password) {
		secret_free(h->user);
		secret_free(h->password);
		h->user = g_strdup(cfg->username ? cfg->username : "");
		h->password = g_strdup(cfg->password ? cfg->password : "");
	}
	if (cfg->ca_file) {
		if (access(cfg->ca_file, R_OK) != 0)
			return cairn_err_set(err, CAIRN_EINVAL, "CA file '%s': %s", cfg->ca_file,
			                     g_strerror(errno));
		h->ca_file = g_strdup(cfg->ca_file);
	}
	for (size_t i = 0; i < cfg->n_headers; i++) {
		const struct prom_header *hd = &cfg->headers[i];
		if (!prom_header_name_ok(hd->name))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "header %zu: the name is not an HTTP token", i + 1);
		/* A CR or LF would start another header. */
		if (!hd->value || strpbrk(hd->value, "\r\n"))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "header %zu (%s): the value is missing or holds a "
			                     "line break",
			                     i + 1, hd->name);
		add_header(h, g_strdup_printf("%s: %s", hd->name, hd->value));
	}
	if (cfg->bearer_token) {
		if (strpbrk(cfg->bearer_token, "\r\n"))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "bearer token: holds a line break");
		add_header(h, g_strdup_printf("Authorization: Bearer %s", cfg->bearer_token));
	}
	return 0;
}

const char *promhttp_shown(const promhttp *h)
{
	return h->shown;
}

const char *promhttp_who(const promhttp *h)
{
	return h->who;
}

/* ---- the client's shared state -------------------------------------------- */

static void share_lock(CURL *e, curl_lock_data data, curl_lock_access access, void *ud)
{
	promhttp *h = ud;
	pthread_mutex_lock(&h->share_lock[data]);
}

static void share_unlock(CURL *e, curl_lock_data data, void *ud)
{
	promhttp *h = ud;
	pthread_mutex_unlock(&h->share_lock[data]);
}

promhttp *promhttp_new(const struct promhttp_config *cfg, struct cairn_err *err)
{
	promhttp *h = g_new0(promhttp, 1);
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&h->share_lock[i], NULL);
	pthread_mutex_init(&h->idle_lock, NULL);
	pthread_mutex_init(&h->curl_lock, NULL);
	h->shown = promhttp_redact(cfg->url);
	trim_slashes(h->shown);
	h->label = cfg->shown_name && *cfg->shown_name
	                   ? g_strdup_printf("datasource \"%s\"", cfg->shown_name)
	                   : g_strdup("datasource");
	if (read_url(h, cfg->url, err)) {
		promhttp_free(h);
		return NULL;
	}
	/* Now that the URL is known good, show exactly what is asked. */
	g_free(h->shown);
	const char *auth = strstr(h->base, "://") + 3; /* read_url checked the scheme */
	h->shown = h->user ? g_strdup_printf("%.*s***@%s", (int)(auth - h->base), h->base, auth)
	                   : g_strdup(h->base);
	h->who = g_strdup_printf("%s at %s", h->label, h->shown);
	if (read_options(h, cfg, err)) {
		promhttp_free(h);
		return NULL;
	}
	h->timeout_ms = cfg->timeout_ms;
	h->connect_timeout_ms = cfg->connect_timeout_ms;
	h->max_body = cfg->max_body;
	h->max_parallel = cfg->max_parallel ? cfg->max_parallel : 1;
	return h;
}

/* libcurl and this client's curl state, made by the first batch (a client
 * that never fetches never loads libcurl: curlsym.h).  0, or the reason,
 * the same for every batch. */
static int curl_make(promhttp *h, struct cairn_err *err)
{
	pthread_mutex_lock(&h->curl_lock);
	if (!h->curl_made && !h->curl_err.code && !curlsym_load(&h->curl_err)) {
		h->share = need(curl_share_init());
		curl_share_setopt(h->share, CURLSHOPT_LOCKFUNC, share_lock);
		curl_share_setopt(h->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
		curl_share_setopt(h->share, CURLSHOPT_USERDATA, h);
		curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
		for (size_t i = 0; i < h->n_header_lines; i++)
			h->headers = need(curl_slist_append(h->headers, h->header_lines[i]));
		h->curl_made = true;
	}
	int rc = h->curl_err.code;
	if (rc)
		*err = h->curl_err;
	pthread_mutex_unlock(&h->curl_lock);
	return rc;
}

static void session_free(struct session *s)
{
	for (size_t i = 0; i < s->n_easy; i++)
		curl_easy_cleanup(s->easy[i]);
	curl_multi_cleanup(s->m);
	g_free(s->easy);
	g_free(s);
}

void promhttp_free(promhttp *h)
{
	if (!h)
		return;
	while (h->idle) {
		struct session *s = h->idle;
		h->idle = s->next;
		session_free(s);
	}
	/* After every easy handle that used it. */
	if (h->share)
		curl_share_cleanup(h->share);
	pthread_mutex_destroy(&h->idle_lock);
	pthread_mutex_destroy(&h->curl_lock);
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_destroy(&h->share_lock[i]);
	g_free(h->base);
	g_free(h->shown);
	secret_free(h->password);
	g_free(h->user);
	g_free(h->name);
	g_free(h->label);
	g_free(h->who);
	g_free(h->ca_file);
	/* curl_slist_free_all frees what it copied without wiping it. */
	for (struct curl_slist *l = h->headers; l; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	if (h->headers)
		curl_slist_free_all(h->headers);
	for (size_t i = 0; i < h->n_header_lines; i++)
		secret_free(h->header_lines[i]);
	g_free(h->header_lines);
	g_free(h);
}

/* An idle session, or a new one. */
static struct session *session_get(promhttp *h)
{
	pthread_mutex_lock(&h->idle_lock);
	struct session *s = h->idle;
	if (s) {
		h->idle = s->next;
		h->n_idle--;
	}
	pthread_mutex_unlock(&h->idle_lock);
	if (s)
		return s;
	s = g_new0(struct session, 1);
	s->m = need(curl_multi_init());
	/* Keep as many idle connections as a batch can have open at once. */
	curl_multi_setopt(s->m, CURLMOPT_MAXCONNECTS, (long)h->max_parallel);
	s->easy = g_new0(CURL *, h->max_parallel);
	return s;
}

static void session_put(promhttp *h, struct session *s)
{
	pthread_mutex_lock(&h->idle_lock);
	if (h->n_idle < MAX_IDLE_SESSIONS) {
		s->next = h->idle;
		h->idle = s;
		h->n_idle++;
		s = NULL;
	}
	pthread_mutex_unlock(&h->idle_lock);
	if (s)
		session_free(s);
}

/* ---- one transfer --------------------------------------------------------- */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;

	if (buf_append(&x->body, ptr, n)) {
		x->overflow = true;
		return 0; /* curl aborts the transfer */
	}
	if (budget_take(x->b, BUDGET_BYTES, n, &x->budget_err)) {
		x->over_budget = true; /* the body is dropped with the transfer */
		return 0;
	}
	return n;
}

/* Called by curl about once a second and whenever data moves: a stalled
 * server cannot hold a transfer past the request's deadline. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	struct xfer *x = ud;
	return budget_left_s(x->b) <= 0;
}

static int deadline_err(const struct xfer *x, struct cairn_err *err)
{
	return cairn_err_set(err, CAIRN_ETIMEOUT,
	                     "%s did not answer before the request's deadline (%g s)",
	                     x->h->who, x->b ? x->b->lim.deadline_s : 0.0);
}

static void xfer_init(struct xfer *x, promhttp *h, struct budget *b, size_t i,
                      const struct promhttp_req *r)
{
	memset(x, 0, sizeof *x);
	x->h = h;
	x->b = b;
	x->index = i;
	x->url = g_strconcat(h->shown, r->path, NULL);
	x->full = r->query ? g_strconcat(h->base, r->path, "?", r->query, NULL)
	                   : g_strconcat(h->base, r->path, NULL);
	buf_init(&x->body, h->max_body);
}

static void xfer_options(struct xfer *x, const struct promhttp_req *r, long timeout_ms)
{
	const promhttp *h = x->h;
	CURL *e = x->e;

	curl_easy_setopt(e, CURLOPT_URL, x->full);
	curl_easy_setopt(e, CURLOPT_SHARE, h->share);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, x->connect_ms);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "cairn/" CAIRN_VERSION);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	if (h->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, h->headers);
	if (h->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
	if (h->user) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, h->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, h->password);
	}
	if (r->form) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->form);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->form));
	}
}

/* Takes what sending costs and hands the transfer to the session's multi
 * handle: 0, or an error (budget, deadline) with nothing sent. */
static int xfer_start(struct session *s, struct xfer *x, const struct promhttp_req *r,
                      struct cairn_err *err)
{
	const promhttp *h = x->h;
	double left_ms = budget_left_s(x->b) * 1000.0;

	/* curl's timers count whole milliseconds and may end the previous
	 * transfer a hair before the deadline: what is left then could not
	 * carry an answer, so it is not sent. */
	if (left_ms < MIN_SEND_MS)
		return deadline_err(x, err);
	if (budget_take(x->b, BUDGET_QUERIES, 1, err)) {
		cairn_err_prefix(err, "not sent to %s", h->who);
		return CAIRN_ELIMIT;
	}
	long timeout_ms = h->timeout_ms;
	if (left_ms < (double)timeout_ms) {
		timeout_ms = (long)ceil(left_ms);
		x->by_deadline = true;
	}
	x->connect_ms = h->connect_timeout_ms < timeout_ms ? h->connect_timeout_ms : timeout_ms;
	x->e = s->n_easy ? s->easy[--s->n_easy] : need(curl_easy_init());
	xfer_options(x, r, timeout_ms);
	if (curl_multi_add_handle(s->m, x->e) != CURLM_OK) {
		budget_give(x->b, BUDGET_QUERIES, 1); /* never sent */
		return cairn_err_set(err, CAIRN_EIO, "connection to %s failed: %s", h->who,
		                     "cannot start the transfer");
	}
	return 0;
}

/* Gives the easy handle back to the session, clean, and frees the rest. */
static void xfer_fini(struct session *s, struct xfer *x)
{
	if (x->e) {
		curl_easy_reset(x->e);
		s->easy[s->n_easy++] = x->e;
	}
	g_free(x->url);
	g_free(x->full);
	buf_fini(&x->body);
	x->e = NULL;
	x->url = x->full = NULL;
}

static int curl_failure(const struct xfer *x, CURLcode rc, struct cairn_err *err)
{
	const char *who = x->h->who;
	long os = 0;
	curl_off_t connected = 0;

	if (rc == CURLE_ABORTED_BY_CALLBACK || (rc == CURLE_OPERATION_TIMEDOUT && x->by_deadline))
		return deadline_err(x, err);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(x->e, CURLINFO_OS_ERRNO, &os);
		return cairn_err_set(err, CAIRN_EIO, "cannot reach %s: %s", who,
		                     os ? g_strerror((int)os) : curl_easy_strerror(rc));
	case CURLE_COULDNT_RESOLVE_HOST:
		return cairn_err_set(err, CAIRN_EIO, "cannot reach %s: host name not found", who);
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(x->e, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected == 0)
			return cairn_err_set(
			        err, CAIRN_ETIMEOUT,
			        "cannot reach %s: no connection within %g s", who,
			        (double)x->connect_ms / 1000.0);
		return cairn_err_set(err, CAIRN_ETIMEOUT, "%s did not answer within %g s", who,
		                     (double)x->h->timeout_ms / 1000.0);
	default:
		return cairn_err_set(err, CAIRN_EIO, "connection to %s failed: %s", who,
		                     x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	}
}

static void xfer_finish(struct xfer *x, CURLcode rc, promhttp_done_fn done, void *ctx)
{
	struct promhttp_answer a = {.url = x->url, .label = x->h->label};
	curl_off_t us = 0;

	curl_easy_getinfo(x->e, CURLINFO_TOTAL_TIME_T, &us);
	a.ms = (double)us / 1000.0;
	if (x->overflow) {
		a.failed = cairn_err_set(&a.err, CAIRN_ELIMIT, "response larger than %zu bytes from %s",
		                         x->h->max_body, x->url);
	} else if (x->over_budget) {
		a.err = x->budget_err;
		cairn_err_prefix(&a.err, "response from %s", x->url);
		a.failed = (int)a.err.code;
		a.own = true;
	} else if (rc != CURLE_OK) {
		a.failed = curl_failure(x, rc, &a.err);
		a.own = rc == CURLE_ABORTED_BY_CALLBACK ||
		        (rc == CURLE_OPERATION_TIMEDOUT && x->by_deadline);
	} else {
		curl_easy_getinfo(x->e, CURLINFO_RESPONSE_CODE, &a.status);
		a.body = x->body.data ? (const char *)x->body.data : "";
		a.len = x->body.len;
	}
	if (x->h->observe)
		x->h->observe(x->h->observe_ctx, x->h->name, a.ms / 1000.0,
		              a.failed || a.status < 200 || a.status > 299);
	done(ctx, x->index, &a);
}

/* ---- a batch -------------------------------------------------------------- */

/* Every transfer that ended: its answer delivered, its handle back. */
static size_t reap(struct session *s, promhttp_done_fn done, void *ctx)
{
	CURLMsg *msg;
	int left;
	size_t ended = 0;

	while ((msg = curl_multi_info_read(s->m, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct xfer *x = NULL;
		CURL *e = msg->easy_handle;
		CURLcode rc = msg->data.result; /* msg dies with remove_handle */
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&x);
		curl_multi_remove_handle(s->m, e);
		xfer_finish(x, rc, done, ctx);
		xfer_fini(s, x);
		ended++;
	}
	return ended;
}

void promhttp_run(promhttp *h, const struct promhttp_req *reqs, size_t n, struct budget *b,
                  promhttp_done_fn done, void *ctx)
{
	if (n == 0)
		return;
	struct cairn_err cerr = { 0 };
	if (curl_make(h, &cerr)) {
		for (size_t i = 0; i < n; i++) {
			char *url = g_strconcat(h->shown, reqs[i].path, NULL);
			struct promhttp_answer a = { .failed = cerr.code, .err = cerr, .url = url,
			                              .label = h->label };
			done(ctx, i, &a);
			g_free(url);
		}
		return;
	}
	struct xfer *xs = g_new0(struct xfer, n);
	struct session *s = session_get(h);
	size_t next = 0, active = 0;

	while (next < n || active > 0) {
		for (; next < n && active < h->max_parallel; next++) {
			struct xfer *x = &xs[next];
			struct promhttp_answer a = {0};
			xfer_init(x, h, b, next, &reqs[next]);
			if (!(a.failed = xfer_start(s, x, &reqs[next], &a.err))) {
				active++;
				continue;
			}
			a.url = x->url;
			a.label = x->h->label;
			a.own = a.failed != CAIRN_EIO; /* refused by the budget or the deadline */
			done(ctx, next, &a);
			xfer_fini(s, x);
		}
		if (active == 0)
			continue;
		int running;
		curl_multi_perform(s->m, &running);
		active -= reap(s, done, ctx);
		if (active > 0)
			curl_multi_poll(s->m, NULL, 0, 100, NULL);
	}
	session_put(h, s);
	g_free(xs);
}
