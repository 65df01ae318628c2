/*
 * tableload.h — what the table and text panels read from a panel's JSON:
 * options (table: header, cell height, footer, sortBy, frameIndex; text:
 * mode, content), the table's fieldConfig custom options (width, align,
 * cellOptions, hidden), and the panel's transformations.  Internal to the
 * dashboard loader; Grafana 10.4's defaults are applied here.
 */
#ifndef CAIRN_TABLELOAD_H
#define CAIRN_TABLELOAD_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults for the table and text options of p. */
void tableload_init(struct cairn_panel *p);

/* options of a table or text panel (options object at path). 0, or L->err. */
int tableload_options(struct loader *L, const json_t *opts, const char *path,
                      struct cairn_panel *p);

/* fieldConfig custom members of the table panel (width, minWidth, align,
 * cellOptions, displayMode, hidden) into fc, marking fc->set. */
int tableload_custom(struct loader *L, const json_t *custom, const char *path,
                     struct field_config *fc);

/* "links" of a field config (defaults or an override's property value):
 * cells of fields with data links are drawn as links. */
void tableload_links(const json_t *links, struct field_config *fc);

/* panel.transformations into p->transforms. */
int tableload_transforms(struct loader *L, const json_t *panel, const char *path,
                         struct cairn_panel *p);

/* Frees what tableload_* put into p. */
void tableload_fini(struct cairn_panel *p);

#endif
