/*
 * mdtext.c — mdtext.h: a small CommonMark subset, block by block, each
 * block drawn with Pango markup that this file writes (the content's own
 * text is always escaped first).  Sizes are Grafana 10's typography (base
 * 14 px, line height 1.5; h1 28, h2 24, h3 21, h4 18, h5 16, h6 14 medium)
 * and blocks are 16 px apart, as Grafana's markdown styles space them.
 */
#include "render/mdtext.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BODY_PX     14.0
#define LINE_H      22.0  /* body line height 22/14 */
#define BLOCK_GAP   16.0  /* p, ul, ol, table, pre: margin-bottom */
#define LIST_GAP    14.0
#define PRE_GAP     13.0
#define TOP_PAD     7.0   /* the first block's top under cairn's content box */
#define LIST_INDENT 40.0  /* ul/ol padding-left, blockquote margin */
#define CELL_PAD_X  3.0
#define CELL_PAD_Y  2.0

/* size, line height, weight and the space under each heading level (as
 * measured beside grafana-ref's markdown) */
static const struct {
	double px, line;
	int weight;
	double gap;
} headings[6] = {{28, 1.167, 400, 12}, {24, 1.2, 400, 14}, {21, 1.25, 400, 9},
                 {18, 1.235, 400, 10}, {16, 1.334, 400, 10}, {14, 1.6, 500, 10}};

/* ---- inline ---------------------------------------------------------- */

