/*
 * dispname.h — Grafana's displayName templates, as Grafana 10.4 resolves
 * them for every panel type: the dashboard's variables ($var, ${var},
 * [[var]], formats), then the field macros of its TemplateSrv —
 *   ${__field.name}              the field's name ("Value" for a series)
 *   ${__field.displayName}       its display name before this template
 *   ${__field.labels}            every label as a="b", c="d" (sorted by
 *                                name, no braces; "" without labels)
 *   ${__field.labels.X}          label X's value ("" when absent), also
 *                                ${__field.labels.__name__}
 *   ${__field.labels.__values}   the label values, sorted, joined ", "
 *   ${__field.formattedLabels…}  as labels (Grafana's deprecated name)
 *   ${__series.name}             the frame's display name
 * Any other path under __field gives ""; $__field, ${__field} and
 * [[__field]] (no path), ${__series.X} for X other than name, and unknown
 * ${__…} names stay as written, as Grafana leaves them.
 */
#ifndef CAIRN_DISPNAME_H
#define CAIRN_DISPNAME_H

#include <stdbool.h>
#include <stddef.h>
#include "dashboards/vars.h"
#include "datasource/frame.h"

#define DISPNAME_CAP 256 /* bytes of a display name kept (cut at a character) */

/* What a template can ask about its field. */
struct dispname_field {
	const char *name;           /* field.name */
	const struct label *labels; /* the series' labels (__name__ included) */
	size_t n_labels;
	const char *display_name; /* what ${__field.displayName} gives */
	const char *series_name;  /* what ${__series.name} gives */
	const var_scope *vars;    /* the panel's variables; NULL = none */
};

/* Expands tmpl for f into buf (cap bytes, always NUL-terminated, cut at a
 * UTF-8 character).  *asked_name (may be NULL) is set when the template
 * reads ${__field.displayName}, *asked_series when ${__series.name}. */
void dispname_expand(const char *tmpl, const struct dispname_field *f, char *buf, size_t cap,
                     bool *asked_name, bool *asked_series);

#endif
