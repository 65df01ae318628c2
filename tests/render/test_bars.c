/*
 * test_bars.c — render/bars, render/barchart and render/histogram: the
 * histogram's buckets against @grafana/data's buildHistogram itself
 * (tests/oracle/histogram_cases.txt, written by gen_histogram.mjs),
 * Grafana's distribute(), the options' errors with their JSON paths, and
 * pixel probes of drawn panels at the places the data fixes: bar heights in
 * the values' ratios, stacks, percent stacks, value labels, rotated tick
 * labels, log scale, horizontal bars, legends, histogram buckets, and the
 * SVG's bars as shapes.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dashboards/load.h"
#include "render/barchart.h"
#include "render/bars.h"
#include "render/histogram.h"
#include "render/units.h"
#include "support.h"

#define W 600
#define H 320
#define RED   0xFF0000u
#define BLUE  0x0000FFu
#define GREEN 0x73BF69u /* the classic palette's first colour (dark theme) */
#define YELLOW 0xF2CC0Cu

/* ---- the oracle ----------------------------------------------------------- */

struct ocase {
	char name[64];
	struct histogram_opts o;
	double *vals[8];
	size_t lens[8], nf;
	double size;
	GArray *rows; /* doubles: x_min then a count per output field */
	size_t row_w;
};

static double *parse_doubles(const char *s, size_t *n)
{
	gchar **tok = g_strsplit(s, " ", -1);
	size_t k = g_strv_length(tok), m = 0;
	double *v = g_new(double, k ? k : 1);
	for (size_t i = 0; i < k; i++)
		if (*tok[i])
			v[m++] = g_ascii_strtod(tok[i], NULL);
	g_strfreev(tok);
	*n = m;
	return v;
}

static void check_case(struct ocase *c)
{
	struct histo h;
	struct cairn_err err = {0};
	ck_assert_msg(histo_build((const double *const *)c->vals, c->lens, c->nf, &c->o, &h, &err) ==
	                      0,
	              "%s: %s", c->name, err.msg);
	ck_assert_msg(h.size == c->size, "%s: bucket size %.17g, Grafana %.17g", c->name, h.size,
	              c->size);
	size_t rows = c->rows->len / c->row_w;
	ck_assert_msg(h.n == rows, "%s: %zu buckets, Grafana %zu", c->name, h.n, rows);
	ck_assert_uint_eq(h.n_counts, c->row_w - 1);
	for (size_t r = 0; r < rows; r++) {
		double *row = &g_array_index(c->rows, double, r * c->row_w);
		ck_assert_msg(h.x_min[r] == row[0], "%s: bucket %zu at %.17g, Grafana %.17g", c->name,
		              r, h.x_min[r], row[0]);
		for (size_t f = 0; f + 1 < c->row_w; f++)
			ck_assert_msg(h.counts[f * h.n + r] == row[1 + f],
			              "%s: bucket %zu field %zu count %g, Grafana %g", c->name, r, f,
			              h.counts[f * h.n + r], row[1 + f]);
	}
	histo_fini(&h);
}

START_TEST(histogram_buckets_match_grafana)
{
	FILE *f = fopen(HISTO_CASES, "r");
	ck_assert_msg(f != NULL, "cannot open %s", HISTO_CASES);
	char *line = NULL;
	size_t cap = 0, n_cases = 0;
	struct ocase c = {0};
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (g_str_has_prefix(line, "case ")) {
			memset(&c, 0, sizeof c);
			g_strlcpy(c.name, line + 5, sizeof c.name);
			c.rows = g_array_new(FALSE, FALSE, sizeof(double));
		} else if (g_str_has_prefix(line, "opts ")) {
			size_t n;
			double *o = parse_doubles(line + 5, &n);
			ck_assert_uint_eq(n, 4);
			c.o = (struct histogram_opts){.bucket_size = o[0], .bucket_offset = o[1],
			                              .bucket_count = o[2] > 0 ? (int)o[2] : 30,
			                              .combine = o[3] != 0};
			g_free(o);
		} else if (g_str_has_prefix(line, "field ")) {
			c.vals[c.nf] = parse_doubles(line + 6, &c.lens[c.nf]);
			c.nf++;
		} else if (g_str_has_prefix(line, "size ")) {
			c.size = g_ascii_strtod(line + 5, NULL);
		} else if (g_str_has_prefix(line, "row ")) {
			size_t n;
			double *r = parse_doubles(line + 4, &n);
			c.row_w = n;
			g_array_append_vals(c.rows, r, (guint)n);
			g_free(r);
		} else if (strcmp(line, "end") == 0) {
			check_case(&c);
			n_cases++;
			for (size_t i = 0; i < c.nf; i++)
				g_free(c.vals[i]);
			g_array_free(c.rows, TRUE);
		}
	}
	free(line);
	fclose(f);
	ck_assert_uint_ge(n_cases, 10);
}
END_TEST

START_TEST(histogram_edges)
{
	struct histogram_opts o = {.bucket_count = 30};
	struct histo h;
	struct cairn_err err = {0};
	/* no value: no bucket; every value equal: Grafana finds no size either */
	double nan3[3] = {NAN, NAN, INFINITY}, eq[3] = {3, 3, 3};
	const double *v[1] = {nan3};
	size_t n[1] = {3};
	ck_assert_int_eq(histo_build(v, n, 1, &o, &h, &err), 0);
	ck_assert_uint_eq(h.n, 0);
	v[0] = eq;
	ck_assert_int_eq(histo_build(v, n, 1, &o, &h, &err), 0);
	ck_assert_uint_eq(h.n, 0);
	/* a size that makes too many buckets is an error saying so */
	double far[2] = {0, 1e12};
	v[0] = far;
	n[0] = 2;
	o.bucket_size = 1;
	ck_assert_int_eq(histo_build(v, n, 1, &o, &h, &err), CAIRN_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "buckets"));
	histo_fini(&h);
}
END_TEST

