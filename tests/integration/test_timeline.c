/*
 * test_timeline.c — `cairn render` of tests/integration/fixtures/timeline.json (state
 * timeline and status history) against the real test Prometheus
 * (CAIRN_TEST_PROM_URL; tests/harness/prom.sh), probed where the data fixes
 * the picture: cairn_test_step is 0 until 03:00 and 100 after (mapped to
 * OK/green and DOWN/purple), clamp_max(floor(cairn_test_ramp / 25), 3) steps
 * 0, 1, 2, 3 at 01:30, 03:00 and 04:30 (OK/WARN/HIGH/CRIT), and
 * cairn_test_gap has no samples from 02:00 to 03:00.  Also: a bad option
 * exits 2 naming its JSON path.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#define EXAMPLE SOURCE_ROOT "/tests/integration/fixtures/timeline.json"
#define W       1000
#define H       400

#define BG      0x181B1Fu
#define GREEN   0x73BF69u
#define PURPLE  0xB877D9u
#define YELLOW  0xFADE2Au
#define ORANGE  0xFF9830u
#define RED     0xF2495Cu
#define TOL     8 /* a grid line seen through a 70 % fill shifts it by 6 */

Suite *make_suite(void);

static const char *cairn_bin(void)
{
	const char *b = getenv("CAIRN_BIN");
	return b && *b ? b : CAIRN_BIN_DEFAULT;
}

static const char *prom_url(void)
{
	const char *u = getenv("CAIRN_TEST_PROM_URL");
	if (!u || !*u)
		ck_abort_msg("CAIRN_TEST_PROM_URL is not set: start the test Prometheus "
		             "(bash tests/harness/run-integration.sh BUILDDIR)");
	return u;
}

/* Runs cairn with args; its exit status, stderr into *err (g_free). */
static int cairn(char **err, const char *const *args)
{
	const char *argv[32] = {cairn_bin()};
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	int status = -1;
	GError *e = NULL;
	gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
	                           NULL, NULL, err, &status, &e);
	ck_assert_msg(ok, "cannot run %s: %s", argv[0], e ? e->message : "?");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static cairo_surface_t *render_panel(const char *id, const char *png)
{
	const char *args[] = {"render", EXAMPLE, "--panel", id, "--width", "1000", "--height",
	                      "400", "--prometheus", prom_url(), "-o", png, NULL};
	char *err = NULL;
	int rc = cairn(&err, args);
	ck_assert_msg(rc == 0, "cairn render --panel %s: exit %d: %s", id, rc, err);
	g_free(err);
	cairo_surface_t *s = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	return s;
}

static uint32_t px(cairo_surface_t *s, int x, int y)
{
	if (x < 0 || y < 0 || x >= W || y >= H)
		return 0;
	const unsigned char *d = cairo_image_surface_get_data(s);
	const uint32_t *row =
	        (const uint32_t *)(const void *)(d + (size_t)y * cairo_image_surface_get_stride(s));
	return row[x] & 0xffffff;
}

static int diff(uint32_t a, uint32_t b)
{
	int m = 0;
	for (int sh = 0; sh < 24; sh += 8) {
		int d = abs((int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff));
		m = d > m ? d : m;
	}
	return m;
}

static uint32_t fill70(uint32_t c)
{
	uint32_t out = 0;
	for (int sh = 0; sh < 24; sh += 8)
		out |= (uint32_t)lround(((c >> sh) & 0xff) * 0.7 + ((BG >> sh) & 0xff) * 0.3) << sh;
	return out;
}

/* Where colour c (within TOL) lies: its extent and its pixels' mean y. */
struct extent {
	int x0, x1, y0, y1;
	double ymean;
	long n;
};

