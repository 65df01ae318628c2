/*
 * test_prom_live.c — the Prometheus-API client against a real store: the
 * test Prometheus (tests/harness/prom.sh; CAIRN_TEST_PROM_URL), or with
 * CAIRN_TEST_STORE=victoriametrics the test VictoriaMetrics loaded with the
 * same data (tests/harness/vm.sh; CAIRN_TEST_VM_URL).  One client reuses its
 * connections across batches, label_values calls and threads.  Counted on
 * the server's side, from its own /metrics: the connections its HTTP
 * listener accepted (Prometheus' net_conntrack_listener_conn_accepted_total,
 * VictoriaMetrics' vm_tcplistener_accepts_total) grow by at most
 * max_parallel per thread running batches at once, not by the number of
 * requests.  Both stores answer the batches with the same numbers.
 */
#include <check.h>
Suite *make_suite(void);
#include <curl/curl.h>
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasource/prom.h"

#define T0        1767225600.0 /* 2026-01-01T00:00:00Z, the harness' data */
#define PARALLEL  3
#define BATCHES   5
#define PER_BATCH 8
#define LABELS    4
#define THREADS   4

static bool victoriametrics(void)
{
	const char *s = getenv("CAIRN_TEST_STORE");
	return s && strcmp(s, "victoriametrics") == 0;
}

static const char *prom_url(void)
{
	if (victoriametrics()) {
		const char *u = getenv("CAIRN_TEST_VM_URL");
		if (!u || !*u)
			ck_abort_msg("CAIRN_TEST_VM_URL is not set: start the test VictoriaMetrics "
			             "with `bash tests/harness/vm.sh start DIR PORT BUILDDIR` and "
			             "export CAIRN_TEST_VM_URL=$(bash tests/harness/vm.sh url DIR)");
		return u;
	}
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	if (!u || !*u)
		ck_abort_msg("CAIRN_TEST_PROM_URL is not set: start the test Prometheus with "
		             "`bash tests/harness/prom.sh start DIR PORT BUILDDIR` and export "
		             "CAIRN_TEST_PROM_URL=$(bash tests/harness/prom.sh url DIR)");
	return u;
}

static size_t gather(char *p, size_t size, size_t n, void *ud)
{
	g_string_append_len(ud, p, (gssize)(size * n));
	return size * n;
}

/* The server's count of accepted connections; this fetch is one of them. */
static double accepted(void)
{
	char key[160];
	if (victoriametrics()) /* vm_tcplistener_accepts_total{name="http", addr="127.0.0.1:PORT"} */
		snprintf(key, sizeof key, "vm_tcplistener_accepts_total{name=\"http\", addr=\"%s\"} ",
		         strstr(prom_url(), "://") + 3);
	else
		snprintf(key, sizeof key,
		         "net_conntrack_listener_conn_accepted_total{listener_name=\"http\"} ");
	const char *KEY = key;
	/* VictoriaMetrics serves its /metrics from a snapshot made at most once a
	 * second: wait for a fresh one */
	if (victoriametrics())
		g_usleep(1500 * 1000);
	GString *body = g_string_new(NULL);
	char *url = g_strconcat(prom_url(), "/metrics", NULL);
	CURL *e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, gather);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 10L);
	ck_assert_int_eq(curl_easy_perform(e), CURLE_OK);
	curl_easy_cleanup(e);
	g_free(url);
	const char *at = strstr(body->str, KEY);
	ck_assert_msg(at, "no %s in /metrics", KEY);
	double n = g_ascii_strtod(at + strlen(KEY), NULL);
	g_string_free(body, TRUE);
	return n;
}

static prom_client *client(void);

/* One client for where_the_stores_differ, made on first use. */
static prom_client *kept;
static prom_client *client_kept(void)
{
	if (!kept)
		kept = client();
	return kept;
}

