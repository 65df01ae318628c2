/*
 * server.h — cairn serve: the HTTP service around the request library.
 *
 * One libwebsockets service thread owns every socket; it parses requests,
 * answers what needs no work (health, metrics, listings, cached images,
 * 304s, errors) and queues the rest for the request workers.  Workers run
 * request_run (queries through the shared query cache, drawing on the draw
 * pool) and hand the finished answer back through a queue and
 * lws_cancel_service.  Nothing slow ever runs on the service thread.
 *
 * The live views of the next issue stand on the same pieces: the catalog,
 * the request context, the worker queue and the caches.
 */
#ifndef CAIRN_SERVER_H
#define CAIRN_SERVER_H

#include <stddef.h>
#include "base/err.h"
#include "server/config.h"

typedef struct server server;

/* Builds everything the configuration asks for (fonts, pool, datasource
 * clients, caches, catalog loaded once) and binds the listening socket.
 * NULL with err naming what failed (the port in use, a TLS file, a
 * datasource URL).  cfg must stay alive, unchanged, until server_free (or
 * until a SIGHUP reload replaces it with one the server owns). */
server *server_new(const struct srv_config *cfg, struct cairn_err *err);

/* Serves until server_stop; then stops accepting, lets in-flight requests
 * finish within the configured grace, and returns 0. */
int server_run(server *s);

/* Async-signal-safe: asks server_run to stop (SIGTERM/SIGINT) or to reload
 * the configuration file and the dashboards (SIGHUP). */
void server_stop(server *s);
void server_reload(server *s);

/* Requests received and not yet answered (after server_run: those still
 * drawing when the grace ran out). */
size_t server_in_flight(const server *s);

/* The port actually bound (useful with port 0 in tests).  The socket
 * listens from server_new on, so a test may connect as soon as it has the
 * port (connections wait in the backlog until server_run serves them). */
int server_port(const server *s);

/* How SIGHUP gets a new configuration: fn builds it afresh into out (the
 * defaults, the file, the flags on top) and returns 0, or fails with err
 * (the running configuration stays, the error is logged).  Auth, limits,
 * the image TTL and the log format take effect at once; the listen
 * address, TLS, workers, queue, datasources and dashboards folders only at
 * a restart (logged).
 * Without one, SIGHUP rescans the dashboards only.  The server frees what
 * fn built with srv_config_fini.  The dashboards are rescanned either way. */
typedef int (*server_reconfig_fn)(void *ctx, struct srv_config *out, struct cairn_err *err);
void server_set_reconfig(server *s, server_reconfig_fn fn, void *ctx);

void server_free(server *s);

#endif
