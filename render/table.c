/*
 * table.c — table.h: Grafana 10.4's table panel with Cairo.
 *
 * Data: the job's result as frames (transform/tframe.h), the panel's
 * transformations applied, frame options.frameIndex shown.  Field config:
 * the panel defaults (colour mode thresholds unless given, as the table
 * plugin has it), then each matching override (byName on a field's name or
 * display name, byRegexp on the display name, byFrameRefID).
 * Geometry (measured against grafana-ref): header and rows cellHeight + 2
 * px with a 1 px weak border under each (none under the last row), 6 px
 * cell padding, columns per getColumns, a 1 px border right of each body
 * cell but the last, numbers right-aligned, text left; the rows that fit,
 * the last one cut, as Grafana's scrolling list shows them.
 */
#include "render/table.h"
#include "render/tablecell.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsregex.h"
#include "render/chrome.h"
#include "render/fields.h"
#include "render/units.h"
#include "transform/treduce.h"
#include "transform/transform.h"

#define HEADER_LABEL_MARGIN 4.0   /* headerCellLabel's marginRight */
#define HEADER_DARK  0xFFFFFFFFu  /* the header label is a <button>: the UA's text colour */
#define HEADER_LIGHT 0x000000FFu

double table_cell_height(enum table_cell_height h)
{
	switch (h) {
	case CELLH_MD: return 42;
	case CELLH_LG: return 48;
	case CELLH_SM:
	default: return TABLE_CELL_PAD * 2 + 22; /* 14 px at line height 22/14 */
	}
}

void table_col_widths(const struct table_col_req *req, size_t n, double avail, double *out)
{
	size_t shared_n = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = req[i].width > 0 ? req[i].width : 0;
		if (out[i] > 0)
			avail -= out[i];
		else
			shared_n++;
	}
	double shared = shared_n ? avail / (double)shared_n : 0;
	for (size_t pass = shared_n; pass > 0; pass--)
		for (size_t i = 0; i < n; i++) {
			double min = req[i].min_width > 0 ? req[i].min_width : TABLE_COL_MIN_W;
			if (out[i] == 0 && min > shared) {
				out[i] = min;
				avail -= min;
				shared_n--;
				shared = shared_n ? avail / (double)shared_n : 0;
			}
		}
	for (size_t i = 0; i < n; i++)
		if (out[i] == 0)
			out[i] = shared;
}

/* ---- sorting ------------------------------------------------------------- */

struct sort_ctx {
	const struct tfield *f;
	bool desc;
};

/* react-table's sortNumber: null, "" and NaN are -Infinity. */
static double sort_num(const struct tfield *f, size_t r)
{
	if (f->type != TF_STRING)
		return isnan(f->num[r]) ? -INFINITY : f->num[r];
	if (!f->str[r] || !*f->str[r])
		return -INFINITY;
	char *end;
	double d = g_ascii_strtod(f->str[r], &end);
	return *end ? -INFINITY : d;
}

static int cmp_rows(const void *a, const void *b, void *data)
{
	const struct sort_ctx *c = data;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r;
	if (c->f->type == TF_STRING) {
		const char *x = c->f->str[i] ? c->f->str[i] : "", *y = c->f->str[j] ? c->f->str[j] : "";
		char *fx = g_utf8_casefold(x, -1), *fy = g_utf8_casefold(y, -1);
		r = g_utf8_collate(fx, fy);
		g_free(fx);
		g_free(fy);
	} else {
		double x = sort_num(c->f, i), y = sort_num(c->f, j);
		r = x < y ? -1 : x > y;
	}
	/* react-table sorts descending by inverting the comparison and keeps
	 * ties in their order */
	return c->desc ? -r : r;
}

void table_sort_rows(const struct tfield *f, size_t n, bool desc, size_t *order)
{
	for (size_t r = 0; r < n; r++)
		order[r] = r;
	if (!f || n < 2)
		return;
	struct sort_ctx c = {f, desc};
	g_qsort_with_data(order, (gint)n, sizeof *order, cmp_rows, &c);
}

/* ---- columns ------------------------------------------------------------- */


