/*
 * theme.h — Grafana 10's dark and light design tokens, the classic series
 * palette and colour-name resolution ("green", "semi-dark-orange", "#EAB839",
 * "rgb(…)", "rgba(…)", "transparent"), all per theme.  Colours are 0xRRGGBBAA
 * as in dashboards/model.h.  Pure data and functions; no allocation.
 */
#ifndef CAIRN_THEME_H
#define CAIRN_THEME_H

#include <stddef.h>
#include <stdint.h>
#include <cairo.h>
#include "dashboards/model.h"
#include "render/render.h"

struct theme {
	enum theme_kind kind;
	uint32_t canvas;         /* dashboard background (background.canvas) */
	uint32_t panel_bg;       /* background.primary */
	uint32_t bg_secondary;   /* background.secondary: gauge track, unfilled bar */
	uint32_t border;         /* border.weak: panel outline */
	uint32_t text;           /* text.primary: titles, axis labels, legend */
	uint32_t text_secondary; /* text.secondary: "No data", table headers */
	uint32_t text_link;      /* text.link: legend table header */
	uint32_t grid;           /* uPlot grid and tick lines */
	uint32_t error;          /* error.main: panel error text and icon */
	uint32_t error_text;     /* error.text */
	uint32_t warning;        /* warning.main */
};

/* The static token set for a theme; lives for the process. */
const struct theme *theme_get(enum theme_kind kind);

/* Colour i of Grafana's "palette-classic" in this theme (wraps around). */
uint32_t theme_palette(const struct theme *t, size_t i);

/* Number of colours in the classic palette. */
size_t theme_palette_len(void);

/* Resolves a Grafana colour name or CSS colour into *out.  Returns 0, or -1
 * when the text is not a colour (then *out is untouched). */
int theme_color(const struct theme *t, const char *name, uint32_t *out);

/* The colour of a threshold step in this theme: its name re-resolved (so
 * "green" differs between dark and light), else its stored RGBA. */
uint32_t theme_threshold_color(const struct theme *t, const struct threshold *s);

/* Index of the threshold step v falls in (the last step whose value <= v);
 * 0 for the base step, or when there are no steps.  For percentage mode the
 * caller passes v already as a percentage of [min, max]. */
size_t theme_threshold_index(const struct thresholds *th, double v);

/* a (0..1) multiplied into the colour's own alpha. */
uint32_t theme_alpha(uint32_t c, double a);

/* Sets c as the cairo source colour. */
void theme_set_source(cairo_t *cr, uint32_t c);

#endif