static const struct {
	const char *name, *text;
} entities[] = {{"amp", "&"},   {"lt", "<"},    {"gt", ">"},    {"quot", "\""},
                {"apos", "'"},  {"#39", "'"},   {"nbsp", " "},  {"copy", "©"},
                {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {NULL, NULL}};

/* An entity at s ("&amp;"): its text into out, the bytes it takes; 0 when
 * s is not one. */
static size_t entity(const char *s, size_t len, GString *out)
{
	const char *semi = memchr(s, ';', len < 12 ? len : 12);
	if (!semi || s[0] != '&')
		return 0;
	size_t n = (size_t)(semi - s - 1);
	for (size_t i = 0; entities[i].name; i++)
		if (strlen(entities[i].name) == n && strncmp(s + 1, entities[i].name, n) == 0) {
			g_string_append(out, entities[i].text);
			return n + 2;
		}
	if (n > 1 && s[1] == '#') {
		gunichar c = (gunichar)(s[2] == 'x' ? strtoul(s + 3, NULL, 16) : strtoul(s + 2, NULL, 10));
		if (c && g_unichar_validate(c)) {
			g_string_append_unichar(out, c);
			return n + 2;
		}
	}
	return 0;
}

static void put_escaped(GString *out, const char *s, size_t n)
{
	char *e = g_markup_escape_text(s, (gssize)n);
	g_string_append(out, e);
	g_free(e);
}

/* Whether a closing delimiter d follows at s[from..len). */
static bool closes(const char *s, size_t from, size_t len, const char *d)
{
	size_t dl = strlen(d);
	for (size_t i = from; i + dl <= len; i++)
		if (strncmp(s + i, d, dl) == 0 && i > from)
			return true;
	return false;
}

static void inline_into(GString *out, const char *s, size_t len, const char *link,
                        const char *code_bg, int depth);

static size_t link_at(GString *out, const char *s, size_t i, size_t len, const char *link,
                      const char *code_bg, int depth)
{
	bool image = s[i] == '!';
	size_t open = i + image;
	const char *close = memchr(s + open, ']', len - open);
	if (!close || (size_t)(close - s) + 1 >= len || close[1] != '(')
		return 0;
	const char *paren = memchr(close, ')', len - (size_t)(close - s));
	if (!paren)
		return 0;
	size_t tlen = (size_t)(close - s) - open - 1;
	if (image) { /* never fetched: its alt text, as a browser without the image */
		inline_into(out, s + open + 1, tlen, link, code_bg, depth + 1);
	} else {
		g_string_append_printf(out, "<span foreground=\"%s\">", link);
		inline_into(out, s + open + 1, tlen, link, code_bg, depth + 1);
		g_string_append(out, "</span>");
	}
	return (size_t)(paren - s) + 1 - i;
}

static void inline_into(GString *out, const char *s, size_t len, const char *link,
                        const char *code_bg, int depth)
{
	bool bold = false, italic = false;
	char bold_d = 0, italic_d = 0;
	for (size_t i = 0; i < len;) {
		char c = s[i];
		if (c == '\\' && i + 1 < len && g_ascii_ispunct(s[i + 1])) {
			put_escaped(out, s + i + 1, 1);
			i += 2;
		} else if (c == '`') {
			const char *end = memchr(s + i + 1, '`', len - i - 1);
			if (!end) {
				put_escaped(out, s + i, 1);
				i++;
				continue;
			}
			/* monospace at the body size, on a faint background */
			g_string_append_printf(out, "<span font_family=\"DejaVu Sans Mono, monospace\" background=\"%s\">",
			                       code_bg);
			put_escaped(out, s + i + 1, (size_t)(end - s) - i - 1);
			g_string_append(out, "</span>");
			i = (size_t)(end - s) + 1;
		} else if ((c == '*' || c == '_') && i + 1 < len && s[i + 1] == c &&
		           (bold ? bold_d == c : closes(s, i + 2, len, c == '*' ? "**" : "__"))) {
			g_string_append(out, bold ? "</b>" : "<b>");
			bold = !bold;
			bold_d = c;
			i += 2;
		} else if ((c == '*' || c == '_') &&
		           (italic ? italic_d == c
		                   : closes(s, i + 1, len, c == '*' ? "*" : "_") &&
		                             !(c == '_' && i > 0 && g_ascii_isalnum(s[i - 1])))) {
			g_string_append(out, italic ? "</i>" : "<i>");
			italic = !italic;
			italic_d = c;
			i++;
		} else if ((c == '[' || (c == '!' && i + 1 < len && s[i + 1] == '[')) && depth < 4) {
			size_t n = link_at(out, s, i, len, link, code_bg, depth);
			if (!n)
				put_escaped(out, s + i, 1);
			i += n ? n : 1;
		} else if (c == '<') {
			const char *end = memchr(s + i, '>', len - i);
			if (!end) {
				put_escaped(out, s + i, 1);
				i++;
				continue;
			}
			if (g_ascii_strncasecmp(s + i, "<br", 3) == 0)
				g_string_append_c(out, '\n');
			i = (size_t)(end - s) + 1; /* inline HTML: its text only */
		} else if (c == '&') {
			GString *e = g_string_new("");
			size_t n = entity(s + i, len - i, e);
			put_escaped(out, n ? e->str : "&", n ? e->len : 1);
			g_string_free(e, TRUE);
			i += n ? n : 1;
		} else {
			size_t n = (size_t)(g_utf8_next_char(s + i) - (s + i));
			put_escaped(out, s + i, n > len - i ? len - i : n);
			i += n;
		}
	}
	if (italic)
		g_string_append(out, "</i>");
	if (bold)
		g_string_append(out, "</b>");
}

char *mdtext_inline(const char *md, size_t len, const char *link_color, const char *code_bg)
{
	GString *out = g_string_new("");
	inline_into(out, md, len, link_color, code_bg, 0);
	return g_string_free(out, FALSE);
}

/* ---- html as text ------------------------------------------------------ */

static bool tag_is(const char *tag, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n >= k && g_ascii_strncasecmp(tag, name, k) == 0 &&
	       (n == k || !g_ascii_isalnum(tag[k]));
}

char *mdtext_html_to_text(const char *html)
{
	static const char *const breaks[] = {"br", "/p", "/div", "/li", "/h1", "/h2", "/h3",
	                                     "/h4", "/h5", "/h6", "/tr", "/pre", "hr", "/ul",
	                                     "/ol", "/table", "/blockquote", NULL};
	GString *out = g_string_new("");
	size_t len = strlen(html);
	for (size_t i = 0; i < len;) {
		if (html[i] == '<') {
			const char *end = strchr(html + i, '>');
			if (!end)
				break;
			const char *tag = html + i + 1;
			size_t n = (size_t)(end - tag);
			i = (size_t)(end - html) + 1;
			if (tag_is(tag, n, "script") || tag_is(tag, n, "style")) {
				const char *close = strstr(html + i, tag_is(tag, n, "script") ? "</script"
				                                                              : "</style");
				if (!close)
					close = strstr(html + i, tag_is(tag, n, "script") ? "</SCRIPT"
					                                                  : "</STYLE");
				i = close ? (size_t)(close - html) : len;
				continue;
			}
			if (tag_is(tag, n, "li"))
				g_string_append(out, "• ");
			for (size_t k = 0; breaks[k]; k++)
				if (tag_is(tag, n, breaks[k])) {
					g_string_append_c(out, '\n');
					break;
				}
			if (tag_is(tag, n, "td") || tag_is(tag, n, "th"))
				g_string_append_c(out, '\t');
		} else if (html[i] == '&') {
			size_t n = entity(html + i, len - i, out);
			if (!n)
				g_string_append_c(out, '&');
			i += n ? n : 1;
		} else {
			g_string_append_c(out, html[i++]);
		}
	}
	return g_string_free(out, FALSE);
}

/* ---- blocks -------------------------------------------------------------- */

struct md {
	cairo_t *cr;
	struct text *tx;
	const struct theme *th;
	struct rect box;
	double y;
	char link[8], code_bg[8];
};

static void hex_of(uint32_t c, char out[8])
{
	snprintf(out, 8, "#%02x%02x%02x", (c >> 24) & 0xFF, (c >> 16) & 0xFF, (c >> 8) & 0xFF);
}

static double markup_block(struct md *m, const char *md, size_t len, double px, int weight,
                           double line_h, double indent, uint32_t color)
{
	char *mk = mdtext_inline(md, len, m->link, m->code_bg);
	double h = text_markup(m->tx, m->cr, mk, px, weight, m->box.x + indent, m->y,
	                       m->box.w - indent, line_h, color);
	g_free(mk);
	return h;
}

static size_t line_end(const char *s, size_t i, size_t len)
{
	const char *nl = memchr(s + i, '\n', len - i);
	return nl ? (size_t)(nl - s) : len;
}

static bool blank(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!g_ascii_isspace(s[i]))
			return false;
	return true;
}

