/*
 * test_bars_cli.c — `cairn render` of barchart and histogram panels against
 * the real test Prometheus (tests/harness/prom.sh; CAIRN_TEST_PROM_URL):
 * tests/integration/fixtures/bars-probes.json draws the nodes' memory
 * totals (16, 32 and 8 GiB, fixed by gen_openmetrics) in probe colours,
 * and the probes find the bars where those values put them; examples/
 * bars.json renders whole with every panel ok.
 */
#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FROM "2026-01-01T00:00:00Z"
#define TO   "2026-01-01T06:00:00Z"
#define MAGENTA 0xFF00FFu
#define CYAN    0x00FFFFu

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	ck_assert_msg(u && *u, "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh");
	return u;
}

static char *tmp_path(const char *name)
{
	static char dir[256];
	if (!dir[0]) {
		char *d = g_dir_make_tmp("cairn-bars-XXXXXX", NULL);
		ck_assert_ptr_nonnull(d);
		g_strlcpy(dir, d, sizeof dir);
		g_free(d);
	}
	return g_build_filename(dir, name, NULL);
}

/* Runs cairn render FILE with args; returns its exit status. */
static int render(const char *file, const char *panel, const char *out, const char *report)
{
	const char *bin = getenv("CAIRN_BIN") ? getenv("CAIRN_BIN") : CAIRN_BIN_DEFAULT;
	char *path = g_build_filename(SOURCE_ROOT, file, NULL);
	const char *argv[24] = {bin, "render", path, "--from", FROM, "--to", TO, "--prometheus",
	                        prom_url(), "-o", out};
	int n = 11;
	if (panel) {
		argv[n++] = "--panel";
		argv[n++] = panel;
		argv[n++] = "--width";
		argv[n++] = "1000";
		argv[n++] = "--height";
		argv[n++] = "500";
	}
	if (report) {
		argv[n++] = "--report";
		argv[n++] = report;
	}
	argv[n] = NULL;
	char *err = NULL;
	int status = -1;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
	                           NULL, &err, &status, &ge),
	              "cannot run %s: %s", bin, ge ? ge->message : "?");
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code)
		fprintf(stderr, "cairn render %s: exit %d: %s\n", file, code, err);
	g_free(err);
	g_free(path);
	return code;
}

static cairo_surface_t *render_panel(const char *panel)
{
	char name[32];
	snprintf(name, sizeof name, "panel-%s.png", panel);
	char *out = tmp_path(name);
	ck_assert_int_eq(render("tests/integration/fixtures/bars-probes.json", panel, out, NULL), 0);
	cairo_surface_t *s = cairo_image_surface_create_from_png(out);
	ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	g_free(out);
	return s;
}

static uint32_t px(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row =
	        cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t p;
	memcpy(&p, row + 4 * (size_t)x, 4);
	return p & 0xFFFFFFu;
}

/* Rows of colour c in column x: the run's top and bottom (-1: none). */
static void run_in_column(cairo_surface_t *s, int x, uint32_t c, int *top, int *bottom)
{
	*top = *bottom = -1;
	for (int y = 0; y < cairo_image_surface_get_height(s); y++)
		if (px(s, x, y) == c) {
			if (*top < 0)
				*top = y;
			*bottom = y;
		}
}

/* The columns holding colour c. */
static void extent(cairo_surface_t *s, uint32_t c, int *x0, int *x1)
{
	*x0 = *x1 = -1;
	for (int x = 0; x < cairo_image_surface_get_width(s); x++) {
		int t, b;
		run_in_column(s, x, c, &t, &b);
		if (t >= 0) {
			if (*x0 < 0)
				*x0 = x;
			*x1 = x;
		}
	}
}

/* Centre of category k of 3 for one field (groupWidth = barWidth 0.97). */
static int centre(int x0, int x1, int k)
{
	double gap = 0.03 / 2, w = 0.97 / 3;
	return (int)(x0 + (k * (w + gap) + w / 2) * (x1 + 1 - x0));
}