/* ---- geometry ------------------------------------------------------------ */

START_TEST(distribute_as_grafana)
{
	double off, dim;
	/* 3 groups in 0.7: 0.7/3 wide, 0.15 between */
	bars_distribute(3, 0.7, 0, &off, &dim);
	ck_assert_double_eq_tol(off, 0, 1e-9);
	ck_assert_double_eq_tol(dim, 0.233333, 1e-9);
	bars_distribute(3, 0.7, 2, &off, &dim);
	ck_assert_double_eq_tol(off, 0.766667, 1e-9);
	ck_assert_double_eq_tol(off + dim, 1, 1e-6);
	/* one item starts at 0 */
	bars_distribute(1, 0.5, 0, &off, &dim);
	ck_assert_double_eq(off, 0);
	ck_assert_double_eq(dim, 0.5);
	/* two fields, unstacked: bars share 0.97 of their group */
	struct barchart_opts o = {.group_width = 0.7, .bar_width = 0.97};
	barchart_slot(&o, 2, 1, 2, 1, false, &off, &dim);
	double goff, gdim, boff, bdim;
	bars_distribute(2, 0.7, 1, &goff, &gdim);
	bars_distribute(2, 0.97, 1, &boff, &bdim);
	ck_assert_double_eq_tol(off, goff + gdim * boff, 1e-12);
	ck_assert_double_eq_tol(dim, gdim * bdim, 1e-12);
	/* one field: groupWidth takes barWidth and the bar fills it */
	barchart_slot(&o, 4, 3, 1, 0, true, &off, &dim);
	ck_assert_double_eq_tol(off + dim, 1, 1e-6);
	ck_assert_double_eq_tol(dim, 0.2425, 1e-9);
	/* stacked: the widths swap, the stack fills its group */
	o.stacking = STACK_NORMAL;
	barchart_slot(&o, 4, 0, 3, 2, false, &off, &dim);
	ck_assert_double_eq_tol(dim, 0.2425, 1e-9);
	ck_assert_double_eq(off, 0);
	/* xTickLabelSpacing 100 on 500 px: 5 ticks fit, 20 labels keep every 4th */
	struct barchart_opts sp = {.x_tick_spacing = 100};
	size_t shown = 0;
	for (size_t k = 0; k < 20; k++)
		shown += barchart_tick_shown(&sp, 20, k, 500, false);
	ck_assert_uint_eq(shown, 5);
	ck_assert(barchart_tick_shown(&sp, 20, 0, 500, false));
	ck_assert(!barchart_tick_shown(&sp, 20, 1, 500, false));
	sp.x_tick_spacing = -100; /* counted from the last */
	ck_assert(barchart_tick_shown(&sp, 20, 19, 500, false));
	ck_assert(!barchart_tick_shown(&sp, 20, 0, 500, false));
	ck_assert(barchart_tick_shown(&sp, 3, 1, 500, false)); /* fewer than fit: all */
	ck_assert(barchart_horizontal(ORIENT_AUTO, 300, 400));
	ck_assert(!barchart_horizontal(ORIENT_AUTO, 400, 300));
	ck_assert(barchart_horizontal(ORIENT_HORIZONTAL, 400, 300));
}
END_TEST

/* ---- options ------------------------------------------------------------- */

static void load_err(const char *type, const char *options, const char *want)
{
	char *json = g_strdup_printf("{\"panels\":[{\"type\":\"%s\",\"gridPos\":{\"x\":0,\"y\":0,"
	                             "\"w\":12,\"h\":8},\"options\":%s}]}",
	                             type, options);
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d == NULL, "%s accepted", options);
	ck_assert_msg(strstr(err.msg, want) != NULL, "%s: '%s' does not say '%s'", options, err.msg,
	              want);
	g_free(json);
}

static struct cairn_dashboard *load_ok(const char *type, const char *options)
{
	char *json = g_strdup_printf("{\"panels\":[{\"type\":\"%s\",\"gridPos\":{\"x\":0,\"y\":0,"
	                             "\"w\":12,\"h\":8},\"options\":%s}]}",
	                             type, options);
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d != NULL, "%s: %s", options, err.msg);
	g_free(json);
	return d;
}