static bool override_hits(const struct field_override *o, struct tframes *fs, struct tframe *f,
                          struct tfield *fld, GRegex *re, struct cairn_err *why)
{
	if (!o->pattern)
		return false;
	switch (o->kind) {
	case MATCH_BY_NAME: return tframe_name_matches(fs, f, fld, o->pattern);
	case MATCH_BY_REGEXP: return re && jsregex_match(re, tframe_display_name(fs, f, fld), why) == 1;
	case MATCH_BY_FRAME_REFID: return strcmp(o->pattern, f->ref_id) == 0;
	case MATCH_OTHER:
	default: return false;
	}
}

static void field_range(struct table_col *c, size_t len)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t r = 0; c->f->type == TF_NUMBER && r < len; r++)
		if (!isnan(c->f->num[r])) {
			lo = fmin(lo, c->f->num[r]);
			hi = fmax(hi, c->f->num[r]);
		}
	c->lo = !isnan(c->fc.min) ? c->fc.min : isfinite(lo) ? lo : 0;
	c->hi = !isnan(c->fc.max) ? c->fc.max : isfinite(hi) ? hi : 100;
}

/* The visible columns of f with their field config; note gets the first
 * override left out (a regex that does not compile or gives up). */
static size_t make_cols(const struct cairn_panel *p, const var_scope *vars, struct tframes *fs,
                        struct tframe *f, struct table_col *cols, const char **titles,
                        struct cairn_err *note)
{
	size_t n = 0;
	GRegex **re = g_new0(GRegex *, p->n_overrides ? p->n_overrides : 1);
	for (size_t k = 0; k < p->n_overrides; k++) {
		struct cairn_err why = {0};
		if (p->overrides[k].kind == MATCH_BY_REGEXP && p->overrides[k].pattern &&
		    !(re[k] = fields_regex_new(p->overrides[k].pattern, &why)) && note->code == 0)
			cairn_err_set(note, why.code, "%s.fieldConfig.overrides[%zu]: %s; not applied",
			              p->json_path ? p->json_path : "panel", k, why.msg);
	}
	for (size_t i = 0; i < f->n_fields; i++) {
		struct table_col *c = &cols[n];
		c->f = &f->fields[i];
		c->fc = p->defaults;
		if (!(p->defaults.set & FC_SET_COLOR))
			c->fc.color_mode = COLOR_THRESHOLDS;
		for (size_t k = 0; k < p->n_overrides; k++) {
			struct cairn_err why = {0};
			if (p->overrides[k].props.set &&
			    override_hits(&p->overrides[k], fs, f, c->f, re[k], &why))
				fields_apply_props(&c->fc, &p->overrides[k].props);
			if (why.code && note->code == 0)
				cairn_err_set(note, why.code,
				              "%s.fieldConfig.overrides[%zu]: %s; not applied",
				              p->json_path ? p->json_path : "panel", k, why.msg);
		}
		c->title = tframe_display_name(fs, f, c->f);
		if (c->fc.display_name && *c->fc.display_name) {
			struct dispname_field df = {.name = c->f->name, .labels = c->f->labels,
			                            .n_labels = c->f->n_labels, .display_name = c->title,
			                            .series_name = f->name ? f->name : c->title,
			                            .vars = vars};
			dispname_expand(c->fc.display_name, &df, c->title_buf, sizeof c->title_buf, NULL,
			                NULL);
			c->title = c->title_buf;
		}
		titles[i] = c->title;
		if (c->fc.table.hidden)
			continue;
		switch (c->fc.table.align) {
		case TALIGN_LEFT: c->align = ALIGN_LEFT; break;
		case TALIGN_CENTER: c->align = ALIGN_CENTER; break;
		case TALIGN_RIGHT: c->align = ALIGN_RIGHT; break;
		case TALIGN_AUTO:
		default: c->align = c->f->type == TF_NUMBER ? ALIGN_RIGHT : ALIGN_LEFT;
		}
		field_range(c, f->len);
		c->index = n++;
	}
	for (size_t k = 0; k < p->n_overrides; k++)
		if (re[k])
			g_regex_unref(re[k]);
	g_free(re);
	return n;
}

