/* server/accesslog: the text and JSON lines (the JSON read back with
 * jansson), secrets masked, control characters escaped so no request can
 * forge a line, one write per line on stderr. */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "server/accesslog.h"

static const struct access_entry plain = {
	.method = "GET",
	.path = "/render/d-solo/node?panelId=2",
	.status = 200,
	.bytes = 48213,
	.ms = 12.4,
	.cache = "hit",
	.render_status = "ok",
};

/* Whether ts is YYYY-MM-DDTHH:MM:SS.mmmZ and close to now. */
static void check_timestamp(const char *ts)
{
	ck_assert_uint_eq(strlen(ts), 24);
	GRegex *re = g_regex_new("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0, 0, NULL);
	ck_assert_msg(g_regex_match(re, ts, 0, NULL), "timestamp %s", ts);
	g_regex_unref(re);
	GDateTime *t = g_date_time_new_from_iso8601(ts, NULL);
	ck_assert_ptr_nonnull(t);
	GDateTime *now = g_date_time_new_now_utc();
	GTimeSpan d = g_date_time_difference(now, t);
	ck_assert_int_ge(d, 0);
	ck_assert_int_lt(d, 5 * G_USEC_PER_SEC);
	g_date_time_unref(now);
	g_date_time_unref(t);
}

/* The single line, parsed; the caller json_decref's it. */
static json_t *json_line(const struct access_entry *e)
{
	char *line = accesslog_format_request(SRV_LOG_JSON, e);
	size_t n = strlen(line);
	ck_assert_int_eq(line[n - 1], '\n');
	ck_assert_ptr_null(memchr(line, '\n', n - 1));
	json_error_t err;
	json_t *j = json_loads(line, 0, &err);
	ck_assert_msg(j != NULL, "not JSON (%s): %s", err.text, line);
	g_free(line);
	return j;
}

START_TEST(text_line)
{
	char *line = accesslog_format_request(SRV_LOG_TEXT, &plain);
	ck_assert_uint_gt(strlen(line), 25);
	char ts[25];
	memcpy(ts, line, 24);
	ts[24] = '\0';
	check_timestamp(ts);
	ck_assert_str_eq(line + 24,
		" GET /render/d-solo/node?panelId=2 200 48213B 12.4ms cache=hit status=ok\n");
	g_free(line);

	struct access_entry e = {.method = "POST", .path = "/api/render", .status = 413, .bytes = 0,
		.ms = 0.1834, .remote = "127.0.0.1"};
	line = accesslog_format_request(SRV_LOG_TEXT, &e);
	ck_assert_str_eq(line + 24, " POST /api/render 413 0B 0.183ms remote=127.0.0.1\n");
	g_free(line);
}
END_TEST

START_TEST(json_line_fields)
{
	json_t *j = json_line(&plain);
	check_timestamp(json_string_value(json_object_get(j, "ts")));
	ck_assert_str_eq(json_string_value(json_object_get(j, "method")), "GET");
	ck_assert_str_eq(json_string_value(json_object_get(j, "path")),
		"/render/d-solo/node?panelId=2");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "status")), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bytes")), 48213);
	ck_assert_double_eq_tol(json_number_value(json_object_get(j, "ms")), 12.4, 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(j, "cache")), "hit");
	ck_assert_str_eq(json_string_value(json_object_get(j, "render_status")), "ok");
	ck_assert_ptr_null(json_object_get(j, "remote"));
	json_decref(j);

	struct access_entry e = {.method = "GET", .path = "/metrics", .status = 200, .bytes = 5,
		.ms = 3, .remote = "::1"};
	j = json_line(&e);
	ck_assert(json_is_integer(json_object_get(j, "ms")));   /* "ms":3 */
	ck_assert_ptr_null(json_object_get(j, "cache"));
	ck_assert_str_eq(json_string_value(json_object_get(j, "remote")), "::1");
	json_decref(j);
}
END_TEST

