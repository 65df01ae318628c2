/*
 * test_single.c — render/single: the values a stat/gauge/bar gauge shows
 * (calcs per series, every value with a limit, the fields filter, the
 * field range from min/max or the data, "No data"), alignment factors,
 * VizRepeater placement (grid, column, row, min/max sizes) and Grafana's
 * calculateFontSize.  No Cairo drawing, no fonts.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>
#include "render/gauge.h"
#include "render/single.h"
#include "support.h"

static double ramp(size_t i, void *arg)
{
	double base = *(double *)arg;
	return i == 2 ? NAN : base + (double)i; /* a gap in the middle */
}

struct fx {
	struct cairn_panel p;
	struct cairn_result r;
	struct field_res f[4];
	double base[4];
};

static void fx_init(struct fx *x, size_t n)
{
	static const char *names[4] = {"a", "b", "c", "d"};
	memset(x, 0, sizeof *x);
	support_panel(&x->p, "stat", "t");
	x->p.defaults.color_mode = COLOR_THRESHOLDS;
	x->p.single.reduce.calcs[0] = RED_LAST_NN;
	x->p.single.reduce.n_calcs = 1;
	struct series s[4];
	for (size_t i = 0; i < n; i++) {
		x->base[i] = 10.0 * (double)(i + 1);
		support_series(&s[i], names[i], 5, 1000, 10, ramp, &x->base[i]);
	}
	support_result(&x->r, s, n, 10);
	ck_assert_int_eq(fields_resolve(&x->p, theme_get(THEME_DARK), x->r.series, n, NULL, x->f,
	                                NULL, NULL),
	                 0);
}

START_TEST(calcs_per_series)
{
	struct fx x;
	fx_init(&x, 2);
	x.p.single.reduce.calcs[0] = RED_MEAN;
	x.p.single.reduce.calcs[1] = RED_MAX;
	x.p.single.reduce.n_calcs = 2;
	struct single_value *v;
	size_t n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 4);
	/* a: 10 11 _ 13 14 -> mean 12, max 14; b: 20 21 _ 23 24 */
	ck_assert_double_eq(v[0].d.numeric, 12);
	ck_assert_double_eq(v[1].d.numeric, 14);
	ck_assert_double_eq(v[2].d.numeric, 22);
	ck_assert_double_eq(v[3].d.numeric, 24);
	ck_assert_str_eq(v[0].title, "a");
	ck_assert(v[0].has_title);
	ck_assert_str_eq(v[3].title, "b");
	/* no min/max: the range of all the data */
	ck_assert_double_eq(v[0].min, 10);
	ck_assert_double_eq(v[0].max, 24);
	ck_assert_double_eq_tol(v[1].d.percent, 4.0 / 14, 1e-12);
	ck_assert_ptr_eq(v[2].s, &x.r.series[1]);
	g_free(v);
	support_result_free(&x.r);
}
END_TEST

START_TEST(values_limit_and_fields)
{
	struct fx x;
	fx_init(&x, 3);
	x.p.single.reduce.values = true;
	x.p.single.reduce.limit = 6;
	struct single_value *v;
	size_t n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 6); /* 4 samples each, cut at 6 */
	ck_assert_double_eq(v[3].d.numeric, 14);
	ck_assert_double_eq(v[4].d.numeric, 20);
	ck_assert_str_eq(v[5].title, "b");
	g_free(v);
	x.p.single.reduce.values = false;
	x.p.single.reduce.fields = (char *)"/^[bc]$/";
	n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].title, "b");
	ck_assert_double_eq(v[1].d.numeric, 34);
	g_free(v);
	x.p.single.reduce.fields = (char *)"b|c"; /* bare: ^b|c$, so "b" and "c" only */
	n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 2);
	g_free(v);
	x.p.single.reduce.fields = (char *)"/(/"; /* does not compile: nothing matches */
	n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].d.text, "No data");
	ck_assert(!v[0].has_title);
	g_free(v);
	support_result_free(&x.r);
}
END_TEST

