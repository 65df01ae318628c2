/*
 * legacy.h — the Angular "graph" panel migrated into the time-series model.
 * Internal to the dashboard loader.
 */
#ifndef CAIRN_LEGACY_H
#define CAIRN_LEGACY_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Reads a graph panel's own options (lines, fill, stack, legend, yaxes, …)
 * into p->defaults.custom and p->legend, after fieldConfig was read.  0, or
 * L->err set. */
int legacy_graph(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p);

#endif
