/*
 * test_golden.c — golden images drawn with the bundled fonts from fixed data.
 * Two checks, both against the golden file:
 * - at most TOL_FRACTION of pixels may differ by more than TOL_CHANNEL in
 *   any channel (antialiasing and FreeType versions move edges, not layout),
 *   and at most TILE_LIMIT in any TILE x TILE tile;
 * - series probes: in each time-series plot area, the pixels of each series'
 *   colour (tests/series_probe.h) must number within PROBE_SPREAD of the
 *   golden image's count, so one series or one line missing fails even where
 *   it changes fewer pixels than TOL_FRACTION (a 1 px line across a 540 px
 *   plot is ~0.1% of this dashboard).
 * CAIRN_UPDATE_GOLDEN=1 rewrites the files in CAIRN_GOLDEN_DIR; on a
 * mismatch the actual image is written next to the test binary.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "support.h"
#include "tests/series_probe.h"

#define TOL_CHANNEL 16
/* 0.1%: drawing the same data twice gives the same bytes; a FreeType or
 * pixman update moves glyph edges, a few hundred pixels at most here.  One
 * series drawn without its line changed 0.45% of the dashboard (2,888
 * pixels), under the 0.5% this limit was before. */
#define TOL_FRACTION 0.001
/* Differences that gather in one place are a wrong label, tick or legend
 * cell, however few: at most TILE_LIMIT differing pixels (1%) in any
 * TILE x TILE tile.  Tick labels shifted by one tick changed up to 93
 * pixels in a tile but only 0.08% of the image.  (A FreeType or pixman
 * update that moves glyph edges may need the goldens recorded again.) */
#define TILE       50
#define TILE_LIMIT 25
#define TILES_MAX  32

/* got/want per probe: identical today; moved text can shift a plot area by
 * a pixel or two, never halve or double a series' pixels. */
#define PROBE_SPREAD 0.8

/* A series to look for: its name, colour (0xRRGGBB) and where: its plot
 * area, or its legend (the swatch of its row). */
struct probe {
	const char *name;
	uint32_t colour;
	int rect[4];
};

/* clang-format off */
/* Where jobs.c's panels put their plots and legends (rects as x, y, w, h);
 * the table legend's rows without its header, whose text is link-blue. */
#define PLOT_TABLE {40, 40, 552, 190}
#define LEGEND_TABLE {0, 272, 600, 88}
#define PLOT_BARS {668, 45, 322, 265}
#define LEGEND_BARS {608, 330, 392, 30}

static const struct probe dark_probes[] = {
	{"node-a", 0x73BF69, PLOT_TABLE}, {"node-a row", 0x73BF69, LEGEND_TABLE},
	{"node-b", 0xF2CC0C, PLOT_TABLE}, {"node-b row", 0xF2CC0C, LEGEND_TABLE},
	{"node-c", 0x8AB8FF, PLOT_TABLE}, {"node-c row", 0x8AB8FF, LEGEND_TABLE},
	{"threshold 80", 0xF2495C, PLOT_TABLE},
	{"svc-0", 0x73BF69, PLOT_BARS}, {"svc-0 row", 0x73BF69, LEGEND_BARS},
	{"svc-1", 0xF2CC0C, PLOT_BARS}, {"svc-1 row", 0xF2CC0C, LEGEND_BARS},
	{"svc-2", 0x8AB8FF, PLOT_BARS}, {"svc-2 row", 0x8AB8FF, LEGEND_BARS},
	{"svc-3", 0xFF780A, PLOT_BARS}, {"svc-3 row", 0xFF780A, LEGEND_BARS},
	{"svc-4", 0xF2495C, PLOT_BARS}, {"svc-4 row", 0xF2495C, LEGEND_BARS},
	{NULL, 0, {0}},
};

