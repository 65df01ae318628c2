/*
 * promparse.c — Prometheus HTTP API answers (query, query_range, label
 * values) parsed at the edge into plain series (frame.h): the jansson
 * reference path, with promjson.c's one-pass reader in front of it for
 * matrix answers.  Every message about an answer's content comes from here.
 * json_t stays in this file.
 *
 * Not here: HTTP (promhttp.c), the client and its batches (prom.c).
 */
#include "datasource/promparse.h"

#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/legend.h"
#include "datasource/promjson.h"

#define MAX_LABEL_VALUES  100000
#define NAME_CAP          1024
#define SNIPPET_LEN       48

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

static int api_error_json(json_t *root, struct cairn_err *err)
{
	const char *type = json_string_value(json_object_get(root, "errorType"));
	const char *msg = json_string_value(json_object_get(root, "error"));
	return cairn_err_set(err, CAIRN_EQUERY, "%s: %s", type ? type : "error",
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
		return api_error_json(*root, err);
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

/* ---- the request's budget ------------------------------------------------ */

struct budget *promparse_budget(struct budget *b, struct budget *own)
{
	if (b)
		return b;
	struct cairn_limits l;
	limits_default(&l);
	l.deadline_s = PROMPARSE_NO_DEADLINE_S;
	budget_init(own, &l);
	return own;
}

static uint64_t budget_max(const struct budget *b, enum budget_kind k)
{
	return k == BUDGET_SERIES ? b->lim.max_series : b->lim.max_points;
}

/* What is left of series or points, capped so that sizes in bytes of that
 * many samples always fit a size_t. */
static size_t budget_room(const struct budget *b, enum budget_kind k)
{
	uint64_t max = budget_max(b, k), used = atomic_load(&b->used[k]);
	uint64_t left = used < max ? max - used : 0;
	return left < SIZE_MAX / 32 ? (size_t)left : SIZE_MAX / 32;
}

static const char *ref(const struct prom_query *q)
{
	return q->ref_id ? q->ref_id : "";
}

int promparse_take_answer(struct budget *b, const struct prom_query *q, size_t series,
                       size_t points, struct cairn_err *err)
{
	if (budget_take(b, BUDGET_SERIES, series, err)) {
		cairn_err_prefix(err, "query %s returned %zu series", ref(q), series);
		return CAIRN_ELIMIT;
	}
	if (budget_take(b, BUDGET_POINTS, points, err)) {
		budget_give(b, BUDGET_SERIES, series);
		cairn_err_prefix(err, "query %s returned %zu points", ref(q), points);
		return CAIRN_ELIMIT;
	}
	return 0;
}

static void give_answer(struct budget *b, size_t series, size_t points)
{
	budget_give(b, BUDGET_SERIES, series);
	budget_give(b, BUDGET_POINTS, points);
}

/* n == 0: no grid (instant queries keep Prometheus' timestamps). */
int promparse_grid(const struct prom_query *q, struct budget *b, struct promjson_grid *g,
                   struct cairn_err *err)
{
	memset(g, 0, sizeof *g);
	/* step 0: an answer saved earlier (cairn render --data) keeps its own
	 * timestamps, since its step is not this plan's. */
	if (q->instant || (q->step == 0 && q->start == 0 && q->end == 0))
		return 0;
	if (!(q->step > 0) || !isfinite(q->start) || !isfinite(q->end) || q->end < q->start)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "query %s: bad range (start %.3f, end %.3f, step %g)",
		                     ref(q), q->start, q->end, q->step);
	double n = floor((q->end - q->start) / q->step + 1e-9) + 1;
	if (n > (double)budget_room(b, BUDGET_POINTS))
		return cairn_err_set(
		        err, CAIRN_ELIMIT,
		        "query %s would return %.0f points per series, over the request's budget "
		        "of %llu points (increase the step or narrow the time range)",
		        ref(q), n, (unsigned long long)b->lim.max_points);
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
	s->labels = g_new0(struct label, k ? k : 1);
	json_object_foreach(metric, key, val)
	{
		if (!json_is_string(val))
			continue;
		struct label *l = &s->labels[s->n_labels++];
		l->name = g_strdup(key);
		l->value = g_strdup(json_string_value(val));
	}
	qsort(s->labels, s->n_labels, sizeof *s->labels, cmp_label);
	return 0;
}

/* n is within the budget, taken before (promparse_take_answer). */
static void alloc_points(struct series *s, size_t n)
{
	s->t = g_new(double, n ? n : 1);
	s->v = g_new(double, n ? n : 1);
	s->n = n;
}

/* Range answers go onto the step grid with NaN where Prometheus sent no
 * sample: that is Grafana's null insertion, and what render draws as gaps. */
static int fill_grid(json_t *values, const struct promjson_grid *g, struct series *s,
                     struct cairn_err *err)
{
	alloc_points(s, g->n);
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
	alloc_points(s, n);
	for (size_t i = 0; i < n; i++) {
		json_t *pair = one_pair ? values : json_array_get(values, i);
		if (parse_pair(pair, &s->t[i], &s->v[i]))
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "value[%zu] is not a [time, \"value\"] pair", i);
	}
	return 0;
}

