/*
 * http_int.h — what http.c (HTTP requests and answers, the service loop) and
 * httpws.c (WebSocket connections) share inside the service thread: the
 * connection and server structs, the wire constants, and the few functions
 * one calls in the other.  Not for any other module: server/http.h is the
 * contract.
 */
#ifndef CAIRN_SERVER_HTTP_INT_H
#define CAIRN_SERVER_HTTP_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include <glib.h>

#include "server/http.h"
#include "server/lwssym.h"

/* Bytes of body per lws_write: most images in one (what the socket does not
 * take at once, lws keeps and sends before the next writeable callback). */
#define CHUNK (256 * 1024)
#define HEADERS_ROOM 4096
#define SEND_TIMEOUT_S 60
#define IDLE_TIMEOUT_S 15   /* lws' own timeouts: headers, bodies, keep-alive */
#define WS_MAX_MESSAGE 65536
#define WS_PING_S 30.0
#define WS_MAX_QUEUED 256
#define WS_TICK_S 1.0       /* how often pings and silences are looked at */
/* The kernel's send buffer of a WebSocket connection (Linux doubles it):
 * frames beyond it wait in the connection's slots, where a newer one
 * replaces an older, instead of in up to tcp_wmem's 4 MiB per connection
 * of stale pictures (1,000 clients that stop reading: 4 GB of kernel
 * memory).  512 KiB in flight still moves 40 Mbit/s at 100 ms. */
#define WS_SNDBUF (256 * 1024)

enum conn_state { C_IDLE, C_BODY, C_WAITING, C_HEADERS, C_SENDING };

/* Per connection: ours, keyed by the wsi and freed at LWS_CALLBACK_WSI_DESTROY
 * (lws' per-session data can be freed and bound again between the requests
 * of a kept-alive connection, so nothing of ours lives there). */
struct conn {
	uint64_t id;              /* 0 until the first request */
	uint64_t txn;
	struct lws *wsi;
	enum conn_state state;
	struct http_req *req;     /* owned, except while C_WAITING (the server has it) */
	struct http_answer ans;
	bool has_ans;
	size_t sent;
	GByteArray *body;         /* POST body being received */
	bool body_too_large;
	struct ws *ws;            /* a WebSocket connection; NULL for HTTP */
	char remote[64];          /* the peer's address; "" until the first request */
};

/* One message waiting to go out: text alone, or a frame (text, then the
 * image as one binary message) under its key. */
struct ws_msg {
	char *text;
	size_t len;
	const struct img *img;
	char *key;                /* frames: the slot; NULL for plain text */
};

/* A WebSocket connection's own state. */
struct ws {
	GQueue q;                 /* struct ws_msg *, in order */
	GHashTable *slots;        /* key → struct ws_msg * waiting (also in q) */
	size_t n_plain;           /* plain messages in q */
	struct ws_msg *cur;       /* being written: off the queue and the slots */
	bool cur_binary;          /* writing cur's image (its text went) */
	size_t sent;              /* bytes of the current message written */
	GByteArray *rx;           /* the message being received */
	bool rx_over;             /* over ws_max_message: dropped */
	size_t rx_len;
	double heard;             /* mono_now() the client last sent anything */
	double ping_at;           /* mono_now() the unanswered ping went out */
	bool ping_due, pinged;
	bool closing;
	int close_status;
	char close_reason[100];
};

struct done {
	struct http_req *req;
	struct http_answer ans;
};

struct http {
	struct http_config cfg;
	struct lws_context *ctx;
	struct lws_vhost *vh;
	int port;
	pthread_t service_thread;
	bool service_known;
	GHashTable *conns;        /* id → struct conn *: service thread only */
	GHashTable *by_wsi;       /* struct lws * → struct conn * (owned) */
	uint64_t next_id;
	pthread_mutex_t lock;     /* guards done */
	GQueue done;              /* struct done *: answers from other threads */
	_Atomic size_t pending;
	bool closing;             /* draining: every answer closes its connection */
	int listen_fd;            /* lws' listening socket (-1: not found) */
	int plug[2];              /* draining: the pipe standing in for it */
	/* LWS_PRE + CHUNK: every write goes through it, one at a time on the
	 * service thread (lws keeps what a socket does not take at once), so
	 * one buffer serves every connection. */
	unsigned char *buf;
	lws_sorted_usec_list_t sul_wake;  /* http_wake_after */
	lws_sorted_usec_list_t sul_tick;  /* WebSocket pings and silences */
	uint64_t ws_replaced;             /* frames replaced before they went out */
	bool ticking;
};

/* http.c: a request header as a new string (NULL when absent). */
char *http_header_dup(struct lws *wsi, enum lws_token_indexes t);
/* http.c: the request line, arguments and headers of c's request. */
struct http_req *http_read_request(struct conn *c, const char *path);
/* http.c: wsi's connection, made when create and not known yet. */
struct conn *http_conn_of(http *h, struct lws *wsi, bool create);

/* httpws.c: the WebSocket side of the protocol callback. */
void httpws_free(struct ws *w);
int httpws_confirm(http *h, struct lws *wsi);
int httpws_established(http *h, struct lws *wsi);
int httpws_receive(http *h, struct conn *c, const void *in, size_t len);
void httpws_heard(struct conn *c);
int httpws_writeable(http *h, struct conn *c);

#endif
