/*
 * hmschemes.h — the names of the colour schemes Grafana's heatmap offers
 * (palettes.ts' colorSchemes, in its order) and when it reverses each; the
 * loader's angular migration searches them, render/heatmap_schemes.c draws
 * them.  Pure data.
 */
#ifndef CAIRN_HMSCHEMES_H
#define CAIRN_HMSCHEMES_H

#include <stdbool.h>
#include <stddef.h>

/* When Grafana reverses a scheme's palette: always (diverging, cyclical),
 * in the dark theme (single-hue and most multi-hue), in the light theme
 * (Turbo, Viridis…). */
enum hm_invert { HM_INVERT_ALWAYS, HM_INVERT_DARK, HM_INVERT_LIGHT };

/* i-th entry of Grafana's colorSchemes list (palettes.ts order, which its
 * angular migration searches in), NULL past the end; *invert filled. */
const char *hm_scheme_at(size_t i, enum hm_invert *invert);

/* The scheme named `name` exactly, as an index for hm_scheme_at, or -1. */
long hm_scheme_find(const char *name);

/* The first scheme whose name is `name` (exact) or, exact false, that
 * `name` contains ("interpolateRdYlBu" → RdYlBu): migrations.ts' two
 * searches.  -1 when none or name is NULL. */
long hm_scheme_index(const char *name, bool exact);

#endif
