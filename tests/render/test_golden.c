/*
 * test_golden.c — golden images drawn with the bundled fonts from fixed data.
 * Tolerance: at most 0.5% of pixels may differ by more than 16 in any
 * channel (antialiasing and FreeType versions move edges, not layout).
 * CAIRN_UPDATE_GOLDEN=1 rewrites the files in CAIRN_GOLDEN_DIR; on a
 * mismatch the actual image is written next to the test binary.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "support.h"

#define TOL_CHANNEL  16
#define TOL_FRACTION 0.005

static void write_bytes(const char *path, const struct render_out *o)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fwrite(o->bytes, 1, o->len, f);
	fclose(f);
}

static void check_golden(const char *name, const struct render_out *o)
{
	const char *dir = getenv("CAIRN_GOLDEN_DIR");
	ck_assert_msg(dir != NULL, "CAIRN_GOLDEN_DIR not set");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	const char *upd = getenv("CAIRN_UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		write_bytes(path, o);
		return;
	}
	cairo_surface_t *want = cairo_image_surface_create_from_png(path);
	ck_assert_msg(cairo_surface_status(want) == CAIRO_STATUS_SUCCESS,
	              "cannot read %s (run with CAIRN_UPDATE_GOLDEN=1 to create it)", path);
	cairo_surface_t *got = support_decode(o);
	int w = cairo_image_surface_get_width(got), h = cairo_image_surface_get_height(got);
	ck_assert_int_eq(w, cairo_image_surface_get_width(want));
	ck_assert_int_eq(h, cairo_image_surface_get_height(want));
	long bad = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			bad += support_coldiff(support_px(got, x, y), support_px(want, x, y)) >
			       TOL_CHANNEL;
	if ((double)bad > TOL_FRACTION * w * h) {
		char actual[1100];
		snprintf(actual, sizeof actual, "actual-%s", name);
		write_bytes(actual, o);
	}
	ck_assert_msg(
	        (double)bad <= TOL_FRACTION * w * h,
	        "%s: %ld of %d pixels differ by more than %d (actual image written to actual-%s)",
	        name, bad, w * h, TOL_CHANNEL, name);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
}

START_TEST(dashboard_dark)
{
	struct jobs j;
	jobs_init(&j);
	struct render_opts o = {.format = FMT_PNG,
	                        .width = JOBS_W,
	                        .height = JOBS_H,
	                        .theme = THEME_DARK,
	                        .pool = support_pool()};
	struct render_out out;
	struct cairn_err err = {0};
	ck_assert_int_eq(render_panels(support_ctx(), j.job, JOBS_N, &o, &out, &err), 0);
	check_golden("render-dashboard-dark.png", &out);
	free(out.bytes);
	jobs_fini(&j);
}
END_TEST

START_TEST(table_light)
{
	struct jobs j;
	jobs_init(&j);
	struct render_out out;
	ck_assert_int_eq(support_render1(&j.job[0], 600, 360, FMT_PNG, THEME_LIGHT, &out), 0);
	check_golden("render-table-light.png", &out);
	free(out.bytes);
	jobs_fini(&j);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_golden");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dashboard_dark);
	tcase_add_test(tc, table_light);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
