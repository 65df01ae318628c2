/*
 * test_timeline.c — the state-timeline and status-history panels (their
 * options: tests/dashboards/test_timelineopts.c): the boxes
 * tlrows.c makes (merging, nulls, insertNulls/spanNulls, threshold states),
 * the legend items, and pixels of drawn panels at the places the data fixes
 * (box colours, merged boxes, text in boxes, row names, legend, status
 * cells), the SVG's shapes, and a million samples painted as pixels, not
 * as a million rectangles.
 */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dashboards/load.h"
#include "render/tlrows.h"
#include "support.h"

#define T0     1767225600.0
#define GREEN  0x73BF69u
#define RED    0xF2495Cu
#define BG     0x181B1Fu
#define TXT    0xCCCCDCu
#define GRID_TOL 8 /* a grid line seen through a 70 % fill shifts it by 6 */

static struct cairn_dashboard *load_panel(const char *panel, struct cairn_err *err)
{
	char *json = g_strdup_printf("{\"panels\":[%s]}", panel);
	struct cairn_dashboard *d = dash_load_buffer(json, strlen(json), "t.json", err);
	g_free(json);
	return d;
}

static struct cairn_dashboard *must_load(const char *panel)
{
	struct cairn_err err = {0};
	struct cairn_dashboard *d = load_panel(panel, &err);
	ck_assert_msg(d, "%s", err.msg);
	return d;
}

/* ---- boxes --------------------------------------------------------------- */

#define MAX_BOXES 16
struct boxes {
	size_t n;
	struct tl_box b[MAX_BOXES];
};

static void collect(void *ctx, const struct tl_box *b)
{
	struct boxes *bx = ctx;
	if (bx->n < MAX_BOXES)
		bx->b[bx->n] = *b;
	bx->n++;
}

/* Boxes of values v[0..n) at t = 0, 1, 2, … under field config fc. */
static struct boxes walk(const struct field_config *fc, const double *v, const double *t, size_t n,
                         bool merge, double to)
{
	struct series s = {.n = n, .t = (double *)t, .v = (double *)v};
	struct field_res fr = {.fc = *fc, .name = "x", .color = GREEN << 8 | 0xff};
	struct tl_field f = {.s = &s, .f = &fr, .min = NAN, .max = NAN};
	tlrows_field(&f, merge);
	struct tl_walk w = {.merge = merge, .step = 1, .to = to};
	struct boxes bx = {0};
	size_t got = tlrows_changes(&f, &w, collect, &bx);
	ck_assert_uint_eq(got, bx.n);
	return bx;
}

static void box_is(const struct boxes *bx, size_t i, double t0, double t1, size_t k)
{
	ck_assert_msg(i < bx->n, "box %zu of %zu", i, bx->n);
	ck_assert_double_eq(bx->b[i].t0, t0);
	if (isinf(t1))
		ck_assert(isinf(bx->b[i].t1));
	else
		ck_assert_double_eq(bx->b[i].t1, t1);
	ck_assert_uint_eq(bx->b[i].k, k);
}

static struct field_config plain(void)
{
	struct cairn_panel p;
	support_panel(&p, "state-timeline", "t");
	return p.defaults;
}

static const double T[] = {0, 1, 2, 3, 4, 5, 6, 7};

START_TEST(equal_values_merge_nulls_break)
{
	struct field_config fc = plain();
	const double v[] = {0, 0, 1, 1, NAN, 1, 2};
	struct boxes b = walk(&fc, v, T, 7, true, 6);
	ck_assert_uint_eq(b.n, 4);
	box_is(&b, 0, 0, 2, 0);
	box_is(&b, 1, 2, 4, 2); /* the null at 4 ends it */
	box_is(&b, 2, 5, 6, 5);
	box_is(&b, 3, 6, INFINITY, 6);
	/* mergeValues false: a box per sample */
	b = walk(&fc, v, T, 7, false, 6);
	ck_assert_uint_eq(b.n, 6);
	box_is(&b, 0, 0, 1, 0);
	box_is(&b, 1, 1, 2, 1);
	box_is(&b, 3, 3, 4, 3);
	box_is(&b, 4, 5, 6, 5);
	/* a trailing null ends the last box; leading nulls draw nothing */
	const double tail[] = {NAN, 3, 3, NAN, NAN};
	b = walk(&fc, tail, T, 5, true, 4);
	ck_assert_uint_eq(b.n, 1);
	box_is(&b, 0, 1, 3, 1);
	/* no sample at all: no box */
	const double none[] = {NAN, NAN};
	b = walk(&fc, none, T, 2, true, 1);
	ck_assert_uint_eq(b.n, 0);
}
END_TEST