START_TEST(options_and_errors)
{
	struct cairn_dashboard *d = load_ok("barchart", "{}");
	const struct cairn_panel *p = &d->panels[0];
	ck_assert_double_eq(p->barchart.group_width, 0.7);
	ck_assert_double_eq(p->barchart.bar_width, 0.97);
	ck_assert_int_eq(p->barchart.show_value, BARVAL_AUTO);
	ck_assert_double_eq(p->defaults.custom.fill_opacity, 80);
	dash_free(d);
	d = load_ok("barchart", "{\"stacking\":\"percent\",\"showValue\":\"always\","
	                        "\"xField\":\"node\",\"xTickLabelRotation\":-45,"
	                        "\"text\":{\"valueSize\":14},\"orientation\":\"horizontal\"}");
	p = &d->panels[0];
	ck_assert_int_eq(p->barchart.stacking, STACK_PERCENT);
	ck_assert_int_eq(p->barchart.show_value, BARVAL_ALWAYS);
	ck_assert_str_eq(p->barchart.x_field, "node");
	ck_assert_double_eq(p->barchart.x_tick_rotation, -45);
	ck_assert_double_eq(p->barchart.value_size, 14);
	ck_assert_int_eq(p->barchart.orientation, ORIENT_HORIZONTAL);
	dash_free(d);
	d = load_ok("histogram", "{\"bucketSize\":\"2.5\",\"bucketOffset\":1,\"combine\":true}");
	p = &d->panels[0];
	ck_assert_double_eq(p->histogram.bucket_size, 2.5);
	ck_assert_double_eq(p->histogram.bucket_offset, 1);
	ck_assert(p->histogram.combine);
	ck_assert_int_eq(p->histogram.bucket_count, 30);
	dash_free(d);
	/* Grafana's parseFloat: a size that is not a number is automatic */
	d = load_ok("histogram", "{\"bucketSize\":\"$size\"}");
	ck_assert_double_eq(d->panels[0].histogram.bucket_size, 0);
	dash_free(d);
	load_err("barchart", "{\"groupWidth\":2}", "panels[0].options.groupWidth: 2 is outside [0, 1]");
	load_err("barchart", "{\"barRadius\":0.8}", "panels[0].options.barRadius");
	load_err("barchart", "{\"xTickLabelRotation\":120}", "panels[0].options.xTickLabelRotation");
	load_err("barchart", "{\"stacking\":true}", "panels[0].options.stacking");
	load_err("barchart", "{\"text\":{\"valueSize\":\"big\"}}", "panels[0].options.text.valueSize");
	load_err("histogram", "{\"bucketCount\":0}", "panels[0].options.bucketCount");
	load_err("histogram", "{\"combine\":\"yes\"}", "panels[0].options.combine");
	load_err("histogram", "{\"bucketSize\":[1]}", "panels[0].options.bucketSize");
}
END_TEST

/* ---- drawing ------------------------------------------------------------- */

struct fixture {
	struct cairn_dashboard *d;
	struct cairn_result r;
	struct panel_job job;
	cairo_surface_t *img;
};

/* A panel from JSON (type, fieldConfig, options) and, per series, its label
 * value for "instance" and its values at t = 1000, 1015, …; table: the
 * target is an instant table query. */
static void fixture_load(struct fixture *fx, const char *type, const char *fieldconfig,
                         const char *options, const char *transforms, bool table)
{
	char *json = g_strdup_printf(
	        "{\"panels\":[{\"type\":\"%s\",\"title\":\"t\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,"
	        "\"h\":8},\"targets\":[{\"refId\":\"A\",\"expr\":\"x\"%s}],\"fieldConfig\":%s,"
	        "\"options\":%s,\"transformations\":%s}]}",
	        type, table ? ",\"instant\":true,\"format\":\"table\"" : "", fieldconfig, options,
	        transforms ? transforms : "[]");
	struct cairn_err err = {0};
	fx->d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(fx->d != NULL, "%s", err.msg);
	g_free(json);
}

struct vals {
	const double *v;
};

static double val_at(size_t i, void *arg)
{
	return ((struct vals *)arg)->v[i];
}

static void add_label(struct series *s, const char *name, const char *value)
{
	s->labels = realloc(s->labels, (s->n_labels + 1) * sizeof *s->labels);
	s->labels[s->n_labels].name = strdup(name);
	s->labels[s->n_labels].value = strdup(value);
	s->n_labels++;
}

/* n series of m values each (series i: vals[i*m ...]); labels instance=names[i]. */
static void fixture_data(struct fixture *fx, const char *const *names, const double *vals,
                         size_t n, size_t m)
{
	struct series s[8];
	for (size_t i = 0; i < n; i++) {
		struct vals a = {vals + i * m};
		support_series(&s[i], names[i], m, 1000, 15, val_at, &a);
		add_label(&s[i], "instance", names[i]);
	}
	support_result(&fx->r, s, n, 15);
	fx->job = (struct panel_job){.panel = &fx->d->panels[0], .title = "t", .data = &fx->r,
	                             .from = 1000, .to = 1000 + 15 * (double)m};
}

static void fixture_draw(struct fixture *fx, int w, int h)
{
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&fx->job, w, h, FMT_PNG, THEME_DARK, &out), 0);
	ck_assert_msg(fx->job.draw_err.code == 0, "%s", fx->job.draw_err.msg);
	fx->img = support_decode(&out);
	free(out.bytes);
	if (getenv("BARS_DUMP")) { /* to look at a failing case */
		static int n;
		char path[64];
		snprintf(path, sizeof path, "/tmp/bars-test-%d.png", n++);
		cairo_surface_write_to_png(fx->img, path);
	}
}

static void fixture_fini(struct fixture *fx)
{
	if (fx->img)
		cairo_surface_destroy(fx->img);
	for (size_t i = 0; i < fx->r.n_series; i++) {
		struct series *s = &fx->r.series[i];
		for (size_t k = 0; k < s->n_labels; k++) {
			free(s->labels[k].name);
			free(s->labels[k].value);
		}
		free(s->labels);
	}
	support_result_free(&fx->r);
	dash_free(fx->d);
}

/* The run of colour c in column x: first and last row (-1 when none). */
static void column_run(cairo_surface_t *img, int x, uint32_t c, int *top, int *bottom)
{
	*top = *bottom = -1;
	for (int y = 0; y < cairo_image_surface_get_height(img); y++)
		if (support_coldiff(support_px(img, x, y), c) <= 8) {
			if (*top < 0)
				*top = y;
			*bottom = y;
		}
}

