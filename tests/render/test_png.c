/*
 * test_png.c — the PNG writer: round trip through cairo's and libpng's
 * readers, opaque images written as RGB, transparent ones un-premultiplied,
 * streamed in bands of any shape to the same bytes, the cap mid-stream.
 */
#include <check.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
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

/* Noise over a chart-like picture: nothing compresses to nothing, and
 * alpha (when asked) varies per pixel. */
static cairo_surface_t *noisy(int w, int h, bool alpha, unsigned seed)
{
	cairo_surface_t *s = pattern(CAIRO_FORMAT_ARGB32, w, h);
	cairo_surface_flush(s);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t x = seed * 2654435761u + 1;
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(void *)(d + (size_t)y * stride);
		for (int i = 0; i < w; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			if (x % 7 == 0)
				row[i] = 0xff000000u | (x & 0xffffff);
			if (alpha) {
				unsigned a = (x >> 8) & 0xff, r = (row[i] >> 16 & 0xff) * a / 255,
				         g = (row[i] >> 8 & 0xff) * a / 255, b = (row[i] & 0xff) * a / 255;
				row[i] = a << 24 | r << 16 | g << 8 | b;
			}
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

/* Decodes with libpng into 8-bit RGBA rows; NULL when libpng refuses. */
static unsigned char *lib_decode(const unsigned char *png, size_t len, int *w, int *h)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, png, len))
		return NULL;
	im.format = PNG_FORMAT_RGBA;
	unsigned char *px = g_malloc(PNG_IMAGE_SIZE(im));
	if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
		g_free(px);
		png_image_free(&im);
		return NULL;
	}
	*w = (int)im.width;
	*h = (int)im.height;
	return px;
}

/* Pixels whose decoded RGBA, premultiplied again, differ from the surface's. */
static long lib_differ(cairo_surface_t *s, const unsigned char *png, size_t len)
{
	int w = 0, h = 0;
	unsigned char *px = lib_decode(png, len, &w, &h);
	ck_assert_ptr_nonnull(px);
	ck_assert_int_eq(w, cairo_image_surface_get_width(s));
	ck_assert_int_eq(h, cairo_image_surface_get_height(s));
	const unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	long differ = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t want = ((const uint32_t *)(const void *)(d + (size_t)y * stride))[x];
			const unsigned char *q = px + ((size_t)y * w + x) * 4;
			unsigned a = q[3];
			uint32_t got = a << 24 | (q[0] * a + 127) / 255 << 16 |
			               (q[1] * a + 127) / 255 << 8 | (q[2] * a + 127) / 255;
			differ += got != want;
		}
	g_free(px);
	return differ;
}

/* Streams s in bands of the sizes in cut[] (cycled), on p. */
static int stream_bands(cairo_surface_t *s, enum png_compression comp, const int *cut,
                        size_t ncut, pool *p, size_t max, struct render_out *o,
                        struct cairn_err *err, int *rows_taken)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	bool opaque = cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24;
	png_stream *ps = png_stream_new(w, h, opaque, p, max);
	png_stream_set_compression(ps, comp);
	/* Each band copied out and scribbled over after the call: the stream
	 * must not keep pointers into the caller's rows. */
	unsigned char *band = g_malloc((size_t)h * stride);
	int rc = 0, y = 0;
	for (size_t k = 0; y < h && rc == 0; k++) {
		int n = cut[k % ncut];
		n = n > h - y ? h - y : n;
		memcpy(band, d + (size_t)y * stride, (size_t)n * stride);
		rc = png_stream_rows(ps, band, stride, n, err);
		memset(band, 0x5a, (size_t)n * stride);
		if (rc == 0)
			y += n;
	}
	if (rows_taken)
		*rows_taken = y;
	if (rc == 0)
		rc = png_stream_finish(ps, &o->bytes, &o->len, err);
	png_stream_free(ps);
	g_free(band);
	return rc;
}

/* Bands of every shape, opaque and not, pooled or not: the same bytes as
 * png_encode, and libpng reads back the surface's pixels. */
static void bands_same_bytes(cairo_format_t fmt, bool alpha, enum png_compression comp)
{
	static const int cuts[][4] = {{1}, {3}, {7, 1, 200, 2}, {127}, {128}, {129}, {300, 5},
	                              {1000}, {333, 1, 1, 64}};
	static const size_t ncut[] = {1, 1, 4, 1, 1, 1, 2, 1, 4};
	cairo_surface_t *src = noisy(61, 517, alpha, 7);
	cairo_surface_t *s = cairo_image_surface_create(fmt, 61, 517);
	cairo_t *cr = cairo_create(s);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, src, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	struct render_out ref = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode_as(s, comp, NULL, 0, &ref.bytes, &ref.len, &err), 0);
	ck_assert_int_eq(ref.bytes[25], alpha ? 6 : 2);
	ck_assert_int_eq(lib_differ(s, ref.bytes, ref.len), 0);
	for (size_t c = 0; c < G_N_ELEMENTS(ncut); c++)
		for (int pooled = 0; pooled < 2; pooled++) {
			struct render_out o = {0};
			if (fmt == CAIRO_FORMAT_ARGB32 && !alpha)
				continue; /* png_encode finds it opaque; the stream is told */
			ck_assert_int_eq(stream_bands(s, comp, cuts[c], ncut[c], pooled ? support_pool() : NULL,
			                              0, &o, &err, NULL),
			                 0);
			ck_assert_uint_eq(o.len, ref.len);
			ck_assert_msg(memcmp(o.bytes, ref.bytes, o.len) == 0, "cut %zu pooled %d", c,
			              pooled);
			g_free(o.bytes);
		}
	g_free(ref.bytes);
	cairo_surface_destroy(s);
	cairo_surface_destroy(src);
}

