/*
 * chrome.h — Grafana 10's PanelChrome drawn with Cairo: panel background,
 * 1 px border with radius 2, 32 px header with the title, and the states a
 * panel shows in place of a visualization (no data, error, unsupported),
 * plus dashboard row headers.  Geometry constants live here once.
 */
#ifndef CAIRN_CHROME_H
#define CAIRN_CHROME_H

#include <stdbool.h>
#include <cairo.h>
#include "dashboards/layout.h"
#include "render/text.h"
#include "render/theme.h"

#define CHROME_BORDER   1.0
#define CHROME_RADIUS   2.0
#define CHROME_HEADER_H 32.0
#define CHROME_PAD      8.0
#define CHROME_TITLE_PX 14.0
#define CHROME_TEXT_PX  12.0
#define CHROME_INFO_DX  24.0 /* title end to the description icon's centre */
#define CHROME_INFO_R   6.0

/* Where a panel's visualization goes inside its box (below the header,
 * inside the padding). */
struct rect chrome_content_rect(struct rect box);

/* Background, border and title (ellipsised to the header width).  With
 * error set, Grafana's red status button sits before the title; with
 * has_description, its info-circle after it. */
void chrome_panel(cairo_t *cr, struct text *tx, const struct theme *th, struct rect box,
                  const char *title, bool transparent, bool error, bool has_description);

/* "No data" (or msg) centred in the content area in secondary text. */
void chrome_message(cairo_t *cr, struct text *tx, const struct theme *th, struct rect content,
                    const char *msg);

/* An error message wrapped and centred in the content area, in error text. */
void chrome_error(cairo_t *cr, struct text *tx, const struct theme *th, struct rect content,
                  const char *msg);

/* A row header: chevron, title and, when collapsed, "(N panels)". */
void chrome_row(cairo_t *cr, struct text *tx, const struct theme *th, struct rect box,
                const char *title, bool collapsed, int n_panels);

#endif
