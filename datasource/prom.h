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
 * prom_config.cache and by every thread (datasource/qcache.c).  It sits in
 * front of prom_query_batch:
 *  - keys: a client is known by a keyed digest of its name, URL,
 *    credentials, CA file and headers (no secret's text, nor a plain hash
 *    of one, is ever in a key); a range answer
 *    by (client, expression, step, the grid's phase: start mod step), an
 *    instant one by (client, expression, time).
 *  - coalescing: a query (client, expression, instant or range, step,
 *    start, end) already in flight for another caller is not sent again;
 *    the later caller waits for that answer until its own budget's deadline
 *    (then fails alone: "Prometheus at <url> did not answer before the
 *    request's deadline (N s)") and gets a copy, error included — except a
 *    failure of the leader's own budget or deadline, after which a waiter
 *    asks again (at most 3 rounds, then it shares the failure);
 *  - a range answer is kept as a span of the step grid with two times: the
 *    settled end, the last step at least settle_s older than the moment the
 *    answer was asked for (final: served for as long as it is kept), and the
 *    moment it was asked for (the steps after the settled end are served
 *    until fresh_s after it).  A range inside the span whose end is settled,
 *    or that comes within fresh_s, is a hit;
 *  - incremental querying: otherwise, a range that starts inside the span,
 *    at most settle_s after its settled end, asks Prometheus only for
 *    [the step after the settled end, end] and merges the answer in (the
 *    unsettled steps are replaced; series that appeared or went away are
 *    matched by label set).  The merge drops the steps before the earliest
 *    start asked for this entry in the last 10 to 20 minutes, so a sliding
 *    now-relative range keeps a bounded span.  Any other range is asked
 *    whole and replaces the span;
 *  - instant answers are kept only when their time is settled, and then
 *    only for that exact time; others are coalesced only;
 *  - a bounded LRU: bytes of values, labels and keys (times are the grid's,
 *    not kept); an answer larger than max_bytes is handed to its callers
 *    and not kept.  Spans are immutable and counted, so evicting one that a
 *    caller still copies is safe;
 *  - a hit is copied as the miss would have been answered: series with no
 *    sample in the range are left out (so a series whose samples there are
 *    all literal NaN is too), names come from the caller's legend_format,
 *    and its series and points are taken from the request's budget, failing
 *    with the same message when they do not fit.  Hits and waits take no
 *    query and no response bytes from the budget;
 *  - label_values answers (a variable's options, asked on every render of
 *    its dashboard) are kept 30 s by client, selector, label and range to
 *    the minute (not coalesced: they are small and cheap).
 * Errors are never kept (only handed to the requests coalesced on them).
 * A fetch is parsed against the request limits (b's max series and points)
 * before anyone copies it: an answer too big for any request fails all who
 * share it; one too big for what a request has left fails that one alone,
 * when it copies. */
typedef struct prom_cache prom_cache;

/* How long after their time samples are taken as final: the query
 * cache's default settle_s, and what cairn serve calls a past range when it
 * decides how long an image may be cached. */
#define PROM_CACHE_SETTLE_S 300.0

struct prom_cache_config {
	size_t max_bytes;          /* default (0) 256 MiB */
	double settle_s;           /* default (<= 0) PROM_CACHE_SETTLE_S: samples older
	                              than this (at fetch time) are final */
	double fresh_s;            /* default (0) 5: how long the unsettled tail is
	                              reused; negative: never */
};

/* A new, empty cache (cfg NULL: the defaults).  Never fails. */
prom_cache *prom_cache_new(const struct prom_cache_config *cfg);
/* No client may use it any more.  NULL-safe. */
void prom_cache_free(prom_cache *c);

/* Counted per query of a batch (a query refused before asking, for a bad
 * range or a series longer than the budget, is not counted). */
struct prom_cache_stats {
	uint64_t hits;             /* queries answered wholly from the cache */
	uint64_t misses;           /* queries sent whole */
	uint64_t incremental;      /* queries sent for their tail only */
	uint64_t coalesced;        /* queries that waited on another's answer */
	size_t bytes, entries;     /* kept now */
};
void prom_cache_stats(prom_cache *c, struct prom_cache_stats *s);

/* ---- clients ----------------------------------------------------------- */

struct prom_header {
	const char *name, *value;
};

/* Whether name is a header name HTTP allows (a token: letters, digits and
 * !#$%&'*+-.^_`|~), as prom_new requires of prom_config.headers. */
bool prom_header_name_ok(const char *name);

/* Called once per HTTP request a client sends (not for cache hits,
 * coalesced waits, or requests refused by the budget before sending), from
 * the thread that ran it, with the transfer's seconds; failed when no whole
 * answer arrived or its HTTP status was not 2xx: for cairn serve's query
 * duration histogram and datasource error counter. */
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
	const char *name;          /* how observe and the cache name this client;
	                              NULL: "prometheus" */
	const char *username, *password;  /* HTTP basic auth; over the URL's when set;
	                              never in a message */
	const char *bearer_token;  /* "Authorization: Bearer …"; never in a message */
	const char *ca_file;       /* PEM bundle for https; NULL: the system's; must be
	                              readable when the client is made */
	const struct prom_header *headers;  /* extra headers on every request: a token
	                              name, a value without CR/LF; values never in a
	                              message */
	size_t n_headers;
	prom_cache *cache;         /* shared query cache; NULL: none (the CLI) */
	prom_observe_fn observe;   /* NULL: none */
	void *observe_ctx;
};

/* The transport's process-wide set-up and tear-down: libcurl loaded and
 * initialised (datasource/curlsym.h), before the threads that fetch start;
 * 0 or CAIRN_EIO.  Optional: without it, libcurl is loaded by the first
 * batch that fetches, so a run that fetches nothing never loads it (what
 * `cairn render` does).  prom_global_cleanup runs curl_global_cleanup once
 * no client is left.  Call each from one thread. */
int prom_global_init(void);
void prom_global_cleanup(void);

/* New client; cfg's strings are copied.  Free with prom_free once no call
 * is running on it (the cache, if any, outlives it).  NULL with err filled
 * (CAIRN_EINVAL) when the URL (shown without its credentials or query), the
 * CA file, a header (named by position and name) or the token is unusable;
 * CAIRN_EIO when libcurl cannot be loaded (the message says why). */
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
 * and appends each answer's series to results[q.result_index].  With a
 * cache (prom_config.cache) each query goes through it first (above): only
 * what this call leads is sent, and it waits, within b's deadline, for
 * what another call leads.  A failing
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

/* label_names(selector): the sorted label names Prometheus holds
 * (GET /api/v1/labels[?match[]=selector]&start&end; selector NULL or "" for
 * all), as prom_label_values otherwise (not kept in the cache).  testdata
 * answers "__name__", "instance", "job". */
int prom_label_names(prom_client *c, const char *selector, double start, double end,
	struct budget *b, char ***values, size_t *n, struct cairn_err *err);

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
