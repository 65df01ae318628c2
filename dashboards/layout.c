/*
 * layout.c — Grafana's dashboard grid (react-grid-layout: 24 columns, 30 px
 * rows, 8 px margins, no container padding, vertical compaction) as pure
 * functions from gridPos to pixels.  Row expansion follows Grafana's
 * DashboardModel.toggleRow.  Knows nothing of drawing.
 *
 * gridPos values are ints the loader bounds to ±1e9; sums of them (a row
 * pushed down by its children, items stacked by compaction) are not, so the
 * grid arithmetic is done in int64 (exact for up to ~4e9 panels of 1e9 rows)
 * and pixels in double, clamped to ±LAYOUT_MAX_PX.
 */
#include "dashboards/layout.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A gridPos in 64 bits: the sums below stay exact. */
struct gpos {
	int64_t x, y, w, h;
};

static double clamp_px(double v)
{
	return CLAMP(v, -LAYOUT_MAX_PX, LAYOUT_MAX_PX);
}

static struct rect grid_rect(struct gpos g, double width, double pad)
{
	double col = (width - 2 * pad - (GRID_COLUMNS - 1) * GRID_GAP_PX) / GRID_COLUMNS;
	struct rect r = {
	        .x = clamp_px(pad + (double)g.x * (col + GRID_GAP_PX)),
	        .y = clamp_px(pad + (double)g.y * (GRID_ROW_PX + GRID_GAP_PX)),
	        .w = clamp_px((double)g.w * col + (double)(g.w - 1) * GRID_GAP_PX),
	        .h = clamp_px((double)g.h * GRID_ROW_PX + (double)(g.h - 1) * GRID_GAP_PX),
	};
	if (!(r.w >= 0)) /* also NaN from a NaN width */
		r.w = 0;
	return r;
}

struct rect layout_grid_rect(struct grid_pos g, double width, double pad)
{
	return grid_rect((struct gpos){g.x, g.y, g.w, g.h}, width, pad);
}

/* Whether panel i was flattened out of collapsed row r's panels[]. */
static bool is_child_of(const struct cairn_dashboard *d, size_t i, size_t r)
{
	const struct cairn_panel *p = &d->panels[i], *row = &d->panels[r];
	if (p->is_row || p->row_index != (int)r || !row->collapsed)
		return false;
	if (!p->json_path || !row->json_path)
		return true;
	size_t n = strlen(row->json_path);
	return strncmp(p->json_path, row->json_path, n) == 0 && p->json_path[n] == '.';
}

/* Grafana's toggleRow: the children move to just below the row (keeping
 * their offsets to each other) and everything after the row in the list is
 * pushed down by the children's height. */
static void expand_row(const struct cairn_dashboard *d, size_t r, struct gpos *g)
{
	size_t first = d->n_panels;
	for (size_t i = r + 1; i < d->n_panels && first == d->n_panels; i++)
		if (is_child_of(d, i, r))
			first = i;
	if (first == d->n_panels)
		return;
	int64_t ydiff = g[first].y - (g[r].y + 1);
	int64_t ymax = g[r].y;
	for (size_t i = r + 1; i < d->n_panels; i++) {
		if (!is_child_of(d, i, r))
			continue;
		g[i].y -= ydiff;
		ymax = MAX(ymax, g[i].y + g[i].h);
	}
	int64_t push = ymax - g[r].y - 1;
	for (size_t i = r + 1; i < d->n_panels; i++)
		if (!is_child_of(d, i, r))
			g[i].y += push;
}

static bool overlaps_x(struct gpos a, struct gpos b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w;
}

static bool collides(struct gpos a, struct gpos b)
{
	return overlaps_x(a, b) && a.y < b.y + b.h && b.y < a.y + a.h;
}

static const struct gpos *first_collision(const struct gpos *placed, size_t n, struct gpos g)
{
	for (size_t i = 0; i < n; i++)
		if (collides(placed[i], g))
			return &placed[i];
	return NULL;
}

/* react-grid-layout's `while (y > 0 && !collision) y--`, in one pass: the
 * highest y in [1, g.y] at which g collides with a placed item, else 0.  (The
 * step-by-step loop took g.y steps: a billion for a gridPos.y of 1e9.)  g at
 * y collides with q iff q.y - g.h < y < q.y + q.h. */
static int64_t float_up(const struct gpos *placed, size_t n, struct gpos g)
{
	int64_t best = 0;
	for (size_t i = 0; i < n; i++) {
		if (!overlaps_x(placed[i], g))
			continue;
		int64_t lo = MAX(1, placed[i].y - g.h + 1);
		int64_t hi = MIN(g.y, placed[i].y + placed[i].h - 1);
		if (lo <= hi)
			best = MAX(best, hi);
	}
	return best;
}

struct order {
	size_t index;
	struct gpos g;
};

static int by_row_col(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->g.y != y->g.y)
		return x->g.y < y->g.y ? -1 : 1;
	if (x->g.x != y->g.x)
		return x->g.x < y->g.x ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* react-grid-layout's verticalCompact: in row/column order, each item
 * floats up until it touches an item already placed, then drops below
 * whatever it overlaps (each drop strictly lowers it: at most n drops). */
static void compact(struct gpos *g, const bool *visible, size_t n)
{
	struct order *ord = g_new(struct order, n ? n : 1);
	struct gpos *placed = g_new(struct gpos, n ? n : 1);
	size_t k = 0, m = 0;
	int64_t bottom = 0;

	for (size_t i = 0; i < n; i++)
		if (visible[i])
			ord[k++] = (struct order){i, g[i]};
	qsort(ord, k, sizeof *ord, by_row_col);
	for (size_t i = 0; i < k; i++) {
		struct gpos p = ord[i].g;
		p.y = MIN(p.y, bottom);
		if (p.y > 0)
			p.y = float_up(placed, m, p);
		const struct gpos *c;
		while ((c = first_collision(placed, m, p)))
			p.y = c->y + c->h;
		placed[m++] = p;
		bottom = MAX(bottom, p.y + p.h);
		g[ord[i].index] = p;
	}
	g_free(placed);
	g_free(ord);
}

double layout_dashboard(const struct cairn_dashboard *d, double width, double pad, bool expand_rows,
                        struct rect *out, bool *visible)
{
	size_t n = d ? d->n_panels : 0;
	struct gpos *g = g_new(struct gpos, n ? n : 1);
	int64_t bottom = 0;

	for (size_t i = 0; i < n; i++) {
		struct grid_pos p = d->panels[i].grid;
		g[i] = (struct gpos){p.x, p.y, p.w, p.h};
		int r = d->panels[i].row_index;
		visible[i] = expand_rows || r < 0 || !is_child_of(d, i, (size_t)r);
	}
	for (size_t r = 0; expand_rows && r < n; r++)
		if (d->panels[r].is_row && d->panels[r].collapsed)
			expand_row(d, r, g);
	compact(g, visible, n);
	for (size_t i = 0; i < n; i++) {
		out[i] = grid_rect(g[i], width, pad);
		if (visible[i])
			bottom = MAX(bottom, g[i].y + g[i].h);
	}
	g_free(g);
	if (bottom == 0)
		return 2 * pad;
	return clamp_px(2 * pad + (double)bottom * (GRID_ROW_PX + GRID_GAP_PX) - GRID_GAP_PX);
}