START_TEST(span_and_insert_nulls)
{
	struct field_config fc = plain();
	const double v[] = {0, 0, 1, 1, NAN, NAN, 1, 2};
	/* spanNulls true: the 1s join over the nulls */
	fc.custom.span_nulls = true;
	struct boxes b = walk(&fc, v, T, 8, true, 7);
	ck_assert_uint_eq(b.n, 3);
	box_is(&b, 1, 2, 7, 2);
	/* spanNulls 2500 ms: the gap from 3 to 6 (3 s) stays */
	fc.custom.span_nulls_ms = 2500;
	b = walk(&fc, v, T, 8, true, 7);
	ck_assert_uint_eq(b.n, 4);
	box_is(&b, 1, 2, 4, 2);
	/* 3500 ms spans it */
	fc.custom.span_nulls_ms = 3500;
	b = walk(&fc, v, T, 8, true, 7);
	ck_assert_uint_eq(b.n, 3);
	/* insertNulls false is as if not given (Grafana: insertNulls || interval) */
	fc = plain();
	fc.custom.insert_nulls_ms = -1;
	b = walk(&fc, v, T, 8, true, 7);
	ck_assert_uint_eq(b.n, 4);
	/* insertNulls 1500 ms on samples 0, 1, 4: a null at 1 + 1.5, and after
	 * the last one before the range's end */
	fc.custom.insert_nulls_ms = 1500;
	const double st[] = {0, 1, 4}, sv[] = {5, 5, 5};
	b = walk(&fc, sv, st, 3, true, 10);
	ck_assert_uint_eq(b.n, 2);
	box_is(&b, 0, 0, 2.5, 0);
	box_is(&b, 1, 4, 5.5, 2);
	/* the end of the range within the threshold: to the plot's end */
	b = walk(&fc, sv, st, 3, true, 5);
	box_is(&b, 1, 4, INFINITY, 2);
}
END_TEST

START_TEST(null_mapped_is_a_state)
{
	struct field_config fc = plain();
	fc.color_mode = COLOR_FIXED;
	struct value_mapping m = {.type = MAP_SPECIAL, .match = SPECIAL_NULL, .text = "gone",
	                          .color_name = "blue", .index = 0};
	fc.mappings = &m;
	fc.n_mappings = 1;
	const double v[] = {1, NAN, NAN, 1};
	struct boxes b = walk(&fc, v, T, 4, true, 3);
	ck_assert_uint_eq(b.n, 3);
	box_is(&b, 1, 1, 3, 1);
	/* a numeric noValue turns nulls into that value (Grafana's nullToValue) */
	struct field_config nv = plain();
	g_strlcpy(nv.no_value, "0", sizeof nv.no_value);
	const double w[] = {1, NAN, NAN, 1, 0};
	b = walk(&nv, w, T, 5, true, 4);
	ck_assert_uint_eq(b.n, 4);
	box_is(&b, 1, 1, 3, 1);
	box_is(&b, 2, 3, 4, 3);
	box_is(&b, 3, 4, INFINITY, 4);
	/* a text noValue does not */
	g_strlcpy(nv.no_value, "n/a", sizeof nv.no_value);
	b = walk(&nv, w, T, 5, true, 4);
	ck_assert_uint_eq(b.n, 3);
	box_is(&b, 0, 0, 1, 0);
}
END_TEST

/* Colour by thresholds with mergeValues: the states are the steps, their
 * text the step's legend label (Grafana's mergeThresholdValues). */