START_TEST(bars_stand_in_the_ratio_of_the_memory_totals)
{
	cairo_surface_t *s = render_panel("1");
	int x0, x1, t[3], b[3];
	extent(s, MAGENTA, &x0, &x1);
	ck_assert_msg(x1 - x0 > 600, "bars span only %d..%d", x0, x1);
	for (int k = 0; k < 3; k++) {
		run_in_column(s, centre(x0, x1, k), MAGENTA, &t[k], &b[k]);
		ck_assert_msg(t[k] >= 0, "no bar for node %d", k + 1);
	}
	ck_assert_int_eq(b[0], b[1]);
	ck_assert_int_eq(b[1], b[2]);
	double h16 = b[0] + 1 - t[0], h32 = b[1] + 1 - t[1], h8 = b[2] + 1 - t[2];
	ck_assert_msg(fabs(h32 / 2 - h16) <= 1 && fabs(h32 / 4 - h8) <= 1,
	              "16, 32, 8 GiB drawn %g, %g, %g px tall", h16, h32, h8);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(histogram_buckets_of_the_memory_totals)
{
	/* 8, 16 and 32 GiB in 8 GiB buckets: 8–16, 16–24, (none), 32–40 */
	cairo_surface_t *s = render_panel("2");
	int x0, x1, t, b, t0 = -1;
	extent(s, MAGENTA, &x0, &x1);
	ck_assert_msg(x1 - x0 > 600, "bars span only %d..%d", x0, x1);
	double w = x1 + 1 - x0;
	const double at[4] = {0.125, 0.375, 0.625, 0.875};
	for (int i = 0; i < 4; i++) {
		run_in_column(s, (int)(x0 + at[i] * w), MAGENTA, &t, &b);
		if (i == 2) {
			ck_assert_msg(t < 0, "the empty 24–32 GiB bucket is drawn");
			continue;
		}
		ck_assert_msg(t >= 0, "bucket %d is not drawn", i);
		if (t0 < 0)
			t0 = t;
		ck_assert_int_eq(t, t0); /* one value each */
	}
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(stacked_half_sits_on_the_total)
{
	cairo_surface_t *s = render_panel("3");
	int x0, x1;
	extent(s, MAGENTA, &x0, &x1);
	ck_assert_msg(x1 - x0 > 600, "stacks span only %d..%d", x0, x1);
	for (int k = 0; k < 3; k++) {
		int mt, mb, ct, cb, x = centre(x0, x1, k);
		run_in_column(s, x, MAGENTA, &mt, &mb);
		run_in_column(s, x, CYAN, &ct, &cb);
		ck_assert_msg(mt >= 0 && ct >= 0, "stack %d incomplete", k);
		ck_assert_msg(abs(cb + 1 - mt) <= 1, "stack %d: the half is not on the total", k);
		double hm = mb + 1 - mt, hc = cb + 1 - ct;
		ck_assert_msg(fabs(hm / 2 - hc) <= 1, "stack %d: total %g px, half %g px", k, hm, hc);
	}
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(example_dashboard_renders_every_panel)
{
	char *out = tmp_path("bars.png"), *rep = tmp_path("bars.json");
	ck_assert_int_eq(render("examples/bars.json", NULL, out, rep), 0);
	char *text = NULL;
	ck_assert(g_file_get_contents(rep, &text, NULL, NULL));
	size_t ok = 0;
	for (const char *p = text; (p = strstr(p, "\"status\": \"ok\"")) != NULL; p++)
		ok++;
	ck_assert_msg(ok == 6, "%zu of 6 panels ok: %s", ok, text);
	g_free(text);
	g_free(out);
	g_free(rep);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("integration/bars");
	TCase *tc = tcase_create("bars");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bars_stand_in_the_ratio_of_the_memory_totals);
	tcase_add_test(tc, histogram_buckets_of_the_memory_totals);
	tcase_add_test(tc, stacked_half_sits_on_the_total);
	tcase_add_test(tc, example_dashboard_renders_every_panel);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
