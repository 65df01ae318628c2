/*
 * test_heatmap.c — the heatmap panel: the d3 schemes against d3 itself
 * (heatmap_schemes_expect.h, sampled from d3-scale-chromatic), palettes,
 * the data preparation (Prometheus buckets sorted and de-accumulated,
 * calculated buckets, colour range, filterValues), pixel probes of cells
 * whose colour the data fixes, the cell gap, the y-axis labels, the SVG's
 * shapes, edge cases and the budget, and option errors with JSON paths.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "dashboards/hmopts.h"
#include "dashboards/load.h"
#include "render/heatmap.h"
#include "render/heatmap_prep.h"
#include "render/heatmap_schemes.h"
#include "support.h"
#include "heatmap_schemes_expect.h"

#define PANEL_BG 0x181b1f

START_TEST(schemes_match_d3)
{
	for (size_t k = 0; k < sizeof expect_schemes / sizeof expect_schemes[0]; k++) {
		const char *name = expect_schemes[k].name;
		long s = hm_scheme_find(strcmp(name, "CubehelixDefault") == 0 ? "Cubehelix" : name);
		ck_assert_msg(s >= 0, "%s not listed", name);
		for (int i = 0; i < 64; i++) {
			char got[8];
			snprintf(got, sizeof got, "%06x", hm_scheme_color(s, i / 63.0));
			ck_assert_msg(strcmp(got, expect_schemes[k].hex[i]) == 0, "%s(%d/63): %s, d3 %s",
			              name, i, got, expect_schemes[k].hex[i]);
		}
	}
}
END_TEST

static void hm_panel(struct cairn_panel *p, struct cairn_target *t)
{
	support_panel(p, "heatmap", "h");
	hmopts_init(&p->heatmap);
	memset(t, 0, sizeof *t);
	g_strlcpy(t->ref_id, "A", sizeof t->ref_id);
	t->format_heatmap = true;
	p->targets = t;
	p->n_targets = 1;
}

START_TEST(palette_scheme_and_opacity)
{
	struct cairn_panel p;
	struct cairn_target t;
	hm_panel(&p, &t);
	uint32_t pal[HM_PALETTE_MAX];
	/* Oranges is reversed in the dark theme: dark brown first, near white last */
	ck_assert_uint_eq(heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal), 64);
	ck_assert_uint_eq(pal[0], 0x7f2704ffu);
	ck_assert_uint_eq(pal[63], 0xfff5ebffu);
	ck_assert_uint_eq(heatmap_palette(&p.heatmap, theme_get(THEME_LIGHT), pal), 64);
	ck_assert_uint_eq(pal[0], 0xfff5ebffu);
	p.heatmap.reverse = true;
	heatmap_palette(&p.heatmap, theme_get(THEME_LIGHT), pal);
	ck_assert_uint_eq(pal[0], 0x7f2704ffu);
	/* more steps than Grafana's slider offers are drawn, as its palette does */
	p.heatmap.steps = 500;
	ck_assert_uint_eq(heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal), 500);
	ck_assert_uint_eq(pal[499], 0xfff5ebffu);
	p.heatmap.steps = 64;
	/* an unknown scheme is Spectral, as palettes.ts falls back */
	g_strlcpy(p.heatmap.scheme, "Nope", sizeof p.heatmap.scheme);
	p.heatmap.reverse = false;
	heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal);
	ck_assert_uint_eq(pal[63] >> 8, hm_scheme_color(hm_scheme_find("Spectral"), 0));
	/* opacity: the fill's alpha from 0 to 1, sqrt-shaped when exponential */
	p.heatmap.color_mode = HMC_OPACITY;
	p.heatmap.steps = 5;
	p.heatmap.scale = HMS_EXPONENTIAL;
	g_strlcpy(p.heatmap.fill, "#ff0000", sizeof p.heatmap.fill);
	ck_assert_uint_eq(heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal), 5);
	ck_assert_uint_eq(pal[0], 0xff000000u);
	ck_assert_uint_eq(pal[1], 0xff000000u | (uint32_t)lround(sqrt(0.25) * 255));
	ck_assert_uint_eq(pal[4], 0xff0000ffu);
	p.heatmap.scale = HMS_LINEAR;
	heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal);
	ck_assert_uint_eq(pal[1], 0xff000000u | (uint32_t)lround(0.25 * 255));
	/* through tinycolor's whole percents: #1f60c4 is 12 %, 38 %, 77 % */
	g_strlcpy(p.heatmap.fill, "#1f60c4", sizeof p.heatmap.fill);
	heatmap_palette(&p.heatmap, theme_get(THEME_DARK), pal);
	ck_assert_uint_eq(pal[4], 0x1f61c4ffu);
}
END_TEST

