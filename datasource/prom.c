/*
 * prom.c — the Prometheus HTTP API client: one curl multi handle per batch
 * runs every query of a render at once, each answer is parsed at the edge
 * by promparse.c into plain series (frame.h) on the query's step grid, and
 * every failure becomes a message naming its cause.  CURL stays in this
 * file, json_t in promparse.c.
 *
 * Not here: the interval/step arithmetic (interval.c), variable
 * interpolation (dashboards/vars.c), caching and coalescing (the server),
 * the offline generator (testdata.c).
 */
#include "datasource/prom.h"

#include <curl/curl.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasource/promparse.h"
#include "datasource/testdata.h"

#define DEFAULT_TIMEOUT_S 30.0
#define DEFAULT_MAX_BODY  ((size_t)64 << 20)
#define DEFAULT_PARALLEL  8
#define MAX_CONNECT_S     10.0

struct prom_client {
	char *url; /* base, trailing slashes trimmed; NULL for testdata */
	bool testdata, use_get;
	long timeout_ms, connect_timeout_ms;
	size_t max_body, max_series, max_parallel;
};

/* One HTTP exchange.  The body grows up to `limit` bytes; past that the
 * write callback refuses the data, which makes curl abort the transfer. */
struct xfer {
	const prom_client *c;
	const struct prom_query *q; /* NULL for label values */
	CURL *h;
	char *url;  /* endpoint without the query string, for messages */
	char *full; /* what curl fetches (GET carries the form) */
	char *form; /* POST body, or NULL */
	char *body;
	size_t len, alloc;
	bool overflow, nomem;
	char errbuf[CURL_ERROR_SIZE];
};

typedef void (*xfer_done_fn)(struct xfer *x, CURLcode rc, void *ctx);

int prom_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void prom_global_cleanup(void)
{
	curl_global_cleanup();
}

/* ---- client ------------------------------------------------------------ */

static int check_url(const char *url, struct cairn_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *query = NULL, *frag = NULL;
	int rc = 0;

	if (!u)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		rc = cairn_err_set(
		        err, CAIRN_EINVAL,
		        "Prometheus URL '%s': expected http(s)://host[:port][/path] or 'testdata'",
		        url);
		goto done;
	}
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0);
	if (query || frag)
		rc = cairn_err_set(err, CAIRN_EINVAL,
		                   "Prometheus URL '%s': must not carry a query string or fragment",
		                   url);
done:
	curl_free(frag);
	curl_free(query);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

prom_client *prom_new(const struct prom_config *cfg, struct cairn_err *err)
{
	if (!cfg || !cfg->url || !*cfg->url) {
		cairn_err_set(err, CAIRN_EINVAL, "no Prometheus URL given");
		return NULL;
	}
	prom_client *c = calloc(1, sizeof *c);
	if (!c) {
		cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
		return NULL;
	}
	c->testdata = strcmp(cfg->url, "testdata") == 0;
	if (!c->testdata) {
		if (check_url(cfg->url, err))
			goto fail;
		size_t n = strlen(cfg->url);
		while (n > 0 && cfg->url[n - 1] == '/')
			n--;
		c->url = strndup(cfg->url, n);
		if (!c->url) {
			cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
			goto fail;
		}
	}
	double t = cfg->timeout_s > 0 ? cfg->timeout_s : DEFAULT_TIMEOUT_S;
	double ct = cfg->connect_timeout_s > 0 ? cfg->connect_timeout_s : fmin(t, MAX_CONNECT_S);
	c->timeout_ms = lround(t * 1000.0);
	c->connect_timeout_ms = lround(ct * 1000.0);
	c->use_get = cfg->use_get;
	c->max_body = cfg->max_body_bytes ? cfg->max_body_bytes : DEFAULT_MAX_BODY;
	c->max_series = cfg->max_series ? cfg->max_series : CAIRN_MAX_SERIES;
	c->max_parallel = cfg->max_parallel ? cfg->max_parallel : DEFAULT_PARALLEL;
	return c;
fail:
	prom_free(c);
	return NULL;
}

void prom_free(prom_client *c)
{
	if (!c)
		return;
	free(c->url);
	free(c);
}

