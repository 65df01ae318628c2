/*
 * test_draw.c — pixel probes on rendered synthetic panels: where a known
 * value lands, that states draw their text, and the chrome colours.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render/chrome.h"
#include "render/timeseries.h"
#include "support.h"

#define W  600
#define H  300
#define T0 1700000000.0

static double fifty(size_t i, void *arg)
{
	(void)i, (void)arg;
	return 50;
}

/* The plot's vertical extent does not depend on label widths. */
static struct rect plot_rect_no_legend(void)
{
	struct ts_layout_in in = {.content = chrome_content_rect((struct rect){0, 0, W, H}),
	                          .y_label_w = 0,
	                          .y2_label_w = -1};
	return ts_plot_rect(&in);
}

static cairo_surface_t *render(struct panel_job *job, enum theme_kind th)
{
	struct render_out o;
	ck_assert_int_eq(support_render1(job, W, H, FMT_PNG, th, &o), 0);
	cairo_surface_t *img = support_decode(&o);
	free(o.bytes);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	return img;
}

START_TEST(flat_series_mid_height)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Flat");
	p.defaults.min = 0;
	p.defaults.max = 100;
	p.defaults.custom.line_width = 2;
	p.legend.show = false;
	struct series s;
	support_series(&s, "flat", 61, T0, 60, fifty, NULL);
	struct cairn_result r;
	support_result(&r, &s, 1, 60);
	struct panel_job job = {.panel = &p, .data = &r, .from = T0, .to = T0 + 3600};
	cairo_surface_t *img = render(&job, THEME_DARK);
	struct rect pr = plot_rect_no_legend();
	double mid = pr.y + pr.h / 2;
	/* Down the middle column the green (#73BF69) line sits at mid-height. */
	int found = -1;
	for (int y = 0; y < H; y++)
		if (support_coldiff(support_px(img, W / 2, y), 0x73BF69) <= 8) {
			found = y;
			break;
		}
	ck_assert_int_ge(found, 0);
	ck_assert_double_le(fabs((found + 1) - mid), 1.5);
	/* Panel background and border are Grafana's dark tokens. */
	ck_assert_uint_eq(support_px(img, W / 2, 3), 0x181B1F);
	ck_assert_int_le(support_coldiff(support_px(img, W / 2, 0), 0x2E3036), 2);
	ck_assert_double_gt(job.render_ms, 0);
	cairo_surface_destroy(img);
	support_result_free(&r);
}
END_TEST

START_TEST(no_data_text)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Empty");
	struct cairn_result r = {.status = RESULT_NODATA};
	struct panel_job job = {.panel = &p, .data = &r};
	cairo_surface_t *img = render(&job, THEME_DARK);
	/* Text in the middle band, nothing in the corners of the content. */
	ck_assert_int_gt(
	        support_count_not(img, W / 2 - 40, H / 2 - 5, W / 2 + 40, H / 2 + 20, 0x181B1F, 30),
	        20);
	ck_assert_int_eq(support_count_not(img, 20, 60, 120, 120, 0x181B1F, 30), 0);
	cairo_surface_destroy(img);
}
END_TEST

START_TEST(error_text_and_badge)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Broken");
	struct cairn_result r = {.status = RESULT_ERROR};
	snprintf(r.message, sizeof r.message, "parse error: unexpected ')'");
	struct panel_job job = {.panel = &p, .data = &r};
	cairo_surface_t *img = render(&job, THEME_LIGHT);
	/* Error text (#CF0E5B-ish) in the middle; the red badge in the header. */
	ck_assert_int_gt(
	        support_count_near(img, 100, H / 2 - 20, W - 100, H / 2 + 30, 0xCF0E5B, 40), 10);
	ck_assert_int_gt(support_count_near(img, 0, 0, 40, 32, 0xE0226E, 10), 100);
	cairo_surface_destroy(img);
}
END_TEST