START_TEST(values_capped)
{
	struct fx x;
	fx_init(&x, 1);
	x.p.single.reduce.values = true;
	x.p.single.reduce.limit = 1000000000;
	support_result_free(&x.r);
	struct series s;
	double one = 1;
	support_series(&s, "a", 3 * SINGLE_MAX_VALUES, 0, 1, ramp, &one);
	support_result(&x.r, &s, 1, 1);
	ck_assert_int_eq(fields_resolve(&x.p, theme_get(THEME_DARK), x.r.series, 1, NULL, x.f,
	                                NULL, NULL),
	                 0);
	struct single_value *v;
	size_t n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, SINGLE_MAX_VALUES);
	g_free(v);
	support_result_free(&x.r);
}
END_TEST

START_TEST(no_data_and_field_range)
{
	struct fx x;
	fx_init(&x, 1);
	x.p.defaults.min = 0;
	x.p.defaults.max = 100;
	x.f[0].fc.min = 0;
	x.f[0].fc.max = 100;
	struct single_value *v;
	size_t n = single_values(&x.p, theme_get(THEME_DARK), &x.r, x.f, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_double_eq(v[0].min, 0);
	ck_assert_double_eq(v[0].max, 100);
	ck_assert_double_eq(v[0].d.percent, 0.14);
	g_free(v);
	n = single_values(&x.p, theme_get(THEME_DARK), NULL, NULL, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].d.text, "No data");
	g_free(v);
	g_strlcpy(x.p.defaults.no_value, "none", sizeof x.p.defaults.no_value);
	n = single_values(&x.p, theme_get(THEME_DARK), NULL, NULL, &v);
	ck_assert_str_eq(v[0].d.text, "none");
	g_free(v);
	support_result_free(&x.r);
}
END_TEST

START_TEST(alignment_factors)
{
	struct single_value v[2];
	memset(v, 0, sizeof v);
	g_strlcpy(v[0].d.text, "1.5", sizeof v[0].d.text);
	g_strlcpy(v[0].d.suffix, " KiB", sizeof v[0].d.suffix);
	g_strlcpy(v[1].d.text, "100", sizeof v[1].d.text);
	g_strlcpy(v[1].d.suffix, " B", sizeof v[1].d.suffix);
	g_strlcpy(v[0].title, "short", sizeof v[0].title);
	g_strlcpy(v[1].title, "a longer one", sizeof v[1].title);
	v[0].has_title = v[1].has_title = true;
	struct single_align af;
	single_align(v, 2, &af);
	ck_assert_str_eq(af.text, "1.5"); /* the first of equal length stays */
	ck_assert_str_eq(af.suffix, " KiB");
	ck_assert_str_eq(af.title, "a longer one");
}
END_TEST

