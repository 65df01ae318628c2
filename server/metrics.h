/*
 * metrics.h — cairn serve's own metrics, in Prometheus text exposition
 * format 0.0.4 for GET /metrics.  Counters, gauges and histograms with up
 * to 4 label pairs; updated from any thread (atomics or a short lock, never
 * a lock held while formatting user-visible work).
 *
 * Families the server registers (names are the contract with
 * examples/cairn-overview.json, the dashboard of cairn itself):
 *   cairn_http_requests_total{route,code}          counter
 *   cairn_http_request_duration_seconds{route}     histogram
 *   cairn_http_response_bytes_total{route}         counter
 *   cairn_render_duration_seconds{kind}            histogram  kind=panel|dashboard
 *   cairn_query_duration_seconds{datasource}       histogram  (one per Prometheus request)
 *   cairn_datasource_errors_total{datasource}      counter
 *   cairn_query_cache_hits_total / _misses_total / _coalesced_total / _incremental_total
 *   cairn_query_cache_bytes / cairn_query_cache_entries            gauges
 *   cairn_image_cache_hits_total / _misses_total, cairn_image_cache_bytes
 *   cairn_queue_depth, cairn_requests_in_flight                    gauges
 *   cairn_dashboards_loaded, cairn_dashboards_failed               gauges
 *   cairn_live_connections, cairn_live_views, cairn_live_viewers   gauges (/ws)
 *   cairn_live_renders_total, _frames_total, _unchanged_total,
 *   cairn_live_frames_replaced_total                               counters (/ws)
 *   cairn_build_info{version}                                       gauge 1
 *   process_resident_memory_bytes, process_virtual_memory_bytes,
 *   process_cpu_seconds_total, process_open_fds, process_start_time_seconds
 *   (from /proc/self, as Prometheus' client libraries name them)
 */
#ifndef CAIRN_SERVER_METRICS_H
#define CAIRN_SERVER_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct metrics metrics;
typedef struct metric metric;   /* one family */

enum metric_type { METRIC_COUNTER, METRIC_GAUGE, METRIC_HISTOGRAM };

metrics *metrics_new(void);
void metrics_free(metrics *m);

/* Registers a family once, at start-up (not thread-safe against itself;
 * everything below is).  label_names: NULL-terminated, at most 4; NULL =
 * none.  buckets (histograms only): ascending upper bounds, n_buckets of
 * them (+Inf is implied); NULL = the default latency buckets
 * .001 .0025 .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 30. */
metric *metrics_add(metrics *m, const char *name, const char *help, enum metric_type type,
	const char *const *label_names, const double *buckets, size_t n_buckets);

/* label_values: as many as the family's label names (NULL when none).
 * A new label combination is created on first use; at most 1,000 per family
 * (more are counted under the value "other", so no request can swell it). */
void metric_add(metric *f, const char *const *label_values, double v);      /* counter/gauge += v */
void metric_set(metric *f, const char *const *label_values, double v);      /* gauge = v */
void metric_observe(metric *f, const char *const *label_values, double v);  /* histogram */

/* The whole exposition (families in registration order, then process_*),
 * malloc'd, NUL-terminated; *len without the NUL. */
char *metrics_render(metrics *m, size_t *len);

#endif
