/*
 * config.c — cairn serve's configuration: the JSON file's sections read into
 * struct srv_config (typed members in cfgjson.c, addresses in addr.c), the
 * flags laid over it, and the whole checked together.  Owns no state;
 * json_t never leaves server/'s configuration files.
 *
 * Every message names the file and the JSON path.  A value is quoted only
 * when it cannot be a secret: never under "password", "bearer_token(s)" or
 * "headers", never a URL (it may carry credentials), and never jansson's
 * "near '...'" excerpt of a syntax error (it may be the middle of a token).
 */
#include "server/config.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "datasource/prom.h"
#include "datasource/promurl.h"
#include "server/addr.h"
#include "server/cfgjson.h"

/* A configuration is a few kilobytes; a megabyte is a mistake (a dashboard
 * or a log passed as --config), said plainly rather than parsed. */
#define CONFIG_MAX_BYTES (1u << 20)
/* One datasource request; prom_config refuses more. */
#define DS_TIMEOUT_MAX_S 86400.0

/* ---- copying and freeing ------------------------------------------------- */

static char **strv_copy(char **v, size_t n)
{
	char **out = g_new0(char *, n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = g_strdup(v[i]);
	return out;
}

static void ds_fini(struct srv_datasource *d)
{
	g_free(d->name);
	g_free(d->uid);
	g_free(d->url);
	g_free(d->username);
	secret_free(d->password);
	secret_free(d->bearer_token);
	g_free(d->ca_file);
	for (size_t i = 0; i < d->n_headers; i++) {
		g_free(d->headers[i].name);
		secret_free(d->headers[i].value);
	}
	g_free(d->headers);
	cfgjson_strv_free(d->references, false);
	memset(d, 0, sizeof *d);
}

static void ds_copy(struct srv_datasource *d, const struct srv_datasource *s)
{
	*d = *s;
	d->name = g_strdup(s->name);
	d->uid = g_strdup(s->uid);
	d->url = g_strdup(s->url);
	d->username = g_strdup(s->username);
	d->password = g_strdup(s->password);
	d->bearer_token = g_strdup(s->bearer_token);
	d->ca_file = g_strdup(s->ca_file);
	d->headers = g_new0(struct srv_header, s->n_headers + 1);
	for (size_t i = 0; i < s->n_headers; i++) {
		d->headers[i].name = g_strdup(s->headers[i].name);
		d->headers[i].value = g_strdup(s->headers[i].value);
	}
	d->references = strv_copy(s->references, s->n_references);
}

static void datasources_free(struct srv_datasource *ds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ds_fini(&ds[i]);
	g_free(ds);
}

static void users_free(struct srv_basic_user *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		g_free(u[i].username);
		secret_free(u[i].password);
	}
	g_free(u);
}

static void config_copy(struct srv_config *d, const struct srv_config *s)
{
	*d = *s;
	d->listen_host = g_strdup(s->listen_host);
	d->dashboard_dirs = strv_copy(s->dashboard_dirs, s->n_dashboard_dirs);
	d->datasources = g_new0(struct srv_datasource, s->n_datasources + 1);
	for (size_t i = 0; i < s->n_datasources; i++)
		ds_copy(&d->datasources[i], &s->datasources[i]);
	d->bearer_tokens = strv_copy(s->bearer_tokens, s->n_bearer_tokens);
	d->basic_users = g_new0(struct srv_basic_user, s->n_basic_users + 1);
	for (size_t i = 0; i < s->n_basic_users; i++) {
		d->basic_users[i].username = g_strdup(s->basic_users[i].username);
		d->basic_users[i].password = g_strdup(s->basic_users[i].password);
	}
	d->open_paths = strv_copy(s->open_paths, s->n_open_paths);
	d->tls_cert = g_strdup(s->tls_cert);
	d->tls_key = g_strdup(s->tls_key);
	d->fonts_dir = g_strdup(s->fonts_dir);
}

void srv_config_fini(struct srv_config *c)
{
	if (!c)
		return;
	g_free(c->listen_host);
	cfgjson_strv_free(c->dashboard_dirs, false);
	datasources_free(c->datasources, c->n_datasources);
	cfgjson_strv_free(c->bearer_tokens, true);
	users_free(c->basic_users, c->n_basic_users);
	cfgjson_strv_free(c->open_paths, false);
	g_free(c->tls_cert);
	g_free(c->tls_key);
	g_free(c->fonts_dir);
	memset(c, 0, sizeof *c);
}