static const struct probe light_probes[] = {
	{"node-a", 0x56A64B, PLOT_TABLE}, {"node-a row", 0x56A64B, LEGEND_TABLE},
	{"node-b", 0xE0B400, PLOT_TABLE}, {"node-b row", 0xE0B400, LEGEND_TABLE},
	{"node-c", 0x5794F2, PLOT_TABLE}, {"node-c row", 0x5794F2, LEGEND_TABLE},
	{"threshold 80", 0xE02F44, PLOT_TABLE},
	{NULL, 0, {0}},
};
/* clang-format on */

/* Each probe's count in got within PROBE_SPREAD of want's; failures are
 * appended to fails. */
static void check_probes(const char *name, cairo_surface_t *got, cairo_surface_t *want, uint32_t bg,
                         const struct probe *pr, GString *fails)
{
	for (; pr->name; pr++) {
		long g = probe_series_pixels(got, pr->rect, bg, pr->colour);
		long w = probe_series_pixels(want, pr->rect, bg, pr->colour);
		fprintf(stderr, "%s: %s #%06X: %ld pixels (golden %ld)\n", name, pr->name,
		        pr->colour, g, w);
		ck_assert_msg(w >= 30, "%s: probe %s shows only %ld pixels in the golden image",
		              name, pr->name, w);
		if (g < PROBE_SPREAD * (double)w || g * PROBE_SPREAD > (double)w)
			g_string_append_printf(fails,
			                       "\n  series %s #%06X: %ld pixels of its colour, "
			                       "golden %ld (%.0f%%..%.0f%% allowed)",
			                       pr->name, pr->colour, g, w, PROBE_SPREAD * 100,
			                       100 / PROBE_SPREAD);
	}
}

static void write_bytes(const char *path, const struct render_out *o)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fwrite(o->bytes, 1, o->len, f);
	fclose(f);
}

static void check_golden(const char *name, const struct render_out *o, uint32_t bg,
                         const struct probe *probes)
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
	long bad = 0, tiles[TILES_MAX][TILES_MAX] = {{0}}, worst = 0;
	int wx = 0, wy = 0;
	ck_assert(w <= TILES_MAX * TILE && h <= TILES_MAX * TILE);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			bool off = support_coldiff(support_px(got, x, y), support_px(want, x, y)) >
			           TOL_CHANNEL;
			bad += off;
			tiles[y / TILE][x / TILE] += off;
		}
	for (int ty = 0; ty < TILES_MAX; ty++)
		for (int tx = 0; tx < TILES_MAX; tx++)
			if (tiles[ty][tx] > worst) {
				worst = tiles[ty][tx];
				wx = tx * TILE;
				wy = ty * TILE;
			}
	fprintf(stderr, "%s: %ld of %d pixels differ by more than %d; at most %ld in one tile\n",
	        name, bad, w * h, TOL_CHANNEL, worst);
	GString *fails = g_string_new(NULL);
	if ((double)bad > TOL_FRACTION * w * h)
		g_string_append_printf(fails,
		                       "\n  %ld of %d pixels differ by more than %d (%.2f%%, "
		                       "limit %.2f%%)",
		                       bad, w * h, TOL_CHANNEL, 100.0 * (double)bad / (w * h),
		                       TOL_FRACTION * 100);
	if (worst > TILE_LIMIT)
		g_string_append_printf(
		        fails, "\n  %ld pixels differ in the %dx%d tile at (%d, %d) (limit %d)",
		        worst, TILE, TILE, wx, wy, TILE_LIMIT);
	check_probes(name, got, want, bg, probes, fails);
	if (fails->len) {
		char actual[1100];
		snprintf(actual, sizeof actual, "actual-%s", name);
		write_bytes(actual, o);
	}
	ck_assert_msg(fails->len == 0, "%s:%s\n  (actual image written to actual-%s)", name,
	              fails->str, name);
	g_string_free(fails, TRUE);
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
	check_golden("render-dashboard-dark.png", &out, 0x181b1f, dark_probes);
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
	check_golden("render-table-light.png", &out, 0xffffff, light_probes);
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
