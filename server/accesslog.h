/*
 * accesslog.h — one line per request, and the server's other log lines, on
 * stderr (journald and kubectl logs take it from there).
 *
 * Text:  2026-12-03T08:30:00.123Z GET /render/d-solo/node?panelId=2 200 48213B 12.4ms cache=hit status=ok
 * JSON:  {"ts":"2026-12-03T08:30:00.123Z","method":"GET","path":"/render/d-solo/node?panelId=2",
 *         "status":200,"bytes":48213,"ms":12.4,"cache":"hit","render_status":"ok"}
 *
 * The path is logged with its query string, but the values of parameters
 * that can carry secrets (auth, token, api_key, password) are replaced by
 * "***"; Authorization headers are never logged.  Control characters are
 * escaped so a request cannot forge log lines.  Thread-safe; a line is
 * never split between two write(2)s.  Request lines are kept in order in a
 * small buffer until accesslog_flush or the next event line (events go out
 * at once, after the request lines before them).
 */
#ifndef CAIRN_SERVER_ACCESSLOG_H
#define CAIRN_SERVER_ACCESSLOG_H

#include <stddef.h>
#include "server/config.h"

struct access_entry {
	const char *method;
	const char *path;          /* as requested, query string included */
	int status;
	size_t bytes;
	double ms;
	const char *cache;         /* "hit", "miss", "304", "shared", or NULL (not cacheable) */
	const char *render_status; /* X-Cairn-Status, or NULL */
	const char *remote;        /* peer address, or NULL */
};

/* Keeps the line for the next accesslog_flush (or event line; written at
 * once when the buffer is full). */
void accesslog_request(enum srv_log_format f, const struct access_entry *e);

/* Writes the request lines kept so far.  The server's service thread calls
 * it after each round of its event loop and when it stops. */
void accesslog_flush(void);

/* Any other event: level "info", "warn", "error"; msg is free text (escaped). */
void accesslog_event(enum srv_log_format f, const char *level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Formats without writing (tests): malloc'd line ending in '\n'. */
char *accesslog_format_request(enum srv_log_format f, const struct access_entry *e);

#endif