void srv_config_defaults(struct srv_config *c)
{
	static char *open[] = {"/api/health", "/metrics"};
	memset(c, 0, sizeof *c);
	c->listen_host = g_strdup("127.0.0.1");
	c->listen_port = 3000;
	c->dashboard_dirs = g_new0(char *, 1);
	c->datasources = g_new0(struct srv_datasource, 1);
	c->queue_max = 256;
	c->max_body_bytes = 4u << 20;
	c->max_header_bytes = 8u << 10;
	c->shutdown_grace_s = 10;
	c->reload_interval_s = 2;
	c->query_cache_bytes = (size_t)256 << 20;
	c->image_cache_bytes = (size_t)16 << 20;
	c->image_ttl_s = 5;
	c->query_fresh_s = 5;
	c->bearer_tokens = g_new0(char *, 1);
	c->basic_users = g_new0(struct srv_basic_user, 1);
	c->open_paths = strv_copy(open, G_N_ELEMENTS(open));
	c->n_open_paths = G_N_ELEMENTS(open);
	c->log_format = SRV_LOG_TEXT;
	c->live = (struct srv_live_limits){
		.max_message_bytes = 64u << 10,
		.views_per_connection = 16,
		.panels_per_view = 64,
		.connections_per_address = 64,
		.views = 256,
		.bytes = (size_t)256 << 20,
		.min_refresh_s = 1,
		.ping_s = 30,
	};
}

/* ---- the file's sections ---------------------------------------------------- */

