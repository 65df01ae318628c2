/*
 * test_lint.c — `cairn lint` from the outside: the findings of fixtures with
 * one of each kind (file, JSON path, severity, check and message), the
 * corpus, the loader's errors as findings, exit statuses, the JSON output
 * parsed, and usage.  With CAIRN_LINT_ONLINE=1 (suite integration) also the
 * PromQL check against the real test Prometheus (CAIRN_TEST_PROM_URL,
 * tests/harness/prom.sh) and against one that cannot be reached.
 */
#include <arpa/inet.h>
#include <check.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test_main.h"

#define LINT FIXTURES "/lint"
#define KINDS LINT "/kinds.json"
#define CLEAN LINT "/clean.json"
#define SYNTAX LINT "/syntax.json"

struct run {
	int exit_code;
	char *out, *err;
	json_t *json;   /* stdout parsed, for --format json runs */
};

/* Runs `cairn lint` with args (NULL-terminated). */
static struct run lint(const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (gpointer)CAIRN_BIN);
	g_ptr_array_add(argv, (gpointer) "lint");
	bool json = false;
	for (const char *const *a = args; *a; a++) {
		g_ptr_array_add(argv, (gpointer)*a);
		json = json || strcmp(*a, "json") == 0;
	}
	g_ptr_array_add(argv, NULL);
	struct run r = { -1, NULL, NULL, NULL };
	int status;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, 0, NULL, NULL, &r.out, &r.err,
			      &status, &ge),
		"spawn: %s", ge ? ge->message : "?");
	g_ptr_array_free(argv, TRUE);
	r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (json) {
		json_error_t je;
		r.json = json_loads(r.out, 0, &je);
		ck_assert_msg(r.json, "not JSON (%s): %s\nstderr: %s", je.text, r.out, r.err);
	}
	return r;
}

static void run_free(struct run *r)
{
	g_free(r->out);
	g_free(r->err);
	json_decref(r->json);
}

static const char *prom_url(void)
{
	const char *u = g_getenv("CAIRN_TEST_PROM_URL");
	ck_assert_msg(u && *u, "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh");
	return u;
}

/* One expected finding; message is matched whole, or as a substring when
 * `part` (Prometheus' own words). */
struct want {
	const char *file, *path, *severity, *check, *message;
	bool part;
};
/* the tables below leave `part` out where it is false */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool matches(const json_t *f, const struct want *w)
{
	const char *file = jstr(f, "file"), *path = jstr(f, "path"), *msg = jstr(f, "message");
	if (g_strcmp0(file, w->file) || g_strcmp0(path, w->path) ||
		g_strcmp0(jstr(f, "severity"), w->severity) || g_strcmp0(jstr(f, "check"), w->check))
		return false;
	return w->part ? msg && strstr(msg, w->message) : g_strcmp0(msg, w->message) == 0;
}

/* The run's findings are exactly `want` (in any order), and its counts
 * agree with them. */
static void assert_findings(const struct run *r, const struct want *want, size_t n)
{
	json_t *fs = json_object_get(r->json, "findings");
	ck_assert_msg(json_array_size(fs) == n, "%zu findings, expected %zu:\n%s",
		json_array_size(fs), n, r->out);
	size_t errors = 0;
	for (size_t i = 0; i < n; i++) {
		size_t hits = 0;
		for (size_t k = 0; k < json_array_size(fs); k++)
			hits += matches(json_array_get(fs, k), &want[i]);
		ck_assert_msg(hits == 1, "expected once, found %zu times: %s %s %s %s\n%s", hits,
			want[i].file, want[i].path, want[i].severity, want[i].message, r->out);
		errors += strcmp(want[i].severity, "error") == 0;
	}
	ck_assert_int_eq(json_integer_value(json_object_get(r->json, "errors")), (json_int_t)errors);
	ck_assert_int_eq(json_integer_value(json_object_get(r->json, "warnings")),
		(json_int_t)(n - errors));
}