static size_t indent_of(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	while (a + n < b && s[a + n] == ' ')
		n++;
	return n;
}

/* A list marker at s[a..b): its length with the space after, 0 if none. */
static size_t list_marker(const char *s, size_t a, size_t b, bool *ordered)
{
	*ordered = false;
	if (a + 1 < b && (s[a] == '-' || s[a] == '*' || s[a] == '+') && s[a + 1] == ' ')
		return 2;
	size_t i = a;
	while (i < b && g_ascii_isdigit(s[i]))
		i++;
	if (i > a && i + 1 < b && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
		*ordered = true;
		return i - a + 2;
	}
	return 0;
}

static bool is_rule(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	char c = 0;
	for (size_t i = a; i < b; i++) {
		if (s[i] == ' ')
			continue;
		if ((s[i] != '-' && s[i] != '*' && s[i] != '_') || (c && s[i] != c))
			return false;
		c = s[i];
		n++;
	}
	return n >= 3;
}

static bool is_table_sep(const char *s, size_t a, size_t b)
{
	bool dash = false;
	for (size_t i = a; i < b; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] != '|' && s[i] != ':' && s[i] != ' ')
			return false;
	}
	return dash;
}

/* The cells of a table row "| a | b |". */
static GPtrArray *table_cells(const char *s, size_t a, size_t b)
{
	GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
	while (a < b && s[a] == ' ')
		a++;
	if (a < b && s[a] == '|')
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r'))
		b--;
	if (b > a && s[b - 1] == '|')
		b--;
	size_t start = a;
	for (size_t i = a; i <= b; i++)
		if (i == b || (s[i] == '|' && s[i - 1] != '\\')) {
			char *cell = g_strstrip(g_strndup(s + start, i - start));
			g_ptr_array_add(cells, cell);
			start = i + 1;
		}
	return cells;
}

