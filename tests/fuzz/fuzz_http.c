/*
 * fuzz_http.c — what cairn serve makes of a request's text before any work
 * is queued: the path (route_match), the query string (params_parse and
 * the image cache key), If-None-Match (etag_matches), Authorization
 * (auth_allows) and the helpers that echo request text back (header_safe,
 * json_error_body).  Input lines: path, query string, If-None-Match,
 * Authorization.  Checked: a refused parameter is named and its message
 * starts with the name; a header line stays printable ASCII; an error body
 * is valid JSON.
 */
#include "tests/fuzz/fuzz.h"

#include <glib.h>
#include <jansson.h>

#include "server/auth.h"
#include "server/config.h"
#include "server/routes.h"

#define MAX_ARGS 64

/* Made once per process and kept (libFuzzer runs inputs in one process). */
static auth *the_auth(void)
{
	static auth *a;
	if (!a) {
		struct srv_config c;
		srv_config_defaults(&c);
		char *tokens[] = { "s3cret-token", NULL };
		struct srv_basic_user users[] = { { "admin", "pa:ss" } };
		char **own_tokens = c.bearer_tokens;
		struct srv_basic_user *own_users = c.basic_users;
		c.bearer_tokens = tokens;
		c.n_bearer_tokens = 1;
		c.basic_users = users;
		c.n_basic_users = 1;
		a = auth_new(&c);   /* digests what it needs: c may go */
		c.bearer_tokens = own_tokens;
		c.n_bearer_tokens = 0;
		c.basic_users = own_users;
		c.n_basic_users = 0;
		srv_config_fini(&c);
	}
	return a;
}

static void check_params(char *query)
{
	struct http_arg args[MAX_ARGS];
	char *decoded[2 * MAX_ARGS];
	size_t n = 0, nd = 0;
	for (char *save = NULL, *kv = strtok_r(query, "&", &save); kv && n < MAX_ARGS;
	     kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		char *name = g_uri_unescape_string(kv, NULL);
		char *value = g_uri_unescape_string(eq ? eq + 1 : "", NULL);
		if (!name || !value) {
			g_free(name);
			g_free(value);
			continue;
		}
		decoded[nd++] = name;
		decoded[nd++] = value;
		args[n++] = (struct http_arg){ name, value };
	}
	for (int need = 0; need < 2; need++) {
		struct render_params p;
		char param[64] = "";
		struct cairn_err err = { 0 };
		if (params_parse(args, n, need, &p, param, &err) == 0) {
			char *k = params_key(need ? ROUTE_RENDER_SOLO : ROUTE_RENDER_DASH, "uid", 42, &p,
			                     7);
			g_free(k);
			params_fini(&p);
		} else if (!param[0] || !err.msg[0] || strncmp(err.msg, param, strlen(param)) != 0) {
			abort();
		}
	}
	for (size_t i = 0; i < nd; i++)
		g_free(decoded[i]);
}

static void check_echo(const char *text)
{
	char line[256];
	header_safe(text, line, sizeof line);
	for (const char *c = line; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			abort();
	size_t len;
	char *body = json_error_body(text, text, &len);
	json_t *j = json_loadb(body, len, 0, NULL);
	if (!j)
		abort();
	json_decref(j);
	g_free(body);
	char buf[64];
	param_of_message(text, buf, sizeof buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_cstr(data, size);
	char *query = fuzz_split(path);
	char *inm = fuzz_split(query);
	char *authz = fuzz_split(inm);
	fuzz_split(authz);

	struct route r;
	route_match(path, &r);
	(void)route_name(r.kind);
	(void)route_allows(r.kind, METHOD_GET);
	check_echo(path);
	(void)etag_matches(inm, "\"0123456789abcdef\"");
	(void)auth_allows(the_auth(), path, authz);
	check_params(query);
	free(path);
	return 0;
}
