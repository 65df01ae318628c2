/*
 * cmd_render.c — `cairn render`: command-line contract, exit codes, and the
 * files: reading the dashboard and saved answers, writing the image and the
 * report atomically (a half-written file is never left behind, a planted link
 * is never followed).  The work itself is request/'s.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli/cmd.h"
#include "dashboards/load.h"
#include "request/request.h"

#define MAX_VAR_ARGS 256
#define DEFAULT_PROM_URL "http://127.0.0.1:9090"
#define MAX_TIMEOUT_S 3600.0

/* How request/'s messages name this command's parameters. */
static const struct request_names cli_names = {
	.from = "--from", .to = "--to", .panel = "--panel", .data = "--data", .var = "--var",
};

/* --data REFID=FILE as given. */
struct data_arg {
	const char *ref_id;
	const char *path;
};

struct render_args {
	const char *dashboard;
	const char *output;
	const char *report;
	const char *from, *to;
	const char *prometheus;
	const char *fonts_dir;
	const char *format_name;
	int panel_id;
	int width, height;
	double scale;
	double timeout_s;
	enum theme_kind theme;
	enum png_compression png_compression;
	bool expand_rows;
	bool strict;
	struct request_var vars[MAX_VAR_ARGS];
	size_t n_vars;
	struct data_arg data[CAIRN_MAX_TARGETS];
	size_t n_data;
};

void cmd_render_usage(FILE *to)
{
	fputs("usage: cairn render DASHBOARD.json -o OUT.{png,svg,pdf} [options]\n"
	      "\n"
	      "Renders a Grafana dashboard JSON file (or one of its panels) to PNG, SVG or PDF.\n"
	      "\n"
	      "  -o, --output FILE       image to write; the extension picks the format\n"
	      "                          (\"-\" writes to standard output: PNG unless --format)\n"
	      "      --format FMT        png, svg or pdf (overrides the extension)\n"
	      "      --panel ID          render only the panel with this id\n"
	      "      --from T, --to T    time range: now-6h, now/d, now-1d/d, RFC 3339,\n"
	      "                          unix seconds or milliseconds (default: the dashboard's)\n"
	      "      --width PX          canvas width (panel: 1000, dashboard: 1600)\n"
	      "      --height PX         canvas height (panel: 500, dashboard: as tall as its grid)\n"
	      "      --scale F           device pixel ratio, 0.25 to 8 (default 1)\n"
	      "      --theme dark|light  Grafana theme (default dark)\n"
	      "      --png-compression fast|small  PNG: fast (default) or smaller files\n"
	      "                          for about 20x the encoding time\n"
	      "      --var NAME=VALUE    set a template variable; repeat for several values;\n"
	      "                          VALUE '$__all' selects All\n"
	      "      --prometheus URL    Prometheus base URL, or 'testdata' for built-in data\n"
	      "                          (default: $CAIRN_PROMETHEUS_URL, then " DEFAULT_PROM_URL ")\n"
	      "      --timeout SECONDS   per query (default " G_STRINGIFY(CAIRN_DEFAULT_TIMEOUT_S) ")\n"
	      "      --report FILE       write a JSON report, one object per panel\n"
	      "      --expand-rows       open collapsed rows and draw their panels\n"
	      "      --data REFID=FILE   with --panel: answer that target from a saved\n"
	      "                          /api/v1/query_range response instead of the datasource\n"
	      "      --strict            exit 1 also when a panel type is not supported\n"
	      "      --fonts DIR         bundled fonts directory (default: $CAIRN_FONTS_DIR,\n"
	      "                          then the one cairn was built with)\n"
	      "  -h, --help              this text\n"
	      "\n"
	      "exit status: 0 every panel rendered (or has no data); 1 some panel failed (the\n"
	      "image is still written, showing the failure in place); 2 unusable input, nothing\n"
	      "written.\n",
		to);
}

