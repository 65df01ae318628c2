/*
 * test_config.c — cairn serve's configuration: every key, every wrong type
 * with its JSON path, unknown keys, durations, secrets never echoed, flags
 * over the file, and the whole-configuration checks.
 */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server/config.h"

#define SECRET "s3cr3t-VALUE"

static char *tmpdir;

static void setup(void)
{
	tmpdir = g_dir_make_tmp("cairn-config-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmpdir);
}

static void teardown(void)
{
	GDir *d = g_dir_open(tmpdir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(tmpdir, n, NULL);
		g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(tmpdir);
	g_free(tmpdir);
}

/* Writes text to DIR/name and returns the path (g_free it). */
static char *write_cfg(const char *name, const char *text)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	ck_assert(g_file_set_contents(path, text, -1, NULL));
	return path;
}

/* Loads text over the defaults: the status, the message in err. */
static int load_text(const char *text, struct srv_config *c, struct cairn_err *err)
{
	char *path = write_cfg("cairn.json", text);
	srv_config_defaults(c);
	cairn_err_clear(err);
	int rc = srv_config_load(c, path, err);
	g_free(path);
	return rc;
}

/* The message a file that must fail gives, with "<dir>/" cut off the front. */
static const char *load_fails(const char *text)
{
	static struct cairn_err err;
	static char msg[sizeof err.msg];
	struct srv_config c;
	int rc = load_text(text, &c, &err);
	srv_config_fini(&c);
	ck_assert_msg(rc != 0, "accepted: %s", text);
	ck_assert_int_eq(rc, err.code);
	const char *m = err.msg;
	if (g_str_has_prefix(m, tmpdir))
		m += strlen(tmpdir) + 1;
	g_strlcpy(msg, m, sizeof msg);
	return msg;
}

static void load_ok(const char *text, struct srv_config *c)
{
	struct cairn_err err = {0};
	int rc = load_text(text, c, &err);
	ck_assert_msg(rc == 0, "%s: %s", text, err.msg);
}

/* ---- defaults and every key -------------------------------------------- */

START_TEST(defaults)
{
	struct srv_config c;
	struct cairn_err err = {0};
	srv_config_defaults(&c);
	ck_assert_str_eq(c.listen_host, "127.0.0.1");
	ck_assert_int_eq(c.listen_port, 3000);
	ck_assert_uint_eq(c.n_dashboard_dirs, 0);
	ck_assert_uint_eq(c.n_datasources, 0);
	ck_assert_uint_eq(c.queue_max, 256);
	ck_assert_uint_eq(c.max_body_bytes, 4u << 20);
	ck_assert_uint_eq(c.max_header_bytes, 8192);
	ck_assert(c.shutdown_grace_s == 10 && c.reload_interval_s == 2 && c.image_ttl_s == 5);
	ck_assert(c.query_fresh_s == 5);
	ck_assert_uint_eq(c.query_cache_bytes, (size_t)256 << 20);
	ck_assert_uint_eq(c.image_cache_bytes, (size_t)16 << 20);
	ck_assert_uint_eq(c.live.max_message_bytes, 65536);
	ck_assert(c.live.views_per_connection == 16 && c.live.panels_per_view == 64 &&
	          c.live.connections_per_address == 64 && c.live.views == 256 &&
	          c.live.bytes == (size_t)256 << 20);
	ck_assert(c.live.min_refresh_s == 1 && c.live.ping_s == 30);
	ck_assert_int_eq(c.workers, 0);
	ck_assert_uint_eq(c.n_open_paths, 2);
	ck_assert_str_eq(c.open_paths[0], "/api/health");
	ck_assert_str_eq(c.open_paths[1], "/metrics");
	ck_assert(!srv_config_has_auth(&c));
	ck_assert_int_eq(c.log_format, SRV_LOG_TEXT);
	ck_assert_ptr_null(c.tls_cert);
	ck_assert_int_eq(srv_config_check(&c, &err), 0);
	srv_config_fini(&c);
	srv_config_fini(&c); /* twice: a no-op */
}
END_TEST

static const char full[] =
        "{\"listen\": \"0.0.0.0:8080\","
        " \"dashboards\": [\"/abs/dash\", \"rel/dash\"],"
        " \"datasources\": ["
        "  {\"name\": \"prom\", \"uid\": \"p1\", \"url\": \"https://prom.example:9443/sub\","
        "   \"basic_auth\": {\"username\": \"u\", \"password\": \"pw\"},"
        "   \"bearer_token\": \"tok\", \"ca_file\": \"ca.pem\","
        "   \"headers\": {\"X-Scope-OrgID\": \"team-a\", \"X-Two\": \"b\"},"
        "   \"timeout\": \"45s\", \"references\": [\"${DS_PROMETHEUS}\", \"Prometheus\"]},"
        "  {\"name\": \"thanos\", \"url\": \"http://thanos:10902\", \"default\": true,"
        "   \"timeout\": 12}],"
        " \"limits\": {\"timeout\": \"1m\", \"max_pixels\": 1000, \"max_series\": 2000,"
        "   \"max_points\": 3000, \"max_queries\": 40, \"max_response_bytes\": 5000,"
        "   \"ws_max_message_bytes\": 1000, \"ws_views_per_connection\": 2,"
        "   \"ws_panels_per_view\": 3, \"ws_connections_per_address\": 4, \"live_views\": 5,"
        "   \"live_bytes\": 6000,"
        "   \"live_min_refresh\": \"2s\", \"ws_ping\": 7},"
        " \"server\": {\"workers\": 3, \"queue\": 9, \"max_body_bytes\": 1024,"
        "   \"max_header_bytes\": 4096, \"shutdown_grace\": \"2s\", \"reload_interval\": "
        "\"500ms\"},"
        " \"cache\": {\"query_bytes\": 0, \"image_bytes\": 1e6, \"image_ttl\": 0.5,"
        "   \"query_fresh\": \"2s\"},"
        " \"auth\": {\"bearer_tokens\": [\"t1\", \"t2\"],"
        "   \"basic\": [{\"username\": \"alice\", \"password\": \"pa\"}], \"open\": "
        "[\"/api/health\"]},"
        " \"tls\": {\"cert\": \"/etc/c.crt\", \"key\": \"k.key\"},"
        " \"log_format\": \"json\", \"fonts_dir\": \"/usr/share/fonts/cairn\"}";

START_TEST(every_key)
{
	struct srv_config c;
	load_ok(full, &c);
	char *rel = g_build_filename(tmpdir, "rel/dash", NULL);
	char *ca = g_build_filename(tmpdir, "ca.pem", NULL);
	char *key = g_build_filename(tmpdir, "k.key", NULL);
	ck_assert_str_eq(c.listen_host, "0.0.0.0");
	ck_assert_int_eq(c.listen_port, 8080);
	ck_assert_uint_eq(c.n_dashboard_dirs, 2);
	ck_assert_str_eq(c.dashboard_dirs[0], "/abs/dash");
	ck_assert_str_eq(c.dashboard_dirs[1], rel); /* relative to the file */
	ck_assert_ptr_null(c.dashboard_dirs[2]);
	ck_assert_uint_eq(c.n_datasources, 2);
	const struct srv_datasource *d = &c.datasources[0];
	ck_assert_str_eq(d->name, "prom");
	ck_assert_str_eq(d->uid, "p1");
	ck_assert_str_eq(d->url, "https://prom.example:9443/sub");
	ck_assert_str_eq(d->username, "u");
	ck_assert_str_eq(d->password, "pw");
	ck_assert_str_eq(d->bearer_token, "tok");
	ck_assert_str_eq(d->ca_file, ca);
	ck_assert_uint_eq(d->n_headers, 2);
	ck_assert_str_eq(d->headers[0].name, "X-Scope-OrgID");
	ck_assert_str_eq(d->headers[0].value, "team-a");
	ck_assert_str_eq(d->headers[1].name, "X-Two");
	ck_assert(d->timeout_s == 45);
	ck_assert_uint_eq(d->n_references, 2);
	ck_assert_str_eq(d->references[0], "${DS_PROMETHEUS}");
	ck_assert_str_eq(d->references[1], "Prometheus");
	ck_assert(!d->is_default);
	d = &c.datasources[1];
	ck_assert_str_eq(d->name, "thanos");
	ck_assert_ptr_null(d->uid);
	ck_assert_ptr_null(d->username);
	ck_assert(d->is_default && d->timeout_s == 12);
	ck_assert(c.limits.deadline_s == 60);
	ck_assert(c.limits.max_pixels == 1000 && c.limits.max_series == 2000 &&
	          c.limits.max_points == 3000 && c.limits.max_queries == 40 &&
	          c.limits.max_bytes == 5000);
	ck_assert(c.live.max_message_bytes == 1000 && c.live.views_per_connection == 2 &&
	          c.live.panels_per_view == 3 && c.live.connections_per_address == 4 &&
	          c.live.views == 5 && c.live.min_refresh_s == 2 && c.live.ping_s == 7 &&
	          c.live.bytes == 6000);
	ck_assert_int_eq(c.workers, 3);
	ck_assert_uint_eq(c.queue_max, 9);
	ck_assert_uint_eq(c.max_body_bytes, 1024);
	ck_assert_uint_eq(c.max_header_bytes, 4096);
	ck_assert(c.shutdown_grace_s == 2 && c.reload_interval_s == 0.5);
	ck_assert_uint_eq(c.query_cache_bytes, 0);
	ck_assert_uint_eq(c.image_cache_bytes, 1000000);
	ck_assert(c.image_ttl_s == 0.5);
	ck_assert(c.query_fresh_s == 2);
	ck_assert_uint_eq(c.n_bearer_tokens, 2);
	ck_assert_str_eq(c.bearer_tokens[1], "t2");
	ck_assert_uint_eq(c.n_basic_users, 1);
	ck_assert_str_eq(c.basic_users[0].username, "alice");
	ck_assert_str_eq(c.basic_users[0].password, "pa");
	ck_assert_uint_eq(c.n_open_paths, 1);
	ck_assert_str_eq(c.open_paths[0], "/api/health");
	ck_assert(srv_config_has_auth(&c));
	ck_assert_str_eq(c.tls_cert, "/etc/c.crt");
	ck_assert_str_eq(c.tls_key, key);
	ck_assert_int_eq(c.log_format, SRV_LOG_JSON);
	ck_assert_str_eq(c.fonts_dir, "/usr/share/fonts/cairn");
	srv_config_fini(&c);
	g_free(rel);
	g_free(ca);
	g_free(key);
}
END_TEST

START_TEST(empty_file_keeps_defaults)
{
	struct srv_config c;
	load_ok("{}", &c);
	ck_assert_str_eq(c.listen_host, "127.0.0.1");
	ck_assert_uint_eq(c.n_open_paths, 2);
	srv_config_fini(&c);
	load_ok("{\"listen\": null, \"datasources\": null}", &c);
	ck_assert_int_eq(c.listen_port, 3000);
	srv_config_fini(&c);
}
END_TEST

START_TEST(first_datasource_is_default)
{
	struct srv_config c;
	load_ok("{\"datasources\": [{\"url\": \"testdata\"}, {\"name\": \"b\", \"url\": "
	        "\"http://b:9090\"}]}",
	        &c);
	ck_assert(c.datasources[0].is_default && !c.datasources[1].is_default);
	ck_assert_str_eq(c.datasources[0].name, "prometheus"); /* the first, unnamed */
	ck_assert_str_eq(c.datasources[0].url, "testdata");
	srv_config_fini(&c);
	load_ok("{\"datasources\": [{\"uid\": \"abc\", \"url\": \"http://[::1]:9090\"}]}", &c);
	ck_assert_str_eq(c.datasources[0].name, "abc"); /* named by its uid */
	srv_config_fini(&c);
}
END_TEST

/* ---- wrong types, each with its JSON path -------------------------------- */

static const struct {
	const char *json, *msg;
} wrong[] = {
        {"[]", "cairn.json: $: expected an object, got an array"},
        {"{\"listen\": 3000}", "cairn.json: $.listen: expected a string, got 3000"},
        {"{\"listen\": \"\"}", "cairn.json: $.listen: expected a non-empty string"},
        {"{\"listen\": \"3000\"}", "cairn.json: $.listen: expected HOST:PORT"},
        {"{\"dashboards\": \"x\"}",
         "cairn.json: $.dashboards: expected an array of strings, got \"x\""},
        {"{\"dashboards\": [\"a\", 1]}", "cairn.json: $.dashboards[1]: expected a string, got 1"},
        {"{\"dashboards\": [\"\"]}", "cairn.json: $.dashboards[0]: expected a non-empty string"},
        {"{\"datasources\": {}}",
         "cairn.json: $.datasources: expected an array of objects, got an object"},
        {"{\"datasources\": [{\"name\": \"a\", \"url\": \"http://x\"}, {\"name\": \"b\", \"url\": "
         "42}]}",
         "cairn.json: $.datasources[1].url: expected a string, got 42"},
        {"{\"datasources\": [{\"name\": \"a\"}]}", "cairn.json: $.datasources[0].url: missing"},
        {"{\"datasources\": [{\"url\": \"ftp://x\"}]}",
         "cairn.json: $.datasources[0].url: expected http(s)://host[:port][/path] or testdata"},
        {"{\"datasources\": [{\"url\": \"http://h:99999\"}]}",
         "$.datasources[0].url: expected http"},
        {"{\"datasources\": [{\"url\": \"http://h/?q=1\"}]}", "no spaces, ?query or #fragment"},
        {"{\"datasources\": [{\"url\": \"http://\"}]}", "(bad host or port)"},
        {"{\"datasources\": [{\"url\": \"testdata\"}, {\"url\": \"testdata\"}]}",
         "cairn.json: $.datasources[1]: \"name\" is missing"},
        {"{\"datasources\": [{\"name\": 1, \"url\": \"testdata\"}]}",
         "cairn.json: $.datasources[0].name: expected a string, got 1"},
        {"{\"datasources\": [{\"uid\": [], \"url\": \"testdata\"}]}",
         "cairn.json: $.datasources[0].uid: expected a string, got an array"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": \"u:p\"}]}",
         "cairn.json: $.datasources[0].basic_auth: expected an object, got a string"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"password\": \"p\"}}]}",
         "cairn.json: $.datasources[0].basic_auth: \"username\" is missing"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": \"u\"}}]}",
         "cairn.json: $.datasources[0].basic_auth: \"password\" is missing"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": 7, "
         "\"password\": \"p\"}}]}",
         "cairn.json: $.datasources[0].basic_auth.username: expected a string, got 7"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": \"a:b\", "
         "\"password\": \"p\"}}]}",
         "cannot contain ':'"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": 5}]}",
         "cairn.json: $.datasources[0].bearer_token: expected a string, got a number"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"ca_file\": true}]}",
         "cairn.json: $.datasources[0].ca_file: expected a string, got true"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"headers\": []}]}",
         "cairn.json: $.datasources[0].headers: expected an object of header names and values, got "
         "an array"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"headers\": {\"X-A\": 1}}]}",
         "cairn.json: $.datasources[0].headers.X-A: expected a string, got a number"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"headers\": {\"X A\": \"v\"}}]}",
         "cairn.json: $.datasources[0].headers: \"X A\" is not a valid header name"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"timeout\": \"3x\"}]}",
         "cairn.json: $.datasources[0].timeout: invalid duration \"3x\": unknown unit 'x'"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"timeout\": -1}]}",
         "cairn.json: $.datasources[0].timeout: expected a duration of 0 s or more, got -1"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"timeout\": \"2d\"}]}",
         "cairn.json: $.datasources[0].timeout: at most 86400 s"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"timeout\": [1]}]}",
         "cairn.json: $.datasources[0].timeout: expected a duration (\"500ms\", \"30s\", \"2m\") "
         "or seconds, got an array"},
        {"{\"datasources\": [{\"url\": \"testdata\", \"references\": \"P\"}]}",
         "cairn.json: $.datasources[0].references: expected an array of strings, got \"P\""},
        {"{\"datasources\": [{\"url\": \"testdata\", \"default\": \"yes\"}]}",
         "cairn.json: $.datasources[0].default: expected true or false, got \"yes\""},
        {"{\"datasources\": [{\"name\": \"a\", \"url\": \"testdata\", \"default\": true},"
         " {\"name\": \"b\", \"url\": \"testdata\", \"default\": true}]}",
         "cairn.json: $.datasources[1].default: a second default datasource (the first is \"a\")"},
        {"{\"limits\": []}", "cairn.json: $.limits: expected an object, got an array"},
        {"{\"limits\": {\"timeout\": {}}}", "cairn.json: $.limits.timeout: expected a duration"},
        {"{\"limits\": {\"max_pixels\": -1}}",
         "cairn.json: $.limits.max_pixels: expected a whole number, 0 or more, got -1"},
        {"{\"limits\": {\"max_series\": 1.5}}",
         "cairn.json: $.limits.max_series: expected a whole number, 0 or more, got 1.5"},
        {"{\"limits\": {\"max_points\": \"big\"}}",
         "cairn.json: $.limits.max_points: expected a whole number, 0 or more, got \"big\""},
        {"{\"limits\": {\"max_queries\": false}}",
         "cairn.json: $.limits.max_queries: expected a whole"},
        {"{\"limits\": {\"max_response_bytes\": null, \"max_pixels\": [2]}}",
         "$.limits.max_pixels:"},
        {"{\"server\": 1}", "cairn.json: $.server: expected an object, got a number"},
        {"{\"server\": {\"workers\": 5000}}",
         "cairn.json: $.server.workers: expected 0 to 1024, got 5000"},
        {"{\"server\": {\"queue\": \"x\"}}", "cairn.json: $.server.queue: expected a whole number"},
        {"{\"server\": {\"max_body_bytes\": {}}}",
         "cairn.json: $.server.max_body_bytes: expected a whole"},
        {"{\"server\": {\"max_header_bytes\": -2}}",
         "cairn.json: $.server.max_header_bytes: expected"},
        {"{\"server\": {\"shutdown_grace\": \"soon\"}}",
         "cairn.json: $.server.shutdown_grace: invalid duration \"soon\""},
        {"{\"server\": {\"reload_interval\": true}}",
         "cairn.json: $.server.reload_interval: expected a duration"},
        {"{\"cache\": {\"query_bytes\": \"1G\"}}",
         "cairn.json: $.cache.query_bytes: expected a whole number, 0 or more, got \"1G\""},
        {"{\"cache\": {\"image_bytes\": -1}}", "cairn.json: $.cache.image_bytes: expected a whole"},
        {"{\"cache\": {\"image_ttl\": false}}",
         "cairn.json: $.cache.image_ttl: expected a duration"},
        {"{\"auth\": \"on\"}", "cairn.json: $.auth: expected an object, got a string"},
        {"{\"auth\": {\"basic\": {}}}",
         "cairn.json: $.auth.basic: expected an array of {username, password}, got an object"},
        {"{\"auth\": {\"basic\": [{\"password\": \"p\"}]}}",
         "cairn.json: $.auth.basic[0]: \"username\" is missing"},
        {"{\"auth\": {\"basic\": [1]}}",
         "cairn.json: $.auth.basic[0]: expected an object, got a number"},
        {"{\"auth\": {\"bearer_tokens\": [\"t\"], \"open\": [1]}}",
         "cairn.json: $.auth.open[0]: expected a string, got 1"},
        {"{\"auth\": {\"bearer_tokens\": [\"t\"], \"open\": [\"api\"]}}",
         "cairn.json: $.auth.open: \"api\" does not start with '/'"},
        {"{\"auth\": {\"open\": [\"/metrics\"]}}",
         "cairn.json: $.auth.open: given, but no bearer_tokens or basic users"},
        {"{\"limits\": {\"ws_views_per_connection\": 0}}",
         "cairn.json: $.limits.ws_views_per_connection: must be at least 1"},
        {"{\"limits\": {\"ws_max_message_bytes\": 1e9}}",
         "cairn.json: $.limits.ws_max_message_bytes: at most 16 MiB"},
        {"{\"limits\": {\"live_min_refresh\": \"10ms\"}}",
         "cairn.json: $.limits.live_min_refresh: must be from 0.1 s to 1 day"},
        {"{\"limits\": {\"ws_ping\": \"soon\"}}", "cairn.json: $.limits.ws_ping: invalid duration \"soon\""},
        {"{\"limits\": {\"ws_connections_per_address\": -2}}",
         "cairn.json: $.limits.ws_connections_per_address: expected a whole number"},
        {"{\"tls\": {\"cert\": 1}}", "cairn.json: $.tls.cert: expected a string, got 1"},
        {"{\"tls\": {\"key\": []}}", "cairn.json: $.tls.key: expected a string, got an array"},
        {"{\"tls\": \"on\"}", "cairn.json: $.tls: expected an object, got a string"},
        {"{\"log_format\": \"xml\"}",
         "cairn.json: $.log_format: expected \"text\" or \"json\", got \"xml\""},
        {"{\"fonts_dir\": 1}", "cairn.json: $.fonts_dir: expected a string, got 1"},
        {"{\"listen\": \"a:1\", \"listen\": \"b:2\"}",
         "cairn.json:1:26: invalid JSON: duplicate object key near '\"listen\"'"},
        {"{\"listen\": ", "cairn.json:1:11: invalid JSON: unexpected token"},
};

START_TEST(wrong_types)
{
	const char *m = load_fails(wrong[_i].json);
	ck_assert_msg(g_str_has_prefix(m, wrong[_i].msg) || strstr(m, wrong[_i].msg),
	              "%s\n  gave: %s\n  want: %s", wrong[_i].json, m, wrong[_i].msg);
	ck_assert_msg(g_str_has_prefix(m, "cairn.json"), "no file name: %s", m);
}
END_TEST

/* ---- unknown keys ------------------------------------------------------------ */

START_TEST(unknown_keys)
{
	ck_assert_str_eq(load_fails("{\"listn\": \"x\"}"),
	                 "cairn.json: $: unknown key \"listn\" (did you mean \"listen\"?)");
	ck_assert_str_eq(
	        load_fails("{\"datasources\": [{\"url\": \"testdata\", \"bearer_tokn\": \"x\"}]}"),
	        "cairn.json: $.datasources[0]: unknown key \"bearer_tokn\" (did you mean "
	        "\"bearer_token\"?)");
	ck_assert_str_eq(load_fails("{\"limits\": {\"colour\": 1}}"),
	                 "cairn.json: $.limits: unknown key \"colour\"");
	ck_assert_str_eq(
	        load_fails("{\"server\": {\"Workers\": 1}}"),
	        "cairn.json: $.server: unknown key \"Workers\" (did you mean \"workers\"?)");
	ck_assert_str_eq(
	        load_fails("{\"cache\": {\"image_tl\": 1}}"),
	        "cairn.json: $.cache: unknown key \"image_tl\" (did you mean \"image_ttl\"?)");
	ck_assert_str_eq(load_fails("{\"auth\": {\"tokens\": []}}"),
	                 "cairn.json: $.auth: unknown key \"tokens\"");
	ck_assert_str_eq(load_fails("{\"tls\": {\"crt\": \"x\"}}"),
	                 "cairn.json: $.tls: unknown key \"crt\" (did you mean \"cert\"?)");
	ck_assert_str_eq(
	        load_fails("{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": "
	                   "{\"username\": \"u\", \"pasword\": \"p\"}}]}"),
	        "cairn.json: $.datasources[0].basic_auth: unknown key \"pasword\" (did you mean "
	        "\"password\"?)");
}
END_TEST

/* ---- durations -------------------------------------------------------------- */

static const struct {
	const char *text;
	double seconds;
} durations[] = {
        {"\"500ms\"", 0.5}, {"\"30s\"", 30}, {"\"2m\"", 120}, {"\"1h\"", 3600}, {"\"1h30m\"", 5400},
        {"7", 7},           {"0.25", 0.25},  {"\"90\"", 90},  {"0", 0},
};

START_TEST(duration_forms)
{
	struct srv_config c;
	char *json = g_strdup_printf("{\"server\": {\"shutdown_grace\": %s}}", durations[_i].text);
	load_ok(json, &c);
	ck_assert_msg(c.shutdown_grace_s == durations[_i].seconds, "%s → %g", durations[_i].text,
	              c.shutdown_grace_s);
	srv_config_fini(&c);
	g_free(json);
}
END_TEST

/* ---- secrets ------------------------------------------------------------------- */

/* Each fails; none may quote the secret, whatever its shape. */
static const char *const leaky[] = {
        "{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": \"u\", "
        "\"password\": [\"" SECRET "\"]}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": \"u\", "
        "\"password\": {\"" SECRET "\": 1}}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"basic_auth\": {\"username\": \"u\", "
        "\"password\": \"\"}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": [\"" SECRET "\"]}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": {\"t\": \"" SECRET "\"}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"headers\": {\"X-Key\": [\"" SECRET "\"]}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"headers\": {\"X-Key\": \"" SECRET
        "\\r\\nX: y\"}}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"headers\": \"X-Key: " SECRET "\"}]}",
        "{\"datasources\": [{\"url\": \"http://u:" SECRET "@prom:9090\"}]}",
        "{\"datasources\": [{\"url\": \"ftp://u:" SECRET "@prom:9090\"}]}",
        "{\"datasources\": [{\"url\": \"http://u:" SECRET "@prom:9090/?x\"}]}",
        "{\"datasources\": [\"http://u:" SECRET "@prom:9090\"]}",
        "{\"datasources\": \"http://u:" SECRET "@prom:9090\"}",
        "{\"auth\": {\"bearer_tokens\": \"" SECRET "\"}}",
        "{\"auth\": {\"bearer_tokens\": [\"" SECRET " x\"]}}",
        "{\"auth\": {\"bearer_tokens\": [[\"" SECRET "\"]]}}",
        "{\"auth\": {\"basic\": \"u:" SECRET "\"}}",
        "{\"auth\": {\"basic\": [\"u:" SECRET "\"]}}",
        "{\"auth\": {\"basic\": [{\"username\": \"u\", \"password\": [\"" SECRET "\"]}]}}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": \"" SECRET,
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": " SECRET "}]}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": \"" SECRET "\" \"x\"}]}",
        "{\"bearer_token\": \"a\", \"bearer_token\": \"" SECRET "\"}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": \"" SECRET
        "\"}], \"listen\": 1}",
        "{\"datasources\": [{\"url\": \"testdata\", \"bearer_token\": \"" SECRET "\", \"x\": 1}]}",
};

START_TEST(secrets_never_echoed)
{
	const char *m = load_fails(leaky[_i]);
	ck_assert_msg(!strstr(m, "s3cr3t") && !strstr(m, "VALUE"), "%s\n  leaks: %s", leaky[_i], m);
	ck_assert_msg(g_str_has_prefix(m, "cairn.json"), "no file name: %s", m);
}
END_TEST

START_TEST(secrets_never_echoed_by_flags)
{
	struct srv_config c;
	struct cairn_err err = {0};
	const char *bad[] = {"htp://u:" SECRET "@h:9090", "http://u:" SECRET "@:9090",
	                     "http://u:" SECRET "@h:9090/?q", "http://u:" SECRET "%zz@h:9090",
	                     "http://u:" SECRET "@h:0"};
	srv_config_defaults(&c);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		cairn_err_clear(&err);
		ck_assert_int_eq(srv_config_set_prometheus(&c, bad[i], &err), CAIRN_EINVAL);
		ck_assert_msg(g_str_has_prefix(err.msg, "--prometheus: "), "%s", err.msg);
		ck_assert_msg(!strstr(err.msg, "s3cr3t"), "%s leaks: %s", bad[i], err.msg);
	}
	ck_assert_uint_eq(c.n_datasources, 0); /* untouched */
	srv_config_fini(&c);
}
END_TEST

/* ---- flags over the file ---------------------------------------------------------- */

START_TEST(flags_override_file)
{
	struct srv_config c;
	struct cairn_err err = {0};
	load_ok("{\"listen\": \"127.0.0.1:4000\", \"dashboards\": [\"/a\", \"/b\"],"
	        " \"datasources\": [{\"name\": \"x\", \"url\": \"http://x:1\"},"
	        " {\"name\": \"y\", \"url\": \"http://y:1\"}]}",
	        &c);
	ck_assert_int_eq(srv_config_set_listen(&c, "[::1]:3100", "--listen", &err), 0);
	ck_assert_str_eq(c.listen_host, "::1");
	ck_assert_int_eq(c.listen_port, 3100);
	ck_assert_int_eq(srv_config_set_prometheus(&c, "http://alice:p%40ss:w@prom:9090/sub", &err),
	                 0);
	ck_assert_uint_eq(c.n_datasources, 1);
	ck_assert_str_eq(c.datasources[0].name, "prometheus");
	ck_assert_str_eq(c.datasources[0].url, "http://prom:9090/sub");
	ck_assert_str_eq(c.datasources[0].username, "alice");
	ck_assert_str_eq(c.datasources[0].password, "p@ss:w");
	ck_assert(c.datasources[0].is_default);
	srv_config_add_dashboards(&c, "/flag1", true);
	srv_config_add_dashboards(&c, "/flag2", false);
	ck_assert_uint_eq(c.n_dashboard_dirs, 2);
	ck_assert_str_eq(c.dashboard_dirs[0], "/flag1");
	ck_assert_str_eq(c.dashboard_dirs[1], "/flag2");
	ck_assert_ptr_null(c.dashboard_dirs[2]);
	ck_assert_int_eq(srv_config_set_prometheus(&c, "testdata", &err), 0);
	ck_assert_str_eq(c.datasources[0].url, "testdata");
	ck_assert_ptr_null(c.datasources[0].username);
	ck_assert_int_eq(srv_config_set_prometheus(&c, "HTTPS://h", &err), 0);
	ck_assert_str_eq(c.datasources[0].url, "HTTPS://h");
	ck_assert_int_eq(srv_config_check(&c, &err), 0);
	srv_config_fini(&c);
}
END_TEST

static const struct {
	const char *addr, *host;
	int port;
} listens[] = {
        {"127.0.0.1:3000", "127.0.0.1", 3000},
        {"[::1]:3000", "::1", 3000},
        {":3000", "", 3000},
        {"localhost:0", "localhost", 0},
        {"0.0.0.0:65535", "0.0.0.0", 65535},
        {"3000", NULL, 0},
        {"h:65536", NULL, 0},
        {"[::1]3000", NULL, 0},
        {"h:", NULL, 0},
        {"h:-1", NULL, 0},
        {"h:3000x", NULL, 0},
        {"a b:1", NULL, 0},
        {"[]:1", NULL, 0},
        {"h: 1", NULL, 0},
        {"[::1:1", NULL, 0},
};

START_TEST(listen_forms)
{
	struct srv_config c;
	struct cairn_err err = {0};
	srv_config_defaults(&c);
	int rc = srv_config_set_listen(&c, listens[_i].addr, "--listen", &err);
	if (listens[_i].host) {
		ck_assert_msg(rc == 0, "%s: %s", listens[_i].addr, err.msg);
		ck_assert_str_eq(c.listen_host, listens[_i].host);
		ck_assert_int_eq(c.listen_port, listens[_i].port);
	} else {
		ck_assert_msg(rc == CAIRN_EINVAL, "accepted %s", listens[_i].addr);
		ck_assert_msg(g_str_has_prefix(err.msg, "--listen: expected HOST:PORT"), "%s",
		              err.msg);
		ck_assert_str_eq(c.listen_host, "127.0.0.1");
	}
	srv_config_fini(&c);
}
END_TEST

/* ---- a failed load leaves the configuration alone ----------------------------------- */

START_TEST(failed_load_keeps_config)
{
	struct srv_config c;
	struct cairn_err err = {0};
	load_ok("{\"listen\": \"127.0.0.1:4000\", \"datasources\": [{\"url\": \"http://a:1\"}],"
	        " \"auth\": {\"bearer_tokens\": [\"t\"]}}",
	        &c);
	/* Good keys first, then a bad one: nothing of the file may stick. */
	char *bad = write_cfg(
	        "bad.json",
	        "{\"listen\": \"127.0.0.1:5000\", \"datasources\": [{\"url\": \"http://b:1\"}],"
	        " \"auth\": {\"bearer_tokens\": [\"u\", \"v\"]}, \"server\": {\"queue\": -1}}");
	ck_assert_int_eq(srv_config_load(&c, bad, &err), CAIRN_EINVAL);
	ck_assert_int_eq(c.listen_port, 4000);
	ck_assert_str_eq(c.datasources[0].url, "http://a:1");
	ck_assert_uint_eq(c.n_bearer_tokens, 1);
	ck_assert_str_eq(c.bearer_tokens[0], "t");
	/* A second good file over the first keeps what it does not name. */
	char *good = write_cfg("good.json", "{\"listen\": \":5001\"}");
	ck_assert_int_eq(srv_config_load(&c, good, &err), 0);
	ck_assert_str_eq(c.listen_host, "");
	ck_assert_int_eq(c.listen_port, 5001);
	ck_assert_str_eq(c.datasources[0].url, "http://a:1");
	ck_assert_uint_eq(c.n_bearer_tokens, 1);
	srv_config_fini(&c);
	g_free(bad);
	g_free(good);
}
END_TEST

START_TEST(file_errors)
{
	struct srv_config c;
	struct cairn_err err = {0};
	srv_config_defaults(&c);
	char *missing = g_build_filename(tmpdir, "nope.json", NULL);
	ck_assert_int_eq(srv_config_load(&c, missing, &err), CAIRN_EIO);
	ck_assert_msg(strstr(err.msg, "nope.json: No such file"), "%s", err.msg);
	ck_assert_int_eq(srv_config_load(&c, tmpdir, &err), CAIRN_EIO);
	ck_assert_msg(strstr(err.msg, "not a regular file"), "%s", err.msg);
	/* Over the cap: refused before it is read. */
	char *big = g_strnfill((1u << 20) + 1, ' ');
	char *path = write_cfg("big.json", big);
	ck_assert_int_eq(srv_config_load(&c, path, &err), CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "big.json: larger than 1024 KiB"), "%s", err.msg);
	ck_assert_str_eq(c.listen_host, "127.0.0.1");
	srv_config_fini(&c);
	g_free(missing);
	g_free(big);
	g_free(path);
}
END_TEST

/* ---- the whole, checked together ---------------------------------------------------- */

START_TEST(tls_pair)
{
	struct srv_config c;
	struct cairn_err err = {0};
	char *cert = write_cfg("c.crt", "cert");
	char *key = write_cfg("c.key", "key");
	load_ok("{\"tls\": {\"cert\": \"c.crt\"}}", &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_str_eq(err.msg,
	                 "tls: a certificate and its key go together (tls.key is missing)");
	srv_config_fini(&c);
	load_ok("{\"tls\": {\"key\": \"c.key\"}}", &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "(tls.cert is missing)"), "%s", err.msg);
	srv_config_fini(&c);
	load_ok("{\"tls\": {\"cert\": \"c.crt\", \"key\": \"c.key\"}}", &c);
	ck_assert_str_eq(c.tls_cert, cert);
	ck_assert_int_eq(srv_config_check(&c, &err), 0);
	srv_config_fini(&c);
	load_ok("{\"tls\": {\"cert\": \"c.crt\", \"key\": \"gone.key\"}}", &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "tls.key: cannot read ") && strstr(err.msg, "gone.key"), "%s",
	              err.msg);
	srv_config_fini(&c);
	g_free(cert);
	g_free(key);
}
END_TEST