/* Cumulative buckets as Prometheus stores them, answered out of order. */
struct bucket_fx {
	struct cairn_panel p;
	struct cairn_target t;
	struct cairn_result r;
	double cum[4];
};

static double const_v(size_t i, void *arg)
{
	(void)i;
	return *(double *)arg;
}

static void add_le(struct series *s, const char *le)
{
	s->labels = g_new0(struct label, 1);
	s->labels[0].name = g_strdup("le");
	s->labels[0].value = g_strdup(le);
	s->n_labels = 1;
}

/* support_result_free leaves labels: ours go here. */
static void bucket_fx_free(struct bucket_fx *x)
{
	for (size_t i = 0; i < x->r.n_series; i++) {
		struct series *s = &x->r.series[i];
		for (size_t k = 0; k < s->n_labels; k++) {
			g_free(s->labels[k].name);
			g_free(s->labels[k].value);
		}
		g_free(s->labels);
	}
	support_result_free(&x->r);
}

/* le 0.1: 2, 0.5: 2 (so 0 in its bucket), 1: 7, +Inf: 10; each sample
 * the same, 4 samples a minute apart from t=6000. */
static void bucket_fx_init(struct bucket_fx *x)
{
	static const char *les[4] = {"+Inf", "0.5", "1", "0.1"};
	static const double cum[4] = {10, 2, 7, 2};
	hm_panel(&x->p, &x->t);
	struct series s[4];
	for (int i = 0; i < 4; i++) {
		x->cum[i] = cum[i];
		support_series(&s[i], les[i], 4, 6000, 60, const_v, &x->cum[i]);
		add_le(&s[i], les[i]);
	}
	support_result(&x->r, s, 4, 60);
}

START_TEST(prep_prometheus_buckets)
{
	struct bucket_fx x;
	bucket_fx_init(&x);
	struct hm_grid g;
	struct cairn_err err = {0};
	ck_assert_int_eq(hm_prepare(&x.p, &x.r, 6000, 6180, NULL, &g, &err), 0);
	ck_assert_uint_eq(g.nx, 4);
	ck_assert_uint_eq(g.ny, 4);
	ck_assert(g.ordinal);
	ck_assert_int_eq(g.y_align, HMA_LE);
	ck_assert_str_eq(g.y_names[0], "0.1");
	ck_assert_str_eq(g.y_names[1], "0.5");
	ck_assert_str_eq(g.y_names[2], "1");
	ck_assert_str_eq(g.y_names[3], "+Inf");
	ck_assert_str_eq(g.y_zero, "0.0");
	/* de-accumulated: 2, 0, 5, 3 in every column */
	for (size_t xi = 0; xi < g.nx; xi++) {
		ck_assert_double_eq(g.v[xi * 4 + 0], 2);
		ck_assert_double_eq(g.v[xi * 4 + 1], 0);
		ck_assert_double_eq(g.v[xi * 4 + 2], 5);
		ck_assert_double_eq(g.v[xi * 4 + 3], 3);
	}
	/* the zero is filtered out (filterValues.le 1e-9) of the colour range */
	ck_assert_double_eq(g.vmin, 2);
	ck_assert_double_eq(g.vmax, 5);
	hm_grid_fini(&g);
	/* yAxis unit formats the labels, and the zero under the first bucket */
	g_strlcpy(x.p.heatmap.y_unit, "s", sizeof x.p.heatmap.y_unit);
	ck_assert_int_eq(hm_prepare(&x.p, &x.r, 6000, 6180, NULL, &g, &err), 0);
	ck_assert_str_eq(g.y_names[0], "100 ms");
	ck_assert_str_eq(g.y_zero, "0 s");
	ck_assert_str_eq(g.y_names[3], "+Inf");
	hm_grid_fini(&g);
	/* not format heatmap: rows sorted by numeric name, not de-accumulated */
	x.t.format_heatmap = false;
	x.p.heatmap.y_unit[0] = '\0';
	ck_assert_int_eq(hm_prepare(&x.p, &x.r, 6000, 6180, NULL, &g, &err), 0);
	ck_assert_double_eq(g.v[3], 10);
	ck_assert_double_eq(g.v[0], 2);
	hm_grid_fini(&g);
	bucket_fx_free(&x);
}
END_TEST

