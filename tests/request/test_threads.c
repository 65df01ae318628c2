/*
 * test_threads.c — request/ is safe from many threads: N different requests
 * (dashboards, panels, themes, formats, variables, saved answers as bytes)
 * run from N threads at once on one request_ctx give exactly the bytes and
 * reports the same requests give one by one.  The ThreadSanitizer build
 * (tests/run-all.sh) runs this suite too.
 */
#include <check.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dashboards/load.h"
#include "request/request.h"
#include "tests/test_main.h"

#define NOW 1767247200.0   /* 2026-01-01T06:00:00Z */
#define ROUNDS 2

struct spec {
	const char *dashboard;
	int panel_id;
	enum theme_kind theme;
	enum render_format format;
	const char *var_name, *var_value;
	const char *data_ref, *data_file;   /* one saved answer, read into bytes */
	bool expand_rows;
};

static const struct spec specs[] = {
	{ .dashboard = SOURCE_ROOT "/examples/node-overview.json", .format = FMT_PNG },
	{ .dashboard = SOURCE_ROOT "/examples/node-overview.json", .panel_id = 3,
		.theme = THEME_LIGHT, .format = FMT_SVG },
	{ .dashboard = SOURCE_ROOT "/examples/korean.json", .theme = THEME_LIGHT },
	{ .dashboard = CORPUS_DIR "/dashboards/kube-prometheus__nodes.json", .expand_rows = true },
	{ .dashboard = CORPUS_DIR "/dashboards/kube-prometheus__nodes.json", .panel_id = 2,
		.theme = THEME_LIGHT, .data_ref = "A",
		.data_file = REF_DIR "/data/nodes_cpu.json" },
	{ .dashboard = CORPUS_DIR "/dashboards/rfmoz__node-exporter-full.json",
		.format = FMT_PDF },
	{ .dashboard = FIXTURES "/title-var.json", .theme = THEME_LIGHT, .var_name = "node",
		.var_value = "$__all" },
	{ .dashboard = FIXTURES "/title-var.json", .panel_id = 1, .format = FMT_SVG,
		.var_name = "node", .var_value = "b" },
	{ .dashboard = CORPUS_DIR "/dashboards/kube-prometheus__apiserver.json",
		.theme = THEME_LIGHT },
};
#define N_SPECS G_N_ELEMENTS(specs)

struct job {
	const struct spec *spec;
	struct cairn_dashboard *dash;
	struct request_var var;
	struct request_data data;
	char *data_body;
	request_ctx *ctx;
	/* results */
	int rc;
	struct cairn_err err;
	struct render_out out;
	char *report;          /* the report without its timings */
};

static request_ctx *ctx_new(void)
{
	struct cairn_err err = { 0 };
	struct request_ctx_config cfg = { .fonts_dir = CAIRN_FONTS_DIR,
		.datasource = { .url = "testdata" }, .threads = 2 };
	request_ctx *ctx = request_ctx_new(&cfg, &err);
	ck_assert_msg(ctx != NULL, "%s", err.msg);
	return ctx;
}

static void job_init(struct job *j, const struct spec *s, request_ctx *ctx)
{
	struct cairn_err err = { 0 };
	memset(j, 0, sizeof *j);
	j->spec = s;
	j->ctx = ctx;
	j->dash = dash_load_file(s->dashboard, &err);
	ck_assert_msg(j->dash != NULL, "%s: %s", s->dashboard, err.msg);
	if (s->data_file) {
		gsize len = 0;
		ck_assert(g_file_get_contents(s->data_file, &j->data_body, &len, NULL));
		j->data = (struct request_data){ s->data_ref, j->data_body, len, s->data_file };
	}
	j->var = (struct request_var){ s->var_name, s->var_value };
}

static void job_clear_results(struct job *j)
{
	free(j->out.bytes);
	free(j->report);
	j->out = (struct render_out){ 0 };
	j->report = NULL;
	j->rc = -1;
}

static void job_fini(struct job *j)
{
	job_clear_results(j);
	g_free(j->data_body);
	dash_free(j->dash);
}

/* The report with what legitimately varies between runs (times) zeroed. */
static char *stable_report(struct request_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		rep->panels[i].query_ms = rep->panels[i].render_ms = 0;
	char *json = request_report_json(rep);
	GString *s = g_string_new(json);
	free(json);
	for (char **w = rep->warnings; w && *w; w++)
		g_string_append_printf(s, "\nwarning: %s", *w);
	return g_string_free(s, FALSE);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	const struct spec *s = j->spec;
	struct request req = {
		.dash = j->dash,
		.panel_id = s->panel_id,
		.from = "2026-01-01T00:00:00Z",
		.to = "2026-01-01T06:00:00Z",
		.now = NOW,
		.width = s->panel_id ? 700 : 1000,
		.theme = s->theme,
		.format = s->format,
		.vars = s->var_name ? &j->var : NULL,
		.n_vars = s->var_name ? 1 : 0,
		.data = s->data_file ? &j->data : NULL,
		.n_data = s->data_file ? 1 : 0,
		.expand_rows = s->expand_rows,
	};
	struct request_report rep;
	j->rc = request_run(j->ctx, &req, &j->out, &rep, &j->err);
	if (j->rc == 0) {
		j->report = stable_report(&rep);
		request_report_fini(&rep);
	}
	return NULL;
}

