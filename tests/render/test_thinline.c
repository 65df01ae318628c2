/*
 * test_thinline.c — thinline_stroke against Cairo's own stroke of the same
 * polyline (round joins, butt caps, OVER), and its column ranges drawn apart
 * against the whole (what plot.c's parallel drawing relies on).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include "render/thinline.h"

#define W 240
#define H 120
/* The largest channel difference against Cairo over these lines is 17, on
 * the steep zigzag (8 sub-columns sample an edge, Cairo's rasteriser a
 * 256x15 grid).  Lines without their joins were 52 off, a quarter pixel
 * to the left 43, coverage 1/16 short 25. */
#define TOL 20

static uint32_t bg(int x, int y)
{
	/* a dark panel with a little texture, so the blend's dst varies */
	return 0xff000000u | (uint32_t)(0x18 + (x * 7 + y * 3) % 16) << 16 |
	       (uint32_t)(0x1b + (x + y) % 8) << 8 | 0x1f;
}

static cairo_surface_t *canvas(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
	unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			*(uint32_t *)(void *)(px + y * stride + x * 4) = bg(x, y);
	cairo_surface_mark_dirty(s);
	return s;
}

static struct thinline_target target(cairo_surface_t *s, int x0, int x1)
{
	return (struct thinline_target){cairo_image_surface_get_data(s),
	                                cairo_image_surface_get_stride(s),
	                                x0,
	                                4,
	                                x1,
	                                H - 4};
}

static void cairo_line(cairo_surface_t *s, const double (*p)[2], size_t n, double hw, uint32_t c)
{
	cairo_t *cr = cairo_create(s);
	cairo_rectangle(cr, 0, 4, W, H - 8);
	cairo_clip(cr);
	cairo_set_source_rgba(cr, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                      ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
	cairo_set_line_width(cr, 2 * hw);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_move_to(cr, p[0][0], p[0][1]);
	for (size_t i = 1; i < n; i++)
		cairo_line_to(cr, p[i][0], p[i][1]);
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
}

static int maxdiff(cairo_surface_t *a, cairo_surface_t *b, long *npx)
{
	const unsigned char *pa = cairo_image_surface_get_data(a),
	                    *pb = cairo_image_surface_get_data(b);
	int stride = cairo_image_surface_get_stride(a), m = 0;
	*npx = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W * 4; x++) {
			int d = abs(pa[y * stride + x] - pb[y * stride + x]);
			m = d > m ? d : m;
			*npx += d > 0;
		}
	return m;
}

/* A polyline of n points, x non-decreasing, by kind. */
static size_t make_line(int kind, unsigned seed, double (*p)[2])
{
	srand(seed);
	double x = 3.3 + (rand() % 100) / 100.0, y = H / 2.0;
	size_t n = 0;
	double step = kind == 0 ? 0.7 : kind == 1 ? 1.0 : kind == 2 ? 3.1 : 0.35;
	while (x < W - 8 && n < THINLINE_MAX) {
		p[n][0] = x;
		p[n][1] = y;
		n++;
		switch (kind) {
		case 0: /* random walk */
			y += (rand() % 1000 - 500) / 120.0;
			break;
		case 1: /* steep zigzag, as case C's series */
			y = H / 2.0 + ((n & 1) ? 1 : -1) * (5 + rand() % 300 / 10.0);
			break;
		case 2: /* gentle slopes and a flat stretch */
			y += (n > 20 && n < 30) ? 0 : (rand() % 200 - 100) / 60.0;
			break;
		default: /* dense and wandering off the clip */
			y += (rand() % 1000 - 470) / 40.0;
			break;
		}
		x += step;
	}
	/* a last segment longer than the line is wide: a join disc reaches past
	 * a shorter one's butt end, where Cairo's inner join stops (thinline.h) */
	p[n - 1][0] = p[n - 2][0] + 2;
	return n;
}

