/*
 * http.c — the service thread: libwebsockets context and vhost, the
 * protocol callback (a switch calling one function per event), each
 * connection's state, and the hand-back of answers from other threads.
 * The WebSocket side of the callback is httpws.c's.
 *
 * Owns sockets and bytes on the wire; it decides nothing about routes,
 * auth or rendering (server.c's on_request does).  Every function here
 * runs on the service thread except http_respond and http_wake.
 */
#include "server/http_int.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "base/budget.h"
#include "server/accesslog.h"

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
	size_t len);

/* tx_packet_size: lws sends at most this much (+ LWS_PRE + 4) per send(2)
 * and keeps the rest in a buffer of its own, sent one such piece per
 * writeable round; left 0 it is the service buffer's 4 KiB, so a 95 KB
 * image took 24 sends and 24 rounds of poll (seen with strace).  A whole
 * CHUNK with its headers goes in one send. */
static const struct lws_protocols protocols[] = {
	{ "http", callback, 0, 0, 0, NULL, CHUNK + HEADERS_ROOM },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

/* ---- requests and answers ---------------------------------------------- */

void http_req_free(struct http_req *req)
{
	if (!req)
		return;
	for (size_t i = 0; i < req->n_args; i++) {
		g_free((char *)req->args[i].name);
		/* value points into the same allocation as name */
	}
	g_free(req->args);
	g_free(req->path);
	g_free(req->target);
	g_free(req->if_none_match);
	g_free(req->authorization);
	g_free(req->origin);
	g_free(req->host);
	g_free(req->body);
	g_free(req);
}

void http_answer_fini(struct http_answer *a)
{
	if (a->img)
		img_unref(a->img);
	g_free(a->body);
	memset(a, 0, sizeof *a);
}

void http_error_answer(struct http_answer *a, int status, const char *msg, const char *param)
{
	http_answer_fini(a);
	a->status = status;
	a->content_type = "application/json";
	a->body = (unsigned char *)json_error_body(msg, param, &a->len);
	a->cache_control = NULL;
}

char *http_header_dup(struct lws *wsi, enum lws_token_indexes t)
{
	int n = lws_hdr_total_length(wsi, t);
	if (n <= 0)
		return NULL;
	char *s = g_malloc((size_t)n + 1);
	if (lws_hdr_copy(wsi, s, n + 1, t) < 0) {
		g_free(s);
		return NULL;
	}
	return s;
}

static enum http_method method_of(int m, const char **name)
{
	switch (m) {
	case LWSHUMETH_GET: *name = "GET"; return METHOD_GET;
	case LWSHUMETH_POST: *name = "POST"; return METHOD_POST;
	case LWSHUMETH_HEAD: *name = "HEAD"; return METHOD_HEAD;
	case LWSHUMETH_PUT: *name = "PUT"; return METHOD_OTHER;
	case LWSHUMETH_DELETE: *name = "DELETE"; return METHOD_OTHER;
	case LWSHUMETH_PATCH: *name = "PATCH"; return METHOD_OTHER;
	case LWSHUMETH_OPTIONS: *name = "OPTIONS"; return METHOD_OTHER;
	default: *name = "OTHER"; return METHOD_OTHER;
	}
}

/* s percent-encoded as g_uri_escape_string(s, keep, FALSE) does it:
 * unreserved characters and those in keep as they are, every other byte
 * %XX.  By hand: every request's every argument passes here, and GLib's
 * allocates a string each time. */
static void append_escaped(GString *out, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (g_ascii_isalnum(*c) || *c == '-' || *c == '.' || *c == '_' || *c == '~' ||
			(keep && strchr(keep, *c))) {
			g_string_append_c(out, (char)*c);
		} else {
			char e[3] = { '%', hex[*c >> 4], hex[*c & 15] };
			g_string_append_len(out, e, 3);
		}
	}
}

/* The logged target shows arguments encoded again, so a decoded '&', '='
 * or newline in a value cannot change how the line reads. */
static void append_arg(GString *target, bool first, const char *name, const char *value)
{
	g_string_append_c(target, first ? '?' : '&');
	append_escaped(target, name, NULL);
	if (!value)
		return;
	g_string_append_c(target, '=');
	append_escaped(target, value, "/:,$");
}

