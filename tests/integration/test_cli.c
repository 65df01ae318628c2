/*
 * test_cli.c — end to end: runs the `cairn` binary against the real
 * Prometheus of tests/harness/prom.sh and checks what the images show, what
 * the report says and how it exits.
 *
 * The harness serves fixed data (tests/harness/gen_openmetrics.c) from
 * 2026-01-01T00:00:00Z to 06:00:00Z, so pixel positions are predictable:
 * the probe dashboards draw one magenta (#FF00FF) line per panel on a fixed
 * 0..100 axis, and the tests find that colour in the PNG.  Positions are
 * derived from the images themselves (the step series marks where 0 and 100
 * are drawn), not from cairn's layout constants, so the tests survive layout
 * changes but not wrong drawing.
 *
 * CAIRN_BIN: the cairn binary (meson sets it).  CAIRN_TEST_PROM_URL: the
 * harness Prometheus; without it every test that needs it fails, saying how
 * to start it.  CAIRN_UPDATE_GOLDEN=1 rewrites tests/integration/golden/.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>

#define FIXTURES    SOURCE_ROOT "/tests/integration/fixtures"
#define EXAMPLES    SOURCE_ROOT "/examples"
#define GOLDEN      SOURCE_ROOT "/tests/integration/golden"
#define PROBES      FIXTURES "/probes.json"
#define FROM        "2026-01-01T00:00:00Z"
#define TO          "2026-01-01T06:00:00Z"
#define RUN_LIMIT_S 120.0 /* per cairn run: generous for ASan builds */
#define MAX_ARGS    64

Suite *make_suite(void);

static char *tmpdir;

struct run {
	int code; /* exit status; -1 when killed by a signal or the time limit */
	bool timed_out;
	double secs;
	char *out, *err; /* everything it wrote to stdout and stderr */
};

static void setup(void)
{
	GError *e = NULL;
	tmpdir = g_dir_make_tmp("cairn-integ-XXXXXX", &e);
	ck_assert_msg(tmpdir, "cannot make a temporary directory: %s", e ? e->message : "?");
}

static void teardown(void)
{
	GDir *d = g_dir_open(tmpdir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(tmpdir, name, NULL);
		g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(tmpdir);
	g_free(tmpdir);
}

static const char *cairn_bin(void)
{
	const char *b = getenv("CAIRN_BIN");
	return b && *b ? b : CAIRN_BIN_DEFAULT;
}

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	if (!u || !*u)
		ck_abort_msg(
		        "CAIRN_TEST_PROM_URL is not set. Start the test Prometheus first: "
		        "`bash tests/harness/run-integration.sh BUILDDIR` does it all, or by "
		        "hand `bash tests/harness/prom.sh start /tmp/cairn-prom 19090 BUILDDIR` "
		        "then `export CAIRN_TEST_PROM_URL=$(bash tests/harness/prom.sh url "
		        "/tmp/cairn-prom)`");
	return u;
}

static const char *vm_url(void);

/* CAIRN_TEST_STORE=victoriametrics (integration/cli-victoriametrics): the
 * tests that read one store read the test VictoriaMetrics instead. */
static bool on_victoriametrics(void)
{
	const char *s = getenv("CAIRN_TEST_STORE");
	return s && strcmp(s, "victoriametrics") == 0;
}

static const char *store_url(void)
{
	return on_victoriametrics() ? vm_url() : prom_url();
}

/* A path inside this test's temporary directory; freed by the caller. */
static char *tmp(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static double now_s(void)
{
	return (double)g_get_monotonic_time() / 1e6;
}

static void run_free(struct run *r)
{
	g_free(r->out);
	g_free(r->err);
}

static void child(char **argv, const char *out, const char *err)
{
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
		_exit(126);
	execv(argv[0], argv);
	_exit(127);
}

/* Runs argv (argv[0] a path), killing it after limit_s seconds. */
static void run_argv(struct run *r, double limit_s, char **argv)
{
	char *out = tmp("stdout.txt"), *err = tmp("stderr.txt");
	*r = (struct run){.code = -1};
	double t0 = now_s();
	pid_t pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		child(argv, out, err);
	int status = 0;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_s() - t0 > limit_s) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			r->timed_out = true;
			break;
		}
		g_usleep(5000);
	}
	r->secs = now_s() - t0;
	if (!r->timed_out && WIFEXITED(status))
		r->code = WEXITSTATUS(status);
	g_file_get_contents(out, &r->out, NULL, NULL);
	g_file_get_contents(err, &r->err, NULL, NULL);
	if (!r->out)
		r->out = g_strdup("");
	if (!r->err)
		r->err = g_strdup("");
	g_free(out);
	g_free(err);
}

/* cairn ARGS... NULL, with a time limit. */
static void cairn_limit(struct run *r, double limit_s, const char *first, va_list ap)
{
	char *argv[MAX_ARGS];
	int n = 0;
	argv[n++] = (char *)cairn_bin();
	for (const char *a = first; a; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(n, MAX_ARGS - 1);
		argv[n++] = (char *)a;
	}
	argv[n] = NULL;
	run_argv(r, limit_s, argv);
}

static void cairn(struct run *r, const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	cairn_limit(r, RUN_LIMIT_S, first, ap);
	va_end(ap);
	ck_assert_msg(!r->timed_out, "cairn ran longer than %.0f s; stderr: %s", RUN_LIMIT_S,
	              r->err);
}

static bool exists(const char *path)
{
	return g_file_test(path, G_FILE_TEST_EXISTS);
}

static bool contains_ci(const char *hay, const char *needle)
{
	char *h = g_ascii_strdown(hay, -1), *n = g_ascii_strdown(needle, -1);
	bool found = strstr(h, n) != NULL;
	g_free(h);
	g_free(n);
	return found;
}

/* ---- images ---- */

