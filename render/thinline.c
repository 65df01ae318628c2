/*
 * thinline.c — thin polylines stroked straight into an image's pixels
 * (thinline.h).  Owns the geometry of one stroke (segment bands, join
 * discs) and its blend; which stretches of a series come here, chunking and
 * the surface's flush/dirty marks are render/plot.c's.
 *
 * Per device column the stroke is sampled on SUBX vertical lines: on each,
 * the union of the bands and discs crossing it is one interval [lo, hi]
 * (the polyline is continuous and x-monotone, so they overlap), exact to
 * the row.  A row's coverage is the mean over the samples of the interval's
 * length inside the row.  The segments and joins are visited once per
 * column, each only at the samples its x extent reaches, and only the rows
 * the column's intervals touch are read and blended.
 */
#include "render/thinline.h"

#include <math.h>
#include <stdint.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif

/* Sub-columns a device column is sampled at: an edge's coverage is off by
 * at most 1/(2 SUBX) of a pixel horizontally (against Cairo's images of
 * case C: 16 sub-columns no closer than 8, 4 twice as far). */
#define SUBX 8

/* One segment of a stroke in device pixels as the band
 * {p : 0 <= (p - p0).u <= len, |(p - p0).n| <= hw} (u = (ux >= 0, uy) the
 * unit direction) gives it on a vertical line x = x0 + dx: between
 * ym + s dx -+ h (the sides) and between ta - r dx and tb - r dx (the
 * ends; infinite when it is horizontal); xlo..xhi is its horizontal
 * extent.  An upright segment has s = r = 0, infinite sides and its ends
 * in ta, tb. */
struct sseg {
	double x0, y0, xlo, xhi;
	double ym, s, h, r, ta, tb;
};

static inline double dmin(double a, double b)
{
	return a < b ? a : b;
}

static inline double dmax(double a, double b)
{
	return a > b ? a : b;
}

static struct sseg sseg_make(double x0, double y0, double x1, double y1, double hw)
{
	/* Pixel coordinates: no overflow for hypot to guard against. */
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy), ux = dx / len,
	       uy = dy / len;
	struct sseg g = {x0,        y0,      x0 - hw * fabs(uy), x1 + hw * fabs(uy), y0, 0, 0, 0,
	                 -INFINITY, INFINITY};
	if (ux <= 1e-12) { /* its ends exactly, as floats, whatever its length */
		g.ym = 0;
		g.h = INFINITY;
		g.ta = dmin(y0, y1);
		g.tb = dmax(y0, y1);
		g.xlo = x0 - hw;
		g.xhi = x0 + hw;
		return g;
	}
	g.s = uy / ux;
	g.h = hw / ux;
	if (fabs(uy) <= 1e-12) {
		g.xlo = x0;
		g.xhi = x0 + len;
		return g;
	}
	g.r = ux / uy;
	g.ta = y0;
	g.tb = y0 + len / uy;
	return g;
}

/* d OVER with colour c (0xffRRGGBB) at coverage a of 255: each channel
 * (c a + d (255 - a) + 127) / 255, the four in 16-bit lanes of one word
 * (no lane passes 65,407; x / 255 == (x + 1 + (x >> 8)) >> 8 below 65,535).
 * RGB24 ignores the alpha byte. */
static inline uint32_t blend(uint32_t d, uint64_t c, unsigned a)
{
	const uint64_t m = 0x00ff00ff00ff00ffull;
	uint64_t dd = (d & 0x00ff00ffu) | (uint64_t)((d >> 8) & 0x00ff00ffu) << 32;
	uint64_t x = c * a + dd * (255 - a) + 0x007f007f007f007full;
	x = ((x + 0x0001000100010001ull + ((x >> 8) & m)) >> 8) & m;
	return (uint32_t)x | (uint32_t)(x >> 32) << 8;
}

/* A column's SUBX samples in two vectors of 4 lanes (GCC/Clang vector
 * extensions: SSE registers on x86-64's baseline).  Floats are exact
 * enough: what they hold is relative to the column, or a y that matters
 * only near the target's rows. */
typedef float vf __attribute__((vector_size(4 * sizeof(float))));
typedef int32_t vi __attribute__((vector_size(4 * sizeof(int32_t))));
_Static_assert(SUBX == 8, "two vectors a column");

static inline vf vsel(vi m, vf a, vf b)
{
	return (vf)(((vi)a & m) | ((vi)b & ~m));
}

#ifdef __SSE__
/* minps/maxps are these exactly (b where either is NaN); GCC does not find
 * them in the generic form, which costs four instructions more. */
static inline vf vmin(vf a, vf b)
{
	return (vf)_mm_min_ps((__m128)a, (__m128)b);
}