static void draw_table(struct md *m, GPtrArray **rows, size_t n_rows)
{
	size_t cols = 0;
	for (size_t r = 0; r < n_rows; r++)
		cols = MAX(cols, rows[r]->len);
	if (cols == 0)
		return;
	/* columns as wide as their widest cell, at most the box shared */
	double *w = g_new0(double, cols);
	for (size_t r = 0; r < n_rows; r++)
		for (size_t c = 0; c < rows[r]->len; c++) {
			double tw;
			text_measure(m->tx, rows[r]->pdata[c], BODY_PX, r == 0 ? 500 : 400, &tw, NULL);
			w[c] = MAX(w[c], tw + 2 * CELL_PAD_X + 1);
		}
	double total = 0;
	for (size_t c = 0; c < cols; c++)
		total += w[c];
	if (total > m->box.w)
		for (size_t c = 0; c < cols; c++)
			w[c] *= m->box.w / total;
	for (size_t r = 0; r < n_rows; r++) {
		double x = m->box.x, row_h = LINE_H + 2 * CELL_PAD_Y;
		for (size_t c = 0; c < cols; c++) {
			const char *cell = c < rows[r]->len ? rows[r]->pdata[c] : "";
			struct md cm = *m;
			cm.box = (struct rect){x + CELL_PAD_X, m->y, w[c] - 2 * CELL_PAD_X, 0};
			cm.y = m->y + CELL_PAD_Y;
			char *mk = mdtext_inline(cell, strlen(cell), m->link, m->code_bg);
			double h = text_markup(m->tx, NULL, mk, BODY_PX, r == 0 ? 500 : 400, 0, 0,
			                       cm.box.w, LINE_H, m->th->text);
			text_markup(m->tx, m->cr, mk, BODY_PX, r == 0 ? 500 : 400, cm.box.x, cm.y,
			            cm.box.w, LINE_H, m->th->text);
			g_free(mk);
			row_h = MAX(row_h, h + 2 * CELL_PAD_Y);
			x += w[c];
		}
		m->y += row_h;
	}
	m->y += BLOCK_GAP;
	g_free(w);
}

/* One line of the source: [i, e) with its text from a (after the indent). */
struct line {
	size_t i, e, a;
};

enum block { B_BLANK, B_HEADING, B_FENCE, B_LIST, B_TABLE, B_QUOTE, B_RULE, B_TEXT };

static enum block block_of(const char *s, size_t len, struct line l)
{
	bool ordered;
	if (blank(s, l.i, l.e))
		return B_BLANK;
	if (s[l.a] == '#')
		return B_HEADING;
	if (l.e - l.a >= 3 && (strncmp(s + l.a, "```", 3) == 0 || strncmp(s + l.a, "~~~", 3) == 0))
		return B_FENCE;
	if (list_marker(s, l.a, l.e, &ordered))
		return B_LIST;
	if (s[l.a] == '|' && l.e + 1 < len && is_table_sep(s, l.e + 1, line_end(s, l.e + 1, len)))
		return B_TABLE;
	if (s[l.a] == '>')
		return B_QUOTE;
	return is_rule(s, l.a, l.e) ? B_RULE : B_TEXT;
}