static cairo_surface_t *load_png(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	ck_assert_msg(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, "%s is not a PNG: %s", path,
	              cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_flush(s);
	return s;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	                           (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t px;
	memcpy(&px, row + 4 * (size_t)x, 4);
	return px;
}

/* How much of the probe colour #FF00FF a pixel holds, 0 when none: lines are
 * anti-aliased against the dark panel background, so a 2 px line off the
 * pixel grid never shows the pure colour.  Everything else a dark-theme
 * panel draws is grey (r = g = b) or the background. */
static int probe_weight(uint32_t px)
{
	int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
	int w = MIN(r, b) - g;
	return w >= 50 && abs(r - b) <= 40 ? w : 0;
}

struct extent {
	int x0, y0, x1, y1; /* inclusive; x0 > x1 when nothing was found */
	long n;
	double y_mean; /* weighted by coverage: the line's centre row */
};

/* Where the probe colour is, within columns [xa, xb]. */
static struct extent probe_extent(cairo_surface_t *s, int xa, int xb)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	struct extent e = {.x0 = w, .y0 = h, .x1 = -1, .y1 = -1};
	double sum_w = 0, sum_wy = 0;
	for (int x = MAX(xa, 0); x <= MIN(xb, w - 1); x++)
		for (int y = 0; y < h; y++) {
			int pw = probe_weight(pixel(s, x, y));
			if (!pw)
				continue;
			e.x0 = MIN(e.x0, x);
			e.x1 = MAX(e.x1, x);
			e.y0 = MIN(e.y0, y);
			e.y1 = MAX(e.y1, y);
			e.n++;
			sum_w += pw;
			sum_wy += (double)pw * y;
		}
	e.y_mean = sum_w > 0 ? sum_wy / sum_w : NAN;
	return e;
}

static double mid_y(struct extent e)
{
	return e.y_mean;
}

/* Renders one probe panel at 1000x500 over the data window. */
static cairo_surface_t *render_probe(int panel, const char *name)
{
	char *out = tmp(name), id[16];
	snprintf(id, sizeof id, "%d", panel);
	struct run r;
	cairn(&r, "render", PROBES, "--panel", id, "--from", FROM, "--to", TO, "--width", "1000",
	      "--height", "500", "--prometheus", store_url(), "-o", out, NULL);
	ck_assert_msg(r.code == 0, "panel %d: exit %d, stderr: %s", panel, r.code, r.err);
	cairo_surface_t *s = load_png(out);
	ck_assert_int_eq(cairo_image_surface_get_width(s), 1000);
	ck_assert_int_eq(cairo_image_surface_get_height(s), 500);
	run_free(&r);
	g_free(out);
	return s;
}

/* Rows where the step series draws 0 and 100: the plot's bottom and top. */
struct axis_rows {
	double y0, y100;
	int xl, xr; /* the line's horizontal extent: the data window */
};

static struct axis_rows step_axis(cairo_surface_t *step)
{
	struct extent all = probe_extent(step, 0, 9999);
	ck_assert_msg(all.n > 100, "step panel: no line drawn in #FF00FF");
	int w = all.x1 - all.x0;
	struct extent left = probe_extent(step, all.x0 + w / 10, all.x0 + 4 * w / 10);
	struct extent right = probe_extent(step, all.x0 + 6 * w / 10, all.x0 + 9 * w / 10);
	ck_assert_msg(left.y1 - left.y0 <= 4 && right.y1 - right.y0 <= 4,
	              "step panel: the halves are not flat lines (rows %d-%d and %d-%d)", left.y0,
	              left.y1, right.y0, right.y1);
	struct axis_rows a = {mid_y(left), mid_y(right), all.x0, all.x1};
	ck_assert_msg(a.y0 - a.y100 > 200, "step panel: 0 drawn at row %.1f, 100 at %.1f", a.y0,
	              a.y100);
	return a;
}

/* ---- report ---- */

static json_t *load_report(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	ck_assert_msg(j, "report %s: %s at %d:%d", path, e.text, e.line, e.column);
	ck_assert_msg(json_is_array(j), "report %s: not a JSON array", path);
	return j;
}

static json_t *report_panel(json_t *report, int id)
{
	size_t i;
	json_t *p;
	json_array_foreach(report, i, p)
	{
		if (json_integer_value(json_object_get(p, "id")) == id)
			return p;
	}
	ck_abort_msg("report has no panel %d", id);
	return NULL;
}

static const char *str_of(json_t *p, const char *key)
{
	const char *s = json_string_value(json_object_get(p, key));
	ck_assert_msg(s, "report entry lacks string \"%s\"", key);
	return s;
}

static long long int_of(json_t *p, const char *key)
{
	json_t *v = json_object_get(p, key);
	ck_assert_msg(json_is_integer(v), "report entry lacks integer \"%s\"", key);
	return json_integer_value(v);
}

/* Every timeseries panel ok with data; other kinds may be unsupported. */
static void assert_all_ok(json_t *report, const char *what)
{
	size_t i;
	json_t *p;
	ck_assert_msg(json_array_size(report) > 0, "%s: empty report", what);
	json_array_foreach(report, i, p)
	{
		const char *type = str_of(p, "type"), *status = str_of(p, "status");
		long long id = int_of(p, "id");
		if (strcmp(type, "timeseries") == 0 || strcmp(type, "graph") == 0) {
			ck_assert_msg(strcmp(status, "ok") == 0, "%s: panel %lld \"%s\" is %s: %s",
			              what, id, str_of(p, "title"), status, str_of(p, "message"));
			ck_assert_msg(int_of(p, "series") > 0 && int_of(p, "points") > 0,
			              "%s: panel %lld has no series", what, id);
		} else {
			ck_assert_msg(strcmp(status, "error") != 0,
			              "%s: panel %lld (%s) failed: %s", what, id, type,
			              str_of(p, "message"));
		}
	}
}

/* ---- sockets for the failure tests ---- */

/* A loopback listener on a kernel-chosen port that never accepts: the kernel
 * completes the handshake, so a client connects and then waits forever. */
static int stalled_listener(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 64), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* A loopback port nothing listens on (bound, then released). */
static int closed_port(void)
{
	int port;
	int fd = stalled_listener(&port);
	close(fd);
	return port;
}

/* ---- tests: what the images show ---- */

START_TEST(flat_50_is_drawn_at_the_plot_middle)
{
	cairo_surface_t *step = render_probe(2, "step.png");
	cairo_surface_t *flat = render_probe(1, "flat.png");
	struct axis_rows a = step_axis(step);
	struct extent f = probe_extent(flat, 0, 9999);
	ck_assert_msg(f.n > 100, "flat panel: no line drawn in #FF00FF");
	ck_assert_msg(f.y1 - f.y0 <= 4, "flat panel: line spans rows %d-%d, expected one row", f.y0,
	              f.y1);
	double expect = (a.y0 + a.y100) / 2;
	ck_assert_msg(fabs(mid_y(f) - expect) <= 3,
	              "flat 50 on a 0..100 axis drawn at row %.1f; 0 is at %.1f, 100 at %.1f, so "
	              "expected %.1f +- 3",
	              mid_y(f), a.y0, a.y100, expect);
	/* Same data window, same width: the line spans the plot as the step does. */
	ck_assert_msg(abs(f.x0 - a.xl) <= 3 && abs(f.x1 - a.xr) <= 3,
	              "flat line spans x %d-%d, step line %d-%d", f.x0, f.x1, a.xl, a.xr);
	cairo_surface_destroy(step);
	cairo_surface_destroy(flat);
}
END_TEST

START_TEST(step_switches_halfway_across)
{
	cairo_surface_t *step = render_probe(2, "step.png");
	struct axis_rows a = step_axis(step);
	int w = cairo_image_surface_get_width(step);
	int last_low = -1, first_high = w;
	for (int x = a.xl; x <= a.xr; x++) {
		struct extent col = probe_extent(step, x, x);
		if (col.n == 0)
			continue;
		if (fabs(col.y1 - a.y0) <= 2)
			last_low = x;
		if (fabs(col.y0 - a.y100) <= 2 && first_high == w)
			first_high = x;
	}
	double mid = (a.xl + a.xr) / 2.0;
	/* One query step (6 h over ~1000 px: under 2 px) plus anti-aliasing. */
	ck_assert_msg(fabs(last_low - mid) <= 4 && fabs(first_high - mid) <= 4,
	              "step leaves 0 at x=%d and reaches 100 at x=%d; expected both at %.1f +- 4 "
	              "(the line spans %d-%d)",
	              last_low, first_high, mid, a.xl, a.xr);
	cairo_surface_destroy(step);
}
END_TEST

/* x of a time in the window, from the line's extent over 00:00..06:00. */
static int x_at(struct axis_rows a, int hh, int mm)
{
	return a.xl + (int)lround((a.xr - a.xl) * (hh * 60 + mm) / 360.0);
}

START_TEST(gap_shows_no_line)
{
	cairo_surface_t *step = render_probe(2, "step.png");
	cairo_surface_t *gap = render_probe(3, "gap.png");
	struct axis_rows a = step_axis(step);
	/* No samples from 02:00 to 03:00; Prometheus' 5 min lookback carries the
	 * last one to 02:04:45 (VictoriaMetrics' about a step, to 02:00), so from
	 * 02:10 to 02:55 nothing may be drawn from either. */
	struct extent hole = probe_extent(gap, x_at(a, 2, 10), x_at(a, 2, 55));
	ck_assert_msg(hole.n == 0,
	              "gap panel: %ld line pixels between 02:10 and 02:55 (x %d-%d), where the "
	              "series has no samples",
	              hole.n, x_at(a, 2, 10), x_at(a, 2, 55));
	struct extent before = probe_extent(gap, x_at(a, 1, 0), x_at(a, 1, 50));
	struct extent after = probe_extent(gap, x_at(a, 3, 10), x_at(a, 4, 0));
	ck_assert_msg(before.n > 0 && after.n > 0, "gap panel: no line around the gap (%ld, %ld)",
	              before.n, after.n);
	cairo_surface_destroy(step);
	cairo_surface_destroy(gap);
}
END_TEST

START_TEST(counter_rate_is_one_per_second)
{
	/* cairn_test_counter_total grows 15 every 15 s: rate 1, the middle of 0..2. */
	cairo_surface_t *step = render_probe(2, "step.png");
	cairo_surface_t *rate = render_probe(4, "rate.png");
	struct axis_rows a = step_axis(step);
	struct extent r = probe_extent(rate, x_at(a, 0, 30), x_at(a, 5, 30));
	ck_assert_msg(r.n > 0 && r.y1 - r.y0 <= 4, "rate panel: rows %d-%d", r.y0, r.y1);
	ck_assert_msg(fabs(mid_y(r) - (a.y0 + a.y100) / 2) <= 3,
	              "rate 1 on 0..2 drawn at row %.1f, expected %.1f", mid_y(r),
	              (a.y0 + a.y100) / 2);
	cairo_surface_destroy(step);
	cairo_surface_destroy(rate);
}
END_TEST

/* ---- tests: the report ---- */

START_TEST(report_lists_every_panel)
{
	char *out = tmp("probes.png"), *rep = tmp("probes.json");
	struct run r;
	cairn(&r, "render", PROBES, "--from", FROM, "--to", TO, "--width", "1200", "--prometheus",
	      store_url(), "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	ck_assert_int_eq(json_array_size(j), 4);
	const char *titles[] = {"flat 50", "step 0 to 100", "gap 02:00-03:00", "counter rate"};
	for (int id = 1; id <= 4; id++) {
		json_t *p = report_panel(j, id);
		ck_assert_str_eq(str_of(p, "status"), "ok");
		ck_assert_str_eq(str_of(p, "type"), "timeseries");
		ck_assert_str_eq(str_of(p, "title"), titles[id - 1]);
		ck_assert_int_eq(int_of(p, "series"), 1);
		ck_assert_msg(json_is_number(json_object_get(p, "query_ms")) &&
		                      json_is_number(json_object_get(p, "render_ms")),
		              "panel %d: no timings", id);
	}
	/* Same range and step for flat and step; the gap series has fewer points. */
	long long flat = int_of(report_panel(j, 1), "points");
	ck_assert_msg(flat >= 300 && flat <= 5000, "flat: %lld points", flat);
	ck_assert_int_eq(int_of(report_panel(j, 2), "points"), flat);
	ck_assert_int_gt(int_of(report_panel(j, 3), "points"), 0);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

/* ---- tests: failures ---- */

START_TEST(prometheus_down_fails_every_panel_but_writes_the_image)
{
	char url[64], *out = tmp("down.png"), *rep = tmp("down.json");
	snprintf(url, sizeof url, "http://127.0.0.1:%d", closed_port());
	struct run r;
	cairn(&r, "render", PROBES, "--from", FROM, "--to", TO, "--width", "800", "--prometheus",
	      url, "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 1, "exit %d, expected 1; stderr: %s", r.code, r.err);
	json_t *j = load_report(rep);
	size_t i;
	json_t *p;
	ck_assert_int_eq(json_array_size(j), 4);
	json_array_foreach(j, i, p)
	{
		const char *msg = str_of(p, "message");
		ck_assert_str_eq(str_of(p, "status"), "error");
		ck_assert_msg(contains_ci(msg, "cannot reach") || contains_ci(msg, "refused"),
		              "message does not say Prometheus is unreachable: %s", msg);
	}
	cairo_surface_t *s = load_png(out);
	ck_assert_int_eq(cairo_image_surface_get_width(s), 800);
	cairo_surface_destroy(s);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

START_TEST(promql_syntax_error_fails_only_its_panel)
{
	char *out = tmp("broken.png"), *rep = tmp("broken.json");
	struct run r;
	cairn(&r, "render", FIXTURES "/broken-query.json", "--from", FROM, "--to", TO,
	      "--prometheus", store_url(), "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 1, "exit %d, expected 1; stderr: %s", r.code, r.err);
	json_t *j = load_report(rep);
	json_t *bad = report_panel(j, 2);
	ck_assert_str_eq(str_of(bad, "status"), "error");
	/* The store's own words: Prometheus' "1:39: parse error: unclosed left
	 * parenthesis", VictoriaMetrics' "cannot execute query: argList:
	 * unexpected token" (its parser's). */
	if (on_victoriametrics())
		ck_assert_msg(contains_ci(str_of(bad, "message"), "cannot execute query") &&
		                      contains_ci(str_of(bad, "message"), "unexpected token"),
		              "message is not VictoriaMetrics': %s", str_of(bad, "message"));
	else
		ck_assert_msg(contains_ci(str_of(bad, "message"), "parse error") &&
		                      contains_ci(str_of(bad, "message"), "unclosed left parenthesis"),
		              "message is not Prometheus': %s", str_of(bad, "message"));
	ck_assert_str_eq(str_of(report_panel(j, 1), "status"), "ok");
	ck_assert_str_eq(str_of(report_panel(j, 3), "status"), "ok");
	ck_assert_int_eq(int_of(report_panel(j, 1), "series"), 1);
	cairo_surface_destroy(load_png(out));
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

/* A store's own error comes back naming the datasource (its URL: the CLI's
 * one datasource has no name; a configured one's name is tested in
 * tests/datasource) and the store's own words, for each store: Prometheus
 * says "bad_data: 1:39: parse error", VictoriaMetrics "422: ... cannot
 * execute query: argList: unexpected token". */
static void syntax_error_names(const char *url, const char *store, const char *words)
{
	char *out = tmp("broken.png"), *rep = tmp("broken.json");
	struct run r;
	cairn(&r, "render", FIXTURES "/broken-query.json", "--from", FROM, "--to", TO,
	      "--prometheus", url, "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 1, "%s: exit %d, expected 1; stderr: %s", store, r.code, r.err);
	json_t *j = load_report(rep);
	const char *msg = str_of(report_panel(j, 2), "message");
	char *want = g_strdup_printf("datasource at %s/api/v1/query_range: ", url);
	ck_assert_msg(g_str_has_prefix(msg, want), "%s: the message does not name the datasource "
	              "(\"%s\"): %s", store, want, msg);
	ck_assert_msg(contains_ci(msg, words), "%s: not its own words (%s): %s", store, words, msg);
	ck_assert_msg(!strstr(msg, "Prometheus"), "%s: the message says Prometheus: %s", store, msg);
	ck_assert_str_eq(str_of(report_panel(j, 1), "status"), "ok");
	g_free(want);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}

START_TEST(store_errors_name_the_datasource)
{
	syntax_error_names(prom_url(), "Prometheus", "bad_data: 1:39: parse error");
	syntax_error_names(vm_url(), "VictoriaMetrics", "422: error when executing query");
}
END_TEST

START_TEST(stalled_prometheus_times_out)
{
	int port;
	int fd = stalled_listener(&port);
	char url[64], *out = tmp("stalled.png"), *rep = tmp("stalled.json");
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	struct run r;
	cairn(&r, "render", PROBES, "--from", FROM, "--to", TO, "--prometheus", url, "--timeout",
	      "1", "-o", out, "--report", rep, NULL);
	close(fd);
	ck_assert_msg(r.code == 1, "exit %d, expected 1; stderr: %s", r.code, r.err);
	ck_assert_msg(r.secs < 8, "took %.1f s with --timeout 1", r.secs);
	json_t *j = load_report(rep);
	json_t *p = report_panel(j, 1);
	ck_assert_str_eq(str_of(p, "status"), "error");
	ck_assert_msg(contains_ci(str_of(p, "message"), "timeout") ||
	                      contains_ci(str_of(p, "message"), "timed out") ||
	                      contains_ci(str_of(p, "message"), "did not answer within 1 s"),
	              "message does not mention the timeout: %s", str_of(p, "message"));
	cairo_surface_destroy(load_png(out));
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

START_TEST(bad_json_exits_2_with_position)
{
	char *out = tmp("bad.png"), *rep = tmp("bad.json");
	struct run r;
	cairn(&r, "render", FIXTURES "/bad.json", "--prometheus", "testdata", "-o", out, "--report",
	      rep, NULL);
	ck_assert_msg(r.code == 2, "exit %d, expected 2", r.code);
	ck_assert_msg(g_regex_match_simple("bad\\.json:3:[0-9]+", r.err, 0, 0),
	              "message does not name file:line:col (bad.json:3:...): %s", r.err);
	ck_assert_msg(!exists(out) && !exists(rep), "something was written for bad input");
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

START_TEST(unknown_panel_exits_2)
{
	char *out = tmp("nopanel.png");
	struct run r;
	cairn(&r, "render", PROBES, "--panel", "999", "--prometheus", "testdata", "-o", out, NULL);
	ck_assert_msg(r.code == 2, "exit %d, expected 2", r.code);
	ck_assert_msg(strstr(r.err, "999"), "message does not name the panel: %s", r.err);
	ck_assert_msg(!exists(out), "an image was written for an unknown panel");
	run_free(&r);
	g_free(out);
}
END_TEST

START_TEST(bad_time_exits_2_naming_the_parameter)
{
	char *out = tmp("badtime.png");
	struct run r;
	cairn(&r, "render", PROBES, "--from", "yesterday-ish", "--prometheus", "testdata", "-o",
	      out, NULL);
	ck_assert_msg(r.code == 2, "exit %d, expected 2", r.code);
	ck_assert_msg(strstr(r.err, "--from") || strstr(r.err, "from"),
	              "message does not name --from: %s", r.err);
	ck_assert_msg(!exists(out), "an image was written for a bad time");
	run_free(&r);
	g_free(out);
}
END_TEST

/* ---- tests: real dashboards ---- */

START_TEST(kube_prometheus_nodes_renders_from_real_data)
{
	char *out = tmp("kube-nodes.png"), *rep = tmp("kube-nodes.json");
	struct run r;
	cairn(&r, "render", CORPUS_DIR "/dashboards/kube-prometheus__nodes.json", "--var",
	      "instance=node-1:9100", "--from", "2026-01-01T01:00:00Z", "--to",
	      "2026-01-01T05:00:00Z", "--width", "1600", "--prometheus", store_url(), "-o", out,
	      "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	assert_all_ok(j, "kube-prometheus nodes");
	/* CPU Usage: one series per CPU of node-1 (four of them). */
	ck_assert_int_eq(int_of(report_panel(j, 2), "series"), 4);
	/* Load Average: load1, load5, load15 and the core count. */
	ck_assert_int_eq(int_of(report_panel(j, 3), "series"), 4);
	cairo_surface_t *s = load_png(out);
	ck_assert_int_eq(cairo_image_surface_get_width(s), 1600);
	cairo_surface_destroy(s);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

/* Without --var: $cluster has no values in a single-cluster Prometheus and
 * stays empty (cluster=~"" still matches), $instance takes the first value
 * Prometheus returns for label_values(...), as Grafana does. */
START_TEST(variables_default_to_first_label_value)
{
	char *out = tmp("vars.png"), *rep = tmp("vars.json");
	struct run r;
	cairn(&r, "render", FIXTURES "/vars-default.json", "--from", "2026-01-01T01:00:00Z", "--to",
	      "2026-01-01T05:00:00Z", "--prometheus", store_url(), "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	json_t *p = report_panel(j, 1);
	ck_assert_str_eq(json_string_value(json_object_get(p, "title")), "Load of node-1:9100");
	ck_assert_str_eq(json_string_value(json_object_get(p, "status")), "ok");
	ck_assert_int_eq(int_of(p, "series"), 1);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

/* ---- the corpus, whole, against real data ---- */

/* The test VictoriaMetrics (tests/harness/vm.sh), loaded with the same data
 * and evaluating the same recording rules itself. */
static const char *vm_url(void)
{
	const char *u = getenv("CAIRN_TEST_VM_URL");
	if (!u || !*u)
		ck_abort_msg("CAIRN_TEST_VM_URL is not set. Start the test VictoriaMetrics first: "
		             "`bash tests/harness/run-integration.sh BUILDDIR` does it all, or by "
		             "hand `bash tests/harness/vm.sh start /tmp/cairn-vm 19428 BUILDDIR` "
		             "then `export CAIRN_TEST_VM_URL=$(bash tests/harness/vm.sh url "
		             "/tmp/cairn-vm)`");
	return u;
}

/* Panels allowed to come out "nodata", each with why the store truly has no
 * such series; every other panel of the corpus must be "ok". */
static const struct corpus_nodata {
	const char *file;
	int id;
	const char *why;
} corpus_nodata[] = {
#define ALL_CLUSTERS                                                                            \
	"$cluster is All with allValue \".+\", so cluster=~\".+\" needs a cluster label: a "     \
	"single-cluster Prometheus (kube-prometheus keeps cluster an external label) has none, " \
	"and Grafana shows nothing here either"
        {"kube-prometheus__prometheus.json", 2, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 4, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 5, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 7, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 8, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 9, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 11, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 12, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 14, ALL_CLUSTERS},
        {"kube-prometheus__prometheus.json", 15, ALL_CLUSTERS},
#undef ALL_CLUSTERS
};

/* Other values than the defaults: another namespace, node, pod, instance.
 * Dashboards whose only variable is $cluster have no other value in a
 * single-cluster store and are rendered with their defaults only. */
static const struct corpus_values {
	const char *file;
	const char *vars[4]; /* NAME=VALUE, NULL-terminated */
	bool no_nodata;      /* these values clear the defaults' allowed nodata */
} corpus_values[] = {
        {"kube-prometheus__apiserver.json", {"instance=10.0.0.2:6443"}, false},
        {"kube-prometheus__k8s-resources-namespace.json", {"namespace=kube-system"}, false},
        {"kube-prometheus__k8s-resources-node.json", {"node=node-2", "node=node-3"}, false},
        {"kube-prometheus__k8s-resources-pod.json",
         {"namespace=kube-system", "pod=coredns-5d78c9869d-8xkqw"}, false},
        {"kube-prometheus__k8s-resources-workload.json",
         {"namespace=monitoring", "type=statefulset", "workload=prometheus-k8s"}, false},
        {"kube-prometheus__kubelet.json", {"instance=node-3:10250"}, false},
        {"kube-prometheus__namespace-by-workload.json", {"namespace=monitoring", "type=statefulset"},
         false},
        {"kube-prometheus__node-rsrc-use.json", {"instance=node-2:9100"}, false},
        {"kube-prometheus__nodes.json", {"instance=node-3:9100"}, false},
        {"kube-prometheus__persistentvolumesusage.json",
         {"namespace=monitoring", "volume=prometheus-k8s-db-prometheus-k8s-0"}, false},
        /* the empty cluster: series without the label, which cluster=~"" matches */
        {"kube-prometheus__prometheus.json", {"cluster=", "job=prometheus-k8s"}, true},
        {"rfmoz__node-exporter-full.json", {"node=node-2:9100", "nodename=node-2"}, false},
};

static const char *allowed_nodata(const char *file, long long id)
{
	for (size_t i = 0; i < G_N_ELEMENTS(corpus_nodata); i++)
		if (strcmp(corpus_nodata[i].file, file) == 0 && corpus_nodata[i].id == id)
			return corpus_nodata[i].why;
	return NULL;
}

/* Renders one corpus dashboard whole (--expand-rows) from `url` over 01:00 to
 * 05:00 with the given --var values; every panel must be ok, or nodata where
 * listed (unless strict); returns how many panels were ok. */
static int render_corpus(const char *url, const char *store, const char *file,
                         const char *const *vars, bool strict)
{
	char *path = g_build_filename(CORPUS_DIR, "dashboards", file, NULL);
	char *out = tmp("corpus.png"), *rep = tmp("corpus.json");
	char *argv[MAX_ARGS];
	int n = 0;
	argv[n++] = (char *)cairn_bin();
	const char *fixed[] = {"render", path, "--expand-rows", "--from", "2026-01-01T01:00:00Z",
	                       "--to", "2026-01-01T05:00:00Z", "--prometheus", url, "-o", out,
	                       "--report", rep};
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		argv[n++] = (char *)fixed[i];
	GString *shown = g_string_new("");
	for (size_t i = 0; vars && vars[i]; i++) {
		argv[n++] = (char *)"--var";
		argv[n++] = (char *)vars[i];
		g_string_append_printf(shown, " --var %s", vars[i]);
	}
	argv[n] = NULL;
	struct run r;
	run_argv(&r, RUN_LIMIT_S, argv);
	ck_assert_msg(!r.timed_out && r.code == 0, "%s (%s%s): exit %d: %s", file, store, shown->str,
	              r.code, r.err);
	json_t *j = load_report(rep);
	size_t i;
	json_t *p;
	int ok = 0;
	ck_assert_msg(json_array_size(j) > 0, "%s: empty report", file);
	json_array_foreach(j, i, p)
	{
		const char *status = str_of(p, "status");
		long long id = int_of(p, "id");
		const char *why = strict ? NULL : allowed_nodata(file, id);
		if (strcmp(status, "ok") == 0) {
			/* a text panel queries nothing */
			ck_assert_msg(strcmp(str_of(p, "type"), "text") == 0 || int_of(p, "series") > 0,
			              "%s (%s%s): panel %lld \"%s\" ok with no series",
			              file, store, shown->str, id, str_of(p, "title"));
			ok++;
			continue;
		}
		ck_assert_msg(strcmp(status, "nodata") == 0 && why,
		              "%s (%s%s): panel %lld \"%s\" (%s) is %s%s%s", file, store, shown->str, id,
		              str_of(p, "title"), str_of(p, "type"), status,
		              *str_of(p, "message") ? ": " : "", str_of(p, "message"));
	}
	json_decref(j);
	run_free(&r);
	g_string_free(shown, TRUE);
	g_free(path);
	g_free(out);
	g_free(rep);
	return ok;
}

/* Every dashboard of the corpus directory (so one added there is covered),
 * with its default variables. */
static void corpus_defaults(const char *url, const char *store)
{
	GDir *dir = g_dir_open(CORPUS_DIR "/dashboards", 0, NULL);
	ck_assert_msg(dir, "cannot open %s", CORPUS_DIR "/dashboards");
	const char *name;
	int files = 0, ok = 0;
	while ((name = g_dir_read_name(dir))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		ok += render_corpus(url, store, name, NULL, false);
		files++;
	}
	g_dir_close(dir);
	ck_assert_int_ge(files, 14);
	/* 13 kube-prometheus dashboards (170 panels, 10 of them allowed nodata)
	 * and Node Exporter Full's 125 */
	ck_assert_msg(ok >= 285, "%s: only %d corpus panels ok", store, ok);
}

static void corpus_other_values(const char *url, const char *store)
{
	for (size_t i = 0; i < G_N_ELEMENTS(corpus_values); i++)
		render_corpus(url, store, corpus_values[i].file, corpus_values[i].vars,
		              corpus_values[i].no_nodata);
}

START_TEST(corpus_renders_from_prometheus)
{
	corpus_defaults(prom_url(), "Prometheus");
}
END_TEST

START_TEST(corpus_renders_from_prometheus_other_values)
{
	corpus_other_values(prom_url(), "Prometheus");
}
END_TEST

/* A sanitizer build draws the corpus some five times slower (50 s a pass
 * under ASan on two busy cores); the store makes no difference to what it
 * checks in cairn's code, so there the corpus is rendered from Prometheus
 * only, and from VictoriaMetrics in the optimised build, which says so. */
static bool sanitized(void)
{
	const char *s = getenv("CAIRN_TEST_SANITIZED");
	if (s && strcmp(s, "1") == 0) {
		fprintf(stderr, "sanitizer build: the corpus from VictoriaMetrics is rendered in the "
		                "optimised build\n");
		return true;
	}
	return false;
}

START_TEST(corpus_renders_from_victoriametrics)
{
	if (!sanitized())
		corpus_defaults(vm_url(), "VictoriaMetrics");
}
END_TEST

START_TEST(corpus_renders_from_victoriametrics_other_values)
{
	if (!sanitized())
		corpus_other_values(vm_url(), "VictoriaMetrics");
}
END_TEST

static void render_example(const char *file, const char *source, const char *theme)
{
	char *out = tmp("example.png"), *rep = tmp("example.json");
	bool real = strcmp(source, "testdata") != 0;
	struct run r;
	if (real)
		cairn(&r, "render", file, "--from", "2026-01-01T00:30:00Z", "--to",
		      "2026-01-01T05:30:00Z", "--width", "1600", "--theme", theme, "--prometheus",
		      source, "-o", out, "--report", rep, NULL);
	else
		cairn(&r, "render", file, "--width", "1600", "--theme", theme, "--prometheus",
		      source, "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "%s (%s): exit %d: %s", file, source, r.code, r.err);
	json_t *j = load_report(rep);
	assert_all_ok(j, file);
	cairo_surface_destroy(load_png(out));
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}

START_TEST(examples_render_from_testdata)
{
	render_example(EXAMPLES "/node-overview.json", "testdata", "dark");
	render_example(EXAMPLES "/korean.json", "testdata", "light");
}
END_TEST

START_TEST(examples_render_from_real_data)
{
	render_example(EXAMPLES "/node-overview.json", store_url(), "dark");
	render_example(EXAMPLES "/korean.json", store_url(), "light");
	render_example(SOURCE_ROOT "/tests/cli/fixtures/piechart.json", store_url(), "dark");
}
END_TEST

/* A pixel's channels, 0xAARRGGBB as Cairo stores them. */
static void rgb(uint32_t px, int *r, int *g, int *b)
{
	*r = (px >> 16) & 0xff;
	*g = (px >> 8) & 0xff;
	*b = px & 0xff;
}

static bool colourful(uint32_t px)
{
	int r, g, b;
	rgb(px, &r, &g, &b);
	return MAX(r, MAX(g, b)) - MIN(r, MIN(g, b)) > 60;
}

/* tests/cli/fixtures/piechart.json's donut (panel 2) from cairn_test_share: parts
 * a..d are 10, 20, 30, 40 (e 0), so from 12 o'clock d takes 0-0.4 of the
 * turn, c 0.4-0.7, b 0.7-0.9 and a 0.9-1; its displayName template
 * "part ${__field.labels.part}" names them, and the byName override on the
 * templated "part d" makes d purple. */
START_TEST(piechart_example_from_real_data)
{
	char *out = tmp("pie.png"), *rep = tmp("pie.json");
	struct run r;
	cairn(&r, "render", SOURCE_ROOT "/tests/cli/fixtures/piechart.json", "--panel", "2",
	      "--width", "1000", "--height", "500", "--prometheus", store_url(), "-o", out,
	      "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	assert_all_ok(j, "piechart.json panel 2");
	cairo_surface_t *img = load_png(out);
	/* the donut: the colourful pixels between x 200 and 800 (the legend's
	 * swatches sit at the left edge) */
	int x0 = 1000, x1 = -1, y0 = 500, y1 = -1;
	for (int y = 0; y < 500; y++)
		for (int x = 200; x < 800; x++)
			if (colourful(pixel(img, x, y))) {
				x0 = MIN(x0, x), x1 = MAX(x1, x), y0 = MIN(y0, y), y1 = MAX(y1, y);
			}
	ck_assert_msg(x1 > x0 + 100, "no donut found");
	double cx = (x0 + x1 + 1) / 2.0, cy = (y0 + y1 + 1) / 2.0, outer = (x1 - x0 + 1) / 2.0;
	ck_assert_double_eq_tol(outer, (y1 - y0 + 1) / 2.0, 2);
	double ring = outer - fmax(outer / 3, 20) / 2; /* the middle of the ring */
	static const struct {
		double turn;
		const char *part;
	} mid[] = {{0.2, "d"}, {0.55, "c"}, {0.8, "b"}, {0.95, "a"}};
	for (size_t k = 0; k < 4; k++) {
		double a = mid[k].turn * 2 * M_PI;
		int R, G, B;
		rgb(pixel(img, (int)(cx + sin(a) * ring), (int)(cy - cos(a) * ring)), &R, &G, &B);
		bool ok = false;
		switch (mid[k].part[0]) {
		case 'a': ok = G > R + 20 && G > B + 20; break;          /* green */
		case 'b': ok = R > B + 60 && G > B + 60; break;          /* yellow */
		case 'c': ok = B > R + 40; break;                        /* blue */
		case 'd': ok = R > G + 30 && B > G + 30; break;          /* purple (override) */
		}
		ck_assert_msg(ok, "part %s at %.2f turn: rgb(%d,%d,%d)", mid[k].part, mid[k].turn, R,
		              G, B);
	}
	int R, G, B;
	rgb(pixel(img, (int)cx, (int)cy), &R, &G, &B); /* the hole: the panel background */
	ck_assert_msg(MAX(R, MAX(G, B)) < 45, "hole: rgb(%d,%d,%d)", R, G, B);
	cairo_surface_destroy(img);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

START_TEST(node_variable_selects_nodes)
{
	char *out = tmp("two.png"), *rep = tmp("two.json");
	struct run r;
	cairn(&r, "render", EXAMPLES "/node-overview.json", "--panel", "2", "--var",
	      "node=node-1:9100", "--var", "node=node-3:9100", "--from", FROM, "--to", TO,
	      "--prometheus", store_url(), "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	ck_assert_int_eq(json_array_size(j), 1);
	ck_assert_int_eq(int_of(report_panel(j, 2), "series"), 2);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

START_TEST(prometheus_url_from_environment)
{
	char *out = tmp("env.png"), *rep = tmp("env.json");
	setenv("CAIRN_PROMETHEUS_URL", store_url(), 1); /* this test runs in its own process */
	struct run r;
	cairn(&r, "render", PROBES, "--panel", "1", "--from", FROM, "--to", TO, "-o", out,
	      "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	ck_assert_str_eq(str_of(report_panel(j, 1), "status"), "ok");
	unsetenv("CAIRN_PROMETHEUS_URL");
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
}
END_TEST

/* Grafana orders series (and so colours and legend rows) by target, A before
 * B, whatever order the queries answer in: the same render twice must give
 * the same bytes.  Memory Usage has four targets. */
START_TEST(renders_are_deterministic)
{
	char *first = NULL;
	size_t first_len = 0;
	for (int i = 0; i < 4; i++) {
		char *out = tmp("again.png"), *data = NULL;
		size_t len = 0;
		struct run r;
		cairn(&r, "render", CORPUS_DIR "/dashboards/kube-prometheus__nodes.json", "--panel",
		      "5", "--var", "instance=node-2:9100", "--from", FROM, "--to", TO,
		      "--prometheus", store_url(), "-o", out, NULL);
		ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
		ck_assert(g_file_get_contents(out, &data, &len, NULL));
		if (!first) {
			first = data;
			first_len = len;
		} else {
			bool same = len == first_len && memcmp(data, first, len) == 0;
			g_free(data);
			ck_assert_msg(same,
			              "render %d differs from the first: series order must "
			              "follow the targets, not query completion",
			              i + 1);
		}
		run_free(&r);
		g_free(out);
	}
	g_free(first);
}
END_TEST

/* ---- tests: output formats ---- */

START_TEST(svg_and_pdf_outputs)
{
	char *svg = tmp("p.svg"), *pdf = tmp("p.pdf"), *text = NULL;
	size_t len = 0;
	struct run r;
	cairn(&r, "render", EXAMPLES "/node-overview.json", "--panel", "2", "--from", FROM, "--to",
	      TO, "--prometheus", store_url(), "-o", svg, NULL);
	ck_assert_msg(r.code == 0, "svg: exit %d: %s", r.code, r.err);
	run_free(&r);
	ck_assert(g_file_get_contents(svg, &text, &len, NULL));
	ck_assert_msg(strstr(text, "<svg") && strstr(text, "<path"), "not an SVG with paths");
	g_free(text);
	cairn(&r, "render", EXAMPLES "/node-overview.json", "--panel", "2", "--from", FROM, "--to",
	      TO, "--prometheus", store_url(), "-o", pdf, NULL);
	ck_assert_msg(r.code == 0, "pdf: exit %d: %s", r.code, r.err);
	run_free(&r);
	ck_assert(g_file_get_contents(pdf, &text, &len, NULL));
	ck_assert_msg(len > 5 && memcmp(text, "%PDF-", 5) == 0, "not a PDF");
	g_free(text);
	g_free(svg);
	g_free(pdf);
}
END_TEST

static void png_size(const char *scale, int *w, int *h)
{
	char *out = tmp("scaled.png");
	struct run r;
	cairn(&r, "render", PROBES, "--panel", "1", "--width", "400", "--height", "200", "--scale",
	      scale, "--from", FROM, "--to", TO, "--prometheus", store_url(), "-o", out, NULL);
	ck_assert_msg(r.code == 0, "--scale %s: exit %d: %s", scale, r.code, r.err);
	cairo_surface_t *s = load_png(out);
	*w = cairo_image_surface_get_width(s);
	*h = cairo_image_surface_get_height(s);
	cairo_surface_destroy(s);
	run_free(&r);
	g_free(out);
}

START_TEST(scale_2_doubles_the_pixels)
{
	int w1, h1, w2, h2;
	png_size("1", &w1, &h1);
	png_size("2", &w2, &h2);
	ck_assert_int_eq(w1, 400);
	ck_assert_int_eq(h1, 200);
	ck_assert_int_eq(w2, 800);
	ck_assert_int_eq(h2, 400);
}
END_TEST

/* ---- golden images ---- */

/* Pixels differing by more than GOLDEN_CHANNEL_TOL in any channel count as
 * different; up to GOLDEN_MAX_DIFF of them pass (font hinting and
 * anti-aliasing noise across cairo/pixman versions). */
#define GOLDEN_CHANNEL_TOL 24
#define GOLDEN_MAX_DIFF    0.005

static bool pixel_differs(uint32_t a, uint32_t b)
{
	for (int shift = 0; shift < 32; shift += 8) {
		int ca = (int)((a >> shift) & 0xff), cb = (int)((b >> shift) & 0xff);
		if (abs(ca - cb) > GOLDEN_CHANNEL_TOL)
			return true;
	}
	return false;
}

static void compare_golden(const char *actual, const char *name)
{
	char *golden = g_build_filename(GOLDEN, name, NULL);
	const char *update = getenv("CAIRN_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		char *data = NULL;
		size_t len = 0;
		ck_assert(g_file_get_contents(actual, &data, &len, NULL));
		ck_assert_msg(g_file_set_contents(golden, data, (gssize)len, NULL),
		              "cannot write %s", golden);
		g_free(data);
	}
	ck_assert_msg(exists(golden), "no golden image %s: run with CAIRN_UPDATE_GOLDEN=1", golden);
	cairo_surface_t *a = load_png(actual), *g = load_png(golden);
	int w = cairo_image_surface_get_width(g), h = cairo_image_surface_get_height(g);
	ck_assert_int_eq(cairo_image_surface_get_width(a), w);
	ck_assert_int_eq(cairo_image_surface_get_height(a), h);
	long diff = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			diff += pixel_differs(pixel(a, x, y), pixel(g, x, y));
	if ((double)diff > GOLDEN_MAX_DIFF * w * h) {
		char *keep = g_build_filename(g_get_tmp_dir(), name, NULL);
		cairo_surface_write_to_png(a, keep);
		ck_abort_msg("%s: %ld of %d pixels differ (tolerance %.1f%%); actual image kept as "
		             "%s; CAIRN_UPDATE_GOLDEN=1 accepts it",
		             name, diff, w * h, GOLDEN_MAX_DIFF * 100, keep);
	}
	cairo_surface_destroy(a);
	cairo_surface_destroy(g);
	g_free(golden);
}

START_TEST(golden_probe_gap)
{
	char *out = tmp("golden-gap.png");
	struct run r;
	cairn(&r, "render", PROBES, "--panel", "3", "--from", FROM, "--to", TO, "--width", "600",
	      "--height", "300", "--prometheus", store_url(), "-o", out, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	compare_golden(out, "probe-gap.png");
	run_free(&r);
	g_free(out);
}
END_TEST

START_TEST(golden_node_overview_network)
{
	char *out = tmp("golden-net.png");
	struct run r;
	cairn(&r, "render", EXAMPLES "/node-overview.json", "--panel", "13", "--from",
	      "2026-01-01T01:00:00Z", "--to", "2026-01-01T05:00:00Z", "--width", "800", "--height",
	      "400", "--prometheus", store_url(), "-o", out, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	/* rate() of the network counters: VictoriaMetrics does not extrapolate,
	 * so the noise of each line differs by a pixel here and there (0.9 % of
	 * the pixels; a max of 30.2 Mb/s against 30.5): its own baseline */
	compare_golden(out, on_victoriametrics() ? "node-overview-network.victoriametrics.png"
	                                         : "node-overview-network.png");
	run_free(&r);
	g_free(out);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	return tc;
}

/* ---- heatmap ---- */

/* Rows (top to bottom) in column x whose colour is within 3 of rgb. */
static void rows_of(cairo_surface_t *img, int x, uint32_t rgb, int *first, int *n)
{
	*first = -1;
	*n = 0;
	for (int y = 0; y < cairo_image_surface_get_height(img); y++) {
		uint32_t c = pixel(img, x, y) & 0xffffff;
		int d = 0;
		for (int k = 0; k < 24; k += 8)
			d = MAX(d, abs((int)(c >> k & 0xff) - (int)(rgb >> k & 0xff)));
		if (d <= 3) {
			if (*first < 0)
				*first = y;
			(*n)++;
		}
	}
}

/* tests/integration/fixtures/heatmap.json panel 1: sum by (le) (rate(..._bucket[1m])) in
 * format heatmap.  The histogram's busiest bucket is le 0.1 (8 a step) in
 * the first half of the window and le 0.5 after, 2 buckets higher; it takes
 * the palette's last colour (Oranges, reversed in the dark theme: #fff5eb);
 * le 0.005 never fills and is hidden.  With 10 rows over the plot, the busiest row moves up by 2 rows. */
START_TEST(heatmap_prometheus_buckets)
{
	char *out = tmp("heatmap.png"), *rep = tmp("heatmap.json");
	struct run r;
	cairn(&r, "render", FIXTURES "/heatmap.json", "--panel", "1", "--width", "1000", "--height",
	      "500", "--prometheus", store_url(), "-o", out, "--report", rep, NULL);
	ck_assert_msg(r.code == 0, "exit %d: %s", r.code, r.err);
	json_t *j = load_report(rep);
	assert_all_ok(j, "heatmap panel 1");
	cairo_surface_t *img = load_png(out);
	int y1, n1, y2, n2, ymin, nmin;
	rows_of(img, 300, 0xfff5eb, &y1, &n1);
	rows_of(img, 800, 0xfff5eb, &y2, &n2);
	ck_assert_msg(n1 > 20 && n2 > 20, "the busiest bucket's colour: %d rows at 00:00-03:00, %d after",
	              n1, n2);
	ck_assert_int_le(abs(n1 - n2), 1);
	/* a row is its pitch less the 1 px gap, edges unrounded under a 4 px gap as on
	 * Grafana's canvas (tests/cli/grafana-ref-heatmap): its solid part n1 is 1 to 2 px
	 * shorter than that, so two rows up is 2 × (n1 + gap) plus up to 2 × 2 */
	ck_assert_msg((y1 - y2) - 2 * (n1 + 1) >= -2 && (y1 - y2) - 2 * (n1 + 1) <= 6,
	              "the busiest bucket moves up from row %d to %d; expected by 2 × %d", y1, y2,
	              n1 + 1);
	/* le 0.005 never fills: the row under le 0.01's is the panel's background */
	rows_of(img, 300, 0x181b1f, &ymin, &nmin);
	ck_assert_msg(nmin > n1, "the empty bucket: %d background rows in the column", nmin);
	cairo_surface_destroy(img);
	json_decref(j);
	run_free(&r);
	g_free(out);
	g_free(rep);
	/* every heatmap of the fixture: calculated, opacity, the angular one */
	render_example(FIXTURES "/heatmap.json", store_url(), "dark");
	render_example(FIXTURES "/heatmap.json", store_url(), "light");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create(on_victoriametrics() ? "integration (VictoriaMetrics)" : "integration");
	TCase *pixels = tcase("pixels");
	tcase_add_test(pixels, flat_50_is_drawn_at_the_plot_middle);
	tcase_add_test(pixels, heatmap_prometheus_buckets);
	tcase_add_test(pixels, step_switches_halfway_across);
	tcase_add_test(pixels, gap_shows_no_line);
	tcase_add_test(pixels, counter_rate_is_one_per_second);
	suite_add_tcase(s, pixels);

	TCase *report = tcase("report");
	tcase_add_test(report, report_lists_every_panel);
	suite_add_tcase(s, report);

	TCase *errors = tcase("errors");
	tcase_add_test(errors, prometheus_down_fails_every_panel_but_writes_the_image);
	tcase_add_test(errors, promql_syntax_error_fails_only_its_panel);
	tcase_add_test(errors, stalled_prometheus_times_out);
	if (!on_victoriametrics()) /* it reads both stores itself */
		tcase_add_test(errors, store_errors_name_the_datasource);
	tcase_add_test(errors, bad_json_exits_2_with_position);
	tcase_add_test(errors, unknown_panel_exits_2);
	tcase_add_test(errors, bad_time_exits_2_naming_the_parameter);
	suite_add_tcase(s, errors);

	TCase *dashboards = tcase("dashboards");
	tcase_add_test(dashboards, kube_prometheus_nodes_renders_from_real_data);
	tcase_add_test(dashboards, variables_default_to_first_label_value);
	tcase_add_test(dashboards, examples_render_from_testdata);
	tcase_add_test(dashboards, examples_render_from_real_data);
	tcase_add_test(dashboards, node_variable_selects_nodes);
	tcase_add_test(dashboards, piechart_example_from_real_data);
	tcase_add_test(dashboards, prometheus_url_from_environment);
	tcase_add_test(dashboards, renders_are_deterministic);
	suite_add_tcase(s, dashboards);

	/* the corpus cases name their store themselves: once, in the run on
	 * Prometheus (integration/cli) */
	if (!on_victoriametrics()) {
		TCase *corpus = tcase("corpus");
		tcase_add_test(corpus, corpus_renders_from_prometheus);
		tcase_add_test(corpus, corpus_renders_from_prometheus_other_values);
		tcase_add_test(corpus, corpus_renders_from_victoriametrics);
		tcase_add_test(corpus, corpus_renders_from_victoriametrics_other_values);
		suite_add_tcase(s, corpus);
	}

	TCase *formats = tcase("formats");
	tcase_add_test(formats, svg_and_pdf_outputs);
	tcase_add_test(formats, scale_2_doubles_the_pixels);
	tcase_add_test(formats, golden_probe_gap);
	tcase_add_test(formats, golden_node_overview_network);
	suite_add_tcase(s, formats);
	return s;
}

#include "tests/test_main.h"
