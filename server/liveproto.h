/*
 * liveproto.h — the /ws protocol's messages as plain data: a client's
 * message parsed and checked (every error names its JSON path), a view's
 * canonical key, and the server's messages written out.  Pure functions:
 * no sockets, no threads (the protocol is described in README.md, "Live
 * views").
 */
#ifndef CAIRN_SERVER_LIVEPROTO_H
#define CAIRN_SERVER_LIVEPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "base/err.h"
#include "request/request.h"

#define LIVE_VIEW_NAME_MAX 64     /* bytes of a client's name for a view */
#define LIVE_TIME_MAX 64          /* bytes of "from" / "to" */
#define LIVE_VARS_MAX 256         /* variable values in one subscribe */
#define LIVE_VAR_TEXT_MAX 1024    /* bytes of one variable name or value */
#define LIVE_PANEL_PX_MAX 8192    /* width or height of one panel, CSS pixels */
#define LIVE_SCALE_MAX 4.0

enum live_op { LIVE_SUBSCRIBE, LIVE_UNSUBSCRIBE, LIVE_VALUES };

struct live_panel_req {
	int id;
	int width, height;         /* CSS pixels */
	double scale;              /* device pixel ratio, 0.25 to LIVE_SCALE_MAX */
};

/* One message from a client.  Every string is owned (liveproto_fini). */
struct live_msg {
	enum live_op op;
	char *view;                /* the client's name for the view */
	/* subscribe */
	char *dashboard;
	char *from, *to;           /* NULL = the dashboard's */
	struct request_var *vars;  /* name/value pairs; a multi-value variable
	                              gives one pair per value, in order */
	size_t n_vars;
	enum theme_kind theme;     /* default dark */
	double refresh_s;          /* 0 = off: frames once */
	struct live_panel_req *panels;
	size_t n_panels;
	/* values */
	int panel;
	double time_ms;            /* unix milliseconds */
};

/* What a message may hold. */
struct liveproto_limits {
	size_t panels_per_view;
	uint64_t max_pixels;       /* width × height × scale² of one panel */
};

/* Parses text[len] (not necessarily NUL-terminated) into m.  0, or
 * CAIRN_EINVAL with err naming the JSON path and what was wrong
 * ("$.panels[1].width: expected an integer from 1 to 8192, got \"x\"");
 * view (LIVE_VIEW_NAME_MAX + 1 bytes) gets the message's view name when it
 * had a usable one, for the error's "view" field ("" otherwise).  On
 * failure m holds nothing. */
int liveproto_parse(const char *text, size_t len, const struct liveproto_limits *lim,
	struct live_msg *m, char view[LIVE_VIEW_NAME_MAX + 1], struct cairn_err *err);
void liveproto_fini(struct live_msg *m);

/* The view's identity: dashboard, range, variables (sorted by name, values
 * in order), theme, refresh and every panel's id and size.  Two subscribes
 * with equal keys share one view.  g_free it. */
char *liveproto_key(const struct live_msg *m);

/* Server messages, each a g_malloc'd JSON text (*len without the NUL). */
char *liveproto_error(const char *view, const char *message, size_t *len);
char *liveproto_frame(const char *view, int panel, uint64_t seq, const char *status,
	const char *error, size_t bytes, size_t *len);
char *liveproto_status(const char *view, bool ok, const char *message, size_t *len);

#endif
