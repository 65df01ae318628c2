/*
 * colour.c — colour text → 0xRRGGBBAA, for the dashboard loader (which keeps
 * the dark shade as the stored value) and the themes (which resolve names
 * per theme).  Pure functions over constant tables; no allocation.
 */
#include "base/colour.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RGB(x) (((uint32_t)(x) << 8) | 0xffu)

struct hue_shade {
	const char *name;
	uint32_t dark, light;
};

/* getDarkHues()/getLightHues() of @grafana/data 10.4. */
static const struct hue_shade hues[] = {
        {"super-light-red", 0xFFA6B0, 0xFF7383},
        {"light-red", 0xFF7383, 0xF2495C},
        {"red", 0xF2495C, 0xE02F44},
        {"semi-dark-red", 0xE02F44, 0xC4162A},
        {"dark-red", 0xC4162A, 0xAD0317},
        {"super-light-orange", 0xFFCB7D, 0xFFB357},
        {"light-orange", 0xFFB357, 0xFF9830},
        {"orange", 0xFF9830, 0xFF780A},
        {"semi-dark-orange", 0xFF780A, 0xFA6400},
        {"dark-orange", 0xFA6400, 0xE55400},
        {"super-light-yellow", 0xFFF899, 0xFFEE52},
        {"light-yellow", 0xFFEE52, 0xFADE2A},
        {"yellow", 0xFADE2A, 0xF2CC0C},
        {"semi-dark-yellow", 0xF2CC0C, 0xE0B400},
        {"dark-yellow", 0xE0B400, 0xCC9D00},
        {"super-light-green", 0xC8F2C2, 0x96D98D},
        {"light-green", 0x96D98D, 0x73BF69},
        {"green", 0x73BF69, 0x56A64B},
        {"semi-dark-green", 0x56A64B, 0x37872D},
        {"dark-green", 0x37872D, 0x19730E},
        {"super-light-blue", 0xC0D8FF, 0x8AB8FF},
        {"light-blue", 0x8AB8FF, 0x5794F2},
        {"blue", 0x5794F2, 0x3274D9},
        {"semi-dark-blue", 0x3274D9, 0x1F60C4},
        {"dark-blue", 0x1F60C4, 0x1250B0},
        {"super-light-purple", 0xDEB6F2, 0xCA95E5},
        {"light-purple", 0xCA95E5, 0xB877D9},
        {"purple", 0xB877D9, 0xA352CC},
        {"semi-dark-purple", 0xA352CC, 0x8F3BB8},
        {"dark-purple", 0x8F3BB8, 0x7C2EA3},
};

/* The CSS names dashboards actually use; Grafana accepts any CSS name, the
 * rest are rare enough to fall through to "not a colour". */
static const struct {
	const char *name;
	uint32_t rgb;
} css[] = {
        {"black", 0x000000},       {"white", 0xffffff},      {"gray", 0x808080},
        {"grey", 0x808080},        {"silver", 0xc0c0c0},     {"darkgray", 0xa9a9a9},
        {"lightgray", 0xd3d3d3},   {"lightgrey", 0xd3d3d3},  {"dimgray", 0x696969},
        {"maroon", 0x800000},      {"darkred", 0x8b0000},    {"crimson", 0xdc143c},
        {"tomato", 0xff6347},      {"coral", 0xff7f50},      {"salmon", 0xfa8072},
        {"darkorange", 0xff8c00},  {"gold", 0xffd700},       {"khaki", 0xf0e68c},
        {"olive", 0x808000},       {"lime", 0x00ff00},       {"limegreen", 0x32cd32},
        {"darkgreen", 0x006400},   {"teal", 0x008080},       {"cyan", 0x00ffff},
        {"aqua", 0x00ffff},        {"navy", 0x000080},       {"darkblue", 0x00008b},
        {"royalblue", 0x4169e1},   {"steelblue", 0x4682b4},  {"skyblue", 0x87ceeb},
        {"lightblue", 0xadd8e6},   {"dodgerblue", 0x1e90ff}, {"magenta", 0xff00ff},
        {"fuchsia", 0xff00ff},     {"violet", 0xee82ee},     {"indigo", 0x4b0082},
        {"pink", 0xffc0cb},        {"hotpink", 0xff69b4},    {"brown", 0xa52a2a},
        {"chocolate", 0xd2691e},   {"tan", 0xd2b48c},        {"orangered", 0xff4500},
        {"yellowgreen", 0x9acd32}, {"turquoise", 0x40e0d0},
};

