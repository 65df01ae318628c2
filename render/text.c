/*
 * text.c — fonts and text through Pango on a private fontconfig config.
 *
 * Cost model: the FcConfig (font scan) is built once per process; a Pango
 * font map and context are made lazily once per thread (font maps are not
 * thread-safe) and kept in a GPrivate for the thread's lifetime; a drawing
 * makes one reusable PangoLayout.  Hinting and metric hinting are off so
 * text lays out identically at every scale and on every surface — which is
 * also why a thread keeps the single lines it has laid out (shaping one is
 * ~100k instructions; a dashboard measures and draws the same tick labels,
 * legend names and titles again and again): measuring a kept line costs a
 * hash lookup, drawing it no shaping.
 * This file does not decide where text goes: callers lay it out.
 */
#include "render/text.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

/* "Cairn Noto Sans KR" and "Cairn Noto Sans CJK" are the family names of
 * the bundled Hangul and Han/kana subsets (fonts/README.md), Hangul first so
 * Korean takes its own punctuation; the generic last entry lets fontconfig
 * pick any system font for other scripts. */
#define TEXT_FAMILIES "Inter, Cairn Noto Sans KR, Cairn Noto Sans CJK, sans-serif"

struct text_fonts {
	FcConfig *cfg;
};

/* A single line laid out with no width: its layout and extents. */
struct line {
	PangoLayout *layout;
	double w, h;              /* the layout's logical size, px (text_measure) */
	double line_x, line_w;    /* its first line's logical x and width, px (text_draw) */
};

#define LINES_MAX 2048        /* kept lines per thread (a few MB); all dropped when full */
#define LINE_KEY_MAX 256      /* longer texts are laid out each time */

struct thread_map {
	FcConfig *cfg;
	PangoFontMap *map;
	PangoContext *pc;
	GHashTable *lines;        /* "size/weight/text" -> struct line */
};

static void line_free(gpointer p)
{
	struct line *l = p;
	g_object_unref(l->layout);
	g_free(l);
}

static void thread_map_free(gpointer p)
{
	struct thread_map *tm = p;
	if (!tm)
		return;
	g_hash_table_destroy(tm->lines);
	g_object_unref(tm->pc);
	g_object_unref(tm->map);
	FcConfigDestroy(tm->cfg);
	g_free(tm);
}

static GPrivate thread_map_key = G_PRIVATE_INIT(thread_map_free);
static gsize default_set;

text_fonts *text_fonts_new(const char *fonts_dir, bool system_fallback, struct cairn_err *err)
{
	FcConfig *cfg = FcConfigCreate();
	if (!cfg) {
		cairn_err_set(err, CAIRN_ENOMEM, "fontconfig: cannot create a configuration");
		return NULL;
	}
	/* The system's fonts.conf brings its font directories and the
	 * sans-serif aliases; it is parsed first, but the bundled families are
	 * asked for by name, so they win wherever they cover the text. */
	if (system_fallback && !FcConfigParseAndLoad(cfg, NULL, FcFalse))
		system_fallback = false;
	bool have_dir = fonts_dir && FcConfigAppFontAddDir(cfg, (const FcChar8 *)fonts_dir);
	if (!FcConfigBuildFonts(cfg))
		goto fail;
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
	if (!have_dir || !set || set->nfont == 0) {
		if (!system_fallback)
			goto fail;
		set = FcConfigGetFonts(cfg, FcSetSystem);
		if (!set || set->nfont == 0)
			goto fail;
	}
	/* Pango starts a thread that runs FcInit() the first time a font map
	 * is made, loading fontconfig's default config: a second parse of
	 * the system's fonts.conf and caches that nothing here uses (measured:
	 * 28M instructions, 14% of a one-panel `cairn render`).  With a
	 * current config in place FcInit() has nothing to do.  The first
	 * context made becomes the process default; later ones leave it. */
	if (g_once_init_enter(&default_set)) {
		FcConfigSetCurrent(cfg);
		g_once_init_leave(&default_set, 1);
	}
	text_fonts *f = g_new(text_fonts, 1);
	f->cfg = cfg;
	return f;
fail:
	FcConfigDestroy(cfg);
	cairn_err_set(err, CAIRN_EIO, "fonts: no usable font in '%s'%s",
	              fonts_dir ? fonts_dir : "(none)",
	              system_fallback ? " nor among the system fonts" : "");
	return NULL;
}

void text_fonts_free(text_fonts *f)
{
	if (!f)
		return;
	/* Other threads' font maps go when their threads end; this thread's
	 * would otherwise live (with its FcConfig reference) until it ends,
	 * which for the main thread is never. */
	struct thread_map *tm = g_private_get(&thread_map_key);
	if (tm && tm->cfg == f->cfg)
		g_private_replace(&thread_map_key, NULL);
	FcConfigDestroy(f->cfg);
	g_free(f);
}