START_TEST(secrets_masked)
{
	struct {
		const char *path, *want;
	} v[] = {
		{"/render/d/x?token=abc123&panelId=2", "/render/d/x?token=***&panelId=2"},
		{"/render/d/x?panelId=2&auth=s3cret", "/render/d/x?panelId=2&auth=***"},
		{"/a?ACCESS_TOKEN=t&api_key=k&ApiKey=k2&Password=p&secret=s&x=1",
			"/a?ACCESS_TOKEN=***&api_key=***&ApiKey=***&Password=***&secret=***&x=1"},
		{"/a?%74oken=abc&to%6Ben=abc", "/a?%74oken=***&to%6Ben=***"},   /* decoded names */
		{"/a?refresh_token=r", "/a?refresh_token=***"},
		{"/a?token", "/a?token"},   /* no value to hide */
		{"/a?token=", "/a?token=***"},
		{"/a?tokens=1&authority=2", "/a?tokens=1&authority=2"},
		{"/a/token=x", "/a/token=x"},   /* not a query */
		{"/a?&&token=x&", "/a?&&token=***&"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
		struct access_entry e = plain;
		e.path = v[i].path;
		char *line = accesslog_format_request(SRV_LOG_TEXT, &e);
		char *want = g_strdup_printf(" GET %s 200 ", v[i].want);
		ck_assert_msg(strstr(line, want), "%s -> %s", v[i].path, line);
		ck_assert_ptr_null(strstr(line, "abc123"));
		g_free(want);
		g_free(line);
		json_t *j = json_line(&e);
		ck_assert_str_eq(json_string_value(json_object_get(j, "path")), v[i].want);
		json_decref(j);
	}
}
END_TEST

START_TEST(no_forged_line)
{
	struct access_entry e = plain;
	e.path = "/x?a=1\r\n2026-12-03T08:30:00.000Z GET /admin 200 1B 1ms\x1b[31m\x7f\\";
	e.method = "GE T";
	e.remote = "1.2.3.4\n";
	char *line = accesslog_format_request(SRV_LOG_TEXT, &e);
	size_t n = strlen(line);
	ck_assert_ptr_null(memchr(line, '\n', n - 1));
	ck_assert_ptr_null(memchr(line, '\r', n));
	ck_assert_ptr_null(memchr(line, 0x1b, n));
	ck_assert_ptr_null(memchr(line, 0x7f, n));
	ck_assert_msg(strstr(line, " GE\\x20T /x?a=1\\x0d\\x0a2026-12-03T08:30:00.000Z\\x20GET"
				   "\\x20/admin\\x20200\\x201B\\x201ms\\x1b[31m\\x7f\\\\ 200 "),
		"%s", line);
	ck_assert_msg(strstr(line, " remote=1.2.3.4\\x0a\n"), "%s", line);
	g_free(line);

	json_t *j = json_line(&e);   /* one line, and the value comes back intact */
	ck_assert_str_eq(json_string_value(json_object_get(j, "path")), e.path);
	ck_assert_str_eq(json_string_value(json_object_get(j, "method")), "GE T");
	json_decref(j);
}
END_TEST

START_TEST(invalid_utf8_and_long_fields)
{
	struct access_entry e = plain;
	e.path = "/caf\xc3\xa9/\xff\xfe\"q\"";
	char *line = accesslog_format_request(SRV_LOG_TEXT, &e);
	ck_assert_msg(strstr(line, " /caf\xc3\xa9/\\xff\\xfe\"q\" "), "%s", line);
	ck_assert(g_utf8_validate(line, -1, NULL));
	g_free(line);
	json_t *j = json_line(&e);
	/* An invalid byte comes back as the Latin-1 character of its value. */
	ck_assert_str_eq(json_string_value(json_object_get(j, "path")),
		"/caf\xc3\xa9/\xc3\xbf\xc3\xbe\"q\"");
	json_decref(j);

	char *big = g_strnfill(100000, 'a');
	e.path = big;
	line = accesslog_format_request(SRV_LOG_JSON, &e);
	ck_assert_uint_lt(strlen(line), 4096);   /* one write stays atomic on a pipe */
	g_free(line);
	j = json_line(&e);
	ck_assert(g_str_has_suffix(json_string_value(json_object_get(j, "path")), "a..."));
	json_decref(j);
	g_free(big);

	/* Escapes grow a byte to six: the cut is on what is written, so a path of
	 * control bytes keeps the line under a pipe's atomic write too. */
	char *ctl = g_strnfill(3000, '\x01');
	e.path = ctl;
	e.remote = ctl;
	for (int f = 0; f < 2; f++) {
		line = accesslog_format_request(f ? SRV_LOG_JSON : SRV_LOG_TEXT, &e);
		ck_assert_msg(strlen(line) < 4096 * 2, "%zu bytes", strlen(line));
		g_free(line);
	}
	e.remote = NULL;
	line = accesslog_format_request(SRV_LOG_JSON, &e);
	ck_assert_msg(strlen(line) < 4096, "%zu bytes", strlen(line));
	g_free(line);
	g_free(ctl);
}
END_TEST

/* Runs fn with stderr sent to a pipe; returns what came out. */
static char *capture_stderr(void (*fn)(void))
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	int saved = dup(STDERR_FILENO);
	dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	GString *out = g_string_new(NULL);
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0)
		g_string_append_len(out, buf, n);
	close(fds[0]);
	return g_string_free(out, FALSE);
}

