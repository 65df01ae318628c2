/*
 * wsclient.c — a WebSocket client for the live-view tests and the bench:
 * N viewers on one lws client context (one thread), each sending the same
 * messages once connected, counting what comes back; some may stall (stop
 * reading their socket).  Prints what it saw as one JSON object.
 *
 *   wsclient --url ws://127.0.0.1:PORT/ws [--viewers N] [--stall K]
 *            [--send TEXT]... [--send-bytes N] [--duration S]
 *            [--until-frames F] [--until-texts T] [--save DIR] [--log FILE]
 *            [--origin URL]
 *
 * --send TEXT     a text message each viewer sends once connected (in order)
 * --send-bytes N  then a text message of N bytes ("x"...: too big)
 * --stall K       the first K viewers never read (their rx is stopped, their
 *                 socket's receive buffer made small)
 * --until-frames F  stop once every reading viewer has F frames (binary
 *                 messages) or more; --until-texts T: once viewer 0 (or the
 *                 first reading one) has T text messages
 * --save DIR      the reading viewer's frames as DIR/p<panel>-s<seq>.png
 * --log FILE      every text message of that viewer, one per line, prefixed
 *                 with the receive time (unix ms) and a space
 *
 * The reading viewer's frames are also decoded (libpng): "pictures" lists
 * each one's panel, seq, width, height and "green": its pixels near
 * Grafana's first series colour #73BF69 (a drawn line shows hundreds), or
 * "decoded":false.
 *
 * Output: {"viewers","connected","refused","closed","frames","frames_min",
 * "frames_max","bytes","texts","errors":[...], "first_frame_ms":{"p50",
 * "max"}, "close_codes":[...], "updates":[{"panel","seq","n","t_min",
 * "t_p50","t_p99","t_max"}]} — updates: per (panel, seq) the receive times
 * (unix ms) of that frame across viewers.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/socket.h>

#include <glib.h>
#include <libwebsockets.h>
#include <png.h>

#define MAX_SEND 16

struct viewer {
	int index;
	struct lws *wsi;
	bool connected, refused, closed, stalled;
	int close_code;
	size_t next_send;
	GByteArray *rx;
	size_t rx_len;
	bool rx_binary;
	size_t frames, texts, bytes;
	double t_connect, t_first_frame;
	int last_panel;
	long last_seq;
};

static struct {
	const char *url;
	int viewers, stall;
	const char *send[MAX_SEND];
	size_t n_send;
	size_t send_bytes;
	double duration;
	size_t until_frames, until_texts;
	const char *save, *log, *origin;
} opt = { .viewers = 1, .duration = 10 };

static struct viewer *vs;
static GString *pictures;   /* JSON objects, comma-separated */
static GPtrArray *errors;
static GHashTable *updates;   /* "panel seq" → GArray of double (ms) */
static FILE *log_file;
static struct lws_context *ctx;
static bool stop;

static lws_sorted_usec_list_t sul_tick;

/* lws' wait ends at its next timer: one every 100 ms keeps the loop
 * looking at the clock and the stop conditions. */