/* No control character but tab: a CR or LF would start another header. */
static bool header_value_ok(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < ' ' && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

static int parse_headers(struct cfgjson *L, const json_t *obj, const char *path,
                         struct srv_datasource *d)
{
	char jp[CFGJSON_PATH_CAP], hp[CFGJSON_PATH_CAP];
	const char *name;
	json_t *v, *h = cfgjson_member(obj, "headers");
	if (!h)
		return 0;
	cfgjson_join_key(jp, path, "headers");
	if (!json_is_object(h))
		return cfgjson_type_err(L, jp, "an object of header names and values", h, true);
	json_object_foreach(h, name, v)
	{
		cfgjson_join_key(hp, jp, name);
		if (!prom_header_name_ok(name))
			return cfgjson_err(L, jp, "\"%.64s\" is not a valid header name", name);
		if (!json_is_string(v))
			return cfgjson_type_err(L, hp, "a string", v, true);
		if (!header_value_ok(json_string_value(v)) ||
		    strlen(json_string_value(v)) != json_string_length(v))
			return cfgjson_err(L, hp,
			                   "the value has a control character or line break");
	}
	for (size_t i = 0; i < d->n_headers; i++) {
		g_free(d->headers[i].name);
		secret_free(d->headers[i].value);
	}
	g_free(d->headers);
	d->headers = g_new0(struct srv_header, json_object_size(h) + 1);
	d->n_headers = 0;
	json_object_foreach(h, name, v)
	{
		d->headers[d->n_headers].name = g_strdup(name);
		d->headers[d->n_headers++].value = g_strdup(json_string_value(v));
	}
	return 0;
}

static int parse_basic_auth(struct cfgjson *L, const json_t *obj, const char *path, char **user,
                            char **pass)
{
	static const char *const keys[] = {"username", "password", NULL};
	if (cfgjson_check_object(L, obj, path, keys) ||
	    cfgjson_string(L, obj, "username", path, false, user) ||
	    cfgjson_string(L, obj, "password", path, true, pass))
		return CAIRN_EINVAL;
	if (!*user)
		return cfgjson_err(L, path, "\"username\" is missing");
	if (strchr(*user, ':'))
		return cfgjson_err(L, path, "a username cannot contain ':' (HTTP basic auth)");
	if (!*pass)
		return cfgjson_err(L, path, "\"password\" is missing");
	return 0;
}

static int parse_ds_url(struct cfgjson *L, const json_t *obj, const char *path,
                        struct srv_datasource *d)
{
	char jp[CFGJSON_PATH_CAP];
	char *raw = NULL;
	struct prom_url u;
	struct cairn_err uerr = {0};
	cfgjson_join_key(jp, path, "url");
	/* Quoted only when not a string (then it cannot hold a password). */
	if (cfgjson_string(L, obj, "url", path, false, &raw))
		return CAIRN_EINVAL;
	if (!raw)
		return cfgjson_err(L, jp, "missing (http(s)://host[:port][/path] or testdata)");
	int rc = prom_url_parse(raw, false, &u, &uerr);
	secret_free(raw);
	if (rc)
		return cfgjson_err(L, jp, "%s", uerr.msg);
	d->url = u.url;
	return 0;
}

static int parse_datasource(struct cfgjson *L, const json_t *obj, const char *path, size_t i,
                            struct srv_datasource *d)
{
	static const char *const keys[] = {"name",         "uid",     "url",     "basic_auth",
	                                   "bearer_token", "ca_file", "headers", "timeout",
	                                   "references",   "default", NULL};
	char jp[CFGJSON_PATH_CAP];
	json_t *ba;
	if (cfgjson_check_object(L, obj, path, keys) ||
	    cfgjson_string(L, obj, "name", path, false, &d->name) ||
	    cfgjson_string(L, obj, "uid", path, false, &d->uid) || parse_ds_url(L, obj, path, d) ||
	    cfgjson_string(L, obj, "bearer_token", path, true, &d->bearer_token) ||
	    cfgjson_file_path(L, obj, "ca_file", path, &d->ca_file) ||
	    parse_headers(L, obj, path, d) ||
	    cfgjson_duration(L, obj, "timeout", path, &d->timeout_s) ||
	    cfgjson_strings(L, obj, "references", path, false, &d->references, &d->n_references) ||
	    cfgjson_bool(L, obj, "default", path, &d->is_default))
		return CAIRN_EINVAL;
	if (!d->references)
		d->references = g_new0(char *, 1);
	cfgjson_join_key(jp, path, "timeout");
	if (d->timeout_s > DS_TIMEOUT_MAX_S)
		return cfgjson_err(L, jp, "at most %.0f s", DS_TIMEOUT_MAX_S);
	if ((ba = cfgjson_member(obj, "basic_auth"))) {
		cfgjson_join_key(jp, path, "basic_auth");
		if (parse_basic_auth(L, ba, jp, &d->username, &d->password))
			return CAIRN_EINVAL;
	}
	if (!d->name && d->uid)
		d->name = g_strdup(d->uid);
	if (!d->name && i == 0)
		d->name = g_strdup("prometheus");
	if (!d->name)
		return cfgjson_err(L, path, "\"name\" is missing (needed when there are several)");
	return 0;
}

/* At most one default; none said: the first. */
static int pick_default(struct cfgjson *L, struct srv_datasource *ds, size_t n)
{
	size_t first = n;
	for (size_t i = 0; i < n; i++) {
		if (!ds[i].is_default)
			continue;
		if (first < n) {
			char jp[CFGJSON_PATH_CAP];
			snprintf(jp, sizeof jp, "$.datasources[%zu].default", i);
			return cfgjson_err(L, jp,
			                   "a second default datasource (the first is \"%s\")",
			                   ds[first].name);
		}
		first = i;
	}
	if (first == n && n > 0)
		ds[0].is_default = true;
	return 0;
}

static int parse_datasources(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	char ep[CFGJSON_PATH_CAP];
	json_t *arr = cfgjson_member(root, "datasources"), *o;
	size_t i, n;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return cfgjson_type_err(L, "$.datasources", "an array of objects", arr, true);
	n = json_array_size(arr);
	struct srv_datasource *ds = g_new0(struct srv_datasource, n + 1);
	json_array_foreach(arr, i, o)
	{
		cfgjson_join_index(ep, "$.datasources", i);
		if (parse_datasource(L, o, ep, i, &ds[i]))
			goto fail;
	}
	if (pick_default(L, ds, n))
		goto fail;
	datasources_free(c->datasources, c->n_datasources);
	c->datasources = ds;
	c->n_datasources = n;
	return 0;
fail:
	datasources_free(ds, n);
	return CAIRN_EINVAL;
}

static int parse_listen(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	char *addr = NULL, *host;
	int port, rc = 0;
	struct cairn_err lerr = {0};
	if (cfgjson_string(L, root, "listen", "$", false, &addr))
		return CAIRN_EINVAL;
	if (!addr)
		return 0;
	if (addr_listen_parse(addr, &host, &port, &lerr))
		rc = cfgjson_err(L, "$.listen", "%s", lerr.msg);
	else {
		g_free(c->listen_host);
		c->listen_host = host;
		c->listen_port = port;
	}
	g_free(addr);
	return rc;
}

static int parse_dashboards(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	if (!cfgjson_member(root, "dashboards"))
		return 0;
	if (cfgjson_strings(L, root, "dashboards", "$", false, &c->dashboard_dirs,
	                    &c->n_dashboard_dirs))
		return CAIRN_EINVAL;
	for (size_t i = 0; i < c->n_dashboard_dirs; i++) {
		char *d = c->dashboard_dirs[i];
		if (!g_path_is_absolute(d)) {
			c->dashboard_dirs[i] = g_build_filename(L->dir, d, NULL);
			g_free(d);
		}
	}
	return 0;
}

/* A count that must be at least 1 (0 would refuse every client). */
static int positive_size(struct cfgjson *L, const json_t *o, const char *key, size_t *out)
{
	size_t v = *out;
	if (cfgjson_size(L, o, key, "$.limits", &v))
		return CAIRN_EINVAL;
	char path[CFGJSON_PATH_CAP];
	cfgjson_join_key(path, "$.limits", key);
	if (v == 0)
		return cfgjson_err(L, path, "must be at least 1");
	*out = v;
	return 0;
}

static int live_duration(struct cfgjson *L, const json_t *o, const char *key, double lo,
                         double *out)
{
	double v = *out;
	if (cfgjson_duration(L, o, key, "$.limits", &v))
		return CAIRN_EINVAL;
	char path[CFGJSON_PATH_CAP];
	cfgjson_join_key(path, "$.limits", key);
	if (v < lo || v > 86400)
		return cfgjson_err(L, path, "must be from %g s to 1 day", lo);
	*out = v;
	return 0;
}

static int parse_live_limits(struct cfgjson *L, const json_t *o, struct srv_config *c)
{
	struct srv_live_limits *v = &c->live;
	int rc = positive_size(L, o, "ws_max_message_bytes", &v->max_message_bytes) ||
	         positive_size(L, o, "ws_views_per_connection", &v->views_per_connection) ||
	         positive_size(L, o, "ws_panels_per_view", &v->panels_per_view) ||
	         positive_size(L, o, "ws_connections_per_address", &v->connections_per_address) ||
	         positive_size(L, o, "live_views", &v->views) ||
	         positive_size(L, o, "live_bytes", &v->bytes) ||
	         live_duration(L, o, "live_min_refresh", 0.1, &v->min_refresh_s) ||
	         live_duration(L, o, "ws_ping", 1, &v->ping_s);
	if (rc)
		return CAIRN_EINVAL;
	if (v->max_message_bytes > (16u << 20))
		return cfgjson_err(L, "$.limits.ws_max_message_bytes", "at most 16 MiB");
	return 0;
}

static int parse_limits(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {"timeout",    "max_pixels",  "max_series",
	                                   "max_points", "max_queries", "max_response_bytes",
	                                   "ws_max_message_bytes", "ws_views_per_connection",
	                                   "ws_panels_per_view", "ws_connections_per_address",
	                                   "live_views", "live_bytes", "live_min_refresh", "ws_ping",
	                                   NULL};
	const json_t *o = cfgjson_member(root, "limits");
	struct cairn_limits *l = &c->limits;
	if (!o)
		return 0;
	return cfgjson_check_object(L, o, "$.limits", keys) || parse_live_limits(L, o, c) ||
	                       cfgjson_duration(L, o, "timeout", "$.limits", &l->deadline_s) ||
	                       cfgjson_u64(L, o, "max_pixels", "$.limits", &l->max_pixels) ||
	                       cfgjson_u64(L, o, "max_series", "$.limits", &l->max_series) ||
	                       cfgjson_u64(L, o, "max_points", "$.limits", &l->max_points) ||
	                       cfgjson_u64(L, o, "max_queries", "$.limits", &l->max_queries) ||
	                       cfgjson_u64(L, o, "max_response_bytes", "$.limits", &l->max_bytes)
	               ? CAIRN_EINVAL
	               : 0;
}

static int parse_server(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {
	        "workers",         "queue", "max_body_bytes", "max_header_bytes", "shutdown_grace",
	        "reload_interval", NULL};
	const json_t *o = cfgjson_member(root, "server");
	if (!o)
		return 0;
	return cfgjson_check_object(L, o, "$.server", keys) ||
	                       cfgjson_int(L, o, "workers", "$.server", 0, SRV_WORKERS_MAX,
	                                   &c->workers) ||
	                       cfgjson_size(L, o, "queue", "$.server", &c->queue_max) ||
	                       cfgjson_size(L, o, "max_body_bytes", "$.server",
	                                    &c->max_body_bytes) ||
	                       cfgjson_size(L, o, "max_header_bytes", "$.server",
	                                    &c->max_header_bytes) ||
	                       cfgjson_duration(L, o, "shutdown_grace", "$.server",
	                                        &c->shutdown_grace_s) ||
	                       cfgjson_duration(L, o, "reload_interval", "$.server",
	                                        &c->reload_interval_s)
	               ? CAIRN_EINVAL
	               : 0;
}

static int parse_cache(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {"query_bytes", "image_bytes", "image_ttl",
	                                   "query_fresh", NULL};
	const json_t *o = cfgjson_member(root, "cache");
	if (!o)
		return 0;
	return cfgjson_check_object(L, o, "$.cache", keys) ||
	                       cfgjson_size(L, o, "query_bytes", "$.cache",
	                                    &c->query_cache_bytes) ||
	                       cfgjson_size(L, o, "image_bytes", "$.cache",
	                                    &c->image_cache_bytes) ||
	                       cfgjson_duration(L, o, "image_ttl", "$.cache", &c->image_ttl_s) ||
	                       cfgjson_duration(L, o, "query_fresh", "$.cache", &c->query_fresh_s)
	               ? CAIRN_EINVAL
	               : 0;
}

static int parse_basic_users(struct cfgjson *L, const json_t *auth, struct srv_config *c)
{
	char ep[CFGJSON_PATH_CAP];
	json_t *arr = cfgjson_member(auth, "basic"), *o;
	size_t i;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return cfgjson_type_err(L, "$.auth.basic", "an array of {username, password}", arr,
		                        true);
	struct srv_basic_user *u = g_new0(struct srv_basic_user, json_array_size(arr) + 1);
	json_array_foreach(arr, i, o)
	{
		cfgjson_join_index(ep, "$.auth.basic", i);
		if (parse_basic_auth(L, o, ep, &u[i].username, &u[i].password)) {
			users_free(u, json_array_size(arr));
			return CAIRN_EINVAL;
		}
	}
	users_free(c->basic_users, c->n_basic_users);
	c->basic_users = u;
	c->n_basic_users = json_array_size(arr);
	return 0;
}

static int parse_auth(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {"bearer_tokens", "basic", "open", NULL};
	const json_t *o = cfgjson_member(root, "auth");
	if (!o)
		return 0;
	if (cfgjson_check_object(L, o, "$.auth", keys) ||
	    cfgjson_strings(L, o, "bearer_tokens", "$.auth", true, &c->bearer_tokens,
	                    &c->n_bearer_tokens) ||
	    parse_basic_users(L, o, c) ||
	    cfgjson_strings(L, o, "open", "$.auth", false, &c->open_paths, &c->n_open_paths))
		return CAIRN_EINVAL;
	for (size_t i = 0; i < c->n_bearer_tokens; i++) {
		char jp[CFGJSON_PATH_CAP];
		cfgjson_join_index(jp, "$.auth.bearer_tokens", i);
		if (!header_value_ok(c->bearer_tokens[i]) || strchr(c->bearer_tokens[i], ' '))
			return cfgjson_err(L, jp,
			                   "a token cannot hold a space or control character");
	}
	for (size_t i = 0; i < c->n_open_paths; i++)
		if (c->open_paths[i][0] != '/')
			return cfgjson_err(L, "$.auth.open", "\"%.64s\" does not start with '/'",
			                   c->open_paths[i]);
	/* Open paths without any credentials would read as "these are open,
	 * the rest is protected" while everything is open. */
	if (cfgjson_member(o, "open") && !srv_config_has_auth(c))
		return cfgjson_err(
		        L, "$.auth.open",
		        "given, but no bearer_tokens or basic users: every path is open");
	return 0;
}

static int parse_tls(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {"cert", "key", NULL};
	const json_t *o = cfgjson_member(root, "tls");
	if (!o)
		return 0;
	return cfgjson_check_object(L, o, "$.tls", keys) ||
	                       cfgjson_file_path(L, o, "cert", "$.tls", &c->tls_cert) ||
	                       cfgjson_file_path(L, o, "key", "$.tls", &c->tls_key)
	               ? CAIRN_EINVAL
	               : 0;
}

static int parse_log_format(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	json_t *v = cfgjson_member(root, "log_format");
	if (!v)
		return 0;
	if (json_is_string(v) && strcmp(json_string_value(v), "text") == 0)
		c->log_format = SRV_LOG_TEXT;
	else if (json_is_string(v) && strcmp(json_string_value(v), "json") == 0)
		c->log_format = SRV_LOG_JSON;
	else
		return cfgjson_type_err(L, "$.log_format", "\"text\" or \"json\"", v, false);
	return 0;
}

static int parse_root(struct cfgjson *L, const json_t *root, struct srv_config *c)
{
	static const char *const keys[] = {"listen",     "dashboards", "datasources", "limits",
	                                   "server",     "cache",      "auth",        "tls",
	                                   "log_format", "fonts_dir",  NULL};
	return cfgjson_check_object(L, root, "$", keys) || parse_listen(L, root, c) ||
	                       parse_dashboards(L, root, c) || parse_datasources(L, root, c) ||
	                       parse_limits(L, root, c) || parse_server(L, root, c) ||
	                       parse_cache(L, root, c) || parse_auth(L, root, c) ||
	                       parse_tls(L, root, c) || parse_log_format(L, root, c) ||
	                       cfgjson_file_path(L, root, "fonts_dir", "$", &c->fonts_dir)
	               ? CAIRN_EINVAL
	               : 0;
}

/* ---- the file ------------------------------------------------------------ */

static int read_config(const char *path, char **text, size_t *len, struct cairn_err *err)
{
	struct stat st;
	GError *gerr = NULL;
	if (stat(path, &st) != 0)
		return cairn_err_set(err, CAIRN_EIO, "%s: %s", path, g_strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cairn_err_set(err, CAIRN_EIO, "%s: not a regular file", path);
	if ((uint64_t)st.st_size > CONFIG_MAX_BYTES)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "%s: larger than %u KiB: not a cairn configuration file", path,
		                     CONFIG_MAX_BYTES >> 10);
	gsize n;
	if (!g_file_get_contents(path, text, &n, &gerr)) {
		cairn_err_set(err, CAIRN_EIO, "%s: cannot read: %s", path, gerr->message);
		g_error_free(gerr);
		return CAIRN_EIO;
	}
	*len = n;
	if (n > CONFIG_MAX_BYTES) { /* grew since the stat */
		secret_free(*text);
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "%s: larger than %u KiB: not a cairn configuration file", path,
		                     CONFIG_MAX_BYTES >> 10);
	}
	return 0;
}

