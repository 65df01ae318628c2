/*
 * thinline.h — a thin polyline stroked straight into an image's pixels, as
 * Cairo strokes it (round joins, butt caps, one OVER blend per call), for
 * the sparse stretches of a time series' line (render/plot.c).  Cairo's
 * general stroker cost ~7k instructions a segment; this is linear in the
 * device columns and rows the stroke covers.
 */
#ifndef CAIRN_THINLINE_H
#define CAIRN_THINLINE_H

#include <stddef.h>
#include <stdint.h>

/* Points one call takes at most (plot.c strokes in chunks of 64 segments,
 * stepped lines adding a corner per point). */
#define THINLINE_MAX 132

/* Where to draw: ARGB32 (premultiplied) or RGB24 pixels, native-endian
 * 32-bit words, and the clip in whole device pixels.  Columns outside
 * [x0, x1) and rows outside [y0, y1) are never read or written, so callers
 * drawing disjoint column ranges at once touch disjoint pixels. */
struct thinline_target {
	unsigned char *px; /* row 0, column 0 */
	int stride;        /* bytes a row */
	int x0, y0, x1, y1;
};

/* Blends the stroke of p[0..n) (device pixels, x non-decreasing, all
 * finite, n <= THINLINE_MAX), width 2 hw, in colour (0xRRGGBBAA, straight
 * alpha) OVER the target: per device column the union of the segments'
 * bands and the interior joins' discs, sampled at 8 sub-columns (exact
 * vertically; a join's whole disc is drawn, so where an end segment is
 * shorter than hw it reaches past that butt end, where Cairo's inner join
 * stops).  Sets [*ry0, *ry1) to the rows written (empty when
 * *ry0 >= *ry1).  Allocates nothing. */
void thinline_stroke(const struct thinline_target *t, const double (*p)[2], size_t n, double hw,
                     uint32_t colour, int *ry0, int *ry1);

#endif
