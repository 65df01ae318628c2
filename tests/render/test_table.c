/*
 * test_table.c — render/table and render/mdtext without comparing images:
 * Grafana's column widths, row sorting, cell text (units, numeric label
 * values, times, noValue), the rows a table shows in a given height (its
 * row borders counted in the drawing), and markdown/html to markup.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dashboards/load.h"
#include "render/mdtext.h"
#include "render/table.h"
#include "render/tablecell.h"
#include "support.h"

START_TEST(column_widths)
{
	double w[4];
	/* 4 columns in 682 px share it: 170.5 each */
	struct table_col_req r4[4] = {{0}};
	table_col_widths(r4, 4, 682, w);
	for (int i = 0; i < 4; i++)
		ck_assert_double_eq_tol(w[i], 170.5, 1e-9);
	/* fixed widths first, the rest share; none under 150 (the table scrolls) */
	struct table_col_req r[4] = {{260, 0}, {0, 0}, {93, 0}, {0, 0}};
	table_col_widths(r, 4, 924, w);
	ck_assert_double_eq(w[0], 260);
	ck_assert_double_eq(w[2], 93);
	ck_assert_double_eq_tol(w[1], (924 - 353) / 2.0, 1e-9);
	table_col_widths(r, 4, 500, w);
	ck_assert_double_eq(w[1], 150);
	ck_assert_double_eq(w[3], 150);
	/* a min width over the shared width takes it, the others share the rest */
	struct table_col_req m[3] = {{0, 400}, {0, 0}, {0, 0}};
	table_col_widths(m, 3, 900, w);
	ck_assert_double_eq(w[0], 400);
	ck_assert_double_eq(w[1], 250);
}
END_TEST

START_TEST(sorting)
{
	struct tfield n = tframe_field_new("v", TF_NUMBER, 5);
	double v[5] = {3, NAN, 10, -1, 3};
	memcpy(n.num, v, sizeof v);
	size_t o[5];
	table_sort_rows(&n, 5, false, o);
	/* null lowest; ties keep their order */
	ck_assert_uint_eq(o[0], 1);
	ck_assert_uint_eq(o[1], 3);
	ck_assert_uint_eq(o[2], 0);
	ck_assert_uint_eq(o[3], 4);
	ck_assert_uint_eq(o[4], 2);
	table_sort_rows(&n, 5, true, o);
	ck_assert_uint_eq(o[0], 2);
	ck_assert_uint_eq(o[4], 1);
	tframe_field_drop(&n, 5);
	/* text case-insensitively */
	struct tfield s = tframe_field_new("s", TF_STRING, 3);
	s.str[0] = g_strdup("beta");
	s.str[1] = g_strdup("Alpha");
	s.str[2] = g_strdup("gamma");
	table_sort_rows(&s, 3, false, o);
	ck_assert_uint_eq(o[0], 1);
	ck_assert_uint_eq(o[1], 0);
	ck_assert_uint_eq(o[2], 2);
	tframe_field_drop(&s, 3);
}
END_TEST