static void add_labels(struct series *s, const char *inst, const char *le)
{
	s->labels = g_new0(struct label, 2);
	s->labels[0] = (struct label){g_strdup("instance"), g_strdup(inst)};
	s->labels[1] = (struct label){g_strdup("le"), g_strdup(le)};
	s->n_labels = 2;
}

/* Two instances' histograms in one format-heatmap answer: the datasource
 * makes a frame of each, the panel draws the last; a legendFormat names the
 * rows (sorted by the number they start with); a lower bucket above the
 * next (a reset) is 0, not negative. */
START_TEST(prep_groups_names_and_resets)
{
	struct bucket_fx x;
	hm_panel(&x.p, &x.t);
	static const char *inst[4] = {"a", "a", "b", "b"}, *les[4] = {"1", "2", "2", "1"};
	static const double cum[4] = {5, 9, 3, 4};
	struct series s[4];
	for (int i = 0; i < 4; i++) {
		x.cum[i] = cum[i];
		char name[16];
		snprintf(name, sizeof name, "%s s", les[i]); /* legendFormat "{{le}} s" */
		support_series(&s[i], name, 2, 0, 60, const_v, &x.cum[i]);
		add_labels(&s[i], inst[i], les[i]);
	}
	support_result(&x.r, s, 4, 60);
	struct hm_grid g;
	struct cairn_err err = {0};
	ck_assert_int_eq(hm_prepare(&x.p, &x.r, 0, 60, NULL, &g, &err), 0);
	ck_assert_uint_eq(g.ny, 2);
	ck_assert_str_eq(g.y_names[0], "1");  /* no legendFormat: named by le */
	ck_assert_double_eq(g.v[0], 4);       /* instance b's le 1 */
	ck_assert_double_eq(g.v[1], 0);       /* 3 - 4: a reset, clamped */
	ck_assert_ptr_null(g.y_zero);         /* the first label is instance, not le */
	hm_grid_fini(&g);
	x.t.legend_format = (char *)"{{le}} s";
	ck_assert_int_eq(hm_prepare(&x.p, &x.r, 0, 60, NULL, &g, &err), 0);
	ck_assert_str_eq(g.y_names[0], "1 s");
	ck_assert_str_eq(g.y_names[1], "2 s");
	hm_grid_fini(&g);
	bucket_fx_free(&x);
}
END_TEST

static double ramp10(size_t i, void *arg)
{
	(void)arg;
	return (double)(i % 10);
}

