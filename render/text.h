/*
 * text.h — fonts and text for every drawing: the bundled fonts loaded once per
 * process (text_fonts), a per-drawing text context (struct text) that lays out,
 * measures, ellipsises and paints UTF-8 with Pango, and the measuring
 * interface layout code is written against (struct text_measurer), so layout
 * tests can use a fixed-advance fake instead of fonts.
 */
#ifndef CAIRN_TEXT_H
#define CAIRN_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <cairo.h>
#include <pango/pango.h>
#include "base/err.h"

#define TEXT_REGULAR 400
#define TEXT_MEDIUM  500

/* Measures one line of text: width and line height in px. */
struct text_measurer {
	void *ctx;
	void (*measure)(void *ctx, const char *utf8, double size_px, int weight, double *w,
	                double *h);
};

/* Process-wide, immutable font set: a fontconfig config with the bundled
 * fonts first and the system's after.  Shared by all threads. */
typedef struct text_fonts text_fonts;

/* Loads fonts_dir (NULL = none) and the system fonts.  NULL with err filled
 * when no usable font is found.  Free with text_fonts_free. */
text_fonts *text_fonts_new(const char *fonts_dir, bool system_fallback, struct cairn_err *err);
void text_fonts_free(text_fonts *f);

/* A drawing's text state: this thread's Pango context and kept lines, a
 * layout, and cached font descriptions.  Use on one thread only; init/fini
 * per drawing. */
struct text {
	const text_fonts *fonts;
	PangoContext *pc;         /* the thread's */
	PangoLayout *layout;
	GHashTable *lines;        /* the thread's kept single lines (text.c) */
	struct {
		double size;
		int weight;
		PangoFontDescription *desc;
	} cache[8];
	size_t n_cache;
};

enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/* 0, or -1 with err filled when no font map can be made. */
int text_init(struct text *t, const text_fonts *fonts, struct cairn_err *err);
void text_fini(struct text *t);

/* The measurer for this text context (borrows t). */
struct text_measurer text_measurer(struct text *t);

void text_measure(struct text *t, const char *utf8, double size_px, int weight, double *w,
                  double *h);

/* Paints one line with its box's top-left (ALIGN_LEFT), top-centre or top-right
 * at (x, y); ellipsised at the end to max_w when max_w > 0.  Returns the
 * drawn width. */
double text_draw(struct text *t, cairo_t *cr, const char *utf8, double size_px, int weight,
                 double x, double y, double max_w, enum text_align align, uint32_t color);

/* Paints text wrapped into a box w wide and at most max_h tall (ellipsised
 * after the last line that fits), lines centred when align is ALIGN_CENTER.
 * Returns the height used. */
double text_draw_wrapped(struct text *t, cairo_t *cr, const char *utf8, double size_px, int weight,
                         double x, double y, double w, double max_h, enum text_align align,
                         uint32_t color);

/* Height text_draw_wrapped would take for the same text, width and cap,
 * without drawing. */
double text_wrapped_height(struct text *t, const char *utf8, double size_px, int weight,
	double w, double max_h);

/* Paints Pango markup (the caller escapes what it did not write) wrapped
 * into a box w wide, lines line_h apart (0: the font's own), in color
 * where the markup sets none.  cr NULL: measures only.  Returns the height. */
double text_markup(struct text *t, cairo_t *cr, const char *markup, double size_px, int weight,
                   double x, double y, double w, double line_h, uint32_t color);

/* Glyphs with no font for them (tofu) in the layout of utf8: 0 when the
 * fallback chain covers the text. */
int text_unknown_glyphs(struct text *t, const char *utf8, double size_px, int weight);

/* Baseline offset from the top of a line box for this size (px). */
double text_baseline(struct text *t, double size_px, int weight);

#endif
