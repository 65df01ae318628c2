/*
 * fieldconfig.h — a panel's fieldConfig (defaults and overrides) from JSON.
 * Internal to the dashboard loader.
 */
#ifndef CAIRN_FIELDCONFIG_H
#define CAIRN_FIELDCONFIG_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults for a field (palette colours, thresholds green/red at
 * 80, line width 1, …); fc's previous contents are overwritten, not freed. */
void fieldconfig_init(struct field_config *fc);

/* Frees what fc owns (display name, axis label); fc stays initialised memory. */
void fieldconfig_fini(struct field_config *fc);

/* unit, decimals, min, max, displayName, noValue of o into fc, marking
 * fc->set; shared with the legacy graph panel's yaxes.  0, or L->err set. */
int fieldconfig_parse_scalars(struct loader *L, const json_t *o, const char *path,
                              struct field_config *fc);

/* A stacking group as Grafana's template strings spell it (a string as
 * is, true/false, a number) into out[cap]; absent leaves out.  0, or L->err
 * set naming path.key. */
int fieldconfig_stack_group(struct loader *L, const json_t *v, const char *path,
                            const char *key, char *out, size_t cap);

/* One Angular-era mapping ({value, text} for type 1, {from, to, text} for
 * type 2, as fieldConfig's old mappings and singlestat's valueMaps and
 * rangeMaps hold them) appended to fc->mappings, converted as Grafana's
 * upgradeOldAngularValueMapping does (value/from/to "null" → special null;
 * colour from fc's thresholds when the text is a number).  0, or L->err set. */
int fieldconfig_legacy_mapping(struct loader *L, const json_t *m, const char *path, int type,
                               struct field_config *fc);

/* panel.fieldConfig into p->defaults and p->overrides (p->defaults already
 * initialised).  0, or L->err set; what was read so far is owned by p. */
int fieldconfig_parse(struct loader *L, const json_t *panel, const char *path,
                      struct cairn_panel *p);

#endif