#define UNDEF(v) "variable '" v "' is not defined by any templating entry (nor a Grafana built-in)"

/* kinds.json, model checks: one finding of each kind but PromQL. */
static const struct want kinds_offline[] = {
	{ KINDS, "$.panels[0].type", "error", "type",
	  "panel type 'grafana-clock-panel' is not drawn by cairn: it shows \"not supported\" in "
	  "its place" },
	{ KINDS, "$.panels[1]", "error", "type",
	  "panel has no type (a library panel?): cairn cannot draw it" },
	{ KINDS, "$.panels[2].fieldConfig.defaults.color.mode", "warning", "option",
	  "color mode 'palette-saturated' is not known to cairn (Grafana 10.4's are "
	  "palette-classic, palette-classic-by-name, fixed, shades, thresholds and continuous-*)" },
	{ KINDS, "$.panels[2].fieldConfig.overrides[0].matcher.id", "warning", "option",
	  "this override's matcher is not known to cairn: its properties are not applied (cairn "
	  "matches byName, byRegexp and byFrameRefID)" },
	{ KINDS, "$.panels[2].fieldConfig.defaults.unit", "warning", "unit",
	  "unknown unit 'Bytes': Grafana and cairn show it as a suffix of the plain number "
	  "(custom units are written suffix:TEXT, prefix:TEXT, si:TEXT, count:TEXT, "
	  "currency:TEXT or time:FORMAT)" },
	{ KINDS, "$.panels[2].fieldConfig.overrides[0].properties", "warning", "unit",
	  "unit 'dateTimeAsIso' is a Grafana date/time unit cairn does not format: values show "
	  "as plain numbers" },
	{ KINDS, "$.panels[3].transformations[0].id", "error", "option",
	  "transformation 'prepareTimeSeries' is not applied by cairn: the panel is drawn "
	  "without it and reported as an error" },
	{ KINDS, "$.panels[3].transformations[1].options.filters[0].config.id", "warning",
	  "option", "filterByValue: this condition is not known to cairn, which ignores it" },
	{ KINDS, "$.panels[3].transformations[2].options.mode", "warning", "option",
	  "calculateField: this mode is not applied by cairn" },
	{ KINDS, "$.panels[3].fieldConfig.defaults.custom.cellOptions.type", "warning", "option",
	  "this cell type is not drawn by cairn: cells show as text" },
	{ KINDS, "$.templating.list[1].query", "error", "variable", UNDEF("noenv") },
	{ KINDS, "$.panels[2].title", "warning", "variable", UNDEF("nohost") },
	{ KINDS, "$.panels[2].datasource", "warning", "variable", UNDEF("nods") },
	{ KINDS, "$.panels[2].repeat", "warning", "variable",
	  "repeats by variable 'norepeat', which no templating entry defines: drawn once" },
	{ KINDS, "$.panels[2].targets[0].legendFormat", "warning", "variable", UNDEF("nolegend") },
	{ KINDS, "$.panels[2].targets[1].expr", "error", "variable", UNDEF("nojob") },
	{ KINDS, "$.panels[2].targets[1].datasource", "warning", "variable", UNDEF("notarget") },
	{ KINDS, "$.panels[2].targets[4].expr", "error", "variable", UNDEF("nowindow") },
};

/* kinds.json, what the real Prometheus adds. */
static const struct want kinds_promql[] = {
	{ KINDS, "$.templating.list[2].query", "error", "promql",
	  "Prometheus rejects the variable's query: ", true },
	{ KINDS, "$.panels[2].targets[0].expr", "error", "promql",
	  "parse error: unclosed left parenthesis (as sent: sum(rate(node_load1{job=\"node\"}[5m]))",
	  true },
	{ KINDS, "$.panels[2].targets[2].expr", "error", "promql",
	  "Prometheus rejects it: invalid expression type \"range vector\" for range query, must "
	  "be Scalar or instant Vector (as sent: node_load1[1m])" },
	{ KINDS, "$.panels[2].targets[4].expr", "error", "promql",
	  "; it still holds $nowindow, which cairn sends as written", true },
};