START_TEST(cell_text)
{
	struct field_config fc = {.decimals = -1};
	char buf[64];
	double num;
	struct tfield n = tframe_field_new("v", TF_NUMBER, 2);
	n.num[0] = 1536 * 1024;
	g_strlcpy(fc.unit, "bytes", sizeof fc.unit);
	tablecell_text(&n, 0, &fc, NULL, buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "1.50 MiB");
	ck_assert_double_eq(num, 1536 * 1024);
	/* null: noValue, else empty */
	tablecell_text(&n, 1, &fc, NULL, buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "");
	ck_assert(isnan(num));
	g_strlcpy(fc.no_value, "-", sizeof fc.no_value);
	tablecell_text(&n, 1, &fc, NULL, buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "-");
	tframe_field_drop(&n, 2);
	/* numeric text is formatted as a number, other text as is */
	struct tfield s = tframe_field_new("port", TF_STRING, 2);
	s.str[0] = g_strdup("9100");
	s.str[1] = g_strdup("2.45.0");
	struct field_config sc = {.decimals = -1};
	g_strlcpy(sc.unit, "short", sizeof sc.unit);
	tablecell_text(&s, 0, &sc, NULL, buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "9.10 K");
	tablecell_text(&s, 1, &sc, NULL, buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "2.45.0");
	tframe_field_drop(&s, 2);
	/* times as Grafana's dateTimeAsSystem, in the dashboard's zone */
	struct tfield t = tframe_field_new("Time", TF_TIME, 1);
	t.num[0] = 1767229200000.0;
	tablecell_text(&t, 0, &fc, "utc", buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "2026-01-01 01:00:00");
	tablecell_text(&t, 0, &fc, "Asia/Tokyo", buf, sizeof buf, &num);
	ck_assert_str_eq(buf, "2026-01-01 10:00:00");
	tframe_field_drop(&t, 1);
}
END_TEST

static double one(size_t i, void *arg)
{
	(void)arg;
	return (double)i + 1;
}

/* Rows of a sm table in a given panel height: count its row borders. */
static int row_borders(int height, size_t rows)
{
	char json[512];
	snprintf(json, sizeof json,
	         "{\"id\":1,\"type\":\"table\",\"title\":\"t\",\"targets\":[{\"refId\":\"A\","
	         "\"expr\":\"m\",\"format\":\"table\",\"instant\":true}]}");
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d, "%s", err.msg);
	struct series *s = g_new0(struct series, rows);
	for (size_t i = 0; i < rows; i++)
		support_series(&s[i], "x", 1, 1767229200, 15, one, NULL);
	struct cairn_result r;
	support_result(&r, s, rows, 15);
	struct panel_job job = {.panel = &d->panels[0], .data = &r,
	                        .box = {0, 0, 400, height}};
	struct render_out out;
	ck_assert_int_eq(support_render1(&job, 400, height, FMT_PNG, THEME_DARK, &out), 0);
	cairo_surface_t *img = support_decode(&out);
	/* border.weak lines across x = 200, under the header */
	int n = 0;
	for (int y = 70; y < height - 1; y++)
		n += support_coldiff(support_px(img, 200, y), 0x2E3036) < 8;
	cairo_surface_destroy(img);
	free(out.bytes);
	support_result_free(&r);
	g_free(s);
	dash_free(d);
	return n;
}

START_TEST(rows_that_fit)
{
	/* 400 px: the box from y 34 to 399, 36 px rows under the 36 px header:
	 * rows at 70, 106, … the ones that fit, borders under all but the last */
	ck_assert_int_eq(row_borders(400, 3), 2);
	ck_assert_int_eq(row_borders(400, 20), 8);
	ck_assert_int_eq(row_borders(200, 20), 3);
}
END_TEST

/* A transformation cairn does not know is skipped, the table still drawn,
 * and the panel says so (draw_err, before the chrome: the header's mark). */
START_TEST(unknown_transformation_marks_the_panel)
{
	const char *json = "{\"id\":1,\"type\":\"table\",\"title\":\"t\",\"targets\":[{"
	                   "\"refId\":\"A\",\"expr\":\"m\",\"format\":\"table\"}],"
	                   "\"transformations\":[{\"id\":\"prepareTimeSeries\"}]}";
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d, "%s", err.msg);
	struct series s[1];
	support_series(&s[0], "x", 1, 1767229200, 15, one, NULL);
	struct cairn_result r;
	support_result(&r, s, 1, 15);
	struct panel_job job = {.panel = &d->panels[0], .data = &r, .box = {0, 0, 400, 200}};
	struct render_out out;
	ck_assert_int_eq(support_render1(&job, 400, 200, FMT_PNG, THEME_DARK, &out), 0);
	ck_assert_int_eq(job.draw_err.code, CAIRN_EUNSUPPORTED);
	ck_assert_msg(strstr(job.draw_err.msg, "panel.transformations[0]") &&
	                      strstr(job.draw_err.msg, "prepareTimeSeries"),
	              "%s", job.draw_err.msg);
	cairo_surface_t *img = support_decode(&out);
	/* the header's red status mark, left of the title */
	ck_assert_int_gt(support_count_near(img, 0, 0, 40, 32, 0xF2495C, 60), 4);
	cairo_surface_destroy(img);
	free(out.bytes);
	support_result_free(&r);
	dash_free(d);
}
END_TEST

