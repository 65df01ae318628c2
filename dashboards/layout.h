/*
 * layout.h — Grafana's grid: 24 columns, 30 px row height, 8 px gaps.
 * Pure functions from gridPos to pixel rectangles.
 */
#ifndef CAIRN_LAYOUT_H
#define CAIRN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "base/rect.h"
#include "dashboards/model.h"

#define GRID_COLUMNS 24
#define GRID_ROW_PX 30
#define GRID_GAP_PX 8

/* Every coordinate, size and canvas height layout returns is clamped to
 * ±LAYOUT_MAX_PX, so a caller may convert them to int (with room for a title
 * bar) without overflow.  Grid values up to the loader's ±1e9 are laid out
 * exactly (the grid arithmetic is 64-bit); a canvas that reaches this clamp
 * is far past any pixel budget, which is where it is refused. */
#define LAYOUT_MAX_PX 1e9


/* Pixel rectangle of a grid position on a canvas `width` px wide with `pad` px
 * margins, Grafana's spacing: a panel h rows tall is h*30 + (h-1)*8 px, w
 * columns wide is w/24 of (width - 2*pad + 8) minus the 8 px gap. */
struct rect layout_grid_rect(struct grid_pos g, double width, double pad);

/* Places every panel of d on a canvas `width` px wide.  out[i] gets panel i's
 * rectangle and visible[i] whether it is drawn: panels inside a collapsed
 * row are hidden unless expand_rows, in which case the rows are opened and
 * everything below is shifted down as Grafana does when a row is expanded.
 * Returns the canvas height (pad included), at most LAYOUT_MAX_PX.
 * out/visible have d->n_panels entries, caller-owned.  Time is O(n²) in the
 * visible panels whatever their gridPos values. */
double layout_dashboard(const struct cairn_dashboard *d, double width, double pad,
	bool expand_rows, struct rect *out, bool *visible);

#endif
