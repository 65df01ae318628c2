/*
 * test_grafana_ref.c — cairn's time-series panels beside Grafana's own.
 *
 * ../shared/tools/grafana-ref draws a panel JSON from saved Prometheus
 * answers with Grafana 10.4's real components (@grafana/ui in headless
 * Chromium).  tests/cli/grafana-ref/cases.json lists such references: the
 * tool's own examples, and corpus panels (kube-prometheus Nodes, Node
 * Exporter Full) drawn from answers saved off the test Prometheus
 * (tests/cli/grafana-ref/README.md says how).  cairn renders the same panel
 * from the same answers (--data) at the same size and theme, and three
 * checks must hold:
 *
 * 1. Unmatched share, against a baseline.  A pixel is unmatched when no
 *    pixel within one pixel's distance in the other image is within
 *    DIFF_THRESHOLD in every channel; the larger share of the two directions
 *    may rise at most BASELINE_MARGIN above the share recorded for that case
 *    in grafana-ref/baseline.json (and never above MAX_UNMATCHED).  One
 *    global limit cannot work: the shares range from 0.03% to 0.81%, and a
 *    missing series adds 0.4 points typically — under 1.5% in 12 of 13.
 *    The same per 50x50 tile: no tile may gain more than TILE_MARGIN
 *    unmatched pixels over its recorded count, so differences gathered in
 *    one place (a wrong label) fail however small their share of the image.
 * 2. Series probes.  For each series cases.json names (with its colour), the
 *    pixels inside the plot area that are that colour blended over the panel
 *    background at PROBE_ALPHA or more (antialiased line pixels and opaque
 *    fills, not 10% fills) are counted in both images; cairn must show at
 *    least PROBE_RATIO of Grafana's count.  A missing series or a series
 *    drawn without its line fails here even when the overall share hardly
 *    moves.
 * 3. Same size, and cairn exits 0.
 * All failures of a case are reported together.
 *
 * CAIRN_GRAFANA_REF_RECORD=1 rewrites baseline.json with the shares and tile
 * counts measured now (after a deliberate change to the drawing; review the
 * diff).
 */
#include <check.h>
#include <cairo.h>
#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/series_probe.h"
#include "tests/test_main.h"

#define DIFF_THRESHOLD 64 /* of 255, per channel */
#define MAX_UNMATCHED 0.015
/* 0.10 percentage points.  Run to run the shares do not move at all (cairn
 * and the references are deterministic); FreeType or cairo updates move
 * glyph edges by hundredths of a point.  Not drawing the second series
 * raised them by 0.14 to 10 points (0.40 typical), except in nodes-8, where
 * the series is one of six thin lines (+0.02: the probes catch that). */
#define BASELINE_MARGIN 0.0010
/* Per 50x50 tile (2,500 pixels): a wrong tick label, legend row or missing
 * stretch of line gathers in a few tiles (tick labels shifted by one tick:
 * +12 to +67 unmatched pixels in the label column's worst tile; a dropped
 * legend row +47 to +151; the second series missing +32 or more), while
 * the whole-image share hardly moves.  Run to run the counts do not move. */
#define TILE 50
#define TILES_MAX 40 /* 2,000 px a side: the corpus tables are 1888 px wide */
#define TILE_MARGIN 10
#define PROBE_MIN 150       /* pixels Grafana must show for a probe to mean something */
#define PROBE_RATIO 0.5     /* cairn's count / Grafana's: 0.73..1.3 measured */
#define LEGEND_MIN 20       /* a legend swatch: 14x4 px in Grafana */

static json_t *cases_doc, *baseline_doc;
static char *baseline_path;

static bool close_px(const unsigned char *a, const unsigned char *b)
{
	for (int c = 0; c < 3; c++)
		if (abs(a[c] - b[c]) > DIFF_THRESHOLD)
			return false;
	return true;
}

/* Share of a's pixels without a close match in b; each unmatched pixel is
 * also counted in its TILE x TILE tile of tiles. */
static double unmatched_fraction(cairo_surface_t *a, cairo_surface_t *b,
	long tiles[TILES_MAX][TILES_MAX])
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
			tiles[y / TILE][x / TILE] += !found;
		}
	return (double)unmatched / ((double)w * h);
}

/* One series' pixels in one area of both images; a shortfall is appended
 * to fails.  A legend probe only counts where Grafana shows the swatch. */
