/*
 * barsopts.h — the options of the barchart and histogram panels from a
 * panel's "options", Grafana 10.4's defaults first, and the field defaults
 * those two plugins have (fillOpacity 80).  Internal to the dashboard loader.
 */
#ifndef CAIRN_BARSOPTS_H
#define CAIRN_BARSOPTS_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults into p->barchart and p->histogram (previous contents
 * are overwritten, not freed). */
void barsopts_init(struct cairn_panel *p);

/* options (the panel's "options" object, path its JSON path) into p when p
 * is a barchart or histogram panel.  A wrong JSON type or a value outside
 * what Grafana's schema allows is an error naming the path; an unknown enum
 * name keeps Grafana's default.  0, or L->err set. */
int barsopts_parse(struct loader *L, const json_t *options, const char *path,
                   struct cairn_panel *p);

/* After the field config is read: the plugins' own field defaults where
 * the JSON gives none. */
void barsopts_field_defaults(struct cairn_panel *p);

/* Frees what p->barchart owns. */
void barsopts_fini(struct cairn_panel *p);

#endif
