/*
 * test_grafana_ref.c — cairn's time-series panels beside Grafana's own.
 *
 * ../shared/tools/grafana-ref drew these panels with Grafana 10.4's real
 * components (@grafana/ui in headless Chromium) from saved Prometheus
 * answers; cairn renders the same panel JSON from the same answers
 * (--data) at the same size, and the two images must agree: at most
 * MAX_DIFF_FRACTION of either image's pixels may lack a pixel within one
 * pixel's distance in the other that is within DIFF_THRESHOLD in every
 * channel.  Antialiasing and sub-pixel glyph placement stay below that; a
 * moved axis, a wrong colour, a missing series, legend row or fill do not.
 */
#include <check.h>
#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/test_main.h"



#define DIFF_THRESHOLD 64        /* of 255, per channel */
#define MAX_DIFF_FRACTION 0.015

struct ref_case {
	const char *panel;       /* relative to the grafana-ref examples folder */
	const char *panel_id;
	const char *data;        /* A=... */
	const char *width, *height, *theme;
	const char *ref_png;
};

static const struct ref_case cases[] = {
	{ "../../../corpus/dashboards/kube-prometheus__nodes.json", "2",
	  "data/nodes_cpu.json", "940", "258", "dark", "out/nodes-cpu-dark.png" },
	{ "../../../corpus/dashboards/kube-prometheus__nodes.json", "2",
	  "data/nodes_cpu.json", "940", "258", "light", "out/nodes-cpu-light.png" },
	{ "ts_percent.panel.json", "1", "data/ts_cpu.json", "800", "400", "dark",
	  "out/timeseries-dark.png" },
	{ "ts_percent.panel.json", "1", "data/ts_cpu.json", "800", "400", "light",
	  "out/timeseries-light.png" },
	{ "ts_palette.panel.json", "2", "data/ts_six.json", "800", "300", "dark",
	  "out/timeseries-palette-dark.png" },
	{ "ts_palette.panel.json", "2", "data/ts_six.json", "800", "300", "light",
	  "out/timeseries-palette-light.png" },
};

static bool close_px(const unsigned char *a, const unsigned char *b)
{
	for (int c = 0; c < 3; c++)
		if (abs(a[c] - b[c]) > DIFF_THRESHOLD)
			return false;
	return true;
}

/* Fraction of a's pixels with no close match within one pixel in b: a
 * one-pixel antialiasing shift is not a difference, a missing or moved
 * line, label or fill is. */
static double unmatched_fraction(cairo_surface_t *a, cairo_surface_t *b)
{
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
	const unsigned char *pa = cairo_image_surface_get_data(a);
	const unsigned char *pb = cairo_image_surface_get_data(b);
	long unmatched = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			bool found = false;
			for (int dy = -1; dy <= 1 && !found; dy++)
				for (int dx = -1; dx <= 1 && !found; dx++) {
					int yy = y + dy, xx = x + dx;
					if (yy >= 0 && yy < h && xx >= 0 && xx < w)
						found = close_px(pa + y * sa + x * 4,
							pb + yy * sb + xx * 4);
				}
			unmatched += !found;
		}
	return (double)unmatched / ((double)w * h);
}

START_TEST(beside_grafana)
{
	const struct ref_case *c = &cases[_i];
	char *dir = g_build_filename(REF_DIR, NULL, NULL);
	char *panel = g_build_filename(dir, c->panel, NULL);
	char *data = g_strdup_printf("A=%s/%s", dir, c->data);
	char *ref = g_build_filename(dir, c->ref_png, NULL);
	char *out = g_strdup_printf("%s/cairn-ref-%d.png", g_get_tmp_dir(), (int)_i);
	const char *argv[] = { CAIRN_BIN, "render", panel, "--panel", c->panel_id, "--data", data,
		"--from", "1700000000000", "--to", "1700003600000", "--width", c->width,
		"--height", c->height, "--theme", c->theme, "--prometheus",
		"http://127.0.0.1:9", /* never asked: every target has --data */
		"-o", out, NULL };
	int status = -1;
	gchar *err_text = NULL;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
			      NULL, NULL, &err_text, &status, &ge),
		"spawn %s: %s", CAIRN_BIN, ge ? ge->message : "?");
	ck_assert_msg(g_spawn_check_wait_status(status, NULL), "cairn failed: %s", err_text);

	cairo_surface_t *mine = cairo_image_surface_create_from_png(out);
	cairo_surface_t *theirs = cairo_image_surface_create_from_png(ref);
	ck_assert_int_eq(cairo_surface_status(theirs), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_surface_status(mine), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_image_surface_get_width(mine),
		cairo_image_surface_get_width(theirs));
	ck_assert_int_eq(cairo_image_surface_get_height(mine),
		cairo_image_surface_get_height(theirs));
	double f1 = unmatched_fraction(mine, theirs), f2 = unmatched_fraction(theirs, mine);
	double f = f1 > f2 ? f1 : f2;
	fprintf(stderr, "%s (%s): %.2f%% of pixels differ from Grafana's\n", c->ref_png,
		c->theme, f * 100);
	ck_assert_msg(f <= MAX_DIFF_FRACTION, "%s: %.2f%% of pixels differ (limit %.0f%%)",
		c->ref_png, f * 100, MAX_DIFF_FRACTION * 100);

	cairo_surface_destroy(mine);
	cairo_surface_destroy(theirs);
	remove(out);
	g_free(err_text);
	g_free(out);
	g_free(ref);
	g_free(data);
	g_free(panel);
	g_free(dir);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("grafana-ref");
	TCase *tc = tcase_create("timeseries");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, beside_grafana, 0, (int)(sizeof cases / sizeof cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