/* ---- drawing ------------------------------------------------------------- */

struct layout {
	double x0, y0, w, h;      /* the table's box */
	double row_h;             /* cellHeight + 2, border included */
	double cell_h;
	double header_h;          /* 0 without a header */
	double footer_h;
};

static void hline(cairo_t *cr, const struct theme *th, double x, double y, double w)
{
	tablecell_fill(cr, (struct rect){x, y, w, 1}, th->border);
}

static void draw_footer(const struct table_env *env, cairo_t *cr, const struct cairn_panel *p,
                        const struct table_col *cols, size_t n, size_t rows, const struct layout *L)
{
	const struct table_opts *o = &p->table;
	double y = L->y0 + L->h - L->footer_h;
	tablecell_fill(cr, (struct rect){L->x0, y, L->w, L->footer_h}, env->th->panel_bg);
	hline(cr, env->th, L->x0, y, L->w);
	const char *id = o->footer_reducer[0] ? o->footer_reducer : NULL;
	bool count_rows = o->count_rows && id && strcmp(id, "count") == 0;
	for (size_t i = 0; i < n; i++) {
		const struct table_col *c = &cols[i];
		char text[128] = "";
		if (count_rows) {
			/* Grafana's FooterCell list: "Count" at the left, the rows at the right */
			if (i == 0) {
				struct table_col left = *c, right = *c;
				left.align = ALIGN_LEFT;
				right.align = ALIGN_RIGHT;
				snprintf(text, sizeof text, "%zu", rows);
				tablecell_text_draw(env, cr, &left, "Count", y + 1, L->footer_h - 1,
				               env->th->text, TEXT_MEDIUM, 0);
				tablecell_text_draw(env, cr, &right, text, y + 1, L->footer_h - 1,
				               env->th->text, TEXT_MEDIUM, 0);
			}
			continue;
		} else if (c->f->type != TF_NUMBER) {
			if (i == 0 && id && treduce_name(id))
				g_strlcpy(text, treduce_name(id), sizeof text);
		} else if (id && (!o->footer_fields || g_strv_contains((const char *const *)o->footer_fields,
		                                                          c->f->name))) {
			bool known;
			double v = treduce(id, c->f->num, rows, &known);
			if (known && !isnan(v))
				units_format_str(c->fc.unit, v, c->fc.decimals, text, sizeof text);
		}
		tablecell_text_draw(env, cr, c, text, y + 1, L->footer_h - 1, env->th->text, TEXT_MEDIUM, 0);
	}
}

static void draw_header(const struct table_env *env, cairo_t *cr, const struct table_col *cols,
                        size_t n, const struct layout *L, ssize_t sorted, bool desc)
{
	for (size_t i = 0; i < n; i++) {
		const struct table_col *c = &cols[i];
		double arrow = (ssize_t)i == sorted ? 20 : 0;
		tablecell_text_draw(env, cr, c, c->title, L->y0, L->header_h - 1,
		               env->th->kind == THEME_DARK ? HEADER_DARK : HEADER_LIGHT, TEXT_MEDIUM,
		               c->align == ALIGN_RIGHT ? HEADER_LABEL_MARGIN + arrow : 0);
		if (arrow == 0)
			continue;
		/* the sort arrow (Grafana's arrow-down / arrow-up icon) */
		double tw, th;
		text_measure(env->tx, c->title, TABLE_FONT_PX, TEXT_MEDIUM, &tw, &th);
		double ax = c->align == ALIGN_RIGHT ? c->x + c->w - TABLE_CELL_PAD - arrow + 6
		                                    : c->x + TABLE_CELL_PAD + fmin(tw, c->w) + 8;
		double ay = L->y0 + (L->header_h - 1) / 2;
		theme_set_source(cr, env->th->text);
		cairo_set_line_width(cr, 1.5);
		cairo_move_to(cr, ax + 4, ay - 5);
		cairo_line_to(cr, ax + 4, ay + 5);
		cairo_move_to(cr, ax, desc ? ay + 1 : ay - 1);
		cairo_line_to(cr, ax + 4, desc ? ay + 5 : ay - 5);
		cairo_line_to(cr, ax + 8, desc ? ay + 1 : ay - 1);
		cairo_stroke(cr);
	}
	hline(cr, env->th, L->x0, L->y0 + L->header_h - 1, L->w);
}

