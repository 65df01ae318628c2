/*
 * test_args.c — the `cairn render` contract at its edges, no server needed:
 * unusable input exits 2 with a message naming the parameter or JSON path
 * and writes nothing; help and version; the whole corpus renders from the
 * testdata source.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test_main.h"

struct run {
	int exit_code;
	char *out, *err;
};

/* Runs cairn with argv (NULL-terminated, without the program name). */
static struct run cairn(const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (gpointer)CAIRN_BIN);
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (gpointer)*a);
	g_ptr_array_add(argv, NULL);
	struct run r = { -1, NULL, NULL };
	int status;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, 0, NULL, NULL, &r.out, &r.err,
			      &status, &ge),
		"spawn: %s", ge ? ge->message : "?");
	g_ptr_array_free(argv, TRUE);
	r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return r;
}

static void run_free(struct run *r)
{
	g_free(r->out);
	g_free(r->err);
}

static char *tmp_path(const char *name)
{
	return g_strdup_printf("%s/cairn-args-%d-%s", g_get_tmp_dir(), (int)getpid(), name);
}

#define NODES CORPUS_DIR "/dashboards/kube-prometheus__nodes.json"

/* Every case: exit 2, stderr mentions `needle`, nothing at the output path. */
static const struct bad_case {
	const char *args[12];
	const char *needle;
} bad_cases[] = {
	{ { NODES, "--width", "0" }, "--width" },
	{ { NODES, "--width", "12abc" }, "--width" },
	{ { NODES, "--height", "99999" }, "--height" },
	{ { NODES, "--scale", "20" }, "--scale" },
	{ { NODES, "--theme", "blue" }, "--theme" },
	{ { NODES, "--timeout", "-1" }, "--timeout" },
	{ { NODES, "--var", "noequals" }, "--var" },
	{ { NODES, "--panel", "77" }, "--panel 77" },
	{ { NODES, "--panel", "x" }, "--panel" },
	{ { NODES, "--from", "now-3x" }, "--from" },
	{ { NODES, "--to", "yesterday" }, "--to" },
	{ { NODES, "--from", "now", "--to", "now-1h" }, "empty or reversed" },
	{ { NODES, "--data", "A=/nonexistent.json" }, "--data needs --panel" },
	{ { NODES, "--panel", "2", "--data", "A=/nonexistent.json" }, "/nonexistent.json" },
	{ { NODES, "--panel", "2", "--data", "Z=" CORPUS_DIR "/metrics.json" }, "refId Z" },
	{ { NODES, "--prometheus", "ftp://x" }, "--prometheus" },
	{ { FIXTURES "/type-error.json" }, "panels[1].targets[0].expr: expected string" },
	{ { "/nonexistent/dash.json" }, "/nonexistent/dash.json" },
};

START_TEST(bad_input_exits_2_and_writes_nothing)
{
	const struct bad_case *c = &bad_cases[_i];
	char *out = tmp_path("bad.png");
	const char *args[20] = { "render" };
	size_t n = 1;
	for (size_t i = 0; c->args[i]; i++)
		args[n++] = c->args[i];
	args[n++] = "--prometheus";
	args[n++] = "testdata";
	/* a later --prometheus wins, so the ftp:// case still tests that */
	if (strcmp(c->args[1] ? c->args[1] : "", "--prometheus") == 0) {
		args[n - 2] = "--theme";
		args[n - 1] = "dark";
	}
	args[n++] = "-o";
	args[n++] = out;
	args[n] = NULL;
	g_remove(out);
	struct run r = cairn(args);
	ck_assert_msg(r.exit_code == 2, "case %d: exit %d, want 2 (stderr: %s)", _i, r.exit_code,
		r.err);
	ck_assert_msg(strstr(r.err, c->needle), "case %d: stderr lacks \"%s\": %s", _i, c->needle,
		r.err);
	ck_assert_msg(!g_file_test(out, G_FILE_TEST_EXISTS), "case %d wrote %s", _i, out);
	run_free(&r);
	g_free(out);
}
END_TEST