/* The query string's arguments: lws splits them at '&' and decodes each
 * ("name=value"), so a value may hold an encoded '&' or '='.  (lws 4.1
 * ends the query string at an encoded newline: what follows %0A is not
 * seen.) */
static void read_args(struct lws *wsi, struct http_req *req, GString *target)
{
	int n = 0;
	while (lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, n) > 0)
		n++;
	req->args = g_new0(struct http_arg, n ? (size_t)n : 1);
	for (int i = 0; i < n; i++) {
		int flen = lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, i);
		char *frag = g_malloc((size_t)flen + 2);
		if (lws_hdr_copy_fragment(wsi, frag, flen + 1, WSI_TOKEN_HTTP_URI_ARGS, i) < 0) {
			g_free(frag);
			continue;
		}
		/* name and value share the allocation: "name\0value\0". */
		char *eq = strchr(frag, '=');
		if (eq)
			*eq = '\0';
		req->args[req->n_args++] = (struct http_arg){ frag, eq ? eq + 1 : frag + strlen(frag) };
		append_arg(target, req->n_args == 1, frag, eq ? eq + 1 : NULL);
	}
}

struct http_req *http_read_request(struct conn *c, const char *path)
{
	struct http_req *req = g_new0(struct http_req, 1);
	char *uri;
	int ulen;
	req->t0 = mono_now();
	req->conn = c->id;
	req->txn = ++c->txn;
	req->method = method_of(lws_http_get_uri_and_method(c->wsi, &uri, &ulen),
		&req->method_name);
	req->path = g_strdup(path && *path ? path : "/");
	GString *target = g_string_new(req->path);
	read_args(c->wsi, req, target);
	req->target = g_string_free(target, FALSE);
	req->if_none_match = http_header_dup(c->wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH);
	req->authorization = http_header_dup(c->wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
	/* The peer does not change on a connection: asked once (getpeername). */
	if (!c->remote[0])
		lws_get_peer_simple(c->wsi, c->remote, sizeof c->remote);
	memcpy(req->remote, c->remote, sizeof req->remote);
	return req;
}

/* ---- the hand-back ------------------------------------------------------ */

static void finish_dropped(http *h, struct http_req *req, struct http_answer *a)
{
	if (h->cfg.on_done)
		h->cfg.on_done(h->cfg.ctx, req, a, 0);
	atomic_fetch_sub(&h->pending, 1);
	http_answer_fini(a);
	http_req_free(req);
}

/* Service thread: the answer goes to its connection if that still waits
 * for it; otherwise it is dropped. */
static void deliver(http *h, struct http_req *req, struct http_answer *a)
{
	struct conn *c = g_hash_table_lookup(h->conns, &req->conn);
	if (!c || c->state != C_WAITING || c->txn != req->txn) {
		finish_dropped(h, req, a);
		return;
	}
	c->req = req;
	c->ans = *a;
	c->has_ans = true;
	c->sent = 0;
	c->state = C_HEADERS;
	/* The wait is over; a client that does not read its answer in this
	 * long loses it. */
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_HTTP_CONTENT, SEND_TIMEOUT_S);
	lws_callback_on_writable(c->wsi);
}

void http_respond(http *h, struct http_req *req, const struct http_answer *a)
{
	if (h->service_known && pthread_equal(pthread_self(), h->service_thread)) {
		struct http_answer copy = *a;
		deliver(h, req, &copy);
		return;
	}
	struct done *d = g_new0(struct done, 1);
	d->req = req;
	d->ans = *a;
	pthread_mutex_lock(&h->lock);
	g_queue_push_tail(&h->done, d);
	pthread_mutex_unlock(&h->lock);
	lws_cancel_service(h->ctx);
}

static void drain_done(http *h)
{
	for (;;) {
		pthread_mutex_lock(&h->lock);
		struct done *d = g_queue_pop_head(&h->done);
		pthread_mutex_unlock(&h->lock);
		if (!d)
			return;
		deliver(h, d->req, &d->ans);
		g_free(d);
	}
}

void http_wake(http *h)
{
	if (h && h->ctx)
		lws_cancel_service(h->ctx);
}

/* Kills connections waiting for their next request; the others close
 * after their answer. */
/* Whether a listening socket's address is the one we bound: host's (IPv4
 * or IPv6 text), or any address for every interface (host NULL or ""). */
