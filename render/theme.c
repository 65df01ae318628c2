/*
 * theme.c — Grafana 10.4's createTheme() tokens for dark and light, its
 * visualization hues (createVisualizationColors) and the classic palette as
 * "palette-classic" maps it through those hues.  Owns colour parsing; does
 * not own any drawing beyond setting a cairo source.
 */
#include "render/theme.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RGB(x) (((uint32_t)(x) << 8) | 0xffu)
#define RGBA(r, g, b, a)                                                                           \
	(((uint32_t)(r) << 24) | ((uint32_t)(g) << 16) | ((uint32_t)(b) << 8) |                    \
	 (uint32_t)((a)*255 + 0.5))

static const struct theme theme_dark = {
        .kind = THEME_DARK,
        .canvas = RGB(0x111217),
        .panel_bg = RGB(0x181b1f),
        .border = RGBA(204, 204, 220, 0.12),
        .text = RGB(0xccccdc),
        .text_secondary = RGBA(204, 204, 220, 0.65),
        .text_link = RGB(0x6e9fff),
        .grid = RGBA(240, 250, 255, 0.09),
        .error = RGB(0xd10e5c),
        .error_text = RGB(0xff5286),
        .warning = RGB(0xf5b73d),
};

static const struct theme theme_light = {
        .kind = THEME_LIGHT,
        .canvas = RGB(0xf4f5f5),
        .panel_bg = RGB(0xffffff),
        .border = RGBA(36, 41, 46, 0.12),
        .text = RGB(0x24292e),
        .text_secondary = RGBA(36, 41, 46, 0.75),
        .text_link = RGB(0x1f62e0),
        .grid = RGBA(0, 10, 23, 0.09),
        .error = RGB(0xe0226e),
        .error_text = RGB(0xcf0e5b),
        .warning = RGB(0xff9900),
};

const struct theme *theme_get(enum theme_kind kind)
{
	return kind == THEME_LIGHT ? &theme_light : &theme_dark;
}

struct hue_shade {
	const char *name;
	uint32_t dark, light;
};

/* getDarkHues()/getLightHues() of @grafana/data 10.4: the same names map to
 * one step lighter shades on dark backgrounds. */
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

/* Grafana 10.4's classic palette (checked against its reference images:
 * green, semi-dark-yellow, light-blue, semi-dark-orange, red, blue, ...). */
static const char *const classic[] = {
        "green",   "semi-dark-yellow", "light-blue", "semi-dark-orange", "red",     "blue",
        "purple",  "#705DA0",          "dark-green", "yellow",           "#447EBC", "#C15C17",
        "#890F02", "#0A437C",          "#6D1F62",    "#584477",          "#B7DBAB", "#F4D598",
        "#70DBED", "#F9BA8F",          "#F29191",    "#82B5D8",          "#E5A8E2", "#AEA2E0",
        "#629E51", "#E5AC0E",          "#64B0C8",    "#E0752D",          "#BF1B00", "#0A50A1",
        "#962D82", "#614D93",          "#9AC48A",    "#F2C96D",          "#65C5DB", "#F9934E",
        "#EA6460", "#5195CE",          "#D683CE",    "#806EB7",          "#3F6833", "#967302",
        "#2F575E", "#99440A",          "#58140C",    "#052B51",          "#511749", "#3F2B5B",
        "#E0F9D7", "#FCEACA",          "#CFFAFF",    "#F9E2D2",          "#FCE2DE", "#BADFF4",
        "#F9D9F9", "#DEDAF7",
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

size_t theme_palette_len(void)
{
	return G_N_ELEMENTS(classic);
}

uint32_t theme_palette(const struct theme *t, size_t i)
{
	uint32_t c = RGB(0x808080);
	theme_color(t, classic[i % G_N_ELEMENTS(classic)], &c);
	return c;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* #rgb, #rgba, #rrggbb, #rrggbbaa */
static int parse_hex(const char *s, uint32_t *out)
{
	size_t n = strlen(s);
	int d[8];
	if (n != 3 && n != 4 && n != 6 && n != 8)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((d[i] = hex_digit(s[i])) < 0)
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
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* rgb(r, g, b) / rgba(r, g, b, a), components 0..255 (or %), alpha 0..1. */
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
		double v = strtod(p, &end);
		if (end == p)
			break;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == '%') {
			v = n < 3 ? v * 2.55 : v / 100;
			p++;
		}
		c[n++] = v;
		while (*p == ' ' || *p == ',' || *p == '/')
			p++;
	}
	if (n < 3 || *p != ')')
		return -1;
	uint32_t r = (uint32_t)lround(clamp01(c[0] / 255) * 255);
	uint32_t g = (uint32_t)lround(clamp01(c[1] / 255) * 255);
	uint32_t b = (uint32_t)lround(clamp01(c[2] / 255) * 255);
	uint32_t a = (uint32_t)lround(clamp01(c[3]) * 255);
	*out = r << 24 | g << 16 | b << 8 | a;
	return 0;
}

int theme_color(const struct theme *t, const char *name, uint32_t *out)
{
	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < G_N_ELEMENTS(hues); i++)
		if (strcmp(name, hues[i].name) == 0) {
			*out = RGB(t->kind == THEME_LIGHT ? hues[i].light : hues[i].dark);
			return 0;
		}
	if (strcmp(name, "transparent") == 0) {
		*out = t->kind == THEME_LIGHT ? 0xffffff00u : 0;
		return 0;
	}
	if (strcmp(name, "text") == 0) {
		*out = t->text;
		return 0;
	}
	if (strcmp(name, "panel-bg") == 0) {
		*out = t->panel_bg;
		return 0;
	}
	if (name[0] == '#')
		return parse_hex(name + 1, out);
	if (g_ascii_strncasecmp(name, "rgb", 3) == 0)
		return parse_rgb_func(name, out);
	for (size_t i = 0; i < G_N_ELEMENTS(css); i++)
		if (g_ascii_strcasecmp(name, css[i].name) == 0) {
			*out = RGB(css[i].rgb);
			return 0;
		}
	return -1;
}

uint32_t theme_threshold_color(const struct theme *t, const struct threshold *s)
{
	uint32_t c = s->color;
	if (theme_color(t, s->color_name, &c) == 0)
		return c;
	return c != CAIRN_COLOR_NONE ? c : RGB(0x808080);
}

size_t theme_threshold_index(const struct thresholds *th, double v)
{
	size_t idx = 0;
	for (size_t i = 1; i < th->n; i++)
		if (v >= th->steps[i].value)
			idx = i;
	return idx;
}

uint32_t theme_alpha(uint32_t c, double a)
{
	double na = (c & 0xff) * clamp01(a);
	return (c & 0xffffff00u) | (uint32_t)lround(na);
}

void theme_set_source(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgba(cr, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                      ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}
