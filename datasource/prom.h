/*
 * prom.h — the Prometheus HTTP API client (libcurl + jansson) and the built-in
 * testdata source, behind one interface.  json_t and CURL never leave
 * datasource/.
 */
#ifndef CAIRN_PROM_H
#define CAIRN_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include "dashboards/err.h"
#include "datasource/frame.h"

/* A datasource: a Prometheus base URL, or the testdata generator.  Opaque;
 * immutable after prom_new, so one client may serve several threads. */
typedef struct prom_client prom_client;

struct prom_config {
	const char *url;           /* "http://127.0.0.1:9090" or "testdata" */
	double timeout_s;          /* per request, whole transfer; default 30 */
	size_t max_body_bytes;     /* cap on a response body; default 64 MiB */
	size_t max_series;         /* default CAIRN_MAX_SERIES */
	size_t max_parallel;       /* concurrent HTTP transfers; default 8 */
};

/* New client.  NULL with err filled when the URL is unusable. */
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

/* Runs all queries concurrently (curl multi; every panel's targets at once)
 * and appends each answer's series to results[q.result_index].  A failing
 * query (unreachable, HTTP error, Prometheus error, timeout, garbage body,
 * cap hit) sets that result's status to RESULT_ERROR with a message naming
 * the cause (e.g. "Prometheus: HTTP 400: parse error at char 5: ...",
 * "Prometheus at http://...: connection refused", "timed out after 5 s");
 * other results are unaffected.  Results with no series and no error get
 * RESULT_NODATA; query_ms is the wall time of the slowest query of that
 * result.  Returns 0, or non-zero only for a failure of the whole batch
 * (ENOMEM). */
int prom_query_batch(prom_client *c, const struct prom_query *qs, size_t n,
	struct cairn_result *results, size_t n_results, struct cairn_err *err);

/* label_values(selector, label): the sorted distinct values Prometheus holds
 * (GET /api/v1/label/<label>/values?match[]=selector&start&end).  On success
 * *values is a malloc'd array of malloc'd strings the caller frees with
 * prom_strv_free.  testdata answers a deterministic set ("<label>-1".."-3"). */
int prom_label_values(prom_client *c, const char *selector, const char *label, double start,
	double end, char ***values, size_t *n, struct cairn_err *err);
void prom_strv_free(char **v, size_t n);

#endif