/* The same along row y. */
static void row_run(cairo_surface_t *img, int y, uint32_t c, int *left, int *right)
{
	*left = *right = -1;
	for (int x = 0; x < cairo_image_surface_get_width(img); x++)
		if (support_coldiff(support_px(img, x, y), c) <= 8) {
			if (*left < 0)
				*left = x;
			*right = x;
		}
}

/* Columns holding colour c anywhere: the bars' horizontal extent. */
static void bars_extent(cairo_surface_t *img, uint32_t c, int *x0, int *x1)
{
	*x0 = *x1 = -1;
	for (int x = 0; x < cairo_image_surface_get_width(img); x++) {
		int t, b;
		column_run(img, x, c, &t, &b);
		if (t >= 0) {
			if (*x0 < 0)
				*x0 = x;
			*x1 = x;
		}
	}
}

#define SOLID_RED "{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"#FF0000\"}," \
	"\"custom\":{\"fillOpacity\":100,\"lineWidth\":0}},\"overrides\":[]}"

static const char *const NODES[] = {"a", "b", "c", "d"};

START_TEST(bar_heights_follow_the_values)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", SOLID_RED,
	             "{\"orientation\":\"vertical\",\"showValue\":\"never\",\"legend\":{\"showLegend\":false}}",
	             NULL, true);
	double v[3] = {10, 20, 40};
	fixture_data(&fx, NODES, v, 3, 1);
	fixture_draw(&fx, W, H);
	int x0, x1;
	bars_extent(fx.img, RED, &x0, &x1);
	ck_assert_msg(x0 > 0 && x1 > x0 + 200, "bars span %d..%d", x0, x1);
	double pw = x1 + 1 - x0, h[3];
	int base = -1;
	for (size_t k = 0; k < 3; k++) {
		double off, dim;
		barchart_slot(&fx.d->panels[0].barchart, 3, k, 1, 0, true, &off, &dim);
		int cx = (int)(x0 + (off + dim / 2) * pw), t, b;
		column_run(fx.img, cx, RED, &t, &b);
		ck_assert_msg(t >= 0, "no bar %zu at x %d", k, cx);
		if (base < 0)
			base = b;
		ck_assert_int_eq(b, base); /* every bar stands on 0 */
		h[k] = b + 1 - t;
		/* the gap before each bar but the first */
		int gx = (int)(x0 + (off - 0.01) * pw);
		column_run(fx.img, gx, RED, &t, &b);
		ck_assert_msg(k == 0 || t < 0, "bar %zu: red in the gap at x %d", k, gx);
	}
	ck_assert_double_eq_tol(h[1] / h[0], 2, 0.1);
	ck_assert_double_eq_tol(h[2] / h[0], 4, 0.15);
	fixture_fini(&fx);
}
END_TEST

START_TEST(horizontal_bars_grow_right_first_on_top)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", SOLID_RED,
	             "{\"orientation\":\"auto\",\"showValue\":\"never\",\"legend\":{\"showLegend\":false}}",
	             NULL, true);
	double v[2] = {30, 10};
	fixture_data(&fx, NODES, v, 2, 1);
	fixture_draw(&fx, 300, 500); /* taller than wide: auto is horizontal */
	int top = -1, bottom = -1;
	for (int y = 0; y < 500; y++) {
		int l, r;
		row_run(fx.img, y, RED, &l, &r);
		if (l >= 0 && top < 0)
			top = y;
		if (l >= 0)
			bottom = y;
	}
	ck_assert_msg(top > 0 && bottom > top + 100, "bars from row %d to %d", top, bottom);
	int l0, r0, l1, r1;
	row_run(fx.img, top + (bottom - top) / 4, RED, &l0, &r0);
	row_run(fx.img, bottom - (bottom - top) / 4, RED, &l1, &r1);
	ck_assert_int_eq(l0, l1);
	ck_assert_double_eq_tol((double)(r0 + 1 - l0) / (r1 + 1 - l1), 3, 0.1);
	fixture_fini(&fx);
}
END_TEST

#define PALETTE_SOLID "{\"defaults\":{\"custom\":{\"fillOpacity\":100,\"lineWidth\":0}}," \
	"\"overrides\":[]}"

/* Two series over three timestamps: joined on time, the time is x. */
static void stacked(struct fixture *fx, const char *mode)
{
	char *opts = g_strdup_printf("{\"stacking\":\"%s\",\"showValue\":\"never\","
	                             "\"orientation\":\"vertical\",\"legend\":{\"showLegend\":false}}",
	                             mode);
	fixture_load(fx, "barchart", PALETTE_SOLID, opts, NULL, false);
	g_free(opts);
	double v[6] = {10, 10, 10, 20, 30, 10};
	fixture_data(fx, NODES, v, 2, 3);
	fixture_draw(fx, W, H);
}

