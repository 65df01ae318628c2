/*
 * fdeflate.c — a raw-deflate encoder made for UP-filtered chart images
 * (fdeflate.h); it owns no framing (zlib header, Adler-32, PNG chunks are
 * png.c's).
 *
 * After PNG's UP filter a chart is mostly zero bytes (flat backgrounds,
 * rows equal to the one above) with short antialiased strokes and text.
 * zlib's level 1 spends 23 instructions a byte on them (35M for the 1.5 MB
 * of the 1000x500 bench panel: hashing, match search, copying the input
 * into its window; fdeflate 3.4 a byte, png.c's header has the table).
 * Here a position whose byte repeats the one before extends the run 16
 * bytes a step (SSE2; 8 with the portable path) and sends it as a
 * distance-1 match; every position also looks up one candidate in a hash
 * of its next 4 bytes (a row's filter byte and the zeros behind it match
 * the row above, strokes match the pixel or the row before), and the
 * longer of the two wins, greedily.  Positions inside a match are not
 * hashed.  Each block of up to BLOCK_TOKENS symbols is sent with its own
 * Huffman codes (length-limited: Moffat-Katajainen lengths, then the Kraft
 * sum repaired), with the static codes, or stored: whichever its exact
 * size says is smallest, so no input grows by more than the stored
 * blocks' headers.
 */
#include "render/fdeflate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#if defined(__SSE2__) && !defined(FDEFLATE_PORTABLE)
#include <emmintrin.h>
#define FDEFLATE_SSE2 1
#endif

#define WINDOW 32768
#define MIN_MATCH 3
#define MAX_MATCH 258
#define HASH_BITS 15
#define BLOCK_TOKENS 16384
#define LITLEN_SYMS 286
#define DIST_SYMS 30
#define CL_SYMS 19
#define MAX_BITS 15
#define CL_MAX_BITS 7
/* Distances below DIST_TAB take their symbol from a table, and below
 * DBITS_TAB their block's code too (filled per block: kept small). */
#define DIST_TAB 4096
#define DBITS_TAB 256
/* Positions past this are not hashed, so base + i always fits 32 bits. */
#define HASH_LIMIT ((size_t)1 << 31)

/* A token: a literal byte (bit 31 clear), or a match with bit 31 set,
 * length - 3 in bits 16..23 and distance - 1 in bits 0..14. */
#define TOK_MATCH 0x80000000u

struct fdeflate {
	uint32_t head[1u << HASH_BITS]; /* hash -> base + position last seen */
	uint32_t base;                  /* entries below it are from earlier calls */
	uint32_t tok[BLOCK_TOKENS];
	uint32_t lfreq[LITLEN_SYMS], dfreq[DIST_SYMS];
	uint8_t fixed_ll[LITLEN_SYMS], fixed_dl[DIST_SYMS];
	uint16_t fixed_lc[LITLEN_SYMS], fixed_dc[DIST_SYMS];
	uint16_t lsym[256];             /* length - 3 -> symbol */
	uint8_t dsym[DIST_TAB];         /* distance - 1 (when small) -> symbol */
	/* The block's codes for every length and small distance, extra bits
	 * included: one table load a match instead of symbol arithmetic. */
	uint32_t lbits[256], dbits[DBITS_TAB];
	uint8_t lnbits[256], dnbits[DBITS_TAB];
};

/* Little-endian loads, so hashes and match lengths (and the bytes out)
 * are the same on every machine. */
static inline uint32_t le32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

#ifndef FDEFLATE_SSE2
static inline uint64_t le64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}
#endif

static inline uint32_t hash4(uint32_t v)
{
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* How many of p[0..max) equal c. */
static inline size_t run_len(const unsigned char *p, unsigned char c, size_t max)
{
	size_t k = 0;
#ifdef FDEFLATE_SSE2
	const __m128i v = _mm_set1_epi8((char)c);
	for (; k + 16 <= max; k += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + k)), v));
		if (m != 0xffff)
			return k + (size_t)__builtin_ctz(~m);
	}
#else
	const uint64_t v = 0x0101010101010101ull * c;
	for (; k + 8 <= max; k += 8) {
		uint64_t x = le64(p + k) ^ v;
		if (x)
			return k + (size_t)__builtin_ctzll(x) / 8;
	}
#endif
	while (k < max && p[k] == c)
		k++;
	return k;
}

