/*
 * cmd_serve.c — `cairn serve`: flags, the configuration file under them,
 * signals, and the server's life.  The service itself is server/'s.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli/cmd.h"
#include "datasource/prom.h"
#include "server/server.h"

#define DEFAULT_PROM_URL "http://127.0.0.1:9090"

struct serve_args {
	const char *listen;
	const char *config;
	const char *prometheus;
	const char *log_format;
	const char *fonts;
	int workers;
	GPtrArray *dashboards;   /* borrowed argv strings */
};

void cmd_serve_usage(FILE *to)
{
	fputs("usage: cairn serve [options]\n"
	      "\n"
	      "Serves Grafana's render URLs (/render/d-solo/UID?panelId=N, /render/d/UID) and\n"
	      "/api/render, /api/dashboards, /api/health and /metrics over HTTP.\n"
	      "\n"
	      "      --listen ADDR:PORT   where to listen (default 127.0.0.1:3000; :PORT = every\n"
	      "                           interface)\n"
	      "      --dashboards DIR     a folder of dashboard JSON files (repeatable; sub-folders\n"
	      "                           are folders; reloaded when files change)\n"
	      "      --prometheus URL     the one datasource: a Prometheus base URL, or 'testdata'\n"
	      "                           (default: the config's, else $CAIRN_PROMETHEUS_URL, else\n"
	      "                           " DEFAULT_PROM_URL ")\n"
	      "      --config FILE        JSON configuration (datasources, limits, auth, TLS...);\n"
	      "                           flags override it; SIGHUP reads it again\n"
	      "      --log-format FMT     text or json (one line per request on stderr)\n"
	      "      --fonts DIR          bundled fonts directory\n"
	      "      --workers N          request threads (default max(4, 2 × cores))\n"
	      "  -h, --help               this text\n"
	      "\n"
	      "SIGTERM/SIGINT stop gracefully (in-flight requests finish); SIGHUP reloads the\n"
	      "configuration and the dashboards.  Exit status: 0 stopped, 1 could not start,\n"
	      "2 unusable flags or configuration.\n",
		to);
}

__attribute__((format(printf, 1, 2))) static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cairn serve: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_BAD_INPUT;
}

enum { OPT_LISTEN = 256, OPT_DASHBOARDS, OPT_PROM, OPT_CONFIG, OPT_LOG_FORMAT, OPT_FONTS,
	OPT_WORKERS };

static const struct option long_opts[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "dashboards", required_argument, NULL, OPT_DASHBOARDS },
	{ "prometheus", required_argument, NULL, OPT_PROM },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "fonts", required_argument, NULL, OPT_FONTS },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_workers(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > SRV_WORKERS_MAX)
		return bad("--workers: expected an integer from 1 to %d, got \"%s\"", SRV_WORKERS_MAX, s);
	*out = (int)v;
	return -1;
}

/* -1 to go on, or an exit status. */
static int parse_opt(struct serve_args *a, int c, char *arg)
{
	switch (c) {
	case OPT_LISTEN: a->listen = arg; return -1;
	case OPT_DASHBOARDS: g_ptr_array_add(a->dashboards, arg); return -1;
	case OPT_PROM: a->prometheus = arg; return -1;
	case OPT_CONFIG: a->config = arg; return -1;
	case OPT_FONTS: a->fonts = arg; return -1;
	case OPT_WORKERS: return parse_workers(arg, &a->workers);
	case OPT_LOG_FORMAT:
		if (strcmp(arg, "text") && strcmp(arg, "json"))
			return bad("--log-format: expected text or json, got \"%s\"", arg);
		a->log_format = arg;
		return -1;
	case 'h': cmd_serve_usage(stdout); return EXIT_OK;
	default: cmd_serve_usage(stderr); return EXIT_BAD_INPUT;
	}
}

static int parse_args(int argc, char **argv, struct serve_args *a)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		int rc = parse_opt(a, c, optarg);
		if (rc >= 0)
			return rc;
	}
	if (optind < argc)
		return bad("unexpected argument \"%s\" (see cairn serve --help)", argv[optind]);
	return -1;
}

/* Defaults, then the file, then the flags; checked whole.  The server calls
 * it again on SIGHUP. */