/* Value mappings colour cells (the panels' display processor): a value
 * mapped to purple fills its colour-background cell with purple. */
START_TEST(mapped_cells_take_the_mapping_colour)
{
	const char *json = "{\"id\":1,\"type\":\"table\",\"title\":\"t\",\"targets\":[{"
	                   "\"refId\":\"A\",\"expr\":\"m\",\"format\":\"table\"}],"
	                   "\"fieldConfig\":{\"defaults\":{\"custom\":{\"cellOptions\":"
	                   "{\"type\":\"color-background\",\"mode\":\"basic\"}},\"mappings\":[{"
	                   "\"type\":\"value\",\"options\":{\"1\":{\"text\":\"UP\","
	                   "\"color\":\"purple\"}}}]}}}";
	struct cairn_err err = {0};
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", &err);
	ck_assert_msg(d, "%s", err.msg);
	struct series s[1];
	support_series(&s[0], "x", 1, 1767229200, 15, one, NULL); /* the value 1 */
	struct cairn_result r;
	support_result(&r, s, 1, 15);
	struct panel_job job = {.panel = &d->panels[0], .data = &r, .box = {0, 0, 400, 200}};
	struct render_out out;
	ck_assert_int_eq(support_render1(&job, 400, 200, FMT_PNG, THEME_DARK, &out), 0);
	cairo_surface_t *img = support_decode(&out);
	/* the Value column's cell (right half of the row under the header) */
	ck_assert_int_gt(support_count_near(img, 200, 72, 390, 100, 0xB877D9, 8), 1000);
	cairo_surface_destroy(img);
	free(out.bytes);
	support_result_free(&r);
	dash_free(d);
}
END_TEST

START_TEST(markdown_inline)
{
	const char *md = "a **b** *c* `d<` [e](http://x) ![f](y.png) <script>g</script> &amp; h";
	char *m = mdtext_inline(md, strlen(md), "#6e9fff", "#2f3137");
	ck_assert_str_eq(m, "a <b>b</b> <i>c</i> <span font_family=\"DejaVu Sans Mono, monospace\" "
	                    "background=\"#2f3137\">d&lt;</span> <span foreground=\"#6e9fff\">e</span> "
	                    "f g &amp; h");
	g_free(m);
	/* unclosed emphasis stays literal; snake_case is not emphasis */
	m = mdtext_inline("2 * 3 and snake_case_name", 25, "#000000", "#ffffff");
	ck_assert_str_eq(m, "2 * 3 and snake_case_name");
	g_free(m);
}
END_TEST

START_TEST(html_as_text)
{
	char *t = mdtext_html_to_text("<h1>T</h1><p>a &lt;b&gt; &#x41;</p><script>alert(1)</script>"
	                              "<ul><li>x</li></ul><img src=\"http://evil/\">done");
	ck_assert_str_eq(t, "T\na <b> A\n• x\n\ndone");
	g_free(t);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("render/table");
	TCase *tc = tcase_create("table");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, column_widths);
	tcase_add_test(tc, sorting);
	tcase_add_test(tc, cell_text);
	tcase_add_test(tc, rows_that_fit);
	tcase_add_test(tc, unknown_transformation_marks_the_panel);
	tcase_add_test(tc, mapped_cells_take_the_mapping_colour);
	tcase_add_test(tc, markdown_inline);
	tcase_add_test(tc, html_as_text);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
