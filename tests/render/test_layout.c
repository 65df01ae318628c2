/*
 * test_layout.c — layout as pure functions with a fixed-advance fake
 * measurer: the plot rectangle, legend rows and "+N more", table columns.
 * The expected numbers are Grafana 10.4's, measured on its reference image
 * nodes-cpu-dark.png (940×258: plot 49.5..923.5 × 49.5..204.5, one legend
 * row centred at y 239).
 */
#include <stdio.h>
#include <check.h>
#include <math.h>
#include <string.h>
#include "render/chrome.h"
#include "render/legend_draw.h"
#include "render/timeseries.h"

/* 7 px per byte, 14.5 px line height. */
static void fake_measure(void *ctx, const char *s, double size, int weight, double *w, double *h)
{
	(void)ctx, (void)size, (void)weight;
	*w = 7.0 * (double)strlen(s);
	*h = 14.5;
}

static const struct text_measurer fake = {NULL, fake_measure};

START_TEST(plot_rect_like_grafana)
{
	struct rect box = {0, 0, 940, 258};
	struct rect c = chrome_content_rect(box);
	ck_assert_double_eq(c.x, 9);
	ck_assert_double_eq(c.y, 33);
	ck_assert_double_eq(c.w, 922);
	ck_assert_double_eq(c.h, 216);
	struct legend_opts lo = {.show = true};
	struct legend_entry e[4] = {{.name = "0"}, {.name = "1"}, {.name = "2"}, {.name = "3"}};
	struct legend_spec sp = {.opts = &lo, .e = e, .n = 4};
	struct legend_layout lay;
	struct legend_slot slots[4];
	legend_layout(&sp, c, &fake, &lay, slots);
	ck_assert_uint_eq(lay.rows, 1);
	ck_assert_uint_eq(lay.shown, 4);
	ck_assert_double_eq(slots[0].x, 13);
	ck_assert_double_eq(slots[0].y, 239);
	/* swatch 14 + 8 + "0" (7) + 10 */
	ck_assert_double_eq(slots[1].x, 13 + 39);
	/* "100%" is 4 × 7 = 28 px wide here. */
	struct ts_layout_in in = {
	        .content = c, .legend = lay.box, .y_label_w = 28, .y2_label_w = -1};
	struct rect p = ts_plot_rect(&in);
	ck_assert_double_eq(p.x, 46.5);
	ck_assert_double_eq(p.y, 49.5);
	ck_assert_double_eq(p.x + p.w, 923.5);
	ck_assert_double_eq(p.y + p.h, 204.5);
}
END_TEST

START_TEST(no_legend_and_right_axis)
{
	struct rect c = {9, 33, 922, 216};
	struct ts_layout_in in = {.content = c, .y_label_w = 30, .y2_label_w = 40};
	struct rect p = ts_plot_rect(&in);
	ck_assert_double_eq(p.y + p.h, floor(249 - TS_X_AXIS_BARE) + 0.5);
	ck_assert_double_eq(p.x + p.w, floor(931 - 40 - TS_Y_AXIS_EXTRA) + 0.5);
	/* no left axis: uPlot's 8 px padding on that side (paddingSide), as Grafana
	 * draws it (tests/cli/grafana-ref-heatmap prom-opacity, axis on the right) */
	in.y_label_w = -1;
	p = ts_plot_rect(&in);
	ck_assert_double_eq(p.x, floor(9 + TS_PLOT_PAD_RIGHT) + 0.5);
}
END_TEST

START_TEST(legend_wraps_rows)
{
	struct rect c = {0, 0, 300, 400};
	struct legend_opts lo = {.show = true};
	struct legend_entry e[6];
	for (int i = 0; i < 6; i++)
		e[i].name = "abcdefghij"; /* item 14 + 8 + 70 + 10 = 102 px */
	struct legend_spec sp = {.opts = &lo, .e = e, .n = 6};
	struct legend_layout lay;
	struct legend_slot slots[6];
	legend_layout(&sp, c, &fake, &lay, slots);
	/* 4 + 102 + 102 + 92 = 300 fits 3 a row (the last gap may overhang). */
	ck_assert_uint_eq(lay.rows, 2);
	ck_assert_double_eq(slots[3].x, 4);
	ck_assert_double_eq(slots[3].y - slots[0].y, LEGEND_ROW_H);
	ck_assert_double_eq(lay.box.h, 2 * LEGEND_ROW_H - 2.25);
	ck_assert_double_eq(lay.box.y + lay.box.h, 400);
}
END_TEST

