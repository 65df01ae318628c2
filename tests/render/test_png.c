/*
 * test_png.c — the libpng writer: round trip through cairo's PNG reader,
 * opaque images written as RGB, transparent ones un-premultiplied, the cap.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "render/png.h"
#include "support.h"

static cairo_surface_t *pattern(cairo_format_t fmt, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.094, 0.106, 0.122);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.45, 0.75, 0.41);
	cairo_set_line_width(cr, 1.3);
	for (int i = 0; i < 20; i++) {
		cairo_move_to(cr, i * 7.3, 0);
		cairo_line_to(cr, w - i * 3.1, h);
	}
	cairo_stroke(cr);
	cairo_destroy(cr);
	return s;
}

START_TEST(round_trip_rgb)
{
	cairo_surface_t *s = pattern(CAIRO_FORMAT_ARGB32, 123, 77);
	struct render_out o = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode(s, NULL, 0, &o.bytes, &o.len, &err), 0);
	ck_assert(memcmp(o.bytes, "\x89PNG\r\n\x1a\n", 8) == 0);
	ck_assert_int_eq(o.bytes[25], 2); /* IHDR colour type 2: RGB, no alpha */
	cairo_surface_t *back = support_decode(&o);
	ck_assert_int_eq(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_image_surface_get_width(back), 123);
	for (int y = 0; y < 77; y++)
		for (int x = 0; x < 123; x++)
			ck_assert_uint_eq(support_px(back, x, y), support_px(s, x, y));
	cairo_surface_destroy(back);
	cairo_surface_destroy(s);
	free(o.bytes);
}
END_TEST

START_TEST(round_trip_alpha)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 1);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgba(cr, 1, 0.5, 0, 0.5);
	cairo_paint(cr);
	cairo_destroy(cr);
	struct render_out o = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode(s, NULL, 0, &o.bytes, &o.len, &err), 0);
	ck_assert_int_eq(o.bytes[25], 6); /* RGBA */
	cairo_surface_t *back = support_decode(&o);
	cairo_surface_flush(s);
	const uint32_t *a = (const uint32_t *)(const void *)cairo_image_surface_get_data(s);
	const uint32_t *b = (const uint32_t *)(const void *)cairo_image_surface_get_data(back);
	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(a[i] >> 24, b[i] >> 24);
		ck_assert_int_le(support_coldiff(a[i] & 0xffffff, b[i] & 0xffffff), 2);
	}
	cairo_surface_destroy(back);
	cairo_surface_destroy(s);
	free(o.bytes);
}
END_TEST

/* A tall image is deflated in 8 strips: it still decodes pixel for pixel,
 * and the bytes are the same whether the strips ran on a pool or not. */
START_TEST(strips_round_trip_and_same_bytes)
{
	cairo_surface_t *s = pattern(CAIRO_FORMAT_RGB24, 97, 1100);
	struct render_out a = {0}, b = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode(s, NULL, 0, &a.bytes, &a.len, &err), 0);
	ck_assert_int_eq(png_encode(s, support_pool(), 0, &b.bytes, &b.len, &err), 0);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(memcmp(a.bytes, b.bytes, a.len) == 0);
	cairo_surface_t *back = support_decode(&b);
	ck_assert_int_eq(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	long differ = 0;
	for (int y = 0; y < 1100; y++)
		for (int x = 0; x < 97; x++)
			differ += support_px(back, x, y) != support_px(s, x, y);
	ck_assert_int_eq(differ, 0);
	cairo_surface_destroy(back);
	cairo_surface_destroy(s);
	free(a.bytes);
	free(b.bytes);
}
END_TEST

START_TEST(cap)
{
	cairo_surface_t *s = pattern(CAIRO_FORMAT_RGB24, 200, 200);
	struct render_out o = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode(s, NULL, 100, &o.bytes, &o.len, &err), CAIRN_ELIMIT);
	ck_assert_ptr_null(o.bytes);
	ck_assert_ptr_nonnull(strstr(err.msg, "100"));
	cairo_surface_destroy(s);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_png");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, round_trip_rgb);
	tcase_add_test(tc, round_trip_alpha);
	tcase_add_test(tc, strips_round_trip_and_same_bytes);
	tcase_add_test(tc, cap);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
