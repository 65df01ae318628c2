/*
 * config.h — cairn serve's configuration: a JSON file (--config FILE), then
 * flags on top.  Plain data; the server reads it once at start and again on
 * SIGHUP (a file that no longer parses keeps the running configuration and
 * is logged).  No secret ever leaves this struct in a message: errors name
 * the file and the JSON path ("cairn.json: $.datasources[1].url: ..."),
 * never a value under "password", "bearer_token" or "headers".
 *
 * The file (every key optional; unknown keys are an error naming them, so a
 * typo never silently means a default):
 *
 *   {
 *     "listen": "127.0.0.1:3000",
 *     "dashboards": ["/etc/cairn/dashboards"],
 *     "datasources": [
 *       { "name": "prometheus", "uid": "prom1", "url": "http://127.0.0.1:9090",
 *         "basic_auth": {"username": "u", "password": "p"},
 *         "bearer_token": "…", "ca_file": "/etc/ssl/ca.pem",
 *         "headers": {"X-Scope-OrgID": "team-a"},
 *         "timeout": "30s",
 *         "references": ["${DS_PROMETHEUS}", "Prometheus"],
 *         "default": true }
 *     ],
 *     "limits": { "timeout": "30s", "max_pixels": 134217728, "max_series": 20000,
 *                 "max_points": 10000000, "max_queries": 1000,
 *                 "max_response_bytes": 268435456,
 *                 "ws_max_message_bytes": 65536, "ws_views_per_connection": 16,
 *                 "ws_panels_per_view": 64, "ws_connections_per_address": 64,
 *                 "live_views": 256, "live_bytes": 268435456, "live_min_refresh": "1s",
 *                 "ws_ping": "30s" },
 *     "server": { "workers": 8, "queue": 256, "max_body_bytes": 4194304,
 *                 "max_header_bytes": 8192, "shutdown_grace": "10s",
 *                 "reload_interval": "2s" },
 *     "cache": { "query_bytes": 268435456, "image_bytes": 16777216,
 *                "image_ttl": "5s", "query_fresh": "5s" },
 *     "auth": { "bearer_tokens": ["…"], "basic": [{"username": "u", "password": "p"}],
 *               "open": ["/api/health", "/metrics"] },
 *     "tls": { "cert": "/etc/cairn/tls.crt", "key": "/etc/cairn/tls.key" },
 *     "log_format": "text",
 *     "fonts_dir": "/usr/share/cairn/fonts"
 *   }
 *
 * Durations take Go/Prometheus-style strings ("500ms", "30s", "2m") or a
 * number of seconds; byte sizes take a number of bytes.  A key set to null
 * is as if absent.  Relative paths in the file (dashboards, ca_file, tls,
 * fonts_dir) are relative to the file's folder.  A datasource without a
 * name takes its uid, or "prometheus" when it is the first.  Credentials
 * in a datasource URL are refused (basic_auth holds them).  "auth.open"
 * without any token or user is an error (it would read as protected).
 */
#ifndef CAIRN_SERVER_CONFIG_H
#define CAIRN_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "base/budget.h"
#include "base/err.h"

/* The most request threads a configuration may ask for. */
#define SRV_WORKERS_MAX 1024

struct srv_header {
	char *name, *value;
};

struct srv_datasource {
	char *name;                /* "prometheus"; unique; how logs and /api/health name it */
	char *uid;                 /* NULL when not given */
	char *url;                 /* http(s)://host[:port][/path], or "testdata" */
	char *username, *password; /* HTTP basic auth; NULL when not given */
	char *bearer_token;        /* NULL when not given */
	char *ca_file;             /* NULL: the system's CAs */
	struct srv_header *headers;
	size_t n_headers;
	double timeout_s;          /* per datasource request; 0 = default */
	char **references;         /* dashboard datasource references mapped here,
	                              besides name and uid */
	size_t n_references;
	bool is_default;           /* takes every reference no datasource claims */
};

struct srv_basic_user {
	char *username, *password;
};

enum srv_log_format { SRV_LOG_TEXT, SRV_LOG_JSON };

