/*
 * faultd.c — a small fault-injecting HTTP server that stands in for
 * Prometheus where a real one cannot misbehave on cue.  It owns only the
 * misbehaving: no PromQL, no storage.  Plain sockets and pthreads, no
 * libraries, one detached thread per connection, one request per connection
 * (every answer says Connection: close).
 *
 * Each request is answered in one mode, chosen in this order:
 *   1. a path prefix naming a mode: GET /trickle/api/v1/query_range...
 *      (so a datasource URL http://127.0.0.1:PORT/trickle sends every
 *      query of that datasource to the trickle);
 *   2. a token faultd_MODE anywhere in the URL-decoded query string or
 *      form body — a valid PromQL metric name, so a dashboard target
 *      `rate(faultd_429[5m])` picks the mode per query;
 *   3. --mode MODE for everything else (default ok).
 * The modes:
 *   ok       a small valid answer: a 2-series matrix on the asked step grid
 *            (query_range), a vector (query), ["a","b","c"] (label values),
 *            {"status":"success","data":{}} (anything else)
 *   5xx      502 with an HTML body, as a proxy in front of Prometheus says it
 *   429      429 with Retry-After: 1 and a JSON error
 *   garbage  200 application/json whose body is not JSON
 *   huge     200 with a valid-looking matrix of more than 64 MiB, streamed
 *            from one small buffer (never held), stopped when the client goes
 *   trickle  200 with a valid answer sent one byte per second
 *   reset    headers and half a body, then an RST (SO_LINGER 0 and close)
 *   stall    reads the request and never answers, until the client goes
 * GET /faultd/count answers the number of requests served so far (every
 * request but /faultd/ ones) and /faultd/count/MODE those of one mode.
 * Each request line goes to stderr with its mode.
 *
 * usage: faultd [--port N] [--mode MODE]   (port 0 = any free one)
 * The bound port is the first line on standard output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum mode { M_OK, M_5XX, M_429, M_GARBAGE, M_HUGE, M_TRICKLE, M_RESET, M_STALL, M_COUNT };

static const char *const MODE_NAMES[M_COUNT] = {
	"ok", "5xx", "429", "garbage", "huge", "trickle", "reset", "stall",
};

#define REQ_MAX    (64 * 1024)              /* request line, headers and body */
#define HUGE_BYTES (65ull * 1024 * 1024)    /* above cairn's 64 MiB answer cap */
#define MAX_POINTS 11000                    /* per series in an ok matrix */

static enum mode default_mode = M_OK;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long counts[M_COUNT];

struct request {
	char method[16];
	char path[2048];      /* the target without its query string, mode prefix cut */
	char params[REQ_MAX]; /* query string and form body, URL-decoded, '&'-joined */
	enum mode mode;
};

/* ---- sending ---------------------------------------------------------- */

/* false once the client is gone. */
static bool send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		s += k;
		n -= (size_t)k;
	}
	return true;
}

static bool send_head(int fd, const char *status, const char *ctype, unsigned long long len,
	const char *extra)
{
	char head[512];
	int n = snprintf(head, sizeof head,
		"HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %llu\r\n%s"
		"Connection: close\r\n\r\n",
		status, ctype, len, extra ? extra : "");
	return send_all(fd, head, (size_t)n);
}

static void reply(int fd, const char *status, const char *ctype, const char *body,
	const char *extra)
{
	if (send_head(fd, status, ctype, strlen(body), extra))
		send_all(fd, body, strlen(body));
}