static bool bound_to(const struct sockaddr_storage *a, const char *host)
{
	if (!host || !*host)
		return true;
	unsigned char want[16];
	if (a->ss_family == AF_INET)
		return inet_pton(AF_INET, host, want) == 1 &&
		       memcmp(&((const struct sockaddr_in *)a)->sin_addr, want, 4) == 0;
	if (a->ss_family == AF_INET6)
		return inet_pton(AF_INET6, host, want) == 1 &&
		       memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, want, 16) == 0;
	return false;
}

/* lws' listening socket: lws 4.1 has no call that gives it (or closes
 * only it), so it is found among the process' sockets as the one listening
 * on our port and address.  -1 when none is (then draining answers 503
 * instead). */
static int find_listen_fd(int port, const char *host)
{
	for (int fd = 0; fd < 4096; fd++) {
		int on = 0;
		socklen_t ol = sizeof on;
		struct sockaddr_storage a;
		socklen_t al = sizeof a;
		if (fcntl(fd, F_GETFD) < 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &ol) != 0 || !on ||
		    getsockname(fd, (struct sockaddr *)&a, &al) != 0)
			continue;
		int p = a.ss_family == AF_INET    ? ntohs(((struct sockaddr_in *)&a)->sin_port)
		        : a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port)
		                                  : -1;
		if (p == port && bound_to(&a, host))
			return fd;
	}
	return -1;
}

/* Stops listening: the listening socket is closed (new connections are
 * refused by the kernel) by putting the read end of a pipe nobody writes to
 * in its place, so the descriptor lws polls stays valid and never ready. */
static void stop_listening(http *h)
{
	if (h->listen_fd < 0 || h->plug[0] >= 0 || pipe2(h->plug, O_CLOEXEC) != 0)
		return;
	if (dup2(h->plug[0], h->listen_fd) < 0) {
		close(h->plug[0]);
		close(h->plug[1]);
		h->plug[0] = h->plug[1] = -1;
	}
}

void http_drain(http *h)
{
	h->closing = true;
	stop_listening(h);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, h->conns);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct conn *c = v;
		if (c->ws)
			http_ws_close(h, c->id, LWS_CLOSE_STATUS_GOINGAWAY, "shutting down");
		else if (c->state == C_IDLE)
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
	}
}

size_t http_connections(const http *h)
{
	return g_hash_table_size(h->conns);
}

size_t http_pending(const http *h)
{
	return atomic_load(&((http *)h)->pending);
}



static void wake_cb(lws_sorted_usec_list_t *sul)
{
	http *h = lws_container_of(sul, struct http, sul_wake);
	if (h->cfg.on_wake)
		h->cfg.on_wake(h->cfg.ctx);
}

void http_wake_after(http *h, double delay_s)
{
	lws_usec_t us = delay_s > 0 ? (lws_usec_t)(delay_s * LWS_US_PER_SEC) : 1;
	lws_sul_schedule(h->ctx, 0, &h->sul_wake, wake_cb, us);
}


/* ---- connection events -------------------------------------------------- */

static void conn_reset(struct conn *c)
{
	if (c->state != C_WAITING)
		http_req_free(c->req);
	c->req = NULL;
	if (c->has_ans)
		http_answer_fini(&c->ans);
	c->has_ans = false;
	if (c->body)
		g_byte_array_free(c->body, TRUE);
	c->body = NULL;
	c->body_too_large = false;
	c->sent = 0;
	c->state = C_IDLE;
}

/* An answer made here, without the server (413 before the body). */
static void answer_here(http *h, struct conn *c, int status, const char *msg)
{
	struct http_answer a = { 0 };
	http_error_answer(&a, status, msg, NULL);
	a.close = true;
	c->state = C_WAITING;
	struct http_req *req = c->req;
	c->req = NULL;
	atomic_fetch_add(&h->pending, 1);
	deliver(h, req, &a);
}

static void hand_to_server(http *h, struct conn *c)
{
	struct http_req *req = c->req;
	c->req = NULL;
	c->state = C_WAITING;
	atomic_fetch_add(&h->pending, 1);
	/* lws' idle timeouts must not cut a request that waits for its
	 * render; the request's own deadline bounds the wait. */
	lws_set_timeout(c->wsi, PENDING_TIMEOUT_HTTP_CONTENT, (int)h->cfg.request_timeout_s + 5);
	h->cfg.on_request(h->cfg.ctx, req);
}