/* jansson's message without its " near '...'" excerpt: a syntax error inside
 * a password string would otherwise quote the password.  A duplicate key's
 * excerpt is the key itself, which is kept. */
static void syntax_err(const char *path, const json_error_t *jerr, struct cairn_err *err)
{
	char text[sizeof jerr->text];
	g_strlcpy(text, jerr->text, sizeof text);
	char *near = strstr(text, " near ");
	if (near && !g_str_has_prefix(text, "duplicate object key"))
		*near = '\0';
	cairn_err_set(err, CAIRN_EINVAL, "%s:%d:%d: invalid JSON: %s", path, jerr->line,
	              jerr->column, text);
}

int srv_config_load(struct srv_config *c, const char *path, struct cairn_err *err)
{
	struct cairn_err local = {0};
	struct cfgjson L = {.file = path, .err = err ? err : &local};
	char *text = NULL;
	size_t len = 0;
	json_error_t jerr;
	struct srv_config tmp;
	int rc = read_config(path, &text, &len, L.err);
	if (rc)
		return rc;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	explicit_bzero(text, len);
	g_free(text);
	if (!root) {
		syntax_err(path, &jerr, L.err);
		return CAIRN_EINVAL;
	}
	L.dir = g_path_get_dirname(path);
	config_copy(&tmp, c);
	rc = parse_root(&L, root, &tmp) ? CAIRN_EINVAL : 0;
	json_decref(root);
	g_free(L.dir);
	if (rc) {
		srv_config_fini(&tmp);
		return rc;
	}
	srv_config_fini(c);
	*c = tmp;
	return 0;
}

