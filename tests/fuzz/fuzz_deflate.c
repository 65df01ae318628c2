/*
 * fuzz_deflate.c — render/fdeflate round trip: the input (as is, or
 * expanded from (count, byte) pairs into long runs, when its first byte is
 * odd) is compressed in pieces cut at offsets drawn from its first bytes,
 * every piece but the last a sync-flushed one, as png.c chains its strips;
 * zlib's inflate must give the input back exactly, and no piece may pass
 * fdeflate_bound.
 */
#include "tests/fuzz/fuzz.h"

#include <zlib.h>

#include "render/fdeflate.h"

/* (count, byte) pairs as count + 1 copies of byte: runs up to 256 long,
 * so the run path and the 258 limit are reached from small inputs. */
static unsigned char *expand(const uint8_t *p, size_t n, size_t *len)
{
	size_t total = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		total += (size_t)p[i] + 1;
	unsigned char *b = malloc(total + 1);
	if (!b)
		abort();
	size_t o = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		memset(b + o, p[i + 1], (size_t)p[i] + 1);
		o += (size_t)p[i] + 1;
	}
	*len = total;
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	unsigned cuts = data[1] % 5, mode = data[0];
	size_t seed = (size_t)data[2] << 8 | data[1];
	data += 3;
	size -= 3;
	size_t n = size;
	unsigned char *in = (mode & 1) ? expand(data, size, &n) : malloc(size + 1);
	if (!in)
		abort();
	if (!(mode & 1))
		memcpy(in, data, size);

	size_t cap = fdeflate_bound(n) + cuts * fdeflate_bound(0) + 16;
	unsigned char *out = malloc(cap), *back = malloc(n + 1);
	if (!out || !back)
		abort();
	fdeflate *z = fdeflate_new();
	size_t pos = 0, len = 0;
	for (unsigned k = 0; k <= cuts; k++) {
		size_t end = k == cuts ? n : pos + (n - pos) * ((seed >> (3 * k)) & 7) / 8;
		size_t w = fdeflate_raw(z, in + pos, end - pos, k == cuts, out + len);
		if (w > fdeflate_bound(end - pos))
			abort();
		len += w;
		pos = end;
	}
	fdeflate_free(z);

	z_stream s = {0};
	if (inflateInit2(&s, -15) != Z_OK)
		abort();
	s.next_in = out;
	s.avail_in = (uInt)len;
	s.next_out = back;
	s.avail_out = (uInt)(n + 1);
	if (inflate(&s, Z_FINISH) != Z_STREAM_END || s.total_out != n || s.avail_in != 0 ||
	    (n && memcmp(back, in, n) != 0))
		abort();
	inflateEnd(&s);
	free(back);
	free(out);
	free(in);
	return 0;
}