/* #rgb, #rgba, #rrggbb, #rrggbbaa (s without the '#') */
static int parse_hex(const char *s, uint32_t *out)
{
	size_t n = strlen(s);
	int d[8];
	if (n != 3 && n != 4 && n != 6 && n != 8)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((d[i] = g_ascii_xdigit_value(s[i])) < 0)
			return -1;
	uint32_t c = 0;
	if (n <= 4) {
		for (size_t i = 0; i < n; i++)
			c = (c << 8) | (uint32_t)(d[i] * 17);
		if (n == 3)
			c = (c << 8) | 0xff;
	} else {
		for (size_t i = 0; i < n; i += 2)
			c = (c << 8) | (uint32_t)(d[i] * 16 + d[i + 1]);
		if (n == 6)
			c = (c << 8) | 0xff;
	}
	*out = c;
	return 0;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x; /* callers never pass NaN (parse_rgb_func) */
}

static uint32_t channel(double v255)
{
	return (uint32_t)lround(clamp01(v255 / 255) * 255);
}

/* rgb(r, g, b) / rgba(r, g, b, a), components 0..255 (or %), alpha 0..1;
 * commas, spaces or CSS4's "/" between them; the ")" is required. */
static int parse_rgb_func(const char *s, uint32_t *out)
{
	const char *p = strchr(s, '(');
	double c[4] = {0, 0, 0, 1};
	int n = 0;
	if (!p)
		return -1;
	p++;
	while (n < 4) {
		char *end;
		double v = g_ascii_strtod(p, &end);
		if (end == p)
			break;
		if (!isfinite(v)) /* "nan", "inf": no colour */
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == '%') {
			v = n < 3 ? v * 255 / 100 : v / 100;
			p++;
		}
		c[n++] = v;
		while (*p == ' ' || *p == ',' || *p == '/')
			p++;
	}
	if (n < 3 || *p != ')')
		return -1;
	*out = channel(c[0]) << 24 | channel(c[1]) << 16 | channel(c[2]) << 8 |
	       (uint32_t)lround(clamp01(c[3]) * 255);
	return 0;
}

int colour_parse(const char *text, enum colour_shade shade, uint32_t *out)
{
	if (!text || !*text)
		return -1;
	if (text[0] == '#')
		return parse_hex(text + 1, out);
	if (g_ascii_strncasecmp(text, "rgb", 3) == 0)
		return parse_rgb_func(text, out);
	for (size_t i = 0; i < G_N_ELEMENTS(hues); i++)
		if (g_ascii_strcasecmp(text, hues[i].name) == 0) {
			*out = RGB(shade == COLOUR_LIGHT ? hues[i].light : hues[i].dark);
			return 0;
		}
	if (g_ascii_strcasecmp(text, "transparent") == 0) {
		*out = shade == COLOUR_LIGHT ? 0xffffff00u : 0;
		return 0;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(css); i++)
		if (g_ascii_strcasecmp(text, css[i].name) == 0) {
			*out = RGB(css[i].rgb);
			return 0;
		}
	return -1;
}

/* ---- tinycolor's HSL ----------------------------------------------------- */

struct colour_hsl colour_to_hsl(double r, double g, double b)
{
	double mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b));
	struct colour_hsl o = {0, 0, (mx + mn) / 2};
	if (mx == mn)
		return o;
	double d = mx - mn;
	o.s = o.l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
	if (mx == r)
		o.h = (g - b) / d + (g < b ? 6 : 0);
	else if (mx == g)
		o.h = (b - r) / d + 2;
	else
		o.h = (r - g) / d + 4;
	o.h *= 60;
	return o;
}

static double hue2rgb(double p, double q, double t)
{
	if (t < 0)
		t += 1;
	if (t > 1)
		t -= 1;
	if (t < 1.0 / 6)
		return p + (q - p) * 6 * t;
	if (t < 0.5)
		return q;
	if (t < 2.0 / 3)
		return p + (q - p) * (2.0 / 3 - t) * 6;
	return p;
}

void colour_from_hsl(struct colour_hsl h, double *r, double *g, double *b)
{
	h.s = floor(h.s * 1e4 + 1e-9) / 1e4;
	h.l = floor(h.l * 1e4 + 1e-9) / 1e4;
	double hh = h.h / 360;
	if (h.s == 0) {
		*r = *g = *b = h.l;
		return;
	}
	double q = h.l < 0.5 ? h.l * (1 + h.s) : h.l + h.s - h.l * h.s, p = 2 * h.l - q;
	*r = hue2rgb(p, q, hh + 1.0 / 3);
	*g = hue2rgb(p, q, hh);
	*b = hue2rgb(p, q, hh - 1.0 / 3);
}

uint32_t colour_darken_spin(uint32_t c, double pct, double deg)
{
	struct colour_hsl h = colour_to_hsl((c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                                    ((c >> 8) & 0xff) / 255.0);
	h.l = fmin(1, fmax(0, h.l - pct / 100));
	double hue = fmod(h.h + deg, 360);
	h.h = hue < 0 ? 360 + hue : hue;
	double r, g, b;
	colour_from_hsl(h, &r, &g, &b);
	return ((uint32_t)lround(r * 255) << 24) | ((uint32_t)lround(g * 255) << 16) |
	       ((uint32_t)lround(b * 255) << 8) | (c & 0xff);
}