/* One pager button: w x 24 at x, y; its label centred. */
static void pager_button(const struct table_env *env, cairo_t *cr, double x, double y, double w,
                         const char *label, bool active, bool enabled)
{
	bool dark = env->th->kind == THEME_DARK;
	uint32_t border = active ? (dark ? 0x3D71D9FFu : 0x3871DCFFu)
	                  : !enabled ? (dark ? 0x1F2126FFu : 0xF6F7F7FFu)
	                             : (dark ? 0x36393EFFu : 0xD5D6D8FFu);
	uint32_t bg = active ? border : !enabled ? border : (dark ? 0x2A2D31FFu : 0xEEEEEFFFu);
	tablecell_fill(cr, (struct rect){x, y, w, 24}, border);
	tablecell_fill(cr, (struct rect){x + 1, y + 1, w - 2, 22}, bg);
	uint32_t fg = active ? 0xFFFFFFFFu : theme_alpha(env->th->text, enabled ? 1 : 0.5);
	double th;
	text_measure(env->tx, label, 12, TEXT_MEDIUM, NULL, &th);
	text_draw(env->tx, cr, label, 12, TEXT_MEDIUM, x + w / 2, y + (24 - th) / 2, 0,
	          ALIGN_CENTER, fg);
}

/* Grafana's Pagination under a paged table (first page): ‹ 1 2 … › and
 * "1 - N of M rows", centred, the buttons 24 px tall, 37 px over the bottom. */
static void draw_pager(const struct table_env *env, cairo_t *cr, const struct layout *L,
                       size_t page, size_t rows)
{
	size_t pages = (rows + page - 1) / page, shown = pages > 7 ? 7 : pages;
	char summary[96];
	snprintf(summary, sizeof summary, "1 - %zu of %zu rows", MIN(page, rows), rows);
	double sw;
	text_measure(env->tx, summary, 12, TEXT_REGULAR, &sw, NULL);
	double pager_w = 32 + 10 + (double)shown * 34 + 32;
	double total = 40 + pager_w + 16 + sw + 8; /* the list's 40 px indent, the summary's padding */
	double x = L->x0 + (L->w - total) / 2 + 44, y = L->y0 + L->h - 37;
	pager_button(env, cr, x, y, 32, "‹", false, false);
	x += 42;
	for (size_t i = 0; i < shown; i++, x += 34) {
		char num[24];
		if (pages > 7 && i == 5)
			g_strlcpy(num, "…", sizeof num);
		else
			snprintf(num, sizeof num, "%zu", pages > 7 && i == 6 ? pages : i + 1);
		pager_button(env, cr, x, y, 24, num, i == 0, true);
	}
	pager_button(env, cr, x, y, 32, "›", false, pages > 1);
	double th;
	text_measure(env->tx, summary, 12, TEXT_REGULAR, NULL, &th);
	text_draw(env->tx, cr, summary, 12, TEXT_REGULAR, x + 32 + 16, y + (24 - th) / 2, 0,
	          ALIGN_LEFT, env->th->text_secondary);
}

/* TablePanel's frame selector under the table when there are several
 * frames: a 32 px Select showing getFrameDisplayName of the frame shown. */
