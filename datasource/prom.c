/*
 * prom.c — the Prometheus HTTP API client: one curl multi handle per batch
 * runs every query of a render at once, each answer is parsed at the edge
 * into plain series (frame.h) on the query's step grid, and every failure
 * becomes a message naming its cause.  json_t and CURL stay in this file.
 *
 * Not here: the interval/step arithmetic (interval.c), variable
 * interpolation (dashboards/vars.c), caching and coalescing (the server),
 * the offline generator (testdata.c).
 */
#include "datasource/prom.h"

#include <curl/curl.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/legend.h"
#include "datasource/promjson.h"
#include "datasource/testdata.h"

#define DEFAULT_TIMEOUT_S 30.0
#define DEFAULT_MAX_BODY  ((size_t)64 << 20)
#define DEFAULT_PARALLEL  8
#define MAX_CONNECT_S     10.0
#define MAX_LABEL_VALUES  100000
#define NAME_CAP          1024
#define SNIPPET_LEN       48

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

/* ---- parsing: JSON at the edge, plain series out ------------------------ */

/* The first bytes of a body that is not JSON, printable, for the message. */
static void snippet(const char *body, size_t len, char *out, size_t cap)
{
	size_t n = len < SNIPPET_LEN ? len : SNIPPET_LEN;
	if (n + 4 > cap)
		n = cap - 4;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)body[i];
		out[i] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	g_strlcpy(out + n, len > n ? "..." : "", cap - n);
}

static int api_error(json_t *root, struct cairn_err *err)
{
	const char *type = json_string_value(json_object_get(root, "errorType"));
	const char *msg = json_string_value(json_object_get(root, "error"));
	return cairn_err_set(err, CAIRN_EQUERY, "Prometheus: %s: %s", type ? type : "error",
	                     msg ? msg : "(no message)");
}

/* Loads an API envelope; *data borrows from *root, which the caller frees. */
static int load_api(const char *body, size_t len, json_t **root, json_t **data,
                    struct cairn_err *err)
{
	char snip[SNIPPET_LEN + 8];
	json_error_t jerr;

	*root = len ? json_loadb(body, len, 0, &jerr) : NULL;
	if (!*root || !json_is_object(*root)) {
		snippet(body, len, snip, sizeof snip);
		json_decref(*root);
		*root = NULL;
		return cairn_err_set(err, CAIRN_EINVAL, len ? "'%s' (not JSON)" : "empty body",
		                     snip);
	}
	const char *status = json_string_value(json_object_get(*root, "status"));
	if (status && strcmp(status, "error") == 0)
		return api_error(*root, err);
	*data = json_object_get(*root, "data");
	if (!status || strcmp(status, "success") != 0 || !*data)
		return cairn_err_set(
		        err, CAIRN_EINVAL,
		        "JSON is not a Prometheus API answer (no status \"success\" with data)");
	return 0;
}

/* One [time, "value"] pair; values are strings so NaN and ±Inf survive JSON. */
static int parse_pair(json_t *pair, double *t, double *v)
{
	const char *s = json_string_value(json_array_get(pair, 1));
	if (!json_is_array(pair) || json_array_size(pair) != 2 ||
	    !json_is_number(json_array_get(pair, 0)) || !s || !*s)
		return -1;
	char *end;
	*t = json_number_value(json_array_get(pair, 0));
	*v = g_ascii_strtod(s, &end);
	return *end ? -1 : 0;
}

/* n == 0: no grid (instant queries keep Prometheus' timestamps). */
static int make_grid(const struct prom_query *q, struct promjson_grid *g, struct cairn_err *err)
{
	memset(g, 0, sizeof *g);
	/* step 0: an answer saved earlier (cairn render --data) keeps its own
	 * timestamps, since its step is not this plan's. */
	if (q->instant || (q->step == 0 && q->start == 0 && q->end == 0))
		return 0;
	if (!(q->step > 0) || !isfinite(q->start) || !isfinite(q->end) || q->end < q->start)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "query %s: bad range (start %.3f, end %.3f, step %g)",
		                     q->ref_id ? q->ref_id : "", q->start, q->end, q->step);
	double n = floor((q->end - q->start) / q->step + 1e-9) + 1;
	if (n > CAIRN_MAX_POINTS)
		return cairn_err_set(
		        err, CAIRN_ELIMIT,
		        "query %s would return %.0f points per series, more than the limit of %d "
		        "(increase the step or narrow the time range)",
		        q->ref_id ? q->ref_id : "", n, CAIRN_MAX_POINTS);
	*g = (struct promjson_grid){.start = q->start, .step = q->step, .n = (size_t)n};
	return 0;
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->name, ((const struct label *)b)->name);
}

