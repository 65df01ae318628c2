/*
 * png.c — PNG encoding into memory, streamed (png.h).  The chunks (with
 * their CRCs) are written here; rows are filtered as they arrive and the
 * filtered bytes deflated in horizontal strips, a few at once on the worker
 * pool, as pigz does: each strip is a raw deflate stream ending on a byte
 * boundary, so their concatenation behind one zlib header, with the strips'
 * Adler-32s combined, is one valid zlib stream.  Each strip is one IDAT
 * chunk; strips are cut by the image height alone, so the bytes never
 * depend on the bands or the pool.  A strip's dictionary starts empty
 * (measured: 55 bytes more on the 95 KB bench image).  At most a batch of
 * strips' filtered bytes (4 x 128 rows) is held at a time.
 *
 * Opaque images are 8-bit RGB (no alpha, no un-premultiplying): a quarter
 * fewer bytes to compress.  Surfaces with transparency are RGBA.
 *
 * Why the defaults (PNG_FAST: UP filter, render/fdeflate.c), measured in
 * instructions (callgrind) on the bench images, deflate alone:
 *
 *   image (filtered bytes)        zlib -1           fdeflate        zlib -9, NONE|UP
 *   case A 1000x500 (1.5 MB)      35.4M  90.2 KB    5.1M  79.5 KB   461M  59.7 KB
 *   case C 1000x500 (1.5 MB)      114.8M 650.4 KB   40.0M 645.3 KB  370M  635.7 KB
 *   golden dashboard 1000x640     41.6M  92.3 KB    6.5M  87.4 KB   341M  67.8 KB
 *   golden table 600x360          14.6M  43.8 KB    3.0M  42.2 KB   135M  32.6 KB
 *
 * UP beats the other filters for both fast coders (zlib -1 on case A: SUB
 * 145 KB, NONE 131 KB; fdeflate with NONE 133 KB), and libdeflate and zlib's
 * other levels and strategies were no faster than zlib -1.  fdeflate is
 * 3-7x cheaper and a little smaller: after UP a chart is mostly runs.
 *
 * PNG_SMALL (the third column) tries each strip unfiltered and UP-filtered
 * with zlib -9 and keeps the smaller: unfiltered rows let LZ77 copy whole
 * rows from above (flat charts, text), UP wins on dense noisy plots (case
 * C); libpng's per-row "minimum sum" filter choice came out larger than UP
 * alone on every image here (case A 71.5 KB vs 71.2 KB at -9).  zlib -9's
 * 4096-long hash chains are cut to 1024 (NONE) and 256 (UP): full chains
 * cost 1.8-4.9x the time for 0.1-1.8% smaller strips on these images.
 */
#include "render/png.h"

#include "base/buf.h"
#include "render/fdeflate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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

/* Strips of at most STRIP_ROWS rows, as many as the height needs and cut
 * where the height alone says (strip i starts at row h*i/n): the bytes
 * depend on the image only, never on the pool or on how the caller cuts its
 * bands, so the same image has the same ETag everywhere.  A strip is one
 * IDAT chunk. */
#define STRIP_ROWS 128

#define FILTER_NONE 0
#define FILTER_UP 2

/* One strip's filtered bytes and, once deflated, its raw deflate bytes. */
struct slot {
	int strip;                   /* its index in the image */
	bool last;                   /* the image's last strip: the stream ends */
	unsigned char *raw;          /* filtered rows (UP_SLACK spare bytes) */
	size_t len;
	unsigned char *z;            /* raw deflate of raw */
	size_t zcap, zlen;
	uLong adler;                 /* of raw */
	fdeflate *fz;                /* made on first use */
	/* PNG_SMALL: raw holds unfiltered rows, above the image row before
	 * the strip; the UP-filtered copy and its deflate go in alt and z2. */
	size_t rowb;
	unsigned char *above, *alt, *z2;
	z_stream zs;
	bool zinit, failed;
};

struct png_stream {
	int w, h, y;                 /* y: rows received so far */
	bool opaque;
	enum png_compression comp;
	pool *p;
	size_t rowb;                 /* a filtered row: filter byte, then RGB(A) */
	int nstrips, next;           /* strips in the image; the next to fill */
	int batch, filled;           /* slots; those holding a complete strip */
	struct slot *slots;
	unsigned char *prev, *cur;   /* the row above: ARGB32 when opaque and fast, else
	                                as written (RGB or RGBA) */
	uLong adler;                 /* of everything deflated so far */
	struct buf out;              /* the PNG so far */
	int status;                  /* sticky: the first failure */
	struct cairn_err err;
};

static int strip_y0(const png_stream *s, int i)
{
	return (int)((int64_t)s->h * i / s->nstrips);
}