START_TEST(prep_calculate)
{
	struct cairn_panel p;
	struct cairn_target t;
	hm_panel(&p, &t);
	t.format_heatmap = false;
	p.heatmap.calculate = true;
	p.heatmap.xb.mode = HMB_SIZE;
	g_strlcpy(p.heatmap.xb.value, "10m", sizeof p.heatmap.xb.value);
	p.heatmap.yb.mode = HMB_SIZE;
	g_strlcpy(p.heatmap.yb.value, "5", sizeof p.heatmap.yb.value);
	struct series s;
	support_series(&s, "a", 60, 0, 60, ramp10, NULL); /* an hour: 0..9 six times */
	struct cairn_result r;
	support_result(&r, &s, 1, 60);
	struct hm_grid g;
	struct cairn_err err = {0};
	ck_assert_int_eq(hm_prepare(&p, &r, 0, 3600, NULL, &g, &err), 0);
	ck_assert_uint_eq(g.nx, 6);  /* 10-minute columns */
	ck_assert_uint_eq(g.ny, 2);  /* [0,5) and [5,10) */
	ck_assert_int_eq(g.y_align, HMA_GE);
	ck_assert_double_eq(g.y[1], 5);
	for (size_t xi = 0; xi < 6; xi++) {
		ck_assert_double_eq(g.v[xi * 2], 5);
		ck_assert_double_eq(g.v[xi * 2 + 1], 5);
	}
	hm_grid_fini(&g);
	/* log buckets refuse values <= 0, as Grafana does */
	p.heatmap.yb.log = 2;
	ck_assert_int_ne(hm_prepare(&p, &r, 0, 3600, NULL, &g, &err), 0);
	ck_assert_str_eq(err.msg, "Log Y axes cannot have values <= 0");
	hm_grid_fini(&g);
	/* a bucket size that would make too many cells: the budget says no */
	p.heatmap.yb.log = 0;
	g_strlcpy(p.heatmap.yb.value, "1e-9", sizeof p.heatmap.yb.value);
	struct cairn_limits lim;
	limits_default(&lim);
	lim.max_points = 1000000;
	struct budget b;
	budget_init(&b, &lim);
	ck_assert_int_eq(hm_prepare(&p, &r, 0, 3600, &b, &g, &err), CAIRN_ELIMIT);
	hm_grid_fini(&g);
	support_result_free(&r);
}
END_TEST

/* ---- drawing ---------------------------------------------------------- */

static cairo_surface_t *draw(struct panel_job *j, int w, int h, enum theme_kind th)
{
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(j, w, h, FMT_PNG, th, &out), 0);
	cairo_surface_t *img = support_decode(&out);
	free(out.bytes);
	return img;
}

/* Centre of cell (xi, yi) of an le-rows heatmap of ny rows, 60 s columns. */
static void cell_centre(const struct panel_job *j, size_t ny, double t, size_t yi, int *x, int *y)
{
	struct rect p = j->plot;
	*x = (int)floor(p.x + (t - 30 - j->from) / (j->to - j->from) * p.w);
	*y = (int)floor(p.y + p.h - ((double)yi + 0.5) / (double)ny * p.h);
}

