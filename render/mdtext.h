/*
 * mdtext.h — the text panel: markdown (headings, paragraphs, emphasis,
 * lists, links, inline code and code blocks, block quotes, rules, tables)
 * laid out with Grafana 10's typography, and html content drawn as its
 * text (tags dropped, block tags as line breaks, entities decoded): nothing
 * in the content is ever fetched, run or styled by it.
 */
#ifndef CAIRN_MDTEXT_H
#define CAIRN_MDTEXT_H

#include <cairo.h>
#include <stddef.h>
#include "dashboards/layout.h"
#include "dashboards/model.h"
#include "render/text.h"
#include "render/theme.h"

/* Markdown inline syntax of one block as Pango markup (escaped; emphasis,
 * code, links in link_color as "#rrggbb").  g_free the result. */
char *mdtext_inline(const char *md, size_t len, const char *link_color, const char *code_bg);

/* html as plain text: tags dropped (script/style with their content),
 * <br>, </p>, </div>, </li>, </h1-6>, </tr> as line breaks, entities decoded.
 * g_free the result. */
char *mdtext_html_to_text(const char *html);

/* Draws o's content into content (clipped there). */
void mdtext_draw(cairo_t *cr, struct text *tx, const struct theme *th, const struct text_opts *o,
                 struct rect content);

#endif
