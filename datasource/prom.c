/*
 * prom.c — the Prometheus client of prom.h: turns queries into requests
 * (query, query_range, label values), hands them to the transport
 * (promhttp.c) all at once, and each answer to the parsers (promparse.c),
 * so every failure becomes its panel's message and the rest of the batch
 * goes on.  Also the switch to the built-in testdata source.
 *
 * With a shared query cache (prom_config.cache), a batch asks the cache
 * first and sends only what it leads (qcache.h).
 *
 * Not here: HTTP and connection reuse (promhttp.c), JSON (promparse.c),
 * the interval/step arithmetic (interval.c), variable interpolation
 * (dashboards/vars.c), the cache itself (qcache.c), the offline generator
 * (testdata.c).
 */
#include "datasource/prom.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasource/promhttp.h"
#include "datasource/promparse.h"
#include "datasource/qcache.h"
#include "datasource/testdata.h"

#define DEFAULT_MAX_BODY  ((size_t)64 << 20)
#define DEFAULT_PARALLEL  8
#define MAX_CONNECT_S     10.0
#define MAX_TIMEOUT_S     86400.0

struct prom_client {
	bool testdata, use_get;
	promhttp *http;    /* NULL for testdata */
	prom_cache *cache; /* NULL: none */
	char *ident;       /* the cache's name for this client (qcache_ident) */
};

/* ---- client ------------------------------------------------------------ */

prom_client *prom_new(const struct prom_config *cfg, struct cairn_err *err)
{
	if (!cfg || !cfg->url || !*cfg->url) {
		cairn_err_set(err, CAIRN_EINVAL, "no datasource URL given");
		return NULL;
	}
	prom_client *c = g_new0(prom_client, 1);
	c->testdata = strcmp(cfg->url, "testdata") == 0;
	c->use_get = cfg->use_get;
	if (c->testdata)
		return c;
	/* fmin also keeps the milliseconds within a long. */
	double t = cfg->timeout_s > 0 ? fmin(cfg->timeout_s, MAX_TIMEOUT_S) : CAIRN_DEFAULT_TIMEOUT_S;
	double ct = cfg->connect_timeout_s > 0 ? fmin(cfg->connect_timeout_s, t)
	                                       : fmin(t, MAX_CONNECT_S);
	struct promhttp_config hc = {
	        .url = cfg->url,
	        .timeout_ms = lround(t * 1000.0),
	        .connect_timeout_ms = lround(ct * 1000.0),
	        .max_body = cfg->max_body_bytes ? cfg->max_body_bytes : DEFAULT_MAX_BODY,
	        .max_parallel = cfg->max_parallel ? cfg->max_parallel : DEFAULT_PARALLEL,
	        .name = cfg->name && *cfg->name ? cfg->name : "prometheus",
	        .shown_name = cfg->name && *cfg->name ? cfg->name : NULL,
	        .username = cfg->username,
	        .password = cfg->password,
	        .bearer_token = cfg->bearer_token,
	        .ca_file = cfg->ca_file,
	        .headers = cfg->headers,
	        .n_headers = cfg->n_headers,
	        .observe = cfg->observe,
	        .observe_ctx = cfg->observe_ctx,
	};
	if (!(c->http = promhttp_new(&hc, err))) {
		g_free(c);
		return NULL;
	}
	c->cache = cfg->cache;
	c->ident = c->cache ? qcache_ident(c->cache, cfg) : NULL;
	return c;
}