static PangoContext *context_new(PangoFontMap *map)
{
	PangoContext *pc = pango_font_map_create_context(map);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

/* This thread's font map and context for f's config, made on first use. */
static struct thread_map *thread_map(const text_fonts *f)
{
	struct thread_map *tm = g_private_get(&thread_map_key);
	if (tm && tm->cfg == f->cfg)
		return tm;
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!map)
		return NULL;
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), f->cfg);
	struct thread_map *n = g_new(struct thread_map, 1);
	n->cfg = f->cfg;
	FcConfigReference(f->cfg);
	n->map = map;
	n->pc = context_new(map);
	n->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, line_free);
	g_private_replace(&thread_map_key, n);
	return n;
}

int text_init(struct text *t, const text_fonts *fonts, struct cairn_err *err)
{
	memset(t, 0, sizeof(*t));
	t->fonts = fonts;
	struct thread_map *tm = thread_map(fonts);
	if (!tm)
		return cairn_err_set(err, CAIRN_ENOMEM, "pango: cannot create a font map");
	t->pc = g_object_ref(tm->pc);
	t->lines = tm->lines;
	t->layout = pango_layout_new(t->pc);
	return 0;
}

void text_fini(struct text *t)
{
	for (size_t i = 0; i < t->n_cache; i++)
		pango_font_description_free(t->cache[i].desc);
	if (t->layout)
		g_object_unref(t->layout);
	if (t->pc)
		g_object_unref(t->pc);
	memset(t, 0, sizeof(*t));
}

static const PangoFontDescription *font_desc(struct text *t, double size, int weight)
{
	/* A box too small for its text gets a size <= 0 from the layouts that
	 * scale text to fit: it is drawn at 0 px (nothing), as a description
	 * left without a size is, without Pango's assertion on the way. */
	if (!(size > 0))
		size = 0;
	for (size_t i = 0; i < t->n_cache; i++)
		if (t->cache[i].size == size && t->cache[i].weight == weight)
			return t->cache[i].desc;
	PangoFontDescription *d = pango_font_description_from_string(TEXT_FAMILIES);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	pango_font_description_set_weight(d, (PangoWeight)weight);
	if (t->n_cache == G_N_ELEMENTS(t->cache)) {
		pango_font_description_free(t->cache[0].desc);
		memmove(&t->cache[0], &t->cache[1], sizeof(t->cache[0]) * (t->n_cache - 1));
		t->n_cache--;
	}
	t->cache[t->n_cache].size = size;
	t->cache[t->n_cache].weight = weight;
	t->cache[t->n_cache].desc = d;
	t->n_cache++;
	return d;
}

/* Resets the shared layout to one unwrapped line of utf8. */
static PangoLayout *prep(struct text *t, const char *utf8, double size, int weight)
{
	PangoLayout *l = t->layout;
	pango_layout_set_font_description(l, font_desc(t, size, weight));
	pango_layout_set_width(l, -1);
	pango_layout_set_height(l, -1);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	pango_layout_set_single_paragraph_mode(l, TRUE);
	pango_layout_set_text(l, utf8 ? utf8 : "", -1);
	return l;
}

/* The thread's kept line for utf8; when it is not kept, laid out now if
 * make, else NULL.  NULL too when the text is too long to keep. */
static const struct line *kept_line(struct text *t, const char *utf8, double size, int weight,
                                    bool make)
{
	char key[LINE_KEY_MAX + 48];
	int n = snprintf(key, sizeof key, "%a/%d/%s", size, weight, utf8 ? utf8 : "");
	if (n < 0 || (size_t)n >= sizeof key)
		return NULL;
	struct line *l = g_hash_table_lookup(t->lines, key);
	if (l || !make)
		return l;
	if (g_hash_table_size(t->lines) >= LINES_MAX)
		g_hash_table_remove_all(t->lines);
	l = g_new(struct line, 1);
	l->layout = pango_layout_new(t->pc);
	pango_layout_set_font_description(l->layout, font_desc(t, size, weight));
	pango_layout_set_single_paragraph_mode(l->layout, TRUE);
	pango_layout_set_text(l->layout, utf8 ? utf8 : "", -1);
	PangoRectangle logical, line;
	pango_layout_get_extents(l->layout, NULL, &logical);
	pango_layout_line_get_extents(pango_layout_get_line_readonly(l->layout, 0), NULL, &line);
	l->w = (double)logical.width / PANGO_SCALE;
	l->h = (double)logical.height / PANGO_SCALE;
	l->line_x = (double)line.x / PANGO_SCALE;
	l->line_w = (double)line.width / PANGO_SCALE;
	g_hash_table_insert(t->lines, g_strdup(key), l);
	return l;
}

void text_measure(struct text *t, const char *utf8, double size_px, int weight, double *w,
                  double *h)
{
	const struct line *l = kept_line(t, utf8, size_px, weight, true);
	PangoRectangle logical;
	if (!l)
		pango_layout_get_extents(prep(t, utf8, size_px, weight), NULL, &logical);
	if (w)
		*w = l ? l->w : (double)logical.width / PANGO_SCALE;
	if (h)
		*h = l ? l->h : (double)logical.height / PANGO_SCALE;
}

