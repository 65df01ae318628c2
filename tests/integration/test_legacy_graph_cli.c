/*
 * test_legacy_graph_cli.c — `cairn render` of Angular graph panels migrated
 * as Grafana 10.4 does, against the real test Prometheus
 * (tests/harness/prom.sh; CAIRN_TEST_PROM_URL).  The fixture
 * tests/integration/fixtures/legacy-graph.json draws constant series
 * (vector(n)) in probe colours, so each migrated option shows as pixels:
 * an aliasColors colour, a yaxis-2 override on its own right axis, a dashed
 * override, a negative-Y transform and a threshold line.
 */
#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FROM    "2026-01-01T00:00:00Z"
#define TO      "2026-01-01T06:00:00Z"
#define W       1000
#define H       500
#define MAGENTA 0xFF00FFu
#define CYAN    0x00FFFFu

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	ck_assert_msg(u && *u, "CAIRN_TEST_PROM_URL is not set: start tests/harness/prom.sh");
	return u;
}

static cairo_surface_t *render_panel(const char *panel)
{
	const char *bin = getenv("CAIRN_BIN") ? getenv("CAIRN_BIN") : CAIRN_BIN_DEFAULT;
	char *dir = g_dir_make_tmp("cairn-legacy-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	char *out = g_build_filename(dir, "panel.png", NULL);
	char *path =
	        g_build_filename(SOURCE_ROOT, "tests/integration/fixtures/legacy-graph.json", NULL);
	char w[16], h[16];
	snprintf(w, sizeof w, "%d", W);
	snprintf(h, sizeof h, "%d", H);
	const char *argv[] = {bin,   "render",       path,       "--from",   FROM, "--to",
	                      TO,    "--prometheus", prom_url(), "-o",       out,  "--panel",
	                      panel, "--width",      w,          "--height", h,    NULL};
	char *err = NULL;
	int status = -1;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
	                           NULL, NULL, &err, &status, &ge),
	              "cannot run %s: %s", bin, ge ? ge->message : "?");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "cairn render panel %s: %s",
	              panel, err);
	cairo_surface_t *s = cairo_image_surface_create_from_png(out);
	ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_image_surface_get_width(s), W);
	cairo_surface_flush(s);
	remove(out);
	g_rmdir(dir);
	g_free(err);
	g_free(out);
	g_free(path);
	g_free(dir);
	return s;
}

static uint32_t px(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	                           (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t p;
	memcpy(&p, row + 4 * (size_t)x, 4);
	return p & 0xFFFFFFu;
}

/* The row holding most pixels of colour c (-1: none), how many, and the
 * last column holding one. */
static int line_row(cairo_surface_t *s, uint32_t c, int *count, int *x_last)
{
	int best = -1, most = 0;
	*x_last = -1;
	for (int y = 0; y < H; y++) {
		int n = 0;
		for (int x = 0; x < W; x++)
			if (px(s, x, y) == c) {
				n++;
				*x_last = x > *x_last ? x : *x_last;
			}
		if (n > most) {
			most = n;
			best = y;
		}
	}
	*count = most;
	return best;
}

/* Runs of colour c along row y (a solid line is one, a dashed one many). */
static int runs(cairo_surface_t *s, uint32_t c, int y)
{
	int n = 0;
	bool in = false;
	for (int x = 0; x < W; x++) {
		bool on = px(s, x, y) == c;
		n += on && !in;
		in = on;
	}
	return n;
}

START_TEST(alias_colour_on_its_series)
{
	cairo_surface_t *s = render_panel("1");
	int n, x1, y = line_row(s, MAGENTA, &n, &x1);
	ck_assert_msg(y >= 0 && n > W / 2, "the aliasColors colour covers %d px of a row", n);
	cairo_surface_destroy(s);
}
END_TEST

/* vector(75) on yaxes[1] (0–100 %) sits at 75 %: on the left axis (0–10)
 * it would be clipped away; the right axis' labels stand right of the plot. */
START_TEST(yaxis2_series_on_the_right_axis)
{
	cairo_surface_t *s = render_panel("2");
	int nm, nc, xm, xc;
	int ym = line_row(s, MAGENTA, &nm, &xm), yc = line_row(s, CYAN, &nc, &xc);
	ck_assert_msg(nm > W / 2 && nc > W / 2, "left %d px, right %d px", nm, nc);
	ck_assert_msg(yc < ym, "the 75 %% series (row %d) is not above the 2 of 10 (row %d)", yc,
	              ym);
	int text = 0;
	for (int x = xc + 4; x < W - 2; x++)
		for (int y = 30; y < H - 30; y++) {
			uint32_t p = px(s, x, y);
			text += ((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) > 3 * 110;
		}
	ck_assert_msg(text > 150, "right of the plot (x > %d) only %d text pixels", xc + 4, text);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(dashed_override)
{
	cairo_surface_t *s = render_panel("3");
	int nd, ns, x1;
	int yd = line_row(s, MAGENTA, &nd, &x1), ys = line_row(s, CYAN, &ns, &x1);
	ck_assert_msg(yd >= 0 && ys >= 0, "a series is missing");
	/* 10 px on, 10 off: about half the row in some 45 dashes; the solid
	 * line is (nearly) the whole row, broken only where a sample joins */
	int rd = runs(s, MAGENTA, yd), rs = runs(s, CYAN, ys);
	ck_assert_msg(rd > 35 && nd < ns * 7 / 10,
	              "the dashed series: %d runs, %d px (solid %d px)", rd, nd, ns);
	ck_assert_msg(rs < rd / 2 && ns > W * 8 / 10, "the solid series: %d runs, %d px", rs, ns);
	cairo_surface_destroy(s);
}
END_TEST

/* vector(5) negated on -10..10 is drawn a quarter from the bottom. */
START_TEST(negative_y_transform)
{
	cairo_surface_t *s = render_panel("4");
	int n, x1, y = line_row(s, MAGENTA, &n, &x1);
	ck_assert_msg(n > W / 2, "the series covers %d px of a row", n);
	ck_assert_msg(y > H * 6 / 10, "the negated series is at row %d of %d", y, H);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(threshold_line)
{
	cairo_surface_t *s = render_panel("5");
	int nt, ns, x1;
	int yt = line_row(s, CYAN, &nt, &x1), ys = line_row(s, MAGENTA, &ns, &x1);
	ck_assert_msg(nt > W / 2, "the threshold line covers %d px of a row", nt);
	ck_assert_msg(ns > W / 2 && yt < ys, "threshold 5 at row %d, series 2 at row %d", yt, ys);
	cairo_surface_destroy(s);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("integration/legacy_graph");
	TCase *tc = tcase_create("probes");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, alias_colour_on_its_series);
	tcase_add_test(tc, yaxis2_series_on_the_right_axis);
	tcase_add_test(tc, dashed_override);
	tcase_add_test(tc, negative_y_transform);
	tcase_add_test(tc, threshold_line);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
