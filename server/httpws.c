/*
 * httpws.c — WebSocket connections on the service thread: the upgrade
 * (the server decides), each connection's outgoing queue (plain messages in
 * order; frames in per-key slots where a newer one replaces an older one
 * still waiting), fragmented writes, pings with pong deadlines, and the
 * incoming messages handed to the server whole and bounded.
 *
 * Every function here runs on the service thread.
 */
#include "server/http_int.h"

#include <string.h>

#include <sys/socket.h>

#include "base/budget.h"

/* ---- WebSocket ------------------------------------------------------------ */

static void ws_msg_free(struct ws_msg *m)
{
	if (!m)
		return;
	g_free(m->text);
	if (m->img)
		img_unref(m->img);
	g_free(m->key);
	g_free(m);
}

void httpws_free(struct ws *w)
{
	if (!w)
		return;
	struct ws_msg *m;
	while ((m = g_queue_pop_head(&w->q)))
		ws_msg_free(m);
	ws_msg_free(w->cur);
	g_hash_table_destroy(w->slots);
	if (w->rx)
		g_byte_array_free(w->rx, TRUE);
	g_free(w);
}

static struct ws *ws_of(http *h, uint64_t conn)
{
	struct conn *c = g_hash_table_lookup(h->conns, &conn);
	return c && c->ws ? c->ws : NULL;
}

static struct lws *wsi_of(http *h, uint64_t conn)
{
	struct conn *c = g_hash_table_lookup(h->conns, &conn);
	return c ? c->wsi : NULL;
}

static void ws_close_now(struct conn *c, int status, const char *reason)
{
	struct ws *w = c->ws;
	if (!w->closing) {
		w->closing = true;
		w->close_status = status;
		g_strlcpy(w->close_reason, reason ? reason : "", sizeof w->close_reason);
	}
	/* What waits is dropped: the close goes out next. */
	struct ws_msg *m;
	while ((m = g_queue_pop_head(&w->q)))
		ws_msg_free(m);
	g_hash_table_remove_all(w->slots);
	w->n_plain = 0;
	lws_callback_on_writable(c->wsi);
}

void http_ws_text(http *h, uint64_t conn, const char *text, size_t len)
{
	struct ws *w = ws_of(h, conn);
	if (!w || w->closing)
		return;
	if (w->n_plain >= h->cfg.ws_max_queued) {
		ws_close_now(g_hash_table_lookup(h->conns, &conn), LWS_CLOSE_STATUS_POLICY_VIOLATION,
			"not reading: too many messages waiting");
		return;
	}
	struct ws_msg *m = g_new0(struct ws_msg, 1);
	m->text = g_strndup(text, len);
	m->len = len;
	g_queue_push_tail(&w->q, m);
	w->n_plain++;
	lws_callback_on_writable(wsi_of(h, conn));
}

void http_ws_frame(http *h, uint64_t conn, const char *key, const char *text, size_t len,
	const struct img *img)
{
	struct ws *w = ws_of(h, conn);
	if (!w || w->closing)
		return;
	struct ws_msg *old = g_hash_table_lookup(w->slots, key);
	if (old) {
		/* newer replaces older, in the older one's place */
		h->ws_replaced++;
		g_free(old->text);
		img_unref(old->img);
		old->text = g_strndup(text, len);
		old->len = len;
		old->img = img_ref(img);
		return;
	}
	struct ws_msg *m = g_new0(struct ws_msg, 1);
	m->text = g_strndup(text, len);
	m->len = len;
	m->img = img_ref(img);
	m->key = g_strdup(key);
	g_queue_push_tail(&w->q, m);
	g_hash_table_insert(w->slots, m->key, m);
	lws_callback_on_writable(wsi_of(h, conn));
}

uint64_t http_ws_replaced(const http *h)
{
	return h->ws_replaced;
}

void http_ws_close(http *h, uint64_t conn, int status, const char *reason)
{
	struct ws *w = ws_of(h, conn);
	if (!w || w->closing)
		return;
	w->closing = true;
	w->close_status = status;
	g_strlcpy(w->close_reason, reason ? reason : "", sizeof w->close_reason);
	lws_callback_on_writable(wsi_of(h, conn));
}

/* Picks the next message to write; NULL when nothing waits. */
static struct ws_msg *ws_next(struct ws *w)
{
	if (w->cur)
		return w->cur;
	struct ws_msg *m = g_queue_pop_head(&w->q);
	if (!m)
		return NULL;
	if (m->key)
		g_hash_table_remove(w->slots, m->key);
	else
		w->n_plain--;
	w->cur = m;
	w->cur_binary = false;
	w->sent = 0;
	return m;
}

/* One lws_write of the current message (a piece of it when it is longer
 * than CHUNK: fragments of one message). */
static int ws_write_piece(http *h, struct ws *w, struct lws *wsi)
{
	struct ws_msg *m = w->cur;
	const unsigned char *bytes = w->cur_binary ? m->img->bytes : (const unsigned char *)m->text;
	size_t len = w->cur_binary ? m->img->len : m->len;
	size_t n = len - w->sent < CHUNK ? len - w->sent : CHUNK;
	bool first = w->sent == 0, last = w->sent + n == len;
	int flags = first ? (w->cur_binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT)
	                  : LWS_WRITE_CONTINUATION;
	if (!last)
		flags |= LWS_WRITE_NO_FIN;
	/* An image's first piece goes from the image itself: lws writes the
	 * frame header into its headroom (imgcache.h); the rest of a long one
	 * and text through the buffer, which has LWS_PRE in front. */
	unsigned char *out = h->buf + LWS_PRE;
	if (w->cur_binary && first)
		out = (unsigned char *)bytes;
	else
		memcpy(out, bytes + w->sent, n);
	if (lws_write(wsi, out, n, (enum lws_write_protocol)flags) < (int)n)
		return -1;
	w->sent += n;
	if (!last)
		return 0;
	if (!w->cur_binary && m->img) {
		w->cur_binary = true;   /* the image follows its text at once */
		w->sent = 0;
		return 0;
	}
	ws_msg_free(m);
	w->cur = NULL;
	return 0;
}