START_TEST(threshold_states)
{
	struct field_config fc = plain();
	fc.color_mode = COLOR_THRESHOLDS;
	fc.thresholds.n = 3;
	fc.thresholds.steps[1] = (struct threshold){50, 0xFF9830FF, "orange"};
	fc.thresholds.steps[2] = (struct threshold){80, 0xF2495CFF, "red"};
	g_strlcpy(fc.unit, "percent", sizeof fc.unit);
	const double v[] = {10, 20, 60, 70, 90};
	struct boxes b = walk(&fc, v, T, 5, true, 4);
	ck_assert_uint_eq(b.n, 3);
	box_is(&b, 0, 0, 2, 0);
	box_is(&b, 1, 2, 4, 2);
	struct series s = {.n = 5, .t = (double *)T, .v = (double *)v};
	struct field_res fr = {.fc = fc, .name = "x"};
	struct tl_field f = {.s = &s, .f = &fr, .min = NAN, .max = NAN};
	tlrows_field(&f, true);
	const struct theme *th = theme_get(THEME_DARK);
	struct display_value d;
	tlrows_display(th, &f, 20, &d);
	ck_assert_str_eq(d.text, "< 50%");
	ck_assert_uint_eq(d.color >> 8, GREEN);
	tlrows_display(th, &f, 60, &d);
	ck_assert_str_eq(d.text, "50%+");
	/* without mergeValues each value is its own state, in the unit */
	tlrows_field(&f, false);
	tlrows_display(th, &f, 60, &d);
	ck_assert_str_eq(d.text, "60");
	ck_assert_str_eq(d.suffix, "%");
	b = walk(&fc, v, T, 5, false, 4);
	ck_assert_uint_eq(b.n, 5);
}
END_TEST

