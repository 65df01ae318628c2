/*
 * tsgrad.c — hue and scheme gradients of time series (tsgrad.h).  Colours
 * are RGBA words; colour arithmetic in HSL as tinycolor2 (which Grafana
 * uses) does it, in doubles, rounded once at the end.
 */
#include "render/tsgrad.h"

#include <math.h>
#include "base/colour.h"
#include "render/display.h"
#include "render/plot.h"

struct rgbf {
	double r, g, b, a; /* 0..255, alpha 0..1 */
};

static struct rgbf rgbf_of(uint32_t c)
{
	return (struct rgbf){c >> 24, (c >> 16) & 0xff, (c >> 8) & 0xff, (c & 0xff) / 255.0};
}

static uint32_t rgba_of(struct rgbf c)
{
	double ch[3] = {c.r, c.g, c.b};
	uint32_t out = 0;
	for (int k = 0; k < 3; k++)
		out |= (uint32_t)fmin(255, fmax(0, round(ch[k]))) << (24 - 8 * k);
	return out | (uint32_t)fmin(255, fmax(0, round(c.a * 255)));
}

static double clamp01(double v)
{
	return fmin(1, fmax(0, v));
}

static struct colour_hsl to_hsl(struct rgbf c)
{
	return colour_to_hsl(c.r / 255, c.g / 255, c.b / 255);
}

static struct rgbf from_hsl(struct colour_hsl h, double a)
{
	double r, g, b;
	colour_from_hsl(h, &r, &g, &b);
	return (struct rgbf){r * 255, g * 255, b * 255, a};
}

static struct rgbf spin(struct rgbf c, double deg)
{
	struct colour_hsl h = to_hsl(c);
	double hue = fmod(h.h + deg, 360);
	h.h = hue < 0 ? 360 + hue : hue;
	return from_hsl(h, c.a);
}

static struct rgbf lighten(struct rgbf c, double pct) /* darken: negative */
{
	struct colour_hsl h = to_hsl(c);
	h.l = clamp01(h.l + pct / 100);
	return from_hsl(h, c.a);
}

static struct rgbf saturate(struct rgbf c, double pct)
{
	struct colour_hsl h = to_hsl(c);
	h.s = clamp01(h.s + pct / 100);
	return from_hsl(h, c.a);
}

static struct rgbf brighten(struct rgbf c, double pct)
{
	/* tinycolor's brighten works on the rounded channels (toRgb) */
	double d = -floor(-255 * pct / 100 + 0.5); /* JS: -Math.round(255 * -(pct / 100)) */
	c.r = fmin(255, fmax(0, round(c.r) + d));
	c.g = fmin(255, fmax(0, round(c.g) + d));
	c.b = fmin(255, fmax(0, round(c.b) + d));
	return c;
}

void tsgrad_hue_ends(const struct theme *th, uint32_t c, double a, uint32_t *top, uint32_t *bottom)
{
	struct rgbf base = rgbf_of(c);
	struct rgbf c1 = lighten(spin(base, -25), -5);
	struct rgbf c2 = brighten(spin(saturate(base, 20), 20), 10);
	c2 = lighten(c2, 10);
	if (th->kind == THEME_DARK)
		c1 = lighten(c1, -10);
	c1.a = c2.a = a;
	*top = rgba_of(c2);
	*bottom = rgba_of(c1);
}

static void add_stop(cairo_pattern_t *p, double at, uint32_t c)
{
	cairo_pattern_add_color_stop_rgba(p, at, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                                  ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

static cairo_pattern_t *hue_gradient(const struct theme *th, uint32_t c, struct rect r, double a)
{
	uint32_t top, bottom;
	tsgrad_hue_ends(th, c, a, &top, &bottom);
	cairo_pattern_t *p = cairo_pattern_create_linear(0, r.y, 0, r.y + r.h);
	add_stop(p, 0, top);
	add_stop(p, 1, bottom);
	return p;
}

/* A value and its colour, ascending by value. */
struct stop {
	double v;
	uint32_t c;
};

#define MAX_STOPS 64

static double ypos(const struct tsgrad_scale *sc, struct rect r, double v)
{
	struct plot_scale ps = {.log = sc->log, .min = sc->min, .max = sc->max};
	return round(plot_y(&ps, r, v));
}

/* uPlot's scaleGradient: the stops spanning the axis range placed at their
 * values' y, each stop's colour held up to the next one when discrete. */
static cairo_pattern_t *scale_gradient(const struct tsgrad_scale *sc, struct rect r,
                                       const struct stop *s, size_t n, bool discrete,
                                       uint32_t *solid)
{
	size_t lo = 0, hi = 0;
	bool have_lo = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i].v <= sc->min || !have_lo) {
			lo = i;
			have_lo = true;
		}
		hi = i;
		if (s[i].v >= sc->max)
			break;
	}
	if (lo == hi) {
		*solid = s[lo].c;
		return NULL;
	}
	double vlo = isinf(s[lo].v) && s[lo].v < 0 ? sc->min : s[lo].v;
	double vhi = isinf(s[hi].v) && s[hi].v > 0 ? sc->max : s[hi].v;
	double ylo = ypos(sc, r, vlo), yhi = ypos(sc, r, vhi), range = ylo - yhi;
	if (range == 0) {
		*solid = s[hi].c;
		return NULL;
	}
	cairo_pattern_t *p = cairo_pattern_create_linear(0, ylo, 0, yhi);
	uint32_t prev = 0;
	for (size_t i = lo; i <= hi; i++) {
		double y = i == lo ? ylo : i == hi ? yhi : ypos(sc, r, s[i].v);
		double at = (ylo - y) / range;
		if (discrete && i > lo)
			add_stop(p, at, prev);
		add_stop(p, at, prev = s[i].c);
	}
	return p;
}