static int parse_labels(json_t *metric, struct series *s, struct cairn_err *err)
{
	const char *key;
	json_t *val;
	size_t k = json_object_size(metric);

	if (k > CAIRN_MAX_LABELS)
		return cairn_err_set(err, CAIRN_ELIMIT, "series with %zu labels, more than %d", k,
		                     CAIRN_MAX_LABELS);
	s->labels = calloc(k ? k : 1, sizeof *s->labels);
	if (!s->labels)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	json_object_foreach(metric, key, val)
	{
		if (!json_is_string(val))
			continue;
		struct label *l = &s->labels[s->n_labels++];
		l->name = strdup(key);
		l->value = strdup(json_string_value(val));
		if (!l->name || !l->value)
			return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	}
	qsort(s->labels, s->n_labels, sizeof *s->labels, cmp_label);
	return 0;
}

static int alloc_points(struct series *s, size_t n, struct cairn_err *err)
{
	s->t = malloc((n ? n : 1) * sizeof *s->t);
	s->v = malloc((n ? n : 1) * sizeof *s->v);
	if (!s->t || !s->v)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	s->n = n;
	return 0;
}

/* Range answers go onto the step grid with NaN where Prometheus sent no
 * sample: that is Grafana's null insertion, and what render draws as gaps. */
static int fill_grid(json_t *values, const struct promjson_grid *g, struct series *s,
                     struct cairn_err *err)
{
	int rc = alloc_points(s, g->n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->n; i++) {
		s->t[i] = g->start + (double)i * g->step;
		s->v[i] = NAN;
	}
	size_t i;
	json_t *pair;
	json_array_foreach(values, i, pair)
	{
		double t, v;
		if (parse_pair(pair, &t, &v))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "values[%zu] is not a [time, \"value\"] pair", i);
		double k = round((t - g->start) / g->step);
		if (k >= 0 && k < (double)g->n)
			s->v[(size_t)k] = v;
	}
	return 0;
}

/* Instant answers keep Prometheus' own timestamps (one per vector element,
 * or raw samples for a range selector evaluated instantly). */
static int fill_raw(json_t *values, bool one_pair, struct series *s, struct cairn_err *err)
{
	size_t n = one_pair ? 1 : json_array_size(values);
	if (n > CAIRN_MAX_POINTS)
		return cairn_err_set(err, CAIRN_ELIMIT, "series with %zu samples, more than %d", n,
		                     CAIRN_MAX_POINTS);
	int rc = alloc_points(s, n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		json_t *pair = one_pair ? values : json_array_get(values, i);
		if (parse_pair(pair, &s->t[i], &s->v[i]))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "value[%zu] is not a [time, \"value\"] pair", i);
	}
	return 0;
}

static int name_series(struct series *s, const struct prom_query *q, struct cairn_err *err)
{
	struct legend_label ll[CAIRN_MAX_LABELS];
	char buf[NAME_CAP];

	for (size_t i = 0; i < s->n_labels; i++)
		ll[i] = (struct legend_label){s->labels[i].name, s->labels[i].value};
	legend_format(q->legend_format, ll, s->n_labels, buf, sizeof buf);
	/* Grafana names a label-less series by its query text. */
	s->name = strdup(buf[0] ? buf : (q->expr ? q->expr : ""));
	if (!s->name)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	g_strlcpy(s->ref_id, q->ref_id ? q->ref_id : "", sizeof s->ref_id);
	s->target_index = q->target_index;
	return 0;
}

