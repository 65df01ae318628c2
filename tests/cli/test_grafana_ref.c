/*
 * test_grafana_ref.c — cairn's time-series panels beside Grafana's own.
 *
 * ../shared/tools/grafana-ref draws a panel JSON from saved Prometheus
 * answers with Grafana 10.4's real components (@grafana/ui in headless
 * Chromium).  tests/cli/grafana-ref/cases.json lists such references: the
 * tool's own examples, and corpus panels (kube-prometheus Nodes, Node
 * Exporter Full) drawn from answers saved off the test Prometheus
 * (tests/cli/grafana-ref/README.md says how).  cairn renders the same panel
 * from the same answers (--data) at the same size and theme, and the two
 * images must agree: at most MAX_UNMATCHED of either image's pixels may lack
 * a pixel within one pixel's distance in the other that is within
 * DIFF_THRESHOLD in every channel.  Antialiasing and sub-pixel glyph
 * placement stay below that; a moved axis, a wrong colour, a missing series,
 * label, legend row or fill do not.
 */
#include <check.h>
#include <cairo.h>
#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/test_main.h"

#define DIFF_THRESHOLD 64 /* of 255, per channel */
#define MAX_UNMATCHED 0.015

static json_t *cases_doc;

static bool close_px(const unsigned char *a, const unsigned char *b)
{
	for (int c = 0; c < 3; c++)
		if (abs(a[c] - b[c]) > DIFF_THRESHOLD)
			return false;
	return true;
}

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

static char *src_path(const char *rel)
{
	return g_build_filename(SOURCE_ROOT, rel, NULL);
}

/* Hands s to `keep` (freed by the caller) and returns it. */
static char *kept(GPtrArray *keep, char *s)
{
	g_ptr_array_add(keep, s);
	return s;
}

/* argv for cairn render of one case; strings in `keep` are freed by the caller. */
static GPtrArray *case_argv(json_t *c, const char *out, GPtrArray *keep)
{
	GPtrArray *a = g_ptr_array_new();
#define ADD(s) g_ptr_array_add(a, (gpointer)(s))
#define KEEP(s) kept(keep, (s))
	ADD(CAIRN_BIN);
	ADD("render");
	ADD(KEEP(src_path(json_string_value(json_object_get(c, "dashboard")))));
	ADD("--panel");
	ADD(KEEP(g_strdup_printf("%lld", json_integer_value(json_object_get(c, "panel")))));
	const char *ref;
	json_t *file;
	json_object_foreach(json_object_get(c, "data"), ref, file) {
		char *p = src_path(json_string_value(file));
		ADD("--data");
		ADD(KEEP(g_strdup_printf("%s=%s", ref, p)));
		g_free(p);
	}
	const char *keys[] = { "width", "height", "from", "to" };
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		ADD(KEEP(g_strdup_printf("--%s", keys[i])));
		ADD(KEEP(g_strdup_printf("%lld", json_integer_value(json_object_get(c, keys[i])))));
	}
	ADD("--theme");
	ADD(json_string_value(json_object_get(c, "theme")));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(cases_doc, "vars"), i, v) {
		ADD("--var");
		ADD(json_string_value(v));
	}
	/* never asked: every target has --data, and every variable a --var */
	ADD("--prometheus");
	ADD("http://127.0.0.1:9");
	ADD("-o");
	ADD(out);
	ADD(NULL);
#undef ADD
#undef KEEP
	return a;
}

START_TEST(beside_grafana)
{
	json_t *c = json_array_get(json_object_get(cases_doc, "cases"), (size_t)_i);
	char *out = g_strdup_printf("%s/cairn-ref-%d-%d.png", g_get_tmp_dir(), (int)getpid(), _i);
	char *ref = src_path(json_string_value(json_object_get(c, "reference")));
	GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *argv = case_argv(c, out, keep);
	int status = -1;
	gchar *err_text = NULL;
	GError *ge = NULL;
	ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
			      NULL, NULL, NULL, &err_text, &status, &ge),
		"spawn %s: %s", CAIRN_BIN, ge ? ge->message : "?");
	ck_assert_msg(g_spawn_check_wait_status(status, NULL), "cairn failed on %s: %s", ref,
		err_text);

	cairo_surface_t *mine = cairo_image_surface_create_from_png(out);
	cairo_surface_t *theirs = cairo_image_surface_create_from_png(ref);
	ck_assert_msg(cairo_surface_status(theirs) == CAIRO_STATUS_SUCCESS, "cannot read %s", ref);
	ck_assert_int_eq(cairo_surface_status(mine), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_image_surface_get_width(mine),
		cairo_image_surface_get_width(theirs));
	ck_assert_int_eq(cairo_image_surface_get_height(mine),
		cairo_image_surface_get_height(theirs));
	double f1 = unmatched_fraction(mine, theirs), f2 = unmatched_fraction(theirs, mine);
	double f = f1 > f2 ? f1 : f2;
	fprintf(stderr, "%s: %.2f%% of pixels unmatched\n", ref, f * 100);
	ck_assert_msg(f <= MAX_UNMATCHED, "%s: %.2f%% of pixels unmatched (limit %.1f%%); cairn's "
		"image: %s", ref, f * 100, MAX_UNMATCHED * 100, out);

	cairo_surface_destroy(mine);
	cairo_surface_destroy(theirs);
	remove(out);
	g_ptr_array_free(argv, TRUE);
	g_ptr_array_free(keep, TRUE);
	g_free(err_text);
	g_free(out);
	g_free(ref);
}
END_TEST

Suite *make_suite(void)
{
	json_error_t je;
	char *path = src_path("tests/cli/grafana-ref/cases.json");
	cases_doc = json_load_file(path, 0, &je);
	if (!cases_doc) {
		fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
		exit(EXIT_FAILURE);
	}
	g_free(path);
	Suite *s = suite_create("grafana-ref");
	TCase *tc = tcase_create("timeseries");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, beside_grafana, 0,
		(int)json_array_size(json_object_get(cases_doc, "cases")));
	suite_add_tcase(s, tc);
	/* cases_doc lives as long as the process: the forked tests read it */
	return s;
}