/* Grafana's getGradientRange: the field's min/max (or soft min/max), else
 * the values' extent (the axis range when they are all one value). */
static void gradient_range(const struct field_config *fc, const struct tsgrad_scale *sc,
                           double *min, double *max)
{
	*min = !isnan(fc->min) ? fc->min : fc->custom.axis_soft_min;
	*max = !isnan(fc->max) ? fc->max : fc->custom.axis_soft_max;
	if (isnan(*min) || isnan(*max)) {
		double lo = sc->data_lo, hi = sc->data_hi;
		if (!(hi != lo)) {
			lo = sc->min;
			hi = sc->max;
		}
		*min = isnan(*min) ? (isfinite(lo) ? lo : 0) : *min;
		*max = isnan(*max) ? (isfinite(hi) ? hi : 100) : *max;
	}
}

/* The stops of the field's colour mode; 0 when it has none (fixed, shades). */
static size_t mode_stops(const struct theme *th, const struct field_config *fc,
                         const struct tsgrad_scale *sc, double a, struct stop *s, bool *discrete)
{
	double min, max;
	size_t n = 0;
	*discrete = fc->color_mode == COLOR_THRESHOLDS;
	if (fc->color_mode == COLOR_THRESHOLDS) {
		bool pct = fc->thresholds.mode == THRESH_PERCENTAGE;
		if (pct)
			gradient_range(fc, sc, &min, &max);
		for (size_t i = 0; i < fc->thresholds.n && n < MAX_STOPS; i++) {
			const struct threshold *t = &fc->thresholds.steps[i];
			uint32_t c = theme_threshold_color(th, t);
			double v = t->value;
			if (pct && isfinite(v))
				v = min + (max - min) * v / 100;
			/* a transparent step stays transparent ("#0000") */
			s[n++] = (struct stop){v, (c & 0xff) == 0 ? 0 : theme_alpha(c, a)};
		}
		if (n == 0)
			s[n++] = (struct stop){-INFINITY, theme_alpha(theme_palette(th, 0), a)};
		return n;
	}
	uint32_t cols[MAX_STOPS];
	size_t k = 0;
	if (fc->color_mode == COLOR_CONTINUOUS) {
		k = display_scheme_colors(th, fc->color_scheme, cols);
	} else if (fc->color_mode == COLOR_PALETTE_CLASSIC) {
		k = theme_palette_len() < MAX_STOPS ? theme_palette_len() : MAX_STOPS;
		for (size_t i = 0; i < k; i++)
			cols[i] = theme_palette(th, i);
	}
	if (k < 2)
		return 0;
	gradient_range(fc, sc, &min, &max);
	for (size_t i = 0; i < k; i++)
		s[n++] = (struct stop){min + (max - min) * (double)i / (double)(k - 1),
		                       theme_alpha(cols[i], a)};
	return n;
}

cairo_pattern_t *tsgrad_pattern(const struct theme *th, const struct field_res *f,
                                const struct tsgrad_scale *sc, struct rect r, double opacity)
{
	const struct field_config *fc = &f->fc;
	enum gradient_mode g = fc->custom.gradient;
	if (g == GRADIENT_HUE)
		return hue_gradient(th, f->color, r, opacity);
	if (g != GRADIENT_SCHEME || fc->color_mode == COLOR_FIXED)
		return NULL;
	struct stop s[MAX_STOPS];
	bool discrete;
	size_t n = mode_stops(th, fc, sc, opacity, s, &discrete);
	if (n == 0)
		return NULL;
	uint32_t solid = 0;
	cairo_pattern_t *p = scale_gradient(sc, r, s, n, discrete, &solid);
	return p ? p
	         : cairo_pattern_create_rgba((solid >> 24) / 255.0, ((solid >> 16) & 0xff) / 255.0,
	                                     ((solid >> 8) & 0xff) / 255.0, (solid & 0xff) / 255.0);
}