static void draw_frame_select(const struct table_env *env, cairo_t *cr, struct tframe *f,
                              const char **titles, struct rect box)
{
	bool dark = env->th->kind == THEME_DARK;
	tablecell_fill(cr, box, dark ? 0x3B3D44FFu : 0xB6B8BAFFu); /* border.medium over the panel */
	tablecell_fill(cr, (struct rect){box.x + 1, box.y + 1, box.w - 2, box.h - 2},
	          dark ? 0x111217FFu : 0xFFFFFFFFu);
	GString *name = g_string_new(f->name ? f->name : "");
	for (size_t k = 0; !f->name && k < f->n_fields; k++)
		if (f->fields[k].type != TF_TIME)
			g_string_append_printf(name, "%s%s", name->len ? ", " : "", titles[k]);
	double th;
	text_measure(env->tx, name->str, TABLE_FONT_PX, TEXT_REGULAR, NULL, &th);
	text_draw(env->tx, cr, name->str, TABLE_FONT_PX, TEXT_REGULAR, box.x + 8,
	          box.y + (box.h - th) / 2, box.w - 40, ALIGN_LEFT, env->th->text);
	g_string_free(name, TRUE);
	/* the angle-down icon */
	double ax = box.x + box.w - 20, ay = box.y + box.h / 2;
	theme_set_source(cr, env->th->text_secondary);
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, ax - 4, ay - 2);
	cairo_line_to(cr, ax, ay + 2);
	cairo_line_to(cr, ax + 4, ay - 2);
	cairo_stroke(cr);
}

/* What table_prepare decides before the chrome is drawn: the frames after
 * the transformations, the one shown, its columns with their field config. */
struct table_prep {
	struct tframes fs;
	struct tframe *f;          /* NULL: nothing to show ("No data") */
	struct table_col *cols;    /* visible columns */
	size_t n;
	const char **titles;       /* every field's header (the frame selector's name) */
	int rc;                    /* non-zero: err says why the table is not drawn */
	struct cairn_err err;
};

