/*
 * heatmap_schemes.c — d3-scale-chromatic's interpolators for the heatmap
 * palettes: which scheme Grafana lists (and inverts when), and the colour of
 * each at t.  The tables live in the generated heatmap_schemes_data.c; the
 * formulas here are d3's published ones (Turbo and Cividis polynomials,
 * Sinebow, Rainbow and the cubehelix ramps).
 */
#include "render/heatmap_schemes.h"

#include "dashboards/hmschemes.h"

#include <math.h>
#include <string.h>

static double clamp01(double t)
{
	return t < 0 ? 0 : t > 1 ? 1 : t;
}

/* d3-color's rgb formatting: each channel rounded, then clamped to a byte. */
static uint32_t pack(double r, double g, double b)
{
	double c[3] = {r, g, b};
	uint32_t out = 0;
	for (int k = 0; k < 3; k++) {
		double v = round(c[k]);
		v = isnan(v) ? 0 : v < 0 ? 0 : v > 255 ? 255 : v;
		out = out << 8 | (uint32_t)v;
	}
	return out;
}

/* d3-interpolate's basis: the uniform cubic B-spline through the stops. */
static double basis_channel(const uint32_t *c, size_t n1, int shift, double t)
{
	size_t n = n1 - 1;
	size_t i;
	if (t <= 0) {
		t = 0;
		i = 0;
	} else if (t >= 1) {
		t = 1;
		i = n - 1;
	} else {
		i = (size_t)floor(t * (double)n);
	}
	double v1 = (c[i] >> shift) & 0xff, v2 = (c[i + 1] >> shift) & 0xff;
	double v0 = i > 0 ? (c[i - 1] >> shift) & 0xff : 2 * v1 - v2;
	double v3 = i < n - 1 ? (c[i + 2] >> shift) & 0xff : 2 * v2 - v1;
	double t1 = (t - (double)i / (double)n) * (double)n, t2 = t1 * t1, t3 = t2 * t1;
	return ((1 - 3 * t1 + 3 * t2 - t3) * v0 + (4 - 6 * t2 + 3 * t3) * v1 +
	        (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 + t3 * v3) / 6;
}

static uint32_t from_table(const struct hm_scheme_data *d, double t)
{
	if (d->kind == HM_RAMP) {
		long i = (long)floor(t * (double)d->n);
		i = i < 0 ? 0 : i > (long)d->n - 1 ? (long)d->n - 1 : i;
		return d->c[i];
	}
	return pack(basis_channel(d->c, d->n, 16, t), basis_channel(d->c, d->n, 8, t),
	            basis_channel(d->c, d->n, 0, t));
}

/* d3-color's cubehelix → rgb (Green's constants). */
static uint32_t cubehelix(double h, double s, double l)
{
	const double A = -0.14861, B = +1.78277, C = -0.29227, D = -0.90649, E = +1.97294;
	h = (h + 120) * M_PI / 180;
	double a = s * l * (1 - l), ch = cos(h), sh = sin(h);
	return pack(255 * (l + a * (A * ch + B * sh)), 255 * (l + a * (C * ch + D * sh)),
	            255 * (l + a * (E * ch)));
}

/* interpolateCubehelixLong between (h0,s0,l0) and (h1,s1,l1). */
static uint32_t cubehelix_long(const double a[3], const double b[3], double t)
{
	return cubehelix(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]),
	                 a[2] + t * (b[2] - a[2]));
}

static uint32_t turbo(double t)
{
	t = clamp01(t);
	return pack(34.61 + t * (1172.33 - t * (10793.56 - t * (33300.12 - t * (38394.49 - t * 14825.05)))),
	            23.31 + t * (557.33 + t * (1225.33 - t * (3574.96 - t * (1073.77 + t * 707.56)))),
	            27.2 + t * (3211.1 - t * (15327.97 - t * (27814 - t * (22569.18 - t * 6838.66)))));
}

static uint32_t cividis(double t)
{
	t = clamp01(t);
	return pack(-4.54 - t * (35.34 - t * (2381.73 - t * (6402.7 - t * (7024.72 - t * 2710.57)))),
	            32.49 + t * (170.73 + t * (52.82 - t * (131.46 - t * (176.58 - t * 67.37)))),
	            81.24 + t * (442.36 - t * (2482.43 - t * (6167.24 - t * (6614.94 - t * 2475.67)))));
}

static uint32_t sinebow(double t)
{
	t = (0.5 - t) * M_PI;
	double r = sin(t), g = sin(t + M_PI / 3), b = sin(t + M_PI * 2 / 3);
	return pack(255 * r * r, 255 * g * g, 255 * b * b);
}

static uint32_t rainbow(double t)
{
	if (t < 0 || t > 1)
		t -= floor(t);
	double ts = fabs(t - 0.5);
	return cubehelix(360 * t - 100, 1.5 - 1.5 * ts, 0.8 - 0.9 * ts);
}

static uint32_t formula(const char *name, double t)
{
	static const double warm[2][3] = {{-100, 0.75, 0.35}, {80, 1.50, 0.8}};
	static const double cool[2][3] = {{260, 0.75, 0.35}, {80, 1.50, 0.8}};
	static const double helix[2][3] = {{300, 0.5, 0.0}, {-240, 0.5, 1.0}};
	if (strcmp(name, "Turbo") == 0)
		return turbo(t);
	if (strcmp(name, "Cividis") == 0)
		return cividis(t);
	if (strcmp(name, "Sinebow") == 0)
		return sinebow(t);
	if (strcmp(name, "Rainbow") == 0)
		return rainbow(t);
	t = clamp01(t);
	if (strcmp(name, "Warm") == 0)
		return cubehelix_long(warm[0], warm[1], t);
	if (strcmp(name, "Cool") == 0)
		return cubehelix_long(cool[0], cool[1], t);
	return cubehelix_long(helix[0], helix[1], t);
}

uint32_t hm_scheme_color(long scheme, double t)
{
	const char *name = hm_scheme_at(scheme < 0 ? 0 : (size_t)scheme, NULL);
	if (scheme < 0 || !name)
		name = "Spectral";
	for (size_t i = 0; hm_scheme_tables[i].name; i++)
		if (strcmp(hm_scheme_tables[i].name, name) == 0)
			return from_table(&hm_scheme_tables[i], t);
	return formula(name, t);
}