static prom_client *client(void)
{
	struct prom_config cfg = {.url = prom_url(), .max_parallel = PARALLEL, .timeout_s = 20};
	struct cairn_err err = {0};
	prom_client *c = prom_new(&cfg, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	return c;
}

/* One batch of PER_BATCH range queries over the harness' fixed data; the
 * sum of every sample, so threads can compare answers. */
static double batch(prom_client *c, int salt)
{
	struct prom_query qs[PER_BATCH];
	struct cairn_result rs[PER_BATCH];
	char exprs[PER_BATCH][64];
	double sum = 0;

	for (size_t i = 0; i < PER_BATCH; i++) {
		snprintf(exprs[i], sizeof exprs[i], "cairn_test_flat * %zu", i + 1 + (size_t)salt);
		qs[i] = (struct prom_query){.expr = exprs[i], .ref_id = "A", .result_index = i,
		                            .start = T0 + 3600, .end = T0 + 7200, .step = 60};
		result_init(&rs[i]);
	}
	struct cairn_err err = {0};
	ck_assert_int_eq(prom_query_batch(c, qs, PER_BATCH, rs, PER_BATCH, NULL, &err), 0);
	for (size_t i = 0; i < PER_BATCH; i++) {
		ck_assert_msg(rs[i].status == RESULT_OK, "%s: %s", exprs[i], rs[i].message);
		ck_assert_uint_eq(rs[i].n_series, 1);
		ck_assert_uint_eq(rs[i].series[0].n, 61);
		for (size_t k = 0; k < rs[i].series[0].n; k++)
			sum += rs[i].series[0].v[k];
		result_fini(&rs[i]);
	}
	return sum;
}

static void label_values(prom_client *c)
{
	char **v;
	size_t n;
	struct cairn_err err = {0};
	ck_assert_msg(prom_label_values(c, "cairn_test_flat", "__name__", T0, T0 + 21600, NULL, &v,
	                                &n, &err) == 0,
	              "%s", err.msg);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0], "cairn_test_flat");
	prom_strv_free(v, n);
}

START_TEST(connections_reused_across_batches)
{
	prom_client *c = client();
	double before = accepted();
	for (int i = 0; i < BATCHES; i++) {
		ck_assert_double_eq(batch(c, 0), 50.0 * 61 * (PER_BATCH * (PER_BATCH + 1) / 2));
		if (i < LABELS)
			label_values(c);
	}
	double opened = accepted() - before - 1; /* the second /metrics fetch */
	fprintf(stderr, "%d requests over %.0f new connections\n", BATCHES * PER_BATCH + LABELS,
	        opened);
	ck_assert_msg(opened <= PARALLEL, "%.0f connections for %d requests (max_parallel %d)",
	              opened, BATCHES * PER_BATCH + LABELS, PARALLEL);
	prom_free(c);
}
END_TEST

struct worker {
	prom_client *c;
	int salt;
	double sums[BATCHES];
};

static gpointer work(gpointer p)
{
	struct worker *w = p;
	for (int i = 0; i < BATCHES; i++) {
		w->sums[i] = batch(w->c, w->salt);
		label_values(w->c);
	}
	return NULL;
}

/* Many threads on one client: each answer is the one a lone caller gets,
 * and connections still grow with the threads, not with the requests. */
START_TEST(one_client_many_threads)
{
	prom_client *c = client();
	double want[THREADS];
	for (int t = 0; t < THREADS; t++)
		want[t] = batch(c, t);
	double before = accepted();
	struct worker w[THREADS];
	GThread *th[THREADS];
	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct worker){.c = c, .salt = t};
		th[t] = g_thread_new("batch", work, &w[t]);
	}
	for (int t = 0; t < THREADS; t++)
		g_thread_join(th[t]);
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < BATCHES; i++)
			ck_assert_double_eq(w[t].sums[i], want[t]);
	double opened = accepted() - before - 1;
	int requests = THREADS * BATCHES * (PER_BATCH + 1);
	fprintf(stderr, "%d requests from %d threads over %.0f new connections\n", requests,
	        THREADS, opened);
	ck_assert_msg(opened <= THREADS * PARALLEL, "%.0f connections for %d requests", opened,
	              requests);
	prom_free(c);
}
END_TEST

