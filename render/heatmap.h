/*
 * heatmap.h — the heatmap panel (Grafana 10.4's uPlot heatmap): cells
 * coloured from a palette of `color.steps` colours (a d3 scheme, or one
 * colour's opacity), the time axis below, the bucket axis beside it (the
 * bucket bounds for Prometheus histograms), and the colour-scale legend
 * under the plot with the range's min and max.
 */
#ifndef CAIRN_HEATMAP_H
#define CAIRN_HEATMAP_H

#include <cairo.h>
#include <stddef.h>
#include <stdint.h>
#include "base/budget.h"
#include "dashboards/layout.h"
#include "render/heatmap_prep.h"
#include "render/render.h"
#include "render/text.h"
#include "render/theme.h"

#define HM_PALETTE_MAX 1024

/* What heatmap_draw needs besides the job. */
struct hm_env {
	struct text *tx;
	const struct theme *th;
	const char *tz;
	struct rect *plot_out;     /* out: the plot rectangle, when drawn; may be NULL */
};

/* quantizeScheme: o's palette in theme th (0xRRGGBBAA), n = o->steps
 * colours (capped at HM_PALETTE_MAX).  Returns n. */
size_t heatmap_palette(const struct heatmap_opts *o, const struct theme *th, uint32_t *out);

/* Draws the visualization of g (hm_prepare on the job's panel and data)
 * inside content; an empty grid draws "No data".  Cannot fail: Cairo errors
 * stay in cr. */
void heatmap_draw(cairo_t *cr, const struct hm_env *env, const struct panel_job *job,
                  const struct hm_grid *g, struct rect content);

#endif