START_TEST(stream_bands_rgb)
{
	bands_same_bytes(CAIRO_FORMAT_RGB24, false, PNG_FAST);
}
END_TEST

START_TEST(stream_bands_rgb_small)
{
	bands_same_bytes(CAIRO_FORMAT_RGB24, false, PNG_SMALL);
}
END_TEST

START_TEST(stream_bands_rgba_small)
{
	bands_same_bytes(CAIRO_FORMAT_ARGB32, true, PNG_SMALL);
}
END_TEST

/* PNG_SMALL is smaller on a chart-like picture (and on noise no bigger),
 * and reads back the same. */
START_TEST(small_is_smaller)
{
	cairo_surface_t *s = pattern(CAIRO_FORMAT_RGB24, 1000, 500);
	struct render_out f = {0}, m = {0};
	struct cairn_err err = {0};
	ck_assert_int_eq(png_encode_as(s, PNG_FAST, support_pool(), 0, &f.bytes, &f.len, &err), 0);
	ck_assert_int_eq(png_encode_as(s, PNG_SMALL, support_pool(), 0, &m.bytes, &m.len, &err), 0);
	ck_assert_uint_lt(m.len, f.len * 95 / 100);
	ck_assert_int_eq(lib_differ(s, m.bytes, m.len), 0);
	ck_assert_int_eq(lib_differ(s, f.bytes, f.len), 0);
	g_free(f.bytes);
	g_free(m.bytes);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(stream_bands_rgba)
{
	bands_same_bytes(CAIRO_FORMAT_ARGB32, true, PNG_FAST);
}
END_TEST

/* The cap stops the stream while rows still come, not only at the end. */
START_TEST(stream_cap_mid_stream)
{
	cairo_surface_t *s = noisy(200, 1500, false, 3);
	cairo_surface_t *o24 = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 1500);
	cairo_t *cr = cairo_create(o24);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(o24);
	static const int cut[] = {10};
	struct render_out o = {0};
	struct cairn_err err = {0};
	int rows = 0;
	ck_assert_int_eq(stream_bands(o24, PNG_FAST, cut, 1, support_pool(), 20000, &o, &err, &rows),
	                 CAIRN_ELIMIT);
	ck_assert_ptr_null(o.bytes);
	ck_assert_int_lt(rows, 1500);
	ck_assert_ptr_nonnull(strstr(err.msg, "20000"));
	/* Without the cap it is well over: the test is not vacuous. */
	ck_assert_int_eq(png_encode(o24, NULL, 0, &o.bytes, &o.len, &err), 0);
	ck_assert_uint_gt(o.len, 100000);
	g_free(o.bytes);
	cairo_surface_destroy(o24);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(stream_misuse)
{
	unsigned char row[4 * 4] = {0};
	struct cairn_err err = {0};
	unsigned char *out = NULL;
	size_t len = 0;
	png_stream *s = png_stream_new(4, 2, true, NULL, 0);
	ck_assert_int_eq(png_stream_rows(s, row, 16, 1, &err), 0);
	ck_assert_int_eq(png_stream_finish(s, &out, &len, &err), CAIRN_EINVAL);
	ck_assert_ptr_null(out);
	png_stream_free(s);
	s = png_stream_new(4, 2, true, NULL, 0);
	ck_assert_int_eq(png_stream_rows(s, row, 0, 3, &err), CAIRN_EINVAL);
	ck_assert_int_eq(png_stream_rows(s, row, 0, 1, &err), CAIRN_EINVAL);
	png_stream_free(s);
	s = png_stream_new(0, 2, true, NULL, 0);
	ck_assert_int_eq(png_stream_rows(s, row, 0, 1, &err), CAIRN_EINVAL);
	png_stream_free(s);
	png_stream_free(NULL);
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
	tcase_add_test(tc, stream_bands_rgb);
	tcase_add_test(tc, stream_bands_rgba);
	tcase_add_test(tc, stream_bands_rgb_small);
	tcase_add_test(tc, stream_bands_rgba_small);
	tcase_add_test(tc, small_is_smaller);
	tcase_add_test(tc, stream_cap_mid_stream);
	tcase_add_test(tc, stream_misuse);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