/* ---- where the stores' answers legitimately differ ----
 *
 * The same data, the same queries; each expectation below is the store's
 * documented behaviour, checked for both so that neither drifts silently. */

static void one_query(prom_client *c, const char *expr, bool instant, double start, double end,
                      double step, struct cairn_result *r)
{
	struct prom_query q = {.expr = expr, .ref_id = "A", .instant = instant,
	                       .start = start, .end = end, .step = step};
	struct cairn_err err = {0};
	result_init(r);
	ck_assert_int_eq(prom_query_batch(client_kept(), &q, 1, r, 1, NULL, &err), 0);
	(void)c;
}

START_TEST(where_the_stores_differ)
{
	bool vm = victoriametrics();
	struct cairn_result r;

	/* increase() 30 s into a counter (15 at 00:00, 1015 ... every 15 s, 1000 +
	 * 15 i): Prometheus extrapolates the 30 s it saw towards the window's start
	 * (by half an interval, as the series starts inside the window): 37.5;
	 * VictoriaMetrics does not extrapolate: the 30 that happened. */
	one_query(NULL, "increase(cairn_test_counter_total[1m])", true, T0 + 30, T0 + 30, 15, &r);
	ck_assert_msg(r.status == RESULT_OK && r.n_series == 1, "increase: %s", r.message);
	ck_assert_double_eq_tol(r.series[0].v[r.series[0].n - 1], vm ? 30.0 : 37.5, 1e-9);
	result_fini(&r);
	/* rate() likewise: 0.625 extrapolated, 1 per second as it happened */
	one_query(NULL, "rate(cairn_test_counter_total[1m])", true, T0 + 30, T0 + 30, 15, &r);
	ck_assert_msg(r.status == RESULT_OK && r.n_series == 1, "rate: %s", r.message);
	ck_assert_double_eq_tol(r.series[0].v[r.series[0].n - 1], vm ? 1.0 : 0.625, 1e-9);
	result_fini(&r);

	/* A range query over the start of cairn_test_gap's hole (no samples from
	 * 02:00:00; the last at 01:59:45): Prometheus carries the last sample for
	 * its 5 min lookback, to 02:04; VictoriaMetrics looks back about a step
	 * (and the interval between samples), so its line ends at 02:00. */
	one_query(NULL, "cairn_test_gap", false, T0 + 7080, T0 + 7800, 60, &r);
	ck_assert_msg(r.status == RESULT_OK && r.n_series == 1, "gap: %s", r.message);
	double last = -1;
	for (size_t k = 0; k < r.series[0].n; k++)
		if (!isnan(r.series[0].v[k]))
			last = r.series[0].t[k];
	ck_assert_double_eq(last, vm ? T0 + 7200 : T0 + 7440);
	result_fini(&r);

	/* A series whose every value is NaN: Prometheus answers it (values
	 * "NaN", drawn as nothing), VictoriaMetrics leaves it out of its answer. */
	one_query(NULL, "cairn_test_flat * NaN", false, T0 + 3600, T0 + 3720, 60, &r);
	ck_assert_msg(r.status != RESULT_ERROR, "all-NaN: %s", r.message);
	ck_assert_uint_eq(r.n_series, vm ? 0 : 1);
	for (size_t i = 0; i < r.n_series; i++)
		for (size_t k = 0; k < r.series[i].n; k++)
			ck_assert(isnan(r.series[i].v[k]));
	result_fini(&r);
	prom_free(client_kept());
	kept = NULL;
}
END_TEST

static void setup(void)
{
	ck_assert_int_eq(prom_global_init(), 0);
}

static void teardown(void)
{
	prom_global_cleanup();
}

Suite *make_suite(void)
{
	Suite *s = suite_create(victoriametrics() ? "datasource/prom_live (VictoriaMetrics)"
	                                          : "datasource/prom_live (Prometheus)");
	TCase *tc = tcase_create("reuse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, connections_reused_across_batches);
	tcase_add_test(tc, one_client_many_threads);
	tcase_add_test(tc, where_the_stores_differ);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
