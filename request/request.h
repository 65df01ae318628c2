/*
 * request.h — one render request end to end: dashboard model → resolved
 * variables → per-panel query plan → the datasource (all panels at once) →
 * drawing → encoded bytes, plus a per-panel report.
 *
 * Two lifetimes.  A request_ctx is made once per process: the fonts, one
 * worker pool and the datasource client, all immutable or internally locked,
 * so any number of threads may run requests on one context at once.  A
 * request is everything else: it lives inside request_run, under one budget
 * (base/budget.h), and leaves nothing behind but its outputs.
 *
 * No file I/O and no getenv here: saved answers come in as bytes, the report
 * goes out as a string, and messages name parameters the way the caller
 * does (struct request_names: "--from" for the CLI, "from" for a URL).
 */
#ifndef CAIRN_REQUEST_H
#define CAIRN_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "dashboards/model.h"
#include "datasource/prom.h"
#include "render/render.h"

/* ---- the process-wide context ----------------------------------------- */

typedef struct request_ctx request_ctx;

/* One named datasource of several (cairn serve's configuration).  A panel's
 * datasource reference (its "datasource" as text, after variables: a name,
 * a uid, "${DS_PROMETHEUS}"...) goes to the datasource whose name, uid or
 * one of whose references equals it; every other reference, and none, goes
 * to the default. */
struct request_datasource {
	const char *name;
	const char *uid;               /* NULL: none */
	const char *const *references;
	size_t n_references;
	struct prom_config prom;       /* prom.name defaults to name */
};

struct request_ctx_config {
	const char *fonts_dir;         /* the bundled fonts (render_ctx_new) */
	struct prom_config datasource; /* the one datasource (URL or "testdata"), used
	                                  when n_datasources == 0 (the CLI) */
	const struct request_datasource *datasources;
	size_t n_datasources;
	size_t default_datasource;     /* index into datasources */
	const char *datasource_param;  /* how messages name the URL's parameter:
	                                  "--prometheus"; NULL = "datasource" */
	int threads;                   /* pool workers; 0 = cores less one */
};

/* Loads the fonts, starts the pool, makes the datasource client.  NULL with
 * err when the URL is unusable ("--prometheus: ...", CAIRN_EINVAL) or no font
 * loads ("fonts: ...").  The caller frees it with request_ctx_free once no
 * request runs on it any more.  prom_global_init must have run. */
request_ctx *request_ctx_new(const struct request_ctx_config *cfg, struct cairn_err *err);
void request_ctx_free(request_ctx *ctx);

/* ---- one request ------------------------------------------------------- */

/* How the caller names its parameters in messages.  NULL fields (or a NULL
 * names pointer) take the plain names "from", "to", "panel", "data", "var". */
struct request_names {
	const char *from, *to, *panel, *data, *var;
};

struct request_var {
	const char *name;
	const char *value;             /* "$__all" selects All */
};

/* A saved /api/v1/query_range (or /query) answer standing in for the
 * target with this refId; the bytes are the caller's and only read. */
struct request_data {
	const char *ref_id;
	const char *body;
	size_t len;
	const char *name;              /* how messages name it (the CLI: the file path) */
};

/* The canvas when a request gives no size: one panel, or a dashboard's
 * width (its height is as tall as its layout). */
#define REQUEST_PANEL_W 1000
#define REQUEST_PANEL_H 500
#define REQUEST_DASH_W 1600

