/*
 * fields.h — which field config each series of a time-series panel is drawn
 * with: the panel's defaults, then every override that matches the series
 * (byName, byRegexp, byFrameRefID) in the dashboard's order; and from that
 * its display name, colour and value axis.  Pure: no Cairo, no fonts, so it
 * is tested on its own (tests/render/test_fields.c).
 */
#ifndef CAIRN_FIELDS_H
#define CAIRN_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "base/budget.h"
#include "base/err.h"
#include "dashboards/model.h"
#include "datasource/frame.h"
#include "render/dispname.h"
#include "render/theme.h"

/* One series as the panel draws it.  name and config_name may point into
 * the struct's own buffers: use it in place, never copied by value. */
struct field_res {
	struct field_config fc; /* defaults with the matching overrides applied */
	const char *name;       /* display name (getFieldDisplayName): the series' own, or
	                           fc.display_name's template expanded (render/dispname.h) */
	const char *config_name; /* the expanded displayName (Grafana's config.displayName
	                            after applyFieldOverrides), NULL when none: the title
	                            the reduced panels (stat, gauge, bar gauge, pie) show */
	uint32_t color;         /* 0xRRGGBBAA */
	int axis;               /* 0 left, 1 right */
	char name_buf[DISPNAME_CAP], config_buf[DISPNAME_CAP];
};

/* Fills out[i] for each of the n series.  An override whose regex does not
 * compile, or gives up on a series name (base/jsregex.h's limits), is left
 * out for every series, and once it has given up it is not tried again; the
 * rest still resolves, the call returns 0 and *note (may be NULL) names the
 * first such override by JSON path ("panels[0].fieldConfig.overrides[2]:
 * regex /…/ gave up …; not applied"; note->code 0 when every override
 * applied).  CAIRN_ETIMEOUT, err filled and out unusable, when the budget's
 * deadline passes while matching.  b and err may be NULL. */
int fields_resolve(const struct cairn_panel *p, const struct theme *th, const struct series *s,
                   size_t n, const struct budget *b, struct field_res *out,
                   struct cairn_err *note, struct cairn_err *err);

/* fields_resolve with the panel's variables for displayName templates
 * (fields_resolve leaves $var as written).  Display names as Grafana's
 * applyFieldOverrides gives them: the defaults' displayName, then each
 * matching override's, expanded in turn (${__field.displayName} reads the
 * name so far); byName and byRegexp match the name so far, not the
 * series' own.  Grafana's cache of the display name is kept too: a
 * template that reads ${__field.displayName} (or ${__series.name} in a
 * one-series panel) leaves getFieldDisplayName answering the name it read
 * (config_name still holds the expansion). */
int fields_resolve_in(const struct cairn_panel *p, const struct theme *th, const var_scope *vars,
                      const struct series *s, size_t n, const struct budget *b,
                      struct field_res *out, struct cairn_err *note, struct cairn_err *err);

/* Grafana's byRegexp matcher on a name (stringToJsRegex): "/body/flags"
 * (flags g, i, m, y, s in that order; i, m, s honoured) or a bare pattern
 * anchored as ^pattern$.  NULL with err when it does not compile or is a
 * "/…" that is not a regex literal (Grafana then matches nothing). */
GRegex *fields_regex_new(const char *pattern, struct cairn_err *err);

/* The properties o->set names, copied over d (strings borrowed from o). */
void fields_apply_props(struct field_config *d, const struct field_config *o);

/* Hidden from the visualization (custom.hideFrom.viz). */
static inline bool fields_visible(const struct field_res *f)
{
	return !f->fc.custom.hide_in_viz;
}

#endif
