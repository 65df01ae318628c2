/* examples/cairn-overview.json, the dashboard of cairn itself: it uses only the
 * metric names metrics.h promises, its PromQL parses (promtool check
 * rules), and `cairn render --prometheus testdata --strict` draws every
 * panel. */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DASHBOARD SOURCE_ROOT "/examples/cairn-overview.json"

/* The families metrics.h names (its comment abbreviates the cache counters
 * as "cairn_query_cache_hits_total / _misses_total / ..."). */
static const char *const families[] = {
	"cairn_http_requests_total", "cairn_http_request_duration_seconds",
	"cairn_http_response_bytes_total", "cairn_render_duration_seconds",
	"cairn_query_duration_seconds", "cairn_datasource_errors_total",
	"cairn_query_cache_hits_total", "cairn_query_cache_misses_total",
	"cairn_query_cache_coalesced_total", "cairn_query_cache_incremental_total",
	"cairn_query_cache_bytes", "cairn_query_cache_entries", "cairn_image_cache_hits_total",
	"cairn_image_cache_misses_total", "cairn_image_cache_bytes", "cairn_queue_depth",
	"cairn_requests_in_flight", "cairn_dashboards_loaded", "cairn_dashboards_failed",
	"cairn_build_info", "process_resident_memory_bytes", "process_virtual_memory_bytes",
	"process_cpu_seconds_total", "process_open_fds", "process_start_time_seconds",
};

static json_t *load(void)
{
	json_error_t err;
	json_t *d = json_load_file(DASHBOARD, 0, &err);
	ck_assert_msg(d != NULL, "%s:%d: %s", DASHBOARD, err.line, err.text);
	return d;
}

/* Every target's expr and every query variable's query, in order. */
static GPtrArray *expressions(json_t *d)
{
	GPtrArray *out = g_ptr_array_new();
	size_t i, k;
	json_t *p, *t;
	json_array_foreach(json_object_get(d, "panels"), i, p) {
		json_array_foreach(json_object_get(p, "targets"), k, t) {
			ck_assert_str_eq(json_string_value(json_object_get(
						 json_object_get(t, "datasource"), "uid")),
				"${DS_PROMETHEUS}");
			g_ptr_array_add(out, (char *)json_string_value(json_object_get(t, "expr")));
		}
	}
	json_array_foreach(json_object_get(json_object_get(d, "templating"), "list"), i, p) {
		json_t *q = json_object_get(json_object_get(p, "query"), "query");
		if (json_is_string(q))
			g_ptr_array_add(out, (char *)json_string_value(q));
	}
	return out;
}

/* Grafana's variables replaced by what a rule file can hold;
 * label_values(SELECTOR, label) becomes its selector. */
static char *plain_promql(const char *expr)
{
	char *sel = NULL;
	if (g_str_has_prefix(expr, "label_values(")) {
		const char *comma = strrchr(expr, ',');
		ck_assert_ptr_nonnull(comma);
		sel = g_strndup(expr + 13, (gsize)(comma - expr - 13));
		expr = sel;
	}
	gchar **parts = g_strsplit(expr, "$__rate_interval", -1);
	char *s1 = g_strjoinv("1m", parts);
	g_strfreev(parts);
	parts = g_strsplit(s1, "$job", -1);
	char *s2 = g_strjoinv(".*", parts);
	g_strfreev(parts);
	parts = g_strsplit(s2, "$instance", -1);
	char *s3 = g_strjoinv(".*", parts);
	g_strfreev(parts);
	g_free(s1);
	g_free(s2);
	g_free(sel);
	return s3;
}

START_TEST(shape)
{
	json_t *d = load();
	ck_assert_int_eq(json_integer_value(json_object_get(d, "schemaVersion")), 39);
	ck_assert_str_eq(json_string_value(json_object_get(d, "uid")), "cairn");
	GPtrArray *e = expressions(d);
	ck_assert_uint_ge(e->len, 15);
	g_ptr_array_free(e, TRUE);
	json_decref(d);
}
END_TEST

