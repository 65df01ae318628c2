/*
 * legend_draw.c — Grafana 10.4's VizLegend for time series, measured on its
 * reference images: list items are a 14×4 px pill, 8 px, the name, 10 px;
 * list rows 23.5 px; table rows 24.5 px with the header in link colour and
 * calc columns right-aligned.  Calcs are computed here in one pass over the
 * raw samples (not the decimated ones).  Does not decide series colours or
 * names: the caller passes entries ready to show.
 */
#include "render/legend_draw.h"
#include "dashboards/varopts.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define LIST_PAD_LEFT    4.0
#define SWATCH_W         14.0
#define SWATCH_H         4.0
#define SWATCH_GAP       8.0
#define ITEM_GAP         10.0
#define STAT_GAP         8.0  /* VizLegendStatsList items' left margin */
#define LIST_FIRST_ROW   11.25 /* first row centre below the legend top */
#define LIST_OVERHANG    2.25  /* rows reach that far into the bottom padding */
#define TABLE_RIGHT_PAD  16.0
#define TABLE_CELL_PAD   27.0
#define TABLE_CELL_RIGHT 10.0
#define TABLE_SWATCH_X   9.0
#define TABLE_NAME_X     31.0
#define TABLE_EXTRA      4.0
/* the plain table (legend_spec.plain), measured on Grafana's pie legends */
#define PLAIN_CELL_PAD   18.0 /* 8 + 8 px of padding, 2 of border-spacing */
#define PLAIN_RIGHT_PAD  4.0
#define PLAIN_CELL_RIGHT 8.0
#define PLAIN_NAME_TAIL  8.0
#define PLAIN_HEADER_EMPTY 7.5 /* every title "": the header row is its padding */
#define PLAIN_EXTRA      7.5  /* below the last row: border-spacing and the scroll box */
#define PLAIN_HEADER_H   26.5
#define PLAIN_ROW_H      24.75
#define PLAIN_LIST_ROW_H 23.0
#define PLAIN_LIST_FIRST 9.5
#define PLAIN_LIST_BOTTOM_EXTRA 1.0
#define PLAIN_LIST_BOTTOM_FIRST 14.5
#define BOTTOM_MAX_FRAC  0.35
#define DISABLED_ALPHA   0.6  /* text.disabled: text.primary at 60% */
/* Grafana takes the 35% of its viz box, which starts below the content's top
 * padding; the content rect here includes that padding. */
#define VIZ_TOP_PAD      8.0
#define RIGHT_MAX_FRAC   0.5
/* The sorted column's header: Grafana adds a 12 px angle icon and narrows
 * the cell's right padding from 10 to 4 px, so the title moves 7 px left
 * and the icon's centre sits where the title's right edge was. */
#define SORT_ICON_SHIFT  7.0
#define SORT_ICON_HALF_W 2.5
#define SORT_ICON_H      2.5

/* Columns go in the order the JSON lists the calcs, as in Grafana; legacy
 * graph panels (flags, no order) use this one, Grafana's migration order. */
static const unsigned calc_order[LEGEND_MAX_CALCS] = {
        CALC_MEAN,     CALC_LAST_NN, CALC_LAST, CALC_MAX,   CALC_MIN,
        CALC_FIRST_NN, CALC_FIRST,   CALC_SUM,  CALC_COUNT,
};

size_t legend_calc_index(unsigned calc)
{
	size_t i = 0;
	while (i < LEGEND_MAX_CALCS && !(calc & (1u << i)))
		i++;
	return i < LEGEND_MAX_CALCS ? i : 0;
}

size_t legend_calc_columns(const struct legend_opts *o, unsigned out[LEGEND_MAX_CALCS])
{
	size_t n = 0;
	if (o->n_calc_order > 0) {
		for (size_t i = 0; i < o->n_calc_order && n < LEGEND_MAX_CALCS; i++)
			out[n++] = o->calc_order[i];
		return n;
	}
	for (size_t i = 0; i < LEGEND_MAX_CALCS; i++)
		if (o->calcs & calc_order[i])
			out[n++] = calc_order[i];
	return n;
}