/* ---- flags ---------------------------------------------------------------- */

int srv_config_set_listen(struct srv_config *c, const char *addr, const char *param,
                          struct cairn_err *err)
{
	char *host;
	int port;
	if (addr_listen_parse(addr, &host, &port, err)) {
		cairn_err_prefix(err, "%s", param ? param : "--listen");
		return CAIRN_EINVAL;
	}
	g_free(c->listen_host);
	c->listen_host = host;
	c->listen_port = port;
	return 0;
}

int srv_config_set_prometheus(struct srv_config *c, const char *url, struct cairn_err *err)
{
	struct prom_url u;
	if (prom_url_parse(url, true, &u, err)) {
		cairn_err_prefix(err, "--prometheus");
		return CAIRN_EINVAL;
	}
	datasources_free(c->datasources, c->n_datasources);
	c->datasources = g_new0(struct srv_datasource, 2);
	c->n_datasources = 1;
	struct srv_datasource *d = &c->datasources[0];
	d->name = g_strdup("prometheus");
	d->url = u.url;
	d->username = u.username;
	d->password = u.password;
	d->references = g_new0(char *, 1);
	d->is_default = true;
	return 0;
}

void srv_config_add_dashboards(struct srv_config *c, const char *dir, bool first_flag)
{
	if (first_flag) {
		cfgjson_strv_free(c->dashboard_dirs, false);
		c->dashboard_dirs = NULL;
		c->n_dashboard_dirs = 0;
	}
	c->dashboard_dirs = g_renew(char *, c->dashboard_dirs, c->n_dashboard_dirs + 2);
	c->dashboard_dirs[c->n_dashboard_dirs++] = g_strdup(dir);
	c->dashboard_dirs[c->n_dashboard_dirs] = NULL;
}

