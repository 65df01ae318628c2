/*
 * test_bands.c — a PNG made a band of rows at a time equals the whole
 * canvas: bands.c on synthetic panels (overlapping, straddling bands, off
 * the canvas, drawing held back by a short look-ahead) against a canvas
 * composed here in job order, and render_panels on a dashboard whose
 * panels straddle band boundaries at several band heights and scales
 * against the same dashboard in one band.
 */
#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "render/bands.h"
#include "support.h"

#define SW 97
#define SH 500
#define SN 40

/* Panel i's pixel at canvas (x, y): depends on both, so a row or column
 * out of place shows. */
static uint32_t pattern(size_t i, int x, int y)
{
	uint32_t v = (uint32_t)(i * 2654435761u) ^ (uint32_t)(x * 40503) ^ (uint32_t)(y * 9973);
	return v & 0xffffff;
}

struct synth {
	struct dev_rect rects[SN];
	int drawn[SN];
};

static void synth_draw(void *arg, size_t i, cairo_surface_t *s)
{
	struct synth *sy = arg;
	const struct dev_rect *r = &sy->rects[i];
	ck_assert_int_eq(cairo_image_surface_get_width(s), r->w);
	ck_assert_int_eq(cairo_image_surface_get_height(s), r->h);
	cairo_surface_flush(s);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < r->h; y++)
		for (int x = 0; x < r->w; x++)
			((uint32_t *)(d + (size_t)y * stride))[x] = pattern(i, r->x + x, r->y + y);
	cairo_surface_mark_dirty(s);
	g_atomic_int_inc(&sy->drawn[i]);
}

/* A colour and a box 7.5 px down, in user space: the band's offset shows. */
static int synth_background(void *arg, cairo_t *cr, int y0, int y1, struct cairn_err *err)
{
	(void)arg, (void)y0, (void)y1, (void)err;
	cairo_set_source_rgb(cr, 0.1, 0.2, 0.3);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.9, 0.5, 0.1);
	cairo_rectangle(cr, 3, 7.5, 60, 200.25);
	cairo_fill(cr);
	return 0;
}

static void synth_init(struct synth *sy)
{
	memset(sy, 0, sizeof *sy);
	GRand *rnd = g_rand_new_with_seed(12);
	for (int i = 0; i < SN; i++) {
		int x = g_rand_int_range(rnd, 0, SW - 1), y = g_rand_int_range(rnd, 0, SH - 1);
		int w = g_rand_int_range(rnd, 1, SW - x + 1), h = g_rand_int_range(rnd, 1, 160);
		sy->rects[i] = (struct dev_rect){x, y, w, MIN(h, SH - y)};
	}
	sy->rects[5] = (struct dev_rect){0, 0, 0, 0};      /* off the canvas */
	sy->rects[6] = (struct dev_rect){0, 100, SW, 300}; /* under everything after it */
	sy->rects[7] = (struct dev_rect){10, 480, 20, 20}; /* the last row */
	g_rand_free(rnd);
}

/* The canvas bands.c should make: background, then each panel in order. */
static cairo_surface_t *synth_expect(struct synth *sy)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SW, SH);
	cairo_t *cr = cairo_create(img);
	synth_background(NULL, cr, 0, SH, NULL);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	unsigned char *d = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	for (size_t i = 0; i < SN; i++) {
		const struct dev_rect *r = &sy->rects[i];
		for (int y = r->y; y < r->y + r->h && r->w; y++)
			for (int x = r->x; x < r->x + r->w; x++)
				((uint32_t *)(d + (size_t)y * stride))[x] = pattern(i, x, y);
	}
	cairo_surface_mark_dirty(img);
	return img;
}

static long differing(cairo_surface_t *a, cairo_surface_t *b)
{
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	ck_assert_int_eq(w, cairo_image_surface_get_width(b));
	ck_assert_int_eq(h, cairo_image_surface_get_height(b));
	long n = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			n += support_px(a, x, y) != support_px(b, x, y);
	return n;
}

static const int band_rows[] = {1, 3, 16, 64, 499, 500, 0};
static const int ahead_rows[] = {1, 40, 0};

START_TEST(synthetic_bands_equal_the_canvas)
{
	struct synth sy;
	synth_init(&sy);
	cairo_surface_t *want = synth_expect(&sy);
	for (size_t bi = 0; bi < G_N_ELEMENTS(band_rows); bi++)
		for (size_t ai = 0; ai < G_N_ELEMENTS(ahead_rows); ai++)
			for (int pooled = 0; pooled < 2; pooled++) {
				memset(sy.drawn, 0, sizeof sy.drawn);
				struct bands_spec s = {.w = SW,
				                       .h = SH,
				                       .scale = 1,
				                       .band_rows = band_rows[bi],
				                       .ahead_rows = ahead_rows[ai],
				                       .n = SN,
				                       .rects = sy.rects,
				                       .draw = synth_draw,
				                       .background = synth_background,
				                       .arg = &sy,
				                       .pool = pooled ? support_pool() : NULL};
				struct render_out out = {0};
				struct cairn_err err = {0};
				ck_assert_msg(bands_render(&s, &out.bytes, &out.len, &err) == 0,
				              "%s", err.msg);
				cairo_surface_t *got = support_decode(&out);
				ck_assert_msg(differing(got, want) == 0,
				              "band %d, ahead %d, pooled %d: %ld pixels differ",
				              band_rows[bi], ahead_rows[ai], pooled,
				              differing(got, want));
				for (int i = 0; i < SN; i++)
					ck_assert_int_eq(sy.drawn[i], i == 5 ? 0 : 1);
				cairo_surface_destroy(got);
				free(out.bytes);
			}
	cairo_surface_destroy(want);
}
END_TEST