struct request {
	const struct cairn_dashboard *dash;   /* read only: requests may share one */
	int panel_id;          /* render only this panel; 0 = the whole dashboard */
	const char *from;      /* NULL = the dashboard's time.from */
	const char *to;        /* NULL = the dashboard's time.to */
	double now;            /* unix seconds that "now" means */
	int width, height;     /* 0 = default (panel 1000×500; dashboard 1600 × as tall as it is) */
	double scale;          /* 0 = 1 */
	enum theme_kind theme;
	enum render_format format;
	enum png_compression png_compression; /* PNG_FAST (default) or PNG_SMALL */
	const char *timezone;  /* axis and "/d" rounding zone (Grafana's tz parameter);
	                          NULL = the dashboard's */
	const struct request_var *vars;
	size_t n_vars;
	bool expand_rows;      /* open collapsed rows */
	const struct request_data *data; /* answers for the targets of panel_id, by refId: */
	size_t n_data;         /* those targets never reach the datasource */
	struct cairn_limits limits;      /* zero fields take limits_default's values */
	double arrived;        /* mono_now() when the request arrived: the deadline
	                          counts from it (a server's queue wait included);
	                          0 = when request_run starts */
	const struct request_names *names;
	/* Called once per panel to be drawn, after the queries and before the
	 * drawing, on the thread running request_run: the panel, its variables
	 * (a repeat's own included) and its data, borrowed for the call (cairn
	 * serve's live views keep what the crosshair asks for).  NULL: none. */
	void (*on_data)(void *ctx, const struct cairn_panel *panel, const var_scope *vars,
	                const struct cairn_result *r);
	void *on_data_ctx;
};

struct request_panel {
	int id;
	char *title;           /* interpolated */
	char *type;
	enum result_status status;
	char message[512];
	size_t series;
	size_t points;
	double query_ms;
	double render_ms;
	struct rect plot;      /* the plot area inside the panel, px at scale 1 from the
	                          panel's top-left; w 0 = none (no data, error, not a graph) */
};

struct request_report {
	struct request_panel *panels;
	size_t n;
	double from, to;       /* resolved range, unix seconds */
	int width, height;     /* canvas at scale 1 */
	char **warnings;       /* NULL-terminated, in dashboard order; what went wrong
	                          outside any panel (a variable's values could not be
	                          fetched, its regex gave up) */
};

/* Runs one request on ctx; thread-safe (any number at once on one ctx).
 * On success fills out (bytes the caller frees with free()) and rep (freed
 * with request_report_fini) and returns 0 — even when panels failed: their
 * failure is in rep and drawn in the image.  Otherwise nothing in out or rep:
 * CAIRN_EINVAL for unusable input (bad time, unknown panel, a saved answer
 * that does not parse or matches no target), naming the parameter;
 * CAIRN_ETIMEOUT when the deadline passed before drawing; CAIRN_ELIMIT when
 * the budget was exceeded where no panel can show it. */
int request_run(request_ctx *ctx, const struct request *req, struct render_out *out,
	struct request_report *rep, struct cairn_err *err);

void request_report_fini(struct request_report *rep);

/* ---- variables alone (the live view's dropdowns) ------------------------ */

/* One dashboard variable as a request with req's values sees it. */
struct request_variable {
	const struct cairn_variable *v; /* borrowed from req->dash */
	char **options;        /* what can be chosen (after the regex), NULL-terminated */
	size_t n_options;
	char **values;         /* the current selection (All: the options it stands for) */
	size_t n_values;
	bool all;              /* All is selected */
	size_t *depends_on;    /* indices of the earlier variables its query refers to */
	size_t n_depends;
	char *warning;         /* NULL, or why its options could not be had */
};

/* Resolves req->dash's variables with req's values (from, to, vars, limits
 * and now are read; the rest is ignored), fetching the options of every
 * query variable even where a value is given.  0 with *out (n entries, one
 * per dashboard variable, free with request_variables_free), or
 * CAIRN_EINVAL (bad time) / CAIRN_ETIMEOUT with err.  Thread-safe. */
int request_variables(request_ctx *ctx, const struct request *req,
	struct request_variable **out, size_t *n, struct cairn_err *err);
void request_variables_free(struct request_variable *v, size_t n);

/* The report as a JSON array, one object per panel: id, title, type, status,
 * message, series, points, query_ms, render_ms (2-space indent).  A malloc'd
 * string the caller frees with free(). */
char *request_report_json(const struct request_report *rep);

/* "ok", "nodata", "error", "unsupported". */
const char *request_status_name(enum result_status s);

#endif