bool srv_config_has_auth(const struct srv_config *c)
{
	return c->n_bearer_tokens > 0 || c->n_basic_users > 0;
}

/* ---- the whole, checked together ---------------------------------------- */

static int check_readable(const char *what, const char *file, struct cairn_err *err)
{
	if (file && access(file, R_OK) != 0)
		return cairn_err_set(err, CAIRN_EINVAL, "%s: cannot read %s: %s", what, file,
		                     g_strerror(errno));
	return 0;
}

static int check_tls(const struct srv_config *c, struct cairn_err *err)
{
	if (!c->tls_cert != !c->tls_key)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "tls: a certificate and its key go together (%s is missing)",
		                     c->tls_cert ? "tls.key" : "tls.cert");
	return check_readable("tls.cert", c->tls_cert, err) ||
	                       check_readable("tls.key", c->tls_key, err)
	               ? CAIRN_EINVAL
	               : 0;
}

/* Which datasource, if any, already answers to name. */
static const struct srv_datasource *claimed_by(const struct srv_config *c, size_t upto,
                                               const char *name)
{
	for (size_t i = 0; i < upto; i++) {
		const struct srv_datasource *d = &c->datasources[i];
		if (g_strcmp0(d->name, name) == 0 || g_strcmp0(d->uid, name) == 0)
			return d;
		for (size_t r = 0; r < d->n_references; r++)
			if (strcmp(d->references[r], name) == 0)
				return d;
	}
	return NULL;
}