START_TEST(cells_coloured_by_the_data)
{
	struct bucket_fx x;
	bucket_fx_init(&x);
	struct panel_job j = {.panel = &x.p, .title = "h", .data = &x.r, .from = 5940, .to = 6180};
	cairo_surface_t *img = draw(&j, 600, 300, THEME_DARK);
	ck_assert(j.plot.w > 100 && j.plot.h > 100);
	uint32_t pal[HM_PALETTE_MAX];
	heatmap_palette(&x.p.heatmap, theme_get(THEME_DARK), pal);
	int cx, cy;
	/* 0.1: 2 = min → palette[0]; 1: 5 = max → palette[63]; +Inf: 3 → index 21 */
	static const struct { size_t yi; size_t k; } want[] = {{0, 0}, {2, 63}, {3, 21}};
	for (size_t c = 0; c < 3; c++) {
		for (double t = 6060; t <= 6180; t += 60) {
			cell_centre(&j, 4, t, want[c].yi, &cx, &cy);
			ck_assert_msg(support_coldiff(support_px(img, cx, cy), pal[want[c].k] >> 8) <= 2,
			              "cell (%g, %zu) at %d,%d: %06x, want %06x", t, want[c].yi, cx, cy,
			              support_px(img, cx, cy), pal[want[c].k] >> 8);
		}
	}
	/* the empty bucket (0.5: 0) is hidden by filterValues: background */
	cell_centre(&j, 4, 6120, 1, &cx, &cy);
	ck_assert_int_le(support_coldiff(support_px(img, cx, cy), PANEL_BG), 2);
	/* y-axis labels: text left of the plot at each bucket's bound */
	for (size_t yi = 0; yi < 4; yi++) {
		int ly = (int)(j.plot.y + j.plot.h - (double)(yi + 1) / 4 * j.plot.h);
		ck_assert_msg(support_count_not(img, (int)j.plot.x - 40, ly - 5, (int)j.plot.x - 4,
		                                ly + 5, PANEL_BG, 40) > 5,
		              "no label at bucket %zu", yi);
	}
	/* the legend: the palette's two ends under the plot, left to right */
	int lx0 = 8 + 1 + 25 + 3, lx1 = 8 + 1 + 25 + 297;
	int ly = -1;
	for (int yy = (int)(j.plot.y + j.plot.h) + 20; yy < 300 && ly < 0; yy++)
		if (support_coldiff(support_px(img, lx0, yy), pal[0] >> 8) <= 8)
			ly = yy;
	ck_assert_msg(ly > 0, "no colour scale under the plot");
	ck_assert_int_le(support_coldiff(support_px(img, lx1, ly + 2), pal[63] >> 8), 12);
	cairo_surface_destroy(img);
	bucket_fx_free(&x);
}
END_TEST

START_TEST(cell_gap)
{
	struct bucket_fx x;
	bucket_fx_init(&x);
	x.p.heatmap.cell_gap = 4;
	struct panel_job j = {.panel = &x.p, .title = "h", .data = &x.r, .from = 5940, .to = 6180};
	cairo_surface_t *img = draw(&j, 600, 300, THEME_DARK);
	uint32_t pal[HM_PALETTE_MAX];
	heatmap_palette(&x.p.heatmap, theme_get(THEME_DARK), pal);
	/* between the 1 row (max) and the +Inf row: 4 px of background under
	 * the upper cell, then the lower cell's colour */
	int cx, cy;
	cell_centre(&j, 4, 6120, 2, &cx, &cy);
	double bound = j.plot.y + j.plot.h - 3.0 / 4 * j.plot.h; /* top of row 2 */
	int by = (int)round(bound);
	ck_assert_int_le(support_coldiff(support_px(img, cx, by - 2), PANEL_BG), 2);
	ck_assert_int_le(support_coldiff(support_px(img, cx, by + 2), pal[63] >> 8), 2);
	ck_assert_int_le(support_coldiff(support_px(img, cx, by - 6), pal[21] >> 8), 2);
	/* and between columns: 4 px left of each column's end */
	double xb = j.plot.x + (6120 - j.from) / (j.to - j.from) * j.plot.w;
	ck_assert_int_le(support_coldiff(support_px(img, (int)round(xb) + 2, cy), PANEL_BG), 2);
	ck_assert_int_le(support_coldiff(support_px(img, (int)round(xb) - 2, cy), pal[63] >> 8), 2);
	cairo_surface_destroy(img);
	/* gap 0 draws them touching: no background there */
	x.p.heatmap.cell_gap = 0;
	img = draw(&j, 600, 300, THEME_DARK);
	ck_assert_int_gt(support_coldiff(support_px(img, cx, by - 2), PANEL_BG), 20);
	cairo_surface_destroy(img);
	bucket_fx_free(&x);
}
END_TEST