static void log_some(void)
{
	accesslog_request(SRV_LOG_TEXT, &plain);
	accesslog_event(SRV_LOG_TEXT, "warn", "dashboard %s: %s", "node.json", "bad\nline");
	accesslog_event(SRV_LOG_JSON, "error", "reload failed: %d files", 2);
}

static void log_requests_then_flush(void)
{
	accesslog_request(SRV_LOG_TEXT, &plain);
	accesslog_request(SRV_LOG_JSON, &plain);
	accesslog_flush();
}

static void log_request_only(void)
{
	accesslog_request(SRV_LOG_TEXT, &plain);
}

/* Request lines wait for accesslog_flush (the service thread's round) and
 * none is lost or split; an event line goes out at once, after them. */
START_TEST(request_lines_kept_until_flush)
{
	char *out = capture_stderr(log_request_only);
	ck_assert_str_eq(out, "");
	g_free(out);
	out = capture_stderr(log_requests_then_flush);
	gchar **lines = g_strsplit(out, "\n", 0);
	ck_assert_uint_eq(g_strv_length(lines), 4);   /* the kept one, two more, the tail */
	ck_assert(g_str_has_suffix(lines[0], " 12.4ms cache=hit status=ok"));
	ck_assert(g_str_has_suffix(lines[1], " 12.4ms cache=hit status=ok"));
	ck_assert_msg(lines[2][0] == '{', "%s", lines[2]);
	g_strfreev(lines);
	g_free(out);
	/* Many lines: written whole as the buffer fills, nothing dropped. */
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	int saved = dup(STDERR_FILENO);
	dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	for (int i = 0; i < 100; i++)
		accesslog_request(SRV_LOG_TEXT, &plain);
	accesslog_event(SRV_LOG_TEXT, "info", "last");
	dup2(saved, STDERR_FILENO);
	close(saved);
	GString *all = g_string_new(NULL);
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0)
		g_string_append_len(all, buf, n);
	close(fds[0]);
	lines = g_strsplit(all->str, "\n", 0);
	ck_assert_uint_eq(g_strv_length(lines), 102);
	for (int i = 0; i < 100; i++)
		ck_assert_msg(g_str_has_suffix(lines[i], " 12.4ms cache=hit status=ok"), "%d: %s", i,
			lines[i]);
	ck_assert(g_str_has_suffix(lines[100], " info last"));
	g_strfreev(lines);
	g_string_free(all, TRUE);
}
END_TEST

START_TEST(written_to_stderr)
{
	char *out = capture_stderr(log_some);
	gchar **lines = g_strsplit(out, "\n", 0);
	ck_assert_uint_eq(g_strv_length(lines), 4);   /* three lines and the empty tail */
	ck_assert(g_str_has_suffix(lines[0], " GET /render/d-solo/node?panelId=2 200 48213B 12.4ms "
					     "cache=hit status=ok"));
	ck_assert_str_eq(lines[1] + 24, " warn dashboard node.json: bad\\x0aline");
	json_t *j = json_loads(lines[2], 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "level")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(j, "msg")), "reload failed: 2 files");
	check_timestamp(json_string_value(json_object_get(j, "ts")));
	json_decref(j);
	ck_assert_str_eq(lines[3], "");
	g_strfreev(lines);
	g_free(out);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/accesslog");
	TCase *tc = tcase_create("accesslog");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, text_line);
	tcase_add_test(tc, json_line_fields);
	tcase_add_test(tc, secrets_masked);
	tcase_add_test(tc, no_forged_line);
	tcase_add_test(tc, invalid_utf8_and_long_fields);
	tcase_add_test(tc, written_to_stderr);
	tcase_add_test(tc, request_lines_kept_until_flush);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