static int check_datasource(const struct srv_config *c, size_t i, struct cairn_err *err)
{
	const struct srv_datasource *d = &c->datasources[i], *o;
	const char *names[] = {d->name, d->uid};
	if (!d->name || !d->url)
		return cairn_err_set(err, CAIRN_EINVAL, "datasources[%zu]: %s is missing", i,
		                     d->name ? "url" : "name");
	for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
		if (names[k] && (o = claimed_by(c, i, names[k])))
			return cairn_err_set(
			        err, CAIRN_EINVAL,
			        "datasources[%zu]: \"%s\" already names datasource \"%s\"", i,
			        names[k], o->name);
	for (size_t r = 0; r < d->n_references; r++)
		if ((o = claimed_by(c, i, d->references[r])))
			return cairn_err_set(
			        err, CAIRN_EINVAL,
			        "datasources[%zu].references: \"%s\" already maps to datasource "
			        "\"%s\"",
			        i, d->references[r], o->name);
	if (d->timeout_s < 0 || d->timeout_s > DS_TIMEOUT_MAX_S)
		return cairn_err_set(err, CAIRN_EINVAL, "datasources[%zu].timeout: 0 to %.0f s", i,
		                     DS_TIMEOUT_MAX_S);
	return check_readable("ca_file", d->ca_file, err);
}