START_TEST(unsupported_and_row)
{
	struct cairn_panel p;
	support_panel(&p, "news", "News");
	struct panel_job job = {.panel = &p};
	cairo_surface_t *img = render(&job, THEME_DARK);
	ck_assert_int_gt(support_count_not(img, 50, H / 2 - 10, W - 50, H / 2 + 20, 0x181B1F, 30),
	                 50);
	cairo_surface_destroy(img);
	ck_assert(!render_supports("news"));
	ck_assert(render_supports("stat"));
	ck_assert(render_supports("gauge"));
	ck_assert(render_supports("bargauge"));
	ck_assert(render_supports("timeseries"));
	ck_assert(render_supports("graph"));
	struct cairn_panel row;
	support_panel(&row, "row", "Row title");
	row.is_row = true;
	row.collapsed = true;
	struct panel_job rj = {.panel = &row, .row_panels = 3, .row_collapsed = true};
	img = render(&rj, THEME_DARK);
	/* A row sits on the canvas colour, with its title and "(3 panels)". */
	ck_assert_uint_eq(support_px(img, W - 5, 5), 0x111217);
	ck_assert_int_gt(support_count_not(img, 20, 0, 200, H, 0x111217, 30), 50);
	cairo_surface_destroy(img);
}
END_TEST

START_TEST(bad_sizes)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "x");
	struct panel_job job = {.panel = &p, .box = {0, 0, 10, 10}};
	struct render_opts o = {.width = RENDER_MAX_PX + 1, .height = 10, .scale = 1};
	struct render_out out;
	struct cairn_err err = {0};
	ck_assert_int_eq(render_panels(support_ctx(), &job, 1, &o, &out, &err), CAIRN_EINVAL);
	o.width = 100;
	o.scale = -1;
	ck_assert_int_eq(render_panels(support_ctx(), &job, 1, &o, &out, &err), CAIRN_EINVAL);
	o.scale = 1;
	o.max_bytes = 50;
	ck_assert_int_eq(render_panels(support_ctx(), &job, 1, &o, &out, &err), CAIRN_ELIMIT);
}
END_TEST

START_TEST(scale_two)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Scaled");
	struct cairn_result r = {.status = RESULT_NODATA};
	struct panel_job job = {.panel = &p, .data = &r, .box = {0, 0, 200, 100}};
	struct render_opts o = {.width = 200, .height = 100, .scale = 2};
	struct render_out out;
	struct cairn_err err = {0};
	ck_assert_int_eq(render_panels(support_ctx(), &job, 1, &o, &out, &err), 0);
	cairo_surface_t *img = support_decode(&out);
	ck_assert_int_eq(cairo_image_surface_get_width(img), 400);
	ck_assert_int_eq(cairo_image_surface_get_height(img), 200);
	cairo_surface_destroy(img);
	free(out.bytes);
}
END_TEST

static double wild(size_t i, void *arg)
{
	(void)arg;
	const double v[] = {1e308, -1e308, NAN, 0, 5e-324, 42};
	return v[i % 6];
}

/* What a dashboard or a datasource can hand the drawing: samples far outside
 * the range (and NaN times), extreme values, panels too small for their
 * legend table, stacked and negated.  Nothing here may be undefined
 * behaviour (the clang build with float-cast-overflow runs this). */
START_TEST(hostile_inputs_draw)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Hostile");
	p.legend.mode = LEGEND_TABLE;
	p.legend.calcs = CALC_MEAN | CALC_MAX;
	p.defaults.custom.stacking = STACK_PERCENT;
	p.defaults.custom.transform_negative_y = true;
	p.defaults.custom.fill_opacity = 30;
	struct series s[3];
	support_series(&s[0], "wild", 64, T0, 60, wild, NULL);
	support_series(&s[1], "far", 4, T0, 60, wild, NULL);
	s[1].t[0] = -1e300;
	s[1].t[1] = T0 + 60;
	s[1].t[2] = T0 + 120;
	s[1].t[3] = 1e300;
	support_series(&s[2], "nan-times", 3, T0, 60, fifty, NULL);
	s[2].t[1] = NAN;
	struct cairn_result r;
	support_result(&r, s, 3, 60);
	const struct rect boxes[] = {{0, 0, 80, 50}, {0, 0, 10, 10}, {0, 0, 600, 300}};
	for (size_t b = 0; b < 3; b++)
		for (int style = 0; style < 3; style++) {
			p.defaults.custom.draw_style = (enum draw_style)style;
			p.legend.placement = b == 0 ? LEGEND_RIGHT : LEGEND_BOTTOM;
			struct panel_job job = {.panel = &p, .data = &r, .from = T0, .to = T0 + 3600};
			struct render_out o;
			ck_assert_int_eq(support_render1(&job, (int)boxes[b].w, (int)boxes[b].h,
			                                 FMT_PNG, THEME_DARK, &o), 0);
			free(o.bytes);
		}
	support_result_free(&r);
}
END_TEST

