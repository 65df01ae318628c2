/*
 * heatmap_schemes.h — the d3-scale-chromatic colour schemes Grafana's heatmap
 * palettes come from (palettes.ts samples d3's interpolate<Name>): the
 * sequential and diverging schemes as their largest colour set joined by d3's
 * RGB basis spline, Viridis/Magma/Inferno/Plasma as d3's 256-colour ramps
 * (heatmap_schemes_data.c, generated from the package by
 * heatmap_schemes.gen.js), and Turbo, Cividis, Warm, Cool, Cubehelix,
 * Rainbow and Sinebow as d3's formulas.  Pure data and functions.
 */
#ifndef CAIRN_HEATMAP_SCHEMES_H
#define CAIRN_HEATMAP_SCHEMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dashboards/hmschemes.h"

enum hm_table_kind { HM_BASIS, HM_RAMP };

/* One generated table: stops as 0xRRGGBB. */
struct hm_scheme_data {
	const char *name;
	enum hm_table_kind kind;
	const uint32_t *c;
	size_t n;
};

/* Ends with a NULL name (heatmap_schemes_data.c). */
extern const struct hm_scheme_data hm_scheme_tables[];

/* d3's interpolate<Name>(t) of scheme index `scheme` as 0xRRGGBB (rounded and
 * clamped to bytes, as d3 prints it). */
uint32_t hm_scheme_color(long scheme, double t);

#endif