START_TEST(stacking_normal_and_percent)
{
	struct fixture fx = {0};
	stacked(&fx, "normal");
	int x0, x1, gt[3], gb[3], yt[3], yb[3];
	bars_extent(fx.img, GREEN, &x0, &x1);
	ck_assert_msg(x0 >= 0, "no green stack");
	double pw = x1 + 1 - x0;
	for (size_t k = 0; k < 3; k++) {
		double off, dim;
		barchart_slot(&fx.d->panels[0].barchart, 3, k, 2, 0, false, &off, &dim);
		int cx = (int)(x0 + (off + dim / 2) * pw);
		column_run(fx.img, cx, GREEN, &gt[k], &gb[k]);
		column_run(fx.img, cx, YELLOW, &yt[k], &yb[k]);
		ck_assert_msg(gt[k] >= 0 && yt[k] >= 0, "stack %zu incomplete", k);
		ck_assert_msg(abs(yb[k] + 1 - gt[k]) <= 1, "stack %zu: yellow not on green", k);
	}
	double g = gb[0] + 1 - gt[0];
	ck_assert_double_eq_tol((yb[0] + 1 - yt[0]) / g, 2, 0.1);
	ck_assert_double_eq_tol((yb[1] + 1 - yt[1]) / g, 3, 0.1);
	ck_assert_double_eq_tol((yb[2] + 1 - yt[2]) / g, 1, 0.1);
	fixture_fini(&fx);

	memset(&fx, 0, sizeof fx);
	stacked(&fx, "percent");
	bars_extent(fx.img, GREEN, &x0, &x1);
	pw = x1 + 1 - x0;
	for (size_t k = 0; k < 3; k++) {
		double off, dim;
		barchart_slot(&fx.d->panels[0].barchart, 3, k, 2, 0, false, &off, &dim);
		int cx = (int)(x0 + (off + dim / 2) * pw);
		column_run(fx.img, cx, GREEN, &gt[k], &gb[k]);
		column_run(fx.img, cx, YELLOW, &yt[k], &yb[k]);
	}
	/* every stack reaches 100 %: the same top */
	ck_assert_int_eq(yt[0], yt[1]);
	ck_assert_int_eq(yt[1], yt[2]);
	double total = gb[0] + 1 - yt[0];
	ck_assert_double_eq_tol((gb[0] + 1 - gt[0]) / total, 10.0 / 30, 0.02);
	ck_assert_double_eq_tol((gb[1] + 1 - gt[1]) / total, 10.0 / 40, 0.02);
	ck_assert_double_eq_tol((gb[2] + 1 - gt[2]) / total, 10.0 / 20, 0.02);
	fixture_fini(&fx);
}
END_TEST

/* Light text pixels in the band between the bars' top and `above` px over it. */
static long text_over(cairo_surface_t *img, int x0, int x1, int top, int above)
{
	long n = 0;
	for (int x = x0; x <= x1; x++)
		for (int y = top - above; y < top; y++) {
			uint32_t p = support_px(img, x, y);
			if (((p >> 16) & 0xff) > 90 && ((p >> 8) & 0xff) > 90 && (p & 0xff) > 90)
				n++;
		}
	return n;
}

static struct fixture labelled(const char *show, size_t n_cats)
{
	struct fixture fx = {0};
	char *opts = g_strdup_printf("{\"showValue\":\"%s\",\"orientation\":\"vertical\","
	                             "\"legend\":{\"showLegend\":false}}",
	                             show);
	fixture_load(&fx, "barchart", SOLID_RED, opts, NULL, false);
	g_free(opts);
	double v[64];
	for (size_t i = 0; i < n_cats; i++)
		v[i] = 11 + (double)(i % 3) * 20; /* room over the tallest: uPlot pads the data range 10 % */
	const char *one[1] = {"s"};
	fixture_data(&fx, one, v, 1, n_cats);
	fixture_draw(&fx, W, H);
	return fx;
}

START_TEST(value_labels)
{
	/* auto, wide bars: a label over each bar */
	struct fixture fx = labelled("auto", 3);
	int x0, x1, t, b;
	bars_extent(fx.img, RED, &x0, &x1);
	column_run(fx.img, x0 + 5, RED, &t, &b);
	ck_assert_msg(text_over(fx.img, x0, x0 + (x1 - x0) / 3, t, 30) > 20, "no value label");
	fixture_fini(&fx);
	fx = labelled("never", 3);
	bars_extent(fx.img, RED, &x0, &x1);
	column_run(fx.img, x0 + 5, RED, &t, &b);
	ck_assert_int_eq(text_over(fx.img, x0, x0 + (x1 - x0) / 3, t, 30), 0);
	fixture_fini(&fx);
	/* 60 bars in 600 px: labels would be under 8 px, auto leaves them out,
	 * always draws them */
	fx = labelled("auto", 60);
	bars_extent(fx.img, RED, &x0, &x1);
	int top = 9999;
	for (int x = x0; x <= x1; x++) {
		column_run(fx.img, x, RED, &t, &b);
		if (t >= 0)
			top = t < top ? t : top;
	}
	ck_assert_int_eq(text_over(fx.img, x0, x1, top, 12), 0);
	fixture_fini(&fx);
	fx = labelled("always", 60);
	bars_extent(fx.img, RED, &x0, &x1);
	top = 9999;
	for (int x = x0; x <= x1; x++) {
		column_run(fx.img, x, RED, &t, &b);
		if (t >= 0)
			top = t < top ? t : top;
	}
	ck_assert_int_gt(text_over(fx.img, x0, x1, top, 12), 0);
	fixture_fini(&fx);
}
END_TEST

/* Bottom of the bars and the lowest light (text) row under them. */
static void tick_band(const char *opts, int *bar_bottom, int *text_bottom, int *text_left)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", SOLID_RED, opts, NULL, true);
	double v[3] = {10, 20, 40};
	const char *names[3] = {"first-node", "second-node", "third-node"};
	fixture_data(&fx, names, v, 3, 1);
	fixture_draw(&fx, W, H);
	int x0, x1, t;
	bars_extent(fx.img, RED, &x0, &x1);
	column_run(fx.img, x0 + 2, RED, &t, bar_bottom);
	*text_bottom = -1;
	*text_left = W;
	for (int y = *bar_bottom + 1; y < H; y++)
		for (int x = x0; x < W; x++) {
			uint32_t p = support_px(fx.img, x, y);
			if (((p >> 16) & 0xff) > 150 && ((p >> 8) & 0xff) > 150) {
				*text_bottom = y;
				*text_left = x < *text_left ? x : *text_left;
			}
		}
	fixture_fini(&fx);
}