static void probe_area(const char *what, const int rect[4], uint32_t bg, json_t *s,
	cairo_surface_t *mine, cairo_surface_t *theirs, const char *ref, GString *fails)
{
	const char *name = json_string_value(json_object_get(s, "name"));
	const char *hex = json_string_value(json_object_get(s, "colour"));
	uint32_t colour = (uint32_t)strtoul(hex + 1, NULL, 16);
	long g = probe_series_pixels(theirs, rect, bg, colour);
	long m = probe_series_pixels(mine, rect, bg, colour);
	bool legend = strcmp(what, "legend") == 0;
	fprintf(stderr, "    %s %s, %s: %ld pixels (Grafana %ld)\n", name, hex, what, m, g);
	if (legend && g < LEGEND_MIN)
		return; /* no swatch: a threshold, or a row Grafana cut off */
	ck_assert_msg(legend || g >= PROBE_MIN, "%s: series '%s' (%s) shows only %ld pixels in "
		"Grafana's plot area: not a useful probe, fix cases.json", ref, name, hex, g);
	if (m < PROBE_RATIO * (double)g)
		g_string_append_printf(fails, "\n  series '%s' (%s): %ld pixels of its colour in "
			"cairn's %s area, Grafana has %ld (at least %.0f%% needed)", name, hex, m,
			what, g, PROBE_RATIO * 100);
}

/* Each series of the case must show in cairn's plot area, and in its legend
 * (everything below the plot area), about as much as in Grafana's. */
static void check_series(json_t *c, cairo_surface_t *mine, cairo_surface_t *theirs,
	const char *ref, GString *fails)
{
	int plot[4], legend[4];
	json_t *pj = json_object_get(c, "plot");
	ck_assert_msg(json_array_size(pj) == 4, "%s: cases.json needs \"plot\": [x, y, w, h]",
		ref);
	for (int k = 0; k < 4; k++)
		plot[k] = (int)json_integer_value(json_array_get(pj, (size_t)k));
	legend[0] = 0;
	legend[1] = plot[1] + plot[3];
	legend[2] = cairo_image_surface_get_width(theirs);
	legend[3] = cairo_image_surface_get_height(theirs) - legend[1];
	bool light = strcmp(json_string_value(json_object_get(c, "theme")), "light") == 0;
	uint32_t bg = light ? 0xffffff : 0x181b1f; /* background.primary of the theme */
	size_t i;
	json_t *s;
	/* a case with nothing coloured to probe ("No data") says so in "no_probe" */
	if (json_is_string(json_object_get(c, "no_probe")))
		return;
	ck_assert_msg(json_array_size(json_object_get(c, "series")) > 0,
		"%s: cases.json names no series to probe", ref);
	json_array_foreach(json_object_get(c, "series"), i, s) {
		probe_area("plot", plot, bg, s, mine, theirs, ref, fails);
		probe_area("legend", legend, bg, s, mine, theirs, ref, fails);
	}
}

/* What one comparison measured: the unmatched share and, per tile, the
 * larger unmatched count of the two directions. */
struct measured {
	double share;
	int rows, cols;
	long tiles[TILES_MAX][TILES_MAX];
};

static json_t *object_member(json_t *doc, const char *key)
{
	json_t *o = json_object_get(doc, key);
	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(doc, key, o);
	}
	return o;
}

/* Writes what was measured for ref into baseline.json (record mode). */
static void record_baseline(const char *ref_rel, const struct measured *m)
{
	json_t *doc = json_load_file(baseline_path, 0, NULL);
	if (!doc)
		doc = json_object();
	json_object_set_new(object_member(doc, "unmatched_pct"), ref_rel,
		json_real(round(m->share * 1e5) / 1e3));
	json_t *rows = json_array(); /* one string of counts per row of tiles */
	for (int r = 0; r < m->rows; r++) {
		GString *row = g_string_new(NULL);
		for (int c = 0; c < m->cols; c++)
			g_string_append_printf(row, "%s%ld", c ? " " : "", m->tiles[r][c]);
		json_array_append_new(rows, json_string(row->str));
		g_string_free(row, TRUE);
	}
	json_object_set_new(object_member(doc, "tile_unmatched"), ref_rel, rows);
	ck_assert_int_eq(json_dump_file(doc, baseline_path,
				 JSON_INDENT(1) | JSON_REAL_PRECISION(6)), 0);
	json_decref(doc);
}

/* The cap on a case's unmatched share: MAX_UNMATCHED, or the case's own
 * "max_unmatched" (percent) where the reference is only approximate
 * (grafana-ref's stand-in for flot's gauge). */
static double case_cap(json_t *c)
{
	json_t *m = json_object_get(c, "max_unmatched");
	return json_is_number(m) ? json_number_value(m) / 100 : MAX_UNMATCHED;
}

static void check_share(const char *ref_rel, double f, double cap, GString *fails)
{
	json_t *b = json_object_get(json_object_get(baseline_doc, "unmatched_pct"), ref_rel);
	ck_assert_msg(json_is_number(b), "%s: no baseline in %s (record it with "
		"CAIRN_GRAFANA_REF_RECORD=1)", ref_rel, baseline_path);
	double base = json_number_value(b) / 100;
	if (f < base - BASELINE_MARGIN)
		fprintf(stderr, "    %.2f%% is well below its baseline %.2f%%: record the "
			"baseline again so it keeps guarding\n", f * 100, base * 100);
	if (f > base + BASELINE_MARGIN || f > cap)
		g_string_append_printf(fails, "\n  %.2f%% of pixels unmatched, baseline %.2f%% + "
			"%.2f points (and never above %.1f%%)", f * 100, base * 100,
			BASELINE_MARGIN * 100, cap * 100);
}