/* The failure that stopped the stream, again. */
static int sticky(png_stream *s, struct cairn_err *err)
{
	if (err)
		*err = s->err;
	return s->status;
}

static int fail(png_stream *s, struct cairn_err *err, int code, const char *msg)
{
	if (!s->status)
		s->status = cairn_err_set(&s->err, code, "%s", msg);
	return sticky(s, err);
}

static int fail_cap(png_stream *s, struct cairn_err *err)
{
	char msg[96];
	snprintf(msg, sizeof msg, "PNG output exceeds the cap of %zu bytes", s->out.max);
	return fail(s, err, CAIRN_ELIMIT, msg);
}

/* A chunk: length, type, data (in up to three pieces), CRC. */
static int put_chunk(png_stream *s, const char *type, const unsigned char *const *piece,
                     const size_t *plen, int npieces)
{
	size_t n = 0;
	uLong crc = crc32(0L, (const Bytef *)type, 4);
	for (int i = 0; i < npieces; i++) {
		n += plen[i];
		crc = crc32(crc, piece[i], (uInt)plen[i]);
	}
	unsigned char head[8] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
	                         (unsigned char)(n >> 8), (unsigned char)n};
	memcpy(head + 4, type, 4);
	unsigned char tail[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
	                         (unsigned char)(crc >> 8), (unsigned char)crc};
	if (buf_append(&s->out, head, 8))
		return CAIRN_ELIMIT;
	for (int i = 0; i < npieces; i++)
		if (plen[i] && buf_append(&s->out, piece[i], plen[i]))
			return CAIRN_ELIMIT;
	return buf_append(&s->out, tail, 4);
}

static void put32(unsigned char *o, uint32_t v)
{
	o[0] = (unsigned char)(v >> 24);
	o[1] = (unsigned char)(v >> 16);
	o[2] = (unsigned char)(v >> 8);
	o[3] = (unsigned char)v;
}

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

png_stream *png_stream_new(int w, int h, bool opaque, pool *p, size_t max_bytes)
{
	png_stream *s = g_new0(png_stream, 1);
	s->w = w;
	s->h = h;
	s->opaque = opaque;
	s->p = p;
	buf_init(&s->out, max_bytes);
	if (w <= 0 || h <= 0 || w > (1 << 24) || h > INT32_MAX / 2) {
		s->status = cairn_err_set(&s->err, CAIRN_EINVAL, "PNG: cannot encode a %dx%d image", w, h);
		return s;
	}
	s->rowb = 1 + (size_t)w * (opaque ? 3 : 4);
	s->nstrips = (h + STRIP_ROWS - 1) / STRIP_ROWS;
	/* Enough strips to keep every worker and the caller busy, and no more:
	 * each holds a strip's filtered bytes. */
	s->batch = p ? pool_threads(p) + 1 : 1;
	s->batch = s->batch < 1 ? 1 : s->batch > 4 ? 4 : s->batch;
	s->slots = g_new0(struct slot, s->batch);
	s->prev = g_malloc0((size_t)w * 4);
	s->cur = g_malloc((size_t)w * 4);
	s->adler = adler32(0L, NULL, 0);

	unsigned char ihdr[13];
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;                   /* bits per channel */
	ihdr[9] = opaque ? 2 : 6;      /* RGB : RGBA */
	ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no interlace */
	const unsigned char *piece[1] = {ihdr};
	size_t plen[1] = {sizeof ihdr};
	if (buf_append(&s->out, png_signature, sizeof png_signature) ||
	    put_chunk(s, "IHDR", piece, plen, 1))
		fail_cap(s, NULL);
	return s;
}

/* zlib level 9 of in[0..n) as a raw piece into out (cap bytes, from
 * deflateBound); its length.  sl->failed when zlib gives up. */
static size_t zlib_piece(struct slot *sl, const unsigned char *in, size_t n, int chain,
                         unsigned char *out, size_t cap)
{
	if (deflateReset(&sl->zs) != Z_OK || deflateTune(&sl->zs, 32, 258, 258, chain) != Z_OK) {
		sl->failed = true;
		return 0;
	}
	sl->zs.next_in = (Bytef *)(uintptr_t)in;
	sl->zs.avail_in = (uInt)n;
	sl->zs.next_out = out;
	sl->zs.avail_out = (uInt)cap;
	int rc = deflate(&sl->zs, sl->last ? Z_FINISH : Z_SYNC_FLUSH);
	if (sl->last ? rc != Z_STREAM_END : rc != Z_OK || sl->zs.avail_in != 0)
		sl->failed = true;
	return cap - sl->zs.avail_out;
}

/* PNG_SMALL: the strip deflated by zlib at level 9 unfiltered and
 * UP-filtered, the smaller kept (NONE lets LZ77 match the rows above
 * whole, which wins on flat charts and text; UP wins on noisy ones).
 * Level 9's hash chains are cut (the header says why). */