/* How many of a[0..max) equal b[0..max). */
static inline size_t match_len(const unsigned char *a, const unsigned char *b, size_t max)
{
	size_t k = 0;
#ifdef FDEFLATE_SSE2
	for (; k + 16 <= max; k += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a + k)),
		                       _mm_loadu_si128((const __m128i *)(const void *)(b + k))));
		if (m != 0xffff)
			return k + (size_t)__builtin_ctz(~m);
	}
#else
	for (; k + 8 <= max; k += 8) {
		uint64_t x = le64(a + k) ^ le64(b + k);
		if (x)
			return k + (size_t)__builtin_ctzll(x) / 8;
	}
#endif
	while (k < max && a[k] == b[k])
		k++;
	return k;
}

/* Length symbols: l = length - 3 in 0..255. */
static inline unsigned len_extra(unsigned l)
{
	return l < 8 || l == 255 ? 0 : (unsigned)(31 - __builtin_clz(l)) - 2;
}

static inline unsigned len_sym(unsigned l)
{
	if (l < 8)
		return 257 + l;
	if (l == 255)
		return 285;
	unsigned e = len_extra(l);
	return 265 + 4 * (e - 1) + ((l >> e) & 3);
}

/* Distance symbols: d = distance - 1 in 0..32767. */
static inline unsigned dist_extra(unsigned d)
{
	return d < 4 ? 0 : (unsigned)(31 - __builtin_clz(d)) - 1;
}

static inline unsigned dist_sym(unsigned d)
{
	if (d < 4)
		return d;
	unsigned e = dist_extra(d);
	return 2 * (e + 1) + ((d >> e) & 1);
}

/* Extra bits of each length and distance symbol. */
static unsigned sym_len_extra(unsigned s)
{
	return s < 265 || s == 285 ? 0 : (s - 261) / 4;
}

static unsigned sym_dist_extra(unsigned s)
{
	return s < 4 ? 0 : s / 2 - 1;
}

/* ---- Huffman codes ---- */

/* Moffat and Katajainen's in-place minimum-redundancy code lengths: a[]
 * holds n >= 2 weights in ascending order and gets their lengths. */
static void min_redundancy(uint32_t *a, int n)
{
	int root = 0, leaf = 2, next;
	a[0] += a[1];
	for (next = 1; next < n - 1; next++) {
		if (leaf >= n || a[root] < a[leaf]) {
			a[next] = a[root];
			a[root++] = (uint32_t)next;
		} else {
			a[next] = a[leaf++];
		}
		if (leaf >= n || (root < next && a[root] < a[leaf])) {
			a[next] += a[root];
			a[root++] = (uint32_t)next;
		} else {
			a[next] += a[leaf++];
		}
	}
	a[n - 2] = 0;
	for (next = n - 3; next >= 0; next--)
		a[next] = a[a[next]] + 1;
	int avbl = 1, used = 0, depth = 0;
	root = n - 2;
	next = n - 1;
	while (avbl > 0) {
		while (root >= 0 && (int)a[root] == depth) {
			used++;
			root--;
		}
		while (avbl > used) {
			a[next--] = (uint32_t)depth;
			avbl--;
		}
		avbl = 2 * used;
		depth++;
		used = 0;
	}
}

/* Sorts sym[0..m) by freq, ties in the order given (ascending symbols):
 * two byte-wide counting passes, as frequencies stay below 2^16. */
_Static_assert(BLOCK_TOKENS + 1 < 65536, "symbol counts must fit sort_by_freq's 16 bits");