bool prom_is_testdata(const prom_client *c)
{
	return c && c->testdata;
}

void prom_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- transfers ----------------------------------------------------------- */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, limit = x->c->max_body;

	if (n > limit - x->len) {
		x->overflow = true;
		return 0;
	}
	if (x->len + n + 1 > x->alloc) {
		size_t want = x->alloc ? x->alloc * 2 : 16384;
		if (want < x->len + n + 1)
			want = x->len + n + 1;
		if (want > limit + 1)
			want = limit + 1;
		char *grown = realloc(x->body, want);
		if (!grown) {
			x->nomem = true;
			return 0;
		}
		x->body = grown;
		x->alloc = want;
	}
	memcpy(x->body + x->len, ptr, n);
	x->len += n;
	x->body[x->len] = '\0';
	return n;
}

static void xfer_fini(struct xfer *x)
{
	if (x->h)
		curl_easy_cleanup(x->h);
	g_free(x->url);
	g_free(x->full);
	g_free(x->form);
	free(x->body);
	memset(x, 0, sizeof *x);
}

/* The easy handle for x->full (and x->form as POST body when set). */
static int xfer_setup(struct xfer *x, struct cairn_err *err)
{
	const prom_client *c = x->c;
	CURL *h = x->h;

	curl_easy_setopt(h, CURLOPT_URL, x->full);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "cairn/" CAIRN_VERSION);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (x->form) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, x->form);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(x->form));
	}
	if (!x->url || !x->full)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	return 0;
}

static int query_prepare(struct xfer *x, struct cairn_err *err)
{
	const struct prom_query *q = x->q;
	struct promjson_grid g;
	int rc = promparse_grid(q, &g, err); /* refuse before asking, not after */
	if (rc)
		return rc;
	if (!(x->h = curl_easy_init()))
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	char *e = curl_easy_escape(x->h, q->expr ? q->expr : "", 0);
	if (!e)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	char *form = q->instant ? g_strdup_printf("query=%s&time=%.3f", e, q->end)
	                        : g_strdup_printf("query=%s&start=%.3f&end=%.3f&step=%.3f", e,
	                                          q->start, q->end, q->step);
	curl_free(e);
	x->url = g_strconcat(x->c->url, q->instant ? "/api/v1/query" : "/api/v1/query_range", NULL);
	x->full = x->c->use_get ? g_strconcat(x->url, "?", form, NULL) : g_strdup(x->url);
	if (x->c->use_get)
		g_free(form);
	else
		x->form = form;
	return xfer_setup(x, err);
}

static int curl_failure(const struct xfer *x, CURLcode rc, struct cairn_err *err)
{
	const char *base = x->c->url;
	long os = 0;
	curl_off_t connected = 0;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &os);
		return cairn_err_set(err, CAIRN_EIO, "cannot reach Prometheus at %s: %s", base,
		                     os ? g_strerror((int)os) : curl_easy_strerror(rc));
	case CURLE_COULDNT_RESOLVE_HOST:
		return cairn_err_set(err, CAIRN_EIO,
		                     "cannot reach Prometheus at %s: host name not found", base);
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(x->h, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected == 0)
			return cairn_err_set(
			        err, CAIRN_ETIMEOUT,
			        "cannot reach Prometheus at %s: no connection within %g s", base,
			        (double)x->c->connect_timeout_ms / 1000.0);
		return cairn_err_set(err, CAIRN_ETIMEOUT,
		                     "Prometheus at %s did not answer within %g s", base,
		                     (double)x->c->timeout_ms / 1000.0);
	default:
		return cairn_err_set(err, CAIRN_EIO, "connection to Prometheus at %s failed: %s",
		                     base, x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	}
}

/* Non-2xx: Prometheus' own JSON error when the body is one, else the status. */
static int http_failure(const struct xfer *x, long status, struct cairn_err *err)
{
	int rc = promparse_error_body(x->body, x->len, err);
	return rc ? rc : cairn_err_set(err, CAIRN_EHTTP, "HTTP %ld from %s", status, x->url);
}

