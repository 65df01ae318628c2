/*
 * test_plot.c — plot_draw_series with the pool gives the bytes it gives
 * without: the lines written straight into the pixels are split between
 * threads by columns, each drawing every series in order (plot.c's rq).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include "render/plot.h"
#include "support.h"

#define W  640
#define H  320
#define T0 1700000000.0
#define NS 120

/* A wandering value per series, 1,000 samples: sparse lines. */
static double walk(size_t i, void *arg)
{
	unsigned k = *(const unsigned *)arg;
	return 50 + 40 * sin((double)i * (0.05 + 0.003 * k) + k) +
	       (double)((i * 7919u + k * 31u) % 13);
}

/* 20,000 samples across the plot: dense bands. */
static double dense(size_t i, void *arg)
{
	(void)arg;
	return 50 + 30 * sin((double)i * 0.002) + 8 * sin((double)i * 0.9);
}

static cairo_surface_t *draw(const struct plot *pl)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.09, 0.1, 0.12);
	cairo_paint(cr);
	plot_draw_series(cr, pl);
	ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	return img;
}

START_TEST(pool_gives_the_same_bytes)
{
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Many");
	struct series *s = g_new0(struct series, NS);
	unsigned *keys = g_new(unsigned, NS);
	for (unsigned k = 0; k < NS; k++) {
		keys[k] = k;
		char name[16];
		g_snprintf(name, sizeof name, "pod-%u", k);
		if (k == 7)
			support_series(&s[k], name, 20000, T0, 0.05, dense, NULL);
		else
			support_series(&s[k], name, 1000, T0, 1, walk, &keys[k]);
	}
	const struct theme *th = theme_get(THEME_DARK);
	struct field_res *f = g_new0(struct field_res, NS);
	struct cairn_err err = {0};
	ck_assert_int_eq(fields_resolve(&p, th, s, NS, NULL, f, NULL, &err), 0);
	/* Cairo's drawing between the direct ones: a fill, a dashed line, a
	 * stepped one, points, a wider line. */
	f[3].fc.custom.fill_opacity = 30;
	f[11].fc.custom.line_fill = LINE_DASH;
	f[12].fc.custom.line_interp = INTERP_STEP_AFTER;
	f[20].fc.custom.show_points = POINTS_ALWAYS;
	f[21].fc.custom.line_width = 3;
	struct plot_series *ss = g_new0(struct plot_series, NS);
	for (size_t i = 0; i < NS; i++)
		ss[i] = (struct plot_series){.s = &s[i],
		                             .f = &f[i],
		                             .t = s[i].t,
		                             .v = s[i].v,
		                             .n = s[i].n,
		                             .stack_prev = -1,
		                             .stack_group = -1};
	struct plot pl = {.r = {40.5, 10.5, 580, 280},
	                  .from = T0,
	                  .to = T0 + 999,
	                  .step = 1,
	                  .sc = {{.min = 0, .max = 110}, {.min = 0, .max = 110}},
	                  .ss = ss,
	                  .n = NS,
	                  .th = th};
	cairo_surface_t *one = draw(&pl);
	pl.pool = support_pool();
	cairo_surface_t *two = draw(&pl);
	const unsigned char *a = cairo_image_surface_get_data(one),
	                    *b = cairo_image_surface_get_data(two);
	int stride = cairo_image_surface_get_stride(one);
	long differ = 0, drawn = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			uint32_t pa = *(const uint32_t *)(const void *)(a + y * stride + x * 4),
			         pb = *(const uint32_t *)(const void *)(b + y * stride + x * 4);
			differ += pa != pb;
			drawn += support_coldiff(pa, 0x171a1f) > 8;
		}
	ck_assert_msg(drawn > W * H / 4, "only %ld px drawn", drawn);
	ck_assert_msg(differ == 0, "%ld px differ with the pool", differ);
	cairo_surface_destroy(one);
	cairo_surface_destroy(two);
	struct cairn_result r;
	support_result(&r, s, NS, 1);
	support_result_free(&r);
	g_free(s);
	g_free(ss);
	g_free(f);
	g_free(keys);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_plot");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, pool_gives_the_same_bytes);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