/* A dense series (10,000 points across 600 px) is drawn as a band: at
 * scale 1 written straight into the image's pixels (plot.c raster_band),
 * at scale 2 filled by Cairo.  The two rasterisers must agree: the 2x image
 * averaged down to 1x shows the same band, pixel for pixel within AA. */
static double dense(size_t i, void *arg)
{
	(void)arg;
	return 50 + 30 * sin((double)i * 0.002) + 8 * sin((double)i * 0.9);
}

START_TEST(dense_band_matches_cairo)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Dense");
	p.defaults.min = 0;
	p.defaults.max = 100;
	p.legend.show = false;
	struct series s;
	support_series(&s, "dense", 10000, T0, 1, dense, NULL);
	struct cairn_result r;
	support_result(&r, &s, 1, 1);
	struct panel_job job = {.panel = &p, .data = &r, .from = T0, .to = T0 + 9999};
	cairo_surface_t *one = render(&job, THEME_DARK);

	struct render_opts o = {.format = FMT_PNG, .theme = THEME_DARK, .width = W, .height = H,
	                        .scale = 2};
	job.box = (struct rect){0, 0, W, H};
	struct render_out out;
	struct cairn_err err = {0};
	ck_assert_msg(render_panels(support_ctx(), &job, 1, &o, &out, &err) == 0, "%s", err.msg);
	cairo_surface_t *two = support_decode(&out);
	free(out.bytes);

	struct rect pr = plot_rect_no_legend();
	long px = 0, differ = 0, band1 = 0, band2 = 0;
	for (int y = (int)pr.y + 2; y < (int)(pr.y + pr.h) - 2; y++)
		for (int x = (int)pr.x + 2; x < (int)(pr.x + pr.w) - 2; x++) {
			unsigned sum[3] = {0};
			for (int k = 0; k < 4; k++) {
				uint32_t c = support_px(two, 2 * x + (k & 1), 2 * y + (k >> 1));
				sum[0] += c >> 16;
				sum[1] += (c >> 8) & 0xff;
				sum[2] += c & 0xff;
			}
			uint32_t avg = (sum[0] / 4) << 16 | (sum[1] / 4) << 8 | sum[2] / 4;
			uint32_t got = support_px(one, x, y);
			px++;
			differ += support_coldiff(got, avg) > 64;
			band1 += support_coldiff(got, 0x73BF69) <= 24;
			band2 += support_coldiff(avg, 0x73BF69) <= 24;
		}
	/* The band covers a fair share of the plot (15%), the same share both
	 * ways (measured: 1 px apart in 18,107), and the pixels that differ are
	 * a few edge pixels (0.11%).  A band not widened by half the line width
	 * was 2.6% smaller, with 0.7% of pixels differing. */
	ck_assert_msg(band1 > px / 10, "band covers %ld of %ld px", band1, px);
	ck_assert_msg(labs(band1 - band2) < band2 / 100, "band %ld px at 1x, %ld at 2x", band1,
	              band2);
	ck_assert_msg(differ < px / 200, "%ld of %ld px differ", differ, px);
	cairo_surface_destroy(one);
	cairo_surface_destroy(two);
	support_result_free(&r);
}
END_TEST

static double wobble(size_t i, void *arg)
{
	size_t k = *(const size_t *)arg;
	if ((i + k) % 997 == 0)
		return NAN;
	return sin((double)i * 0.003 * (double)(k + 1)) * 40 + (double)((i * 7919 + k) % 13);
}

static struct render_out render_pool(struct panel_job *job, pool *p)
{
	struct render_opts o = {.format = FMT_PNG, .width = W, .height = H, .scale = 1, .pool = p};
	job->box = (struct rect){0, 0, W, H};
	struct render_out out = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(render_panels(support_ctx(), job, 1, &o, &out, &err), 0);
	return out;
}