/* The live views on /ws (server/live.h): what one client may ask. */
struct srv_live_limits {
	size_t max_message_bytes;     /* one message from a client; default 64 KiB */
	size_t views_per_connection;  /* default 16 */
	size_t panels_per_view;       /* default 64 */
	size_t connections_per_address;  /* default 64; over it: an error, then closed */
	size_t views;                 /* live views at once, every client; default 256 */
	size_t bytes;                 /* their pictures kept, every view; default 256 MiB:
	                                 over it, views nobody watches go first, then new
	                                 views are refused */
	double min_refresh_s;         /* a view's refresh is at least this; default 1 */
	double ping_s;                /* a ping after this long silent, closed when no
	                                 pong comes within as long again; default 30 */
};

struct srv_config {
	char *listen_host;            /* default "127.0.0.1"; "" = every interface */
	int listen_port;              /* default 3000; 0 = any free port */
	char **dashboard_dirs;
	size_t n_dashboard_dirs;
	struct srv_datasource *datasources;   /* at most one is_default; when none
	                                         says so, the first is (srv_config_load
	                                         and _set_prometheus set it) */
	size_t n_datasources;
	struct cairn_limits limits;   /* zero fields: budget defaults */
	struct srv_live_limits live;  /* under "limits" in the file too */
	int workers;                  /* request threads; 0 = max(4, 2 × cores); at most
	                                 SRV_WORKERS_MAX */
	size_t queue_max;             /* queued requests before 503; default 256 */
	size_t max_body_bytes;        /* POST /api/render; default 4 MiB */
	size_t max_header_bytes;      /* request line + headers; default 8 KiB */
	double shutdown_grace_s;      /* default 10 */
	double reload_interval_s;     /* dashboards folders polled; default 2, at least 0.1 */
	size_t query_cache_bytes;     /* default 256 MiB; 0 = no query cache */
	double query_fresh_s;         /* how long the query cache reuses the unsettled
	                                 tail of an answer (what live views wait for new
	                                 samples at most); default 5; 0: never */
	size_t image_cache_bytes;     /* default 16 MiB (300 panel images; a miss whose
	                                 queries are cached costs ~5 ms); 0 = none */
	double image_ttl_s;           /* images of now-relative ranges; default 5; 0: not
	                                 kept (past ranges are kept regardless) */
	char **bearer_tokens;
	size_t n_bearer_tokens;
	struct srv_basic_user *basic_users;
	size_t n_basic_users;
	char **open_paths;            /* paths answered without auth; default
	                                 {"/api/health", "/metrics"} when auth is on */
	size_t n_open_paths;
	char *tls_cert, *tls_key;     /* both or neither */
	enum srv_log_format log_format;
	char *fonts_dir;              /* NULL: the CLI's search */
};

/* The defaults above, no datasource, no dashboards folder. */
void srv_config_defaults(struct srv_config *c);

/* Reads FILE over c (which holds defaults or earlier values).  0, or
 * CAIRN_EINVAL/CAIRN_EIO with err naming the file and JSON path.  On
 * failure c is unchanged. */
int srv_config_load(struct srv_config *c, const char *path, struct cairn_err *err);

/* "127.0.0.1:3000", "[::1]:3000", ":3000" (all interfaces, said plainly in
 * the log).  0 or CAIRN_EINVAL ("--listen: ..."). */
int srv_config_set_listen(struct srv_config *c, const char *addr, const char *param,
	struct cairn_err *err);

/* --prometheus URL: replaces the datasources with one default datasource
 * "prometheus" at URL (credentials in the URL become basic auth). */
int srv_config_set_prometheus(struct srv_config *c, const char *url, struct cairn_err *err);

/* --dashboards DIR (repeatable): the first call replaces the file's list,
 * later calls add to it; first_flag says which. */
void srv_config_add_dashboards(struct srv_config *c, const char *dir, bool first_flag);

/* The whole configuration checked together (TLS pair, one default, unique
 * names, auth present when open_paths are given...).  0 or CAIRN_EINVAL. */
int srv_config_check(const struct srv_config *c, struct cairn_err *err);

/* Whether auth is configured at all. */
bool srv_config_has_auth(const struct srv_config *c);

void srv_config_fini(struct srv_config *c);

#endif