static void tick(lws_sorted_usec_list_t *sul)
{
	lws_sul_schedule(ctx, 0, sul, tick, 100 * LWS_US_PER_MS);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int watched_viewer(void)
{
	return opt.stall < opt.viewers ? opt.stall : 0;
}

/* "panel" and "seq" of a frame message, by a plain scan (our own server's
 * fixed shape). */
static void frame_ids(const char *t, int *panel, long *seq)
{
	const char *p = strstr(t, "\"panel\":"), *s = strstr(t, "\"seq\":");
	*panel = p ? (int)strtol(p + 8, NULL, 10) : 0;
	*seq = s ? strtol(s + 6, NULL, 10) : 0;
}

static void on_text(struct viewer *v, const char *t)
{
	v->texts++;
	if (v->index == watched_viewer() && log_file)
	{
		fprintf(log_file, "%.0f %s\n", now_ms(), t);
		fflush(log_file);
	}
	if (strstr(t, "\"op\":\"error\"") && errors->len < 20)
		g_ptr_array_add(errors, g_strdup(t));
	if (strstr(t, "\"op\":\"frame\""))
		frame_ids(t, &v->last_panel, &v->last_seq);
}

/* Decodes one picture and counts its pixels near #73BF69. */
static void probe(const struct viewer *v, const unsigned char *b, size_t n)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	g_string_append_printf(pictures, "%s{\"panel\":%d,\"seq\":%ld,\"bytes\":%zu",
		pictures->len ? "," : "", v->last_panel, v->last_seq, n);
	unsigned char *px = NULL;
	bool ok = n && png_image_begin_read_from_memory(&im, b, n);
	if (ok) {
		im.format = PNG_FORMAT_RGB;
		px = g_malloc(PNG_IMAGE_SIZE(im));
		ok = png_image_finish_read(&im, NULL, px, 0, NULL);
	}
	if (!ok) {
		png_image_free(&im);
		g_free(px);
		g_string_append(pictures, ",\"decoded\":false}");
		return;
	}
	long green = 0;
	for (size_t i = 0; i < (size_t)im.width * im.height; i++) {
		int dr = px[3 * i] - 0x73, dg = px[3 * i + 1] - 0xBF, db = px[3 * i + 2] - 0x69;
		green += dr * dr + dg * dg + db * db <= 40 * 40;
	}
	g_string_append_printf(pictures, ",\"decoded\":true,\"width\":%u,\"height\":%u,"
		"\"green\":%ld}", im.width, im.height, green);
	g_free(px);
}

static void on_binary(struct viewer *v, const unsigned char *b, size_t n)
{
	double t = now_ms();
	v->frames++;
	v->bytes += n;
	if (!v->t_first_frame)
		v->t_first_frame = t;
	char key[48];
	snprintf(key, sizeof key, "%d %ld", v->last_panel, v->last_seq);
	GArray *a = g_hash_table_lookup(updates, key);
	if (!a) {
		a = g_array_new(FALSE, FALSE, sizeof(double));
		g_hash_table_insert(updates, g_strdup(key), a);
	}
	g_array_append_val(a, t);
	if (v->index == watched_viewer())
		probe(v, b, n);
	if (opt.save && v->index == watched_viewer()) {
		char *path = g_strdup_printf("%s/p%d-s%ld.png", opt.save, v->last_panel, v->last_seq);
		g_file_set_contents(path, (const char *)b, (gssize)n, NULL);
		g_free(path);
	}
}

static int on_receive(struct viewer *v, struct lws *wsi, const void *in, size_t len)
{
	if (!v->rx)
		v->rx = g_byte_array_new();
	if (lws_is_first_fragment(wsi)) {
		v->rx_binary = lws_frame_is_binary(wsi);
		v->rx_len = 0;
	}
	/* Only the watched viewer keeps a picture's bytes (it decodes them):
	 * a thousand viewers in one process must read fast. */
	if (!v->rx_binary || v->index == watched_viewer())
		g_byte_array_append(v->rx, in, (guint)len);
	v->rx_len += len;
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi))
		return 0;
	if (v->rx_binary) {
		on_binary(v, v->rx->data, v->rx_len);
	} else {
		g_byte_array_append(v->rx, (const guint8 *)"", 1);
		on_text(v, (const char *)v->rx->data);
	}
	g_byte_array_set_size(v->rx, 0);
	return 0;
}