void prom_free(prom_client *c)
{
	if (!c)
		return;
	promhttp_free(c->http);
	g_free(c->ident);
	g_free(c);
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

/* An HTTP answer that arrived whole: 0 for 2xx, else the store's own JSON
 * error when the body is one, else the status; either names the datasource
 * and the endpoint ("datasource \"vm\" at http://host:8428/api/v1/query: ..."). */
static int http_status(const struct promhttp_answer *a, struct cairn_err *err)
{
	if (a->status >= 200 && a->status <= 299)
		return 0;
	int rc = promparse_error_body(a->body, a->len, err);
	if (rc) {
		cairn_err_prefix(err, "%s at %s", a->label, a->url);
		return rc;
	}
	return cairn_err_set(err, CAIRN_EHTTP, "HTTP %ld from %s at %s", a->status, a->label,
	                     a->url);
}

/* Names the datasource in the error a 2xx answer's body gave: not the API's
 * shape ("invalid response from datasource \"vm\" at URL: ..."), or the
 * store's own error inside it ("datasource \"vm\" at URL: bad_data: ..."). */
static void answer_err(const struct promhttp_answer *a, int st, struct cairn_err *err)
{
	if (st == CAIRN_EINVAL)
		cairn_err_prefix(err, "invalid response from %s at %s", a->label, a->url);
	else if (st == CAIRN_EQUERY)
		cairn_err_prefix(err, "%s at %s", a->label, a->url);
}

/* ---- batches ------------------------------------------------------------- */

static void result_fail(struct cairn_result *r, const struct cairn_err *e)
{
	if (r->status == RESULT_ERROR)
		return; /* the first cause is the one worth reading */
	r->status = RESULT_ERROR;
	g_strlcpy(r->message, e->msg, sizeof r->message);
}

struct batch {
	const struct prom_query *qs;
	struct cairn_result *results;
	struct budget *b;
	size_t *sent; /* request i asks query sent[i] */
};

static void query_done(void *ctx, size_t i, const struct promhttp_answer *a)
{
	struct batch *bt = ctx;
	const struct prom_query *q = &bt->qs[bt->sent[i]];
	struct cairn_result *r = &bt->results[q->result_index];
	struct cairn_err e = a->err;

	int st = a->failed ? a->failed : http_status(a, &e);
	if (!st) {
		st = promparse_query_body(a->body, a->len, q, bt->b, r, &e);
		answer_err(a, st, &e);
	}
	if (a->ms > r->query_ms)
		r->query_ms = a->ms;
	if (st)
		result_fail(r, &e);
}

/* The form Prometheus reads from a POST body or a GET query string. */
static char *query_form(const struct prom_query *q)
{
	char *e = g_uri_escape_string(q->expr ? q->expr : "", NULL, FALSE);
	char *form = q->instant ? g_strdup_printf("query=%s&time=%.3f", e, q->end)
	                        : g_strdup_printf("query=%s&start=%.3f&end=%.3f&step=%.3f", e,
	                                          q->start, q->end, q->step);
	g_free(e);
	return form;
}

static void run_http_batch(prom_client *c, const struct prom_query *qs, size_t n,
                           struct cairn_result *results, struct budget *b)
{
	struct promhttp_req *reqs = g_new0(struct promhttp_req, n ? n : 1);
	struct batch bt = {.qs = qs, .results = results, .b = b, .sent = g_new0(size_t, n ? n : 1)};
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		struct cairn_err e = {0};
		struct promjson_grid g;
		/* Refuse before asking what could not be kept. */
		if (promparse_grid(&qs[i], b, &g, &e)) {
			result_fail(&results[qs[i].result_index], &e);
			continue;
		}
		char *form = query_form(&qs[i]);
		reqs[k].path = qs[i].instant ? "/api/v1/query" : "/api/v1/query_range";
		if (c->use_get)
			reqs[k].query = form;
		else
			reqs[k].form = form;
		bt.sent[k++] = i;
	}
	promhttp_run(c->http, reqs, k, b, query_done, &bt);
	for (size_t i = 0; i < k; i++) {
		g_free((char *)reqs[i].query);
		g_free((char *)reqs[i].form);
	}
	g_free(reqs);
	g_free(bt.sent);
}

/* ---- batches through the shared cache -------------------------------------- */

/* One fetch this batch leads: its answer, parsed, or why it failed. */
struct lead {
	size_t query; /* index into the batch's queries */
	struct cairn_result r;
	struct cairn_err e;
	int st;
	bool own; /* failed by this request's own budget or deadline */
	double ms;
};

struct cached_batch {
	struct qcache_ticket *t;
	struct lead *leads;
	const struct cairn_limits *lim;   /* the request's limits */
};