/* No tile may gain more than TILE_MARGIN unmatched pixels over its baseline. */
static void check_tiles(const char *ref_rel, const struct measured *m, GString *fails)
{
	json_t *b = json_object_get(json_object_get(baseline_doc, "tile_unmatched"), ref_rel);
	ck_assert_msg(json_array_size(b) == (size_t)m->rows, "%s: no tile baseline in %s "
		"(record it with CAIRN_GRAFANA_REF_RECORD=1)", ref_rel, baseline_path);
	long worst = 0, at = 0;
	int wr = 0, wc = 0;
	for (int r = 0; r < m->rows; r++) {
		const char *p = json_string_value(json_array_get(b, (size_t)r));
		ck_assert_msg(p != NULL, "%s: tile row %d is not a string", baseline_path, r);
		for (int c = 0; c < m->cols; c++) {
			char *end;
			long base = strtol(p, &end, 10);
			ck_assert_msg(end != p, "%s: %s: tile row %d has fewer than %d counts",
				baseline_path, ref_rel, r, m->cols);
			p = end;
			if (m->tiles[r][c] - base > worst) {
				worst = m->tiles[r][c] - base;
				at = m->tiles[r][c];
				wr = r;
				wc = c;
			}
		}
	}
	fprintf(stderr, "    largest rise in one %dx%d tile: %ld unmatched pixels\n", TILE, TILE,
		worst);
	if (worst > TILE_MARGIN)
		g_string_append_printf(fails, "\n  the %dx%d tile at (%d, %d) has %ld unmatched "
			"pixels, %ld more than its baseline (at most %d more)", TILE, TILE, wc * TILE,
			wr * TILE, at, worst, TILE_MARGIN);
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
	const char *ref_rel = json_string_value(json_object_get(c, "reference"));
	char *ref = src_path(ref_rel);
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
	struct measured *m = g_new0(struct measured, 1);
	long(*back)[TILES_MAX] = g_malloc0(sizeof(long[TILES_MAX][TILES_MAX]));
	int w = cairo_image_surface_get_width(mine), h = cairo_image_surface_get_height(mine);
	ck_assert(w <= TILE * TILES_MAX && h <= TILE * TILES_MAX);
	m->cols = (w + TILE - 1) / TILE;
	m->rows = (h + TILE - 1) / TILE;
	double f1 = unmatched_fraction(mine, theirs, m->tiles);
	double f2 = unmatched_fraction(theirs, mine, back);
	m->share = f1 > f2 ? f1 : f2;
	for (int r = 0; r < m->rows; r++)
		for (int k = 0; k < m->cols; k++)
			m->tiles[r][k] = MAX(m->tiles[r][k], back[r][k]);
	fprintf(stderr, "%s: %.2f%% of pixels unmatched\n", ref, m->share * 100);
	GString *fails = g_string_new(NULL);
	if (g_strcmp0(g_getenv("CAIRN_GRAFANA_REF_RECORD"), "1") == 0) {
		record_baseline(ref_rel, m);
	} else {
		check_share(ref_rel, m->share, case_cap(c), fails);
		check_tiles(ref_rel, m, fails);
	}
	g_free(back);
	g_free(m);
	check_series(c, mine, theirs, ref, fails);
	ck_assert_msg(fails->len == 0, "%s:%s\n  cairn's image: %s", ref, fails->str, out);
	g_string_free(fails, TRUE);

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
	/* CAIRN_GRAFANA_REF_CASES: another folder of cases.json + baseline.json
	 * (relative to the source root), so each panel family keeps its own */
	const char *dir = g_getenv("CAIRN_GRAFANA_REF_CASES");
	if (!dir || !*dir)
		dir = "tests/cli/grafana-ref";
	char *cases_rel = g_build_filename(dir, "cases.json", NULL);
	char *base_rel = g_build_filename(dir, "baseline.json", NULL);
	char *path = src_path(cases_rel);
	cases_doc = json_load_file(path, 0, &je);
	if (!cases_doc) {
		fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
		exit(EXIT_FAILURE);
	}
	g_free(path);
	baseline_path = src_path(base_rel);
	g_free(cases_rel);
	g_free(base_rel);
	baseline_doc = json_load_file(baseline_path, 0, &je);
	if (!baseline_doc && g_strcmp0(g_getenv("CAIRN_GRAFANA_REF_RECORD"), "1") != 0) {
		fprintf(stderr, "%s:%d: %s\n", baseline_path, je.line, je.text);
		exit(EXIT_FAILURE);
	}
	Suite *s = suite_create("grafana-ref");
	TCase *tc = tcase_create("timeseries");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, beside_grafana, 0,
		(int)json_array_size(json_object_get(cases_doc, "cases")));
	suite_add_tcase(s, tc);
	/* cases_doc and baseline_doc live as long as the process: the forked tests read them */
	return s;
}