#define CORPUS_D CORPUS_DIR "/dashboards/"
#define RSRC CORPUS_D "kube-prometheus__node-rsrc-use.json"
#define NEF CORPUS_D "rfmoz__node-exporter-full.json"

/* The corpus today: no error; a unit kube-prometheus misspells and the
 * byNames matcher Grafana's "hide series" writes, which cairn ignores. */
static const struct want corpus_findings[] = {
	{ RSRC, "$.panels[5].fieldConfig.defaults.unit", "warning", "unit",
	  "unknown unit 'rds': Grafana and cairn show it as a suffix of the plain number (custom "
	  "units are written suffix:TEXT, prefix:TEXT, si:TEXT, count:TEXT, currency:TEXT or "
	  "time:FORMAT)" },
	{ NEF, "$.panels[30].panels[2].fieldConfig.overrides[1].matcher.id", "warning", "option",
	  "this override's matcher is not known to cairn: its properties are not applied (cairn "
	  "matches byName, byRegexp and byFrameRefID)" },
	{ NEF, "$.panels[30].panels[3].fieldConfig.overrides[1].matcher.id", "warning", "option",
	  "this override's matcher is not known to cairn: its properties are not applied (cairn "
	  "matches byName, byRegexp and byFrameRefID)" },
};

/* The corpus' files, sorted, as arguments after `lead` (NULL-terminated). */
static GPtrArray *corpus_args(const char *const *lead)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	for (const char *const *l = lead; *l; l++)
		g_ptr_array_add(a, g_strdup(*l));
	GDir *dir = g_dir_open(CORPUS_D, 0, NULL);
	ck_assert(dir);
	GPtrArray *names = g_ptr_array_new();
	for (const char *n; (n = g_dir_read_name(dir));)
		if (g_str_has_suffix(n, ".json"))
			g_ptr_array_add(names, g_strconcat(CORPUS_D, n, NULL));
	g_dir_close(dir);
	ck_assert_uint_ge(names->len, 14);
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(a, names->pdata[i]);
	g_ptr_array_free(names, TRUE);
	g_ptr_array_add(a, NULL);
	return a;
}

/* ---- offline --------------------------------------------------------------- */

START_TEST(kinds_each_finding)
{
	struct run r = lint((const char *[]){ "--offline", "--format", "json", KINDS, NULL });
	ck_assert_int_eq(r.exit_code, 1);
	assert_findings(&r, kinds_offline, G_N_ELEMENTS(kinds_offline));
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "files")), 1);
	run_free(&r);
}
END_TEST

START_TEST(clean_has_nothing_to_say)
{
	struct run r = lint((const char *[]){ "--offline", "-f", "json", CLEAN, NULL });
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.out);
	assert_findings(&r, NULL, 0);
	run_free(&r);
}
END_TEST

START_TEST(corpus_findings_exact)
{
	GPtrArray *a = corpus_args((const char *[]){ "--offline", "--format", "json", NULL });
	struct run r = lint((const char *const *)a->pdata);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.out);
	assert_findings(&r, corpus_findings, G_N_ELEMENTS(corpus_findings));
	run_free(&r);
	g_ptr_array_free(a, TRUE);
}
END_TEST

/* Times a render refuses: the dashboard's range, a panel's own. */
START_TEST(times)
{
	struct run r = lint((const char *[]){ "--offline", "--format", "json", LINT "/times.json",
		LINT "/time-from.json", NULL });
	ck_assert_int_eq(r.exit_code, 1);
	static const struct want w[] = {
		{ LINT "/times.json", "$.time", "error", "time",
		  "\"now-1h\" to \"now-2h\" is an empty or reversed range" },
		{ LINT "/times.json", "$.panels[1].timeFrom", "error", "time",
		  "invalid time \"now-2x\": unknown unit 'x'" },
		{ LINT "/times.json", "$.panels[1].timeShift", "error", "time",
		  "invalid time \"now-zz\": unknown unit 'z'" },
		{ LINT "/time-from.json", "$.time.from", "error", "time",
		  "invalid time \"yesterday\": expected now[-+N unit][/unit], RFC 3339, or unix "
		  "seconds/milliseconds" },
	};
	assert_findings(&r, w, G_N_ELEMENTS(w));
	run_free(&r);
}
END_TEST

