/*
 * png.c — PNG encoding into memory: libpng writes the signature, the
 * header and the chunks (with their CRCs); the image data is filtered and
 * deflated here, in horizontal strips compressed at once on the worker
 * pool, as pigz does: each strip is a raw deflate stream ending on a byte
 * boundary (Z_SYNC_FLUSH; the last one Z_FINISH), so their concatenation
 * behind one zlib header, with the strips' Adler-32s combined, is one valid
 * zlib stream.  A strip's dictionary starts empty (measured: 55 bytes more
 * on the 95 KB bench image).
 *
 * The canvas is opaque, so rows are 8-bit RGB (no alpha, no
 * un-premultiplying): a quarter fewer bytes to compress.  zlib level 1
 * with the UP filter: measured on the 1000x500 bench image (4 dense
 * series) UP encodes in 4.5 ms to 79 KB where SUB took 7.9 ms for 145 KB and
 * NONE 7.7 ms for 131 KB (Z_RLE: no faster, larger; level 0: 1.3 ms but
 * 1.5 MB; libdeflate 1.14: no faster at any level).  Surfaces with
 * transparency are RGBA.
 */
#include "render/png.h"

#include "base/buf.h"

#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>
#include <zlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/* Whether the CPU has SSSE3 (every thread finds the same answer). */
static bool have_ssse3(void)
{
	static int known = -1;
	int have = __atomic_load_n(&known, __ATOMIC_RELAXED);
	if (have < 0) {
		have = __builtin_cpu_supports("ssse3") ? 1 : 0;
		__atomic_store_n(&known, have, __ATOMIC_RELAXED);
	}
	return have;
}
#endif

/* Strips of about this many rows, at most STRIPS_MAX: the count depends on
 * the image alone, never on the pool, so the same image gives the same
 * bytes (and ETag) on any machine, pooled or not. */
#define STRIP_ROWS 128
#define STRIPS_MAX 8

/* The encoded bytes, capped (base/buf.h); over marks the cap as the cause
 * when libpng gives up. */
struct membuf {
	struct buf b;
	bool over;
};

static void write_cb(png_structp png, png_bytep data, size_t n)
{
	struct membuf *m = png_get_io_ptr(png);
	if (m->over)
		return;
	if (buf_append(&m->b, data, n)) {
		m->over = true;
		png_error(png, "output cap");
	}
}

/* Errors are reported through the return status, not stderr. */
static void error_cb(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void warning_cb(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg;
}

static void flush_cb(png_structp png)
{
	(void)png;
}

static bool surface_opaque(cairo_surface_t *img)
{
	if (cairo_image_surface_get_format(img) == CAIRO_FORMAT_RGB24)
		return true;
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	int stride = cairo_image_surface_get_stride(img);
	const unsigned char *d = cairo_image_surface_get_data(img);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * stride);
		for (int x = 0; x < w; x++)
			if ((row[x] >> 24) != 0xff)
				return false;
	}
	return true;
}

/* One ARGB32 row (native-endian, premultiplied) to RGB or RGBA bytes. */
static void convert_row(const uint32_t *src, unsigned char *dst, int w, bool opaque)
{
	for (int x = 0; x < w; x++) {
		uint32_t p = src[x];
		unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
		if (opaque) {
			*dst++ = (unsigned char)r;
			*dst++ = (unsigned char)g;
			*dst++ = (unsigned char)b;
			continue;
		}
		if (a && a != 255) {
			r = (r * 255 + a / 2) / a;
			g = (g * 255 + a / 2) / a;
			b = (b * 255 + a / 2) / a;
		}
		*dst++ = (unsigned char)r;
		*dst++ = (unsigned char)g;
		*dst++ = (unsigned char)b;
		*dst++ = (unsigned char)a;
	}
}

/* An opaque row as RGB minus the row above as RGB (PNG's UP filter).
 * With SSSE3, four pixels a step: one byte-wise subtraction and one
 * shuffle dropping the alpha bytes (ARGB32 is B, G, R, A in memory on
 * little-endian machines); each 16-byte store writes 4 bytes past its 12,
 * which the next step overwrites (the caller leaves UP_SLACK bytes). */
#define UP_SLACK 16

#if (defined(__x86_64__) || defined(__i386__)) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
__attribute__((target("ssse3"))) static int up_rgb_ssse3(const uint32_t *row, const uint32_t *above,
                                                         unsigned char *o, int w)
{
	const __m128i pick = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
	int x = 0;
	for (; x + 4 <= w; x += 4, o += 12) {
		__m128i p = _mm_loadu_si128((const __m128i *)(const void *)(row + x));
		__m128i q = _mm_loadu_si128((const __m128i *)(const void *)(above + x));
		_mm_storeu_si128((__m128i *)(void *)o, _mm_shuffle_epi8(_mm_sub_epi8(p, q), pick));
	}
	return x;
}
#endif

static void up_rgb(const uint32_t *row, const uint32_t *above, unsigned char *o, int w)
{
	int x = 0;
#if (defined(__x86_64__) || defined(__i386__)) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (have_ssse3()) {
		x = up_rgb_ssse3(row, above, o, w);
		o += 3 * x;
	}