START_TEST(rotated_tick_labels)
{
	int bb0, tb0, tl0, bb45, tb45, tl45;
	tick_band("{\"xField\":\"instance\",\"showValue\":\"never\",\"orientation\":\"vertical\","
	          "\"legend\":{\"showLegend\":false}}",
	          &bb0, &tb0, &tl0);
	tick_band("{\"xField\":\"instance\",\"showValue\":\"never\",\"orientation\":\"vertical\","
	          "\"legend\":{\"showLegend\":false},\"xTickLabelRotation\":45}",
	          &bb45, &tb45, &tl45);
	/* flat labels: one line 15 px under the bars */
	ck_assert_msg(tb0 - bb0 < 36, "flat labels reach %d px under the bars", tb0 - bb0);
	/* turned 45°: the plot gives them room, they start at their bar's
	 * centre and run down to the right (Grafana hands uPlot rotate -45:
	 * left-aligned, turned clockwise; checked beside Grafana in
	 * tests/cli/grafana-ref-bars, where -45 reads up towards the tick) */
	ck_assert_msg(bb45 < bb0 - 20, "the plot did not shrink for rotated labels (%d vs %d)", bb45,
	              bb0);
	ck_assert_msg(tb45 - bb45 > 45, "rotated labels only %d px deep", tb45 - bb45);
	ck_assert_int_gt(tl45, tl0);
	int bbm, tbm, tlm;
	tick_band("{\"xField\":\"instance\",\"showValue\":\"never\",\"orientation\":\"vertical\","
	          "\"legend\":{\"showLegend\":false},\"xTickLabelRotation\":-45}",
	          &bbm, &tbm, &tlm);
	/* -45°: ending at the centre, so reaching left of the flat labels */
	ck_assert_int_lt(tlm, tl0);
}
END_TEST

START_TEST(log_scale)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart",
	             "{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"#FF0000\"},"
	             "\"custom\":{\"fillOpacity\":100,\"lineWidth\":0,"
	             "\"scaleDistribution\":{\"type\":\"log\",\"log\":10}}},\"overrides\":[]}",
	             "{\"showValue\":\"never\",\"orientation\":\"vertical\",\"legend\":{\"showLegend\":false}}", NULL, true);
	double v[4] = {20, 200, 2000, 20000};
	fixture_data(&fx, NODES, v, 4, 1);
	fixture_draw(&fx, W, H);
	int x0, x1, tops[4], b;
	bars_extent(fx.img, RED, &x0, &x1);
	double pw = x1 + 1 - x0;
	for (size_t k = 0; k < 4; k++) {
		double off, dim;
		barchart_slot(&fx.d->panels[0].barchart, 4, k, 1, 0, true, &off, &dim);
		column_run(fx.img, (int)(x0 + (off + dim / 2) * pw), RED, &tops[k], &b);
	}
	/* decades equally spaced */
	int d1 = tops[0] - tops[1], d2 = tops[1] - tops[2],
	    d3 = tops[2] - tops[3];
	ck_assert_msg(d1 > 20 && abs(d1 - d2) <= 1 && abs(d2 - d3) <= 1,
	              "decades %d, %d, %d px apart", d1, d2, d3);
	fixture_fini(&fx);
}
END_TEST

START_TEST(legend_entries)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", PALETTE_SOLID,
	             "{\"showValue\":\"never\",\"legend\":{\"showLegend\":true,"
	             "\"displayMode\":\"list\",\"placement\":\"bottom\"}}",
	             NULL, false);
	double v[6] = {10, 10, 10, 20, 30, 10};
	fixture_data(&fx, NODES, v, 2, 3);
	fixture_draw(&fx, W, H);
	/* the swatches under the plot */
	ck_assert_int_gt(support_count_near(fx.img, 0, H - 30, 100, H, GREEN, 8), 10);
	ck_assert_int_gt(support_count_near(fx.img, 0, H - 30, 200, H, YELLOW, 8), 10);
	fixture_fini(&fx);
	memset(&fx, 0, sizeof fx);
	fixture_load(&fx, "barchart", PALETTE_SOLID,
	             "{\"showValue\":\"never\",\"legend\":{\"showLegend\":false}}", NULL, false);
	fixture_data(&fx, NODES, v, 2, 3);
	fixture_draw(&fx, W, H);
	int x0, x1, t, b;
	bars_extent(fx.img, GREEN, &x0, &x1);
	column_run(fx.img, x0 + 1, GREEN, &t, &b);
	ck_assert_int_lt(support_count_near(fx.img, 0, b + 2, W, H, GREEN, 8), 1);
	fixture_fini(&fx);
}
END_TEST

START_TEST(threshold_colours_per_bar)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart",
	             "{\"defaults\":{\"color\":{\"mode\":\"thresholds\"},\"thresholds\":{\"mode\":"
	             "\"absolute\",\"steps\":[{\"color\":\"#0000FF\",\"value\":null},{\"color\":"
	             "\"#FF0000\",\"value\":25}]},\"custom\":{\"fillOpacity\":100,\"lineWidth\":0}},"
	             "\"overrides\":[]}",
	             "{\"showValue\":\"never\",\"orientation\":\"vertical\",\"legend\":{\"showLegend\":false}}", NULL, true);
	double v[3] = {10, 20, 40};
	fixture_data(&fx, NODES, v, 3, 1);
	fixture_draw(&fx, W, H);
	int bx0, bx1, rx0, rx1;
	bars_extent(fx.img, BLUE, &bx0, &bx1);
	bars_extent(fx.img, RED, &rx0, &rx1);
	/* the two under 25 blue, the last one red */
	ck_assert_msg(bx0 >= 0 && rx0 > bx1, "blue %d..%d, red %d..%d", bx0, bx1, rx0, rx1);
	fixture_fini(&fx);
}
END_TEST