static inline vf vmax(vf a, vf b)
{
	return (vf)_mm_max_ps((__m128)a, (__m128)b);
}

static inline vf vsqrt(vf a)
{
	return (vf)_mm_sqrt_ps((__m128)a);
}
#else
static inline vf vsqrt(vf a)
{
	return (vf){sqrtf(a[0]), sqrtf(a[1]), sqrtf(a[2]), sqrtf(a[3])};
}

static inline vf vmin(vf a, vf b)
{
	return vsel(a < b, a, b);
}

static inline vf vmax(vf a, vf b)
{
	return vsel(a > b, a, b);
}
#endif

static inline vf vsplat(float v)
{
	return (vf){v, v, v, v};
}

static inline float hmin(vf a)
{
	float x = a[0] < a[1] ? a[0] : a[1], y = a[2] < a[3] ? a[2] : a[3];
	return x < y ? x : y;
}

static inline float hmax(vf a)
{
	float x = a[0] > a[1] ? a[0] : a[1], y = a[2] > a[3] ? a[2] : a[3];
	return x > y ? x : y;
}

/* The samples' offsets from a column's first sample. */
static const vf VJ0 = {0.0f / SUBX, 1.0f / SUBX, 2.0f / SUBX, 3.0f / SUBX};
static const vf VJ1 = {4.0f / SUBX, 5.0f / SUBX, 6.0f / SUBX, 7.0f / SUBX};

/* A column's samples' intervals, lanes 0-3 and 4-7. */
struct col {
	vf lo0, lo1, hi0, hi1;
};

/* Widens one vector of intervals by a shape's [a, b] where `in`. */
static inline void widen(vf *lo, vf *hi, vi in, vf a, vf b)
{
	in &= b >= a;
	*lo = vsel(in, vmin(*lo, a), *lo);
	*hi = vsel(in, vmax(*hi, b), *hi);
}

/* Widens the column's intervals by segment g's span, at the samples
 * within its x extent.  xs: the column's first sample. */
static inline void col_seg(struct col *c, const struct sseg *g, double xs)
{
	double dx = xs - g->x0;
	vf xlo = vsplat((float)(g->xlo - xs)), xhi = vsplat((float)(g->xhi - xs));
	vf m = vsplat((float)(g->ym + g->s * dx)), s = vsplat((float)g->s), h = vsplat((float)g->h);
	vf ta = vsplat((float)(g->ta - g->r * dx)), tb = vsplat((float)(g->tb - g->r * dx)),
	   r = vsplat((float)g->r);
	vf m0 = m + s * VJ0, m1 = m + s * VJ1;
	vf ta0 = ta - r * VJ0, ta1 = ta - r * VJ1, tb0 = tb - r * VJ0, tb1 = tb - r * VJ1;
	widen(&c->lo0, &c->hi0, (VJ0 >= xlo) & (VJ0 <= xhi), vmax(m0 - h, vmin(ta0, tb0)),
	      vmin(m0 + h, vmax(ta0, tb0)));
	widen(&c->lo1, &c->hi1, (VJ1 >= xlo) & (VJ1 <= xhi), vmax(m1 - h, vmin(ta1, tb1)),
	      vmin(m1 + h, vmax(ta1, tb1)));
}

/* Widens them by the disc of radius hw about (x0, y0) (a join). */
static inline void col_join(struct col *c, double x0, double y0, double hw, double xs)
{
	vf d = vsplat((float)(xs - x0)), hw2 = vsplat((float)(hw * hw)), y = vsplat((float)y0);
	vf q0 = hw2 - (d + VJ0) * (d + VJ0), q1 = hw2 - (d + VJ1) * (d + VJ1);
	vf h0 = vsqrt(vmax(q0, vsplat(0))), h1 = vsqrt(vmax(q1, vsplat(0)));
	widen(&c->lo0, &c->hi0, q0 > vsplat(0), y - h0, y + h0);
	widen(&c->lo1, &c->hi1, q1 > vsplat(0), y - h1, y + h1);
}

/* The union of the stroke's shapes on column X's samples: segments
 * seg[first..ns) up to the column's right edge, joins at their starts. */
static inline void col_spans(struct col *c, long X, const struct sseg *seg, size_t first, size_t ns,
                             double hw)
{
	const double xs = (double)X + 0.5 / SUBX, last = xs + (SUBX - 1.0) / SUBX;
	c->lo0 = c->lo1 = vsplat(INFINITY);
	c->hi0 = c->hi1 = vsplat(-INFINITY);
	for (size_t i = first; i < ns && seg[i].x0 - hw <= last; i++) {
		/* the join at this segment's start (not the polyline's) */
		if (i > 0 && seg[i].x0 + hw > xs)
			col_join(c, seg[i].x0, seg[i].y0, hw, xs);
		if (seg[i].xhi >= xs)
			col_seg(c, &seg[i], xs);
	}
}

