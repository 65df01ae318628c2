/*
 * theme.c — Grafana 10.4's createTheme() tokens for dark and light and the
 * classic palette as "palette-classic" maps it through the visualization
 * hues.  Colour text is parsed by base/colour.c; this file adds the theme
 * tokens ("text", "panel-bg").  Does not own any drawing beyond setting a
 * cairo source.
 */
#include "render/theme.h"
#include "base/colour.h"

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
        .bg_secondary = RGB(0x22252b),
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
        .bg_secondary = RGB(0xf4f5f5),
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

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

int theme_color(const struct theme *t, const char *name, uint32_t *out)
{
	if (!name || !*name)
		return -1;
	/* the two theme tokens Grafana's getColorByName knows besides colours */
	if (strcmp(name, "text") == 0) {
		*out = t->text;
		return 0;
	}
	if (strcmp(name, "panel-bg") == 0) {
		*out = t->panel_bg;
		return 0;
	}
	return colour_parse(name, t->kind == THEME_LIGHT ? COLOUR_LIGHT : COLOUR_DARK, out);
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
