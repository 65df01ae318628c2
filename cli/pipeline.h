/*
 * pipeline.h — one render request end to end: dashboard model → resolved
 * variables → per-panel query plan → Prometheus (all panels at once) →
 * drawing → encoded bytes, plus a per-panel report.
 *
 * This is the seam `cairn render` uses today and `cairn serve` will use: it
 * holds no global state, takes its clients from the caller, and is reentrant.
 */
#ifndef CAIRN_PIPELINE_H
#define CAIRN_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "dashboards/model.h"
#include "datasource/prom.h"
#include "render/render.h"

struct var_override {
	const char *name;
	const char *value;     /* "$__all" selects All */
};

/* A saved Prometheus answer standing in for one target's query. */
struct data_file {
	const char *ref_id;
	const char *path;
};

struct pipeline_req {
	const struct cairn_dashboard *dash;
	int panel_id;          /* render only this panel; 0 = the whole dashboard */
	const char *from;      /* NULL = the dashboard's time.from */
	const char *to;        /* NULL = the dashboard's time.to */
	double now;            /* unix seconds that "now" means */
	int width, height;     /* 0 = default (panel 1000×500; dashboard 1600 × as tall as it is) */
	double scale;
	enum theme_kind theme;
	enum render_format format;
	const struct var_override *vars;
	size_t n_vars;
	bool expand_rows;      /* open collapsed rows */
	const struct data_file *data; /* answers for the targets of --panel, by refId: */
	size_t n_data;         /* those targets never reach the datasource */
	prom_client *prom;
	const render_ctx *rctx;
};

struct panel_report {
	int id;
	char *title;           /* interpolated */
	char *type;
	enum result_status status;
	char message[512];
	size_t series;
	size_t points;
	double query_ms;
	double render_ms;
};

struct pipeline_report {
	struct panel_report *panels;
	size_t n;
	double from, to;       /* resolved range, unix seconds */
	int width, height;     /* canvas at scale 1 */
	char **warnings;       /* NULL-terminated; what went wrong outside any panel
	                          (e.g. a variable's values could not be fetched) */
};

/* Runs one request.  On success fills out (bytes the caller frees) and rep
 * (freed with pipeline_report_fini) and returns 0 — even when panels failed:
 * their failure is in rep and drawn in the image.  Returns CAIRN_EINVAL for
 * unusable input (bad time, unknown panel), naming the parameter, with
 * nothing in out. */
int pipeline_run(const struct pipeline_req *req, struct render_out *out,
	struct pipeline_report *rep, struct cairn_err *err);

void pipeline_report_fini(struct pipeline_report *rep);

/* Writes rep as the --report JSON array to path.  0 or CAIRN_EIO. */
int pipeline_report_write(const struct pipeline_report *rep, const char *path,
	struct cairn_err *err);

const char *pipeline_status_name(enum result_status s);

#endif