START_TEST(legend_items)
{
	const struct theme *th = theme_get(THEME_DARK);
	struct tl_legend_item items[8];
	/* thresholds: one item per step */
	struct field_config fc = plain();
	fc.color_mode = COLOR_THRESHOLDS;
	const double v[] = {1, 2, 1, 0, NAN, 2};
	struct series s = {.n = 6, .t = (double *)T, .v = (double *)v};
	struct field_res fr = {.fc = fc, .name = "a"};
	struct tl_field f = {.s = &s, .f = &fr, .min = 0, .max = 2};
	tlrows_field(&f, true);
	ck_assert_uint_eq(tlrows_legend(th, &f, 1, items, 8), 2);
	ck_assert_str_eq(items[0].label, "< 80");
	ck_assert_str_eq(items[1].label, "80+");
	ck_assert_uint_eq(items[1].color >> 8, RED);
	/* continuous schemes: no legend */
	fr.fc.color_mode = COLOR_CONTINUOUS;
	g_strlcpy(fr.fc.color_scheme, "continuous-GrYlRd", sizeof fr.fc.color_scheme);
	ck_assert_uint_eq(tlrows_legend(th, &f, 1, items, 8), 0);
	/* mappings: each state's text and colour, in the order first seen */
	struct value_mapping m[2] = {
	        {.type = MAP_VALUE, .key = "1", .text = "up", .color_name = "green", .index = 0},
	        {.type = MAP_VALUE, .key = "2", .text = "down", .color_name = "red", .index = 1}};
	fr.fc.color_mode = COLOR_FIXED;
	g_strlcpy(fr.fc.fixed_color_name, "blue", sizeof fr.fc.fixed_color_name);
	fr.fc.mappings = m;
	fr.fc.n_mappings = 2;
	tlrows_field(&f, true);
	size_t n = tlrows_legend(th, &f, 1, items, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(items[0].label, "up");
	ck_assert_uint_eq(items[0].color >> 8, GREEN);
	ck_assert_str_eq(items[1].label, "down");
	ck_assert_str_eq(items[2].label, "0"); /* unmapped: the value in the fixed colour */
	/* a row hidden from the legend adds nothing */
	fr.fc.custom.hide_in_legend = true;
	ck_assert_uint_eq(tlrows_legend(th, &f, 1, items, 8), 0);
	/* the cap holds */
	fr.fc.custom.hide_in_legend = false;
	ck_assert_uint_eq(tlrows_legend(th, &f, 1, items, 2), 2);
}
END_TEST

/* ---- pixels ---------------------------------------------------------------- */

struct drawn {
	struct cairn_dashboard *d;
	struct cairn_result r;
	struct panel_job job;
	cairo_surface_t *img;
	struct render_out out;
};

static double from_arr(size_t i, void *arg)
{
	return ((const double *)arg)[i];
}

/* Renders panel (JSON) over rows of n values each, every dt s from T0, the
 * time range [T0, T0 + (n - 1) dt] unless to > 0. */
static void draw_at(struct drawn *dr, const char *panel, const double *const *rows,
                    size_t n_rows, size_t n, double t0, double dt, double from, double to, int w,
                    int h, enum render_format fmt)
{
	memset(dr, 0, sizeof *dr);
	dr->d = must_load(panel);
	struct series *s = g_new0(struct series, n_rows ? n_rows : 1);
	for (size_t i = 0; i < n_rows; i++) {
		char name[16];
		snprintf(name, sizeof name, "row%zu", i);
		support_series(&s[i], name, n, t0, dt, from_arr, (void *)rows[i]);
	}
	support_result(&dr->r, s, n_rows, dt);
	g_free(s);
	dr->job = (struct panel_job){.panel = &dr->d->panels[0], .data = &dr->r, .from = from,
	                             .to = to};
	ck_assert_int_eq(support_render1(&dr->job, w, h, fmt, THEME_DARK, &dr->out), 0);
	if (fmt == FMT_PNG)
		dr->img = support_decode(&dr->out);
}

static void draw(struct drawn *dr, const char *panel, const double *const *rows, size_t n_rows,
                 size_t n, double dt, int w, int h, enum render_format fmt)
{
	draw_at(dr, panel, rows, n_rows, n, T0, dt, T0, T0 + (double)(n - 1) * dt, w, h, fmt);
}

static void drawn_free(struct drawn *dr)
{
	if (dr->img)
		cairo_surface_destroy(dr->img);
	free(dr->out.bytes);
	support_result_free(&dr->r);
	dash_free(dr->d);
}

/* Row i's top and height (Grafana's distribute, space between; one row
 * takes the whole height, as TimelineChart passes rowHeight 1), px. */
static void row_span(const struct drawn *dr, size_t i, size_t n, double rh, int *top, int *hgt)
{
	struct rect p = dr->job.plot;
	if (n == 1)
		rh = 1;
	double gap = n > 1 ? (1 - rh) / (double)(n - 1) : 0, iw = rh / (double)n;
	*top = (int)round(p.y + p.h * ((double)i * (iw + gap)));
	*hgt = (int)round(p.h * iw);
}

static void colour_ok(cairo_surface_t *img, int x, int y, uint32_t want)
{
	uint32_t got = support_px(img, x, y);
	ck_assert_msg(support_coldiff(got, want) <= GRID_TOL, "(%d, %d): %06x, want %06x", x, y,
	              got, want);
}

static int px_x(const struct drawn *dr, double frac)
{
	return (int)(dr->job.plot.x + dr->job.plot.w * frac);
}

static uint32_t blend(uint32_t c, double a)
{
	uint32_t out = 0;
	for (int sh = 0; sh < 24; sh += 8) {
		double v = ((c >> sh) & 0xff) * a + ((BG >> sh) & 0xff) * (1 - a);
		out |= (uint32_t)lround(v) << sh;
	}
	return out;
}

#define MAPPED_PANEL(opts, custom)                                                              \
	"{\"type\":\"state-timeline\",\"title\":\"s\",\"options\":{" opts "},"                     \
	"\"fieldConfig\":{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"blue\"},"   \
	"\"custom\":{" custom "},\"mappings\":[{\"type\":\"value\",\"options\":{"                  \
	"\"0\":{\"text\":\"OK\",\"color\":\"green\"},\"1\":{\"text\":\"BAD\",\"color\":\"red\"}}}]}}}"

static const double ROW_A[] = {0, 0, 0, 1, 1, 1, 1};
static const double ROW_B[] = {1, 1, 1, 1, 1, 1, 1};

/* Row 0 is OK for the first half and BAD after; row 1 BAD throughout; the
 * fill is the mapping's colour at 70 %. */
START_TEST(boxes_take_the_mapping_colours)
{
	const double *rows[] = {ROW_A, ROW_B};
	struct drawn dr;
	draw(&dr, MAPPED_PANEL("\"showValue\":\"never\"", ""), rows, 2, 7, 600, 800, 300, FMT_PNG);
	ck_assert(dr.job.plot.w > 100);
	int top, h;
	row_span(&dr, 0, 2, 0.9, &top, &h);
	int y = top + h / 2;
	ck_assert_int_le(support_coldiff(support_px(dr.img, px_x(&dr, 0.2), y), blend(GREEN, 0.7)),
	                 3);
	ck_assert_int_le(support_coldiff(support_px(dr.img, px_x(&dr, 0.7), y), blend(RED, 0.7)),
	                 3);
	/* the boundary is at 30 min of 60: the plot's middle, to the pixel */
	int mid = (int)round(dr.job.plot.x + dr.job.plot.w / 2);
	ck_assert_int_le(support_coldiff(support_px(dr.img, mid - 1, y), blend(GREEN, 0.7)), 3);
	/* a time tick's grid line runs under the box there: GRID_TOL */
	ck_assert_int_le(support_coldiff(support_px(dr.img, mid, y), blend(RED, 0.7)), GRID_TOL);
	int top1, h1;
	row_span(&dr, 1, 2, 0.9, &top1, &h1);
	ck_assert_int_le(support_coldiff(support_px(dr.img, px_x(&dr, 0.2), top1 + h1 / 2),
	                                 blend(RED, 0.7)),
	                 3);
	/* between the rows: the panel, no box */
	ck_assert_int_le(support_coldiff(support_px(dr.img, px_x(&dr, 0.2), (top + h + top1) / 2),
	                                 BG),
	                 12);
	drawn_free(&dr);
}
END_TEST

/* With a stroke, each box's edges show: merged, only where the state
 * changes; unmerged, at every sample too. */
START_TEST(merged_boxes_have_no_inner_edges)
{
	const double *rows[] = {ROW_A};
	struct drawn dr;
	for (int merge = 0; merge < 2; merge++) {
		draw(&dr,
		     merge ? MAPPED_PANEL("\"showValue\":\"never\"", "\"lineWidth\":1")
		           : MAPPED_PANEL("\"showValue\":\"never\",\"mergeValues\":false",
		                          "\"lineWidth\":1"),
		     rows, 1, 7, 600, 800, 300, FMT_PNG);
		int top, h;
		row_span(&dr, 0, 1, 0.9, &top, &h);
		int y = top + h / 2;
		/* the sample at 10 min starts a box only when nothing merges */
		int x10 = (int)round(dr.job.plot.x + dr.job.plot.w / 6);
		uint32_t at = support_px(dr.img, x10, y);
		if (merge) /* a tick's grid line under it */
			ck_assert_int_le(support_coldiff(at, blend(GREEN, 0.7)), GRID_TOL);
		else
			ck_assert_int_le(support_coldiff(at, GREEN), 3);
		/* the state change at 30 min has its edges either way */
		int mid = (int)round(dr.job.plot.x + dr.job.plot.w / 2);
		ck_assert_int_le(support_coldiff(support_px(dr.img, mid, y), RED), 3);
		ck_assert_int_le(support_coldiff(support_px(dr.img, mid - 1, y), GREEN), 3);
		drawn_free(&dr);
	}
}
END_TEST

/* White text in the green box when shown, none with showValue never; in
 * "auto" boxes narrower than two characters get none, "always" draws
 * what fits. */
START_TEST(text_in_boxes)
{
	const double *rows[] = {ROW_A};
	struct drawn dr;
	int top, h;
	draw(&dr, MAPPED_PANEL("\"showValue\":\"always\"", ""), rows, 1, 7, 600, 800, 300,
	     FMT_PNG);
	row_span(&dr, 0, 1, 0.9, &top, &h);
	int x0 = (int)dr.job.plot.x, y = top + h / 2;
	/* alignValue left: the text starts 2 px into the box */
	long left_text = support_count_near(dr.img, x0, y - 7, x0 + 40, y + 7, 0xFFFFFF, 60);
	ck_assert_int_gt(left_text, 10);
	ck_assert_int_eq(support_count_near(dr.img, x0, y - 7, x0 + 2, y + 7, 0xFFFFFF, 60), 0);
	drawn_free(&dr);
	draw(&dr, MAPPED_PANEL("\"showValue\":\"always\",\"alignValue\":\"right\"", ""), rows, 1,
	     7, 600, 800, 300, FMT_PNG);
	int mid = (int)round(dr.job.plot.x + dr.job.plot.w / 2);
	ck_assert_int_eq(support_count_near(dr.img, x0, y - 7, x0 + 40, y + 7, 0xFFFFFF, 60), 0);
	ck_assert_int_gt(support_count_near(dr.img, mid - 40, y - 7, mid, y + 7, 0xFFFFFF, 60), 10);
	drawn_free(&dr);
	draw(&dr, MAPPED_PANEL("\"showValue\":\"never\"", ""), rows, 1, 7, 600, 800, 300, FMT_PNG);
	ck_assert_int_eq(support_count_near(dr.img, x0, top, x0 + (int)dr.job.plot.w, top + h,
	                                    0xFFFFFF, 60),
	                 0);
	drawn_free(&dr);
	/* 60 alternating samples, unmerged: ~12 px boxes, under two characters */
	double alt[60];
	for (int i = 0; i < 60; i++)
		alt[i] = i % 2;
	const double *arows[] = {alt};
	for (int always = 0; always < 2; always++) {
		draw(&dr,
		     always ? MAPPED_PANEL("\"showValue\":\"always\",\"mergeValues\":false", "")
		            : MAPPED_PANEL("\"showValue\":\"auto\",\"mergeValues\":false", ""),
		     arows, 1, 60, 60, 800, 300, FMT_PNG);
		row_span(&dr, 0, 1, 0.9, &top, &h);
		long white = support_count_near(dr.img, x0, top, x0 + (int)dr.job.plot.w, top + h,
		                                 0xFFFFFF, 60);
		if (always)
			ck_assert_int_gt(white, 100);
		else
			ck_assert_int_eq(white, 0);
		drawn_free(&dr);
	}
}
END_TEST

/* Row names right-aligned 16 px left of the plot, at their rows' middles. */
START_TEST(row_names_on_the_left)
{
	const double *rows[] = {ROW_A, ROW_B};
	struct drawn dr;
	draw(&dr, MAPPED_PANEL("\"showValue\":\"never\"", ""), rows, 2, 7, 600, 800, 300, FMT_PNG);
	int px = (int)dr.job.plot.x;
	for (size_t i = 0; i < 2; i++) {
		int top, h;
		row_span(&dr, i, 2, 0.9, &top, &h);
		int y = top + h / 2;
		ck_assert_int_gt(support_count_near(dr.img, 8, y - 7, px - 16, y + 7, TXT, 60), 10);
		ck_assert_int_eq(support_count_near(dr.img, px - 15, y - 7, px, y + 7, TXT, 60), 0);
	}
	drawn_free(&dr);
	/* axisPlacement hidden: no names, the plot starts at the content's edge */
	draw(&dr,
	     MAPPED_PANEL("\"showValue\":\"never\"", "\"axisPlacement\":\"hidden\""), rows, 2, 7,
	     600, 800, 300, FMT_PNG);
	ck_assert_double_lt(dr.job.plot.x, 12);
	drawn_free(&dr);
}
END_TEST

/* A series hidden from the viz has no row (GraphNG's omitHideFromViz): the
 * other one is the only row and takes the whole height. */
START_TEST(hidden_series_have_no_row)
{
	const double *rows[] = {ROW_A, ROW_B};
	struct drawn dr;
	draw(&dr,
	     "{\"type\":\"state-timeline\",\"title\":\"s\",\"options\":{\"showValue\":\"never\"},"
	     "\"fieldConfig\":{\"defaults\":{\"color\":{\"mode\":\"fixed\",\"fixedColor\":\"red\"}},"
	     "\"overrides\":[{\"matcher\":{\"id\":\"byName\",\"options\":\"row0\"},\"properties\":"
	     "[{\"id\":\"custom.hideFrom\",\"value\":{\"viz\":true,\"legend\":false,"
	     "\"tooltip\":false}}]}]}}",
	     rows, 2, 7, 600, 800, 300, FMT_PNG);
	struct rect p = dr.job.plot;
	colour_ok(dr.img, px_x(&dr, 0.2), (int)p.y + 2, blend(RED, 0.7));
	colour_ok(dr.img, px_x(&dr, 0.2), (int)(p.y + p.h) - 2, blend(RED, 0.7));
	/* one name, at the middle */
	int mid = (int)(p.y + p.h / 2);
	ck_assert_int_gt(support_count_near(dr.img, 8, mid - 7, (int)p.x - 16, mid + 7, TXT, 60), 10);
	ck_assert_int_eq(support_count_near(dr.img, 8, (int)p.y, (int)p.x - 16, mid - 20, TXT, 60),
	                 0);
	drawn_free(&dr);
}
END_TEST

/* The legend lists the states' colours under the time axis. */
START_TEST(legend_shows_the_states)
{
	const double *rows[] = {ROW_A};
	struct drawn dr;
	draw(&dr, MAPPED_PANEL("\"showValue\":\"never\"", ""), rows, 1, 7, 600, 800, 300, FMT_PNG);
	int below = (int)(dr.job.plot.y + dr.job.plot.h + 24);
	ck_assert_int_gt(support_count_near(dr.img, 0, below, 800, 300, GREEN, 8), 20);
	ck_assert_int_gt(support_count_near(dr.img, 0, below, 800, 300, RED, 8), 20);
	double with_legend = dr.job.plot.h;
	drawn_free(&dr);
	draw(&dr,
	     MAPPED_PANEL("\"showValue\":\"never\",\"legend\":{\"showLegend\":false}", ""), rows,
	     1, 7, 600, 800, 300, FMT_PNG);
	below = (int)(dr.job.plot.y + dr.job.plot.h + 24);
	ck_assert_int_eq(support_count_near(dr.img, 0, below, 800, 300, GREEN, 8), 0);
	ck_assert_double_gt(dr.job.plot.h, with_legend);
	drawn_free(&dr);
}
END_TEST

/* status-history: a cell of colWidth × step centred on each sample, the
 * range widened by half a step at each end. */
START_TEST(status_cells)
{
	const double *rows[] = {ROW_A};
	struct drawn dr;
	draw(&dr,
	     "{\"type\":\"status-history\",\"title\":\"h\",\"options\":{\"colWidth\":0.5,"
	     "\"showValue\":\"never\"},\"fieldConfig\":{\"defaults\":{\"custom\":{\"lineWidth\":0}}}}",
	     rows, 1, 7, 600, 800, 300, FMT_PNG);
	struct rect p = dr.job.plot;
	int top, h;
	row_span(&dr, 0, 1, 0.9, &top, &h);
	int y = top + h / 2;
	double col = p.w / 7; /* 7 samples over 7 steps */
	for (int k = 0; k < 7; k++) {
		int cx = (int)(p.x + col * (k + 0.5)); /* a tick (and its grid line) per sample */
		ck_assert_int_le(support_coldiff(support_px(dr.img, cx, y), blend(GREEN, 0.7)),
		                 GRID_TOL);
		int gap = (int)(p.x + col * (k + 1));
		ck_assert_msg(support_coldiff(support_px(dr.img, gap, y), BG) <= 14,
		              "cell %d reaches the gap", k);
	}
	drawn_free(&dr);
}
END_TEST

static size_t count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	for (size_t i = 0; i + nl <= len; i++)
		n += memcmp(hay + i, needle, nl) == 0;
	return n;
}