void promparse_name_series(struct series *s, const struct prom_query *q)
{
	struct legend_label ll[CAIRN_MAX_LABELS];
	char buf[NAME_CAP];

	for (size_t i = 0; i < s->n_labels; i++)
		ll[i] = (struct legend_label){s->labels[i].name, s->labels[i].value};
	legend_format(q->legend_format, ll, s->n_labels, buf, sizeof buf);
	/* Grafana names a label-less series by its query text. */
	s->name = g_strdup(buf[0] ? buf : (q->expr ? q->expr : ""));
	g_strlcpy(s->ref_id, ref(q), sizeof s->ref_id);
	s->target_index = q->target_index;
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
	if (!rc)
		promparse_name_series(s, q);
	return rc;
}


/* What an answer would keep: its series with samples (elements with only
 * native histograms are skipped) and their samples, grid slots included. */
static void count_answer(json_t *list, bool matrix, const struct promjson_grid *g,
                         size_t *series, size_t *points)
{
	size_t i;
	json_t *el;

	*series = *points = 0;
	json_array_foreach(list, i, el)
	{
		json_t *vals = json_object_get(el, matrix ? "values" : "value");
		if (!vals)
			continue;
		size_t n = !matrix ? 1 : g->n ? g->n : json_array_size(vals);
		(*series)++;
		*points = n > SIZE_MAX - *points ? SIZE_MAX : *points + n;
	}
}

/* Series and points are taken from the budget before any is allocated and
 * given back when the answer is refused, so r and b keep what they had. */
static int parse_result_list(json_t *list, bool matrix, const struct prom_query *q,
                             struct budget *b, struct cairn_result *r, struct cairn_err *err)
{
	struct promjson_grid g;
	size_t k = json_array_size(list), kept_n = 0, series, points;
	bool any_hist = false;
	int rc = promparse_grid(q, b, &g, err);

	if (rc)
		return rc;
	count_answer(list, matrix, &g, &series, &points);
	if ((rc = promparse_take_answer(b, q, series, points, err)))
		return rc;
	struct series *add = g_new0(struct series, k ? k : 1);
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
	if (!rc) {
		result_append(r, add, kept_n);
	} else {
		for (size_t i = 0; i <= kept_n && i < k; i++)
			series_fini(&add[i]);
		give_answer(b, series, points);
	}
	g_free(add);
	if (!rc && any_hist && !r->message[0])
		g_strlcpy(r->message, "native histogram samples skipped: not supported",
		          sizeof r->message);
	return rc;
}

static int parse_data(json_t *data, const struct prom_query *q, struct budget *b,
                      struct cairn_result *r, struct cairn_err *err)
{
	const char *type = json_string_value(json_object_get(data, "resultType"));
	json_t *res = json_object_get(data, "result");

