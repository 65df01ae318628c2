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
	{ { NODES, "--png-compression", "best" }, "--png-compression" },
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
	{ { FIXTURES "/heatmap-bad-steps.json" }, "panels[0].options.color.steps: 1: expected 2 or more" },
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

/* --png-compression small writes a smaller PNG of the same image size. */
START_TEST(png_compression_small)
{
	char *fast = tmp_path("fast.png"), *small = tmp_path("small.png");
	const char *a1[] = { "render", NODES, "--panel", "2", "--prometheus", "testdata", "--from",
		"1767225600", "--to", "1767229200", "-o", fast, "--png-compression", "fast", NULL };
	const char *a2[] = { "render", NODES, "--panel", "2", "--prometheus", "testdata", "--from",
		"1767225600", "--to", "1767229200", "-o", small, "--png-compression", "small", NULL };
	struct run r1 = cairn(a1), r2 = cairn(a2);
	ck_assert_msg(r1.exit_code == 0, "%s", r1.err);
	ck_assert_msg(r2.exit_code == 0, "%s", r2.err);
	gchar *b1 = NULL, *b2 = NULL;
	gsize n1 = 0, n2 = 0;
	ck_assert(g_file_get_contents(fast, &b1, &n1, NULL));
	ck_assert(g_file_get_contents(small, &b2, &n2, NULL));
	ck_assert(n2 > 33 && memcmp(b2, "\x89PNG\r\n\x1a\n", 8) == 0);
	ck_assert(memcmp(b1 + 16, b2 + 16, 8) == 0);   /* IHDR width and height */
	ck_assert_msg(n2 < n1, "small %zu bytes, fast %zu", (size_t)n2, (size_t)n1);
	g_free(b1);
	g_free(b2);
	g_remove(fast);
	g_remove(small);
	g_free(fast);
	g_free(small);
	run_free(&r1);
	run_free(&r2);
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

/* The title a run's report gives panel 1, rendering `dash` with extra args. */
static char *report_title(const char *const *extra)
{
	char *rep = tmp_path("title.json"), *out = tmp_path("title.png");
	const char *args[16] = { "render", FIXTURES "/title-var.json", "--prometheus", "testdata",
		"-o", out, "--report", rep };
	size_t n = 8;
	for (; *extra && n < 15; extra++)
		args[n++] = *extra;
	args[n] = NULL;
	struct run r = cairn(args);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
	gchar *body = NULL;
	ck_assert(g_file_get_contents(rep, &body, NULL, NULL));
	const char *t = strstr(body, "\"title\": \"");
	ck_assert_ptr_nonnull(t);
	t += strlen("\"title\": \"");
	char *title = g_strndup(t, (gsize)(strchr(t, '"') - t));
	g_free(body);
	g_remove(rep);
	g_remove(out);
	g_free(rep);
	g_free(out);
	run_free(&r);
	return title;
}

/* Grafana's URL conventions for variables, as the README promises. */
START_TEST(variables_follow_grafana_url_conventions)
{
	const char *none[] = { NULL };
	const char *one[] = { "--var", "node=b", NULL };
	const char *url[] = { "--var", "var-node=c", NULL };
	const char *two[] = { "--var", "node=a", "--var", "node=c", NULL };
	const char *all[] = { "--var", "node=$__all", NULL };
	const char *all_text[] = { "--var", "node=All", NULL };
	const struct { const char *const *args; const char *title; } cases[] = {
		{ none, "Load of a" },     /* the saved current value */
		{ one, "Load of b" },
		{ url, "Load of c" },      /* var-NAME=VALUE, as in a Grafana link */
		{ two, "Load of a + c" },  /* several values: Grafana's text join */
		{ all, "Load of All" },    /* text of All is "All", as Grafana titles show */
		{ all_text, "Load of All" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *t = report_title(cases[i].args);
		ck_assert_msg(strcmp(t, cases[i].title) == 0, "case %zu: \"%s\", want \"%s\"", i,
			t, cases[i].title);
		g_free(t);
	}
}
END_TEST

/* `-` reads the dashboard from standard input; `-o -` writes PNG to standard
 * output unless --format says otherwise. */
START_TEST(standard_input_and_output)
{
	char *cmd = g_strdup_printf("%s render - --prometheus testdata -o - < %s/title-var.json",
		CAIRN_BIN, FIXTURES);
	const char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	gchar *out = NULL, *err = NULL;
	gsize len = 0;
	int status;
	ck_assert(g_spawn_sync(NULL, (gchar **)sh, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
	ck_assert_msg(g_spawn_check_wait_status(status, NULL), "%s", err);
	len = strlen(out); /* stops at the first NUL, which a PNG has after its signature */
	ck_assert_uint_ge(len, 4);
	ck_assert_int_eq(memcmp(out, "\x89PNG", 4), 0);
	g_free(out);
	g_free(err);
	g_free(cmd);
	cmd = g_strdup_printf("%s render %s/title-var.json --prometheus testdata -o - --format svg",
		CAIRN_BIN, FIXTURES);
	sh[2] = cmd;
	ck_assert(g_spawn_sync(NULL, (gchar **)sh, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
	ck_assert_msg(g_spawn_check_wait_status(status, NULL), "%s", err);
	ck_assert_ptr_nonnull(strstr(out, "<svg"));
	g_free(out);
	g_free(err);
	g_free(cmd);
}
END_TEST

/* Unsupported panel types (the fixture has a "news" panel) do not fail a
 * run, unless --strict asks them to. */
START_TEST(strict_fails_on_unsupported_panels)
{
	char *out = tmp_path("strict.png");
	const char *lax[] = { "render", FIXTURES "/unsupported-type.json", "--prometheus", "testdata",
		"-o", out, NULL };
	struct run r = cairn(lax);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
	run_free(&r);
	const char *strict[] = { "render", FIXTURES "/unsupported-type.json", "--prometheus",
		"testdata", "--strict", "-o", out, NULL };
	r = cairn(strict);
	ck_assert_int_eq(r.exit_code, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "Panel type 'news' is not supported yet"));
	ck_assert(g_file_test(out, G_FILE_TEST_EXISTS)); /* the image is still written */
	run_free(&r);
	g_remove(out);
	g_free(out);
}
END_TEST

/* Every dashboard of the corpus, every row opened, from testdata: nothing
 * may fail (exit 0) and every time-series panel must be ok. */
START_TEST(corpus_renders_from_testdata)
{
	GDir *dir = g_dir_open(CORPUS_DIR "/dashboards", 0, NULL);
	ck_assert_ptr_nonnull(dir);
	const char *name;
	int n = 0, drawn = 0;
	/* tables and text panels are drawn (ok or nodata), never "unsupported" */
	GRegex *unsupported = g_regex_new("\"type\": \"(table|text)\",\\s*\"status\": "
	                                  "\"(unsupported|error)\"", 0, 0, NULL);
	GRegex *table_text = g_regex_new("\"type\": \"(table|text)\",\\s*\"status\": "
	                                 "\"(ok|nodata)\"", 0, 0, NULL);
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
		/* stat, gauge and bar gauge are drawn, never "not supported" */
		static const char *const single[] = {"stat", "gauge", "bargauge"};
		for (size_t k = 0; k < G_N_ELEMENTS(single); k++) {
			char *msg = g_strdup_printf("Panel type '%s' is not supported", single[k]);
			ck_assert_msg(!strstr(body, msg), "%s: %s", name, msg);
			g_free(msg);
		}
		ck_assert_msg(!g_regex_match(unsupported, body, 0, NULL), "%s: %s", name, body);
		GMatchInfo *mi = NULL;
		for (g_regex_match(table_text, body, 0, &mi); g_match_info_matches(mi);
		     g_match_info_next(mi, NULL))
			drawn++;
		g_match_info_free(mi);
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
	g_regex_unref(unsupported);
	g_regex_unref(table_text);
	ck_assert_int_eq(n, 14);
	ck_assert_int_eq(drawn, 21); /* the corpus' 20 tables and 1 text panel */
}
END_TEST

/* ---- files: atomic writes that never follow a planted link ---- */

#define VICTIM_TEXT "victim: must stay untouched"

/* A fresh folder holding `victim`, a file a planted link points at. */
static char *planted_dir(char **victim)
{
	char *dir = g_dir_make_tmp("cairn-links-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	*victim = g_build_filename(dir, "victim", NULL);
	ck_assert(g_file_set_contents(*victim, VICTIM_TEXT, -1, NULL));
	return dir;
}

static void assert_victim_untouched(const char *victim)
{
	gchar *body = NULL;
	ck_assert(g_file_get_contents(victim, &body, NULL, NULL));
	ck_assert_msg(strcmp(body, VICTIM_TEXT) == 0, "the link's target was written through");
	g_free(body);
}

static void assert_regular_file(const char *path)
{
	ck_assert_msg(g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
			!g_file_test(path, G_FILE_TEST_IS_SYMLINK),
		"%s is not a regular file of its own", path);
}

static void remove_dir(char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL);
		g_remove(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
	g_free(dir);
}

/* A link planted at the image's and the report's own names is replaced by
 * the new file; the file it pointed at is never written. */
START_TEST(a_link_at_the_target_is_replaced_not_followed)
{
	char *victim;
	char *dir = planted_dir(&victim);
	char *out = g_build_filename(dir, "out.png", NULL);
	char *rep = g_build_filename(dir, "report.json", NULL);
	ck_assert_int_eq(symlink(victim, out), 0);
	ck_assert_int_eq(symlink(victim, rep), 0);
	const char *args[] = { "render", FIXTURES "/title-var.json", "--prometheus", "testdata",
		"-o", out, "--report", rep, NULL };
	struct run r = cairn(args);
	ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err);
	assert_victim_untouched(victim);
	assert_regular_file(out);
	assert_regular_file(rep);
	run_free(&r);
	g_free(out);
	g_free(rep);
	g_free(victim);
	remove_dir(dir);
}
END_TEST

/* The old temporary name, PATH.tmp.PID, was predictable: a link planted
 * there (for the very PID cairn will run as) must not be followed either. */
START_TEST(a_link_at_the_old_temporary_name_is_not_followed)
{
	char *victim;
	char *dir = planted_dir(&victim);
	char *out = g_build_filename(dir, "out.png", NULL);
	int go[2];
	ck_assert_int_eq(pipe(go), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* wait until the parent has planted the links for this PID */
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(126);
		execl(CAIRN_BIN, CAIRN_BIN, "render", FIXTURES "/title-var.json", "--prometheus",
			"testdata", "-o", out, (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	char *tmp = g_strdup_printf("%s.tmp.%ld", out, (long)pid);
	ck_assert_int_eq(symlink(victim, tmp), 0);
	ck_assert_int_eq(write(go[1], "g", 1), 1);
	close(go[1]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
	assert_victim_untouched(victim);
	assert_regular_file(out);
	g_free(tmp);
	g_free(out);
	g_free(victim);
	remove_dir(dir);
}
END_TEST

/* -o (or --report) into a folder that does not exist: an unusable
 * parameter, exit 2 naming it, nothing written. */
START_TEST(output_into_a_missing_folder_exits_2)
{
	const char *o_args[] = { "render", FIXTURES "/title-var.json", "--prometheus", "testdata",
		"-o", "/nonexistent-cairn-dir/x.png", NULL };
	struct run r = cairn(o_args);
	ck_assert_msg(r.exit_code == 2, "exit %d: %s", r.exit_code, r.err);
	ck_assert_msg(strstr(r.err, "-o /nonexistent-cairn-dir/x.png"), "%s", r.err);
	run_free(&r);

	char *out = tmp_path("missing-report.png");
	g_remove(out);
	const char *rep_args[] = { "render", FIXTURES "/title-var.json", "--prometheus",
		"testdata", "-o", out, "--report", "/nonexistent-cairn-dir/r.json", NULL };
	r = cairn(rep_args);
	ck_assert_msg(r.exit_code == 2, "exit %d: %s", r.exit_code, r.err);
	ck_assert_msg(strstr(r.err, "--report /nonexistent-cairn-dir/r.json"), "%s", r.err);
	ck_assert_msg(!g_file_test(out, G_FILE_TEST_EXISTS), "wrote %s", out);
	g_free(out);
	run_free(&r);
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
	tcase_add_test(tc, png_compression_small);
	tcase_add_test(tc, failed_run_keeps_the_previous_image);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, unreachable_variable_source_warns_and_renders);
	tcase_add_test(tc, variables_follow_grafana_url_conventions);
	tcase_add_test(tc, standard_input_and_output);
	tcase_add_test(tc, strict_fails_on_unsupported_panels);
	tcase_add_test(tc, corpus_renders_from_testdata);
	tcase_add_test(tc, a_link_at_the_target_is_replaced_not_followed);
	tcase_add_test(tc, a_link_at_the_old_temporary_name_is_not_followed);
	tcase_add_test(tc, output_into_a_missing_folder_exits_2);
	suite_add_tcase(s, tc);
	return s;
}