const char *legend_calc_title(unsigned calc)
{
	switch (calc) {
	case CALC_MIN:
		return "Min";
	case CALC_MAX:
		return "Max";
	case CALC_MEAN:
		return "Mean";
	case CALC_LAST:
		return "Last";
	case CALC_LAST_NN:
		return "Last *";
	case CALC_FIRST:
		return "First";
	case CALC_FIRST_NN:
		return "First *";
	case CALC_SUM:
		return "Total";
	case CALC_COUNT:
		return "Count";
	default:
		return "";
	}
}

/* The reducer behind each legend calc bit, in bit order. */
static const enum reducer_id calc_reducer[LEGEND_MAX_CALCS] = {
        RED_MIN, RED_MAX, RED_MEAN, RED_LAST, RED_LAST_NN, RED_FIRST, RED_FIRST_NN, RED_SUM,
        RED_COUNT,
};

void legend_calcs(const double *v, size_t n, double out[LEGEND_MAX_CALCS])
{
	double all[RED_N];
	reduce_standard(v, n, all);
	for (size_t i = 0; i < LEGEND_MAX_CALCS; i++)
		out[i] = all[calc_reducer[i]];
}

struct sort_item {
	size_t index;
	double key;
	char *fold;
	int dir;
};

static int cmp_sort_item(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = 0;
	if (a->fold)
		c = varopts_natural_cmp(a->fold, b->fold);
	else if (a->key != b->key)
		c = a->key < b->key ? -1 : 1;
	c *= a->dir;
	return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

static int sort_column(const struct legend_opts *o)
{
	if (strcmp(o->sort_by, "Name") == 0)
		return -1;
	for (size_t i = 0; i < LEGEND_MAX_CALCS; i++) {
		unsigned calc = 1u << i;
		if ((o->calcs & calc) && strcmp(legend_calc_title(calc), o->sort_by) == 0)
			return (int)legend_calc_index(calc);
	}
	return -2; /* not a shown column: every row ties, order kept */
}

void legend_sort(const struct legend_opts *o, struct legend_entry *e,
                 double (*vals)[LEGEND_MAX_CALCS], size_t n)
{
	if (o->mode != LEGEND_TABLE || !o->sort_by[0] || n < 2)
		return;
	int col = sort_column(o);
	if (col == -2)
		return;
	struct sort_item *it = g_new(struct sort_item, n);
	for (size_t i = 0; i < n; i++) {
		double v = col >= 0 ? vals[i][col] : 0;
		it[i] = (struct sort_item){i, isnan(v) ? -INFINITY : v,
		                           col < 0 ? g_utf8_casefold(e[i].name ? e[i].name : "", -1)
		                                   : NULL,
		                           o->sort_desc ? -1 : 1};
	}
	qsort(it, n, sizeof *it, cmp_sort_item);
	struct legend_entry *ce = g_new(struct legend_entry, n);
	double(*cv)[LEGEND_MAX_CALCS] = g_malloc_n(n, sizeof *cv);
	memcpy(ce, e, n * sizeof *e);
	memcpy(cv, vals, n * sizeof *cv);
	for (size_t i = 0; i < n; i++) {
		e[i] = ce[it[i].index];
		memcpy(vals[i], cv[it[i].index], sizeof *cv);
		g_free(it[i].fold);
	}
	g_free(cv);
	g_free(ce);
	g_free(it);
}

static double measure_w(const struct text_measurer *m, const char *s)
{
	double w = 0, h = 0;
	m->measure(m->ctx, s, LEGEND_TEXT_PX, TEXT_REGULAR, &w, &h);
	return w;
}

/* A plain table's column titles are in medium weight (Grafana's header). */
static double title_w(const struct legend_spec *sp, const struct text_measurer *m, const char *s)
{
	double w = 0, h = 0;
	m->measure(m->ctx, s, LEGEND_TEXT_PX, sp->plain ? TEXT_MEDIUM : TEXT_REGULAR, &w, &h);
	return w;
}

/* The plain table's header height: none of text when every title is "". */
static double plain_header_h(const struct legend_spec *sp)
{
	for (size_t k = 0; k < sp->n_titles; k++)
		if (sp->titles[k] && sp->titles[k][0])
			return PLAIN_HEADER_H;
	return PLAIN_HEADER_EMPTY;
}

/* A list item's value k as VizLegendStatsList shows it. */
static void stat_text(const struct legend_spec *sp, size_t i, size_t k, char *buf, size_t cap)
{
	const char *t = sp->titles[k];
	if (t && *t)
		snprintf(buf, cap, "%s: %s", t, sp->e[i].cells[k]);
	else
		snprintf(buf, cap, "%s", sp->e[i].cells[k]);
}

/* Width of entry i's values after its name (0 without titles). */
static double stats_w(const struct legend_spec *sp, size_t i, const struct text_measurer *m)
{
	double w = 0;
	char buf[LEGEND_CELL + 64];
	for (size_t k = 0; k < sp->n_titles && k < LEGEND_MAX_CALCS; k++) {
		stat_text(sp, i, k, buf, sizeof buf);
		w += STAT_GAP + ceil(measure_w(m, buf));
	}
	return w;
}

static double item_w(const struct legend_spec *sp, size_t i, const struct text_measurer *m)
{
	return SWATCH_W + SWATCH_GAP + ceil(measure_w(m, sp->e[i].name)) + stats_w(sp, i, m) +
	       ITEM_GAP;
}

/* Flows items into rows; returns the row count.  Items from the first on
 * row `limit` on are not measured (a thousand series' names cost 100 M
 * instructions, for the sixty-odd a legend shows): they get row `limit`
 * and no width, and the count returned is limit + 1. */
static size_t flow_rows(const struct legend_spec *sp, double x0, double right, size_t limit,
                        const struct text_measurer *m, struct legend_slot *slots)
{
	double x = x0;
	size_t row = 0;
	for (size_t i = 0; i < sp->n; i++) {
		if (row >= limit) {
			slots[i] = (struct legend_slot){x0, (double)limit, 0};
			continue;
		}
		double w = item_w(sp, i, m);
		if (x > x0 && x + w - ITEM_GAP > right) {
			row++;
			x = x0;
			if (row >= limit) {
				slots[i] = (struct legend_slot){x0, (double)limit, 0};
				continue;
			}
		}
		slots[i] = (struct legend_slot){x, (double)row, w};
		x += w;
	}
	return sp->n ? row + 1 : 0;
}

static void layout_list_bottom(const struct legend_spec *sp, struct rect c,
                               const struct text_measurer *m, struct legend_layout *out,
                               struct legend_slot *slots)
{
	double x0 = c.x + LIST_PAD_LEFT, right = c.x + c.w;
	size_t max_rows =
	        (size_t)fmax(floor((c.h * BOTTOM_MAX_FRAC + LIST_OVERHANG) / LEGEND_ROW_H), 0);
	max_rows = max_rows ? max_rows : 1;
	size_t rows = flow_rows(sp, x0, right, max_rows, m, slots);
	out->shown = sp->n;
	if (rows > max_rows) {
		char more[32];
		size_t shown = 0;
		while (shown < sp->n && slots[shown].y < (double)max_rows)
			shown++;
		/* Drop entries from the last row until "+N more" fits after them. */
		while (shown > 0) {
			snprintf(more, sizeof more, "+%zu more", sp->n - shown);
			struct legend_slot *l = &slots[shown - 1];
			if (l->x + l->w + measure_w(m, more) <= right ||
			    l->y < (double)max_rows - 1)
				break;
			shown--;
		}
		out->shown = shown;
		rows = max_rows;
		const struct legend_slot *l = shown ? &slots[shown - 1] : NULL;
		out->more_x = l && l->y == (double)max_rows - 1 ? l->x + l->w : x0;
		out->more_y = l ? l->y : 0;
	}
	out->rows = rows;
	double h = rows * LEGEND_ROW_H - LIST_OVERHANG, first = LIST_FIRST_ROW, pitch = LEGEND_ROW_H;
	if (sp->plain) { /* the pie's, measured: 23 px rows, 1 px more, the first 14.5 down */
		pitch = PLAIN_LIST_ROW_H;
		h = rows * pitch + PLAIN_LIST_BOTTOM_EXTRA;
		first = PLAIN_LIST_BOTTOM_FIRST;
	}
	out->box = (struct rect){c.x, c.y + c.h - h, c.w, h};
	for (size_t i = 0; i < sp->n; i++)
		slots[i].y = out->box.y + first + slots[i].y * pitch;
	out->more_y = out->box.y + first + out->more_y * pitch;
}

static void layout_list_right(const struct legend_spec *sp, struct rect c,
                              const struct text_measurer *m, struct legend_layout *out,
                              struct legend_slot *slots)
{
	double w = 0;
	for (size_t i = 0; i < sp->n; i++) {
		double iw = item_w(sp, i, m);
		w = iw > w ? iw : w;
	}
	w += LIST_PAD_LEFT;
	double cap = sp->opts->width > 0 ? sp->opts->width : c.w * RIGHT_MAX_FRAC;
	w = w > cap ? cap : w;
	size_t max_rows = (size_t)fmax(floor(c.h / LEGEND_ROW_H), 0);
	out->shown = sp->n <= max_rows ? sp->n : (max_rows ? max_rows - 1 : 0);
	out->rows = out->shown < sp->n ? out->shown + 1 : sp->n;
	/* the pie's right-hand list, measured: items 23 px apart, the first
	 * centred 9.5 px down (time series: LEGEND_ROW_H and LIST_FIRST_ROW) */
	double pitch = sp->plain ? PLAIN_LIST_ROW_H : LEGEND_ROW_H;
	double first = sp->plain ? PLAIN_LIST_FIRST : LIST_FIRST_ROW;
	out->box = (struct rect){c.x + c.w - w, c.y, w, out->rows * pitch};
	for (size_t i = 0; i < sp->n; i++)
		slots[i] = (struct legend_slot){out->box.x + LIST_PAD_LEFT,
		                                out->box.y + first + (double)i * pitch,
		                                w - LIST_PAD_LEFT};
	out->more_x = out->box.x + LIST_PAD_LEFT;
	out->more_y = out->box.y + first + (double)out->shown * pitch;
}

/* Data rows (the header row excluded) that fit in max_h. */
static size_t table_rows_fit(double max_h)
{
	double fit = floor((max_h - TABLE_EXTRA) / LEGEND_TABLE_ROW_H);
	return fit > 1 ? (size_t)fit - 1 : 0; /* a negative fit would not convert */
}

/* Whether the table is sorted by the column titled `title`. */
static bool sorted_by(const struct legend_opts *o, const char *title)
{
	return o->mode == LEGEND_TABLE && o->sort_by[0] && strcmp(o->sort_by, title) == 0;
}

/* Column k's title and the index of its cell in the entries. */
static const char *col_title(const struct legend_spec *sp, const struct legend_layout *lay,
                             size_t k)
{
	return sp->titles ? (sp->titles[k] ? sp->titles[k] : "") : legend_calc_title(lay->col_calc[k]);
}

static size_t col_cell(const struct legend_spec *sp, const struct legend_layout *lay, size_t k)
{
	return sp->titles ? k : legend_calc_index(lay->col_calc[k]);
}

static void layout_table(const struct legend_spec *sp, struct rect c, const struct text_measurer *m,
                         struct legend_layout *out, struct legend_slot *slots)
{
	if (sp->titles)
		out->n_cols = sp->n_titles < LEGEND_MAX_CALCS ? sp->n_titles : LEGEND_MAX_CALCS;
	else
		out->n_cols = legend_calc_columns(sp->opts, out->col_calc);
	double cols_w = 0, name_w = 0;
	for (size_t k = 0; k < out->n_cols; k++) {
		const char *title = col_title(sp, out, k);
		double w = title_w(sp, m, title) + (!sp->plain && sorted_by(sp->opts, title) ? SORT_ICON_SHIFT : 0);
		size_t ci = col_cell(sp, out, k);
		for (size_t i = 0; i < sp->n; i++) {
			double cw = measure_w(m, sp->e[i].cells[ci]);
			w = cw > w ? cw : w;
		}
		out->col_w[k] = ceil(w) + (sp->plain ? PLAIN_CELL_PAD : TABLE_CELL_PAD);
		cols_w += out->col_w[k];
	}
	for (size_t i = 0; i < sp->n; i++) {
		double w = measure_w(m, sp->e[i].name);
		name_w = w > name_w ? w : name_w;
	}
	bool right = sp->opts->placement == LEGEND_RIGHT;
	double max_h = right ? c.h : (c.h - VIZ_TOP_PAD) * BOTTOM_MAX_FRAC;
	if (sp->plain && !right) /* measured: the pie's legend box is 35% of all of it */
		max_h = c.h * BOTTOM_MAX_FRAC;
	size_t fit = table_rows_fit(max_h);
	out->shown = sp->n <= fit ? sp->n : (fit ? fit - 1 : 0);
	out->rows = out->shown < sp->n ? out->shown + 1 : sp->n;
	double h = (double)(out->rows + 1) * LEGEND_TABLE_ROW_H + TABLE_EXTRA;
	if (sp->plain)
		h = plain_header_h(sp) + (double)out->rows * PLAIN_ROW_H + PLAIN_EXTRA;
	/* A bottom table that overflows looks like Grafana's scrolled to the top:
	 * it takes all of its share (so the plot keeps Grafana's height) and its
	 * rows run on under the edge, the last one cut. */
	if (out->shown < sp->n && !right) {
		h = floor(max_h);
		size_t visible = (size_t)fmax(ceil(h / LEGEND_TABLE_ROW_H - 1), 0);
		out->shown = visible < sp->n ? visible : sp->n;
		out->rows = out->shown;
		out->cut = true;
	}
	if (right) {
		double w = TABLE_NAME_X + ceil(name_w) + 16 + cols_w + TABLE_RIGHT_PAD;
		if (sp->plain)
			w = TABLE_NAME_X + ceil(name_w) + PLAIN_NAME_TAIL + cols_w + PLAIN_RIGHT_PAD;
		double cap = sp->opts->width > 0 ? sp->opts->width : c.w * RIGHT_MAX_FRAC;
		w = w > cap ? cap : w;
		out->box = (struct rect){c.x + c.w - w, c.y, w, h};
	} else {
		out->box = (struct rect){c.x, c.y + c.h - h, c.w, h};
	}
	double top = sp->plain ? plain_header_h(sp) : LEGEND_TABLE_ROW_H;
	double pitch = sp->plain ? PLAIN_ROW_H : LEGEND_TABLE_ROW_H;
	for (size_t i = 0; i < sp->n; i++)
		slots[i] = (struct legend_slot){out->box.x + TABLE_SWATCH_X,
		                                out->box.y + top + pitch * (0.5 + (double)i), 0};
	out->more_x = out->box.x + TABLE_NAME_X;
	out->more_y = out->box.y + top + pitch * (0.5 + (double)out->shown);
}

void legend_layout(const struct legend_spec *sp, struct rect c, const struct text_measurer *m,
                   struct legend_layout *out, struct legend_slot *slots)
{
	memset(out, 0, sizeof(*out));
	if (!sp->opts->show || sp->n == 0 || c.w <= 0 || c.h <= 0)
		return;
	if (sp->opts->mode == LEGEND_TABLE)
		layout_table(sp, c, m, out, slots);
	else if (sp->opts->placement == LEGEND_RIGHT)
		layout_list_right(sp, c, m, out, slots);
	else
		layout_list_bottom(sp, c, m, out, slots);
}

static void swatch(cairo_t *cr, uint32_t color, double x, double cy)
{
	double r = SWATCH_H / 2, y = cy - 1;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + SWATCH_W - r, y + r, r, -M_PI / 2, M_PI / 2);
	cairo_arc(cr, x + r, y + r, r, M_PI / 2, 3 * M_PI / 2);
	cairo_close_path(cr);
	theme_set_source(cr, color);
	cairo_fill(cr);
}

