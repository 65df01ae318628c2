/*
 * promurl.h — a Prometheus base URL checked and split (promurl.c).
 */
#ifndef CAIRN_DATASOURCE_PROMURL_H
#define CAIRN_DATASOURCE_PROMURL_H

#include <stdbool.h>
#include "base/err.h"

/* A datasource URL split: new strings the caller owns (g_free). */
struct prom_url {
	char *url;                 /* without credentials */
	char *username, *password; /* percent-decoded; NULL when not given */
};

/* http(s)://[user:pass@]host[:port][/path] or "testdata"; no ?query,
 * #fragment, space or control character.  Credentials are an error unless
 * allow_userinfo.  0, or CAIRN_EINVAL with out zeroed and a message that
 * never quotes the URL. */
int prom_url_parse(const char *url, bool allow_userinfo, struct prom_url *out,
                   struct cairn_err *err);

#endif