/* One element of result[]: {metric, values|value[, histograms|histogram]}.
 * *kept is false when it held only native histogram samples. */
static int parse_element(json_t *el, bool matrix, const struct prom_query *q,
                         const struct promjson_grid *g, struct series *s, bool *kept, bool *hist,
                         struct cairn_err *err)
{
	json_t *vals = json_object_get(el, matrix ? "values" : "value");
	*hist = json_object_get(el, matrix ? "histograms" : "histogram") != NULL;
	*kept = vals != NULL;
	if (!vals)
		return *hist ? 0
		             : cairn_err_set(err, CAIRN_EINVAL, "element without \"%s\"",
		                             matrix ? "values" : "value");
	int rc = parse_labels(json_object_get(el, "metric"), s, err);
	if (!rc && matrix && g->n)
		rc = fill_grid(vals, g, s, err);
	else if (!rc)
		rc = fill_raw(vals, !matrix, s, err);
	return rc ? rc : name_series(s, q, err);
}

static int append_series(struct cairn_result *r, struct series *add, size_t n,
                         struct cairn_err *err)
{
	if (n == 0)
		return 0;
	struct series *grown = realloc(r->series, (r->n_series + n) * sizeof *grown);
	if (!grown)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	memcpy(grown + r->n_series, add, n * sizeof *add);
	r->series = grown;
	r->n_series += n;
	for (size_t i = 0; i < n; i++)
		r->points += add[i].n;
	return 0;
}

static int parse_result_list(json_t *list, bool matrix, const struct prom_query *q,
                             size_t max_series, struct cairn_result *r, struct cairn_err *err)
{
	struct promjson_grid g;
	size_t k = json_array_size(list), kept_n = 0;
	bool any_hist = false;
	int rc = make_grid(q, &g, err);

	if (rc)
		return rc;
	if (r->n_series + k > max_series)
		return cairn_err_set(err, CAIRN_ELIMIT,
		                     "query %s returned %zu series, more than the limit of %zu",
		                     q->ref_id ? q->ref_id : "", r->n_series + k, max_series);
	struct series *add = calloc(k ? k : 1, sizeof *add);
	if (!add)
		return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
	for (size_t i = 0; i < k && !rc; i++) {
		bool kept, hist;
		rc = parse_element(json_array_get(list, i), matrix, q, &g, &add[kept_n], &kept,
		                   &hist, err);
		if (rc)
			cairn_err_prefix(err, "result[%zu]", i);
		any_hist |= hist;
		if (kept && !rc)
			kept_n++;
	}
	if (!rc)
		rc = append_series(r, add, kept_n, err);
	if (rc)
		for (size_t i = 0; i <= kept_n && i < k; i++)
			series_fini(&add[i]);
	free(add);
	if (!rc && any_hist && !r->message[0])
		g_strlcpy(r->message, "native histogram samples skipped: not supported",
		          sizeof r->message);
	return rc;
}

static int parse_data(json_t *data, const struct prom_query *q, size_t max_series,
                      struct cairn_result *r, struct cairn_err *err)
{
	const char *type = json_string_value(json_object_get(data, "resultType"));
	json_t *res = json_object_get(data, "result");

	if (!type || !res)
		return cairn_err_set(err, CAIRN_EINVAL, "data without resultType/result");
	if (strcmp(type, "matrix") == 0 || strcmp(type, "vector") == 0) {
		if (!json_is_array(res))
			return cairn_err_set(err, CAIRN_EINVAL, "result is not an array");
		return parse_result_list(res, type[0] == 'm', q, max_series, r, err);
	}
	if (strcmp(type, "scalar") == 0) {
		json_t *wrapped = json_pack("[{s:{}, s:O}]", "metric", "value", res);
		if (!wrapped)
			return cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
		int rc = parse_result_list(wrapped, false, q, max_series, r, err);
		json_decref(wrapped);
		return rc;
	}
	return cairn_err_set(err, CAIRN_EUNSUPPORTED, "result type \"%s\" cannot be drawn", type);
}