static int build_config(void *ctx, struct srv_config *c, struct cairn_err *err)
{
	const struct serve_args *a = ctx;
	srv_config_defaults(c);
	if (a->config && srv_config_load(c, a->config, err))
		goto fail;
	if (a->listen && srv_config_set_listen(c, a->listen, "--listen", err))
		goto fail;
	for (guint i = 0; i < a->dashboards->len; i++)
		srv_config_add_dashboards(c, a->dashboards->pdata[i], i == 0);
	const char *env = getenv("CAIRN_PROMETHEUS_URL");
	const char *url = a->prometheus ? a->prometheus :
		c->n_datasources ? NULL : (env && *env ? env : DEFAULT_PROM_URL);
	if (url && srv_config_set_prometheus(c, url, err))
		goto fail;
	if (a->log_format)
		c->log_format = strcmp(a->log_format, "json") == 0 ? SRV_LOG_JSON : SRV_LOG_TEXT;
	if (a->workers)
		c->workers = a->workers;
	if (a->fonts || !c->fonts_dir) {
		g_free(c->fonts_dir);
		c->fonts_dir = g_strdup(cli_fonts_dir(a->fonts));
	}
	if (srv_config_check(c, err))
		goto fail;
	return 0;
fail:
	srv_config_fini(c);
	return err->code ? err->code : CAIRN_EINVAL;
}

/* The server signals act on; atomic, as a handler may run on any thread. */
static _Atomic(server *) the_server;

static void on_signal(int sig)
{
	server *s = atomic_load(&the_server);
	if (!s)
		return;
	if (sig == SIGHUP)
		server_reload(s);
	else
		server_stop(s);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void print_listening(const struct srv_config *c, int port)
{
	const char *host = c->listen_host && *c->listen_host ? c->listen_host : "0.0.0.0";
	bool v6 = strchr(host, ':') != NULL;
	printf("cairn serve: listening on %s://%s%s%s:%d/\n", c->tls_cert ? "https" : "http",
		v6 ? "[" : "", host, v6 ? "]" : "", port);
	fflush(stdout);
}

static int serve(struct serve_args *a)
{
	struct srv_config cfg;
	struct cairn_err err = { 0 };
	if (build_config(a, &cfg, &err))
		return bad("%s", err.msg);
	server *s = server_new(&cfg, &err);
	if (!s) {
		fprintf(stderr, "cairn serve: %s\n", err.msg);
		srv_config_fini(&cfg);
		return err.code == CAIRN_EINVAL ? EXIT_BAD_INPUT : EXIT_PANEL_FAILED;
	}
	server_set_reconfig(s, build_config, a);
	print_listening(&cfg, server_port(s));
	atomic_store(&the_server, s);
	install_signals();
	int rc = server_run(s);
	/* The grace is over: requests still drawing are not waited for (their
	 * deadline may be longer than what systemd or Kubernetes allow for a
	 * stop), the process ends here. */
	size_t left = server_in_flight(s);
	if (left > 0) {
		fprintf(stderr, "cairn serve: exiting with %zu request(s) unfinished after the grace\n",
			left);
		fflush(NULL);
		_exit(rc == 0 ? EXIT_OK : EXIT_PANEL_FAILED);
	}
	/* Blocked: a signal arriving now must not find a server being freed. */
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	atomic_store(&the_server, NULL);
	server_free(s);
	srv_config_fini(&cfg);
	return rc == 0 ? EXIT_OK : EXIT_PANEL_FAILED;
}

/* A long-running process drawing images of a few MB at once on several
 * threads: glibc's default raises its mmap threshold to the largest block
 * freed, after which every canvas and panel surface comes from the heap and
 * stays there (measured: 16 whole dashboards at once left 113 MB resident,
 * 48 MB with the threshold held at 1 MiB, the image cache aside).  Blocks
 * of 1 MiB and more are mapped and given back when freed; the canvas a
 * warm panel render needs is kept per thread instead (render/pixbuf.h).
 * (A trim threshold held at 8 MiB as well measured no faster and cost
 * 35 MB under mixed load: one heap top kept per thread.) */
#define SERVE_MMAP_THRESHOLD (1 << 20)

int cmd_serve(int argc, char **argv)
{
	mallopt(M_MMAP_THRESHOLD, SERVE_MMAP_THRESHOLD);
	struct serve_args a = { .dashboards = g_ptr_array_new() };
	int rc = parse_args(argc, argv, &a);
	if (rc < 0) {
		if (prom_global_init()) {
			fputs("cairn serve: libcurl failed to initialise\n", stderr);
			rc = EXIT_PANEL_FAILED;
		} else {
			rc = serve(&a);
			prom_global_cleanup();
		}
	}
	g_ptr_array_free(a.dashboards, TRUE);
	return rc;
}
