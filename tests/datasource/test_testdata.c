/*
 * test_testdata.c — the offline generator: deterministic bytes, magnitudes
 * that follow metric names, labels from the selector, the step grid.
 */
#include <check.h>
Suite *make_suite(void);
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "datasource/prom.h"
#include "datasource/testdata.h"

#define T0 1700000000.0

static struct prom_query q_of(const char *expr)
{
	return (struct prom_query){
	        .expr = expr, .ref_id = "A", .start = T0, .end = T0 + 6 * 3600, .step = 30};
}

static void run(const struct prom_query *q, struct cairn_result *r)
{
	struct cairn_err err = {0};
	result_init(r);
	ck_assert_int_eq(testdata_query(q, NULL, r, &err), 0);
	ck_assert_uint_ge(r->n_series, 1);
	ck_assert_uint_le(r->n_series, 4);
}

static bool same_bytes(const struct cairn_result *a, const struct cairn_result *b)
{
	if (a->n_series != b->n_series)
		return false;
	for (size_t i = 0; i < a->n_series; i++) {
		const struct series *x = &a->series[i], *y = &b->series[i];
		if (x->n != y->n || strcmp(x->name, y->name) != 0 ||
		    memcmp(x->t, y->t, x->n * sizeof *x->t) != 0 ||
		    memcmp(x->v, y->v, x->n * sizeof *x->v) != 0)
			return false;
	}
	return true;
}

START_TEST(deterministic)
{
	struct prom_query q = q_of("rate(node_network_receive_bytes_total[5m])");
	struct cairn_result a, b, c;
	run(&q, &a);
	run(&q, &b);
	ck_assert(same_bytes(&a, &b));
	struct prom_query q2 = q_of("rate(node_network_transmit_bytes_total[5m])");
	run(&q2, &c);
	ck_assert(!same_bytes(&a, &c));
	result_fini(&a);
	result_fini(&b);
	result_fini(&c);
}
END_TEST

START_TEST(values_depend_on_time_only)
{
	/* a range shifted by whole steps agrees where it overlaps */
	struct prom_query q = q_of("node_load1");
	struct prom_query q2 = q;
	q2.start += 600;
	q2.end += 600;
	struct cairn_result a, b;
	run(&q, &a);
	run(&q2, &b);
	ck_assert_uint_eq(a.n_series, b.n_series);
	ck_assert_double_eq(a.series[0].t[20], b.series[0].t[0]);
	ck_assert_double_eq(a.series[0].v[20], b.series[0].v[0]);
	result_fini(&a);
	result_fini(&b);
}
END_TEST

START_TEST(grid)
{
	struct prom_query q = q_of("foo");
	struct cairn_result r;
	run(&q, &r);
	ck_assert_uint_eq(r.series[0].n, 721); /* 6 h / 30 s + 1 */
	ck_assert_double_eq(r.series[0].t[0], T0);
	ck_assert_double_eq(r.series[0].t[720], T0 + 21600);
	ck_assert_uint_eq(r.points, 721 * r.n_series);
	for (size_t i = 0; i < r.series[0].n; i++)
		ck_assert(isfinite(r.series[0].v[i]));
	result_fini(&r);

	q.instant = true;
	run(&q, &r);
	ck_assert_uint_eq(r.series[0].n, 1);
	ck_assert_double_eq(r.series[0].t[0], q.end);
	result_fini(&r);

	struct cairn_err err = {0};
	q = q_of("foo");
	q.step = 0.5;
	result_init(&r);
	/* the request's budget caps points, not a per-series limit */
	struct cairn_limits l;
	limits_default(&l);
	l.max_points = 1000;
	struct budget b;
	budget_init(&b, &l);
	ck_assert_int_eq(testdata_query(&q, &b, &r, &err), CAIRN_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "over the request's budget of 1000 points"));
	ck_assert_uint_eq(r.n_series, 0);
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_POINTS]), 0);
	ck_assert_int_eq(testdata_query(&q, NULL, &r, &err), 0);
	ck_assert_uint_gt(r.points, 11000);
	result_fini(&r);
}
END_TEST

static void range_of(const char *expr, double lo, double hi)
{
	struct prom_query q = q_of(expr);
	q.end = T0 + 7 * 86400;
	q.step = 600;
	struct cairn_result r;
	run(&q, &r);
	double mn = INFINITY, mx = -INFINITY;
	for (size_t s = 0; s < r.n_series; s++)
		for (size_t i = 0; i < r.series[s].n; i++) {
			mn = fmin(mn, r.series[s].v[i]);
			mx = fmax(mx, r.series[s].v[i]);
		}
	ck_assert_msg(mn >= lo && mx <= hi, "%s: %g..%g outside %g..%g", expr, mn, mx, lo, hi);
	/* and it moves: not a flat line (except `up`) */
	if (lo != hi)
		ck_assert_msg(mx - mn > (hi - lo) * 0.05, "%s: flat %g..%g", expr, mn, mx);
	result_fini(&r);
}

START_TEST(magnitudes)
{
	range_of("1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}[$__rate_interval]))", 0, 1);
	range_of("rate(node_cpu_seconds_total{mode=\"user\"}[5m])", 0, 1);
	range_of("node_load5", 0, 4);
	range_of("100 * node_filesystem_avail_bytes / node_filesystem_size_bytes * 100", 0, 100);
	range_of("node_memory_MemAvailable_bytes", 1e6, 32 * 1073741824.0);
	range_of("rate(node_disk_read_bytes_total[5m])", 0, 50e6);
	range_of("up{job=\"node\"}", 1, 1);
	range_of("some_random_gauge", 0, 100);
}
END_TEST

