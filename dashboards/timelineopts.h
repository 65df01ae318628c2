/*
 * timelineopts.h — the options of the state-timeline and status-history
 * panels (mergeValues, showValue, alignValue, rowHeight, colWidth) from a
 * panel's "options", and the field defaults these two panels have that the
 * time series does not (lineWidth, fillOpacity, colour mode).  Internal to
 * the dashboard loader.
 */
#ifndef CAIRN_TIMELINEOPTS_H
#define CAIRN_TIMELINEOPTS_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults (o's previous contents are overwritten). */
void timelineopts_init(struct timeline_opts *o);

/* True for "state-timeline" and "status-history". */
bool timelineopts_applies(const char *type);

/* options (the panel's "options" object, at path) into p->timeline.  A
 * wrong JSON type, or rowHeight/colWidth outside 0..1, is an error naming
 * the path; an unknown showValue/alignValue keeps Grafana's default, as
 * Grafana does.  0, or L->err set. */
int timelineopts_parse(struct loader *L, const json_t *options, const char *path,
                       struct cairn_panel *p);

/* After fieldConfig is read: the panel type's own field defaults where the
 * JSON sets none (state-timeline: lineWidth 0, fillOpacity 70, colour
 * continuous-GrYlRd; status-history: lineWidth 1, fillOpacity 70, colour by
 * thresholds), and the checks Grafana's schema makes (lineWidth 0..10,
 * fillOpacity 0..100) with the JSON path.  0, or L->err set. */
int timelineopts_fields(struct loader *L, struct cairn_panel *p);

#endif