static void draw_frame(const struct table_env *env, cairo_t *cr, const struct cairn_panel *p,
                       struct table_prep *tp, struct rect c)
{
	struct tframes *fs = &tp->fs;
	struct tframe *f = tp->f;
	struct table_col *cols = tp->cols;
	const char **titles = tp->titles;
	size_t n = tp->n;
	/* Grafana's table starts a pixel under cairn's content box and reaches
	 * the panel's bottom border (no bottom padding) */
	struct layout L = {.x0 = c.x, .y0 = c.y + 1, .w = c.w, .h = c.h + CHROME_PAD - 2};
	if (fs->n > 1) { /* the frame selector takes 32 px and 8 px of padding */
		L.h -= 40;
		draw_frame_select(env, cr, f, titles,
		                  (struct rect){L.x0 + 8, L.y0 + L.h + 8, L.w - 16, 32});
	}
	L.cell_h = table_cell_height(p->table.cell_height);
	L.row_h = L.cell_h + 2;
	/* the header row is 36 px whatever the cell height */
	L.header_h = p->table.show_header ? table_cell_height(CELLH_SM) + 2 : 0;
	L.footer_h = p->table.footer_show ? TABLE_FOOTER_H : 0;
	struct table_col_req *req = g_new0(struct table_col_req, n ? n : 1);
	double *w = g_new0(double, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		req[i] = (struct table_col_req){cols[i].fc.table.width, cols[i].fc.table.min_width};
	table_col_widths(req, n, L.w, w);
	double x = L.x0;
	for (size_t i = 0; i < n; i++) {
		cols[i].x = x;
		cols[i].w = w[i];
		x += w[i];
	}
	/* sortBy: the first entry naming a visible column */
	ssize_t sorted = -1;
	bool desc = false;
	for (size_t s = 0; s < p->table.n_sort_by && sorted < 0; s++)
		for (size_t i = 0; i < n && sorted < 0; i++)
			if (strcmp(cols[i].title, p->table.sort_by[s].name) == 0) {
				sorted = (ssize_t)i;
				desc = p->table.sort_by[s].desc;
			}
	for (size_t i = 0; i < n; i++) {
		if (cols[i].fc.table.cell != CELL_GAUGE)
			continue;
		for (size_t r = 0; r < f->len; r++) {
			char t[128];
			double v;
			tablecell_text(cols[i].f, r, &cols[i].fc, env->tz, t, sizeof t, &v);
			if (strlen(t) > strlen(cols[i].align_text))
				g_strlcpy(cols[i].align_text, t, sizeof cols[i].align_text);
		}
	}
	size_t *order = g_new(size_t, f->len ? f->len : 1);
	table_sort_rows(sorted >= 0 ? cols[sorted].f : NULL, f->len, desc, order);

	cairo_save(cr);
	cairo_rectangle(cr, L.x0, L.y0, L.w, L.h);
	cairo_clip(cr);
	if (L.header_h > 0)
		draw_header(env, cr, cols, n, &L, sorted, desc);
	/* Grafana's row list is the table's height less a row height for the
	 * header and the footer's, and a 15 px horizontal scrollbar gutter
	 * comes off that (measured) */
	double y = L.y0 + L.header_h;
	double list_h = L.h - (p->table.show_header ? L.row_h : 0) - L.footer_h;
	size_t shown = f->len;
	if (p->table.pagination) { /* a page of rows, the pager under them */
		list_h -= L.cell_h;
		double page = round(list_h / L.row_h) - 1;
		if (page >= 1) {
			shown = MIN(f->len, (size_t)page);
			draw_pager(env, cr, &L, (size_t)page, f->len);
		}
	}
	double bottom = fmin(L.y0 + L.h - L.footer_h, y + list_h - 15);
	if (f->len == 0) {
		chrome_message(cr, env->tx, env->th,
		               (struct rect){L.x0, y, L.w, bottom - y}, "No data");
	}
	cairo_save(cr);
	cairo_rectangle(cr, L.x0, y, L.w, fmax(0, bottom - y));
	cairo_clip(cr);
	for (size_t r = 0; r < shown && y < bottom; r++) {
		for (size_t i = 0; i < n; i++) {
			tablecell_draw(env, cr, &cols[i], order[r], y, L.row_h - 1,
			          L.cell_h - 2 * TABLE_CELL_PAD);
			if (i + 1 < n)
				tablecell_fill(cr, (struct rect){floor(cols[i].x + cols[i].w - 0.5), y, 1,
				                            L.row_h - 1},
				          env->th->border);
		}
		if (r + 1 < shown)
			hline(cr, env->th, L.x0, y + L.row_h - 1, L.w);
		y += L.row_h;
	}
	cairo_restore(cr);
	if (L.footer_h > 0)
		draw_footer(env, cr, p, cols, n, f->len, &L);
	cairo_restore(cr);
	g_free(order);
	g_free(req);
	g_free(w);
}

struct table_prep *table_prepare(const struct panel_job *job, const struct budget *b,
                                 struct cairn_err *note)
{
	const struct cairn_panel *p = job->panel;
	struct table_prep *tp = g_new0(struct table_prep, 1);
	struct cairn_err skipped = {0};
	tp->rc = tframes_from_result(p, job->data, &tp->fs, &tp->err);
	if (tp->rc == 0)
		tp->rc = transform_apply(p->transforms, p->n_transforms, &tp->fs, b, &skipped,
		                         &tp->err);
	if (tp->rc) {
		if (note->code == 0)
			*note = tp->err;
		return tp;
	}
	bool any_fields = false;
	for (size_t i = 0; i < tp->fs.n; i++)
		any_fields |= tp->fs.v[i].n_fields > 0;
	if (any_fields) {
		size_t k = (size_t)p->table.frame_index < tp->fs.n ? (size_t)p->table.frame_index : 0;
		tp->f = &tp->fs.v[k];
		size_t nf = tp->f->n_fields ? tp->f->n_fields : 1;
		tp->cols = g_new0(struct table_col, nf);
		tp->titles = g_new0(const char *, nf);
		tp->n = make_cols(p, job->vars, &tp->fs, tp->f, tp->cols, tp->titles, &skipped);
	}
	if (skipped.code && note->code == 0)
		*note = skipped;
	return tp;
}

void table_prep_free(struct table_prep *tp)
{
	if (!tp)
		return;
	tframes_fini(&tp->fs);
	g_free(tp->cols);
	g_free(tp->titles);
	g_free(tp);
}

void table_draw(cairo_t *cr, const struct table_env *env, struct table_prep *tp,
                const struct panel_job *job, struct rect c)
{
	if (tp->rc)
		chrome_error(cr, env->tx, env->th, c, tp->err.msg);
	else if (!tp->f)
		chrome_message(cr, env->tx, env->th, c, "No data");
	else
		draw_frame(env, cr, job->panel, tp, c);
}