__attribute__((format(printf, 1, 2))) static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cairn render: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_BAD_INPUT;
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		char range[64];
		snprintf(range, sizeof range, "%d to %d", lo, hi);
		fprintf(stderr, "cairn render: %s: expected an integer from %s, got \"%s\"\n", opt,
			range, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
		fprintf(stderr, "cairn render: %s: expected a number from %g to %g, got \"%s\"\n", opt,
			lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int add_var(struct render_args *a, char *arg)
{
	char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return bad("--var %s: expected NAME=VALUE", arg);
	if (a->n_vars == MAX_VAR_ARGS)
		return bad("--var: at most %d values", MAX_VAR_ARGS);
	*eq = '\0';
	/* Grafana URLs say var-name=value; accept that spelling too. */
	const char *name = strncmp(arg, "var-", 4) == 0 ? arg + 4 : arg;
	a->vars[a->n_vars++] = (struct request_var){ name, eq + 1 };
	return 0;
}

static int add_data(struct render_args *a, char *arg)
{
	char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return bad("--data %s: expected REFID=FILE", arg);
	if (a->n_data == CAIRN_MAX_TARGETS)
		return bad("--data: at most %d files", CAIRN_MAX_TARGETS);
	*eq = '\0';
	a->data[a->n_data++] = (struct data_arg){ arg, eq + 1 };
	return 0;
}

enum {
	OPT_PANEL = 256, OPT_FROM, OPT_TO, OPT_WIDTH, OPT_HEIGHT, OPT_SCALE, OPT_THEME, OPT_VAR,
	OPT_PROM, OPT_TIMEOUT, OPT_REPORT, OPT_FONTS, OPT_FORMAT, OPT_EXPAND, OPT_STRICT, OPT_DATA,
	OPT_PNG_COMPRESSION,
};

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "panel", required_argument, NULL, OPT_PANEL },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "height", required_argument, NULL, OPT_HEIGHT },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "var", required_argument, NULL, OPT_VAR },
	{ "prometheus", required_argument, NULL, OPT_PROM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "fonts", required_argument, NULL, OPT_FONTS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "expand-rows", no_argument, NULL, OPT_EXPAND },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "png-compression", required_argument, NULL, OPT_PNG_COMPRESSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, or an exit status. */
static int parse_opt(struct render_args *a, int c, char *arg)
{
	switch (c) {
	case 'o': a->output = arg; return -1;
	case OPT_PANEL: return parse_int("--panel", arg, 1, 1 << 30, &a->panel_id) ? 2 : -1;
	case OPT_FROM: a->from = arg; return -1;
	case OPT_TO: a->to = arg; return -1;
	case OPT_WIDTH: return parse_int("--width", arg, 16, RENDER_MAX_PX, &a->width) ? 2 : -1;
	case OPT_HEIGHT: return parse_int("--height", arg, 16, RENDER_MAX_PX, &a->height) ? 2 : -1;
	case OPT_SCALE: return parse_double("--scale", arg, 0.25, 8, &a->scale) ? 2 : -1;
	case OPT_TIMEOUT:
		return parse_double("--timeout", arg, 0.001, MAX_TIMEOUT_S, &a->timeout_s) ? 2 : -1;
	case OPT_THEME:
		if (strcmp(arg, "dark") == 0)
			a->theme = THEME_DARK;
		else if (strcmp(arg, "light") == 0)
			a->theme = THEME_LIGHT;
		else
			return bad("--theme: expected dark or light, got \"%s\"", arg);
		return -1;
	case OPT_VAR: return add_var(a, arg) ? 2 : -1;
	case OPT_PROM: a->prometheus = arg; return -1;
	case OPT_REPORT: a->report = arg; return -1;
	case OPT_FONTS: a->fonts_dir = arg; return -1;
	case OPT_FORMAT: a->format_name = arg; return -1;
	case OPT_EXPAND: a->expand_rows = true; return -1;
	case OPT_STRICT: a->strict = true; return -1;
	case OPT_DATA: return add_data(a, arg) ? 2 : -1;
	case OPT_PNG_COMPRESSION:
		if (strcmp(arg, "fast") == 0)
			a->png_compression = PNG_FAST;
		else if (strcmp(arg, "small") == 0)
			a->png_compression = PNG_SMALL;
		else
			return bad("--png-compression: expected fast or small, got \"%s\"", arg);
		return -1;
	case 'h': cmd_render_usage(stdout); return EXIT_OK;
	default: cmd_render_usage(stderr); return EXIT_BAD_INPUT;
	}
}

static int parse_args(int argc, char **argv, struct render_args *a)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		int rc = parse_opt(a, c, optarg);
		if (rc >= 0)
			return rc;
	}
	if (optind == argc)
		return bad("missing DASHBOARD.json (see cairn render --help)");
	if (optind + 1 < argc)
		return bad("unexpected argument \"%s\"", argv[optind + 1]);
	a->dashboard = argv[optind];
	if (!a->output)
		return bad("missing -o OUT.{png,svg,pdf}");
	if (a->n_data && !a->panel_id)
		return bad("--data needs --panel: saved answers belong to one panel's targets");
	return -1;
}

