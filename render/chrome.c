/*
 * chrome.c — the panel frame around every visualization and the in-place
 * states (no data, error, unsupported), after Grafana 10.4's PanelChrome:
 * background.primary, border.weak 1 px, radius 2, a 32 px header with the
 * title in Inter Medium 14 px, 8 px padding.  Knows nothing about what is
 * drawn inside the content rectangle.
 */
#include "render/chrome.h"

#include <math.h>
#include <stdio.h>

struct rect chrome_content_rect(struct rect b)
{
	double inset = CHROME_BORDER + CHROME_PAD;
	struct rect r = {b.x + inset, b.y + CHROME_BORDER + CHROME_HEADER_H, b.w - 2 * inset,
	                 b.h - CHROME_BORDER - CHROME_HEADER_H - inset};
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	return r;
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

/* Grafana's exclamation-triangle on a red button: the panel status. */
static double draw_error_badge(cairo_t *cr, struct text *tx, const struct theme *th, double x,
                               double y)
{
	double s = 24;
	theme_set_source(cr, th->error);
	rounded_rect(cr, x, y + (CHROME_HEADER_H - s) / 2, s, s, 2);
	cairo_fill(cr);
	double cx = x + s / 2, cy = y + CHROME_HEADER_H / 2;
	cairo_move_to(cr, cx, cy - 6.5);
	cairo_line_to(cr, cx + 7, cy + 5.5);
	cairo_line_to(cr, cx - 7, cy + 5.5);
	cairo_close_path(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_width(cr, 1.6);
	cairo_stroke(cr);
	cairo_rectangle(cr, cx - 0.8, cy - 2.5, 1.6, 4.5);
	cairo_rectangle(cr, cx - 0.8, cy + 3.0, 1.6, 1.4);
	cairo_fill(cr);
	(void)tx;
	return s + 8;
}

/* Grafana's info-circle after the title of a panel with a description (the
 * text itself is a hover tooltip there, so an image shows only the mark). */
static void draw_info_icon(cairo_t *cr, const struct theme *th, double cx, double cy)
{
	cairo_save(cr);
	theme_set_source(cr, th->text_secondary);
	cairo_set_line_width(cr, 1.2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, cx, cy, CHROME_INFO_R, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_arc(cr, cx, cy - 2.8, 0.9, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_set_line_width(cr, 1.3);
	cairo_move_to(cr, cx, cy - 0.9);
	cairo_line_to(cr, cx, cy + 3.3);
	cairo_stroke(cr);
	cairo_restore(cr);
}

void chrome_panel(cairo_t *cr, struct text *tx, const struct theme *th, struct rect b,
                  const char *title, bool transparent, bool error, bool has_description)
{
	if (!transparent) {
		rounded_rect(cr, b.x, b.y, b.w, b.h, CHROME_RADIUS);
		theme_set_source(cr, th->panel_bg);
		cairo_fill(cr);
		rounded_rect(cr, b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1, CHROME_RADIUS - 0.5);
		theme_set_source(cr, th->border);
		cairo_set_line_width(cr, CHROME_BORDER);
		cairo_stroke(cr);
	}
	double x = b.x + CHROME_BORDER + CHROME_PAD;
	double right = b.x + b.w - CHROME_BORDER - CHROME_PAD;
	if (error)
		x += draw_error_badge(cr, tx, th, x - 4, b.y + CHROME_BORDER) - 4;
	if (!title || !*title || right - x <= 0)
		return;
	double w, h;
	text_measure(tx, title, CHROME_TITLE_PX, TEXT_MEDIUM, &w, &h);
	double room = right - x - (has_description ? CHROME_INFO_DX + CHROME_INFO_R : 0);
	double y = b.y + CHROME_BORDER + (CHROME_HEADER_H - h) / 2;
	text_draw(tx, cr, title, CHROME_TITLE_PX, TEXT_MEDIUM, x, y, room > 0 ? room : 0,
	          ALIGN_LEFT, th->text);
	if (has_description && room > 0)
		draw_info_icon(cr, th, x + fmin(w, room) + CHROME_INFO_DX,
		               b.y + CHROME_BORDER + CHROME_HEADER_H / 2);
}

/* A message centred in the content box, wrapped to its width and cut (with
 * an ellipsis) to its height: small panels show the whole text they can. */
static void centered_wrapped(cairo_t *cr, struct text *tx, struct rect c, const char *m,
                             uint32_t color)
{
	double size = CHROME_TEXT_PX * 7 / 6;
	double h = text_wrapped_height(tx, m, size, TEXT_REGULAR, c.w, c.h);
	double y = c.y + (c.h - h) / 2;
	cairo_save(cr);
	cairo_rectangle(cr, c.x, c.y, c.w, c.h);
	cairo_clip(cr);
	text_draw_wrapped(tx, cr, m, size, TEXT_REGULAR, c.x, y > c.y ? y : c.y, c.w, c.h,
	                  ALIGN_CENTER, color);
	cairo_restore(cr);
}

void chrome_message(cairo_t *cr, struct text *tx, const struct theme *th, struct rect c,
                    const char *msg)
{
	centered_wrapped(cr, tx, c, msg && *msg ? msg : "No data", th->text_secondary);
}

void chrome_error(cairo_t *cr, struct text *tx, const struct theme *th, struct rect c,
                  const char *msg)
{
	centered_wrapped(cr, tx, c, msg && *msg ? msg : "Error", th->error_text);
}

static void chevron(cairo_t *cr, double cx, double cy, bool collapsed)
{
	if (collapsed) {
		cairo_move_to(cr, cx - 2, cy - 4);
		cairo_line_to(cr, cx + 2, cy);
		cairo_line_to(cr, cx - 2, cy + 4);
	} else {
		cairo_move_to(cr, cx - 4, cy - 2);
		cairo_line_to(cr, cx, cy + 2);
		cairo_line_to(cr, cx + 4, cy - 2);
	}
	cairo_set_line_width(cr, 1.5);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
}

void chrome_row(cairo_t *cr, struct text *tx, const struct theme *th, struct rect b,
                const char *title, bool collapsed, int n_panels)
{
	double h;
	const char *t = title && *title ? title : "Row title";
	text_measure(tx, t, CHROME_TITLE_PX, TEXT_MEDIUM, NULL, &h);
	double cy = b.y + b.h / 2;
	theme_set_source(cr, th->text);
	chevron(cr, b.x + 8, cy, collapsed);
	double x = b.x + 20;
	double w = text_draw(tx, cr, t, CHROME_TITLE_PX, TEXT_MEDIUM, x, cy - h / 2, b.w - 20,
	                     ALIGN_LEFT, th->text);
	if (!collapsed || n_panels <= 0)
		return;
	char note[48];
	snprintf(note, sizeof note, "(%d panel%s)", n_panels, n_panels == 1 ? "" : "s");
	double nh;
	text_measure(tx, note, CHROME_TEXT_PX, TEXT_REGULAR, NULL, &nh);
	text_draw(tx, cr, note, CHROME_TEXT_PX, TEXT_REGULAR, x + w + 8, cy - nh / 2, b.w - 28 - w,
	          ALIGN_LEFT, th->text_secondary);
}
