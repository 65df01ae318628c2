/*
 * state.h — the server's shared state, between server.c (lifecycle,
 * workers, housekeeping) and handle.c (what each route answers).  Internal
 * to server/: nothing outside includes it.
 */
#ifndef CAIRN_SERVER_STATE_H
#define CAIRN_SERVER_STATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <glib.h>

#include "request/request.h"
#include "server/auth.h"
#include "server/catalog.h"
#include "server/config.h"
#include "server/http.h"
#include "server/imgcache.h"
#include "server/live.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/server.h"

#define HEALTH_TTL_S 5.0        /* datasource checks are reused this long */
#define HEALTH_TIMEOUT_S 2.0    /* and take at most this */
#define RETRY_AFTER_S 1

/* One queued piece of work for the request threads. */
struct job {
	struct http_req *req;
	enum route_kind route;
	const struct catalog_entry *entry;  /* GET renders; released with the job */
	struct render_params params;
	char *key;                          /* image cache key; NULL: not cached */
	double expires;                     /* mono seconds for the cached image; 0 = kept */
	const char *cache_control;
	struct cairn_limits limits;
	double now;                         /* what "now" means for this request */
	struct live_task *live;             /* a live view's panel instead (live.c) */
};

struct ds_health {
	char *name;
	prom_client *client;                /* a client of its own, no cache */
	bool checked, reachable;
	char message[256];
	double checked_at;                  /* mono seconds */
};

struct server_metrics {
	metric *requests, *req_duration, *resp_bytes, *render_duration, *query_duration,
		*ds_errors, *qc_hits, *qc_misses, *qc_coalesced, *qc_incremental, *qc_bytes,
		*qc_entries, *img_hits, *img_misses, *img_bytes, *queue_depth, *in_flight,
		*dash_loaded, *dash_failed, *build_info, *live_conns, *live_views, *live_viewers,
		*live_renders, *live_frames, *live_unchanged, *live_replaced;
};

/* The caches' running totals as /metrics last saw them (service thread). */
struct cache_seen {
	uint64_t qc_hits, qc_misses, qc_coalesced, qc_incremental, img_hits, img_misses;
	uint64_t live_renders, live_frames, live_unchanged, live_replaced;
};

struct server {
	struct srv_config *cfg_owned;       /* a configuration the server owns (reloads) */
	const struct srv_config *cfg;       /* the running one */
	server_reconfig_fn reconfig;
	void *reconfig_ctx;

	/* the work */
	request_ctx *rctx;
	prom_cache *qcache;
	struct request_datasource *ds;
	size_t n_ds;
	catalog *cat;
	imgcache *img;
	metrics *m;
	struct server_metrics mx;
	struct cache_seen seen;
	http *h;
	auth *auth;                         /* service thread only */
	struct cairn_limits limits;         /* service thread only */
	struct srv_live_limits live_limits; /* service thread only */
	live *live;
	double image_ttl_s;                 /* service thread only */
	_Atomic int log_format;

	/* images being drawn: key → GPtrArray of struct http_req * waiting for
	 * the same image (the request that draws it is not in the list) */
	pthread_mutex_t flock;
	GHashTable *flights;

	/* the queue */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	GQueue queue;                       /* struct job * */
	size_t queue_max;
	bool workers_stop;
	pthread_t *workers;
	int n_workers;
	_Atomic size_t in_flight;

	/* housekeeping: rescans, health checks, wake-ups while draining */
	pthread_t keeper;
	bool keeper_started;
	pthread_mutex_t klock;
	pthread_cond_t kcond;
	bool keeper_stop;
	bool rescan_now;
	_Atomic bool health_wanted;
	struct ds_health *health;
	size_t n_health;
	pthread_mutex_t hlock;              /* guards health[] results */
	_Atomic size_t dash_loaded, dash_failed;

	/* lifecycle flags (set from signal handlers) */
	_Atomic bool stop;
	_Atomic bool reload;
	_Atomic bool draining;
};

/* handle.c: the service thread's answer to one request (on_request). */
void handle_request(void *ctx, struct http_req *req);
/* handle.c: a request thread's work on one job; answers it. */
void handle_job(struct server *s, struct job *j);
void job_free(struct job *j);

/* server.c: queues a job; false when the queue is full. */
bool server_enqueue(struct server *s, struct job *j);
/* server.c: jobs the queue can still take. */
size_t server_queue_room(struct server *s);
/* server.c: how request/'s messages name the URL's parameters. */
const struct request_names *server_request_names(void);
/* server.c: /api/health's body (service thread).  detailed: failed dashboards
 * with paths and messages, datasource messages; else counts and states only. */
char *server_health_json(struct server *s, bool detailed, size_t *len);

#endif