#endif
	for (; x < w; x++) {
		uint32_t p = row[x], q = above[x];
		*o++ = (unsigned char)((p >> 16) - (q >> 16));
		*o++ = (unsigned char)((p >> 8) - (q >> 8));
		*o++ = (unsigned char)(p - q);
	}
}

/* Adler-32 of the filtered bytes: zlib's is scalar (3.6 instructions a
 * byte: 5.4M of the 1000x500 bench image's 52M encode); this sums 32 bytes
 * a step with SSSE3 (psadbw for the plain sum, pmaddubsw for the weighted
 * one), where the CPU has it.  Blocks of at most ADLER_NMAX bytes keep
 * every 32-bit sum from overflowing before the reduction, as zlib's NMAX. */
#define ADLER_BASE 65521u
#define ADLER_NMAX 5536 /* zlib's 5552 rounded down to whole 32-byte steps */

#if defined(__x86_64__) || defined(__i386__)

__attribute__((target("ssse3"))) static uLong adler_ssse3(uLong adler, const unsigned char *b,
                                                          size_t len)
{
	uint32_t s1 = (uint32_t)adler & 0xffff, s2 = (uint32_t)(adler >> 16);
	const __m128i tap1 =
	        _mm_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17);
	const __m128i tap2 = _mm_setr_epi8(16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	const __m128i zero = _mm_setzero_si128(), ones = _mm_set1_epi16(1);
	while (len >= 32) {
		size_t n = (len < ADLER_NMAX ? len : ADLER_NMAX) / 32;
		len -= n * 32;
		__m128i vs1 = _mm_cvtsi32_si128((int)s1), vs2 = _mm_cvtsi32_si128((int)s2);
		__m128i vps = zero;
		do {
			__m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)b);
			__m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(b + 16));
			vps = _mm_add_epi32(vps, vs1);
			vs1 = _mm_add_epi32(vs1, _mm_sad_epu8(x1, zero));
			vs1 = _mm_add_epi32(vs1, _mm_sad_epu8(x2, zero));
			vs2 = _mm_add_epi32(vs2, _mm_madd_epi16(_mm_maddubs_epi16(x1, tap1), ones));
			vs2 = _mm_add_epi32(vs2, _mm_madd_epi16(_mm_maddubs_epi16(x2, tap2), ones));
			b += 32;
		} while (--n);
		vs2 = _mm_add_epi32(vs2, _mm_slli_epi32(vps, 5));
		/* Sum the four lanes of each. */
		vs1 = _mm_add_epi32(vs1, _mm_shuffle_epi32(vs1, _MM_SHUFFLE(1, 0, 3, 2)));
		vs1 = _mm_add_epi32(vs1, _mm_shuffle_epi32(vs1, _MM_SHUFFLE(2, 3, 0, 1)));
		vs2 = _mm_add_epi32(vs2, _mm_shuffle_epi32(vs2, _MM_SHUFFLE(1, 0, 3, 2)));
		vs2 = _mm_add_epi32(vs2, _mm_shuffle_epi32(vs2, _MM_SHUFFLE(2, 3, 0, 1)));
		s1 = (uint32_t)_mm_cvtsi128_si32(vs1) % ADLER_BASE;
		s2 = (uint32_t)_mm_cvtsi128_si32(vs2) % ADLER_BASE;
	}
	return adler32((uLong)s2 << 16 | s1, b, (uInt)len);
}

static uLong adler_fast(uLong adler, const unsigned char *b, size_t len)
{
	if (have_ssse3())
		return adler_ssse3(adler, b, len);
	return adler32(adler, b, (uInt)len);
}
#else
static uLong adler_fast(uLong adler, const unsigned char *b, size_t len)
{
	return adler32(adler, b, (uInt)len);
}
#endif

/* One strip of rows [y0, y1): filtered and deflated a block of rows at a
 * time, so no copy of the whole image is ever held. */
#define BLOCK_ROWS 16

struct strip {
	const unsigned char *data;   /* the surface */
	int stride, w, y0, y1;
	bool opaque, last;
	unsigned char *out;          /* raw deflate, g_malloc'd */
	size_t len;
	uLong adler;                 /* of the filtered bytes */
	size_t raw;                  /* filtered bytes */
	bool failed;
};