/* 0 when x holds a complete 2xx body. */
static int xfer_outcome(const struct xfer *x, CURLcode rc, struct cairn_err *err)
{
	long status = 0;

	if (x->overflow)
		return cairn_err_set(err, CAIRN_ELIMIT, "response larger than %zu bytes from %s",
		                     x->c->max_body, x->url);
	if (x->nomem)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory reading %s", x->url);
	if (rc != CURLE_OK)
		return curl_failure(x, rc, err);
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		return http_failure(x, status, err);
	return 0;
}

/* Runs every prepared transfer (h != NULL), at most max_parallel at once,
 * calling done as each finishes.  Non-zero only when curl itself fails. */
static int run_multi(const prom_client *c, struct xfer *xs, size_t n, xfer_done_fn done, void *ctx,
                     struct cairn_err *err)
{
	CURLM *m = curl_multi_init();
	size_t next = 0, active = 0;

	if (!m)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	while (next < n || active > 0) {
		for (; next < n && active < c->max_parallel; next++) {
			if (!xs[next].h)
				continue;
			if (curl_multi_add_handle(m, xs[next].h) == CURLM_OK)
				active++;
			else
				done(&xs[next], CURLE_FAILED_INIT, ctx);
		}
		int running, left;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct xfer *x = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			CURLcode rc = msg->data.result;
			curl_multi_remove_handle(m, msg->easy_handle);
			active--;
			done(x, rc, ctx);
		}
		if (active > 0 && curl_multi_poll(m, NULL, 0, 100, NULL) != CURLM_OK)
			break;
	}
	curl_multi_cleanup(m);
	return 0;
}

/* ---- batches ------------------------------------------------------------- */

static void result_fail(struct cairn_result *r, const struct cairn_err *e)
{
	if (r->status == RESULT_ERROR)
		return; /* the first cause is the one worth reading */
	r->status = RESULT_ERROR;
	g_strlcpy(r->message, e->msg, sizeof r->message);
}

static void query_done(struct xfer *x, CURLcode rc, void *ctx)
{
	struct cairn_result *r = (struct cairn_result *)ctx + x->q->result_index;
	struct cairn_err e = {0};
	curl_off_t us = 0;

	int st = xfer_outcome(x, rc, &e);
	if (!st) {
		st = promparse_query_body(x->body, x->len, x->q, x->c->max_series, r, &e);
		if (st == CAIRN_EINVAL)
			cairn_err_prefix(&e, "invalid response from %s", x->url);
	}
	curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &us);
	if ((double)us / 1000.0 > r->query_ms)
		r->query_ms = (double)us / 1000.0;
	if (st)
		result_fail(r, &e);
	/* Free the body now: a batch may hold many large answers. */
	free(x->body);
	x->body = NULL;
	x->len = x->alloc = 0;
}

static int run_http_batch(prom_client *c, const struct prom_query *qs, size_t n,
                          struct cairn_result *results, struct cairn_err *err)
{
	struct xfer *xs = calloc(n ? n : 1, sizeof *xs);
	if (!xs)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct cairn_err e = {0};
		xs[i].c = c;
		xs[i].q = &qs[i];
		if (query_prepare(&xs[i], &e)) {
			result_fail(&results[qs[i].result_index], &e);
			xfer_fini(&xs[i]);
			continue;
		}
		curl_easy_setopt(xs[i].h, CURLOPT_PRIVATE, (char *)&xs[i]);
	}
	int rc = run_multi(c, xs, n, query_done, results, err);
	for (size_t i = 0; i < n; i++)
		xfer_fini(&xs[i]);
	free(xs);
	return rc;
}

static gint cmp_target(gconstpointer a, gconstpointer b, gpointer unused)
{
	size_t ta = ((const struct series *)a)->target_index;
	size_t tb = ((const struct series *)b)->target_index;
	return ta < tb ? -1 : ta > tb;
}

/* Answers arrive in whatever order the network delivers them; series are
 * drawn (and coloured) in target order, then Prometheus' own order, as in
 * Grafana, so the same data always gives the same image.  g_qsort_with_data
 * is stable. */