START_TEST(legend_too_many_entries)
{
	struct rect c = {0, 0, 300, 100};
	struct legend_opts lo = {.show = true};
	struct legend_entry e[50];
	for (int i = 0; i < 50; i++)
		e[i].name = "abcdefghij";
	struct legend_spec sp = {.opts = &lo, .e = e, .n = 50};
	struct legend_layout lay;
	struct legend_slot slots[50];
	legend_layout(&sp, c, &fake, &lay, slots);
	/* 35% of 100 px holds one row; the rest is "+N more", never overflow. */
	ck_assert_uint_eq(lay.rows, 1);
	ck_assert_uint_lt(lay.shown, 3);
	ck_assert_uint_gt(lay.shown, 0);
	ck_assert_double_le(lay.more_x + 7 * strlen("+48 more"), 300);
	ck_assert_double_ge(lay.box.y, 0);
}
END_TEST

START_TEST(legend_hidden)
{
	struct rect c = {0, 0, 300, 100};
	struct legend_opts lo = {.show = false};
	struct legend_entry e[1] = {{.name = "a"}};
	struct legend_spec sp = {.opts = &lo, .e = e, .n = 1};
	struct legend_layout lay;
	struct legend_slot slots[1];
	legend_layout(&sp, c, &fake, &lay, slots);
	ck_assert_double_eq(lay.box.h, 0);
}
END_TEST

START_TEST(table_columns)
{
	struct rect c = {9, 33, 782, 358};
	struct legend_opts lo = {.show = true, .mode = LEGEND_TABLE, .calcs = CALC_MAX | CALC_MEAN};
	struct legend_entry e[3] = {{.name = "node-a"}, {.name = "node-b"}, {.name = "node-c"}};
	for (int i = 0; i < 3; i++) {
		snprintf(e[i].cells[legend_calc_index(CALC_MEAN)],
			sizeof e[i].cells[0], "%s", "40.8%");
		snprintf(e[i].cells[legend_calc_index(CALC_MAX)],
			sizeof e[i].cells[0], "%s", "57.7%");
	}
	struct legend_spec sp = {.opts = &lo, .e = e, .n = 3};
	struct legend_layout lay;
	struct legend_slot slots[3];
	legend_layout(&sp, c, &fake, &lay, slots);
	ck_assert_uint_eq(lay.n_cols, 2);
	ck_assert_uint_eq(lay.col_calc[0], CALC_MEAN);
	ck_assert_uint_eq(lay.col_calc[1], CALC_MAX);
	ck_assert_double_eq(lay.col_w[0], 35 + 27);
	ck_assert_uint_eq(lay.shown, 3);
	ck_assert_double_eq(lay.box.h, 4 * LEGEND_TABLE_ROW_H + 4);
	ck_assert_double_eq(slots[1].y - slots[0].y, LEGEND_TABLE_ROW_H);
}
END_TEST

START_TEST(table_columns_follow_json_order)
{
	struct legend_opts lo = {.show = true, .mode = LEGEND_TABLE,
		.calcs = CALC_MIN | CALC_MEAN | CALC_MAX,
		.calc_order = {CALC_MIN, CALC_MEAN, CALC_MAX}, .n_calc_order = 3};
	unsigned cols[LEGEND_MAX_CALCS];
	ck_assert_uint_eq(legend_calc_columns(&lo, cols), 3);
	ck_assert_uint_eq(cols[0], CALC_MIN);
	ck_assert_uint_eq(cols[1], CALC_MEAN);
	ck_assert_uint_eq(cols[2], CALC_MAX);
	/* without an order (legacy graph flags): Grafana's migration order */
	lo.n_calc_order = 0;
	ck_assert_uint_eq(legend_calc_columns(&lo, cols), 3);
	ck_assert_uint_eq(cols[0], CALC_MEAN);
	ck_assert_uint_eq(cols[1], CALC_MAX);
	ck_assert_uint_eq(cols[2], CALC_MIN);
}
END_TEST