static struct line line_at(const char *s, size_t i, size_t len)
{
	size_t e = line_end(s, i, len);
	return (struct line){i, e, i + indent_of(s, i, e)};
}

static size_t md_heading(struct md *m, const char *s, struct line l)
{
	size_t lvl = 0;
	while (l.a + lvl < l.e && s[l.a + lvl] == '#')
		lvl++;
	size_t t = l.a + lvl, te = l.e;
	while (t < l.e && s[t] == ' ')
		t++;
	while (te > t && (s[te - 1] == '#' || s[te - 1] == ' ' || s[te - 1] == '\r'))
		te--;
	size_t k = MIN(lvl, 6) - 1;
	m->y += markup_block(m, s + t, te - t, headings[k].px, headings[k].weight,
	                     headings[k].px * headings[k].line, 0, m->th->text) +
	        headings[k].gap;
	return l.e + 1;
}

/* A fenced code block: monospace lines, as Grafana's pre without sass. */
static size_t md_fence(struct md *m, const char *s, size_t len, struct line l)
{
	GString *code = g_string_new("");
	size_t j = l.e + 1;
	while (j < len) {
		struct line c = line_at(s, j, len);
		j = c.e + 1;
		if (c.e - c.a >= 3 && strncmp(s + c.a, s + l.a, 3) == 0)
			break;
		g_string_append_len(code, s + c.i, (gssize)(c.e - c.i));
		g_string_append_c(code, '\n');
	}
	if (code->len)
		g_string_truncate(code, code->len - 1);
	char *esc = g_markup_escape_text(code->str, -1);
	char *mkup = g_strdup_printf("<span font_family=\"DejaVu Sans Mono, monospace\">%s</span>", esc);
	m->y += text_markup(m->tx, m->cr, mkup, BODY_PX, 400, m->box.x, m->y, m->box.w, LINE_H,
	                    m->th->text) + PRE_GAP;
	g_free(esc);
	g_free(mkup);
	g_string_free(code, TRUE);
	return j;
}

/* One list item: its marker in the first line box (a browser's outside
 * marker), its text indented 40 px per level. */
static void md_item(struct md *m, const char *s, struct line l, size_t mk, bool ordered, size_t n)
{
	size_t sub = l.a - l.i;
	char bullet[16];
	if (ordered)
		snprintf(bullet, sizeof bullet, "%zu.", n);
	else
		g_strlcpy(bullet, sub >= 2 ? "◦" : "•", sizeof bullet);
	double x_ind = LIST_INDENT * (1 + (double)(sub / 2)), th;
	text_measure(m->tx, bullet, BODY_PX, 400, NULL, &th);
	text_draw(m->tx, m->cr, bullet, BODY_PX, 400, m->box.x + x_ind - (ordered ? 6 : 16),
	          m->y + (LINE_H - th) / 2, 0, ordered ? ALIGN_RIGHT : ALIGN_LEFT, m->th->text);
	m->y += markup_block(m, s + l.a + mk, l.e - l.a - mk, BODY_PX, 400, LINE_H, x_ind,
	                     m->th->text);
}

/* A list: items until a blank line (lines without a marker continue the
 * item before them and are not drawn apart). */
static size_t md_list(struct md *m, const char *s, size_t len, size_t i)
{
	size_t j = i, n = 1;
	while (j < len) {
		struct line l = line_at(s, j, len);
		if (blank(s, l.i, l.e))
			break;
		bool ordered;
		size_t mk = list_marker(s, l.a, l.e, &ordered);
		if (mk)
			md_item(m, s, l, mk, ordered, ordered ? n++ : 0);
		j = l.e + 1;
	}
	m->y += LIST_GAP;
	return j;
}