/* One line of legend text centred vertically on cy. */
static double line_weight(cairo_t *cr, struct text *tx, const char *s, double x, double cy,
                          double max_w, enum text_align al, uint32_t color, int weight)
{
	double h;
	text_measure(tx, s, LEGEND_TEXT_PX, weight, NULL, &h);
	return text_draw(tx, cr, s, LEGEND_TEXT_PX, weight, x, cy - h / 2 - 0.4, max_w, al, color);
}

static double line(cairo_t *cr, struct text *tx, const char *s, double x, double cy, double max_w,
                   enum text_align al, uint32_t color)
{
	return line_weight(cr, tx, s, x, cy, max_w, al, color, TEXT_REGULAR);
}

/* Grafana's text.disabled for a hidden series' item, else text.primary. */
static uint32_t entry_fg(const struct theme *th, const struct legend_entry *e)
{
	return e->disabled ? theme_alpha(th->text, DISABLED_ALPHA) : th->text;
}

/* A list item's values after its name (at x), or right-aligned to right. */
static void draw_stats(cairo_t *cr, struct text *tx, const struct theme *th,
                       const struct legend_spec *sp, size_t i, double x, double cy, double right,
                       bool align_right)
{
	char buf[LEGEND_CELL + 64];
	struct text_measurer m = text_measurer(tx);
	if (align_right)
		x = fmax(x, right - stats_w(sp, i, &m));
	for (size_t k = 0; k < sp->n_titles && k < LEGEND_MAX_CALCS; k++) {
		stat_text(sp, i, k, buf, sizeof buf);
		x += STAT_GAP;
		double w = ceil(measure_w(&m, buf));
		line(cr, tx, buf, x, cy, right - x, ALIGN_LEFT, entry_fg(th, &sp->e[i]));
		x += w;
	}
}