/* A folder stands for every *.json below it. */
START_TEST(folder_argument)
{
	struct run r = lint((const char *[]){ "--offline", "--format", "json", CORPUS_DIR
		"/dashboards", NULL });
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(r.json, "files")), 14);
	assert_findings(&r, corpus_findings, G_N_ELEMENTS(corpus_findings));
	run_free(&r);
}
END_TEST

/* The loader's errors are findings, with line:column for JSON syntax and the
 * path for a wrong type, and the files after them are still checked. */
START_TEST(loader_errors_are_findings)
{
	struct run r = lint((const char *[]){ "--offline", "--format", "json", SYNTAX,
		FIXTURES "/type-error.json", FIXTURES "/unsupported-type.json", NULL });
	ck_assert_int_eq(r.exit_code, 1);
	static const struct want w[] = {
		{ SYNTAX, "$", "error", "load", "string or '}' expected near '}'" },
		{ FIXTURES "/type-error.json", "$.panels[1].targets[0].expr", "error", "load",
		  "expected string, got number" },
		{ FIXTURES "/unsupported-type.json", "$.panels[1].type", "error", "type",
		  "panel type 'news' is not drawn by cairn: it shows \"not supported\" in its place" },
	};
	assert_findings(&r, w, G_N_ELEMENTS(w));
	json_t *f0 = json_array_get(json_object_get(r.json, "findings"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(f0, "line")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(f0, "column")), 30);
	run_free(&r);
}
END_TEST

/* Paths are the file's: under "dashboard" in the API's wrapper, from the
 * root in a panel's own JSON. */
START_TEST(paths_of_wrapped_and_bare_files)
{
	struct run r = lint((const char *[]){ "--offline", "--format", "json", LINT "/wrapped.json",
		LINT "/panel.json", NULL });
	ck_assert_int_eq(r.exit_code, 0);
	static const struct want w[] = {
		{ LINT "/wrapped.json", "$.dashboard.panels[0].fieldConfig.defaults.unit", "warning",
		  "unit", "unknown unit 'secs': Grafana and cairn show it as a suffix of the plain "
		  "number (custom units are written suffix:TEXT, prefix:TEXT, si:TEXT, count:TEXT, "
		  "currency:TEXT or time:FORMAT)" },
		{ LINT "/panel.json", "$.fieldConfig.defaults.unit", "warning", "unit",
		  "unknown unit 'reqs': Grafana and cairn show it as a suffix of the plain number "
		  "(custom units are written suffix:TEXT, prefix:TEXT, si:TEXT, count:TEXT, "
		  "currency:TEXT or time:FORMAT)" },
	};
	assert_findings(&r, w, G_N_ELEMENTS(w));
	run_free(&r);
}
END_TEST

START_TEST(text_lines)
{
	struct run r = lint((const char *[]){ "--offline", SYNTAX, FIXTURES "/unsupported-type.json",
		NULL });
	ck_assert_int_eq(r.exit_code, 1);
	ck_assert_str_eq(r.out,
		SYNTAX ":4:30: $: error: string or '}' expected near '}' [load]\n"
		FIXTURES "/unsupported-type.json: $.panels[1].type: error: panel type 'news' is not "
		"drawn by cairn: it shows \"not supported\" in its place [type]\n");
	ck_assert_str_eq(r.err, "cairn lint: 2 files, 2 errors, 0 warnings\n");
	run_free(&r);
}
END_TEST

