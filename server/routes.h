/*
 * routes.h — cairn serve's URLs as plain data: which route a path names,
 * the render parameters of a query string (Grafana's names), the image
 * cache key, and the small text helpers every answer uses (JSON error
 * bodies, header-safe lines).  Pure functions: no sockets, no threads, so
 * tests call them directly.
 */
#ifndef CAIRN_SERVER_ROUTES_H
#define CAIRN_SERVER_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "base/err.h"
#include "request/request.h"

#define ROUTE_UID_MAX 128        /* longer uids are no dashboard's (Grafana: 40) */
#define PARAMS_MAX_VARS 256      /* var-NAME=V pairs in one request */
#define PARAMS_MAX_TIMEOUT_S 3600.0

enum route_kind {
	ROUTE_NONE,          /* no such route: 404 */
	ROUTE_RENDER_SOLO,   /* GET /render/d-solo/<uid>[/<slug>] */
	ROUTE_RENDER_DASH,   /* GET /render/d/<uid>[/<slug>] */
	ROUTE_API_RENDER,    /* POST /api/render */
	ROUTE_DASHBOARDS,    /* GET /api/dashboards */
	ROUTE_DASHBOARD_UID, /* GET /api/dashboards/uid/<uid> */
	ROUTE_HEALTH,        /* GET /api/health */
	ROUTE_METRICS,       /* GET /metrics */
	ROUTE_PAGE_LIST,     /* GET /: the client's dashboards list */
	ROUTE_PAGE_DASH,     /* GET /d/<uid>[/<slug>]: the client's dashboard page */
	ROUTE_STATIC,        /* GET /static/<name>: the client's files (name in uid) */
	ROUTE_API_VARIABLES, /* GET /api/dashboards/uid/<uid>/variables */
	ROUTE_API_PLOT,      /* GET /api/dashboards/uid/<uid>/plot?panelId=N&width=... */
	ROUTE_N_KINDS
};

enum http_method { METHOD_GET, METHOD_POST, METHOD_HEAD, METHOD_OTHER };

struct route {
	enum route_kind kind;
	char uid[ROUTE_UID_MAX + 1];   /* render and uid routes, /static/'s file name;
	                                  "" otherwise */
};

/* Matches a decoded path (no query string).  Always fills r; kind
 * ROUTE_NONE when nothing matches (a uid that is empty, too long or holds a
 * control character matches nothing either). */
void route_match(const char *path, struct route *r);

/* Whether the route answers this method (else 405).  HEAD is never
 * allowed: no route needs it. */
bool route_allows(enum route_kind k, enum http_method m);

/* The route's label in metrics ("render_solo", "api_render", ..., "none"). */
const char *route_name(enum route_kind k);

/* One query-string argument, decoded. */
struct http_arg {
	const char *name, *value;
};

/* A render request's parameters, borrowed from the arguments they were
 * parsed from (vars is g_malloc'd: params_fini). */
struct render_params {
	int panel_id;              /* 0 = absent */
	int width, height;         /* 0 = default */
	double scale;              /* 0 = 1 */
	const char *from, *to;     /* NULL = the dashboard's */
	const char *tz;            /* NULL = the dashboard's */
	enum theme_kind theme;
	bool theme_given;
	enum render_format format;
	enum png_compression compression; /* compression=fast|small; PNG_FAST when absent */
	double timeout_s;          /* 0 = the configured deadline */
	struct request_var *vars;  /* in request order */
	size_t n_vars;
};

/* Parses Grafana's render parameters (panelId, width, height, from, to,
 * var-NAME, theme, scale, tz, timeout, format, and cairn's compression;
 * others are ignored as Grafana ignores them: orgId, kiosk, ...).  0, or CAIRN_EINVAL with
 * param naming the parameter ("width", "var-") and err a message that
 * starts with it, and p holding nothing (params_fini is then a no-op).
 * need_panel: panelId is required (d-solo). */
int params_parse(const struct http_arg *args, size_t n, bool need_panel,
	struct render_params *p, char param[64], struct cairn_err *err);
void params_fini(struct render_params *p);

/* Whether the request's range moves with time ("now" in from or to, the
 * dashboard's range when they are absent). */
bool params_relative(const struct render_params *p, const struct cairn_dashboard *d);

/* The image cache key: route, uid, dashboard version, every parameter that
 * changes the image in a canonical order (vars sorted by name, stably), and
 * gen (the data generation).  g_malloc'd. */
char *params_key(enum route_kind k, const char *uid, uint64_t version,
	const struct render_params *p, uint64_t gen);

/* {"error":"msg"} or {"error":"msg","parameter":"param"} (param may be
 * NULL), with a newline.  g_malloc'd; *len without the NUL. */
char *json_error_body(const char *msg, const char *param, size_t *len);

/* Appends s as a JSON string (quoted, escaped; invalid UTF-8 replaced). */
void json_append_str(GString *out, const char *s);

/* Copies s into out as one header-safe line: control characters and
 * non-ASCII bytes become '?' or a space, at most out_size - 1 bytes. */
void header_safe(const char *s, char *out, size_t out_size);

/* Whether an If-None-Match header value matches etag (a list, weak
 * prefixes and "*" understood). */
bool etag_matches(const char *if_none_match, const char *etag);

/* The first bytes of a message up to ':' when they name one of the render
 * parameters ("from: ..." → "from"), else NULL.  Into buf. */
const char *param_of_message(const char *msg, char *buf, size_t size);

#endif