START_TEST(labels_from_selector)
{
	struct prom_query q = q_of("node_cpu_seconds_total{job=\"node\", mode!=\"idle\", "
	                           "instance=~\"a.*\", env = \"prod\"}");
	q.legend_format = "{{cpu}} {{job}} {{env}} {{mode}}";
	struct cairn_result r;
	run(&q, &r);
	const struct series *s = &r.series[0];
	/* sorted: __name__, cpu, env, job, mode; no instance (regex); mode is
	 * invented because the legend asks for it, avoiding the negated "idle" */
	ck_assert_uint_eq(s->n_labels, 5);
	ck_assert_str_eq(s->labels[0].name, "__name__");
	ck_assert_str_eq(s->labels[0].value, "node_cpu_seconds_total");
	ck_assert_str_eq(s->labels[1].name, "cpu");
	ck_assert_str_eq(s->labels[2].name, "env");
	ck_assert_str_eq(s->labels[2].value, "prod");
	ck_assert_str_eq(s->labels[3].name, "job");
	ck_assert_str_eq(s->labels[4].name, "mode");
	ck_assert_str_eq(s->name, "0 node prod user");
	if (r.n_series > 1)
		ck_assert_str_eq(r.series[1].name, "1 node prod system");
	result_fini(&r);

	q.expr = "node_cpu_seconds_total{mode!=\"user\"}";
	q.legend_format = "{{mode}}";
	run(&q, &r);
	ck_assert_str_eq(r.series[0].name, "system");
	result_fini(&r);

	/* a function drops __name__; instance varies; sum without by is one series */
	q = q_of("rate(http_requests_total{job=\"api\"}[5m])");
	run(&q, &r);
	ck_assert_str_eq(r.series[0].labels[0].name, "instance");
	ck_assert_str_eq(r.series[0].labels[0].value, "node-1:9100");
	ck_assert_str_eq(r.series[0].name, "{instance=\"node-1:9100\", job=\"api\"}");
	result_fini(&r);

	q = q_of("sum(rate(http_requests_total[5m])) by (code)");
	run(&q, &r);
	ck_assert_str_eq(r.series[0].labels[0].name, "code");
	ck_assert_str_eq(r.series[0].labels[0].value, "code-1");
	result_fini(&r);

	q = q_of("sum(rate(http_requests_total[5m]))");
	run(&q, &r);
	ck_assert_uint_eq(r.n_series, 1);
	result_fini(&r);

	/* every identifying label pinned: one series, as Prometheus would answer */
	q = q_of("node_memory_MemAvailable_bytes{instance=\"node-2:9100\"}");
	run(&q, &r);
	ck_assert_uint_eq(r.n_series, 1);
	ck_assert_str_eq(r.series[0].name,
	                 "node_memory_MemAvailable_bytes{instance=\"node-2:9100\"}");
	result_fini(&r);

	/* a `!=` matcher removes that value from the varying label */
	for (int i = 0; i < 16; i++) {
		char expr[96];
		snprintf(expr, sizeof expr,
		         "rate(node_network_receive_bytes_total{device!=\"lo\", x=\"%d\"}[5m])", i);
		q = q_of(expr);
		run(&q, &r);
		for (size_t k = 0; k < r.n_series; k++)
			ck_assert_ptr_null(strstr(r.series[k].name, "\"lo\""));
		result_fini(&r);
	}
}
END_TEST

START_TEST(series_count_varies)
{
	bool seen[5] = {false};
	char expr[64];
	for (int i = 0; i < 64; i++) {
		snprintf(expr, sizeof expr, "metric_%d", i);
		struct prom_query q = q_of(expr);
		struct cairn_result r;
		run(&q, &r);
		seen[r.n_series] = true;
		result_fini(&r);
	}
	ck_assert(seen[1] && seen[2] && seen[3] && seen[4]);
}
END_TEST

START_TEST(through_the_client)
{
	struct prom_config cfg = {.url = "testdata"};
	prom_client *c = prom_new(&cfg, NULL);
	ck_assert(prom_is_testdata(c));
	struct prom_query qs[2] = {q_of("node_load1"), q_of("node_load5")};
	qs[1].result_index = 1;
	qs[1].step = 0; /* broken: an error for that panel only */
	struct cairn_result rs[2];
	result_init(&rs[0]);
	result_init(&rs[1]);
	ck_assert_int_eq(prom_query_batch(c, qs, 2, rs, 2, NULL, NULL), 0);
	ck_assert_int_eq(rs[0].status, RESULT_OK);
	ck_assert_int_eq(rs[1].status, RESULT_ERROR);
	ck_assert_ptr_nonnull(strstr(rs[1].message, "bad range"));
	result_fini(&rs[0]);
	result_fini(&rs[1]);
	prom_free(c);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("datasource/testdata");
	TCase *tc = tcase_create("testdata");
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, values_depend_on_time_only);
	tcase_add_test(tc, grid);
	tcase_add_test(tc, magnitudes);
	tcase_add_test(tc, labels_from_selector);
	tcase_add_test(tc, series_count_varies);
	tcase_add_test(tc, through_the_client);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