static struct extent find(cairo_surface_t *s, uint32_t c, int ya, int yb)
{
	struct extent e = {W, -1, H, -1, 0, 0};
	for (int y = ya; y < yb; y++)
		for (int x = 0; x < W; x++)
			if (diff(px(s, x, y), c) <= TOL) {
				e.x0 = x < e.x0 ? x : e.x0;
				e.x1 = x > e.x1 ? x : e.x1;
				e.y0 = y < e.y0 ? y : e.y0;
				e.y1 = y > e.y1 ? y : e.y1;
				e.ymean += y;
				e.n++;
			}
	if (e.n)
		e.ymean /= (double)e.n;
	return e;
}

static long count_near(cairo_surface_t *s, int x0, int y0, int x1, int y1, uint32_t c, int tol)
{
	long n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += diff(px(s, x, y), c) <= tol;
	return n;
}

static void colour_at(cairo_surface_t *s, int x, int y, uint32_t want, const char *what)
{
	uint32_t got = px(s, x, y);
	ck_assert_msg(diff(got, want) <= TOL, "%s at (%d, %d): %06x, want %06x", what, x, y, got,
	              want);
}

/* Panel 1: rows step, stage, gap; boxes from mappings; text centred. */
START_TEST(state_timeline_from_real_data)
{
	char *dir = g_dir_make_tmp("cairn-tl-XXXXXX", NULL);
	char *png = g_build_filename(dir, "p1.png", NULL);
	cairo_surface_t *s = render_panel("1", png);
	/* DOWN (purple) is only in row "step", from 03:00 to the plot's end;
	 * OK (green) starts every row at 00:00, the range's start */
	struct extent down = find(s, fill70(PURPLE), 0, H);
	struct extent ok = find(s, fill70(GREEN), 0, H);
	ck_assert_msg(down.n > 1000 && ok.n > 1000, "purple %ld, green %ld", down.n, ok.n);
	int left = ok.x0, right = down.x1 + 1, y0 = (int)lround(down.ymean);
	double w = right - left;
	ck_assert_msg(w > 700, "plot %d..%d", left, right);
	/* the step at 03:00, halfway, to a pixel */
	int mid = left + (int)lround(w / 2);
	colour_at(s, mid - 2, y0 + 12, fill70(GREEN), "step before 03:00");
	colour_at(s, mid + 1, y0 + 12, fill70(PURPLE), "step after 03:00");
	/* "stage": OK, WARN, HIGH, CRIT, a quarter each */
	struct extent high = find(s, fill70(ORANGE), 0, H);
	int y1 = (int)lround(high.ymean), y2 = y1 + (y1 - y0);
	ck_assert_int_gt(y1 - y0, 20);
	const uint32_t stages[] = {GREEN, YELLOW, ORANGE, RED};
	for (int q = 0; q < 4; q++)
		colour_at(s, left + (int)(w * (2 * q + 1) / 8), y1 + 12, fill70(stages[q]), "stage");
	ck_assert_int_le(abs(high.x0 - (left + (int)lround(w / 2))), 1);
	ck_assert_int_le(abs(high.x1 + 1 - (left + (int)lround(w * 3 / 4))), 1);
	/* "gap": a box (WARN: the value 1) before 02:00 and after 03:00, none
	 * at 02:30 */
	colour_at(s, left + (int)(w / 6), y2 + 12, fill70(YELLOW), "gap row at 01:00");
	ck_assert_msg(diff(px(s, left + (int)(w * 5 / 12), y2 + 12), fill70(YELLOW)) > 40,
	              "a box in the gap at 02:30");
	colour_at(s, left + (int)(w * 2 / 3), y2 + 12, fill70(YELLOW), "gap row at 04:00");
	/* text: "OK" in white, centred in the first half of row "step" */
	int cx = left + (int)(w / 4);
	ck_assert_int_gt(count_near(s, cx - 20, y0 - 8, cx + 20, y0 + 8, 0xFFFFFF, 60), 10);
	/* row names left of the plot */
	ck_assert_int_gt(count_near(s, 0, y0 - 8, left - 16, y0 + 8, 0xCCCCDC, 60), 10);
	/* the legend under the axis: each state's colour, unblended */
	int below = down.y1 + 30;
	const uint32_t legend[] = {GREEN, PURPLE, YELLOW, ORANGE, RED};
	for (int i = 0; i < 5; i++)
		ck_assert_msg(count_near(s, 0, below, W, H, legend[i], 6) > 10, "legend colour %06x",
		              legend[i]);
	cairo_surface_destroy(s);
	g_unlink(png);
	g_rmdir(dir);
	g_free(png);
	g_free(dir);
}
END_TEST

