/*
 * prom.h — the Prometheus HTTP API client (libcurl + jansson) and the built-in
 * testdata source, behind one interface.  json_t and CURL never leave
 * datasource/ (promparse.c parses, promhttp.c transports, prom.c joins them).
 */
#ifndef CAIRN_PROM_H
#define CAIRN_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"
#include "datasource/frame.h"

/* A datasource: a Prometheus base URL, or the testdata generator.  Opaque.
 * Made once per process and shared: every call below is safe from many
 * threads at once on one client, which keeps its connections, DNS answers
 * and TLS sessions between calls (a pool of curl sessions, one per batch
 * running at once). */
typedef struct prom_client prom_client;

/* ---- the shared query cache ------------------------------------------- *
 *
 * One per process (cairn serve), shared by every client that names it in
 * prom_config.cache and by every thread.  It sits in front of
 * prom_query_batch:
 *  - coalescing: a query (client, expression, instant or range, step,
 *    start, end) already in flight for another request is not sent again;
 *    the later caller waits for that answer (within its own deadline) and
 *    gets a copy, error included;
 *  - answers are kept per (client, expression, step, instant) as a span of
 *    the step grid, in a bounded LRU (bytes of samples, labels and names);
 *  - the past does not change: the part of a span older than `settle_s`
 *    before the moment it was fetched is served as long as it is kept; the
 *    part closer to now is served for `fresh_s` after it was fetched;
 *  - incremental querying: a range that starts inside a kept span and ends
 *    after its settled part (a now-relative range refreshed) asks
 *    Prometheus only for [settled end (on the grid), end] and merges the
 *    answer into the span, dropping what no range asks for any more;
 *  - a hit still takes its series and points from the request's budget, so
 *    the limits hold whether or not the answer was cached.
 * Errors are never kept (only handed to the requests coalesced on them). */
typedef struct prom_cache prom_cache;

struct prom_cache_config {
	size_t max_bytes;          /* default 256 MiB */
	double settle_s;           /* default 300: samples older than this (at fetch
	                              time) are final */
	double fresh_s;            /* default 5: how long the unsettled tail is reused */
};

prom_cache *prom_cache_new(const struct prom_cache_config *cfg);
/* No client may use it any more.  NULL-safe. */
void prom_cache_free(prom_cache *c);

struct prom_cache_stats {
	uint64_t hits;             /* queries answered wholly from the cache */
	uint64_t misses;           /* queries sent whole */
	uint64_t incremental;      /* queries sent for their tail only */
	uint64_t coalesced;        /* queries that waited on another's answer */
	size_t bytes, entries;
};
void prom_cache_stats(prom_cache *c, struct prom_cache_stats *s);

/* ---- clients ----------------------------------------------------------- */

struct prom_header {
	const char *name, *value;
};

/* Called once per HTTP request a client sends (not for cache hits or
 * coalesced waits), from the thread that ran it: for cairn serve's
 * query duration histogram and datasource error counter. */
typedef void (*prom_observe_fn)(void *ctx, const char *datasource, double seconds, bool failed);

/* Series and points are capped by the request's budget, not here. */
struct prom_config {
	const char *url;           /* "http://[user:password@]host:9090[/path]" or "testdata";
	                            * credentials go to Prometheus as HTTP basic auth and
	                            * show as "***" in every message */
	double timeout_s;          /* per transfer, whole transfer; default 30, at most 86400 */
	size_t max_body_bytes;     /* cap on one response body; default 64 MiB */
	size_t max_parallel;       /* concurrent HTTP transfers per batch; default 8 */
	double connect_timeout_s;  /* TCP/TLS connect; default min(timeout_s, 10) */
	bool use_get;              /* GET; default POSTs a form, as Grafana does */
	const char *name;          /* how messages, metrics and the cache name this client;
	                              NULL: "prometheus" */
	const char *username, *password;  /* HTTP basic auth (instead of in the URL) */
	const char *bearer_token;  /* "Authorization: Bearer …"; never in a message */
	const char *ca_file;       /* PEM bundle for https; NULL: the system's */
	const struct prom_header *headers;  /* extra headers on every request */
	size_t n_headers;
	prom_cache *cache;         /* shared query cache; NULL: none (the CLI) */
	prom_observe_fn observe;   /* NULL: none */
	void *observe_ctx;
};

/* curl_global_init / curl_global_cleanup: once per process, before any other
 * thread runs (the caller's job, as libcurl requires).  0 or CAIRN_EIO. */
int prom_global_init(void);
void prom_global_cleanup(void);

/* New client; free with prom_free once no call is running on it.  NULL with
 * err filled (CAIRN_EINVAL, the URL shown without its credentials or query)
 * when the URL is unusable. */
