/*
 * live.h — live views on /ws: a view is a dashboard seen one way (range,
 * variables, theme, refresh, each panel's size); every viewer of an
 * identical view shares it, so its panels are queried and drawn once per
 * refresh however many watch, and a panel is pushed only when its picture
 * changed.  The protocol is liveproto.h's (README.md, "Live views").
 *
 * Threads: everything here runs on the service thread (the http.c
 * callbacks and on_wake) except the renders, which are jobs on the
 * server's request threads; their results come back through a locked list
 * and http_wake.  Internal to server/ (state.h includes it).
 */
#ifndef CAIRN_SERVER_LIVE_H
#define CAIRN_SERVER_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct server;
struct http_req;
typedef struct live live;
struct live_task;

/* Never fails; s must outlive it (and its catalog, queue and http). */
live *live_new(struct server *s);
/* After the request threads have stopped (no task runs). */
void live_free(live *l);

/* The http.c WebSocket callbacks (service thread). */
bool live_ws_allow(void *ctx, const struct http_req *req);
void live_ws_open(void *ctx, uint64_t conn, const char *remote);
void live_ws_text(void *ctx, uint64_t conn, const char *text, size_t len);
void live_ws_close(void *ctx, uint64_t conn);

/* Service thread, after every wake-up: results in, timers run, the next
 * wake-up asked for. */
void live_on_wake(live *l);

/* A request thread: draws one panel of a view and hands the result back;
 * frees t. */
void live_task_run(struct live_task *t);
void live_task_free(struct live_task *t);

struct live_stats {
	size_t connections, views, viewers;
	uint64_t renders, frames_sent, frames_unchanged, frames_replaced;
};
void live_stats(live *l, struct live_stats *st);

#endif
