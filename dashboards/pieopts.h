/*
 * pieopts.h — the pie chart panel's own options (pieType, displayLabels,
 * legend.values) from a panel's "options", Grafana 10.4's defaults first.
 * reduceOptions go through vizopts.h, legend placement and mode through the
 * loader's legend.  Internal to the dashboard loader.
 */
#ifndef CAIRN_PIEOPTS_H
#define CAIRN_PIEOPTS_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults: a pie, no labels, no legend values. */
void pieopts_init(struct pie_opts *o);

/* True for "piechart". */
bool pieopts_applies(const char *type);

/* options (the panel's "options" object) into o.  0, or L->err set: a
 * member of the wrong JSON type ("options.displayLabels: expected array,
 * got string"), or an entry of a list that is not a string.  Unknown names
 * are skipped, as Grafana's includes() never finds them. */
int pieopts_parse(struct loader *L, const json_t *options, const char *path, struct pie_opts *o);
/* The pie chart's field config as Grafana 10.4 keeps it: its plugin leaves
 * thresholds out of the standard options, so getPanelOptionsWithDefaults
 * drops them from the defaults and overrides never set them (colour mode
 * "thresholds" then finds no step: every slice FALLBACK_COLOR grey).  No-op
 * for other panel types. */
void pieopts_fields(struct cairn_panel *p);

#endif