static int check_datasources(const struct srv_config *c, struct cairn_err *err)
{
	size_t defaults = 0;
	for (size_t i = 0; i < c->n_datasources; i++) {
		if (check_datasource(c, i, err))
			return CAIRN_EINVAL;
		defaults += c->datasources[i].is_default;
	}
	if (defaults > 1)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "datasources: %zu say \"default\": true; at most one may",
		                     defaults);
	return 0;
}

static int check_numbers(const struct srv_config *c, struct cairn_err *err)
{
	if (c->listen_port < 0 || c->listen_port > 65535)
		return cairn_err_set(err, CAIRN_EINVAL, "listen: port %d out of 0-65535",
		                     c->listen_port);
	if (c->workers < 0 || c->workers > SRV_WORKERS_MAX)
		return cairn_err_set(err, CAIRN_EINVAL, "server.workers: 0 (automatic) to %d",
		                     SRV_WORKERS_MAX);
	if (c->queue_max < 1)
		return cairn_err_set(err, CAIRN_EINVAL, "server.queue: at least 1");
	if (c->max_body_bytes < 1)
		return cairn_err_set(err, CAIRN_EINVAL, "server.max_body_bytes: at least 1");
	if (c->max_header_bytes < 1024)
		return cairn_err_set(
		        err, CAIRN_EINVAL,
		        "server.max_header_bytes: at least 1024 (a request line and a few "
		        "headers)");
	if (!(c->reload_interval_s >= 0.1))
		return cairn_err_set(err, CAIRN_EINVAL, "server.reload_interval: at least 100ms");
	if (!(c->shutdown_grace_s >= 0))
		return cairn_err_set(err, CAIRN_EINVAL, "server.shutdown_grace: 0 or more");
	if (!(c->image_ttl_s >= 0))
		return cairn_err_set(err, CAIRN_EINVAL, "cache.image_ttl: 0 or more");
	return 0;
}

static int check_auth(const struct srv_config *c, struct cairn_err *err)
{
	for (size_t i = 0; i < c->n_basic_users; i++)
		if (!c->basic_users[i].username || !*c->basic_users[i].username ||
		    strchr(c->basic_users[i].username, ':') || !c->basic_users[i].password)
			return cairn_err_set(
			        err, CAIRN_EINVAL,
			        "auth.basic[%zu]: a username without ':' and a password", i);
	for (size_t i = 0; i < c->n_bearer_tokens; i++)
		if (!*c->bearer_tokens[i])
			return cairn_err_set(err, CAIRN_EINVAL, "auth.bearer_tokens[%zu]: empty",
			                     i);
	return 0;
}

int srv_config_check(const struct srv_config *c, struct cairn_err *err)
{
	if (c->log_format != SRV_LOG_TEXT && c->log_format != SRV_LOG_JSON)
		return cairn_err_set(err, CAIRN_EINVAL, "log_format: \"text\" or \"json\"");
	return check_numbers(c, err) || check_tls(c, err) || check_datasources(c, err) ||
	                       check_auth(c, err)
	               ? CAIRN_EINVAL
	               : 0;
}