START_TEST(unknown_format_exits_2)
{
	const char *args[] = { "render", NODES, "-o", "/tmp/x.gif", NULL };
	struct run r = cairn(args);
	ck_assert_int_eq(r.exit_code, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "x.gif"));
	run_free(&r);
}
END_TEST

START_TEST(failed_run_keeps_the_previous_image)
{
	/* exit 2 must not clobber an image a previous run wrote */
	char *out = tmp_path("keep.png");
	ck_assert(g_file_set_contents(out, "previous", -1, NULL));
	const char *args[] = { "render", NODES, "--from", "garbage", "-o", out, NULL };
	struct run r = cairn(args);
	ck_assert_int_eq(r.exit_code, 2);
	gchar *body = NULL;
	ck_assert(g_file_get_contents(out, &body, NULL, NULL));
	ck_assert_str_eq(body, "previous");
	g_free(body);
	g_remove(out);
	g_free(out);
	run_free(&r);
}
END_TEST

START_TEST(help_and_version)
{
	const char *v[] = { "--version", NULL };
	struct run r = cairn(v);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "cairn "));
	run_free(&r);
	const char *h[] = { "render", "--help", NULL };
	r = cairn(h);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--prometheus URL"));
	ck_assert_ptr_nonnull(strstr(r.out, "exit status"));
	run_free(&r);
	const char *u[] = { "frobnicate", NULL };
	r = cairn(u);
	ck_assert_int_eq(r.exit_code, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "frobnicate"));
	run_free(&r);
}
END_TEST

START_TEST(unreachable_variable_source_warns_and_renders)
{
	/* Variables cannot be resolved (nothing listens on port 9), but every
	 * target is answered from --data: the image is written, exit 0, and the
	 * failure is a warning naming the variable. */
	char *out = tmp_path("warn.png");
	const char *args[] = { "render", NODES, "--panel", "2", "--data",
		"A=" REF_DIR "/data/nodes_cpu.json", "--prometheus", "http://127.0.0.1:9",
		"--timeout", "2", "-o", out, NULL };
	struct run r = cairn(args);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
	ck_assert_ptr_nonnull(strstr(r.err, "warning: templating.list[1] (variable $cluster)"));
	ck_assert(g_file_test(out, G_FILE_TEST_EXISTS));
	g_remove(out);
	g_free(out);
	run_free(&r);
}
END_TEST

/* Every dashboard of the corpus, every row opened, from testdata: nothing
 * may fail (exit 0) and every time-series panel must be ok. */
START_TEST(corpus_renders_from_testdata)
{
	GDir *dir = g_dir_open(CORPUS_DIR "/dashboards", 0, NULL);
	ck_assert_ptr_nonnull(dir);
	const char *name;
	int n = 0;
	while ((name = g_dir_read_name(dir))) {
		char *path = g_build_filename(CORPUS_DIR, "dashboards", name, NULL);
		char *out = tmp_path("corpus.png");
		char *rep = tmp_path("corpus.json");
		const char *args[] = { "render", path, "--prometheus", "testdata", "--expand-rows",
			"--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T06:00:00Z", "-o", out,
			"--report", rep, NULL };
		struct run r = cairn(args);
		ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", name, r.exit_code, r.err);
		gchar *body = NULL;
		ck_assert(g_file_get_contents(rep, &body, NULL, NULL));
		/* a time-series panel reported as anything but ok */
		ck_assert_msg(!strstr(body, "\"status\": \"error\""), "%s: %s", name, body);
		g_free(body);
		g_remove(out);
		g_remove(rep);
		g_free(out);
		g_free(rep);
		g_free(path);
		run_free(&r);
		n++;
	}
	g_dir_close(dir);
	ck_assert_int_eq(n, 14);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("cli-args");
	TCase *tc = tcase_create("contract");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, bad_input_exits_2_and_writes_nothing, 0,
		(int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, unknown_format_exits_2);
	tcase_add_test(tc, failed_run_keeps_the_previous_image);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, unreachable_variable_source_warns_and_renders);
	tcase_add_test(tc, corpus_renders_from_testdata);
	suite_add_tcase(s, tc);
	return s;
}