int httpws_writeable(http *h, struct conn *c)
{
	struct ws *w = c->ws;
	if (w->ping_due && !w->cur) {
		w->ping_due = false;
		w->pinged = true;
		w->ping_at = mono_now();
		/* with a payload: lws 4.1 answers no pong to an empty ping (seen) */
		memcpy(h->buf + LWS_PRE, "cairn", 5);
		if (lws_write(c->wsi, h->buf + LWS_PRE, 5, LWS_WRITE_PING) < 0)
			return -1;
	} else if (ws_next(w)) {
		if (ws_write_piece(h, w, c->wsi))
			return -1;
	} else if (w->closing) {
		lws_close_reason(c->wsi, (enum lws_close_status)w->close_status,
			(unsigned char *)w->close_reason, strlen(w->close_reason));
		return -1;
	}
	if (w->cur || w->q.length || w->closing || w->ping_due)
		lws_callback_on_writable(c->wsi);
	return 0;
}

static void ws_tick(lws_sorted_usec_list_t *sul)
{
	http *h = lws_container_of(sul, struct http, sul_tick);
	double now = mono_now(), ping = h->cfg.ws_ping_s;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, h->conns);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct conn *c = v;
		struct ws *w = c->ws;
		if (!w)
			continue;
		/* No pong within a ping interval of the ping, or a socket that
		 * took nothing for three (the ping could not even go out): the
		 * client is gone or does not read. */
		if ((w->pinged && now - w->ping_at > ping) || now - w->heard > 3 * ping) {
			lws_set_timeout(c->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
		} else if (now - w->heard > ping && !w->pinged && !w->ping_due) {
			w->ping_due = true;
			lws_callback_on_writable(c->wsi);
		}
	}
	lws_sul_schedule(h->ctx, 0, &h->sul_tick, ws_tick, (lws_usec_t)(WS_TICK_S * LWS_US_PER_SEC));
}


/* An upgrade asked for: the server decides (path, auth, origin). */
int httpws_confirm(http *h, struct lws *wsi)
{
	if (!h->cfg.ws_allow || h->closing)
		return 1;
	struct conn *c = http_conn_of(h, wsi, true);
	char *path = http_header_dup(wsi, WSI_TOKEN_GET_URI);
	struct http_req *req = http_read_request(c, path);
	g_free(path);
	req->origin = http_header_dup(wsi, WSI_TOKEN_ORIGIN);
	req->host = http_header_dup(wsi, WSI_TOKEN_HOST);
	bool ok = h->cfg.ws_allow(h->cfg.ctx, req);
	http_req_free(req);
	return ok ? 0 : 1;
}

int httpws_established(http *h, struct lws *wsi)
{
	struct conn *c = http_conn_of(h, wsi, true);
	int sndbuf = WS_SNDBUF;
	setsockopt(lws_get_socket_fd(wsi), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	c->ws = g_new0(struct ws, 1);
	g_queue_init(&c->ws->q);
	c->ws->slots = g_hash_table_new(g_str_hash, g_str_equal);
	c->ws->heard = mono_now();
	if (!h->ticking) {
		h->ticking = true;
		lws_sul_schedule(h->ctx, 0, &h->sul_tick, ws_tick,
			(lws_usec_t)(WS_TICK_S * LWS_US_PER_SEC));
	}
	char remote[64];
	lws_get_peer_simple(wsi, remote, sizeof remote);
	if (h->closing)
		http_ws_close(h, c->id, LWS_CLOSE_STATUS_GOINGAWAY, "shutting down");
	else if (h->cfg.ws_open)
		h->cfg.ws_open(h->cfg.ctx, c->id, remote);
	return 0;
}

int httpws_receive(http *h, struct conn *c, const void *in, size_t len)
{
	struct ws *w = c->ws;
	w->heard = mono_now();
	w->pinged = false;
	if (!w->rx)
		w->rx = g_byte_array_new();
	w->rx_len += len;
	if (w->rx_len > h->cfg.ws_max_message) {
		w->rx_over = true;
		g_byte_array_set_size(w->rx, 0);
	}
	if (!w->rx_over)
		g_byte_array_append(w->rx, in, (guint)len);
	if (!lws_is_final_fragment(c->wsi) || lws_remaining_packet_payload(c->wsi))
		return 0;
	size_t total = w->rx_len;
	bool over = w->rx_over;
	g_byte_array_append(w->rx, (const guint8 *)"", 1);
	char *text = (char *)g_byte_array_free(w->rx, FALSE);
	w->rx = NULL;
	w->rx_len = 0;
	w->rx_over = false;
	if (h->cfg.ws_text)
		h->cfg.ws_text(h->cfg.ctx, c->id, over ? NULL : text, total);
	g_free(text);
	return 0;
}

void httpws_heard(struct conn *c)
{
	c->ws->heard = mono_now();
	c->ws->pinged = false;
}
