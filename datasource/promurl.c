/*
 * promurl.c — Prometheus base URLs checked and split without libcurl, so a
 * client can be made (and a bad URL refused) before libcurl is loaded, and
 * the server's configuration checks URLs by the same rule.  Pure
 * functions.  A URL is never quoted back in a message: it may carry a
 * password.
 */
#include "datasource/promurl.h"

#include <glib.h>
#include <string.h>

static bool host_char_ok(char ch)
{
	return g_ascii_isalnum(ch) || ch == '.' || ch == '-' || ch == '_';
}

static bool scheme_is(const char *url, const char *scheme, size_t *skip)
{
	size_t n = strlen(scheme);
	*skip = n;
	return g_ascii_strncasecmp(url, scheme, n) == 0;
}

static int url_hostport_ok(const char *hp, size_t len)
{
	size_t i = 0;
	if (len == 0)
		return 0;
	if (hp[0] == '[') {
		for (i = 1; i < len && hp[i] != ']'; i++)
			if (!g_ascii_isxdigit(hp[i]) && hp[i] != ':' && hp[i] != '.')
				return 0;
		if (i >= len || i == 1)
			return 0;
		i++;
	} else {
		while (i < len && host_char_ok(hp[i]))
			i++;
		if (i == 0)
			return 0;
	}
	if (i == len)
		return 1;
	if (hp[i] != ':' || i + 1 == len || len - i - 1 > 5)
		return 0;
	unsigned port = 0;
	for (i++; i < len; i++) {
		if (!g_ascii_isdigit(hp[i]))
			return 0;
		port = port * 10 + (unsigned)(hp[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* Splits credentials out of the authority ("user:pass@"), percent-decoded. */
static int url_userinfo(const char *ui, size_t len, struct prom_url *out)
{
	const char *colon = memchr(ui, ':', len);
	char *user = g_strndup(ui, colon ? (size_t)(colon - ui) : len);
	char *pass = colon ? g_strndup(colon + 1, len - (size_t)(colon - ui) - 1) : NULL;
	out->username = g_uri_unescape_string(user, NULL);
	out->password = pass ? g_uri_unescape_string(pass, NULL) : NULL;
	int ok = out->username && *out->username && (!pass || out->password);
	g_free(user);
	if (pass)
		explicit_bzero(pass, strlen(pass));
	g_free(pass);
	return ok;
}

/* http(s)://[user:pass@]host[:port][/path] or "testdata".  The URL is never
 * quoted back: it may carry a password. */
int prom_url_parse(const char *url, bool allow_userinfo, struct prom_url *out,
                   struct cairn_err *err)
{
	static const char want[] = "expected http(s)://host[:port][/path] or testdata";
	size_t skip;
	memset(out, 0, sizeof *out);
	if (strcmp(url, "testdata") == 0) {
		out->url = g_strdup(url);
		return 0;
	}
	if (!scheme_is(url, "http://", &skip) && !scheme_is(url, "https://", &skip))
		return cairn_err_set(err, CAIRN_EINVAL, "%s", want);
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '?' || *p == '#' || *p == '\\')
			return cairn_err_set(err, CAIRN_EINVAL,
			                     "%s (no spaces, ?query or #fragment)", want);
	const char *auth = url + skip;
	size_t alen = strcspn(auth, "/");
	const char *at = g_strrstr_len(auth, (gssize)alen, "@");
	const char *hp = at ? at + 1 : auth;
	if (at && !allow_userinfo)
		return cairn_err_set(err, CAIRN_EINVAL,
		                     "credentials in the URL: put them under basic_auth instead");
	if (!url_hostport_ok(hp, alen - (size_t)(hp - auth)))
		return cairn_err_set(err, CAIRN_EINVAL, "%s (bad host or port)", want);
	if (at && !url_userinfo(auth, (size_t)(at - auth), out)) {
		g_free(out->username);
		if (out->password)
			explicit_bzero(out->password, strlen(out->password));
		g_free(out->password);
		memset(out, 0, sizeof *out);
		return cairn_err_set(err, CAIRN_EINVAL, "%s (bad user:password@ part)", want);
	}
	out->url = g_strdup_printf("%.*s%s", (int)skip, url, hp);
	return 0;
}