/* cairo's SVG percentages: %f with trailing zeros (and a bare dot) cut */
static void pct(char *buf, size_t cap, double v)
{
	snprintf(buf, cap, "%f", v);
	char *e = buf + strlen(buf);
	while (e > buf && e[-1] == '0')
		*--e = '\0';
	if (e > buf && e[-1] == '.')
		e[-1] = '\0';
}

START_TEST(svg_one_path_per_colour)
{
	struct bucket_fx x;
	bucket_fx_init(&x);
	struct panel_job j = {.panel = &x.p, .title = "h", .data = &x.r, .from = 5940, .to = 6180};
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&j, 600, 300, FMT_SVG, THEME_DARK, &out), 0);
	char *svg = g_strndup((const char *)out.bytes, out.len);
	ck_assert_ptr_null(strstr(svg, "<image"));
	/* three colours in use: three filled paths of 4 cells each
	 * ("M x y h w v h h -w Z" four times in one d) */
	uint32_t pal[HM_PALETTE_MAX];
	heatmap_palette(&x.p.heatmap, theme_get(THEME_DARK), pal);
	static const size_t used[] = {0, 21, 63};
	for (size_t k = 0; k < 3; k++) {
		uint32_t c = pal[used[k]] >> 8;
		char want[96], r[24], g[24], b[24];
		pct(r, sizeof r, (c >> 16) / 2.55);
		pct(g, sizeof g, (c >> 8 & 0xff) / 2.55);
		pct(b, sizeof b, (c & 0xff) / 2.55);
		snprintf(want, sizeof want, "fill:rgb(%s%%,%s%%,%s%%)", r, g, b);
		char *at = strstr(svg, want);
		ck_assert_msg(at, "no path filled %s", want);
		char *d = strstr(at, " d=\"");
		ck_assert(d);
		char *end = strchr(d + 4, '"');
		size_t z = 0;
		for (char *q = d; q < end; q++)
			z += *q == 'Z';
		ck_assert_uint_eq(z, 4);
	}
	g_free(svg);
	free(out.bytes);
	bucket_fx_free(&x);
}
END_TEST

static double big(size_t i, void *arg)
{
	(void)arg;
	return i == 1 ? NAN : i == 2 ? -5 : 1e300 * (double)i;
}

START_TEST(edge_cases)
{
	struct cairn_panel p;
	struct cairn_target t;
	hm_panel(&p, &t);
	t.format_heatmap = false;
	struct cairn_result empty = {.status = RESULT_OK};
	struct panel_job j = {.panel = &p, .title = "h", .data = &empty, .from = 0, .to = 600};
	cairo_surface_t *img = draw(&j, 300, 200, THEME_DARK);
	cairo_surface_destroy(img);
	/* NaN, negative and huge values in one series; one value; 0×0-ish */
	struct series s;
	support_series(&s, "x", 5, 60, 60, big, NULL);
	struct cairn_result r;
	support_result(&r, &s, 1, 60);
	j.data = &r;
	img = draw(&j, 300, 200, THEME_LIGHT);
	cairo_surface_destroy(img);
	p.heatmap.calculate = true;
	img = draw(&j, 300, 200, THEME_DARK);
	cairo_surface_destroy(img);
	img = draw(&j, 1, 1, THEME_DARK);
	cairo_surface_destroy(img);
	support_result_free(&r);
}
END_TEST

static double wave(size_t i, void *arg)
{
	return sin((double)i / 50.0 + *(double *)arg) * 100;
}

/* 40 series of 20,000 samples: a rows heatmap of 20,000 × 40 cells (far
 * more columns than pixels): drawn in time linear in cells, and over a
 * budget of fewer points it is an error in place, not a drawing. */
