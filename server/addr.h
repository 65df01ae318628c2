/*
 * addr.h — the listen address of cairn serve's configuration (config.c),
 * checked and split.  Pure functions.
 */
#ifndef CAIRN_SERVER_ADDR_H
#define CAIRN_SERVER_ADDR_H

#include <stdbool.h>
#include "base/err.h"

/* "host:port", "[v6]:port" or ":port" (port 0-65535) → a new *host ("" =
 * every interface; g_free it) and *port.  0, or CAIRN_EINVAL with a message
 * quoting addr (no prefix: the caller adds the flag or JSON path). */
int addr_listen_parse(const char *addr, char **host, int *port, struct cairn_err *err);

#endif