#define SMALL_CHAIN_NONE 1024
#define SMALL_CHAIN_UP 256
static void slot_deflate_small(struct slot *sl)
{
	if (!sl->zinit) {
		if (deflateInit2(&sl->zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
			sl->failed = true;
			return;
		}
		sl->zinit = true;
	}
	size_t need = deflateBound(&sl->zs, sl->len) + 16;
	if (need > sl->zcap) {
		g_free(sl->z);
		g_free(sl->z2);
		sl->z = g_malloc(need);
		sl->z2 = g_malloc(need);
		sl->zcap = need;
	}
	size_t n = sl->rowb - 1;
	for (size_t o = 0; o < sl->len; o += sl->rowb) {
		const unsigned char *row = sl->raw + o + 1, *up = o ? row - sl->rowb : sl->above;
		sl->alt[o] = FILTER_UP;
		for (size_t k = 0; k < n; k++)
			sl->alt[o + 1 + k] = (unsigned char)(row[k] - up[k]);
	}
	size_t a = zlib_piece(sl, sl->raw, sl->len, SMALL_CHAIN_NONE, sl->z, sl->zcap);
	size_t b = zlib_piece(sl, sl->alt, sl->len, SMALL_CHAIN_UP, sl->z2, sl->zcap);
	const unsigned char *kept = sl->raw;
	sl->zlen = a;
	if (b < a) {
		unsigned char *t = sl->z;
		sl->z = sl->z2;
		sl->z2 = t;
		sl->zlen = b;
		kept = sl->alt;
	}
	sl->adler = adler_fast(adler32(0L, NULL, 0), kept, sl->len);
}

void png_stream_set_compression(png_stream *s, enum png_compression c)
{
	if (s->y == 0 && !s->filled && !s->next)
		s->comp = c;
}

/* Deflates one slot's strip (on any thread): raw deflate ending on a byte
 * boundary, so the strips concatenate into one stream. */
static void slot_deflate(void *arg, size_t i)
{
	struct slot *sl = &((struct slot *)arg)[i];
	if (sl->alt) {
		slot_deflate_small(sl);
		return;
	}
	sl->adler = adler_fast(adler32(0L, NULL, 0), sl->raw, sl->len);
	if (!sl->fz)
		sl->fz = fdeflate_new();
	size_t need = fdeflate_bound(sl->len);
	if (need > sl->zcap) {
		g_free(sl->z);
		sl->z = g_malloc(need);
		sl->zcap = need;
	}
	sl->zlen = fdeflate_raw(sl->fz, sl->raw, sl->len, sl->last, sl->z);
}

/* Deflates the complete strips held (on the pool) and appends them, in
 * order, each as an IDAT chunk: the first behind the zlib header, the last
 * followed by the Adler-32 of all the filtered bytes. */
static int flush_strips(png_stream *s, struct cairn_err *err)
{
	int n = s->filled;
	s->filled = 0;
	pool_run(n > 1 ? s->p : NULL, slot_deflate, s->slots, (size_t)n);
	for (int i = 0; i < n; i++) {
		struct slot *sl = &s->slots[i];
		if (sl->failed)
			return fail(s, err, CAIRN_ENOMEM, "PNG encoding failed");
		s->adler = adler32_combine(s->adler, sl->adler, (z_off_t)sl->len);
		/* deflate, 32 KiB window, "fastest" or "maximum compression":
		 * (0x78 << 8 | zhead[1]) % 31 == 0 */
		const unsigned char zhead[2] = {0x78, s->comp == PNG_SMALL ? 0xda : 0x01};
		unsigned char ztail[4];
		put32(ztail, (uint32_t)s->adler);
		const unsigned char *piece[3] = {zhead, sl->z, ztail};
		size_t plen[3] = {sl->strip == 0 ? 2 : 0, sl->zlen, sl->last ? 4 : 0};
		if (put_chunk(s, "IDAT", piece, plen, 3))
			return fail_cap(s, err);
	}
	return 0;
}

/* Appends image row y (ARGB32) to slot sl, filtered; `above` is the row
 * above it in the same layout, or NULL for the one kept in s->prev. */
static void filter_row(png_stream *s, struct slot *sl, const uint32_t *row, const uint32_t *above)
{
	unsigned char *o = sl->raw + sl->len;
	size_t n = s->rowb - 1;
	if (s->comp == PNG_SMALL) {
		/* Unfiltered: the worker tries both NONE and UP on the strip. */
		*o++ = FILTER_NONE;
		convert_row(row, o, s->w, s->opaque);
		memcpy(s->prev, o, n);
		sl->len += s->rowb;
		return;
	}
	*o++ = FILTER_UP;
	if (s->opaque) {
		up_rgb(row, above ? above : (const uint32_t *)(const void *)s->prev, o, s->w);
	} else {
		convert_row(row, s->cur, s->w, false);
		for (size_t k = 0; k < n; k++)
			o[k] = (unsigned char)(s->cur[k] - s->prev[k]);
		unsigned char *t = s->prev;
		s->prev = s->cur;
		s->cur = t;
	}
	sl->len += s->rowb;
}

/* PNG_SMALL: the image row above the strip starting in sl, unfiltered
 * (zeros above the first), from the strip before it. */
static void keep_above(png_stream *s, struct slot *sl)
{
	size_t n = s->rowb - 1;
	if (!sl->above)
		sl->above = g_malloc(n);
	if (s->y == 0)
		memset(sl->above, 0, n);
	else
		memcpy(sl->above, s->prev, n);
}

/* The slot that receives the next row, starting a strip when needed. */
static struct slot *slot_for_row(png_stream *s)
{
	struct slot *sl = &s->slots[s->filled];
	if (s->next < s->nstrips && s->y == strip_y0(s, s->next)) {
		/* No strip has more than ceil(h / nstrips) rows. */
		size_t cap = (size_t)((s->h + s->nstrips - 1) / s->nstrips) * s->rowb + UP_SLACK;
		if (!sl->raw)
			sl->raw = g_malloc(cap);
		if (s->comp == PNG_SMALL && !sl->alt)
			sl->alt = g_malloc(cap);
		sl->strip = s->next++;
		sl->last = sl->strip == s->nstrips - 1;
		sl->len = 0;
		sl->rowb = s->rowb;
		if (s->comp == PNG_SMALL)
			keep_above(s, sl);
	}
	return sl;
}

int png_stream_rows(png_stream *s, const unsigned char *data, int stride, int n,
                    struct cairn_err *err)
{
	if (s->status)
		return sticky(s, err);
	if (n < 0 || n > s->h - s->y)
		return fail(s, err, CAIRN_EINVAL, "PNG: more rows than the image's height");
	for (int i = 0; i < n; i++) {
		struct slot *sl = slot_for_row(s);
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)i * stride);
		const uint32_t *above =
		        i > 0 ? (const uint32_t *)(const void *)(data + (size_t)(i - 1) * stride) : NULL;
		filter_row(s, sl, row, above);
		s->y++;
		if (s->y == strip_y0(s, sl->strip + 1) && ++s->filled == s->batch) {
			if (flush_strips(s, err))
				return s->status;
		}
	}
	if (n > 0 && s->opaque && s->comp == PNG_FAST)
		memcpy(s->prev, data + (size_t)(n - 1) * stride, (size_t)s->w * 4);
	if (s->y == s->h && s->filled)
		return flush_strips(s, err);
	return 0;
}