START_TEST(many_cells_and_the_budget)
{
	struct cairn_panel p;
	struct cairn_target t;
	hm_panel(&p, &t);
	t.format_heatmap = false;
	enum { NS = 40, NP = 20000 };
	struct series s[NS];
	double ph[NS];
	char name[NS][8];
	for (size_t i = 0; i < NS; i++) {
		ph[i] = (double)i;
		snprintf(name[i], sizeof name[i], "%zu", i);
		support_series(&s[i], name[i], NP, 0, 15, wave, &ph[i]);
	}
	struct cairn_result r;
	support_result(&r, s, NS, 15);
	struct panel_job j = {.panel = &p, .title = "h", .data = &r, .from = 0, .to = NP * 15.0};
	gint64 t0 = g_get_monotonic_time();
	cairo_surface_t *img = draw(&j, 1000, 500, THEME_DARK);
	double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
	ck_assert_msg(secs < 20, "800,000 cells took %.1f s", secs);
	ck_assert_int_eq(j.draw_err.code, 0);
	cairo_surface_destroy(img);
	struct cairn_limits lim;
	limits_default(&lim);
	lim.max_points = 100000;
	struct budget b;
	budget_init(&b, &lim);
	struct render_opts o = {.format = FMT_PNG, .width = 400, .height = 200, .scale = 1,
	                        .budget = &b};
	struct render_out out = {0};
	struct cairn_err err = {0};
	j.box = (struct rect){0, 0, 400, 200};
	ck_assert_int_eq(render_panels(support_ctx(), &j, 1, &o, &out, &err), 0);
	ck_assert_int_eq(j.draw_err.code, CAIRN_ELIMIT);
	free(out.bytes);
	/* the cells were given back: the budget holds only the canvas' pixels */
	ck_assert_uint_eq(atomic_load(&b.used[BUDGET_POINTS]), 0);
	support_result_free(&r);
}
END_TEST

static const char *const bad_opts[][2] = {
        {"{\"color\": {\"steps\": 0}}", "panels[0].options.color.steps: 0: expected 2 or more"},
        {"{\"cellGap\": -1}", "panels[0].options.cellGap: -1: expected 0 to 25"},
        {"{\"cellGap\": \"wide\"}", "panels[0].options.cellGap: expected number"},
        {"{\"yAxis\": {\"decimals\": 40}}", "panels[0].options.yAxis.decimals: 40: expected 0 to 20"},
        {"{\"calculation\": {\"yBuckets\": {\"scale\": {\"type\": \"log\", \"log\": 3}}}}",
         "panels[0].options.calculation.yBuckets.scale.log: 3: expected 2 or 10"},
        {"{\"color\": \"red\"}", "panels[0].options.color: expected object"},
};

static struct cairn_dashboard *load_panel(const char *panel, struct cairn_err *err)
{
	char *json = g_strdup_printf("{\"panels\": [%s]}", panel);
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", err);
	g_free(json);
	return d;
}

START_TEST(option_errors_name_the_path)
{
	for (size_t i = 0; i < sizeof bad_opts / sizeof bad_opts[0]; i++) {
		char *panel = g_strdup_printf("{\"type\": \"heatmap\", \"options\": %s}", bad_opts[i][0]);
		struct cairn_err err = {0};
		struct cairn_dashboard *d = load_panel(panel, &err);
		ck_assert_msg(!d, "%s loaded", bad_opts[i][0]);
		ck_assert_msg(strstr(err.msg, bad_opts[i][1]), "%s: %s", bad_opts[i][0], err.msg);
		g_free(panel);
	}
}
END_TEST