static void draw_more(cairo_t *cr, struct text *tx, const struct theme *th,
                      const struct legend_spec *sp, const struct legend_layout *lay)
{
	if (lay->shown >= sp->n || lay->cut)
		return;
	char more[32];
	snprintf(more, sizeof more, "+%zu more", sp->n - lay->shown);
	line(cr, tx, more, lay->more_x, lay->more_y, 0, ALIGN_LEFT, th->text_secondary);
}

/* Grafana's angle-down (sortDesc) or angle-up icon centred on (cx, cy). */
static void sort_icon(cairo_t *cr, const struct theme *th, const struct legend_opts *o, double cx,
                      double cy)
{
	double d = o->sort_desc ? SORT_ICON_H / 2 : -SORT_ICON_H / 2;
	cairo_save(cr);
	cairo_move_to(cr, cx - SORT_ICON_HALF_W, cy - d);
	cairo_line_to(cr, cx, cy + d);
	cairo_line_to(cr, cx + SORT_ICON_HALF_W, cy - d);
	cairo_set_line_width(cr, 1.25);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	theme_set_source(cr, th->text_link);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_table(cairo_t *cr, struct text *tx, const struct theme *th,
                       const struct legend_spec *sp, const struct legend_layout *lay,
                       const struct legend_slot *slots)
{
	struct rect b = lay->box;
	double right = b.x + b.w - (sp->plain ? PLAIN_RIGHT_PAD : TABLE_RIGHT_PAD);
	double head_h = sp->plain ? plain_header_h(sp) : LEGEND_TABLE_ROW_H;
	double hy = b.y + head_h / 2;
	double cell_right = sp->plain ? PLAIN_CELL_RIGHT : TABLE_CELL_RIGHT;
	double col_right[LEGEND_MAX_CALCS], x = right;
	for (size_t k = lay->n_cols; k-- > 0;) {
		col_right[k] = x;
		x -= lay->col_w[k];
	}
	double name_w = x - (b.x + TABLE_NAME_X) - 8;
	double nw = sp->plain ? 0
	                      : line(cr, tx, "Name", b.x + TABLE_NAME_X, hy, 0, ALIGN_LEFT,
	                             th->text_link);
	if (!sp->plain && sorted_by(sp->opts, "Name"))
		sort_icon(cr, th, sp->opts, b.x + TABLE_NAME_X + nw + SORT_ICON_SHIFT, hy);
	for (size_t k = 0; k < lay->n_cols; k++) {
		const char *title = col_title(sp, lay, k);
		double at = col_right[k] - cell_right;
		if (!sp->plain && sorted_by(sp->opts, title)) {
			sort_icon(cr, th, sp->opts, at, hy);
			at -= SORT_ICON_SHIFT;
		}
		line_weight(cr, tx, title, at, hy, 0, ALIGN_RIGHT, th->text_link,
		            sp->plain ? TEXT_MEDIUM : TEXT_REGULAR);
	}
	theme_set_source(cr, th->border);
	cairo_rectangle(cr, b.x, floor(b.y + (sp->plain ? head_h - 1 : LEGEND_TABLE_ROW_H)),
	                right - b.x, 1);
	cairo_fill(cr);
	for (size_t i = 0; i < lay->shown; i++) {
		uint32_t fg = entry_fg(th, &sp->e[i]);
		swatch(cr, sp->e[i].color, slots[i].x, slots[i].y);
		line(cr, tx, sp->e[i].name, b.x + TABLE_NAME_X, slots[i].y, name_w, ALIGN_LEFT, fg);
		for (size_t k = 0; k < lay->n_cols; k++)
			line(cr, tx, sp->e[i].cells[col_cell(sp, lay, k)],
			     col_right[k] - cell_right, slots[i].y, 0, ALIGN_RIGHT, fg);
	}
	draw_more(cr, tx, th, sp, lay);
}

void legend_draw(cairo_t *cr, struct text *tx, const struct theme *th, const struct legend_spec *sp,
                 const struct legend_layout *lay, const struct legend_slot *slots)
{
	if (lay->box.w <= 0 || lay->box.h <= 0)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, lay->box.x, lay->box.y - 2, lay->box.w,
	                lay->box.h + (lay->cut ? 2 : 4 + LIST_OVERHANG));
	cairo_clip(cr);
	if (sp->opts->mode == LEGEND_TABLE) {
		draw_table(cr, tx, th, sp, lay, slots);
		cairo_restore(cr);
		return;
	}
	double right = lay->box.x + lay->box.w;
	bool on_right = sp->opts->placement == LEGEND_RIGHT;
	for (size_t i = 0; i < lay->shown; i++) {
		const struct legend_slot *s = &slots[i];
		swatch(cr, sp->e[i].color, s->x, s->y);
		double tx0 = s->x + SWATCH_W + SWATCH_GAP;
		double nw = line(cr, tx, sp->e[i].name, tx0, s->y, right - tx0, ALIGN_LEFT,
		                 entry_fg(th, &sp->e[i]));
		if (sp->n_titles)
			draw_stats(cr, tx, th, sp, i, tx0 + ceil(nw), s->y,
			           on_right ? right - (sp->plain ? ITEM_GAP : 0)
			                    : s->x + s->w - ITEM_GAP,
			           on_right);
	}
	draw_more(cr, tx, th, sp, lay);
	cairo_restore(cr);
}