START_TEST(colour_by_field)
{
	/* Value #A sets the heights, Value #B (thresholds: blue, red from 25)
	 * the colours */
	const char *json =
	        "{\"panels\":[{\"type\":\"barchart\",\"title\":\"t\",\"gridPos\":{\"x\":0,\"y\":0,"
	        "\"w\":12,\"h\":8},\"targets\":[{\"refId\":\"A\",\"expr\":\"a\",\"instant\":true,"
	        "\"format\":\"table\"},{\"refId\":\"B\",\"expr\":\"b\",\"instant\":true,\"format\":"
	        "\"table\"}],\"transformations\":[{\"id\":\"merge\",\"options\":{}}],"
	        "\"fieldConfig\":{\"defaults\":{\"color\":{\"mode\":\"thresholds\"},\"thresholds\":"
	        "{\"mode\":\"absolute\",\"steps\":[{\"color\":\"#0000FF\",\"value\":null},"
	        "{\"color\":\"#FF0000\",\"value\":25}]},\"custom\":{\"fillOpacity\":100,"
	        "\"lineWidth\":0,\"hideFrom\":{\"viz\":false}}},\"overrides\":[{\"matcher\":{\"id\":"
	        "\"byName\",\"options\":\"Value #B\"},\"properties\":[{\"id\":\"custom.hideFrom\","
	        "\"value\":{\"viz\":true,\"legend\":true,\"tooltip\":true}}]}]},"
	        "\"options\":{\"xField\":\"instance\",\"colorByField\":\"Value #B\",\"showValue\":"
	        "\"never\",\"orientation\":\"vertical\",\"legend\":{\"showLegend\":false}}}]}";
	struct fixture fx = {0};
	struct cairn_err err = {0};
	fx.d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(fx.d != NULL, "%s", err.msg);
	const char *names[6] = {"a", "b", "c", "a", "b", "c"};
	double v[6] = {10, 10, 10, 5, 50, 5};
	fixture_data(&fx, names, v, 6, 1);
	for (size_t i = 3; i < 6; i++) {
		g_strlcpy(fx.r.series[i].ref_id, "B", sizeof fx.r.series[i].ref_id);
		fx.r.series[i].target_index = 1;
	}
	fixture_draw(&fx, W, H);
	int bx0, bx1, rx0, rx1, x0, x1;
	bars_extent(fx.img, BLUE, &bx0, &bx1);
	bars_extent(fx.img, RED, &rx0, &rx1);
	x0 = bx0;
	x1 = bx1;
	ck_assert_msg(rx0 > bx0 && rx1 < bx1, "red %d..%d is not the middle of %d..%d", rx0, rx1,
	              x0, x1);
	int t, b;
	column_run(fx.img, (x0 + x1) / 2, BLUE, &t, &b);
	ck_assert_int_lt(t, 0);
	fixture_fini(&fx);
}
END_TEST

START_TEST(opacity_gradient_fades_to_the_axis_minimum)
{
	struct fixture fx = {0};
	fixture_load(&fx, "histogram",
	             "{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"#FF0000\"},"
	             "\"custom\":{\"fillOpacity\":100,\"lineWidth\":0,\"gradientMode\":\"opacity\"}},"
	             "\"overrides\":[]}",
	             "{\"bucketSize\":1,\"legend\":{\"showLegend\":false}}", NULL, false);
	double v[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
	const char *one[1] = {"s"};
	fixture_data(&fx, one, v, 1, 12);
	fixture_draw(&fx, W, H);
	/* the bucket of 10 values: red at its top, background at its foot */
	int x = W / 3, top = -1, bottom = -1;
	for (int y = 0; y < H; y++) {
		uint32_t p = support_px(fx.img, x, y);
		int r = (int)(p >> 16), g = (int)((p >> 8) & 0xff);
		if (r - g > 40) {
			if (top < 0)
				top = y;
			bottom = y;
		}
	}
	ck_assert_msg(top > 0 && bottom > top + 100, "red from %d to %d", top, bottom);
	uint32_t hi = support_px(fx.img, x, top + 2), lo = support_px(fx.img, x, bottom);
	ck_assert_int_gt((int)(hi >> 16), 200);
	ck_assert_int_lt((int)(lo >> 16) - (int)((lo >> 8) & 0xff), 80);
	fixture_fini(&fx);
}
END_TEST

START_TEST(threshold_lines)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart",
	             "{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"#0000FF\"},"
	             "\"thresholds\":{\"mode\":\"absolute\",\"steps\":[{\"color\":\"green\",\"value\":"
	             "null},{\"color\":\"#FF0000\",\"value\":30}]},\"custom\":{\"fillOpacity\":100,"
	             "\"lineWidth\":0,\"thresholdsStyle\":{\"mode\":\"line\"}}},\"overrides\":[]}",
	             "{\"showValue\":\"never\",\"orientation\":\"vertical\",\"groupWidth\":0.5,"
	             "\"legend\":{\"showLegend\":false}}",
	             NULL, true);
	double v[2] = {10, 30};
	fixture_data(&fx, NODES, v, 2, 1);
	fixture_draw(&fx, W, H);
	int x0, x1, t, b, rt, rb;
	bars_extent(fx.img, BLUE, &x0, &x1);
	column_run(fx.img, x1 - 5, BLUE, &t, &b);
	/* the line at 30 crosses the plot where the bar of 30 ends, under it
	 * too (drawn before the bars) only beside them */
	column_run(fx.img, (x0 + x1) / 2, RED, &rt, &rb);
	ck_assert_msg(rt >= 0 && abs(rt - t) <= 2, "line at row %d, the bar of 30 ends at %d", rt, t);
	fixture_fini(&fx);
}
END_TEST