/* Many samples: the series are ranged and decimated on the pool, in
 * batches (11 series, more than one batch), stacked and filled; the image
 * is the one drawn without a pool, byte for byte. */
START_TEST(pool_draws_the_same)
{
	enum { NS = 11, N = 9000 };
	static size_t ks[NS];
	struct cairn_panel p;
	support_panel(&p, "timeseries", "many samples");
	p.defaults.custom.stacking = STACK_NORMAL;
	p.defaults.custom.fill_opacity = 30;
	struct series s[NS];
	char name[16];
	for (size_t i = 0; i < NS; i++) {
		ks[i] = i;
		snprintf(name, sizeof name, "s%zu", i);
		support_series(&s[i], name, N, T0, 1, wobble, &ks[i]);
	}
	struct cairn_result r;
	support_result(&r, s, NS, 1);
	struct panel_job job = {.panel = &p, .title = p.title, .data = &r, .from = T0 - 100,
	                        .to = T0 + N - 500};
	struct render_out a = render_pool(&job, support_pool()), b = render_pool(&job, NULL);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(memcmp(a.bytes, b.bytes, a.len) == 0);
	free(a.bytes);
	free(b.bytes);
	support_result_free(&r);
}
END_TEST

Suite *make_suite(void);

static double ramp(size_t i, void *arg)
{
	(void)arg;
	return (double)i;
}

/* A right-hand axis shows its axisLabel (from the override that puts a
 * series there), beside its tick labels; with axisColorMode "series" both
 * are in the series' colour (the second palette colour, #F2CC0C). */
START_TEST(right_axis_label_and_series_colour)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Axes");
	p.legend.show = false;
	struct field_override ov = {.kind = MATCH_BY_NAME, .pattern = "b"};
	ov.props.custom.axis_placement = AXIS_RIGHT;
	ov.props.custom.axis_label = "right side";
	ov.props.custom.axis_color_series = true;
	ov.props.set = FC_SET_AXIS_PLACEMENT | FC_SET_AXIS_LABEL | FC_SET_AXIS_COLOR;
	p.overrides = &ov;
	p.n_overrides = 1;
	struct series s[2];
	support_series(&s[0], "a", 61, T0, 60, fifty, NULL);
	support_series(&s[1], "b", 61, T0, 60, ramp, NULL);
	struct cairn_result r;
	support_result(&r, s, 2, 60);
	struct panel_job job = {.panel = &p, .data = &r, .from = T0, .to = T0 + 3600};
	cairo_surface_t *img = render(&job, THEME_DARK);
	/* the rightmost 20 px of the panel hold the rotated title, in yellow */
	long title = support_count_near(img, W - 26, 40, W - 4, H - 30, 0xF2CC0C, 60);
	ck_assert_msg(title > 40, "%ld title pixels", title);
	/* tick labels left of it, yellow too; none on the left axis */
	long ticks = support_count_near(img, W - 70, 40, W - 28, H - 30, 0xF2CC0C, 60);
	ck_assert_msg(ticks > 40, "%ld right tick label pixels", ticks);
	long left = support_count_near(img, 0, 40, 40, H - 30, 0xF2CC0C, 60);
	ck_assert_int_eq(left, 0);
	cairo_surface_destroy(img);

	/* without the colour mode: the theme's text colour, and no yellow */
	ov.props.custom.axis_color_series = false;
	img = render(&job, THEME_DARK);
	ck_assert_int_eq(support_count_near(img, W - 26, 40, W - 4, H - 30, 0xF2CC0C, 60), 0);
	ck_assert_int_gt(support_count_not(img, W - 26, 40, W - 4, H - 30, 0x181B1F, 40), 40);
	cairo_surface_destroy(img);
	support_result_free(&r);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("render_draw");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, flat_series_mid_height);
	tcase_add_test(tc, no_data_text);
	tcase_add_test(tc, error_text_and_badge);
	tcase_add_test(tc, unsupported_and_row);
	tcase_add_test(tc, bad_sizes);
	tcase_add_test(tc, scale_two);
	tcase_add_test(tc, hostile_inputs_draw);
	tcase_add_test(tc, dense_band_matches_cairo);
	tcase_add_test(tc, right_axis_label_and_series_colour);
	tcase_add_test(tc, pool_draws_the_same);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
