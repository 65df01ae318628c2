/*
 * legend.h — series display names: legendFormat templates ({{label}}) and
 * Prometheus' default metric{a="b", c="d"} naming.
 */
#ifndef CAIRN_LEGEND_H
#define CAIRN_LEGEND_H

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

#endif