START_TEST(matches_cairo)
{
	static const double widths[] = {0.5, 0.75, 1.0, 1.5};
	static const uint32_t colours[] = {0x73bf69ff, 0xf2cc0c80};
	double p[THINLINE_MAX][2];
	int worst = 0;
	for (int kind = 0; kind < 4; kind++)
		for (size_t w = 0; w < 4; w++)
			for (size_t c = 0; c < 2; c++) {
				size_t n = make_line(kind, (unsigned)(kind * 31 + w * 7 + c), p);
				cairo_surface_t *a = canvas(), *b = canvas();
				struct thinline_target t = target(a, 0, W);
				int r0, r1;
				thinline_stroke(&t, (const double(*)[2])p, n, widths[w], colours[c],
				                &r0, &r1);
				cairo_surface_mark_dirty(a);
				cairo_line(b, (const double(*)[2])p, n, widths[w], colours[c]);
				long npx;
				int d = maxdiff(a, b, &npx);
				ck_assert_msg(d <= TOL,
				              "line %d, hw %.2f, colour %08x: %d off (%ld bytes)",
				              kind, widths[w], colours[c], d, npx);
				ck_assert_msg(r0 >= 4 && r1 <= H - 4 && r1 > r0, "rows %d..%d", r0,
				              r1);
				worst = d > worst ? d : worst;
				cairo_surface_destroy(a);
				cairo_surface_destroy(b);
			}
	fprintf(stderr, "thinline vs Cairo: largest channel difference %d\n", worst);
}
END_TEST

/* Upright steps (stepped lines), repeated points and a line off the plot,
 * as plot.c gives them. */
START_TEST(steps_match_cairo)
{
	double p[THINLINE_MAX][2];
	size_t n = 0;
	for (int i = 0; i < 38 && n + 4 < THINLINE_MAX; i++) {
		double x = 5.5 + i * 5.7, y = 30 + (i * 37 % 60);
		if (n) {
			p[n][0] = x;
			p[n][1] = p[n - 1][1];
			n++;
		}
		p[n][0] = x;
		p[n][1] = y;
		n++;
	}
	/* a drop far below the clip and a climb from it: upright and nearly
	 * upright segments 1e5 px long, exact where they are seen */
	p[n][0] = p[n - 1][0];
	p[n][1] = 1e5;
	n++;
	p[n][0] = p[n - 1][0] + 0.001;
	p[n][1] = 60.25;
	n++;
	p[n][0] = p[n - 1][0];
	p[n][1] = p[n - 1][1];
	n++;
	cairo_surface_t *a = canvas(), *b = canvas();
	struct thinline_target t = target(a, 0, W);
	int r0, r1;
	thinline_stroke(&t, (const double(*)[2])p, n, 0.5, 0x5794f2ff, &r0, &r1);
	cairo_surface_mark_dirty(a);
	cairo_line(b, (const double(*)[2])p, n, 0.5, 0x5794f2ff);
	long npx;
	int d = maxdiff(a, b, &npx);
	ck_assert_msg(d <= TOL, "steps: %d off (%ld bytes)", d, npx);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
}
END_TEST

/* Column ranges drawn one after another give the same bytes as the whole,
 * and nothing outside a range is written. */
START_TEST(column_ranges_are_independent)
{
	double p[THINLINE_MAX][2];
	for (int kind = 0; kind < 4; kind++) {
		size_t n = make_line(kind, 99u + (unsigned)kind, p);
		cairo_surface_t *a = canvas(), *b = canvas(), *c = canvas();
		struct thinline_target whole = target(a, 0, W);
		int r0, r1;
		thinline_stroke(&whole, (const double(*)[2])p, n, 0.75, 0xff780aff, &r0, &r1);
		static const int cuts[] = {0, 37, 38, 101, 180, W};
		for (size_t k = 0; k + 1 < sizeof cuts / sizeof cuts[0]; k++) {
			struct thinline_target part = target(b, cuts[k], cuts[k + 1]);
			thinline_stroke(&part, (const double(*)[2])p, n, 0.75, 0xff780aff, &r0,
			                &r1);
		}
		struct thinline_target mid = target(c, 101, 180);
		thinline_stroke(&mid, (const double(*)[2])p, n, 0.75, 0xff780aff, &r0, &r1);
		long npx;
		ck_assert_int_eq(maxdiff(a, b, &npx), 0);
		const unsigned char *pc = cairo_image_surface_get_data(c);
		int stride = cairo_image_surface_get_stride(c);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if (x < 101 || x >= 180)
					ck_assert_uint_eq(
					        *(const uint32_t *)(const void *)(pc + y * stride +
					                                          x * 4),
					        bg(x, y));
		cairo_surface_destroy(a);
		cairo_surface_destroy(b);
		cairo_surface_destroy(c);
	}
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_thinline");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, matches_cairo);
	tcase_add_test(tc, steps_match_cairo);
	tcase_add_test(tc, column_ranges_are_independent);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