/* Cairo numbers surfaces with a process-wide counter, so SVG ids depend on
 * what else was drawn meanwhile, and a PDF carries its creation time: both
 * are cut out before comparing. */
static void strip_varying(struct render_out *o)
{
	static const char *const keys[] = { "surface", "pattern", "clip", "mask", "image",
		"/CreationDate (" };
	size_t w = 0;
	for (size_t r = 0; r < o->len;) {
		size_t klen = 0;
		for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
			size_t n = strlen(keys[k]);
			if (r + n <= o->len && memcmp(o->bytes + r, keys[k], n) == 0)
				klen = n;
		}
		if (!klen) {
			o->bytes[w++] = o->bytes[r++];
			continue;
		}
		memmove(o->bytes + w, o->bytes + r, klen);
		w += klen;
		r += klen;
		while (r < o->len && ((o->bytes[r] >= '0' && o->bytes[r] <= '9') ||
			o->bytes[r] == 'D' || o->bytes[r] == ':' || o->bytes[r] == '\'' ||
			o->bytes[r] == '+' || o->bytes[r] == 'Z' || o->bytes[r] == '-'))
			r++;
	}
	o->len = w;
}

static void assert_same(const struct job *ref, struct job *got, int round)
{
	const char *name = ref->spec->dashboard;
	ck_assert_msg(got->rc == 0, "round %d, %s: %s", round, name, got->err.msg);
	if (ref->spec->format != FMT_PNG)
		strip_varying(&got->out);
	ck_assert_msg(got->out.len == ref->out.len &&
			memcmp(got->out.bytes, ref->out.bytes, ref->out.len) == 0,
		"round %d, %s panel %d: %zu bytes differ from the %zu drawn alone", round, name,
		ref->spec->panel_id, got->out.len, ref->out.len);
	ck_assert_msg(strcmp(got->report, ref->report) == 0, "round %d, %s: report\n%s\nwant\n%s",
		round, name, got->report, ref->report);
}

START_TEST(concurrent_requests_give_the_bytes_of_sequential_ones)
{
	ck_assert_int_eq(prom_global_init(), 0);
	request_ctx *ctx = ctx_new();
	struct job ref[N_SPECS], got[N_SPECS];

	/* one by one */
	for (size_t i = 0; i < N_SPECS; i++) {
		job_init(&ref[i], &specs[i], ctx);
		job_run(&ref[i]);
		ck_assert_msg(ref[i].rc == 0, "%s: %s", specs[i].dashboard, ref[i].err.msg);
		ck_assert_uint_gt(ref[i].out.len, 100);
		if (specs[i].format != FMT_PNG)
			strip_varying(&ref[i].out);
	}
	/* all at once, each thread its own request; twice */
	for (size_t i = 0; i < N_SPECS; i++)
		job_init(&got[i], &specs[i], ctx);
	for (int round = 0; round < ROUNDS; round++) {
		pthread_t th[N_SPECS];
		for (size_t i = 0; i < N_SPECS; i++)
			ck_assert_int_eq(pthread_create(&th[i], NULL, job_run, &got[i]), 0);
		for (size_t i = 0; i < N_SPECS; i++)
			pthread_join(th[i], NULL);
		for (size_t i = 0; i < N_SPECS; i++) {
			assert_same(&ref[i], &got[i], round);
			job_clear_results(&got[i]);
		}
	}
	for (size_t i = 0; i < N_SPECS; i++) {
		job_fini(&ref[i]);
		job_fini(&got[i]);
	}
	request_ctx_free(ctx);
	prom_global_cleanup();
}
END_TEST

/* Requests sharing one dashboard (read only) at once, as a server serving
 * one popular dashboard does. */
START_TEST(one_dashboard_shared_by_many_requests)
{
	ck_assert_int_eq(prom_global_init(), 0);
	request_ctx *ctx = ctx_new();
	enum { N = 6 };
	struct job ref, got[N];
	job_init(&ref, &specs[0], ctx);
	job_run(&ref);
	ck_assert_msg(ref.rc == 0, "%s", ref.err.msg);
	pthread_t th[N];
	for (int i = 0; i < N; i++) {
		got[i] = ref;   /* the same dashboard and spec */
		got[i].out = (struct render_out){ 0 };
		got[i].report = NULL;
		got[i].data_body = NULL;
		ck_assert_int_eq(pthread_create(&th[i], NULL, job_run, &got[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < N; i++) {
		assert_same(&ref, &got[i], i);
		job_clear_results(&got[i]);
	}
	job_fini(&ref);
	request_ctx_free(ctx);
	prom_global_cleanup();
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("request_threads");
	TCase *tc = tcase_create("threads");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, concurrent_requests_give_the_bytes_of_sequential_ones);
	tcase_add_test(tc, one_dashboard_shared_by_many_requests);
	suite_add_tcase(s, tc);
	return s;
}