struct conn *http_conn_of(http *h, struct lws *wsi, bool create)
{
	struct conn *c = g_hash_table_lookup(h->by_wsi, wsi);
	if (c || !create)
		return c;
	c = g_new0(struct conn, 1);
	c->wsi = wsi;
	c->id = ++h->next_id;
	g_hash_table_insert(h->by_wsi, wsi, c);
	g_hash_table_insert(h->conns, &c->id, c);
	return c;
}

static int on_http(http *h, struct lws *wsi, const char *path)
{
	struct conn *c = http_conn_of(h, wsi, true);
	conn_reset(c);
	c->req = http_read_request(c, path);
	if (c->req->method != METHOD_POST) {
		hand_to_server(h, c);
		return 0;
	}
	char *cl = http_header_dup(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH);
	unsigned long long n = cl ? g_ascii_strtoull(cl, NULL, 10) : 0;
	g_free(cl);
	if (n > h->cfg.max_body_bytes) {
		char msg[128];
		snprintf(msg, sizeof msg, "request body of %llu bytes is over the limit of %zu bytes",
			n, h->cfg.max_body_bytes);
		answer_here(h, c, 413, msg);
		return 0;
	}
	if (n == 0) {
		/* lws reports no body events for an empty body */
		hand_to_server(h, c);
		return 0;
	}
	c->body = g_byte_array_new();
	c->state = C_BODY;
	return 0;
}

static int on_body(http *h, struct conn *c, const void *in, size_t len)
{
	if (c->state != C_BODY)
		return 0;
	if (c->body->len + len > h->cfg.max_body_bytes)
		c->body_too_large = true;
	if (!c->body_too_large)
		g_byte_array_append(c->body, in, (guint)len);
	return 0;
}

static int on_body_done(http *h, struct conn *c)
{
	if (c->state != C_BODY)
		return 0;
	if (c->body_too_large) {
		char msg[128];
		snprintf(msg, sizeof msg, "request body is over the limit of %zu bytes",
			h->cfg.max_body_bytes);
		answer_here(h, c, 413, msg);
		return 0;
	}
	g_byte_array_append(c->body, (const guint8 *)"", 1);
	c->req->body_len = c->body->len - 1;
	c->req->body = g_byte_array_free(c->body, FALSE);
	c->body = NULL;
	hand_to_server(h, c);
	return 0;
}

static int add_header(struct lws *wsi, const char *name, const char *value, unsigned char **p,
	unsigned char *end)
{
	return lws_add_http_header_by_name(wsi, (const unsigned char *)name,
		(const unsigned char *)value, (int)strlen(value), p, end);
}

/* Security headers go on every answer: nothing cairn serves is sniffed,
 * runs scripts (SVG included), is framed by another origin or tells where
 * it came from. */
static int add_security(struct lws *wsi, const char *csp, unsigned char **p,
	unsigned char *end)
{
	return add_header(wsi, "x-content-type-options:", "nosniff", p, end) ||
		add_header(wsi, "x-frame-options:", "SAMEORIGIN", p, end) ||
		add_header(wsi, "referrer-policy:", "no-referrer", p, end) ||
		add_header(wsi, "content-security-policy:",
			csp ? csp : "default-src 'none'; frame-ancestors 'self'", p, end);
}

static int add_answer_headers(struct lws *wsi, const struct http_answer *a, unsigned char **p,
	unsigned char *end)
{
	char num[32];
	if (a->etag[0] && add_header(wsi, "etag:", a->etag, p, end))
		return -1;
	if (add_header(wsi, "cache-control:", a->cache_control ? a->cache_control : "no-store",
		p, end))
		return -1;
	if (a->cairn_status[0] && add_header(wsi, "x-cairn-status:", a->cairn_status, p, end))
		return -1;
	if (a->cairn_error[0] && add_header(wsi, "x-cairn-error:", a->cairn_error, p, end))
		return -1;
	if (a->retry_after > 0) {
		snprintf(num, sizeof num, "%d", a->retry_after);
		if (add_header(wsi, "retry-after:", num, p, end))
			return -1;
	}
	if (a->www_authenticate &&
		add_header(wsi, "www-authenticate:", "Bearer realm=\"cairn\", Basic realm=\"cairn\"",
			p, end))
		return -1;
	return add_security(wsi, a->csp, p, end);
}