static int on_writeable(struct viewer *v, struct lws *wsi)
{
	static unsigned char *buf;
	static size_t cap;
	const char *text = NULL;
	size_t len = 0;
	if (v->next_send < opt.n_send) {
		text = opt.send[v->next_send];
		len = strlen(text);
	} else if (v->next_send == opt.n_send && opt.send_bytes) {
		len = opt.send_bytes;
	} else {
		return 0;
	}
	if (cap < LWS_PRE + len + 1) {
		cap = LWS_PRE + len + 1;
		buf = g_realloc(buf, cap);
	}
	if (text)
		memcpy(buf + LWS_PRE, text, len);
	else
		memset(buf + LWS_PRE, 'x', len);
	if (lws_write(wsi, buf + LWS_PRE, len, LWS_WRITE_TEXT) < (int)len)
		return -1;
	v->next_send++;
	if (v->next_send < opt.n_send + (opt.send_bytes ? 1 : 0))
		lws_callback_on_writable(wsi);
	else if (v->index < opt.stall) {
		v->stalled = true;
		lws_rx_flow_control(wsi, 0);
	}
	return 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
	size_t len)
{
	struct viewer *v = lws_get_opaque_user_data(wsi);
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		v->connected = true;
		v->t_connect = now_ms();
		if (v->index < opt.stall) {
			/* A small receive buffer, so the server's side fills within
			 * a frame or two instead of after megabytes. */
			int small = 4096;
			setsockopt(lws_get_socket_fd(wsi), SOL_SOCKET, SO_RCVBUF, &small,
				sizeof small);
		}
		if (opt.n_send || opt.send_bytes)
			lws_callback_on_writable(wsi);
		else if (v->index < opt.stall)
			lws_rx_flow_control(wsi, 0);
		return 0;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		if (v) {
			v->refused = true;
			v->closed = true;
			if (errors->len < 20)
				g_ptr_array_add(errors, g_strdup_printf("connection error: %s",
					in ? (const char *)in : "?"));
		}
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return on_receive(v, wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(v, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (v && len >= 2)
			v->close_code = ((const unsigned char *)in)[0] << 8 |
			                ((const unsigned char *)in)[1];
		return 0;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (v)
			v->closed = true;
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols protocols[] = {
	{ "cairn-test", callback, 0, 256 * 1024, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

static void connect_viewer(struct viewer *v, const char *host, int port, const char *path)
{
	struct lws_client_connect_info ci;
	memset(&ci, 0, sizeof ci);
	ci.context = ctx;
	ci.address = host;
	ci.port = port;
	ci.path = path;
	ci.host = host;
	ci.origin = opt.origin;
	ci.protocol = NULL;
	ci.opaque_user_data = v;
	ci.local_protocol_name = "cairn-test";
	ci.pwsi = &v->wsi;
	if (!lws_client_connect_via_info(&ci)) {
		v->refused = v->closed = true;
	}
}

static bool done(void)
{
	size_t open = 0, reading_short = 0;
	for (int i = 0; i < opt.viewers; i++) {
		const struct viewer *v = &vs[i];
		open += !v->closed;
		if (i >= opt.stall && !v->closed && v->frames < opt.until_frames)
			reading_short++;
	}
	if (!open)
		return true;
	if (opt.until_frames && !reading_short)
		return true;
	const struct viewer *w = &vs[watched_viewer()];
	return opt.until_texts && w->texts >= opt.until_texts;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(GArray *a, double p)
{
	if (!a->len)
		return 0;
	size_t i = p <= 0 ? 0 : (size_t)ceil(p * a->len) - 1;
	if (i >= a->len)
		i = a->len - 1;
	return g_array_index(a, double, i);
}

static void print_json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_updates(void)
{
	GList *keys = g_hash_table_get_keys(updates);
	keys = g_list_sort(keys, (GCompareFunc)strcmp);
	printf(",\"updates\":[");
	bool first = true;
	for (GList *k = keys; k; k = k->next) {
		GArray *a = g_hash_table_lookup(updates, k->data);
		g_array_sort(a, dcmp);
		int panel;
		long seq;
		sscanf(k->data, "%d %ld", &panel, &seq);
		printf("%s{\"panel\":%d,\"seq\":%ld,\"n\":%u,\"t_min\":%.1f,\"t_p50\":%.1f,"
			"\"t_p99\":%.1f,\"t_max\":%.1f}", first ? "" : ",", panel, seq, a->len,
			pct(a, 0), pct(a, 0.5), pct(a, 0.99), pct(a, 1));
		first = false;
	}
	printf("]");
	g_list_free(keys);
}

static void report(void)
{
	size_t connected = 0, refused = 0, closed = 0, frames = 0, bytes = 0, texts = 0;
	size_t fmin = (size_t)-1, fmax = 0;
	GArray *ff = g_array_new(FALSE, FALSE, sizeof(double));
	GString *codes = g_string_new(NULL);
	for (int i = 0; i < opt.viewers; i++) {
		const struct viewer *v = &vs[i];
		connected += v->connected;
		refused += v->refused;
		closed += v->closed;
		frames += v->frames;
		bytes += v->bytes;
		texts += v->texts;
		if (i >= opt.stall) {
			fmin = v->frames < fmin ? v->frames : fmin;
			fmax = v->frames > fmax ? v->frames : fmax;
		}
		if (v->t_first_frame) {
			double d = v->t_first_frame - v->t_connect;
			g_array_append_val(ff, d);
		}
		if (v->close_code)
			g_string_append_printf(codes, "%s%d", codes->len ? "," : "", v->close_code);
	}
	g_array_sort(ff, dcmp);
	printf("{\"viewers\":%d,\"stalled\":%d,\"connected\":%zu,\"refused\":%zu,\"closed\":%zu,"
		"\"frames\":%zu,\"frames_min\":%zu,\"frames_max\":%zu,\"bytes\":%zu,\"texts\":%zu,"
		"\"first_frame_ms\":{\"n\":%u,\"p50\":%.1f,\"max\":%.1f},\"close_codes\":[%s],"
		"\"errors\":[", opt.viewers, opt.stall, connected, refused, closed, frames,
		fmin == (size_t)-1 ? 0 : fmin, fmax, bytes, texts, ff->len, pct(ff, 0.5), pct(ff, 1),
		codes->str);
	for (guint i = 0; i < errors->len; i++) {
		if (i)
			putchar(',');
		print_json_str(errors->pdata[i]);
	}
	printf("]");
	print_updates();
	printf(",\"pictures\":[%s]}\n", pictures->str);
	g_array_free(ff, TRUE);
	g_string_free(codes, TRUE);
}

static int parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) {
			fprintf(stderr, "wsclient: %s needs a value\n", a);
			return 1;
		}
		i++;
		if (!strcmp(a, "--url")) opt.url = v;
		else if (!strcmp(a, "--viewers")) opt.viewers = (int)strtol(v, NULL, 10);
		else if (!strcmp(a, "--stall")) opt.stall = (int)strtol(v, NULL, 10);
		else if (!strcmp(a, "--send") && opt.n_send < MAX_SEND) opt.send[opt.n_send++] = v;
		else if (!strcmp(a, "--send-bytes")) opt.send_bytes = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--duration")) opt.duration = atof(v);
		else if (!strcmp(a, "--until-frames")) opt.until_frames = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--until-texts")) opt.until_texts = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--save")) opt.save = v;
		else if (!strcmp(a, "--log")) opt.log = v;
		else if (!strcmp(a, "--origin")) opt.origin = v;
		else {
			fprintf(stderr, "wsclient: unknown option %s\n", a);
			return 1;
		}
	}
	if (!opt.url || opt.viewers < 1) {
		fprintf(stderr, "usage: wsclient --url ws://HOST:PORT/PATH [--viewers N] ...\n");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (parse_args(argc, argv))
		return 2;
	char host[256] = "", path[512] = "/";
	int port = 80;
	if (sscanf(opt.url, "ws://%255[^:/]:%d%511s", host, &port, path) < 2) {
		fprintf(stderr, "wsclient: --url: expected ws://HOST:PORT/PATH\n");
		return 2;
	}
	lws_set_log_level(LLL_ERR, NULL);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.fd_limit_per_thread = (unsigned)opt.viewers + 64;
	ctx = lws_create_context(&info);
	if (!ctx) {
		fprintf(stderr, "wsclient: cannot make the lws context\n");
		return 1;
	}
	if (opt.log)
		log_file = fopen(opt.log, "w");
	errors = g_ptr_array_new_with_free_func(g_free);
	pictures = g_string_new(NULL);
	updates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		(GDestroyNotify)g_array_unref);
	vs = g_new0(struct viewer, (size_t)opt.viewers);
	for (int i = 0; i < opt.viewers; i++) {
		vs[i].index = i;
		connect_viewer(&vs[i], host, port, path);
	}
	tick(&sul_tick);
	double until = now_ms() + opt.duration * 1000;
	while (!stop && now_ms() < until && !done())
		lws_service(ctx, 0);
	report();
	lws_sul_cancel(&sul_tick);
	lws_context_destroy(ctx);
	for (int i = 0; i < opt.viewers; i++)
		if (vs[i].rx)
			g_byte_array_free(vs[i].rx, TRUE);
	g_free(vs);
	g_ptr_array_free(errors, TRUE);
	g_hash_table_destroy(updates);
	g_string_free(pictures, TRUE);
	if (log_file)
		fclose(log_file);
	return 0;
}