int png_stream_finish(png_stream *s, unsigned char **out, size_t *len, struct cairn_err *err)
{
	*out = NULL;
	*len = 0;
	if (s->status)
		return sticky(s, err);
	if (s->y != s->h)
		return fail(s, err, CAIRN_EINVAL, "PNG: the stream ended before the image's last row");
	if (put_chunk(s, "IEND", NULL, NULL, 0))
		return fail_cap(s, err);
	*out = buf_take(&s->out, len);
	return 0;
}

void png_stream_free(png_stream *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->batch; i++) {
		fdeflate_free(s->slots[i].fz);
		if (s->slots[i].zinit)
			deflateEnd(&s->slots[i].zs);
		g_free(s->slots[i].above);
		g_free(s->slots[i].alt);
		g_free(s->slots[i].z2);
		g_free(s->slots[i].raw);
		g_free(s->slots[i].z);
	}
	g_free(s->slots);
	g_free(s->prev);
	g_free(s->cur);
	buf_fini(&s->out);
	g_free(s);
}

int png_encode(cairo_surface_t *img, pool *p, size_t max_bytes, unsigned char **out,
               size_t *len, struct cairn_err *err)
{
	return png_encode_as(img, PNG_FAST, p, max_bytes, out, len, err);
}

int png_encode_as(cairo_surface_t *img, enum png_compression c, pool *p, size_t max_bytes,
                  unsigned char **out, size_t *len, struct cairn_err *err)
{
	cairo_surface_flush(img);
	png_stream *s = png_stream_new(cairo_image_surface_get_width(img),
	                               cairo_image_surface_get_height(img), surface_opaque(img), p,
	                               max_bytes);
	png_stream_set_compression(s, c);
	int rc = png_stream_rows(s, cairo_image_surface_get_data(img),
	                         cairo_image_surface_get_stride(img),
	                         cairo_image_surface_get_height(img), err);
	if (rc == 0)
		rc = png_stream_finish(s, out, len, err);
	png_stream_free(s);
	return rc;
}