START_TEST(svg_bars_are_shapes)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", SOLID_RED,
	             "{\"showValue\":\"always\",\"legend\":{\"showLegend\":false}}", NULL, true);
	double v[4] = {10, 20, 40, 5};
	fixture_data(&fx, NODES, v, 4, 1);
	struct render_out out = {0};
	ck_assert_int_eq(support_render1(&fx.job, W, H, FMT_SVG, THEME_DARK, &out), 0);
	char *svg = g_strndup((const char *)out.bytes, out.len);
	ck_assert_ptr_null(strstr(svg, "<image"));
	size_t reds = 0;
	for (const char *p = svg; (p = strstr(p, "fill:rgb(100%,0%,0%)")) != NULL; p++)
		reds++;
	ck_assert_uint_eq(reds, 4);
	g_free(svg);
	free(out.bytes);
	fixture_fini(&fx);
}
END_TEST

START_TEST(histogram_bars_at_their_buckets)
{
	struct fixture fx = {0};
	fixture_load(&fx, "histogram", SOLID_RED, "{\"legend\":{\"showLegend\":false}}", NULL,
	             false);
	/* 1: once, 2: 12 times (so the count axis' padding reaches 0), 3, 7, 9 */
	double v[16] = {1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 7, 9};
	const char *one[1] = {"s"};
	fixture_data(&fx, one, v, 1, 16);
	fixture_draw(&fx, W, H);
	/* buckets of 1 from 1 to 10: the bars span the plot */
	int x0, x1, t, b;
	bars_extent(fx.img, RED, &x0, &x1);
	double pw = x1 + 1 - x0;
#define XAT(u) ((int)(x0 + ((u) - 1) / 9 * pw))
	int t1, t2;
	column_run(fx.img, XAT(1.5), RED, &t1, &b);
	column_run(fx.img, XAT(2.5), RED, &t2, &b);
	double h1 = b + 1 - t1, h2 = b + 1 - t2;
	ck_assert_msg(fabs(h2 / 12 - h1) <= 1.5, "count 12 is %g px, count 1 %g px", h2, h1);
	column_run(fx.img, XAT(5.5), RED, &t, &b);
	ck_assert_int_lt(t, 0); /* empty buckets are not drawn */
	column_run(fx.img, XAT(9.5), RED, &t, &b);
	ck_assert_int_eq(t, t1);
#undef XAT
	fixture_fini(&fx);
}
END_TEST

START_TEST(no_data_and_odd_values)
{
	struct fixture fx = {0};
	fixture_load(&fx, "barchart", SOLID_RED, "{\"legend\":{\"showLegend\":false}}", NULL,
	             true);
	double v[3] = {NAN, NAN, NAN};
	fixture_data(&fx, NODES, v, 3, 1);
	fixture_draw(&fx, W, H);
	ck_assert_int_eq(support_count_near(fx.img, 0, 0, W, H, RED, 8), 0);
	fixture_fini(&fx);
	/* negative values hang below 0, huge ones stay finite */
	memset(&fx, 0, sizeof fx);
	fixture_load(&fx, "barchart", SOLID_RED, "{\"showValue\":\"always\"}", NULL, true);
	double w[3] = {-5, 1e300, 5};
	fixture_data(&fx, NODES, w, 3, 1);
	fixture_draw(&fx, W, H);
	fixture_fini(&fx);
	/* a 0×0 panel and a tiny one draw without failing */
	memset(&fx, 0, sizeof fx);
	fixture_load(&fx, "histogram", SOLID_RED, "{}", NULL, false);
	double one[1] = {3};
	const char *s[1] = {"s"};
	fixture_data(&fx, s, one, 1, 1);
	fixture_draw(&fx, 40, 30);
	fixture_fini(&fx);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/bars");
	TCase *tc = tcase_create("bars");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, histogram_buckets_match_grafana);
	tcase_add_test(tc, histogram_edges);
	tcase_add_test(tc, distribute_as_grafana);
	tcase_add_test(tc, options_and_errors);
	tcase_add_test(tc, bar_heights_follow_the_values);
	tcase_add_test(tc, horizontal_bars_grow_right_first_on_top);
	tcase_add_test(tc, stacking_normal_and_percent);
	tcase_add_test(tc, value_labels);
	tcase_add_test(tc, rotated_tick_labels);
	tcase_add_test(tc, log_scale);
	tcase_add_test(tc, legend_entries);
	tcase_add_test(tc, threshold_colours_per_bar);
	tcase_add_test(tc, colour_by_field);
	tcase_add_test(tc, opacity_gradient_fades_to_the_axis_minimum);
	tcase_add_test(tc, threshold_lines);
	tcase_add_test(tc, svg_bars_are_shapes);
	tcase_add_test(tc, histogram_bars_at_their_buckets);
	tcase_add_test(tc, no_data_and_odd_values);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