static void sort_by_freq(uint16_t *sym, int m, const uint32_t *freq)
{
	uint16_t tmp[LITLEN_SYMS];
	for (int shift = 0; shift < 16; shift += 8) {
		uint16_t count[257] = {0};
		for (int j = 0; j < m; j++)
			count[((freq[sym[j]] >> shift) & 255) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (int j = 0; j < m; j++)
			tmp[count[(freq[sym[j]] >> shift) & 255]++] = sym[j];
		memcpy(sym, tmp, (size_t)m * sizeof sym[0]);
	}
}

/* Code lengths of at most maxbits for freq[0..n) into len[]: a complete
 * prefix code when two or more symbols are used (callers make sure they
 * are: inflaters refuse incomplete codes). */
static void build_lengths(const uint32_t *freq, int n, int maxbits, uint8_t *len)
{
	uint16_t key[LITLEN_SYMS];
	uint32_t a[LITLEN_SYMS];
	int m = 0;
	memset(len, 0, (size_t)n);
	for (int i = 0; i < n; i++)
		if (freq[i])
			key[m++] = (uint16_t)i;
	if (m == 0)
		return;
	if (m == 1) {
		len[key[0]] = 1;
		return;
	}
	sort_by_freq(key, m, freq);
	for (int j = 0; j < m; j++)
		a[j] = freq[key[j]];
	min_redundancy(a, m);
	/* Lengths over maxbits folded in, then codes moved down a level until
	 * the Kraft sum is exactly one again. */
	uint32_t count[MAX_BITS + 1] = {0};
	for (int j = 0; j < m; j++)
		count[a[j] > (uint32_t)maxbits ? (uint32_t)maxbits : a[j]]++;
	uint32_t total = 0;
	for (int b = 1; b <= maxbits; b++)
		total += count[b] << (maxbits - b);
	while (total > (1u << maxbits)) {
		count[maxbits]--;
		for (int b = maxbits - 1; b > 0; b--)
			if (count[b]) {
				count[b]--;
				count[b + 1] += 2;
				break;
			}
		total--;
	}
	/* The longest codes to the least frequent symbols. */
	int j = 0;
	for (int b = maxbits; b > 0; b--)
		for (uint32_t k = 0; k < count[b]; k++)
			len[key[j++]] = (uint8_t)b;
}

/* Canonical codes, bit-reversed as deflate sends them. */
static void make_codes(const uint8_t *len, int n, uint16_t *code)
{
	uint16_t count[MAX_BITS + 1] = {0}, next[MAX_BITS + 2];
	for (int i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	uint32_t c = 0;
	for (int b = 1; b <= MAX_BITS; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = (uint16_t)c;
	}
	for (int i = 0; i < n; i++) {
		if (!len[i]) {
			code[i] = 0;
			continue;
		}
		uint32_t v = next[len[i]]++;
		v = (v >> 1 & 0x5555) | (v & 0x5555) << 1;
		v = (v >> 2 & 0x3333) | (v & 0x3333) << 2;
		v = (v >> 4 & 0x0f0f) | (v & 0x0f0f) << 4;
		v = (v >> 8 & 0x00ff) | (v & 0x00ff) << 8;
		code[i] = (uint16_t)(v >> (16 - len[i]));
	}
}

/* ---- bits out ---- */

/* Bits go out LSB first through a 64-bit accumulator, 4 bytes at a time
 * once 32 are pending. */
struct bits {
	unsigned char *out;
	uint64_t acc;
	unsigned n;      /* pending bits, < 32 between calls */
};

/* v holds n <= 32 bits. */
static inline void put(struct bits *w, uint64_t v, unsigned n)
{
	w->acc |= v << w->n;
	w->n += n;
	if (w->n >= 32) {
		uint32_t x = (uint32_t)w->acc;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap32(x);
#endif
		memcpy(w->out, &x, 4);
		w->out += 4;
		w->acc >>= 32;
		w->n -= 32;
	}
}

/* Pads with zero bits to a byte boundary and writes out what is pending. */
static void align(struct bits *w)
{
	while (w->n > 0) {
		*w->out++ = (unsigned char)w->acc;
		w->acc >>= 8;
		w->n = w->n > 8 ? w->n - 8 : 0;
	}
	w->acc = 0;
}

/* Stored blocks of in[0..len) (one, empty, when len is 0). */
static void put_stored(struct bits *w, const unsigned char *in, size_t len, bool final)
{
	size_t off = 0;
	do {
		size_t k = len - off < 65535 ? len - off : 65535;
		put(w, final && off + k == len, 3);
		align(w);
		w->out[0] = (unsigned char)k;
		w->out[1] = (unsigned char)(k >> 8);
		w->out[2] = (unsigned char)~k;
		w->out[3] = (unsigned char)(~k >> 8);
		if (k)
			memcpy(w->out + 4, in + off, k);
		w->out += 4 + k;
		off += k;
	} while (off < len);
}

static uint64_t stored_bits(const struct bits *w, size_t len)
{
	uint64_t first = 3 + ((8 - ((w->n + 3) & 7)) & 7) + 32;
	size_t chunks = len ? (len + 65534) / 65535 : 1;
	return first + (chunks - 1) * 40 + 8 * (uint64_t)len;
}

/* ---- blocks ---- */

/* The code lengths of a dynamic block run-length coded: symbols 0..18 in
 * bits 0..4, the repeat count's extra bits from bit 8. */
static int rle_lengths(const uint8_t *lens, int n, uint16_t *rle, uint32_t *clfreq)
{
	int k = 0;
	for (int i = 0; i < n;) {
		int l = lens[i], run = 1;
		while (i + run < n && lens[i + run] == l)
			run++;
		i += run;
		if (l == 0) {
			while (run >= 11) {
				int r = run < 138 ? run : 138;
				rle[k++] = (uint16_t)(18 | (r - 11) << 8);
				run -= r;
			}
			if (run >= 3) {
				rle[k++] = (uint16_t)(17 | (run - 3) << 8);
				run = 0;
			}
		} else {
			rle[k++] = (uint16_t)l;
			run--;
			while (run >= 3) {
				int r = run < 6 ? run : 6;
				rle[k++] = (uint16_t)(16 | (r - 3) << 8);
				run -= r;
			}
		}
		while (run-- > 0)
			rle[k++] = (uint16_t)l;
	}
	for (int j = 0; j < k; j++)
		clfreq[rle[j] & 31]++;
	return k;
}

/* Makes at least two symbols of freq[0..n) used (one made-up use each). */
static void two_used(uint32_t *freq, int n)
{
	int used = 0;
	for (int i = 0; i < n && used < 2; i++)
		used += freq[i] != 0;
	for (int i = 0; i < n && used < 2; i++)
		if (!freq[i]) {
			freq[i] = 1;
			used++;
		}
}

static const uint8_t cl_order[CL_SYMS] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
                                          11, 4, 12, 3, 13, 2, 14, 1, 15};

/* Bits of the block's symbols under the given lengths (extra bits too). */
static uint64_t data_bits(const fdeflate *z, const uint8_t *ll, const uint8_t *dl)
{
	uint64_t bits = 0;
	for (unsigned s = 0; s < LITLEN_SYMS; s++)
		bits += (uint64_t)z->lfreq[s] * (ll[s] + sym_len_extra(s));
	for (unsigned s = 0; s < DIST_SYMS; s++)
		bits += (uint64_t)z->dfreq[s] * (dl[s] + sym_dist_extra(s));
	return bits;
}

/* The codes of every length and small distance with their extra bits. */
static void fill_match_tables(fdeflate *z, const uint8_t *ll, const uint16_t *lc, const uint8_t *dl,
                              const uint16_t *dc)
{
	for (unsigned l = 0; l < 256; l++) {
		unsigned ls = z->lsym[l], le = len_extra(l);
		z->lbits[l] = lc[ls] | (l & ((1u << le) - 1)) << ll[ls];
		z->lnbits[l] = (uint8_t)(ll[ls] + le);
	}
	for (unsigned d = 0; d < DBITS_TAB; d++) {
		unsigned ds = z->dsym[d], de = dist_extra(d);
		z->dbits[d] = dc[ds] | (d & ((1u << de) - 1)) << dl[ds];
		z->dnbits[d] = (uint8_t)(dl[ds] + de);
	}
}

static void put_tokens(fdeflate *z, struct bits *w, size_t nt, const uint8_t *ll,
                       const uint16_t *lc, const uint8_t *dl, const uint16_t *dc)
{
	fill_match_tables(z, ll, lc, dl, dc);
	const uint32_t *tok = z->tok;
	for (size_t i = 0; i < nt; i++) {
		uint32_t t = tok[i];
		if (!(t & TOK_MATCH)) {
			put(w, lc[t], ll[t]);
			continue;
		}
		unsigned l = (t >> 16) & 0xff, d = t & 0x7fff;
		uint64_t v;
		unsigned nb;
		if (d < DBITS_TAB) {
			v = z->dbits[d];
			nb = z->dnbits[d];
		} else {
			unsigned ds = dist_sym(d), de = dist_extra(d);
			v = dc[ds] | (uint64_t)(d & ((1u << de) - 1)) << dl[ds];
			nb = dl[ds] + de;
		}
		put(w, z->lbits[l], z->lnbits[l]);
		put(w, v, nb);
	}
	put(w, lc[256], ll[256]);
}

/* Writes the block of in[start..end) whose nt tokens are in z->tok. */
static void put_block(fdeflate *z, struct bits *w, const unsigned char *in, size_t start,
                      size_t end, size_t nt, bool final)
{
	z->lfreq[256]++;
	two_used(z->lfreq, LITLEN_SYMS);
	two_used(z->dfreq, DIST_SYMS);
	uint8_t ll[LITLEN_SYMS], dl[DIST_SYMS], lens[LITLEN_SYMS + DIST_SYMS], cl[CL_SYMS];
	build_lengths(z->lfreq, LITLEN_SYMS, MAX_BITS, ll);
	build_lengths(z->dfreq, DIST_SYMS, MAX_BITS, dl);
	int hlit = LITLEN_SYMS, hdist = DIST_SYMS, hclen = CL_SYMS;
	while (hlit > 257 && !ll[hlit - 1])
		hlit--;
	while (hdist > 1 && !dl[hdist - 1])
		hdist--;
	memcpy(lens, ll, (size_t)hlit);
	memcpy(lens + hlit, dl, (size_t)hdist);
	uint16_t rle[LITLEN_SYMS + DIST_SYMS];
	uint32_t clfreq[CL_SYMS] = {0};
	int nrle = rle_lengths(lens, hlit + hdist, rle, clfreq);
	two_used(clfreq, CL_SYMS);
	build_lengths(clfreq, CL_SYMS, CL_MAX_BITS, cl);
	while (hclen > 4 && !cl[cl_order[hclen - 1]])
		hclen--;

	static const uint8_t rle_extra[3] = {2, 3, 7};
	uint64_t dyn = 3 + 14 + 3 * (uint64_t)hclen + data_bits(z, ll, dl);
	for (int k = 0; k < nrle; k++) {
		unsigned s = rle[k] & 31;
		dyn += cl[s] + (s >= 16 ? rle_extra[s - 16] : 0);
	}
	uint64_t fixed = 3 + data_bits(z, z->fixed_ll, z->fixed_dl);
	uint64_t stored = stored_bits(w, end - start);

	if (stored < dyn && stored < fixed) {
		put_stored(w, in + start, end - start, final);
	} else if (fixed <= dyn) {
		put(w, final | 1u << 1, 3);
		put_tokens(z, w, nt, z->fixed_ll, z->fixed_lc, z->fixed_dl, z->fixed_dc);
	} else {
		uint16_t lc[LITLEN_SYMS], dc[DIST_SYMS], cc[CL_SYMS];
		make_codes(ll, LITLEN_SYMS, lc);
		make_codes(dl, DIST_SYMS, dc);
		make_codes(cl, CL_SYMS, cc);
		put(w, final | 2u << 1, 3);
		put(w, (uint64_t)(hlit - 257) | (uint64_t)(hdist - 1) << 5 | (uint64_t)(hclen - 4) << 10,
		    14);
		for (int k = 0; k < hclen; k++)
			put(w, cl[cl_order[k]], 3);
		for (int k = 0; k < nrle; k++) {
			unsigned s = rle[k] & 31;
			put(w, cc[s], cl[s]);
			if (s >= 16)
				put(w, (uint64_t)(rle[k] >> 8), rle_extra[s - 16]);
		}
		put_tokens(z, w, nt, ll, lc, dl, dc);
	}
	memset(z->lfreq, 0, sizeof z->lfreq);
	memset(z->dfreq, 0, sizeof z->dfreq);
}

static inline void add_literal(fdeflate *z, size_t *nt, unsigned char c)
{
	z->tok[(*nt)++] = c;
	z->lfreq[c]++;
}

static inline void add_match(fdeflate *z, size_t *nt, size_t len, size_t dist)
{
	unsigned l = (unsigned)len - 3, d = (unsigned)dist - 1;
	z->tok[(*nt)++] = TOK_MATCH | l << 16 | d;
	z->lfreq[z->lsym[l]]++;
	z->dfreq[d < DIST_TAB ? z->dsym[d] : dist_sym(d)]++;
}

/* The longest match at in[i] (0 < i, i + max <= n, max >= 4, i hashable):
 * the run of the byte before, else or if longer the hash candidate; i is
 * entered in the hash unless a run fills max. */
__attribute__((always_inline)) static inline size_t best_match(fdeflate *z, const unsigned char *in, size_t i, size_t max,
                                size_t *dist)
{
	size_t best = 0;
	if (in[i] == in[i - 1]) {
		best = run_len(in + i, in[i - 1], max);
		*dist = 1;
		if (best == max)
			return best;
	}
	uint32_t v = le32(in + i), h = hash4(v), c = z->head[h];
	z->head[h] = z->base + (uint32_t)i;
	if (c < z->base)
		return best;
	size_t cand = c - z->base, d = i - cand;
	if (d > WINDOW || le32(in + cand) != v)
		return best;
	size_t l = 4 + match_len(in + cand + 4, in + i + 4, max - 4);
	if (l > best) {
		best = l;
		*dist = d;
	}
	return best;
}

/* Tokens from in[*pos..n) until the block is full or the input ends; the
 * symbol counts in z->lfreq/dfreq.  Returns how many. */
static size_t tokenize(fdeflate *z, const unsigned char *in, size_t n, size_t *pos)
{
	size_t i = *pos, nt = 0, dist = 0;
	if (i == 0 && n > 0)
		add_literal(z, &nt, in[i++]);
	/* Where a whole match fits ahead and positions are hashed: no bounds
	 * to check on the way. */
	size_t hend = n < HASH_LIMIT ? n : HASH_LIMIT;
	size_t fast_end = hend > MAX_MATCH ? hend - MAX_MATCH : 0;
	while (i < fast_end && nt < BLOCK_TOKENS) {
		size_t best = best_match(z, in, i, MAX_MATCH, &dist);
		if (best >= MIN_MATCH) {
			add_match(z, &nt, best, dist);
			i += best;
		} else {
			add_literal(z, &nt, in[i++]);
		}
	}
	/* The last bytes (and any past HASH_LIMIT): runs only where no hash. */
	while (i < n && nt < BLOCK_TOKENS) {
		size_t left = n - i, max = left < MAX_MATCH ? left : MAX_MATCH, best = 0;
		if (max >= 4 && i < HASH_LIMIT)
			best = best_match(z, in, i, max, &dist);
		else if (max >= MIN_MATCH && in[i] == in[i - 1]) {
			best = run_len(in + i, in[i - 1], max);
			dist = 1;
		}
		if (best >= MIN_MATCH) {
			add_match(z, &nt, best, dist);
			i += best;
		} else {
			add_literal(z, &nt, in[i++]);
		}
	}
	*pos = i;
	return nt;
}

fdeflate *fdeflate_new(void)
{
	fdeflate *z = g_new0(fdeflate, 1);
	z->base = 1;
	for (unsigned l = 0; l < 256; l++)
		z->lsym[l] = (uint16_t)len_sym(l);
	for (unsigned d = 0; d < DIST_TAB; d++)
		z->dsym[d] = (uint8_t)dist_sym(d);
	for (int s = 0; s < LITLEN_SYMS; s++)
		z->fixed_ll[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
	memset(z->fixed_dl, 5, sizeof z->fixed_dl);
	/* 286 and 287 belong to the static code too: make_codes must count
	 * them for the codes to come out as RFC 1951 lists them. */
	uint8_t ll[288];
	uint16_t lc[288];
	memcpy(ll, z->fixed_ll, LITLEN_SYMS);
	ll[286] = ll[287] = 8;
	make_codes(ll, 288, lc);
	memcpy(z->fixed_lc, lc, sizeof z->fixed_lc);
	make_codes(z->fixed_dl, DIST_SYMS, z->fixed_dc);
	return z;
}

void fdeflate_free(fdeflate *z)
{
	g_free(z);
}

size_t fdeflate_bound(size_t n)
{
	/* Every block but the last holds BLOCK_TOKENS tokens of at least a byte
	 * each, and none is bigger than stored (5 bytes a 64 KiB, plus
	 * alignment); then the closing empty stored block. */
	return n + 6 * (n / BLOCK_TOKENS + n / 65535 + 3) + 16;
}

size_t fdeflate_raw(fdeflate *z, const unsigned char *in, size_t n, bool final,
                    unsigned char *out)
{
	/* Hash entries of earlier calls lie below base and are never used: the
	 * output depends on this input alone. */
	if (z->base > (1u << 31) - 1) {
		memset(z->head, 0, sizeof z->head);
		z->base = 1;
	}
	struct bits w = {.out = out};
	size_t pos = 0;
	do {
		size_t start = pos, nt = tokenize(z, in, n, &pos);
		put_block(z, &w, in, start, pos, nt, final && pos == n);
	} while (pos < n);
	if (!final)
		put_stored(&w, NULL, 0, false);
	align(&w);
	uint64_t next = (uint64_t)z->base + (n < HASH_LIMIT ? n : HASH_LIMIT) + WINDOW + 1;
	z->base = next > (1u << 31) - 1 ? UINT32_MAX : (uint32_t)next;
	return (size_t)(w.out - out);
}
