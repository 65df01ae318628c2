/*
 * lint.h — `cairn lint`'s findings and its two kinds of check, shared by
 * cli/lint.c (arguments, files, output, exit status), cli/lint_check.c (what
 * the dashboard model says: panel types, ignored options, units, variables)
 * and cli/lint_prom.c (what the configured Prometheus says of the PromQL).
 */
#ifndef CAIRN_LINT_H
#define CAIRN_LINT_H

#include <glib.h>
#include <stdbool.h>

#include "dashboards/model.h"
#include "request/request.h"

enum lint_severity { LINT_WARNING, LINT_ERROR };

/* One finding.  Strings are g_malloc'd and owned by the finding. */
struct lint_finding {
	char *file;              /* as given on the command line; NULL: not one file's
	                            (Prometheus unreachable) */
	char *path;              /* JSON path, "$.panels[3].targets[0].expr"; NULL: none */
	int line, column;        /* 0: unknown (only JSON syntax errors have them) */
	enum lint_severity severity;
	const char *check;       /* static: "load", "type", "option", "unit", "variable",
	                            "promql", "prometheus" */
	char *message;
};

/* The findings of a run, in the order found. */
struct lint_report {
	GArray *findings;        /* of struct lint_finding */
};

/* Appends a finding; path may be NULL, the printf message is formatted. */
void lint_add(struct lint_report *r, const char *file, const char *path,
	enum lint_severity sev, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* "$." + a model path ("panels[3]" → "$.panels[3]") + "." + key when key
 * is not NULL; g_malloc'd. */
char *lint_path(const char *model_path, const char *key);

/* The checks that need nothing but the dashboard: panel types cairn does not
 * draw, options it ignores, units, undefined variables.  Never fail. */
void lint_check_model(struct lint_report *r, const char *file, const struct cairn_dashboard *d);

/* The PromQL check against one Prometheus, for a whole run. */
typedef struct lint_prom lint_prom;

/* A checker for prom (a URL, credentials allowed: never shown).  NULL with
 * err when the URL is unusable (CAIRN_EINVAL) or libcurl cannot be loaded;
 * "testdata" is refused too (it parses no PromQL).  Free with
 * lint_prom_free. */
lint_prom *lint_prom_new(const char *url, double timeout_s, const char *fonts_dir,
	struct cairn_err *err);
void lint_prom_free(lint_prom *lp);

/* Asks Prometheus about every shown target of d (and its variables'
 * queries), with variables at their default values as a render resolves
 * them.  The first time Prometheus cannot be reached adds one finding
 * (file NULL) and every later call does nothing. */
void lint_prom_check(lint_prom *lp, struct lint_report *r, const char *file,
	const struct cairn_dashboard *d);

#endif