/* Warnings fail the run only with --fail-on warning. */
START_TEST(fail_on_level)
{
	const char *rsrc_warn = RSRC;
	struct run r = lint((const char *[]){ "--offline", rsrc_warn, NULL });
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "warning: unknown unit 'rds'"));
	run_free(&r);
	r = lint((const char *[]){ "--offline", "--fail-on", "warning", rsrc_warn, NULL });
	ck_assert_int_eq(r.exit_code, 1);
	run_free(&r);
	r = lint((const char *[]){ "--offline", "--fail-on", "warning", CLEAN, NULL });
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_str_eq(r.out, "");
	run_free(&r);
}
END_TEST

/* A file that cannot be read: exit 2, said on stderr, the others still
 * checked. */
START_TEST(unreadable_file_exits_2)
{
	struct run r = lint((const char *[]){ "--offline", "/nonexistent/dash.json",
		FIXTURES "/unsupported-type.json", NULL });
	ck_assert_int_eq(r.exit_code, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/dash.json: No such file"));
	ck_assert_ptr_nonnull(strstr(r.out, "panel type 'news'"));
	run_free(&r);
}
END_TEST

static const struct usage_case {
	const char *args[6];
	const char *needle;
} usage_cases[] = {
	{ { NULL }, "missing DASHBOARD.json" },
	{ { "--offline", NULL }, "missing DASHBOARD.json" },
	{ { "--format", "xml", CLEAN, NULL }, "--format: expected text or json" },
	{ { "--fail-on", "info", CLEAN, NULL }, "--fail-on: expected error or warning" },
	{ { "--timeout", "0", CLEAN, NULL }, "--timeout" },
	{ { "--bogus", CLEAN, NULL }, "usage: cairn lint" },
	{ { "--prometheus", "testdata", CLEAN, NULL }, "--prometheus testdata parses no PromQL" },
	{ { "--prometheus", "ftp://x", CLEAN, NULL }, "--prometheus" },
};

START_TEST(usage_exits_2)
{
	const struct usage_case *c = &usage_cases[_i];
	struct run r = lint(c->args);
	ck_assert_msg(r.exit_code == 2, "case %d: exit %d", _i, r.exit_code);
	ck_assert_msg(strstr(r.err, c->needle), "case %d: stderr %s", _i, r.err);
	ck_assert_str_eq(r.out, "");
	run_free(&r);
}
END_TEST

START_TEST(help)
{
	struct run r = lint((const char *[]){ "--help", NULL });
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: cairn lint DASHBOARD.json|FOLDER..."));
	ck_assert_ptr_nonnull(strstr(r.out, "--fail-on"));
	run_free(&r);
}
END_TEST

/* ---- online ---------------------------------------------------------------- */

START_TEST(kinds_promql_rejected_by_prometheus)
{
	struct run r = lint((const char *[]){ "--prometheus", prom_url(), "--format", "json", KINDS,
		NULL });
	ck_assert_int_eq(r.exit_code, 1);
	size_t n1 = G_N_ELEMENTS(kinds_offline), n2 = G_N_ELEMENTS(kinds_promql);
	struct want *all = g_new(struct want, n1 + n2);
	memcpy(all, kinds_offline, sizeof kinds_offline);
	memcpy(all + n1, kinds_promql, sizeof kinds_promql);
	assert_findings(&r, all, n1 + n2);
	g_free(all);
	run_free(&r);
}
END_TEST

/* Variables in every syntax, built-ins, $1 groups, an instant range vector:
 * all parse once interpolated as a render interpolates them. */
START_TEST(clean_online)
{
	struct run r = lint((const char *[]){ "--prometheus", prom_url(), "-f", "json", CLEAN,
		NULL });
	ck_assert_msg(r.exit_code == 0, "exit %d: %s %s", r.exit_code, r.out, r.err);
	assert_findings(&r, NULL, 0);
	run_free(&r);
}
END_TEST

START_TEST(corpus_online)
{
	GPtrArray *a = corpus_args((const char *[]){ "--prometheus", prom_url(), "--format",
		"json", NULL });
	struct run r = lint((const char *const *)a->pdata);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.out);
	assert_findings(&r, corpus_findings, G_N_ELEMENTS(corpus_findings));
	run_free(&r);
	g_ptr_array_free(a, TRUE);
}
END_TEST

