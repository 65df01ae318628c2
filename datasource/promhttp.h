/*
 * promhttp.h — the HTTP transport under the Prometheus client (prom.c):
 * bytes out, bytes in, and a message for every way a transfer fails.  One
 * per client, for the life of the process; it keeps connections, DNS
 * answers and TLS sessions between batches and threads.  What a request
 * asks is prom.c's business, what an answer means promparse.c's.  CURL
 * never leaves promhttp.c.  Internal to datasource/.
 */
#ifndef CAIRN_PROMHTTP_H
#define CAIRN_PROMHTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/budget.h"
#include "base/err.h"
#include "datasource/prom.h"

typedef struct promhttp promhttp;

struct promhttp_config {
	const char *url;        /* http(s)://[user:password@]host[:port][/path] */
	long timeout_ms;        /* whole transfer */
	long connect_timeout_ms;
	size_t max_body;        /* bytes per response */
	size_t max_parallel;    /* transfers at once, per batch */
	const char *name;       /* the datasource's name, for observe */
	const char *shown_name; /* the datasource's name as messages show it
	                         * ("datasource \"vm\" at http://..."); NULL: none,
	                         * they say "datasource at http://..." */
	const char *username, *password; /* basic auth; over the URL's when set */
	const char *bearer_token;        /* "Authorization: Bearer ..." */
	const char *ca_file;             /* CURLOPT_CAINFO; NULL: the system's */
	const struct prom_header *headers; /* sent on every request */
	size_t n_headers;
	prom_observe_fn observe;         /* once per request sent; NULL: none */
	void *observe_ctx;
};

/* New transport; everything in cfg is copied.  Credentials (in the URL or
 * set apart) and header values are kept for curl only: every message shows
 * the URL with "***" in place of the URL's credentials and never a header.
 * NULL with err filled (CAIRN_EINVAL) when the URL, a header or the CA
 * file is unusable. */
promhttp *promhttp_new(const struct promhttp_config *cfg, struct cairn_err *err);

/* The base URL as messages show it; lives as long as h. */
const char *promhttp_shown(const promhttp *h);

/* The datasource as messages name it: "datasource \"vm\" at http://host:8428"
 * (its configured name and shown URL), or "datasource at http://..." when it
 * has no name; lives as long as h. */
const char *promhttp_who(const promhttp *h);

/* Frees the connections and handles.  No batch may be running.  NULL-safe. */
void promhttp_free(promhttp *h);

/* One request: GET base+path?query, or POST base+path with form as an
 * application/x-www-form-urlencoded body when form is set. */
struct promhttp_req {
	const char *path;   /* "/api/v1/query_range" */
	const char *query;  /* without '?'; NULL: none */
	const char *form;   /* POST body; NULL: GET */
};

/* How one request ended.  Borrowed for the duration of the callback. */
struct promhttp_answer {
	int failed;         /* 0: a whole answer arrived (any HTTP status); else
	                     * the error code, with err saying why */
	long status;        /* HTTP status when !failed */
	const char *body;   /* NUL-terminated ("" when empty) when !failed */
	size_t len;
	const char *url;    /* the endpoint as messages show it */
	const char *label;  /* the datasource as messages name it before " at "
	                     * url: "datasource \"vm\"" or "datasource" */
	double ms;          /* wall time of the transfer */
	bool own;           /* failed by the request's own budget or deadline (not
	                     * by Prometheus, the network or the client's caps) */
	struct cairn_err err;
};

typedef void (*promhttp_done_fn)(void *ctx, size_t i, const struct promhttp_answer *a);

/* Sends reqs[0..n) concurrently (at most max_parallel at once) and calls
 * done(ctx, i, answer) exactly once per request, on this thread, as each
 * ends (and observe once per request actually sent: seconds, and failed
 * when no answer arrived or its status was not 2xx).  Before a request is sent it takes 1 from b's queries; response
 * bytes are taken from b's bytes as they arrive; every transfer ends by
 * min(timeout, b's deadline) — a refused or late one is a failed answer
 * naming the budget or the deadline.  b may be NULL (only the client's
 * timeout and body cap apply).  Safe to call from many threads at once. */
void promhttp_run(promhttp *h, const struct promhttp_req *reqs, size_t n, struct budget *b,
                  promhttp_done_fn done, void *ctx);

#endif