static void result_sort_by_target(struct cairn_result *r)
{
	if (r->n_series > 1)
		g_qsort_with_data(r->series, (gint)r->n_series, sizeof *r->series, cmp_target,
		                  NULL);
}

int prom_query_batch(prom_client *c, const struct prom_query *qs, size_t n,
                     struct cairn_result *results, size_t n_results, struct budget *b,
                     struct cairn_err *err)
{
	(void)b; /* TODO(budget): queries, bytes, deadline */
	for (size_t i = 0; i < n; i++)
		if (qs[i].result_index >= n_results)
			return cairn_err_set(
			        err, CAIRN_EINVAL,
			        "query %zu: result_index %zu out of range (%zu results)", i,
			        qs[i].result_index, n_results);
	int rc = 0;
	if (c->testdata) {
		for (size_t i = 0; i < n; i++) {
			struct cairn_err e = {0};
			struct cairn_result *r = &results[qs[i].result_index];
			if (testdata_query(&qs[i], r, &e))
				result_fail(r, &e);
		}
	} else {
		rc = run_http_batch(c, qs, n, results, err);
	}
	for (size_t i = 0; i < n; i++) {
		struct cairn_result *r = &results[qs[i].result_index];
		if (r->status == RESULT_OK && r->n_series == 0)
			r->status = RESULT_NODATA;
		result_sort_by_target(r);
	}
	return rc;
}

/* ---- label values -------------------------------------------------------- */

struct label_ctx {
	char ***values;
	size_t *n;
	struct cairn_err *err;
	int rc;
};

static void label_done(struct xfer *x, CURLcode rc, void *ctx)
{
	struct label_ctx *lc = ctx;
	lc->rc = xfer_outcome(x, rc, lc->err);
	if (lc->rc)
		return;
	lc->rc = prom_parse_label_values(x->body, x->len, lc->values, lc->n, lc->err);
	if (lc->rc == CAIRN_EINVAL)
		cairn_err_prefix(lc->err, "invalid response from %s", x->url);
}

static bool valid_label_name(const char *s)
{
	if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '_')
			return false;
	return true;
}

static int testdata_label_values(const char *label, char ***values, size_t *n,
                                 struct cairn_err *err)
{
	char **v = calloc(3, sizeof *v);
	if (!v)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	for (size_t i = 0; i < 3; i++)
		v[i] = g_strdup_printf("%s-%zu", label, i + 1);
	*values = v;
	*n = 3;
	return 0;
}

static int label_prepare(struct xfer *x, const char *selector, const char *label, double start,
                         double end, struct cairn_err *err)
{
	if (!(x->h = curl_easy_init()))
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	x->url = g_strdup_printf("%s/api/v1/label/%s/values", x->c->url, label);
	char *sel = selector && *selector ? curl_easy_escape(x->h, selector, 0) : NULL;
	x->full = sel ? g_strdup_printf("%s?match%%5B%%5D=%s&start=%.3f&end=%.3f", x->url, sel,
	                                start, end)
	              : g_strdup_printf("%s?start=%.3f&end=%.3f", x->url, start, end);
	curl_free(sel);
	if (selector && *selector && !sel)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	return xfer_setup(x, err);
}

int prom_label_values(prom_client *c, const char *selector, const char *label, double start,
                      double end, struct budget *b, char ***values, size_t *n,
                      struct cairn_err *err)
{
	(void)b; /* TODO(budget): queries, bytes, deadline */
	*values = NULL;
	*n = 0;
	if (!valid_label_name(label))
		return cairn_err_set(err, CAIRN_EINVAL, "label_values: '%s' is not a label name",
		                     label ? label : "");
	if (c->testdata)
		return testdata_label_values(label, values, n, err);

	struct xfer x = {.c = c};
	struct label_ctx lc = {.values = values, .n = n, .err = err};
	int rc = label_prepare(&x, selector, label, start, end, err);
	if (!rc) {
		curl_easy_setopt(x.h, CURLOPT_PRIVATE, (char *)&x);
		rc = run_multi(c, &x, 1, label_done, &lc, err);
	}
	xfer_fini(&x);
	return rc ? rc : lc.rc;
}