/* A port on 127.0.0.1 nobody listens on (bound, then closed). */
static int dead_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	ck_assert(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
		getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	close(fd);
	return ntohs(sa.sin_port);
}

/* One finding for the run, whatever the number of files and expressions;
 * the model's findings still come; no credential in any message. */
START_TEST(unreachable_is_one_finding)
{
	char *url = g_strdup_printf("http://lint:s3cr3t@127.0.0.1:%d", dead_port());
	struct run r = lint((const char *[]){ "--prometheus", url, "--format", "json", KINDS,
		CLEAN, NULL });
	ck_assert_int_eq(r.exit_code, 1);
	char *msg = g_strdup_printf("cannot reach datasource at http://***@127.0.0.1:%s",
		strrchr(url, ':') + 1);
	size_t n1 = G_N_ELEMENTS(kinds_offline);
	struct want *all = g_new(struct want, n1 + 1);
	memcpy(all, kinds_offline, sizeof kinds_offline);
	all[n1] = (struct want){ NULL, NULL, "error", "prometheus", msg, true };
	assert_findings(&r, all, n1 + 1);
	ck_assert_ptr_null(strstr(r.out, "s3cr3t"));
	ck_assert_ptr_null(strstr(r.err, "s3cr3t"));
	g_free(all);
	g_free(msg);
	run_free(&r);

	/* --offline asks nobody */
	r = lint((const char *[]){ "--prometheus", url, "--offline", CLEAN, NULL });
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	g_free(url);
}
END_TEST

/* $CAIRN_PROMETHEUS_URL is the default, as for cairn render. */
START_TEST(env_url)
{
	g_setenv("CAIRN_PROMETHEUS_URL", prom_url(), TRUE);
	struct run r = lint((const char *[]){ "-f", "json", CLEAN, NULL });
	ck_assert_msg(r.exit_code == 0, "exit %d: %s %s", r.exit_code, r.out, r.err);
	run_free(&r);
	char *dead = g_strdup_printf("http://127.0.0.1:%d", dead_port());
	g_setenv("CAIRN_PROMETHEUS_URL", dead, TRUE);
	r = lint((const char *[]){ CLEAN, NULL });
	ck_assert_int_eq(r.exit_code, 1);
	ck_assert_ptr_nonnull(strstr(r.out, dead));
	run_free(&r);
	g_unsetenv("CAIRN_PROMETHEUS_URL");
	g_free(dead);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("cli/lint");
	TCase *tc = tcase_create("lint");
	tcase_set_timeout(tc, 120);
	if (g_strcmp0(g_getenv("CAIRN_LINT_ONLINE"), "1") == 0) {
		tcase_add_test(tc, kinds_promql_rejected_by_prometheus);
		tcase_add_test(tc, clean_online);
		tcase_add_test(tc, corpus_online);
		tcase_add_test(tc, unreachable_is_one_finding);
		tcase_add_test(tc, env_url);
	} else {
		g_unsetenv("CAIRN_PROMETHEUS_URL");
		tcase_add_test(tc, kinds_each_finding);
		tcase_add_test(tc, clean_has_nothing_to_say);
		tcase_add_test(tc, corpus_findings_exact);
		tcase_add_test(tc, folder_argument);
		tcase_add_test(tc, times);
		tcase_add_test(tc, loader_errors_are_findings);
		tcase_add_test(tc, text_lines);
		tcase_add_test(tc, paths_of_wrapped_and_bare_files);
		tcase_add_test(tc, fail_on_level);
		tcase_add_test(tc, unreadable_file_exits_2);
		tcase_add_loop_test(tc, usage_exits_2, 0, G_N_ELEMENTS(usage_cases));
		tcase_add_test(tc, help);
	}
	suite_add_tcase(s, tc);
	return s;
}