/* The mean over the samples of [l, h] inside row [y, y + 1). */
static inline float row_cover(vf l0, vf l1, vf h0, vf h1, float y)
{
	vf a = vsplat(y), b = vsplat(y + 1);
	vf s = (vmin(vmax(h0, a), b) - vmin(vmax(l0, a), b)) +
	       (vmin(vmax(h1, a), b) - vmin(vmax(l1, a), b));
	return ((s[0] + s[1]) + (s[2] + s[3])) * (1.0f / SUBX);
}

/* Blends column X's intervals, clipped to the target's rows; widens
 * [*ry0, *ry1) by the rows written. */
static inline void col_blend(const struct thinline_target *t, const struct col *c, long X,
                             uint64_t rgb, unsigned alpha, int *ry0, int *ry1)
{
	vf y0 = vsplat((float)t->y0), y1 = vsplat((float)t->y1);
	vf l0 = vmax(c->lo0, y0), l1 = vmax(c->lo1, y0), h0 = vmin(c->hi0, y1),
	   h1 = vmin(c->hi1, y1);
	vi in0 = h0 > l0, in1 = h1 > l1;
	float top = hmin(vmin(vsel(in0, l0, vsplat(INFINITY)), vsel(in1, l1, vsplat(INFINITY))));
	float bot = hmax(vmax(vsel(in0, h0, vsplat(-INFINITY)), vsel(in1, h1, vsplat(-INFINITY))));
	if (!(bot > top))
		return;
	/* nothing at a sample: an empty interval at y0, adding 0 to every row */
	l0 = vsel(in0, l0, y0);
	h0 = vsel(in0, h0, y0);
	l1 = vsel(in1, l1, y0);
	h1 = vsel(in1, h1, y0);
	float maxlo = hmax(vmax(l0, l1)), minhi = hmin(vmin(h0, h1));
	int r0 = (int)top, r1 = (int)bot; /* top >= y0 >= 0 */
	r1 += (float)r1 < bot;
	/* rows [f0, f1) are covered on every sample */
	int f0 = (int)maxlo, f1 = minhi > maxlo ? (int)minhi : 0;
	f0 += (float)f0 < maxlo;
	unsigned char *p = t->px + (size_t)r0 * (size_t)t->stride + (size_t)X * 4;
	for (int Y = r0; Y < r1; Y++, p += t->stride) {
		unsigned a = alpha;
		if (Y < f0 || Y >= f1) {
			/* the mean of 8 values in [0, 1]: cov <= 1 but for rounding */
			a = (unsigned)(row_cover(l0, l1, h0, h1, (float)Y) * (float)alpha + 0.5f);
			a = a > alpha ? alpha : a;
			if (!a)
				continue;
		}
		uint32_t *px = (uint32_t *)(void *)p;
		*px = blend(*px, rgb, a);
	}
	*ry0 = r0 < *ry0 ? r0 : *ry0;
	*ry1 = r1 > *ry1 ? r1 : *ry1;
}

void thinline_stroke(const struct thinline_target *t, const double (*p)[2], size_t n, double hw,
                     uint32_t colour, int *ry0, int *ry1)
{
	struct sseg seg[THINLINE_MAX];
	size_t ns = 0;
	double xmin = INFINITY, xmax = -INFINITY;
	*ry0 = t->y1;
	*ry1 = t->y0;
	for (size_t i = 0; i + 1 < n && i + 1 < THINLINE_MAX; i++) {
		if (p[i + 1][0] == p[i][0] && p[i + 1][1] == p[i][1])
			continue;
		struct sseg g = sseg_make(p[i][0], p[i][1], p[i + 1][0], p[i + 1][1], hw);
		xmin = dmin(xmin, g.xlo);
		xmax = dmax(xmax, g.xhi);
		seg[ns++] = g;
	}
	unsigned alpha = colour & 0xff;
	if (!ns || !alpha)
		return;
	/* 0xffRRGGBB spread to 16-bit lanes as blend() reads it */
	uint32_t c = 0xffu << 24 | colour >> 8;
	uint64_t rgb = (c & 0x00ff00ffu) | (uint64_t)((c >> 8) & 0x00ff00ffu) << 32;
	long X0 = (long)fmax(floor(xmin), t->x0), X1 = (long)fmin(ceil(xmax), t->x1);
	size_t first = 0;
	struct col col;
	for (long X = X0; X < X1; X++) {
		while (first < ns && seg[first].xhi < (double)X && seg[first].x0 + hw < (double)X)
			first++;
		col_spans(&col, X, seg, first, ns, hw);
		col_blend(t, &col, X, rgb, alpha, ry0, ry1);
	}
}
