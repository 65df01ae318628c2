/*
 * series_probe.h — counts a series' own pixels in an image, for the tests
 * that must fail when a series or its line is missing (test_golden.c,
 * test_grafana_ref.c).  A pixel counts for colour C when it lies on the
 * line from the panel background to C at coverage PROBE_ALPHA or more, off
 * that line by at most PROBE_RESIDUAL per channel: antialiased line pixels
 * and opaque fills count, 10–20% fills and other series do not, whatever
 * the renderer's antialiasing (Grafana's Chromium or cairo).
 */
#ifndef CAIRN_TEST_SERIES_PROBE_H
#define CAIRN_TEST_SERIES_PROBE_H

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>

#define PROBE_ALPHA    0.4  /* least coverage a pixel of a series must have */
#define PROBE_RESIDUAL 18.0 /* of 255 */

/* Pixels of `colour` (0xRRGGBB) over `bg` (0xRRGGBB) inside rect {x, y, w, h}
 * of an ARGB32/RGB24 image surface. */
static inline long probe_series_pixels(cairo_surface_t *img, const int rect[4], uint32_t bg,
                                       uint32_t colour)
{
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	int stride = cairo_image_surface_get_stride(img);
	const unsigned char *px = cairo_image_surface_get_data(img);
	double b[3] = {(bg >> 16) & 0xff, (bg >> 8) & 0xff, bg & 0xff};
	double v[3] = {((colour >> 16) & 0xff) - b[0], ((colour >> 8) & 0xff) - b[1],
	               (colour & 0xff) - b[2]};
	double vv = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
	long n = 0;
	cairo_surface_flush(img);
	for (int y = MAX(rect[1], 0); y < MIN(rect[1] + rect[3], h); y++)
		for (int x = MAX(rect[0], 0); x < MIN(rect[0] + rect[2], w); x++) {
			const unsigned char *p = px + y * stride + x * 4; /* B, G, R, A */
			double d[3] = {p[2] - b[0], p[1] - b[1], p[0] - b[2]};
			double a = (d[0] * v[0] + d[1] * v[1] + d[2] * v[2]) / vv, off = 0;
			if (a < PROBE_ALPHA || a > 1.15)
				continue;
			for (int k = 0; k < 3; k++)
				off = MAX(off, fabs(d[k] - a * v[k]));
			n += off <= PROBE_RESIDUAL;
		}
	return n;
}

#endif
