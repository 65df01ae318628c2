/*
 * auth.c — bearer tokens and basic users checked in constant time.  Owns
 * the digests; knows nothing of HTTP beyond the Authorization header's two
 * schemes.  The secrets themselves are never kept nor logged.
 */
#include "server/auth.h"

#include <string.h>

#include <glib.h>

#define DIGEST_LEN 32

struct auth {
	GArray *tokens;   /* digests of "token" */
	GArray *basics;   /* digests of "user:password" */
	char **open;      /* paths answered without credentials */
	size_t n_open;
};

struct digest {
	unsigned char d[DIGEST_LEN];
};

static struct digest digest_of(const void *p, size_t len)
{
	struct digest out;
	gsize n = DIGEST_LEN;
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(ck, p, (gssize)len);
	g_checksum_get_digest(ck, out.d, &n);
	g_checksum_free(ck);
	return out;
}

auth *auth_new(const struct srv_config *cfg)
{
	auth *a = g_new0(auth, 1);
	a->tokens = g_array_new(FALSE, FALSE, sizeof(struct digest));
	a->basics = g_array_new(FALSE, FALSE, sizeof(struct digest));
	for (size_t i = 0; i < cfg->n_bearer_tokens; i++) {
		struct digest d = digest_of(cfg->bearer_tokens[i], strlen(cfg->bearer_tokens[i]));
		g_array_append_val(a->tokens, d);
	}
	for (size_t i = 0; i < cfg->n_basic_users; i++) {
		char *up = g_strconcat(cfg->basic_users[i].username, ":",
			cfg->basic_users[i].password, NULL);
		struct digest d = digest_of(up, strlen(up));
		memset(up, 0, strlen(up));
		g_free(up);
		g_array_append_val(a->basics, d);
	}
	/* As configured: the configuration's defaults already hold
	 * /api/health and /metrics, and an empty list means none is open. */
	a->open = g_new0(char *, cfg->n_open_paths + 1);
	for (size_t i = 0; i < cfg->n_open_paths; i++)
		a->open[i] = g_strdup(cfg->open_paths[i]);
	a->n_open = cfg->n_open_paths;
	return a;
}

void auth_free(auth *a)
{
	if (!a)
		return;
	g_array_free(a->tokens, TRUE);
	g_array_free(a->basics, TRUE);
	for (size_t i = 0; i < a->n_open; i++)
		g_free(a->open[i]);
	g_free(a->open);
	g_free(a);
}

bool auth_enabled(const auth *a)
{
	return a->tokens->len + a->basics->len > 0;
}

/* 1 when d is one of set: every entry compared whole, whatever matched. */
static unsigned in_set(const GArray *set, const struct digest *d)
{
	unsigned found = 0;
	for (guint i = 0; i < set->len; i++) {
		const struct digest *x = &g_array_index(set, struct digest, i);
		unsigned diff = 0;
		for (size_t k = 0; k < DIGEST_LEN; k++)
			diff |= (unsigned)(x->d[k] ^ d->d[k]);
		found |= (diff == 0);
	}
	return found;
}

static bool scheme_is(const char *h, const char *scheme, const char **rest)
{
	size_t n = strlen(scheme);
	if (g_ascii_strncasecmp(h, scheme, n) != 0 || h[n] != ' ')
		return false;
	*rest = h + n + 1;
	while (**rest == ' ')
		(*rest)++;
	return true;
}

static bool check_bearer(const auth *a, const char *token)
{
	struct digest d = digest_of(token, strlen(token));
	return in_set(a->tokens, &d) != 0;
}

static bool check_basic(const auth *a, const char *b64)
{
	gsize n = 0;
	guchar *raw = g_base64_decode(b64, &n);
	if (!raw)
		return false;
	struct digest d = digest_of(raw, n);
	memset(raw, 0, n);
	g_free(raw);
	return in_set(a->basics, &d) != 0;
}

bool auth_identified(const auth *a, const char *authorization)
{
	if (!auth_enabled(a))
		return true;
	if (!authorization)
		return false;
	const char *rest;
	if (scheme_is(authorization, "Bearer", &rest))
		return a->tokens->len && check_bearer(a, rest);
	if (scheme_is(authorization, "Basic", &rest))
		return a->basics->len && check_basic(a, rest);
	return false;
}

bool auth_allows(const auth *a, const char *path, const char *authorization)
{
	if (!auth_enabled(a))
		return true;
	for (size_t i = 0; i < a->n_open; i++)
		if (strcmp(a->open[i], path) == 0)
			return true;
	return auth_identified(a, authorization);
}