/* Every panel's pixels go back to the budget, and the cap on the PNG holds. */
START_TEST(synthetic_budget_and_cap)
{
	struct synth sy;
	synth_init(&sy);
	struct cairn_limits l;
	limits_default(&l);
	struct budget b;
	budget_init(&b, &l);
	uint64_t px = 0;
	for (int i = 0; i < SN; i++)
		px += (uint64_t)sy.rects[i].w * (uint64_t)sy.rects[i].h;
	struct cairn_err err = {0};
	for (int capped = 0; capped < 2; capped++) {
		ck_assert_int_eq(budget_take(&b, BUDGET_PIXELS, px, &err), 0);
		struct bands_spec s = {.w = SW,
		                       .h = SH,
		                       .scale = 1,
		                       .band_rows = 16,
		                       .n = SN,
		                       .rects = sy.rects,
		                       .draw = synth_draw,
		                       .background = synth_background,
		                       .arg = &sy,
		                       .pool = support_pool(),
		                       .budget = &b,
		                       .max_bytes = capped ? 1000 : 0};
		unsigned char *bytes = NULL;
		size_t len = 0;
		int rc = bands_render(&s, &bytes, &len, &err);
		ck_assert_int_eq(rc, capped ? CAIRN_ELIMIT : 0);
		ck_assert(capped ? bytes == NULL : bytes != NULL);
		free(bytes);
		ck_assert_uint_eq(atomic_load(&b.used[BUDGET_PIXELS]), 0);
	}
}
END_TEST

/* The shared dashboard (jobs.h) with a title, its boxes moved by fractions
 * of a pixel so that panels meet inside device pixels, one panel laid over
 * two others and one partly off the canvas. */
static void render_jobs_as(double scale, int rows, enum png_compression c, struct render_out *out)
{
	struct jobs j;
	jobs_init(&j);
	for (int i = 0; i < JOBS_N; i++) {
		j.job[i].box.x += 0.37 * i;
		j.job[i].box.y += 40 + 0.61 * i;
	}
	j.job[2].box.y -= 120; /* over the panel above it */
	j.job[4].box.x = JOBS_W - 150.5;
	struct render_opts o = {.format = FMT_PNG,
	                        .width = JOBS_W,
	                        .height = JOBS_H + 40,
	                        .scale = scale,
	                        .theme = THEME_DARK,
	                        .title = "Bands: a title",
	                        .title_height = 40,
	                        .pool = support_pool(),
	                        .band_rows = rows,
	                        .png_compression = c};
	struct cairn_err err = {0};
	ck_assert_msg(render_panels(support_ctx(), j.job, JOBS_N, &o, out, &err) == 0, "%s",
	              err.msg);
	jobs_fini(&j);
}

static void render_jobs(double scale, int rows, struct render_out *out)
{
	render_jobs_as(scale, rows, PNG_FAST, out);
}

START_TEST(dashboard_bands_equal_one_band)
{
	static const double scales[] = {1, 1.5, 2};
	static const int rows[] = {1, 7, 64, 100, 333};
	for (size_t si = 0; si < G_N_ELEMENTS(scales); si++) {
		struct render_out whole = {0};
		render_jobs(scales[si], 32767, &whole);
		cairo_surface_t *want = support_decode(&whole);
		for (size_t ri = 0; ri < G_N_ELEMENTS(rows); ri++) {
			struct render_out out = {0};
			render_jobs(scales[si], rows[ri], &out);
			cairo_surface_t *got = support_decode(&out);
			long n = differing(got, want);
			ck_assert_msg(n == 0, "scale %g, %d rows a band: %ld pixels differ",
			              scales[si], rows[ri], n);
			cairo_surface_destroy(got);
			free(out.bytes);
		}
		cairo_surface_destroy(want);
		free(whole.bytes);
	}
}
END_TEST

/* The caller's compression reaches the stream: other bytes, same pixels. */
START_TEST(dashboard_bands_small_png)
{
	struct render_out fast = {0}, small = {0};
	render_jobs_as(1, 100, PNG_FAST, &fast);
	render_jobs_as(1, 100, PNG_SMALL, &small);
	ck_assert(fast.len != small.len || memcmp(fast.bytes, small.bytes, fast.len) != 0);
	cairo_surface_t *a = support_decode(&fast), *b = support_decode(&small);
	ck_assert_int_eq(differing(a, b), 0);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
	free(fast.bytes);
	free(small.bytes);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_bands");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, synthetic_bands_equal_the_canvas);
	tcase_add_test(tc, synthetic_budget_and_cap);
	tcase_add_test(tc, dashboard_bands_equal_one_band);
	tcase_add_test(tc, dashboard_bands_small_png);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