START_TEST(angular_migration)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = load_panel(
	        "{\"type\": \"heatmap\", \"dataFormat\": \"tsbuckets\", \"yBucketBound\": \"upper\","
	        " \"color\": {\"mode\": \"spectrum\", \"colorScheme\": \"interpolatePuBuGn\","
	        " \"min\": 10, \"max\": 2}, \"cards\": {\"cardPadding\": 0},"
	        " \"legend\": {\"show\": false}, \"reverseYBuckets\": true, \"tooltipDecimals\": 2,"
	        " \"yAxis\": {\"show\": false, \"format\": \"ms\", \"width\": \"60\"}}",
	        &err);
	ck_assert_msg(d, "%s", err.msg);
	const struct heatmap_opts *o = &d->panels[0].heatmap;
	ck_assert(o->migrated);
	ck_assert(!o->calculate);
	ck_assert_int_eq(o->rows_layout, HML_GE);
	/* migrations.ts finds the first listed name the scheme contains: BuGn */
	ck_assert_str_eq(o->scheme, "BuGn");
	ck_assert_int_eq(o->steps, 128);
	ck_assert_double_eq(o->cell_gap, 1); /* 0 becomes 1 */
	ck_assert(!o->legend_show);
	ck_assert(o->y_reverse);
	ck_assert_int_eq(o->y_placement, AXIS_HIDDEN);
	ck_assert_str_eq(o->y_unit, "ms");
	ck_assert_double_eq(o->y_width, 60);
	ck_assert_int_eq(o->cell_decimals, 2);
	ck_assert_int_eq(o->show_value, HMV_NEVER);
	/* min > max: swapped and reversed */
	ck_assert_double_eq(o->color_min, 2);
	ck_assert_double_eq(o->color_max, 10);
	ck_assert(o->reverse);
	dash_free(d);
	d = load_panel("{\"type\": \"heatmap\", \"xBucketSize\": \"1m\", \"yBucketNumber\": 5,"
	               " \"color\": {\"mode\": \"opacity\", \"scale\": \"sqrt\", \"cardColor\": \"#b4ff00\"},"
	               " \"yAxis\": {\"logBase\": 10, \"splitFactor\": 2}}",
	               &err);
	ck_assert_msg(d, "%s", err.msg);
	o = &d->panels[0].heatmap;
	ck_assert(o->calculate);
	ck_assert_int_eq(o->xb.mode, HMB_SIZE);
	ck_assert_str_eq(o->xb.value, "1m");
	ck_assert_int_eq(o->yb.mode, HMB_COUNT);
	ck_assert_str_eq(o->yb.value, "2");
	ck_assert_double_eq(o->yb.log, 10);
	ck_assert_int_eq(o->color_mode, HMC_OPACITY);
	ck_assert_int_eq(o->scale, HMS_LINEAR);
	ck_assert_str_eq(o->fill, "#b4ff00");
	dash_free(d);
	/* new options: defaults where absent */
	d = load_panel("{\"type\": \"heatmap\", \"options\": {\"calculate\": false}}", &err);
	ck_assert_msg(d, "%s", err.msg);
	o = &d->panels[0].heatmap;
	ck_assert(!o->migrated);
	ck_assert_str_eq(o->scheme, "Oranges");
	ck_assert_int_eq(o->steps, 64);
	ck_assert_double_eq(o->filter_le, 1e-9);
	ck_assert(o->legend_show);
	ck_assert_int_eq(o->color_mode, HMC_SCHEME);
	ck_assert_int_eq(o->scale, HMS_LINEAR); /* no default in the cue */
	dash_free(d);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/heatmap");
	TCase *tc = tcase_create("heatmap");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, schemes_match_d3);
	tcase_add_test(tc, palette_scheme_and_opacity);
	tcase_add_test(tc, prep_prometheus_buckets);
	tcase_add_test(tc, prep_groups_names_and_resets);
	tcase_add_test(tc, prep_calculate);
	tcase_add_test(tc, cells_coloured_by_the_data);
	tcase_add_test(tc, cell_gap);
	tcase_add_test(tc, svg_one_path_per_colour);
	tcase_add_test(tc, edge_cases);
	tcase_add_test(tc, many_cells_and_the_budget);
	tcase_add_test(tc, option_errors_name_the_path);
	tcase_add_test(tc, angular_migration);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
