/*
 * test_example_config.c — the configurations the project ships load as
 * written: examples/cairn.json.example (every key of server/config.h's
 * format, read back) and the cairn.json inside examples/k8s/kustomization.yaml
 * (the one a kube-prometheus cluster gets), through srv_config_load and
 * srv_config_check like `cairn serve --config`.
 */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "server/config.h"

static void load(const char *path, struct srv_config *c)
{
	struct cairn_err err = {0};
	srv_config_defaults(c);
	int rc = srv_config_load(c, path, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
}

START_TEST(example_has_every_key)
{
	struct srv_config c;
	struct cairn_err err = {0};
	load(SOURCE_ROOT "/examples/cairn.json.example", &c);
	ck_assert_str_eq(c.listen_host, "127.0.0.1");
	ck_assert_int_eq(c.listen_port, 3000);
	ck_assert_uint_eq(c.n_dashboard_dirs, 1);
	ck_assert_uint_eq(c.n_datasources, 3);
	ck_assert(c.datasources[0].is_default && !c.datasources[1].is_default);
	ck_assert_uint_eq(c.datasources[0].n_references, 3);
	const struct srv_datasource *m = &c.datasources[1];
	ck_assert(m->uid && m->username && m->password && m->ca_file && m->n_headers == 1 &&
	          m->timeout_s == 10);
	ck_assert_ptr_nonnull(c.datasources[2].bearer_token);
	ck_assert(c.limits.deadline_s == 30 && c.limits.max_pixels && c.limits.max_series &&
	          c.limits.max_points && c.limits.max_queries && c.limits.max_bytes);
	ck_assert(c.workers == 8 && c.queue_max == 256 && c.max_body_bytes && c.max_header_bytes &&
	          c.shutdown_grace_s == 10 && c.reload_interval_s == 2);
	ck_assert(c.query_cache_bytes && c.image_cache_bytes && c.image_ttl_s == 5);
	ck_assert(c.n_bearer_tokens == 1 && c.n_basic_users == 1 && c.n_open_paths == 2);
	ck_assert(c.tls_cert && c.tls_key && c.fonts_dir);
	ck_assert_int_eq(c.log_format, SRV_LOG_TEXT);
	/* The whole check reads the TLS and CA files, which are placeholders
	 * here: without them the rest must pass. */
	g_clear_pointer(&c.tls_cert, g_free);
	g_clear_pointer(&c.tls_key, g_free);
	g_clear_pointer(&c.datasources[1].ca_file, g_free);
	ck_assert_msg(srv_config_check(&c, &err) == 0, "%s", err.msg);
	srv_config_fini(&c);
}
END_TEST

/* The "cairn.json={...}" literal of the cairn-config generator, unindented. */
static char *k8s_config(void)
{
	char *yaml = NULL;
	ck_assert(g_file_get_contents(SOURCE_ROOT "/examples/k8s/kustomization.yaml", &yaml, NULL,
	                              NULL));
	const char *start = strstr(yaml, "cairn.json={");
	ck_assert_ptr_nonnull(start);
	start += strlen("cairn.json=");
	const char *line_start = start;
	while (line_start > yaml && line_start[-1] != '\n')
		line_start--;
	size_t indent = (size_t)(start - line_start) - strlen("cairn.json=");
	GString *json = g_string_new(NULL);
	for (const char *p = start; *p;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		g_string_append_len(json, p, (gssize)n);
		g_string_append_c(json, '\n');
		if (n == 1 && *p == '}')
			break;
		p += n + (eol ? 1 : 0);
		for (size_t i = 0; i < indent && *p == ' '; i++)
			p++;
	}
	g_free(yaml);
	return g_string_free(json, FALSE);
}

START_TEST(k8s_config_loads)
{
	char *json = k8s_config();
	char *dir = g_dir_make_tmp("cairn-k8s-XXXXXX", NULL);
	char *path = g_build_filename(dir, "cairn.json", NULL);
	ck_assert(g_file_set_contents(path, json, -1, NULL));
	struct srv_config c;
	struct cairn_err err = {0};
	load(path, &c);
	ck_assert_int_eq(c.listen_port, 3000);
	ck_assert_uint_eq(c.n_datasources, 1);
	ck_assert_str_eq(c.datasources[0].url, "http://prometheus-k8s.monitoring.svc:9090");
	ck_assert_uint_eq(c.n_dashboard_dirs, 1);
	ck_assert_str_eq(c.dashboard_dirs[0], "/etc/cairn/dashboards");
	ck_assert_int_eq(c.log_format, SRV_LOG_JSON);
	ck_assert_msg(srv_config_check(&c, &err) == 0, "%s", err.msg);
	srv_config_fini(&c);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	g_free(json);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("examples/config");
	TCase *t = tcase_create("shipped");
	tcase_add_test(t, example_has_every_key);
	tcase_add_test(t, k8s_config_loads);
	suite_add_tcase(s, t);
	return s;
}

#include "../test_main.h"
