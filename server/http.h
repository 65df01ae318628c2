/*
 * http.h — the libwebsockets side of cairn serve: one context, one vhost,
 * one service thread, the connections and their answers.
 *
 * A request is parsed on the service thread into a struct http_req and
 * handed to the server's on_request, which owns it from then on and gives
 * it back, with its answer, through http_respond — from any thread, at any
 * time.  Answers from other threads travel through a locked list and
 * lws_cancel_service; the service thread then looks the connection up by
 * its handle, so an answer whose connection has closed meanwhile is simply
 * dropped (no socket is ever touched from a worker, no closed connection
 * is ever written to).
 */
#ifndef CAIRN_SERVER_HTTP_H
#define CAIRN_SERVER_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "server/imgcache.h"
#include "server/routes.h"

typedef struct http http;

/* One request as received.  Every string is owned by the request. */
struct http_req {
	uint64_t conn;              /* the connection's handle; never reused */
	uint64_t txn;               /* which request on that connection */
	enum http_method method;
	const char *method_name;
	char *path;                 /* decoded, without the query string */
	char *target;               /* path?query as logged (decoded) */
	struct http_arg *args;      /* the query string's arguments, decoded */
	size_t n_args;
	char *if_none_match;        /* NULL when absent */
	char *authorization;        /* NULL when absent; never logged */
	char *origin, *host;        /* Origin and Host; NULL when absent (WebSocket
	                               upgrades only) */
	char remote[64];
	unsigned char *body;        /* POST: the body (NUL-terminated), else NULL */
	size_t body_len;
	double t0;                  /* mono_now() when the request arrived */
};

/* One answer.  Exactly one of img and body carries the bytes (or neither). */
struct http_answer {
	int status;
	const char *content_type;   /* static string */
	const struct img *img;      /* a counted reference, released with the answer */
	unsigned char *body;        /* g_malloc'd, owned */
	size_t len;
	char etag[24];              /* "" = none */
	const char *cache_control;  /* static string; NULL = no-store */
	const char *csp;            /* static string: Content-Security-Policy; NULL =
	                               "default-src 'none'; frame-ancestors 'self'" */
	char cairn_status[16];      /* X-Cairn-Status; "" = none */
	char cairn_error[256];      /* X-Cairn-Error, header-safe; "" = none */
	int retry_after;            /* seconds; 0 = no Retry-After */
	bool www_authenticate;      /* 401: WWW-Authenticate */
	bool close;                 /* close the connection after the answer */
	bool not_modified;          /* 304: headers of the full answer, no body */
	/* for the access log and metrics */
	enum route_kind route;
	const char *cache;          /* "hit", "miss", "304", "shared" (drawn once for
	                               several at once), NULL */
};

struct http_config {
	const char *host;           /* NULL or "": every interface */
	int port;                   /* 0: any free port */
	const char *tls_cert, *tls_key;   /* both or neither */
	size_t max_header_bytes;
	size_t max_body_bytes;
	double request_timeout_s;   /* lws' own timeouts; the longest a request may wait */
	int log_format;             /* enum srv_log_format of lws' own error lines */
	/* Service thread.  Takes req; answer it with http_respond. */
	void (*on_request)(void *ctx, struct http_req *req);
	/* Service thread, after a wake-up (http_wake): signals, timers. */
	void (*on_wake)(void *ctx);
	/* Service thread (or where the answer was dropped): the request is
	 * done; bytes_sent is what reached the socket layer. */
	void (*on_done)(void *ctx, const struct http_req *req, const struct http_answer *a,
		size_t bytes_sent);
	void *ctx;

	/* WebSocket (service thread; all NULL: upgrades are refused).  A GET
	 * asking to upgrade is shown to ws_allow first (req holds its path,
	 * headers and peer; borrowed): false refuses it (403).  Then ws_open
	 * when it is open, ws_text for each whole text message (at most
	 * ws_max_message bytes; a longer one is dropped and ws_text gets
	 * text NULL with len its size so far), ws_close when it is gone. */
	bool (*ws_allow)(void *ctx, const struct http_req *req);
	void (*ws_open)(void *ctx, uint64_t conn, const char *remote);
	void (*ws_text)(void *ctx, uint64_t conn, const char *text, size_t len);
	void (*ws_close)(void *ctx, uint64_t conn);
	size_t ws_max_message;      /* bytes of one message received; default 64 KiB */
	double ws_ping_s;           /* a ping after this long without a word from the
	                               client; closed when no pong comes within as long
	                               again (or nothing could be sent for three times
	                               as long); default 30 */
	size_t ws_max_queued;       /* unkeyed messages waiting for one connection
	                               before it is closed as not reading; default 256 */
};

/* Creates the context and binds.  NULL with err ("listen 127.0.0.1:3000:
 * cannot bind ...", "tls: ..."). */
http *http_new(const struct http_config *c, struct cairn_err *err);
void http_free(http *h);

/* The port bound. */
int http_port(const http *h);

/* One round of the event loop (service thread).  <0 when lws gave up. */
int http_service(http *h);

/* Wakes the service thread (on_wake runs there).  Any thread;
 * async-signal-safe. */
void http_wake(http *h);

/* Hands an answer back: takes req and a (a is copied, its body and img
 * taken over).  Any thread. */
void http_respond(http *h, struct http_req *req, const struct http_answer *a);

/* Convenience: a short JSON error answer ({"error":..., "parameter":...}). */
void http_error_answer(struct http_answer *a, int status, const char *msg, const char *param);

/* Stops keeping connections alive: idle ones are closed now, the others
 * after their answer (service thread). */
void http_drain(http *h);
/* Connections that have sent a request and are still open (service thread). */
size_t http_connections(const http *h);

/* Requests received and not yet answered (service thread). */
size_t http_pending(const http *h);

/* ---- WebSocket connections (service thread only) -------------------------
 *
 * Each connection has a queue of messages in order, and keyed slots: a
 * frame sent under a key replaces the one still waiting under it (newer
 * replaces older), so a client that reads slowly gets the newest and holds
 * at most one frame per key.  A frame is a text message followed at once
 * by one binary message (the image, shared by reference).  Unknown or
 * closed connections are ignored: a send to them is dropped. */

/* Queues one text message (copied).  A connection with more than
 * ws_max_queued waiting is closed (1008: not reading). */
void http_ws_text(http *h, uint64_t conn, const char *text, size_t len);
/* Queues text followed by img's bytes as one binary message, under key
 * (copied): replaces what waits under key.  img: a reference taken. */
void http_ws_frame(http *h, uint64_t conn, const char *key, const char *text, size_t len,
	const struct img *img);
/* Closes after what is queued has been sent (status: a WebSocket close
 * code, 1000 normal, 1008 policy). */
void http_ws_close(http *h, uint64_t conn, int status, const char *reason);
/* Frames replaced by a newer one before they were sent, since the start
 * (a client reading slower than its frames come). */
uint64_t http_ws_replaced(const http *h);
/* Runs on_wake on the service thread after delay_s (one timer: a later
 * call replaces an earlier one). */
void http_wake_after(http *h, double delay_s);

void http_req_free(struct http_req *req);
void http_answer_fini(struct http_answer *a);

#endif
