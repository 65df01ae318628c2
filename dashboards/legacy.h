/*
 * legacy.h — the Angular "graph" panel migrated into the time-series model,
 * and "singlestat" into stat (or gauge), as Grafana's own migrations do.
 * Internal to the dashboard loader.
 */
#ifndef CAIRN_LEGACY_H
#define CAIRN_LEGACY_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Migrates a graph panel as Grafana 10.4's graphPanelChangedHandler does,
 * after fieldConfig was read: yaxes[0] over p->defaults (its custom
 * replaced), aliasColors and seriesOverrides appended to p->overrides (a
 * yaxis-2 override carries the second axis' differences), the draw options,
 * the legend (p->legend replaced) and thresholds.  legacy_graph.c.  0, or
 * L->err set (what was appended is owned by p). */
int legacy_graph(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p);

/* A singlestat panel becomes a "stat" panel ("gauge" when its gauge was
 * shown), as Grafana's getPanelPluginToMigrateTo and
 * sharedSingleStatPanelChangedHandler/statPanelChangedHandler do: valueName
 * → the calc (mean when unknown), format, decimals, nullText → noValue,
 * thresholds "a,b" + colors → absolute steps, valueMaps/rangeMaps →
 * mappings, gauge min/max, sparkline → graph mode, colorBackground/
 * colorValue → colour mode, orientation horizontal.  p->type is replaced and
 * p->migrated_from says "singlestat".  0, or L->err set. */
int legacy_singlestat(struct loader *L, const json_t *panel, const char *path,
                      struct cairn_panel *p);

#endif