static void lead_done(void *ctx, size_t i, const struct promhttp_answer *a)
{
	struct cached_batch *cb = ctx;
	struct lead *l = &cb->leads[i];
	const struct prom_query *q = &cb->t[l->query].fetch;

	l->e = a->err;
	l->ms = a->ms;
	l->own = a->own;
	l->st = a->failed ? a->failed : http_status(a, &l->e);
	if (!l->st) {
		/* A scratch account per answer: one answer too big for any request
		 * fails whoever shares it, but answers never add up against each
		 * other (the copies do, each against its own request). */
		struct budget scratch;
		budget_init(&scratch, cb->lim);
		l->st = promparse_query_body(a->body, a->len, q, &scratch, &l->r, &l->e);
		answer_err(a, l->st, &l->e);
	}
	if (l->st && !l->e.code)
		l->e.code = (enum cairn_errc)l->st;
}

/* Plans queries todo[0..n) with the cache, sends the fetches this call
 * leads, publishes their answers, then copies each query's answer out
 * (waiting, within the deadline, for those another call leads).  Returns
 * how many of them must be planned again (moved to the front of todo):
 * those whose leader failed for a reason of its own (its budget or
 * deadline), which this request need not share; in the last round they
 * share it.
 *
 * Answers go into the cache before anyone copies them, so each is parsed
 * against the request's limits (a scratch account of its own, not what
 * this request has left: an answer too big for any request fails for all, one too big
 * for what this one has left fails it alone when it copies, as a hit).
 * Bytes and queries are taken from b as sent. */
static size_t cached_round(prom_client *c, const struct prom_query *qs, size_t *todo, size_t n,
                           struct cairn_result *results, struct budget *b, bool last)
{
	struct qcache_ticket *t = g_new0(struct qcache_ticket, n ? n : 1);
	bool *planned = g_new0(bool, n ? n : 1);
	struct lead *leads = g_new0(struct lead, n ? n : 1);
	struct promhttp_req *reqs = g_new0(struct promhttp_req, n ? n : 1);
	struct cached_batch cb = {.t = t, .leads = leads, .lim = &b->lim};
	size_t k = 0, again = 0;

	for (size_t j = 0; j < n; j++) {
		const struct prom_query *q = &qs[todo[j]];
		struct cairn_err e = {0};
		struct promjson_grid g;
		if (promparse_grid(q, b, &g, &e)) {
			result_fail(&results[q->result_index], &e);
			continue;
		}
		qcache_begin(c->cache, c->ident, q, &t[j]);
		planned[j] = true;
		if (t[j].action != QCACHE_SEND)
			continue;
		char *form = query_form(&t[j].fetch);
		reqs[k].path = q->instant ? "/api/v1/query" : "/api/v1/query_range";
		if (c->use_get)
			reqs[k].query = form;
		else
			reqs[k].form = form;
		leads[k].query = j;
		result_init(&leads[k++].r);
	}
	promhttp_run(c->http, reqs, k, b, lead_done, &cb);
	for (size_t i = 0; i < k; i++) {
		struct lead *l = &leads[i];
		struct cairn_result *r = &results[qs[todo[l->query]].result_index];
		qcache_publish(c->cache, &t[l->query], &l->r, l->st ? &l->e : NULL, l->own);
		if (l->ms > r->query_ms)
			r->query_ms = l->ms;
		g_free((char *)reqs[i].query);
		g_free((char *)reqs[i].form);
	}
	for (size_t j = 0; j < n; j++) {
		const struct prom_query *q = &qs[todo[j]];
		struct cairn_result *r = &results[q->result_index];
		struct cairn_err e = {0};
		if (!planned[j])
			continue;
		int rc = qcache_finish(c->cache, &t[j], q, b, promhttp_who(c->http), !last, r, &e);
		if (rc == QCACHE_AGAIN)
			todo[again++] = todo[j];
		else if (rc)
			result_fail(r, &e);
	}
	g_free(reqs);
	g_free(leads);
	g_free(planned);
	g_free(t);
	return again;
}

/* A leader that gave up on its own deadline hands its waiters the query to
 * ask again: a few rounds at most (each waits for a whole answer). */
#define CACHED_ROUNDS 3

