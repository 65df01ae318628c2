/*
 * hmopts.h — the heatmap panel's options (model.h struct heatmap_opts) from
 * a panel's JSON: Grafana 10.4's defaults first, then "options", or — for a
 * legacy angular heatmap (no options) — its top-level fields migrated as
 * Grafana's heatmap migrations.ts does.  Internal to the dashboard loader.
 */
#ifndef CAIRN_HMOPTS_H
#define CAIRN_HMOPTS_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults (o's previous contents are overwritten, not freed). */
void hmopts_init(struct heatmap_opts *o);

/* The heatmap options of panel (JSON object at path) into p->heatmap when
 * p->type is "heatmap"; nothing otherwise.  0, or L->err set naming the
 * JSON path of the bad member. */
int hmopts_parse(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p);

/* Frees what o owns. */
void hmopts_fini(struct heatmap_opts *o);

#endif
