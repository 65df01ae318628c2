/*
 * vars.h — template variables: resolved values and interpolation of
 * $var, ${var}, ${var:format} and [[var]] into expressions and titles.
 */
#ifndef CAIRN_VARS_H
#define CAIRN_VARS_H

#include <glib.h>
#include <stdbool.h>
#include "base/err.h"
#include "dashboards/model.h"

/* The resolved values of all variables of one render.  Opaque. */
typedef struct var_scope var_scope;

/* New empty scope; caller frees with var_scope_free. NULL on ENOMEM. */
var_scope *var_scope_new(void);
void var_scope_free(var_scope *s);

/* A new scope holding copies of s's variables and flags (a repeated panel's
 * scope, where one variable then takes one value); free with
 * var_scope_free.  Never NULL. */
var_scope *var_scope_copy(const var_scope *s);

/* Sets a variable's values (copied).  Replaces any previous values (and
 * texts).
 * `is_all` marks the All selection: then `values` are the options it stands
 * for and `all_value` (may be NULL) the custom allValue. */
int var_scope_set(var_scope *s, const char *name, const char *const *values, size_t n, bool is_all,
                  const char *all_value);

/* Sets the texts of a variable's values (copied; n must be the number of
 * values): what titles and ${var:text} show, where an option's text differs
 * from its value (custom "key : value", a regex's text group).  Without it
 * the values are shown.  0, or CAIRN_EINVAL (unknown name, another count). */
int var_scope_set_texts(var_scope *s, const char *name, const char *const *texts, size_t n);

/* Borrowed view of a variable's texts (its values where none were set);
 * false when unknown. */
bool var_scope_get_texts(const var_scope *s, const char *name, const char *const **texts,
                         size_t *n);

/* Records how a variable was declared (its "multi" and "includeAll"), which
 * decides Prometheus escaping as in Grafana's interpolateQueryExpr: a
 * variable that is neither gets its single value inserted unescaped (only
 * \ and ' escaped); otherwise values are regex-escaped.  Without this call a
 * variable counts as multi when it holds more than one value or All. */
int var_scope_set_flags(var_scope *s, const char *name, bool multi, bool include_all);

/* var_scope_set_flags for every variable of d. */
void var_scope_declare(var_scope *s, const struct cairn_dashboard *d);

/* Borrowed view of a variable's values; returns false when unknown. */
bool var_scope_get(const var_scope *s, const char *name, const char *const **values, size_t *n);

#define VARS_MAX_OUT (4u << 20) /* bytes of interpolated text */

/* Interpolates `in` into a new malloc'd string (caller frees).  `regex_ctx`
 * chooses Prometheus formatting for multi-values: true for query expressions
 * (values regex-escaped, joined as (a|b); All → allValue or the joined
 * options, ".*" in place of an empty set) and false for titles/legends (values
 * joined with " + " as Grafana does for text, All shown as "All").  A custom
 * allValue is inserted raw; a non-All empty selection gives "".
 * ${var:fmt} formats: regex, pipe, csv, raw, glob, text, queryparam,
 * doublequote, singlequote (others: as without a format).  $name is matched
 * greedily on [A-Za-z0-9_] as Grafana's /\$(\w+)/ ($node_name is never
 * $node).  Unknown variables and built-ins ($__interval, $__rate_interval,
 * $__range, ${__from}…) are left as written.  NULL on ENOMEM or when the
 * result would exceed VARS_MAX_OUT. */
char *var_interpolate(const var_scope *s, const char *in, bool regex_ctx);

/* var_interpolate with `fmt` (a ${var:fmt} format, e.g. "regex") for every
 * reference that names none: how Grafana interpolates a variable's regex
 * (templateSrv.replace(regex, {}, 'regex')).  Same ownership and limits. */
char *var_interpolate_format(const var_scope *s, const char *in, const char *fmt);

/* Calls fn(name, len, at, ctx) for each variable reference in text, in
 * order, as Grafana's variable regex finds them: $name, [[name]],
 * [[name:fmt]], ${name}, ${name.path}, ${name:fmt}.  `name` points into
 * text (len bytes, not NUL-terminated), `at` is the reference's offset.
 * Built-ins ($__interval, ${__from:date}, ${__field.labels.x}) are reported
 * like any name; telling them apart is the caller's.  text NULL: no call. */
typedef void (*var_ref_fn)(const char *name, size_t len, size_t at, void *ctx);
void var_each_ref(const char *text, var_ref_fn fn, void *ctx);

/* For a query variable whose query is label_values(...): extracts the metric
 * selector (may be "" for label_values(label)) and the label name into
 * caller-owned buffers.  Returns false when the query has another form. */
bool var_parse_label_values(const char *query, char *selector, size_t selector_cap, char *label,
                            size_t label_cap);


#endif
