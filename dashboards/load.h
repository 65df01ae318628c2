/*
 * load.h — Grafana dashboard JSON → struct cairn_dashboard.
 */
#ifndef CAIRN_LOAD_H
#define CAIRN_LOAD_H

#include "base/err.h"
#include "dashboards/model.h"

/* Parses a dashboard from a file ("-" = stdin).  Accepts a bare dashboard or
 * the API wrapper {"dashboard": {...}}.  On success returns a new dashboard the
 * caller frees with dash_free(); on failure returns NULL and fills err with
 * file, line:column where known, and the JSON path, e.g.
 *   "x.json:12:5: panels[3].targets[0].expr: expected string, got number". */
struct cairn_dashboard *dash_load_file(const char *path, struct cairn_err *err);

/* Same from memory; `name` is used in messages in place of a file name. */
struct cairn_dashboard *dash_load_buffer(const char *buf, size_t len, const char *name,
	struct cairn_err *err);

void dash_free(struct cairn_dashboard *d);

/* Looks up a panel by its numeric id; NULL when absent.  Borrowed pointer,
 * valid while d lives. */
const struct cairn_panel *dash_get_panel(const struct cairn_dashboard *d, int id);

#endif