static const unsigned char *answer_bytes(const struct http_answer *a, size_t *len)
{
	if (a->not_modified) {
		*len = 0;
		return NULL;
	}
	if (a->img) {
		*len = a->img->len;
		return a->img->bytes;
	}
	*len = a->len;
	return a->body;
}

/* Ends the transaction: logs, frees, and keeps the connection for the next
 * request unless the answer or lws says to close.  -1 closes. */
static int finish(http *h, struct conn *c)
{
	bool close_it = c->ans.close || h->closing;
	if (h->cfg.on_done)
		h->cfg.on_done(h->cfg.ctx, c->req, &c->ans, c->sent);
	atomic_fetch_sub(&h->pending, 1);
	conn_reset(c);
	if (close_it)
		return -1;
	return lws_http_transaction_completed(c->wsi) ? -1 : 0;
}

static int write_body(http *h, struct conn *c);

_Static_assert(LWS_PRE + HEADERS_ROOM / 4 <= IMG_HEADROOM,
	"an image's headroom holds LWS_PRE and the usual headers");

/* The headers (hlen bytes at h->buf + LWS_PRE) and the first piece of the
 * body in one send: a cached image takes the headers into its headroom
 * (imgcache.h), so it is not copied at all; any other body is copied
 * behind the headers.  Two sends instead cost a second trip through the
 * kernel and, with TCP_NODELAY, a segment of its own for the headers. */
static int write_first(http *h, struct conn *c, size_t hlen, const unsigned char *body,
	size_t len)
{
	unsigned char *out = h->buf + LWS_PRE;
	size_t n;
	if (c->ans.img && LWS_PRE + hlen <= IMG_HEADROOM) {
		n = len < CHUNK ? len : CHUNK;
		out = (unsigned char *)body - hlen;   /* the service thread's headroom */
		memcpy(out, h->buf + LWS_PRE, hlen);
	} else {
		n = len < CHUNK - hlen ? len : CHUNK - hlen;
		memcpy(out + hlen, body, n);
	}
	bool last = n == len;
	if (lws_write(c->wsi, out, hlen + n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) <
		(int)(hlen + n))
		return -1;
	c->sent = n;
	if (last)
		return finish(h, c);
	lws_callback_on_writable(c->wsi);
	return 0;
}

static int write_headers(http *h, struct conn *c)
{
	const struct http_answer *a = &c->ans;
	size_t len;
	const unsigned char *body = answer_bytes(a, &len);
	unsigned char *start = h->buf + LWS_PRE, *p = start, *end = start + HEADERS_ROOM;
	int status = a->not_modified ? 304 : a->status;
	/* A 304 carries no Content-Length (RFC 9110 8.6: it would have to be
	 * the image's, and a proxy could take 0 for it). */
	if (lws_add_http_common_headers(c->wsi, (unsigned)status, a->content_type,
		a->not_modified ? LWS_ILLEGAL_HTTP_CONTENT_LEN : (lws_filepos_t)len, &p, end) ||
		add_answer_headers(c->wsi, a, &p, end) || lws_finalize_http_header(c->wsi, &p, end))
		return -1;
	size_t hlen = (size_t)(p - start);
	/* HEAD: the headers alone (a body would be read as the next answer). */
	bool head = c->req && c->req->method == METHOD_HEAD;
	if (len > 0 && !head) {
		c->state = C_SENDING;
		/* HTTP/1 only: an HTTP/2 stream (lws' mux) frames headers apart. */
		if (lws_get_network_wsi(c->wsi) == c->wsi)
			return write_first(h, c, hlen, body, len);
	}
	if (lws_write(c->wsi, start, hlen, LWS_WRITE_HTTP_HEADERS) < (int)hlen)
		return -1;
	if (len == 0 || head)
		return finish(h, c);
	/* The socket took the headers whole: the body follows at once rather
	 * than one more round of the event loop later. */
	if (!lws_partial_buffered(c->wsi))
		return write_body(h, c);
	lws_callback_on_writable(c->wsi);
	return 0;
}

