/*
 * test_fdeflate.c — the deflate encoder round-trips through zlib's inflate
 * for every kind of input: empty, one byte, all zeros, all 0xff, random
 * bytes, runs across block and piece edges, the 258-byte match limit, the
 * 32 KiB window, pieces chained as png.c chains its strips, and the golden
 * images UP-filtered as png.c filters them.  Built twice: with SSE2 and
 * with the portable path (-DFDEFLATE_PORTABLE).
 */
#include <check.h>
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <zlib.h>
#include "render/fdeflate.h"

/* Inflates a raw deflate stream expected to hold exactly want[0..n). */
static void expect_inflates(const unsigned char *z, size_t zlen, const unsigned char *want,
                            size_t n)
{
	z_stream s = {0};
	ck_assert_int_eq(inflateInit2(&s, -15), Z_OK);
	unsigned char *got = g_malloc(n + 1);
	s.next_in = (unsigned char *)z;
	s.avail_in = (uInt)zlen;
	s.next_out = got;
	s.avail_out = (uInt)(n + 1);
	int rc = inflate(&s, Z_FINISH);
	ck_assert_msg(rc == Z_STREAM_END, "inflate: %d (%s) after %lu of %zu bytes", rc,
	              s.msg ? s.msg : "", s.total_out, n);
	ck_assert_uint_eq(s.total_out, n);
	ck_assert_uint_eq(s.avail_in, 0);
	ck_assert(n == 0 || memcmp(got, want, n) == 0);
	inflateEnd(&s);
	g_free(got);
}

/* Compresses in[0..n) cut into pieces at cuts[] (the last final), checks
 * the bound and the round trip; returns the compressed size. */
static size_t round_trip_pieces(const unsigned char *in, size_t n, const size_t *cuts,
                                size_t ncuts)
{
	fdeflate *z = fdeflate_new();
	size_t cap = 0, prev = 0;
	for (size_t k = 0; k <= ncuts; k++) {
		size_t end = k < ncuts ? cuts[k] : n;
		cap += fdeflate_bound(end - prev);
		prev = end;
	}
	unsigned char *out = g_malloc(cap), *o = out;
	prev = 0;
	for (size_t k = 0; k <= ncuts; k++) {
		size_t end = k < ncuts ? cuts[k] : n;
		/* in may be NULL for the empty input: no offset on it then. */
		size_t w = fdeflate_raw(z, in ? in + prev : NULL, end - prev, k == ncuts, o);
		ck_assert_uint_le(w, fdeflate_bound(end - prev));
		o += w;
		prev = end;
	}
	size_t len = (size_t)(o - out);
	expect_inflates(out, len, in, n);
	g_free(out);
	fdeflate_free(z);
	return len;
}

static size_t round_trip(const unsigned char *in, size_t n)
{
	return round_trip_pieces(in, n, NULL, 0);
}

static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

START_TEST(empty_and_one_byte)
{
	unsigned char b = 0x42;
	ck_assert_uint_le(round_trip(NULL, 0), 2);
	round_trip(&b, 1);
	b = 0;
	round_trip(&b, 1);
	size_t cut = 0;
	round_trip_pieces(&b, 1, &cut, 1);   /* an empty piece first */
	cut = 1;
	round_trip_pieces(&b, 1, &cut, 1);   /* an empty final piece */
}
END_TEST

START_TEST(zeros_and_ones)
{
	static const size_t sizes[] = {2, 3, 4, 5, 16, 17, 258, 259, 260, 1000, 65535, 65536, 1 << 20};
	for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
		unsigned char *b = g_malloc0(sizes[k]);
		size_t z = round_trip(b, sizes[k]);
		if (sizes[k] == 1 << 20)
			ck_assert_uint_lt(z, 3000); /* about 1 bit per 258 bytes and codes */
		memset(b, 0xff, sizes[k]);
		round_trip(b, sizes[k]);
		g_free(b);
	}
}
END_TEST

/* Random bytes do not compress: they go stored, within the bound. */
START_TEST(random_bytes)
{
	uint32_t x = 12345;
	static const size_t sizes[] = {1, 7, 100, 4096, 65535, 65536, 70000, 300000};
	for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
		unsigned char *b = g_malloc(sizes[k]);
		for (size_t i = 0; i < sizes[k]; i++)
			b[i] = (unsigned char)rnd(&x);
		size_t z = round_trip(b, sizes[k]);
		ck_assert_uint_le(z, sizes[k] + 5 * (sizes[k] / 16384 + 1) + 8); /* a stored block per 16384 tokens */
		g_free(b);
	}
}
END_TEST

/* A literal, then a run of every length around the 258 limit. */
START_TEST(match_length_limit)
{
	for (size_t run = 250; run <= 520; run++) {
		unsigned char b[600];
		memset(b, 0, sizeof b);
		b[0] = 9;
		memset(b + 1, 7, run);
		b[1 + run] = 3;
		round_trip(b, run + 2);
		round_trip(b, run + 1);
	}
}
END_TEST

/* A pattern repeated at distances around the window's 32 KiB. */
START_TEST(window_limit)
{
	uint32_t x = 99;
	for (size_t dist = 32760; dist <= 32776; dist++) {
		size_t n = dist + 400;
		unsigned char *b = g_malloc(n);
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)rnd(&x);
		memcpy(b + dist, b, 400);
		size_t z = round_trip(b, n);
		if (dist <= 32768)
			ck_assert_uint_lt(z, dist + 100); /* the repeat was matched */
		g_free(b);
	}
}
END_TEST