static size_t md_table(struct md *m, const char *s, size_t len, size_t i)
{
	GPtrArray *rows[256];
	size_t nr = 0, j = i;
	while (j < len && nr < G_N_ELEMENTS(rows)) {
		struct line l = line_at(s, j, len);
		if (l.a >= l.e || s[l.a] != '|')
			break;
		if (!is_table_sep(s, l.a, l.e))
			rows[nr++] = table_cells(s, l.a, l.e);
		j = l.e + 1;
	}
	draw_table(m, rows, nr);
	for (size_t r = 0; r < nr; r++)
		g_ptr_array_free(rows[r], TRUE);
	return j;
}

/* A paragraph line joins the paragraph; two trailing spaces break it. */
static void para_add(GString *para, const char *s, struct line l)
{
	size_t te = l.e;
	while (te > l.a && s[te - 1] == '\r')
		te--;
	if (para->len)
		g_string_append_c(para, ' ');
	bool hard = te - l.a >= 2 && s[te - 1] == ' ' && s[te - 2] == ' ';
	g_string_append_len(para, s + l.a, (gssize)(te - l.a - (hard ? 2 : 0)));
	if (hard)
		g_string_append(para, "<br>");
}

static void para_flush(struct md *m, GString *para, double gap)
{
	if (!para->len)
		return;
	m->y += markup_block(m, para->str, para->len, BODY_PX, 400, LINE_H, 0, m->th->text) + gap;
	g_string_truncate(para, 0);
}

static void draw_markdown(struct md *m, const char *s)
{
	size_t len = strlen(s), i = 0;
	GString *para = g_string_new("");
	while (i < len && m->y < m->box.y + m->box.h) {
		struct line l = line_at(s, i, len);
		enum block b = block_of(s, len, l);
		if (b != B_TEXT)
			para_flush(m, para, BLOCK_GAP);
		switch (b) {
		case B_HEADING: i = md_heading(m, s, l); break;
		case B_FENCE: i = md_fence(m, s, len, l); break;
		case B_LIST: i = md_list(m, s, len, i); break;
		case B_TABLE: i = md_table(m, s, len, i); break;
		case B_QUOTE: {
			size_t t = l.a + 1;
			while (t < l.e && s[t] == ' ')
				t++;
			m->y += markup_block(m, s + t, l.e - t, BODY_PX, 400, LINE_H, LIST_INDENT,
			                     m->th->text) + BLOCK_GAP;
			i = l.e + 1;
			break;
		}
		case B_RULE:
			theme_set_source(m->cr, m->th->border);
			cairo_rectangle(m->cr, m->box.x, m->y, m->box.w, 1);
			cairo_fill(m->cr);
			m->y += 1 + BLOCK_GAP;
			i = l.e + 1;
			break;
		case B_TEXT: para_add(para, s, l); i = l.e + 1; break;
		case B_BLANK:
		default: i = l.e + 1; break;
		}
	}
	para_flush(m, para, 0); /* the last paragraph, with no blank line after it */
	g_string_free(para, TRUE);
}

void mdtext_draw(cairo_t *cr, struct text *tx, const struct theme *th, const struct text_opts *o,
                 struct rect content)
{
	struct md m = {.cr = cr, .tx = tx, .th = th, .box = content, .y = content.y + TOP_PAD};
	hex_of(th->text_link, m.link);
	uint32_t code_bg = th->kind == THEME_DARK ? 0x2F3137FFu : 0xEEEFF1FFu;
	hex_of(code_bg, m.code_bg);
	cairo_save(cr);
	cairo_rectangle(cr, content.x, content.y, content.w, content.h);
	cairo_clip(cr);
	if (o->html) {
		char *text = mdtext_html_to_text(o->content ? o->content : "");
		char *esc = g_markup_escape_text(text, -1);
		text_markup(tx, cr, esc, BODY_PX, 400, content.x, content.y, content.w, LINE_H,
		            th->text);
		g_free(esc);
		g_free(text);
	} else {
		draw_markdown(&m, o->content ? o->content : "");
	}
	cairo_restore(cr);
}