/* The body after its first piece (answers over CHUNK), a piece per
 * writeable round, through the buffer (lws_write wants LWS_PRE bytes of
 * its own in front). */
static int write_body(http *h, struct conn *c)
{
	size_t len;
	const unsigned char *bytes = answer_bytes(&c->ans, &len);
	size_t n = len - c->sent < CHUNK ? len - c->sent : CHUNK;
	bool last = c->sent + n == len;
	memcpy(h->buf + LWS_PRE, bytes + c->sent, n);
	if (lws_write(c->wsi, h->buf + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) <
		(int)n)
		return -1;
	c->sent += n;
	if (last)
		return finish(h, c);
	lws_callback_on_writable(c->wsi);
	return 0;
}

static int on_writeable(http *h, struct conn *c)
{
	if (c->state == C_HEADERS)
		return write_headers(h, c);
	if (c->state == C_SENDING)
		return write_body(h, c);
	return 0;
}

static void on_closed(http *h, struct lws *wsi)
{
	struct conn *c = http_conn_of(h, wsi, false);
	if (!c)
		return;
	g_hash_table_remove(h->conns, &c->id);
	g_hash_table_remove(h->by_wsi, wsi);
	if (c->ws) {
		if (h->cfg.ws_close)
			h->cfg.ws_close(h->cfg.ctx, c->id);
		httpws_free(c->ws);
		c->ws = NULL;
	}
	if (c->state == C_HEADERS || c->state == C_SENDING) {
		/* closed mid-answer: still one finished request to account for */
		if (h->cfg.on_done)
			h->cfg.on_done(h->cfg.ctx, c->req, &c->ans, c->sent);
		atomic_fetch_sub(&h->pending, 1);
	}
	conn_reset(c);
	g_free(c);
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
	size_t len)
{
	struct lws_context *lc = lws_get_context(wsi);
	http *h = lc ? lws_context_user(lc) : NULL;
	if (!h)
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	struct conn *c = NULL;
	if (reason == LWS_CALLBACK_HTTP_BODY || reason == LWS_CALLBACK_HTTP_BODY_COMPLETION ||
		reason == LWS_CALLBACK_HTTP_WRITEABLE) {
		c = http_conn_of(h, wsi, false);
		if (!c)
			return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
	if (reason == LWS_CALLBACK_RECEIVE || reason == LWS_CALLBACK_RECEIVE_PONG ||
		reason == LWS_CALLBACK_SERVER_WRITEABLE) {
		c = http_conn_of(h, wsi, false);
		if (!c || !c->ws)
			return reason == LWS_CALLBACK_SERVER_WRITEABLE ? 0 : -1;
	}
	switch (reason) {
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
		return httpws_confirm(h, wsi);
	case LWS_CALLBACK_ESTABLISHED:
		return httpws_established(h, wsi);
	case LWS_CALLBACK_RECEIVE:
		return httpws_receive(h, c, in, len);
	case LWS_CALLBACK_RECEIVE_PONG:
		httpws_heard(c);
		return 0;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return httpws_writeable(h, c);
	case LWS_CALLBACK_CLOSED:
		on_closed(h, wsi);
		return 0;
	case LWS_CALLBACK_HTTP:
		return on_http(h, wsi, in);
	case LWS_CALLBACK_HTTP_BODY:
		return on_body(h, c, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return on_body_done(h, c);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return on_writeable(h, c);
	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_WSI_DESTROY:
		on_closed(h, wsi);
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		drain_done(h);
		if (h->cfg.on_wake)
			h->cfg.on_wake(h->cfg.ctx);
		return 0;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
}

/* ---- the context -------------------------------------------------------- */

/* lws' error lines, in the server's log format (one per process, as lws'
 * logging is). */
static _Atomic int lws_log_format;

static void lws_log(int level, const char *line)
{
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	accesslog_event((enum srv_log_format)atomic_load(&lws_log_format), "error", "lws: %.*s",
		(int)n, line);
}

http *http_new(const struct http_config *cfg, struct cairn_err *err)
{
	if (lwssym_load(err))
		return NULL;
	http *h = g_new0(http, 1);
	h->listen_fd = h->plug[0] = h->plug[1] = -1;
	h->cfg = *cfg;
	if (!h->cfg.ws_max_message)
		h->cfg.ws_max_message = WS_MAX_MESSAGE;
	if (!(h->cfg.ws_ping_s > 0))
		h->cfg.ws_ping_s = WS_PING_S;
	if (!h->cfg.ws_max_queued)
		h->cfg.ws_max_queued = WS_MAX_QUEUED;
	h->conns = g_hash_table_new(g_int64_hash, g_int64_equal);
	h->by_wsi = g_hash_table_new(g_direct_hash, g_direct_equal);
	h->buf = g_malloc(LWS_PRE + CHUNK);
	pthread_mutex_init(&h->lock, NULL);
	g_queue_init(&h->done);
	atomic_store(&lws_log_format, cfg->log_format);
	lws_set_log_level(LLL_ERR, lws_log);

	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = cfg->port;
	info.iface = cfg->host && *cfg->host ? cfg->host : NULL;
	info.protocols = protocols;
	info.user = h;
	info.max_http_header_data =
		(unsigned short)(cfg->max_header_bytes > 65535 ? 65535 : cfg->max_header_bytes);
	info.max_http_header_data2 = (unsigned)cfg->max_header_bytes;
	info.timeout_secs = IDLE_TIMEOUT_S;
	info.keepalive_timeout = IDLE_TIMEOUT_S;
	info.server_string = "cairn";
	/* An IPv4 address is bound as such: with IPv6 on, lws 4.1 binds the
	 * wildcard [::] instead of 127.0.0.1 (seen with ss -ltn). */
	if (info.iface && !strchr(info.iface, ':'))
		info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
	if (cfg->tls_cert && cfg->tls_key) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = cfg->tls_cert;
		info.ssl_private_key_filepath = cfg->tls_key;
		/* HTTP/1.1 only: the answers are whole images sent in chunks, and
		 * lws 4.1's h2 streams lose a body written after a deferred header
		 * (seen: 200 with 0 bytes). */
		info.alpn = "http/1.1";
	}
	h->ctx = lws_create_context(&info);
	if (!h->ctx) {
		cairn_err_set(err, CAIRN_EIO, "listen %s:%d: cannot start the HTTP service (the port "
			"in use, an address not of this machine%s)", info.iface ? info.iface : "*",
			cfg->port, cfg->tls_cert ? ", or the TLS certificate or key unreadable" : "");
		goto fail;
	}
	h->vh = lws_get_vhost_by_name(h->ctx, "default");
	h->port = h->vh ? lws_get_vhost_listen_port(h->vh) : cfg->port;
	h->listen_fd = h->port > 0 ? find_listen_fd(h->port, cfg->host) : -1;
	if (h->port <= 0) {
		cairn_err_set(err, CAIRN_EIO, "listen %s:%d: not listening",
			info.iface ? info.iface : "*", cfg->port);
		goto fail;
	}
	return h;
fail:
	http_free(h);
	return NULL;
}

int http_port(const http *h)
{
	return h->port;
}

int http_service(http *h)
{
	if (!h->service_known) {
		h->service_thread = pthread_self();
		h->service_known = true;
	}
	int rc = lws_service(h->ctx, 0);
	/* The round's request lines, in one write. */
	accesslog_flush();
	return rc;
}

void http_free(http *h)
{
	if (!h)
		return;
	if (h->ctx) {
		lws_sul_cancel(&h->sul_wake);
		lws_sul_cancel(&h->sul_tick);
		lws_context_destroy(h->ctx);
	}
	for (int i = 0; i < 2; i++)
		if (h->plug[i] >= 0)
			close(h->plug[i]);
	/* Answers that came back after the last service round. */
	struct done *d;
	while ((d = g_queue_pop_head(&h->done))) {
		http_answer_fini(&d->ans);
		http_req_free(d->req);
		g_free(d);
	}
	/* Connections lws destroyed without telling (none expected). */
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, h->by_wsi);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct conn *c = v;
		conn_reset(c);
		httpws_free(c->ws);
		g_free(c);
	}
	g_hash_table_destroy(h->conns);
	g_hash_table_destroy(h->by_wsi);
	g_free(h->buf);
	accesslog_flush();
	pthread_mutex_destroy(&h->lock);
	g_free(h);
}