START_TEST(only_promised_names)
{
	json_t *d = load();
	GPtrArray *e = expressions(d);
	GRegex *re = g_regex_new("\\b(?:cairn|process)_[a-z_]+", 0, 0, NULL);
	int checked = 0;
	for (size_t i = 0; i < e->len; i++) {
		GMatchInfo *m;
		g_regex_match(re, g_ptr_array_index(e, i), 0, &m);
		for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
			char *name = g_match_info_fetch(m, 0);
			/* A histogram's series are its family name plus a suffix. */
			const char *suffixes[] = {"_bucket", "_sum", "_count"};
			for (size_t k = 0; k < G_N_ELEMENTS(suffixes); k++)
				if (g_str_has_suffix(name, suffixes[k]))
					name[strlen(name) - strlen(suffixes[k])] = '\0';
			gboolean known = FALSE;
			for (size_t k = 0; k < G_N_ELEMENTS(families) && !known; k++)
				known = strcmp(name, families[k]) == 0;
			ck_assert_msg(known, "%s is not a family metrics.h names", name);
			checked++;
			g_free(name);
		}
		g_match_info_free(m);
	}
	ck_assert_int_ge(checked, 20);
	g_regex_unref(re);
	g_ptr_array_free(e, TRUE);
	json_decref(d);
}
END_TEST

START_TEST(promql_parses)
{
	if (PROMTOOL[0] == '\0') {
		fprintf(stderr, "SKIP: promtool not installed (.ci/install-deps installs it)\n");
		return;
	}
	json_t *d = load();
	GPtrArray *e = expressions(d);
	GString *rules = g_string_new("groups:\n- name: cairn\n  rules:\n");
	for (size_t i = 0; i < e->len; i++) {
		char *expr = plain_promql(g_ptr_array_index(e, i));
		json_t *s = json_string(expr);   /* a JSON string is a YAML flow scalar */
		char *quoted = json_dumps(s, JSON_ENCODE_ANY);
		g_string_append_printf(rules, "  - record: cairn:check_%zu\n    expr: %s\n", i, quoted);
		free(quoted);
		json_decref(s);
		g_free(expr);
	}
	char *path = NULL;
	int fd = g_file_open_tmp("cairn-rules-XXXXXX.yml", &path, NULL);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert(g_file_set_contents(path, rules->str, -1, NULL));
	char *cmd = g_strdup_printf("%s check rules %s 1>&2", PROMTOOL, path);
	int st = system(cmd);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "promtool rejects:\n%s", rules->str);
	g_unlink(path);
	g_free(cmd);
	g_free(path);
	g_string_free(rules, TRUE);
	g_ptr_array_free(e, TRUE);
	json_decref(d);
}
END_TEST

START_TEST(renders_every_panel)
{
	char *dir = g_dir_make_tmp("cairn-dash-XXXXXX", NULL);
	char *png = g_build_filename(dir, "cairn.png", NULL);
	char *report = g_build_filename(dir, "report.json", NULL);
	char *argv[] = {CAIRN_BIN, "render", DASHBOARD, "--prometheus", "testdata", "--strict",
		"-o", png, "--report", report, NULL};
	char *err = NULL;
	int st = -1;
	ck_assert(g_spawn_sync(NULL, argv, NULL, 0, NULL, NULL, NULL, &err, &st, NULL));
	ck_assert_msg(g_spawn_check_wait_status(st, NULL), "cairn render failed: %s", err);
	gchar *bytes = NULL;
	gsize len = 0;
	ck_assert(g_file_get_contents(png, &bytes, &len, NULL));
	ck_assert_uint_gt(len, 10000);
	ck_assert(memcmp(bytes, "\x89PNG", 4) == 0);
	json_t *r = json_load_file(report, 0, NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(json_array_size(r), 11);   /* every panel but the rows */
	size_t i;
	json_t *p;
	json_array_foreach(r, i, p) {
		ck_assert_msg(strcmp(json_string_value(json_object_get(p, "status")), "ok") == 0,
			"panel %s: %s", json_string_value(json_object_get(p, "title")),
			json_string_value(json_object_get(p, "message")));
		ck_assert_int_gt(json_integer_value(json_object_get(p, "series")), 0);
	}
	json_decref(r);
	g_unlink(png);
	g_unlink(report);
	g_rmdir(dir);
	g_free(bytes);
	g_free(err);
	g_free(png);
	g_free(report);
	g_free(dir);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("examples/cairn-dashboard");
	TCase *tc = tcase_create("dashboard");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shape);
	tcase_add_test(tc, only_promised_names);
	tcase_add_test(tc, promql_parses);
	tcase_add_test(tc, renders_every_panel);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
