/*
 * gauge.h — the gauge panel (Grafana 10.4's Gauge on jquery.flot.gauge),
 * and flot.gauge's layout as a pure function for tests.
 */
#ifndef CAIRN_GAUGE_H
#define CAIRN_GAUGE_H

#include <stdbool.h>
#include "render/single_draw.h"

/* What @grafana/ui's Gauge hands flot: the canvas, band width, marker
 * width, value and threshold label fonts, and which extras are shown. */
struct gauge_sizes {
	double cw, ch;
	double gauge_w, marker_w, font, label_font;
	bool markers, labels;
};

/* Where flot puts the arc in the canvas (centre relative to its top-left),
 * its outer radius and band width, and the marker ring and label sizes it
 * reserved (0 when not shown). */
struct gauge_arc {
	double cx, cy, radius, width;
	double marker_w, label_margin, label_font;
};

void gauge_flot_layout(const struct gauge_sizes *in, struct gauge_arc *out);

/* Draws a gauge panel's visualization inside content; see single_draw.h. */
void gauge_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                struct rect content);

#endif