START_TEST(calcs_one_pass)
{
	double v[] = {NAN, 3, 1, NAN, 5, NAN};
	double out[LEGEND_MAX_CALCS];
	legend_calcs(v, 6, out);
	ck_assert_double_eq(out[legend_calc_index(CALC_MIN)], 1);
	ck_assert_double_eq(out[legend_calc_index(CALC_MAX)], 5);
	ck_assert_double_eq(out[legend_calc_index(CALC_MEAN)], 3);
	ck_assert_double_eq(out[legend_calc_index(CALC_LAST_NN)], 5);
	ck_assert(isnan(out[legend_calc_index(CALC_LAST)]));
	ck_assert_double_eq(out[legend_calc_index(CALC_FIRST_NN)], 3);
	ck_assert_double_eq(out[legend_calc_index(CALC_SUM)], 9);
	ck_assert_str_eq(legend_calc_title(CALC_LAST_NN), "Last *");
}
END_TEST

Suite *make_suite(void);

/* Table legend rows in Grafana's VizLegendTable order: by a shown calc
 * (NaN as -Infinity) or "Name" (natural, case ignored), sortDesc reversing;
 * list legends and columns not shown keep the series' order. */
static void check_order(struct legend_opts *lo, const char *const names[3], const double max[3],
                        const char *want)
{
	struct legend_entry e[3] = {{.name = names[0]}, {.name = names[1]}, {.name = names[2]}};
	double vals[3][LEGEND_MAX_CALCS] = {{0}};
	for (size_t i = 0; i < 3; i++)
		vals[i][legend_calc_index(CALC_MAX)] = max[i];
	legend_sort(lo, e, vals, 3);
	char got[64];
	snprintf(got, sizeof got, "%s,%s,%s", e[0].name, e[1].name, e[2].name);
	ck_assert_msg(strcmp(got, want) == 0, "sortBy %s desc %d: %s, want %s", lo->sort_by,
	              lo->sort_desc, got, want);
	/* the values travel with their rows */
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < 3; k++)
			if (e[i].name == names[k] && !isnan(max[k]))
				ck_assert_double_eq(vals[i][legend_calc_index(CALC_MAX)], max[k]);
}

START_TEST(legend_sort_by)
{
	const char *const names[3] = {"b10", "B2", "a"};
	const double max[3] = {3, NAN, 1};
	struct legend_opts lo = {.show = true, .mode = LEGEND_TABLE, .calcs = CALC_MAX | CALC_MEAN};
	g_strlcpy(lo.sort_by, "Max", sizeof lo.sort_by);
	check_order(&lo, names, max, "B2,a,b10");
	lo.sort_desc = true;
	check_order(&lo, names, max, "b10,a,B2");
	g_strlcpy(lo.sort_by, "Name", sizeof lo.sort_by);
	check_order(&lo, names, max, "b10,B2,a");
	lo.sort_desc = false;
	check_order(&lo, names, max, "a,B2,b10");
	g_strlcpy(lo.sort_by, "Min", sizeof lo.sort_by); /* not a shown column */
	check_order(&lo, names, max, "b10,B2,a");
	g_strlcpy(lo.sort_by, "Max", sizeof lo.sort_by);
	lo.mode = LEGEND_LIST; /* Grafana sorts table legends only */
	check_order(&lo, names, max, "b10,B2,a");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("render_layout");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, plot_rect_like_grafana);
	tcase_add_test(tc, no_legend_and_right_axis);
	tcase_add_test(tc, legend_wraps_rows);
	tcase_add_test(tc, table_columns_follow_json_order);
	tcase_add_test(tc, legend_too_many_entries);
	tcase_add_test(tc, legend_hidden);
	tcase_add_test(tc, table_columns);
	tcase_add_test(tc, calcs_one_pass);
	tcase_add_test(tc, legend_sort_by);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