	if (!type || !res)
		return cairn_err_set(err, CAIRN_EINVAL, "data without resultType/result");
	if (strcmp(type, "matrix") == 0 || strcmp(type, "vector") == 0) {
		if (!json_is_array(res))
			return cairn_err_set(err, CAIRN_EINVAL, "result is not an array");
		return parse_result_list(res, type[0] == 'm', q, b, r, err);
	}
	if (strcmp(type, "scalar") == 0) {
		json_t *wrapped = json_pack("[{s:{}, s:O}]", "metric", "value", res);
		if (!wrapped) /* jansson's allocation failed: abort, as ours do */
			g_error("promparse: out of memory");
		int rc = parse_result_list(wrapped, false, q, b, r, err);
		json_decref(wrapped);
		return rc;
	}
	return cairn_err_set(err, CAIRN_EUNSUPPORTED, "result type \"%s\" cannot be drawn", type);
}

static int parse_jansson(const char *body, size_t len, const struct prom_query *q,
                         struct budget *b, struct cairn_result *r, struct cairn_err *err)
{
	json_t *root = NULL, *data = NULL;
	int rc = load_api(body, len, &root, &data, err);
	if (!rc)
		rc = parse_data(data, q, b, r, err);
	json_decref(root);
	return rc;
}

/* Matrix answers first go through promjson's one-pass reader (a tenth of
 * jansson's cost on big answers), capped by what is left of the budget;
 * whatever it declines — errors and caps included, so every message comes
 * from here — is read by jansson. */
static int parse_matrix_fast(const char *body, size_t len, const struct prom_query *q,
                             struct budget *b, struct cairn_result *r, struct cairn_err *err)
{
	struct promjson_grid g;
	struct series *add = NULL;
	size_t n = 0, points = 0;
	int rc = 0;

	if (promparse_grid(q, b, &g, NULL) ||
	    promjson_parse_matrix(body, len, &g, budget_room(b, BUDGET_SERIES),
	                          budget_room(b, BUDGET_POINTS), &add, &n, &points))
		return PROMJSON_DECLINED;
	/* Another thread may have taken from the budget meanwhile. */
	if ((rc = promparse_take_answer(b, q, n, points, err))) {
		for (size_t i = 0; i < n; i++)
			series_fini(&add[i]);
	} else {
		for (size_t i = 0; i < n; i++)
			promparse_name_series(&add[i], q);
		result_append(r, add, n);
	}
	free(add);
	return rc;
}

int promparse_query_body(const char *body, size_t len, const struct prom_query *q,
                         struct budget *b, struct cairn_result *r, struct cairn_err *err)
{
	int rc = parse_matrix_fast(body, len, q, b, r, err);
	return rc == PROMJSON_DECLINED ? parse_jansson(body, len, q, b, r, err) : rc;
}

int prom_parse_matrix(const char *body, size_t len, const struct prom_query *q,
                      struct cairn_result *r, struct budget *b, struct cairn_err *err)
{
	struct budget own;
	return promparse_query_body(body, len, q, promparse_budget(b, &own), r, err);
}

int prom_parse_matrix_reference(const char *body, size_t len, const struct prom_query *q,
                                struct cairn_result *r, struct budget *b,
                                struct cairn_err *err)
{
	struct budget own;
	return parse_jansson(body, len, q, promparse_budget(b, &own), r, err);
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
	v = g_new0(char *, json_array_size(data) + 1);
	for (size_t i = 0; i < json_array_size(data); i++) {
		const char *s = json_string_value(json_array_get(data, i));
		if (s)
			v[k++] = g_strdup(s);
	}
	qsort(v, k, sizeof *v, cmp_str);
	json_decref(root);
	*values = v;
	*n = k;
	return 0;
fail: /* before anything is allocated */
	json_decref(root);
	return rc;
}

int promparse_error_body(const char *body, size_t len, struct cairn_err *err)
{
	json_t *root = len ? json_loadb(body, len, 0, NULL) : NULL;
	const char *st = json_string_value(json_object_get(root, "status"));
	int rc = st && strcmp(st, "error") == 0 ? api_error_json(root, err) : 0;
	json_decref(root);
	return rc;
}