/* The SVG carries the boxes as shapes at fillOpacity; a million samples
 * alternating states are painted as at most a few shapes per pixel
 * column, not a million. */
START_TEST(svg_shapes_and_a_million_samples)
{
	const double *rows[] = {ROW_A};
	struct drawn dr;
	draw(&dr, MAPPED_PANEL("\"showValue\":\"never\"", ""), rows, 1, 7, 600, 800, 300, FMT_SVG);
	ck_assert_uint_eq(count((char *)dr.out.bytes, dr.out.len, "fill-opacity:0.70"), 2);
	drawn_free(&dr);
	size_t n = 1000000;
	double *alt = g_new(double, n);
	for (size_t i = 0; i < n; i++)
		alt[i] = (double)(i % 2);
	const double *big[] = {alt};
	draw(&dr, MAPPED_PANEL("\"showValue\":\"auto\",\"mergeValues\":false", ""), big, 1, n, 1,
	     800, 300, FMT_SVG);
	size_t shapes = count((char *)dr.out.bytes, dr.out.len, "fill-opacity:0.70");
	ck_assert_msg(shapes > 100 && shapes <= 2 * 800, "%zu shapes", shapes);
	drawn_free(&dr);
	/* the same million samples all before the range: nothing painted */
	draw_at(&dr, MAPPED_PANEL("\"showValue\":\"auto\",\"mergeValues\":false", ""), big, 1, n,
	        T0 - 2e6, 1, T0, T0 + 3600, 800, 300, FMT_SVG);
	shapes = count((char *)dr.out.bytes, dr.out.len, "fill-opacity:0.70");
	ck_assert_msg(shapes <= 2, "%zu shapes", shapes);
	drawn_free(&dr);
	g_free(alt);
}
END_TEST