static int parse_jansson(const char *body, size_t len, const struct prom_query *q,
                         size_t max_series, struct cairn_result *r, struct cairn_err *err)
{
	json_t *root = NULL, *data = NULL;
	int rc = load_api(body, len, &root, &data, err);
	if (!rc)
		rc = parse_data(data, q, max_series, r, err);
	json_decref(root);
	return rc;
}

/* Matrix answers first go through promjson's one-pass reader (a tenth of
 * jansson's cost on big answers); whatever it declines — errors included,
 * so every message comes from here — is read by jansson. */
static int parse_matrix_fast(const char *body, size_t len, const struct prom_query *q,
                             size_t max_series, struct cairn_result *r, struct cairn_err *err)
{
	struct promjson_grid g;
	struct series *add = NULL;
	size_t n = 0;
	int rc = 0;

	if (make_grid(q, &g, NULL) || r->n_series > max_series ||
	    promjson_parse_matrix(body, len, &g, max_series - r->n_series, &add, &n))
		return PROMJSON_DECLINED;
	for (size_t i = 0; i < n && !rc; i++)
		rc = name_series(&add[i], q, err);
	if (!rc)
		rc = append_series(r, add, n, err);
	if (rc)
		for (size_t i = 0; i < n; i++)
			series_fini(&add[i]);
	free(add);
	return rc;
}

static int parse_query_body(const char *body, size_t len, const struct prom_query *q,
                            size_t max_series, struct cairn_result *r, struct cairn_err *err)
{
	int rc = parse_matrix_fast(body, len, q, max_series, r, err);
	return rc == PROMJSON_DECLINED ? parse_jansson(body, len, q, max_series, r, err) : rc;
}

int prom_parse_matrix(const char *body, size_t len, const struct prom_query *q,
                      struct cairn_result *r, struct budget *b, struct cairn_err *err)
{
	(void)b; /* TODO(budget): series and points come out of b */
	return parse_query_body(body, len, q, CAIRN_MAX_SERIES, r, err);
}

int prom_parse_matrix_reference(const char *body, size_t len, const struct prom_query *q,
                                struct cairn_result *r, struct budget *b,
                                struct cairn_err *err)
{
	(void)b; /* TODO(budget) */
	return parse_jansson(body, len, q, CAIRN_MAX_SERIES, r, err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int prom_parse_label_values(const char *body, size_t len, char ***values, size_t *n,
                            struct cairn_err *err)
{
	json_t *root = NULL, *data = NULL;
	char **v = NULL;
	size_t k = 0;
	int rc = load_api(body, len, &root, &data, err);

	*values = NULL;
	*n = 0;
	if (rc)
		goto fail;
	if (!json_is_array(data) || json_array_size(data) > MAX_LABEL_VALUES) {
		rc = cairn_err_set(err, json_is_array(data) ? CAIRN_ELIMIT : CAIRN_EINVAL,
		                   "label values: expected an array of at most %d strings",
		                   MAX_LABEL_VALUES);
		goto fail;
	}
	v = calloc(json_array_size(data) + 1, sizeof *v);
	if (!v)
		goto nomem;
	for (size_t i = 0; i < json_array_size(data); i++) {
		const char *s = json_string_value(json_array_get(data, i));
		if (!s)
			continue;
		if (!(v[k++] = strdup(s)))
			goto nomem;
	}
	qsort(v, k, sizeof *v, cmp_str);
	json_decref(root);
	*values = v;
	*n = k;
	return 0;
nomem:
	rc = cairn_err_set(err, CAIRN_ENOMEM, "out of memory");
fail:
	prom_strv_free(v, k);
	json_decref(root);
	return rc;
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
	int rc = make_grid(q, &g, err); /* refuse before asking, not after */
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
	json_t *root = x->len ? json_loadb(x->body, x->len, 0, NULL) : NULL;
	const char *st = json_string_value(json_object_get(root, "status"));
	int rc = st && strcmp(st, "error") == 0
	                 ? api_error(root, err)
	                 : cairn_err_set(err, CAIRN_EHTTP, "HTTP %ld from %s", status, x->url);
	json_decref(root);
	return rc;
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
		st = parse_query_body(x->body, x->len, x->q, x->c->max_series, r, &e);
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