static int pick_format(const struct render_args *a, enum render_format *fmt)
{
	const char *name = a->format_name;
	if (!name && strcmp(a->output, "-") == 0)
		name = "png"; /* standard output has no extension to go by */
	if (!name) {
		const char *dot = strrchr(a->output, '.');
		name = dot ? dot + 1 : "";
	}
	if (g_ascii_strcasecmp(name, "png") == 0)
		*fmt = FMT_PNG;
	else if (g_ascii_strcasecmp(name, "svg") == 0)
		*fmt = FMT_SVG;
	else if (g_ascii_strcasecmp(name, "pdf") == 0)
		*fmt = FMT_PDF;
	else if (a->format_name)
		return bad("--format: expected png, svg or pdf, got \"%s\"", name);
	else
		return bad("-o %s: cannot tell the format from the extension (use .png, .svg, "
			   ".pdf or --format)", a->output);
	return -1;
}

static bool write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO; /* no progress and no reason given */
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Writes bytes to path atomically: into a new file with an unpredictable
 * name in the target's folder (created with O_EXCL, so never an existing
 * file or a planted link), synced, then renamed over the target.  rename
 * replaces a link at the target itself and never writes through it; readers
 * never see half a file, and a failed run leaves none.  0, or an errno. */
static int write_atomic(const char *path, const unsigned char *bytes, size_t len)
{
	char *dir = g_path_get_dirname(path);
	char *tmp = g_build_filename(dir, ".cairn-XXXXXX", NULL);
	int e = 0;
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0) {
		e = errno;
	} else {
		bool ok = write_all(fd, bytes, len) && fsync(fd) == 0;
		e = ok ? 0 : errno;
		if (close(fd) != 0 && ok)
			e = errno;
		if (!e && rename(tmp, path) != 0)
			e = errno;
		if (e)
			unlink(tmp);
	}
	g_free(tmp);
	g_free(dir);
	return e;
}