/* No series: "No data"; all-null rows: the rows' names, no box; tiny and
 * NaN-only panels draw without failing. */
START_TEST(edge_cases)
{
	struct drawn dr;
	draw(&dr, MAPPED_PANEL("", ""), NULL, 0, 7, 600, 400, 200, FMT_PNG);
	ck_assert_double_eq(dr.job.plot.w, 0);
	drawn_free(&dr);
	const double nan7[] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	const double *rows[] = {nan7};
	draw(&dr, MAPPED_PANEL("", ""), rows, 1, 7, 600, 800, 300, FMT_PNG);
	int top, h;
	row_span(&dr, 0, 1, 0.9, &top, &h);
	struct rect p = dr.job.plot;
	ck_assert_int_eq(support_count_near(dr.img, (int)p.x + 2, top, (int)(p.x + p.w) - 2,
	                                    top + h, blend(GREEN, 0.7), 3),
	                 0);
	drawn_free(&dr);
	const double neg[] = {-5, -5, 1e300, -1e300, 0, 0, 0};
	const double *nrows[] = {neg};
	draw(&dr, "{\"type\":\"state-timeline\"}", nrows, 1, 7, 600, 40, 40, FMT_PNG);
	drawn_free(&dr);
	draw(&dr, "{\"type\":\"status-history\"}", nrows, 1, 1, 600, 300, 120, FMT_PDF);
	drawn_free(&dr);
	/* a box reaching 30 years past both ends of a 1 h range fills the plot
	 * (cut to it: Cairo's fixed point would not reach its ends) */
	const double two[] = {0, 0, 1};
	const double *trows[] = {two};
	draw_at(&dr, MAPPED_PANEL("\"showValue\":\"always\",\"alignValue\":\"center\"", ""),
	        trows, 1, 3, T0 - 1e9, 1e9, T0, T0 + 3600, 800, 300, FMT_PNG);
	row_span(&dr, 0, 1, 0.9, &top, &h);
	p = dr.job.plot;
	colour_ok(dr.img, (int)(p.x + p.w / 2), top + 4, blend(GREEN, 0.7));
	drawn_free(&dr);
}
END_TEST

Suite *make_suite(void);
Suite *make_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *b = tcase_create("boxes");
	tcase_add_test(b, equal_values_merge_nulls_break);
	tcase_add_test(b, span_and_insert_nulls);
	tcase_add_test(b, null_mapped_is_a_state);
	tcase_add_test(b, threshold_states);
	tcase_add_test(b, legend_items);
	suite_add_tcase(s, b);
	TCase *p = tcase_create("pixels");
	tcase_set_timeout(p, 120);
	tcase_add_test(p, boxes_take_the_mapping_colours);
	tcase_add_test(p, merged_boxes_have_no_inner_edges);
	tcase_add_test(p, text_in_boxes);
	tcase_add_test(p, row_names_on_the_left);
	tcase_add_test(p, hidden_series_have_no_row);
	tcase_add_test(p, legend_shows_the_states);
	tcase_add_test(p, status_cells);
	tcase_add_test(p, svg_shapes_and_a_million_samples);
	tcase_add_test(p, edge_cases);
	suite_add_tcase(s, p);
	return s;
}

#include "tests/test_main.h"