static void strip_run(void *arg, size_t i)
{
	struct strip *s = &((struct strip *)arg)[i];
	size_t bpp = s->opaque ? 3 : 4, rowb = (size_t)s->w * bpp;
	s->raw = (rowb + 1) * (size_t)(s->y1 - s->y0);
	s->adler = adler32(0L, NULL, 0);
	z_stream z = { 0 };
	if (deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		s->failed = true;
		return;
	}
	size_t cap = deflateBound(&z, s->raw) + 16;
	s->out = g_malloc(cap);
	z.next_out = s->out;
	z.avail_out = (uInt)cap;
	unsigned char *f = g_malloc((rowb + 1) * BLOCK_ROWS + UP_SLACK), *prev = g_malloc0(rowb),
	              *cur = g_malloc(rowb);
	/* UP: each byte minus the one above it; the strip's first row looks at
	 * the last row of the strip before (the image's, not the stream's). */
	if (s->y0 > 0)
		convert_row((const uint32_t *)(const void *)(s->data + (size_t)(s->y0 - 1) * s->stride),
		            prev, s->w, s->opaque);
	int rc = Z_OK;
	for (int y = s->y0; y < s->y1 && rc == Z_OK;) {
		unsigned char *o = f;
		int end = y + BLOCK_ROWS < s->y1 ? y + BLOCK_ROWS : s->y1;
		for (; y < end; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)(s->data + (size_t)y * s->stride);
			*o++ = PNG_FILTER_VALUE_UP;
			if (s->opaque && y > 0) {
				/* RGB and UP in one pass over this row and the one above. */
				up_rgb(row, (const uint32_t *)(const void *)((const unsigned char *)row - s->stride),
				       o, s->w);
				o += rowb;
				continue;
			}
			convert_row(row, cur, s->w, s->opaque);
			for (size_t k = 0; k < rowb; k++)
				o[k] = (unsigned char)(cur[k] - prev[k]);
			o += rowb;
			unsigned char *t = prev;
			prev = cur;
			cur = t;
		}
		s->adler = adler_fast(s->adler, f, (size_t)(o - f));
		z.next_in = f;
		z.avail_in = (uInt)(o - f);
		int flush = y < s->y1 ? Z_NO_FLUSH : s->last ? Z_FINISH : Z_SYNC_FLUSH;
		rc = deflate(&z, flush);
		if (flush == Z_FINISH)
			rc = rc == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
		else if (rc == Z_OK && z.avail_in != 0)
			rc = Z_BUF_ERROR;
	}
	s->failed = rc != Z_OK;
	s->len = cap - z.avail_out;
	deflateEnd(&z);
	g_free(f);
	g_free(prev);
	g_free(cur);
}

/* The image data as one zlib stream: header, the strips, Adler-32. */
static unsigned char *compress_image(cairo_surface_t *img, bool opaque, pool *p, size_t *len)
{
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	size_t n = ((size_t)h + STRIP_ROWS - 1) / STRIP_ROWS;
	n = n < 1 ? 1 : n > STRIPS_MAX ? STRIPS_MAX : n;
	struct strip s[STRIPS_MAX];
	for (size_t i = 0; i < n; i++)
		s[i] = (struct strip){
			.data = cairo_image_surface_get_data(img),
			.stride = cairo_image_surface_get_stride(img),
			.w = w,
			.y0 = (int)((size_t)h * i / n),
			.y1 = (int)((size_t)h * (i + 1) / n),
			.opaque = opaque,
			.last = i + 1 == n,
		};
	pool_run(n > 1 ? p : NULL, strip_run, s, n);

	bool failed = false;
	size_t total = 2 + 4;
	uLong adler = 1L;
	for (size_t i = 0; i < n; i++) {
		failed |= s[i].failed;
		total += s[i].len;
		adler = adler32_combine(adler, s[i].adler, (z_off_t)s[i].raw);
	}
	unsigned char *z = failed ? NULL : g_malloc(total), *o = z;
	if (z) {
		*o++ = 0x78; /* deflate, 32 KiB window */
		*o++ = 0x01; /* fastest; (0x78 << 8 | 0x01) % 31 == 0 */
		for (size_t i = 0; i < n; i++) {
			memcpy(o, s[i].out, s[i].len);
			o += s[i].len;
		}
		for (int k = 3; k >= 0; k--)
			*o++ = (unsigned char)(adler >> (8 * k));
		*len = total;
	}
	for (size_t i = 0; i < n; i++)
		g_free(s[i].out);
	return z;
}

int png_encode(cairo_surface_t *img, pool *p, size_t max_bytes, unsigned char **out,
               size_t *len, struct cairn_err *err)
{
	/* On the heap: libpng longjmps out of write_cb, and a local changed
	 * between setjmp and longjmp would be indeterminate after it. */
	struct membuf *m = g_new0(struct membuf, 1);
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *volatile idat = NULL;
	size_t idat_len = 0;
	int rc = 0;
	buf_init(&m->b, max_bytes);
	cairo_surface_flush(img);
	bool opaque = surface_opaque(img);
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	idat = compress_image(img, opaque, p, &idat_len);
	if (!idat)
		goto fail;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, error_cb, warning_cb);
	if (!png || !(info = png_create_info_struct(png)))
		goto fail;
	if (setjmp(png_jmpbuf(png)))
		goto fail;
	png_set_write_fn(png, m, write_cb, flush_cb);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	             opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	png_write_chunk(png, (png_const_bytep) "IDAT", idat, idat_len);
	png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
	*out = buf_take(&m->b, len);
	goto done;
fail:
	if (m->over)
		rc = cairn_err_set(err, CAIRN_ELIMIT, "PNG output exceeds the cap of %zu bytes",
		                   max_bytes);
	else
		rc = cairn_err_set(err, CAIRN_ENOMEM, "PNG encoding failed");
done:
	png_destroy_write_struct(&png, &info);
	g_free(idat);
	buf_fini(&m->b);
	g_free(m);
	return rc;
}