static int write_output(const char *path, const unsigned char *bytes, size_t len)
{
	if (strcmp(path, "-") == 0)
		return fwrite(bytes, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
	int e = write_atomic(path, bytes, len);
	if (e)
		fprintf(stderr, "cairn render: -o %s: %s\n", path, strerror(e));
	return e ? -1 : 0;
}

/* A file to be written into a folder that does not exist is an unusable
 * parameter, found before any work is done. */
static int check_folder(const char *param, const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return -1;
	char *dir = g_path_get_dirname(path);
	struct stat st;
	int rc = -1;
	if (stat(dir, &st) != 0)
		rc = bad("%s %s: folder %s: %s", param, path, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = bad("%s %s: %s is not a folder", param, path, dir);
	g_free(dir);
	return rc;
}

const char *cli_fonts_dir(const char *flag)
{
	if (flag)
		return flag;
	const char *env = getenv("CAIRN_FONTS_DIR");
	if (env && *env)
		return env;
	static char *installed;   /* resolved once; the process's lifetime */
	if (!installed) {
		char *exe = g_file_read_link("/proc/self/exe", NULL);
		char *bindir = exe ? g_path_get_dirname(exe) : NULL;
		char *dir = bindir ? g_build_filename(bindir, CAIRN_FONTS_FROM_BINDIR, NULL) : NULL;
		if (dir && g_file_test(dir, G_FILE_TEST_IS_DIR))
			installed = dir;
		else
			g_free(dir);
		g_free(bindir);
		g_free(exe);
	}
	return installed ? installed : CAIRN_FONTS_DIR;
}

static const char *prom_url(const struct render_args *a)
{
	if (a->prometheus)
		return a->prometheus;
	const char *env = getenv("CAIRN_PROMETHEUS_URL");
	return env && *env ? env : DEFAULT_PROM_URL;
}

static int exit_status(const struct request_report *rep, bool strict)
{
	int status = EXIT_OK;
	for (size_t i = 0; i < rep->n; i++) {
		const struct request_panel *p = &rep->panels[i];
		if (p->status == RESULT_ERROR || (strict && p->status == RESULT_UNSUPPORTED)) {
			fprintf(stderr, "cairn render: panel %d \"%s\": %s\n", p->id, p->title,
				p->message);
			status = EXIT_PANEL_FAILED;
		}
	}
	return status;
}

/* The saved answers, read whole: --data's files become request_data. */
static int read_data(const struct render_args *a, struct request_data *out,
	struct cairn_err *err)
{
	for (size_t i = 0; i < a->n_data; i++) {
		char *body = NULL;
		gsize len = 0;
		GError *ge = NULL;
		if (!g_file_get_contents(a->data[i].path, &body, &len, &ge)) {
			cairn_err_set(err, CAIRN_EINVAL, "--data %s=%s: %s", a->data[i].ref_id,
				a->data[i].path, ge->message);
			g_error_free(ge);
			return CAIRN_EINVAL;
		}
		out[i] = (struct request_data){ .ref_id = a->data[i].ref_id, .body = body,
			.len = len, .name = a->data[i].path };
	}
	return 0;
}

static void free_data(struct request_data *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_free((char *)d[i].body);
}

/* A request that failed: its deadline passing is the datasource's (or the
 * machine's) slowness, exit 1 as a slow panel is; the rest is input that
 * cannot be rendered, exit 2.  Nothing is written either way. */
static int failed_status(const struct cairn_err *err)
{
	return err->code == CAIRN_ETIMEOUT ? EXIT_PANEL_FAILED : EXIT_BAD_INPUT;
}

static void fill_request(const struct render_args *a, enum render_format fmt,
	const struct cairn_dashboard *dash, const struct request_data *data, struct request *req)
{
	*req = (struct request){
		.dash = dash,
		.panel_id = a->panel_id,
		.from = a->from,
		.to = a->to,
		.now = (double)time(NULL),
		.width = a->width,
		.height = a->height,
		.scale = a->scale,
		.theme = a->theme,
		.format = fmt,
		.png_compression = a->png_compression,
		.vars = a->vars,
		.n_vars = a->n_vars,
		.expand_rows = a->expand_rows,
		.data = data,
		.n_data = a->n_data,
		.names = &cli_names,
	};
	/* --timeout is each datasource request's; the whole request may take
	 * at least that long.  The other limits stay 0: the defaults. */
	req->limits.deadline_s = fmax(CAIRN_DEFAULT_DEADLINE_S, a->timeout_s);
}

static int write_report(const char *path, const struct request_report *rep)
{
	char *json = request_report_json(rep);
	int e = write_atomic(path, (const unsigned char *)json, strlen(json));
	free(json);
	if (e)
		fprintf(stderr, "cairn render: --report %s: cannot write the file (%s)\n", path,
			strerror(e));
	return e ? -1 : 0;
}

/* Load, render, write.  Everything the run owns is released at `done`. */
static int run(const struct render_args *a, enum render_format fmt)
{
	struct cairn_err err = { 0 };
	struct cairn_dashboard *dash = NULL;
	struct request_data data[CAIRN_MAX_TARGETS] = { 0 };
	request_ctx *ctx = NULL;
	struct render_out out = { 0 };
	struct request_report rep = { 0 };
	int status = EXIT_BAD_INPUT;

	dash = dash_load_file(a->dashboard, &err);
	if (!dash || read_data(a, data, &err))
		goto done;
	struct request_ctx_config cfg = {
		.fonts_dir = cli_fonts_dir(a->fonts_dir),
		.datasource = { .url = prom_url(a), .timeout_s = a->timeout_s },
		.datasource_param = "--prometheus",
	};
	ctx = request_ctx_new(&cfg, &err);
	if (!ctx)
		goto done;
	struct request req;
	fill_request(a, fmt, dash, data, &req);
	if (request_run(ctx, &req, &out, &rep, &err)) {
		status = failed_status(&err);
		goto done;
	}
	err.msg[0] = '\0';
	if (write_output(a->output, out.bytes, out.len)) {
		status = EXIT_PANEL_FAILED;
		goto done;
	}
	for (char **w = rep.warnings; w && *w; w++)
		fprintf(stderr, "cairn render: warning: %s\n", *w);
	status = exit_status(&rep, a->strict);
	if (a->report && write_report(a->report, &rep))
		status = EXIT_PANEL_FAILED;
done:
	if (err.msg[0])
		fprintf(stderr, "cairn render: %s\n", err.msg);
	request_report_fini(&rep);
	free(out.bytes);
	request_ctx_free(ctx);
	free_data(data, a->n_data);
	dash_free(dash);
	return status;
}

int cmd_render(int argc, char **argv)
{
	struct render_args a = { .scale = 1, .timeout_s = CAIRN_DEFAULT_TIMEOUT_S,
		.theme = THEME_DARK };
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	enum render_format fmt = FMT_PNG;
	if ((rc = pick_format(&a, &fmt)) >= 0)
		return rc;
	if ((rc = check_folder("-o", a.output)) >= 0 ||
		(rc = check_folder("--report", a.report)) >= 0)
		return rc;
	/* No prom_global_init: one render is one request on this thread, and
	 * libcurl is loaded by its first fetch only (a --data or testdata run
	 * never loads it; datasource/curlsym.h). */
	rc = run(&a, fmt);
	prom_global_cleanup();
	return rc;
}
