/*
 * addr.c — the listen address of cairn serve's configuration, checked and
 * split.  Pure functions; no state.  (Datasource URLs: datasource/promurl.h,
 * shared with the Prometheus client.)
 */
#include "server/addr.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

static bool host_char_ok(char ch)
{
	return g_ascii_isalnum(ch) || ch == '.' || ch == '-' || ch == '_';
}

/* "host:port", "[v6]:port", ":port" → host ("" = every interface), port. */
int addr_listen_parse(const char *addr, char **host, int *port, struct cairn_err *err)
{
	const char *colon, *h = addr;
	size_t hlen;
	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');
		if (!close || close[1] != ':')
			goto bad;
		h = addr + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
		for (size_t i = 0; i < hlen; i++)
			if (!g_ascii_isxdigit(h[i]) && h[i] != ':' && h[i] != '.')
				goto bad;
		if (hlen == 0)
			goto bad;
	} else {
		colon = strrchr(addr, ':');
		if (!colon)
			goto bad;
		hlen = (size_t)(colon - addr);
		for (size_t i = 0; i < hlen; i++)
			if (!host_char_ok(addr[i]))
				goto bad;
	}
	char *end;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (!g_ascii_isdigit(colon[1]) || *end || errno || p < 0 || p > 65535)
		goto bad;
	*host = g_strndup(h, hlen);
	*port = (int)p;
	return 0;
bad:
	return cairn_err_set(
	        err, CAIRN_EINVAL,
	        "expected HOST:PORT, [IPv6]:PORT or :PORT (port 0-65535), got \"%.64s\"", addr);
}