START_TEST(repeater_grid_and_lines)
{
	struct rect b[5];
	enum viz_orientation o;
	struct single_repeat rp = {.auto_grid = true, .orientation = ORIENT_AUTO, .spacing = 3};
	/* 4 values in 782x119: calculateGridDimensions puts them in one row */
	single_layout((struct rect){9, 41, 782, 111}, 4, &rp, b, &o);
	ck_assert_double_eq_tol(b[0].w, 782 / 4.0 - 3 + 3 / 4.0, 1e-9);
	ck_assert_double_eq(b[0].h, 111);
	ck_assert_double_eq_tol(b[3].x, 9 + 3 * (b[0].w + 3), 1e-9);
	/* 5 in a square: 3 on the first row, 2 wider ones on the last */
	single_layout((struct rect){0, 0, 300, 300}, 5, &rp, b, &o);
	ck_assert_double_eq_tol(b[0].w, 300 / 3.0 - 3 + 1, 1e-9);
	ck_assert_double_eq_tol(b[3].w, 300 / 2.0 - 3 + 1.5, 1e-9);
	ck_assert_double_eq_tol(b[3].y, b[0].h + 3, 1e-9);
	/* a column: heights clamped to the min/max viz sizes */
	rp = (struct single_repeat){.orientation = ORIENT_HORIZONTAL, .spacing = 10, .min_h = 16,
	                            .max_h = 30};
	single_layout((struct rect){0, 0, 200, 300}, 3, &rp, b, &o);
	ck_assert_int_eq(o, ORIENT_HORIZONTAL);
	ck_assert_double_eq(b[1].h, 30);
	ck_assert_double_eq(b[1].y, 40);
	single_layout((struct rect){0, 0, 200, 50}, 5, &rp, b, &o);
	ck_assert_double_eq(b[0].h, 16); /* (50+10)/5-10 = 2, raised to 16: they overflow */
	ck_assert_double_eq(b[4].y, 4 * 26);
	/* auto without the grid: a row when wider than tall */
	rp = (struct single_repeat){.orientation = ORIENT_AUTO, .spacing = 10};
	single_layout((struct rect){0, 0, 600, 200}, 3, &rp, b, &o);
	ck_assert_int_eq(o, ORIENT_VERTICAL);
	ck_assert_double_eq_tol(b[0].w, 600 / 3.0 - 10 + 10 / 3.0, 1e-9);
	ck_assert_double_eq_tol(b[2].x + b[2].w, 600, 1e-9);
}
END_TEST

START_TEST(font_size)
{
	/* calculateFontSize: width / (w14 + 2) * 14 against height / lineHeight */
	ck_assert_double_eq(single_font_size(40, 84, 1000, 1.2, 0), 28);
	ck_assert_double_eq_tol(single_font_size(40, 1000, 60, 1.2, 0), 50, 1e-9);
	ck_assert_double_eq(single_font_size(40, 1000, 60, 1.2, 30), 30);
}
END_TEST

START_TEST(flot_gauge_layout)
{
	/* worked by hand from jquery.flot.gauge's calculateLayout */
	struct gauge_sizes g = {.cw = 200, .ch = 200, .gauge_w = 20, .marker_w = 4, .font = 30,
	                        .markers = true};
	struct gauge_arc a;
	gauge_flot_layout(&g, &a);
	ck_assert_double_eq(a.cx, 100);
	ck_assert_double_eq(a.radius, 91); /* the width bounds it: 100 - 5 - 4 */
	ck_assert_double_eq(a.width, 20);
	double hr = sin(0.9 * M_PI), outer_h = 95 * (1 + hr);
	ck_assert_double_eq_tol(a.cy, 5 + 4 + 91 + (190 - outer_h) / 2, 1e-9);
	/* a flat canvas: the height bounds it, and a band wider than the
	 * radius is cut to a third of it */
	g = (struct gauge_sizes){.cw = 400, .ch = 120, .gauge_w = 50, .marker_w = 8, .font = 20,
	                         .markers = true, .labels = true, .label_font = 12};
	gauge_flot_layout(&g, &a);
	double outer_v = 110 / (1 + hr);
	ck_assert_double_eq_tol(a.radius, outer_v - 9 * 2 - 12 - 8, 1e-9);
	ck_assert_double_eq_tol(a.width, a.radius / 3, 1e-9);
	ck_assert_double_eq(a.label_margin, 9);
	/* too flat for the value text under the arc: flot takes the whole height */
	g.ch = 60;
	gauge_flot_layout(&g, &a);
	ck_assert_double_eq_tol(a.radius, 60 - 10 - 400 / 30.0 - 10 - 9 * 2 - 12 - 8, 1e-9);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/single");
	TCase *tc = tcase_create("single");
	tcase_add_test(tc, calcs_per_series);
	tcase_add_test(tc, values_limit_and_fields);
	tcase_add_test(tc, no_data_and_field_range);
	tcase_add_test(tc, values_capped);
	tcase_add_test(tc, alignment_factors);
	tcase_add_test(tc, repeater_grid_and_lines);
	tcase_add_test(tc, font_size);
	tcase_add_test(tc, flot_gauge_layout);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