START_TEST(check_datasources)
{
	struct srv_config c;
	struct cairn_err err = {0};
	load_ok("{\"datasources\": [{\"name\": \"a\", \"url\": \"testdata\"},"
	        " {\"name\": \"a\", \"url\": \"testdata\"}]}",
	        &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_str_eq(err.msg, "datasources[1]: \"a\" already names datasource \"a\"");
	srv_config_fini(&c);
	load_ok("{\"datasources\": [{\"name\": \"a\", \"url\": \"testdata\", \"references\": "
	        "[\"P\"]},"
	        " {\"name\": \"b\", \"url\": \"testdata\", \"references\": [\"P\"]}]}",
	        &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_str_eq(err.msg,
	                 "datasources[1].references: \"P\" already maps to datasource \"a\"");
	srv_config_fini(&c);
	/* One default, built by hand past the loader. */
	load_ok("{\"datasources\": [{\"name\": \"a\", \"url\": \"testdata\"},"
	        " {\"name\": \"b\", \"url\": \"testdata\"}]}",
	        &c);
	ck_assert_int_eq(srv_config_check(&c, &err), 0);
	c.datasources[1].is_default = true;
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_str_eq(err.msg, "datasources: 2 say \"default\": true; at most one may");
	srv_config_fini(&c);
	load_ok("{\"datasources\": [{\"url\": \"testdata\", \"ca_file\": \"none.pem\"}]}", &c);
	ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
	ck_assert_msg(strstr(err.msg, "ca_file: cannot read "), "%s", err.msg);
	srv_config_fini(&c);
}
END_TEST

START_TEST(check_numbers)
{
	static const struct {
		const char *json, *msg;
	} cases[] = {
	        {"{\"server\": {\"queue\": 0}}", "server.queue: at least 1"},
	        {"{\"server\": {\"max_body_bytes\": 0}}", "server.max_body_bytes: at least 1"},
	        {"{\"server\": {\"max_header_bytes\": 100}}",
	         "server.max_header_bytes: at least 1024"},
	        {"{\"server\": {\"reload_interval\": 0}}",
	         "server.reload_interval: at least 100ms"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct srv_config c;
		struct cairn_err err = {0};
		load_ok(cases[i].json, &c);
		ck_assert_int_eq(srv_config_check(&c, &err), CAIRN_EINVAL);
		ck_assert_msg(g_str_has_prefix(err.msg, cases[i].msg), "%s: %s", cases[i].json,
		              err.msg);
		srv_config_fini(&c);
	}
}
END_TEST

START_TEST(null_err_and_header_values)
{
	struct srv_config c;
	char *path = write_cfg("x.json", "{\"listen\": 1}");
	srv_config_defaults(&c);
	ck_assert_int_eq(srv_config_load(&c, path, NULL), CAIRN_EINVAL);
	ck_assert_int_eq(srv_config_set_listen(&c, "nope", "--listen", NULL), CAIRN_EINVAL);
	ck_assert_int_eq(srv_config_set_prometheus(&c, "nope", NULL), CAIRN_EINVAL);
	ck_assert_int_eq(srv_config_check(&c, NULL), 0);
	srv_config_fini(&c);
	g_free(path);
	/* A tab is a header value's character; Authorization may be set too. */
	load_ok("{\"datasources\": [{\"url\": \"testdata\", \"headers\":"
	        " {\"X-A\": \"a\\tb\", \"Authorization\": \"Token x\"}}]}",
	        &c);
	ck_assert_str_eq(c.datasources[0].headers[0].value, "a\tb");
	ck_assert_str_eq(c.datasources[0].headers[1].name, "Authorization");
	srv_config_fini(&c);
}
END_TEST

START_TEST(auth_open_paths)
{
	struct srv_config c;
	load_ok("{\"auth\": {\"basic\": [{\"username\": \"u\", \"password\": \"p\"}]}}", &c);
	ck_assert(srv_config_has_auth(&c));
	ck_assert_uint_eq(c.n_open_paths, 2); /* the default */
	srv_config_fini(&c);
	load_ok("{\"auth\": {\"bearer_tokens\": [\"t\"], \"open\": []}}", &c);
	ck_assert_uint_eq(c.n_open_paths, 0); /* nothing open */
	ck_assert_ptr_null(c.open_paths[0]);
	srv_config_fini(&c);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/config");
	TCase *tc = tcase_create("keys");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, every_key);
	tcase_add_test(tc, empty_file_keeps_defaults);
	tcase_add_test(tc, first_datasource_is_default);
	tcase_add_loop_test(tc, duration_forms, 0, (int)G_N_ELEMENTS(durations));
	tcase_add_loop_test(tc, listen_forms, 0, (int)G_N_ELEMENTS(listens));
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, wrong_types, 0, (int)G_N_ELEMENTS(wrong));
	tcase_add_test(tc, unknown_keys);
	tcase_add_loop_test(tc, secrets_never_echoed, 0, (int)G_N_ELEMENTS(leaky));
	tcase_add_test(tc, secrets_never_echoed_by_flags);
	tcase_add_test(tc, failed_load_keeps_config);
	tcase_add_test(tc, file_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("flags and checks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, flags_override_file);
	tcase_add_test(tc, tls_pair);
	tcase_add_test(tc, check_datasources);
	tcase_add_test(tc, check_numbers);
	tcase_add_test(tc, auth_open_paths);
	tcase_add_test(tc, null_err_and_header_values);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