/* Panel 3: a cell per 30 min sample, coloured by thresholds 0 green, 1
 * yellow, 3 red. */
START_TEST(status_history_from_real_data)
{
	char *dir = g_dir_make_tmp("cairn-tl-XXXXXX", NULL);
	char *png = g_build_filename(dir, "p3.png", NULL);
	cairo_surface_t *s = render_panel("3", png);
	struct extent green = find(s, fill70(GREEN), 0, H);
	struct extent red = find(s, fill70(RED), 0, H);
	ck_assert_msg(green.n > 500 && red.n > 500, "green %ld red %ld", green.n, red.n);
	/* 13 samples (00:00 … 06:00), the range widened by half a step: cells
	 * centred at (k + 0.5) / 13 of the plot, 90 % wide */
	double col = (red.x1 + 2 - (green.x0 - 1)) / (13 - 0.1);
	int left = (int)lround(green.x0 - 1 - 0.05 * col); /* the plot's left edge */
	/* row "stage" (first): 0 0 0 1 1 1 2 2 2 3 3 3 3 */
	struct extent yellow = find(s, fill70(YELLOW), 0, H);
	ck_assert_int_gt(yellow.n, 500);
	int ys = (int)lround(yellow.ymean);
	colour_at(s, left + (int)(col * 0.5), ys + 12, fill70(GREEN), "00:00 cell");
	colour_at(s, left + (int)(col * 3.5), ys + 12, fill70(YELLOW), "01:30 cell");
	colour_at(s, left + (int)(col * 12.5), ys + 12, fill70(RED), "06:00 cell");
	/* gaps between cells show the panel */
	ck_assert_msg(diff(px(s, left + (int)(col * 1.0), ys + 12), BG) <= 14, "no gap at 00:15");
	cairo_surface_destroy(s);
	g_unlink(png);
	g_rmdir(dir);
	g_free(png);
	g_free(dir);
}
END_TEST

START_TEST(bad_option_exits_2_with_its_path)
{
	char *dir = g_dir_make_tmp("cairn-tl-XXXXXX", NULL);
	char *json = g_build_filename(dir, "bad.json", NULL);
	char *png = g_build_filename(dir, "bad.png", NULL);
	const char *text = "{\"panels\":[{\"id\":1,\"type\":\"state-timeline\","
	                   "\"targets\":[{\"refId\":\"A\",\"expr\":\"up\"}],"
	                   "\"options\":{\"rowHeight\":2}}]}";
	ck_assert(g_file_set_contents(json, text, -1, NULL));
	const char *args[] = {"render", json, "--prometheus", prom_url(), "-o", png, NULL};
	char *err = NULL;
	int rc = cairn(&err, args);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, "panels[0].options.rowHeight") && strstr(err, "outside 0..1"),
	              "%s", err);
	g_free(err);
	g_unlink(json);
	g_unlink(png);
	g_rmdir(dir);
	g_free(json);
	g_free(png);
	g_free(dir);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("timeline-e2e");
	TCase *t = tcase_create("real");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, state_timeline_from_real_data);
	tcase_add_test(t, status_history_from_real_data);
	tcase_add_test(t, bad_option_exits_2_with_its_path);
	suite_add_tcase(s, t);
	return s;
}

#include "tests/test_main.h"