prom_client *prom_new(const struct prom_config *cfg, struct cairn_err *err);
void prom_free(prom_client *c);
bool prom_is_testdata(const prom_client *c);

/* One range query: PromQL already interpolated (variables, macros). */
struct prom_query {
	const char *expr;
	const char *legend_format;  /* applied to fill series.name (dashboards/legend.h) */
	const char *ref_id;
	size_t target_index;
	bool instant;               /* /api/v1/query at `end` instead of query_range */
	double start, end, step;    /* unix seconds */
	size_t result_index;        /* which cairn_result the series go to */
};

/* The budget b (base/budget.h) of the request a call serves, shared by all
 * its calls and threads: each HTTP request takes 1 query before it is sent,
 * response bytes are taken as they arrive, the parsers take series and
 * points before keeping them, and no transfer outlives the deadline (its
 * timeout is min(timeout_s, what is left), and a stalled one is aborted).
 * b == NULL: the call gets a budget of its own with the default limits and
 * no deadline beyond timeout_s. */

/* Runs all queries concurrently (curl multi; every panel's targets at once)
 * and appends each answer's series to results[q.result_index].  A failing
 * query (unreachable, HTTP error, Prometheus error, timeout, garbage body,
 * cap or budget hit) sets that result's status to RESULT_ERROR with a
 * message naming the cause ("Prometheus: bad_data: 1:5: parse error: ...",
 * "HTTP 502 from <url>", "cannot reach Prometheus at <url>: Connection
 * refused", "Prometheus at <url> did not answer within 5 s", "Prometheus at
 * <url> did not answer before the request's deadline (10 s)", "response
 * larger than N bytes from <url>", "not sent to Prometheus at <url>: over
 * the request's budget of N queries", "query A returned N points: over the
 * request's budget of M points", "invalid response from <url>: '...' (not
 * JSON)"; <url> never shows credentials); other results are unaffected.
 * Results with no series and no error get RESULT_NODATA; query_ms is the
 * wall time of the slowest query of that result.  Returns 0, or
 * CAIRN_EINVAL (nothing asked) when a result_index is out of range. */
int prom_query_batch(prom_client *c, const struct prom_query *qs, size_t n,
	struct cairn_result *results, size_t n_results, struct budget *b, struct cairn_err *err);

/* label_values(selector, label): the sorted distinct values Prometheus holds
 * (GET /api/v1/label/<label>/values?match[]=selector&start&end), under b as
 * above.  On success *values is a malloc'd array of malloc'd strings the
 * caller frees with prom_strv_free; on failure *values is NULL and err says
 * why, as prom_query_batch's messages.  testdata answers a deterministic set
 * ("<label>-1".."-3"). */
int prom_label_values(prom_client *c, const char *selector, const char *label, double start,
	double end, struct budget *b, char ***values, size_t *n, struct cairn_err *err);
void prom_strv_free(char **v, size_t n);

/* Parses one /api/v1/query_range or /api/v1/query answer held in body[len]
 * and appends its series to r, as prom_query_batch does for each response:
 * range results land on the step grid t[i] = q->start + i*q->step (NaN where
 * Prometheus has no sample) — or keep their own timestamps when start, end
 * and step are all 0 (a saved answer replayed, whose grid is not known);
 * names come from q->legend_format (else the default metric{...} naming,
 * else q->expr).  Native histogram samples are
 * skipped with a note in r->message.  The answer's series and points are
 * taken from b (NULL: the default limits) before they are kept; there is no
 * cap per series.  Returns 0, or CAIRN_EQUERY ("Prometheus: <errorType>:
 * <error>"), CAIRN_EINVAL (not JSON / not an API answer), CAIRN_ELIMIT (over
 * b's series or points, or more than CAIRN_MAX_LABELS labels); on failure r
 * and b keep what they had. */
int prom_parse_matrix(const char *body, size_t len, const struct prom_query *q,
	struct cairn_result *r, struct budget *b, struct cairn_err *err);

/* prom_parse_matrix's jansson path alone, without the streaming parser in
 * front (datasource/promjson.c): the reference the tests hold that parser to.
 * Same contract as prom_parse_matrix, budget included. */
int prom_parse_matrix_reference(const char *body, size_t len, const struct prom_query *q,
	struct cairn_result *r, struct budget *b, struct cairn_err *err);

/* Parses a /api/v1/label/<name>/values answer into a sorted, malloc'd
 * string vector (free with prom_strv_free).  Errors as prom_parse_matrix. */
int prom_parse_label_values(const char *body, size_t len, char ***values, size_t *n,
	struct cairn_err *err);

#endif