/* Many tokens (several blocks), runs and repeats crossing the block and
 * piece edges, pieces of every size. */
START_TEST(blocks_and_pieces)
{
	uint32_t x = 7;
	size_t n = 400000;
	unsigned char *b = g_malloc(n);
	for (size_t i = 0; i < n;) {
		uint32_t r = rnd(&x);
		size_t len = 1 + r % 40;
		if (len > n - i)
			len = n - i;
		switch (r >> 28 & 3) {
		case 0:
			memset(b + i, (int)(r >> 8 & 1), len);
			break;
		case 1:
			for (size_t k = 0; k < len; k++)
				b[i + k] = i + k >= 3001 ? b[i + k - 3001] : 0;
			break;
		default:
			for (size_t k = 0; k < len; k++)
				b[i + k] = (unsigned char)rnd(&x);
		}
		i += len;
	}
	round_trip(b, n);
	static const size_t cuts[] = {1, 2, 258, 16384, 16385, 100000, 100000, 399999};
	round_trip_pieces(b, n, cuts, G_N_ELEMENTS(cuts));
	/* Long zero runs cut by literals a block apart. */
	memset(b, 0, n);
	for (size_t i = 0; i < n; i += 3001)
		b[i] = 2;
	size_t z = round_trip(b, n);
	ck_assert_uint_lt(z, 2000);
	g_free(b);
}
END_TEST

/* Structured random inputs of random shapes: a small fuzz in the suite. */
START_TEST(random_shapes)
{
	uint32_t x = 2026;
	for (int t = 0; t < 300; t++) {
		size_t n = rnd(&x) % 5000;
		unsigned alphabet = 1 + rnd(&x) % 4;
		unsigned char *b = g_malloc(n + 1);
		for (size_t i = 0; i < n; i++) {
			uint32_t r = rnd(&x);
			b[i] = r % 3 == 0 && i >= 300 ? b[i - 1 - r % 300] : (unsigned char)(r % alphabet);
		}
		round_trip(b, n);
		g_free(b);
	}
}
END_TEST

/* The golden images, UP-filtered RGB rows as png.c deflates them. */
START_TEST(golden_images)
{
	static const char *const names[] = {"render-dashboard-dark.png", "render-table-light.png"};
	const char *dir = getenv("CAIRN_GOLDEN_DIR");
	ck_assert_ptr_nonnull(dir);
	for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
		char *path = g_build_filename(dir, names[k], NULL);
		cairo_surface_t *s = cairo_image_surface_create_from_png(path);
		ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
		int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
		int stride = cairo_image_surface_get_stride(s);
		const unsigned char *d = cairo_image_surface_get_data(s);
		size_t rowb = 1 + 3 * (size_t)w, n = rowb * (size_t)h;
		unsigned char *f = g_malloc(n);
		for (int y = 0; y < h; y++) {
			unsigned char *o = f + rowb * (size_t)y;
			*o++ = 2;
			for (int i = 0; i < w; i++) {
				uint32_t p = ((const uint32_t *)(const void *)(d + (size_t)y * stride))[i];
				uint32_t q = y ? ((const uint32_t *)(const void *)(d + (size_t)(y - 1) * stride))[i]
				               : 0;
				*o++ = (unsigned char)((p >> 16) - (q >> 16));
				*o++ = (unsigned char)((p >> 8) - (q >> 8));
				*o++ = (unsigned char)(p - q);
			}
		}
		size_t cuts[64], nc = 0;
		for (int y = 128; y < h && nc < 64; y += 128)
			cuts[nc++] = rowb * (size_t)y;
		size_t z = round_trip_pieces(f, n, cuts, nc);
		ck_assert_uint_lt(z, n / 4);
		g_free(f);
		g_free(path);
		cairo_surface_destroy(s);
	}
}
END_TEST

/* The same input gives the same bytes, whatever the encoder did before. */
START_TEST(deterministic)
{
	uint32_t x = 5;
	size_t n = 50000;
	unsigned char *b = g_malloc(n);
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(rnd(&x) % 3 ? 0 : rnd(&x) % 5);
	unsigned char *a = g_malloc(fdeflate_bound(n)), *c = g_malloc(fdeflate_bound(n));
	fdeflate *z1 = fdeflate_new(), *z2 = fdeflate_new();
	size_t la = fdeflate_raw(z1, b, n, false, a);
	for (int k = 0; k < 3; k++)
		fdeflate_raw(z2, b + k * 1000, n - 30000, k == 1, c);
	size_t lc = fdeflate_raw(z2, b, n, false, c);
	ck_assert_uint_eq(la, lc);
	ck_assert(memcmp(a, c, la) == 0);
	fdeflate_free(z1);
	fdeflate_free(z2);
	g_free(a);
	g_free(c);
	g_free(b);
}
END_TEST

Suite *make_suite(void);

Suite *make_suite(void)
{
	Suite *s = suite_create("render_fdeflate");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, empty_and_one_byte);
	tcase_add_test(tc, zeros_and_ones);
	tcase_add_test(tc, random_bytes);
	tcase_add_test(tc, match_length_limit);
	tcase_add_test(tc, window_limit);
	tcase_add_test(tc, blocks_and_pieces);
	tcase_add_test(tc, random_shapes);
	tcase_add_test(tc, golden_images);
	tcase_add_test(tc, deterministic);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
