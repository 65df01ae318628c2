/*
 * legend.h — series display names: legendFormat templates ({{label}}) and
 * Prometheus' default metric{a="b", c="d"} naming.
 */
#ifndef CAIRN_LEGEND_H
#define CAIRN_LEGEND_H

#include <stdbool.h>
#include <stddef.h>

/* Label pairs as parallel arrays, the shape datasource/frame.h uses. */
struct legend_label {
	const char *name, *value;
};

/* Writes the display name of a series into buf (always NUL-terminated,
 * truncated to cap).  fmt NULL/""/"__auto": Prometheus default naming as
 * Grafana's backend does it: `name{a="b", c="d"}` (labels sorted, __name__
 * left out of the braces), just `name` when __name__ is the only label, and
 * "" when there are no labels at all — Grafana then names the series by its
 * query expression, which the CALLER must substitute (we do not know it).
 * Otherwise {{ label }} placeholders (spaces allowed) are replaced by the
 * label value, "" when the label is absent.  Returns bytes written. */
size_t legend_format(const char *fmt, const struct legend_label *labels, size_t n, char *buf,
                     size_t cap);

/* Grafana's getSingleLabelName, fed one series' labels at a time: *single
 * is the label name every labelled series so far has as its only name,
 * NULL while none has labels or once two names were seen (*many).  Start
 * with *single = NULL, *many = false.  Borrows the names. */
void legend_single_label(const struct legend_label *labels, size_t n, const char **single,
                         bool *many);

/* The display name Grafana's getFieldDisplayName gives a series of a
 * "__auto" target that has labels (no displayNameFromDS then): the value
 * of `single` (the panel's single label name, legend_single_label; NULL
 * when its series have several) when the series has it non-empty, "Value"
 * when it does not; with no single label, all labels as
 * {a="b", c="d"} sorted by name, __name__ included.  Written into buf
 * (always NUL-terminated, truncated to cap); returns bytes written. */
size_t legend_auto_name(const struct legend_label *labels, size_t n, const char *single, char *buf,
                        size_t cap);

#endif
