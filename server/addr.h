/*
 * addr.h — listen addresses and datasource URLs for cairn serve's
 * configuration (config.c), checked and split.  Pure functions.
 */
#ifndef CAIRN_SERVER_ADDR_H
#define CAIRN_SERVER_ADDR_H

#include <stdbool.h>
#include "base/err.h"

/* "host:port", "[v6]:port" or ":port" (port 0-65535) → a new *host ("" =
 * every interface; g_free it) and *port.  0, or CAIRN_EINVAL with a message
 * quoting addr (no prefix: the caller adds the flag or JSON path). */
int addr_listen_parse(const char *addr, char **host, int *port, struct cairn_err *err);

/* A datasource URL split: new strings the caller owns (g_free). */
struct addr_url {
	char *url;                 /* without credentials */
	char *username, *password; /* percent-decoded; NULL when not given */
};

/* http(s)://[user:pass@]host[:port][/path] or "testdata"; no ?query,
 * #fragment, space or control character.  Credentials are an error unless
 * allow_userinfo.  0, or CAIRN_EINVAL with out zeroed and a message that
 * never quotes the URL. */
int addr_url_parse(const char *url, bool allow_userinfo, struct addr_url *out,
                   struct cairn_err *err);

#endif