static void run_cached_batch(prom_client *c, const struct prom_query *qs, size_t n,
                             struct cairn_result *results, struct budget *b)
{
	size_t *todo = g_new(size_t, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		todo[i] = i;
	for (int round = 1; n > 0; round++)
		n = cached_round(c, qs, todo, n, results, b, round == CACHED_ROUNDS);
	g_free(todo);
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
	for (size_t i = 0; i < n; i++)
		if (qs[i].result_index >= n_results)
			return cairn_err_set(
			        err, CAIRN_EINVAL,
			        "query %zu: result_index %zu out of range (%zu results)", i,
			        qs[i].result_index, n_results);
	struct budget own;
	b = promparse_budget(b, &own);
	if (c->testdata) {
		for (size_t i = 0; i < n; i++) {
			struct cairn_err e = {0};
			struct cairn_result *r = &results[qs[i].result_index];
			if (testdata_query(&qs[i], b, r, &e))
				result_fail(r, &e);
		}
	} else if (c->cache) {
		run_cached_batch(c, qs, n, results, b);
	} else {
		run_http_batch(c, qs, n, results, b);
	}
	for (size_t i = 0; i < n; i++) {
		struct cairn_result *r = &results[qs[i].result_index];
		if (r->status == RESULT_OK && r->n_series == 0)
			r->status = RESULT_NODATA;
		result_sort_by_target(r);
	}
	return 0;
}

/* ---- label values -------------------------------------------------------- */

struct label_ctx {
	char ***values;
	size_t *n;
	struct cairn_err *err;
	int rc;
};

static void label_done(void *ctx, size_t i, const struct promhttp_answer *a)
{
	struct label_ctx *lc = ctx;
	if (a->failed) {
		if (lc->err)
			*lc->err = a->err;
		lc->rc = a->failed;
		return;
	}
	if ((lc->rc = http_status(a, lc->err)))
		return;
	lc->rc = prom_parse_label_values(a->body, a->len, lc->values, lc->n, lc->err);
	answer_err(a, lc->rc, lc->err);
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

static int testdata_label_values(const char *label, char ***values, size_t *n)
{
	char **v = g_new0(char *, 3);
	for (size_t i = 0; i < 3; i++)
		v[i] = g_strdup_printf("%s-%zu", label, i + 1);
	*values = v;
	*n = 3;
	return 0;
}

/* One GET of a label endpoint (values or names), its answer parsed. */
static int label_request(prom_client *c, const char *path, const char *selector, double start,
                         double end, struct budget *b, char ***values, size_t *n,
                         struct cairn_err *err)
{
	char *sel = selector && *selector ? g_uri_escape_string(selector, NULL, FALSE) : NULL;
	char *query = sel ? g_strdup_printf("match%%5B%%5D=%s&start=%.3f&end=%.3f", sel, start, end)
	                  : g_strdup_printf("start=%.3f&end=%.3f", start, end);
	struct promhttp_req req = {.path = path, .query = query};
	struct label_ctx lc = {.values = values, .n = n, .err = err};
	struct budget own;

	promhttp_run(c->http, &req, 1, promparse_budget(b, &own), label_done, &lc);
	g_free(query);
	g_free(sel);
	return lc.rc;
}

int prom_label_values(prom_client *c, const char *selector, const char *label, double start,
                      double end, struct budget *b, char ***values, size_t *n,
                      struct cairn_err *err)
{
	*values = NULL;
	*n = 0;
	if (!valid_label_name(label))
		return cairn_err_set(err, CAIRN_EINVAL, "label_values: '%s' is not a label name",
		                     label ? label : "");
	if (c->testdata)
		return testdata_label_values(label, values, n);
	if (c->cache && qcache_labels_get(c->cache, c->ident, selector, label, start, end, values, n))
		return 0;

	char *path = g_strdup_printf("/api/v1/label/%s/values", label);
	int rc = label_request(c, path, selector, start, end, b, values, n, err);
	if (!rc && c->cache)
		qcache_labels_put(c->cache, c->ident, selector, label, start, end, *values, *n);
	g_free(path);
	return rc;
}

int prom_label_names(prom_client *c, const char *selector, double start, double end,
                     struct budget *b, char ***values, size_t *n, struct cairn_err *err)
{
	static const char *const names[] = {"__name__", "instance", "job"};
	*values = NULL;
	*n = 0;
	if (c->testdata) {
		*values = g_new0(char *, G_N_ELEMENTS(names) + 1);
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
			(*values)[i] = g_strdup(names[i]);
		*n = G_N_ELEMENTS(names);
		return 0;
	}
	return label_request(c, "/api/v1/labels", selector, start, end, b, values, n, err);
}