/* A growing string for the ok answers (at most 2 x 11,000 points). */
struct text {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void text_add(struct text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		/* NULL + 0 is undefined (clang's UBSan says so): the first round
		 * only measures. */
		int n = vsnprintf(t->s ? t->s + t->len : NULL, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		t->cap = t->cap * 2 + (size_t)(n > 0 ? n : 0) + 256;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort(); /* the project's policy: allocation failure aborts */
	}
}

/* ---- parsing ---------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends src[0..n) URL-decoded ('+' is a space) to dst, within cap. */
static void url_decode_append(char *dst, size_t cap, const char *src, size_t n)
{
	size_t len = strlen(dst);
	for (size_t i = 0; i < n && len + 1 < cap; i++) {
		char c = src[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%' && i + 2 < n && hexval(src[i + 1]) >= 0 &&
			   hexval(src[i + 2]) >= 0) {
			c = (char)(hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
			i += 2;
		}
		dst[len++] = c;
	}
	dst[len] = '\0';
}

/* Reads the request head and its Content-Length body into buf (NUL-ended).
 * Returns the length, or 0 when the client sent nothing usable. */
static size_t read_request(int fd, char *buf, size_t cap, char **body)
{
	size_t len = 0;
	*body = NULL;
	while (len + 1 < cap) {
		ssize_t k = recv(fd, buf + len, cap - 1 - len, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
		buf[len] = '\0';
		char *eoh = strstr(buf, "\r\n\r\n");
		if (!eoh)
			continue;
		*body = eoh + 4;
		char *cl = strcasestr(buf, "\r\nContent-Length:");
		size_t want = cl && cl < eoh ? strtoul(cl + 17, NULL, 10) : 0;
		if (len >= (size_t)(*body - buf) + want)
			break;
	}
	buf[len] = '\0';
	return *body ? len : 0;
}

static enum mode mode_named(const char *s, size_t n)
{
	for (int m = 0; m < M_COUNT; m++)
		if (strlen(MODE_NAMES[m]) == n && memcmp(MODE_NAMES[m], s, n) == 0)
			return (enum mode)m;
	return M_COUNT;
}

/* A faultd_MODE token in the decoded parameters: the longest name that
 * matches at the first token found (names share no prefix, so first wins). */
static enum mode mode_in_params(const char *params)
{
	for (const char *p = strstr(params, "faultd_"); p; p = strstr(p + 1, "faultd_")) {
		const char *name = p + 7;
		size_t n = 0;
		while (name[n] && (name[n] == '_' || (name[n] >= '0' && name[n] <= '9') ||
				   (name[n] >= 'a' && name[n] <= 'z')))
			n++;
		enum mode m = mode_named(name, n);
		if (m != M_COUNT)
			return m;
	}
	return M_COUNT;
}

/* Fills r from the raw request; false when it is not HTTP. */
static bool parse_request(char *raw, const char *body, struct request *r)
{
	char *sp1 = strchr(raw, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || (size_t)(sp1 - raw) >= sizeof r->method)
		return false;
	memcpy(r->method, raw, (size_t)(sp1 - raw));
	r->method[sp1 - raw] = '\0';
	const char *target = sp1 + 1;
	size_t tlen = (size_t)(sp2 - target);
	const char *q = memchr(target, '?', tlen);
	size_t plen = q ? (size_t)(q - target) : tlen;
	r->params[0] = '\0';
	if (q)
		url_decode_append(r->params, sizeof r->params, q + 1, tlen - plen - 1);
	if (body && *body) {
		url_decode_append(r->params, sizeof r->params, "&", 1);
		url_decode_append(r->params, sizeof r->params, body, strlen(body));
	}
	/* A leading /MODE/ segment picks the mode and is cut from the path. */
	r->mode = M_COUNT;
	if (plen > 1) {
		const char *seg = target + 1;
		const char *end = memchr(seg, '/', plen - 1);
		size_t n = end ? (size_t)(end - seg) : plen - 1;
		r->mode = mode_named(seg, n);
		if (r->mode != M_COUNT) {
			target = seg + n;
			plen -= n + 1;
		}
	}
	if (plen >= sizeof r->path)
		plen = sizeof r->path - 1;
	memcpy(r->path, target, plen);
	r->path[plen] = '\0';
	if (r->path[0] == '\0')
		memcpy(r->path, "/", 2);
	if (r->mode == M_COUNT)
		r->mode = mode_in_params(r->params);
	if (r->mode == M_COUNT)
		r->mode = default_mode;
	return true;
}

/* The number after "&NAME=" in the decoded parameters, or def. */
static double param_num(const char *params, const char *name, double def)
{
	char key[32];
	snprintf(key, sizeof key, "%s=", name);
	for (const char *p = strstr(params, key); p; p = strstr(p + 1, key)) {
		if (p != params && p[-1] != '&')
			continue;
		char *end;
		double v = strtod(p + strlen(key), &end);
		if (end != p + strlen(key) && isfinite(v))
			return v;
	}
	return def;
}

/* ---- the answers ------------------------------------------------------ */

static bool is_path(const struct request *r, const char *suffix)
{
	size_t n = strlen(r->path), k = strlen(suffix);
	return n >= k && strcmp(r->path + n - k, suffix) == 0;
}

/* The ok answer for r's route, as a malloc'd string. */
static char *ok_body(const struct request *r)
{
	struct text t = {0};
	if (is_path(r, "/api/v1/query_range")) {
		double start = param_num(r->params, "start", 1767225600);
		double end = param_num(r->params, "end", start + 3600);
		double step = param_num(r->params, "step", 15);
		if (!(step > 0) || end < start)
			step = 15, end = start;
		text_add(&t, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
		for (int s = 0; s < 2; s++) {
			text_add(&t, "%s{\"metric\":{\"__name__\":\"faultd\",\"series\":\"s%d\"},"
				     "\"values\":[", s ? "," : "", s);
			for (int i = 0; i < MAX_POINTS && start + i * step <= end; i++)
				text_add(&t, "%s[%.3f,\"%g\"]", i ? "," : "", start + i * step,
					10.0 * (s + 1) + sin(i * 0.05));
			text_add(&t, "]}");
		}
		text_add(&t, "]}}");
	} else if (is_path(r, "/api/v1/query")) {
		text_add(&t, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
			     "[{\"metric\":{\"__name__\":\"faultd\"},\"value\":[%.3f,\"1\"]}]}}",
			param_num(r->params, "time", 1767225600));
	} else if (strstr(r->path, "/api/v1/label/") && is_path(r, "/values")) {
		text_add(&t, "{\"status\":\"success\",\"data\":[\"a\",\"b\",\"c\"]}");
	} else {
		text_add(&t, "{\"status\":\"success\",\"data\":{}}");
	}
	return t.s;
}

/* Waits up to ms for the client to close (or send more); true when gone. */
static bool client_gone(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, ms) <= 0)
		return false;
	char tmp[256];
	ssize_t k = recv(fd, tmp, sizeof tmp, MSG_DONTWAIT);
	return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void answer_huge(int fd)
{
	static const char PRE[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
				  "\"result\":[{\"metric\":{\"__name__\":\"faultd\"},\"values\":[";
	static const char SUF[] = "[1767225600,\"1\"]]}]}}";
	char chunk[64 * 1024];
	static const char ITEM[] = "[1767225600,\"1\"],";
	size_t per = sizeof chunk / (sizeof ITEM - 1), clen = per * (sizeof ITEM - 1);
	for (size_t i = 0; i < per; i++)
		memcpy(chunk + i * (sizeof ITEM - 1), ITEM, sizeof ITEM - 1);
	unsigned long long chunks = HUGE_BYTES / clen + 1;
	unsigned long long total = (sizeof PRE - 1) + chunks * clen + (sizeof SUF - 1);
	if (!send_head(fd, "200 OK", "application/json", total, NULL) ||
	    !send_all(fd, PRE, sizeof PRE - 1))
		return;
	for (unsigned long long i = 0; i < chunks; i++)
		if (!send_all(fd, chunk, clen))
			return;
	send_all(fd, SUF, sizeof SUF - 1);
}

static void answer_trickle(int fd, const struct request *r)
{
	char *body = ok_body(r);
	size_t n = strlen(body);
	if (send_head(fd, "200 OK", "application/json", n, NULL)) {
		for (size_t i = 0; i < n; i++)
			if (!send_all(fd, body + i, 1) || client_gone(fd, 1000))
				break;
	}
	free(body);
}

static void answer_reset(int fd, const struct request *r)
{
	char *body = ok_body(r);
	size_t n = strlen(body);
	if (send_head(fd, "200 OK", "application/json", n, NULL))
		send_all(fd, body, n / 2);
	free(body);
	/* Let the half answer leave before the RST overtakes it. */
	usleep(50 * 1000);
	struct linger l = {.l_onoff = 1, .l_linger = 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

static void answer_count(int fd, const struct request *r)
{
	const char *which = r->path + strlen("/faultd/count");
	unsigned long n = 0;
	enum mode m = *which == '/' ? mode_named(which + 1, strlen(which + 1)) : M_COUNT;
	if (*which == '/' && m == M_COUNT) {
		reply(fd, "404 Not Found", "text/plain", "no such mode\n", NULL);
		return;
	}
	pthread_mutex_lock(&count_lock);
	for (int i = 0; i < M_COUNT; i++)
		if (m == M_COUNT || (int)m == i)
			n += counts[i];
	pthread_mutex_unlock(&count_lock);
	char body[32];
	snprintf(body, sizeof body, "%lu\n", n);
	reply(fd, "200 OK", "text/plain", body, NULL);
}

static void answer(int fd, const struct request *r)
{
	switch (r->mode) {
	case M_OK: {
		char *body = ok_body(r);
		reply(fd, "200 OK", "application/json", body, NULL);
		free(body);
		break;
	}
	case M_5XX:
		reply(fd, "502 Bad Gateway", "text/html",
			"<html><head><title>502 Bad Gateway</title></head><body>"
			"<center><h1>502 Bad Gateway</h1></center><hr><center>faultd</center>"
			"</body></html>\n",
			NULL);
		break;
	case M_429:
		reply(fd, "429 Too Many Requests", "application/json",
			"{\"status\":\"error\",\"errorType\":\"too_many_requests\","
			"\"error\":\"faultd: slow down\"}",
			"Retry-After: 1\r\n");
		break;
	case M_GARBAGE:
		reply(fd, "200 OK", "application/json",
			"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"
			"<html>this is not JSON</html>",
			NULL);
		break;
	case M_HUGE:
		answer_huge(fd);
		break;
	case M_TRICKLE:
		answer_trickle(fd, r);
		break;
	case M_RESET:
		answer_reset(fd, r);
		break;
	case M_STALL:
		while (!client_gone(fd, 1000))
			;
		break;
	case M_COUNT:
		break;
	}
}

/* ---- connections ------------------------------------------------------ */

static void *serve_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char *raw = malloc(REQ_MAX);
	struct request *r = malloc(sizeof *r);
	char *body;
	if (!raw || !r)
		abort();
	if (read_request(fd, raw, REQ_MAX, &body) > 0 && parse_request(raw, body, r)) {
		char *eol = strstr(raw, "\r\n");
		if (eol)
			*eol = '\0';
		bool control = strncmp(r->path, "/faultd/", 8) == 0;
		fprintf(stderr, "faultd: %s [%s]\n", raw, control ? "control" : MODE_NAMES[r->mode]);
		if (control && strncmp(r->path, "/faultd/count", 13) == 0) {
			answer_count(fd, r);
		} else if (control) {
			reply(fd, "404 Not Found", "text/plain", "unknown faultd path\n", NULL);
		} else {
			pthread_mutex_lock(&count_lock);
			counts[r->mode]++;
			pthread_mutex_unlock(&count_lock);
			answer(fd, r);
		}
	}
	close(fd);
	free(r);
	free(raw);
	return NULL;
}

static int listen_on(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 256) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	return ntohs(a.sin_port);
}

static int usage(const char *why)
{
	fprintf(stderr, "faultd: %s\nusage: faultd [--port N] [--mode ok|5xx|429|garbage|huge|"
			"trickle|reset|stall]\n",
		why);
	return 2;
}

int main(int argc, char **argv)
{
	long port = 0;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			port = strtol(argv[++i], &end, 10);
			if (*end || port < 0 || port > 65535)
				return usage("--port: not a port number");
		} else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
			i++;
			default_mode = mode_named(argv[i], strlen(argv[i]));
			if (default_mode == M_COUNT)
				return usage("--mode: unknown mode");
		} else {
			return usage("unknown argument");
		}
	}
	signal(SIGPIPE, SIG_IGN);
	int lfd = listen_on((int)port);
	if (lfd < 0) {
		fprintf(stderr, "faultd: cannot listen on 127.0.0.1:%ld: %s\n", port, strerror(errno));
		return 1;
	}
	printf("%d\n", bound_port(lfd));
	fflush(stdout);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) { /* wait for a thread to close one */
				usleep(10 * 1000);
				continue;
			}
			fprintf(stderr, "faultd: accept: %s\n", strerror(errno));
			return 1;
		}
		pthread_t t;
		if (pthread_create(&t, NULL, serve_conn, (void *)(intptr_t)fd) != 0) {
			close(fd);
			continue;
		}
		pthread_detach(t);
	}
}