static void measure_cb(void *ctx, const char *utf8, double size_px, int weight, double *w,
                       double *h)
{
	text_measure(ctx, utf8, size_px, weight, w, h);
}

struct text_measurer text_measurer(struct text *t)
{
	return (struct text_measurer){.ctx = t, .measure = measure_cb};
}

double text_baseline(struct text *t, double size_px, int weight)
{
	return (double)pango_layout_get_baseline(prep(t, "Ag", size_px, weight)) / PANGO_SCALE;
}

static void set_color(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgba(cr, (c >> 24) / 255.0, ((c >> 16) & 0xff) / 255.0,
	                      ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

double text_draw(struct text *t, cairo_t *cr, const char *utf8, double size_px, int weight,
                 double x, double y, double max_w, enum text_align align, uint32_t color)
{
	if (!utf8 || !*utf8)
		return 0;
	/* A kept line unless it is to be cut short: one that fits max_w is
	 * drawn as it is (measured text usually is, and the layout with the
	 * width is the same line); a new one is not kept for a text that may
	 * be cut. */
	const struct line *kept = kept_line(t, utf8, size_px, weight, max_w <= 0);
	if (kept && max_w > 0 && kept->line_w > max_w)
		kept = NULL;
	PangoLayout *l;
	double w, lx;
	if (kept) {
		l = kept->layout;
		w = kept->line_w;
		lx = kept->line_x;
	} else {
		l = prep(t, utf8, size_px, weight);
		if (max_w > 0) {
			pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		}
		PangoRectangle ink, logical;
		/* With a width set, the logical box is the whole width; the
		 * line's own extents give the drawn width for alignment. */
		pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), &ink, &logical);
		w = (double)logical.width / PANGO_SCALE;
		lx = (double)logical.x / PANGO_SCALE;
	}
	double dx = align == ALIGN_CENTER ? -w / 2 : align == ALIGN_RIGHT ? -w : 0;
	cairo_save(cr);
	set_color(cr, color);
	cairo_move_to(cr, x + dx - lx, y);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	return w;
}

/* The shared layout set up for wrapped text; NULL when there is nothing to
 * lay out.  Wrapping is reset by prep() on the next use. */
static PangoLayout *prep_wrapped(struct text *t, const char *utf8, double size_px, int weight,
                                 double w, double max_h, enum text_align align)
{
	if (!utf8 || !*utf8 || w <= 0)
		return NULL;
	PangoLayout *l = prep(t, utf8, size_px, weight);
	pango_layout_set_single_paragraph_mode(l, FALSE);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (max_h > 0) {
		pango_layout_set_height(l, (int)(max_h * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(l, align == ALIGN_CENTER  ? PANGO_ALIGN_CENTER
	                              : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
	                                                     : PANGO_ALIGN_LEFT);
	return l;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	return (double)logical.height / PANGO_SCALE;
}

double text_wrapped_height(struct text *t, const char *utf8, double size_px, int weight,
                           double w, double max_h)
{
	PangoLayout *l = prep_wrapped(t, utf8, size_px, weight, w, max_h, ALIGN_LEFT);
	double h = l ? layout_height(l) : 0;
	if (l)
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	return h;
}

double text_draw_wrapped(struct text *t, cairo_t *cr, const char *utf8, double size_px, int weight,
                         double x, double y, double w, double max_h, enum text_align align,
                         uint32_t color)
{
	PangoLayout *l = prep_wrapped(t, utf8, size_px, weight, w, max_h, align);
	if (!l)
		return 0;
	double h = layout_height(l);
	cairo_save(cr);
	set_color(cr, color);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	return h;
}

int text_unknown_glyphs(struct text *t, const char *utf8, double size_px, int weight)
{
	return pango_layout_get_unknown_glyphs_count(prep(t, utf8, size_px, weight));
}

double text_markup(struct text *t, cairo_t *cr, const char *markup, double size_px, int weight,
                   double x, double y, double w, double line_h, uint32_t color)
{
	if (!markup || !*markup || w <= 0)
		return 0;
	PangoLayout *l = prep(t, "", size_px, weight);
	pango_layout_set_single_paragraph_mode(l, FALSE);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	/* every line line_h tall (a CSS line box), through Pango's absolute
	 * line-height attribute */
	char *wrapped = line_h > 0 ? g_strdup_printf("<span line_height=\"%d\">%s</span>",
	                                             (int)(line_h * PANGO_SCALE + 0.5), markup)
	                           : g_strdup(markup);
	pango_layout_set_markup(l, wrapped, -1);
	g_free(wrapped);
	double h = layout_height(l);
	if (cr) {
		cairo_save(cr);
		set_color(cr, color);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, l);
		cairo_restore(cr);
	}
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_attributes(l, NULL);
	return h;
}
