/*
 * lint.c — `cairn lint DASHBOARD.json…`: the command line, the files, the
 * output (text or JSON) and the exit status.  Each file is loaded on its
 * own; what the loader refuses (JSON syntax, wrong types) becomes that
 * file's finding and the next file is still checked.  The checks are
 * lint_check.c's (the model) and lint_prom.c's (PromQL).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cli/cmd.h"
#include "cli/lint.h"
#include "dashboards/load.h"
#include "datasource/prom.h"

#define DEFAULT_PROM_URL "http://127.0.0.1:9090"
#define MAX_TIMEOUT_S 3600.0

struct lint_args {
	char **files;
	int n_files;
	const char *prometheus;
	const char *fonts_dir;
	bool offline;
	bool json;
	enum lint_severity fail_on;
	double timeout_s;
};

void cmd_lint_usage(FILE *to)
{
	fputs("usage: cairn lint DASHBOARD.json|FOLDER... [options]\n"
	      "\n"
	      "Checks Grafana dashboard JSON files (a folder: every *.json below it) for\n"
	      "what cairn cannot draw or Grafana would not show as meant: one finding per\n"
	      "line, FILE: JSON-PATH: SEVERITY: MESSAGE [CHECK].\n"
	      "\n"
	      "checks:\n"
	      "  load      the file does not load (JSON syntax with line:column, wrong types)\n"
	      "  type      a panel type cairn does not draw (error)\n"
	      "  option    a transformation cairn does not apply (error); an option it ignores\n"
	      "            where the picture changes (warning)\n"
	      "  time      a dashboard range, timeFrom or timeShift that does not parse (error)\n"
	      "  unit      a unit Grafana does not know, or one cairn prints as a plain number\n"
	      "            (warning)\n"
	      "  variable  a variable no templating entry defines: in an expression or a\n"
	      "            variable's query (error), in a title, legend, interval, text\n"
	      "            panel, datasource or repeat (warning)\n"
	      "  promql    an expression Prometheus rejects (error), asked of --prometheus with\n"
	      "            variables at their default values; a Prometheus that cannot be\n"
	      "            reached is one error [prometheus]\n"
	      "\n"
	      "  -f, --format FMT      text (default) or json\n"
	      "      --fail-on LEVEL   error (default) or warning: the least severe finding\n"
	      "                        that makes the exit status 1\n"
	      "      --prometheus URL  Prometheus base URL (default: $CAIRN_PROMETHEUS_URL,\n"
	      "                        then " DEFAULT_PROM_URL ")\n"
	      "      --offline         skip the PromQL check (no Prometheus asked)\n"
	      "      --timeout SECONDS per Prometheus request (default "
	      G_STRINGIFY(CAIRN_DEFAULT_TIMEOUT_S) ")\n"
	      "      --fonts DIR       bundled fonts directory (as cairn render)\n"
	      "  -h, --help            this text\n"
	      "\n"
	      "exit status: 0 no finding at or above the --fail-on level; 1 some; 2 a usage\n"
	      "error or a file that cannot be read (the other files are still checked).\n",
		to);
}

__attribute__((format(printf, 1, 2))) static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cairn lint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_BAD_INPUT;
}

enum { OPT_PROM = 256, OPT_OFFLINE, OPT_FAIL_ON, OPT_TIMEOUT, OPT_FONTS };

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "prometheus", required_argument, NULL, OPT_PROM },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "fonts", required_argument, NULL, OPT_FONTS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_timeout(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0.001 || v > MAX_TIMEOUT_S)
		return bad("--timeout: expected a number from 0.001 to %g, got \"%s\"",
			MAX_TIMEOUT_S, s);
	*out = v;
	return -1;
}

/* Returns -1 to go on, or an exit status. */
static int parse_opt(struct lint_args *a, int c, const char *arg)
{
	switch (c) {
	case 'f':
		if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0)
			return bad("--format: expected text or json, got \"%s\"", arg);
		a->json = strcmp(arg, "json") == 0;
		return -1;
	case OPT_FAIL_ON:
		if (strcmp(arg, "error") != 0 && strcmp(arg, "warning") != 0)
			return bad("--fail-on: expected error or warning, got \"%s\"", arg);
		a->fail_on = strcmp(arg, "error") == 0 ? LINT_ERROR : LINT_WARNING;
		return -1;
	case OPT_PROM: a->prometheus = arg; return -1;
	case OPT_OFFLINE: a->offline = true; return -1;
	case OPT_TIMEOUT: return parse_timeout(arg, &a->timeout_s);
	case OPT_FONTS: a->fonts_dir = arg; return -1;
	case 'h': cmd_lint_usage(stdout); return EXIT_OK;
	default: cmd_lint_usage(stderr); return EXIT_BAD_INPUT;
	}
}

static int parse_args(int argc, char **argv, struct lint_args *a)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", long_opts, NULL)) != -1) {
		int rc = parse_opt(a, c, optarg);
		if (rc >= 0)
			return rc;
	}
	if (optind == argc)
		return bad("missing DASHBOARD.json (see cairn lint --help)");
	a->files = argv + optind;
	a->n_files = argc - optind;
	return -1;
}

static const char *prom_url(const struct lint_args *a)
{
	if (a->prometheus)
		return a->prometheus;
	const char *env = getenv("CAIRN_PROMETHEUS_URL");
	return env && *env ? env : DEFAULT_PROM_URL;
}

/* ---- the loader's errors as findings ------------------------------------ */

/* A JSON path as the loader writes them ("panels[3].targets[0].expr"). */
static bool looks_like_path(const char *s, size_t n)
{
	if (n == 0 || !(g_ascii_isalpha(s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(g_ascii_isalnum(s[i]) || strchr("_.[]", s[i])))
			return false;
	return true;
}

/* The loader's message, "FILE:LINE:COL: text" for JSON syntax and "FILE:
 * PATH: text" for the rest, split into a finding. */
static void load_finding(struct lint_report *r, const char *file, const char *msg)
{
	size_t fl = strlen(file);
	const char *m = strncmp(msg, file, fl) == 0 ? msg + fl : msg;
	int line = 0, col = 0, used = 0;
	if (sscanf(m, ":%d:%d: %n", &line, &col, &used) == 2 && used > 0) {
		lint_add(r, file, "$", LINT_ERROR, "load", "%s", m + used);
		struct lint_finding *f =
			&g_array_index(r->findings, struct lint_finding, r->findings->len - 1);
		f->line = line;
		f->column = col;
		return;
	}
	if (strncmp(m, ": ", 2) == 0)
		m += 2;
	const char *colon = strstr(m, ": ");
	if (colon && looks_like_path(m, (size_t)(colon - m))) {
		char *path = g_strdup_printf("$.%.*s", (int)(colon - m), m);
		lint_add(r, file, path, LINT_ERROR, "load", "%s", colon + 2);
		g_free(path);
		return;
	}
	lint_add(r, file, "$", LINT_ERROR, "load", "%s", m);
}

/* ---- output ------------------------------------------------------------- */

static const char *sev_name(enum lint_severity s)
{
	return s == LINT_ERROR ? "error" : "warning";
}

static void print_text(const struct lint_report *r)
{
	for (guint i = 0; i < r->findings->len; i++) {
		const struct lint_finding *f = &g_array_index(r->findings, struct lint_finding, i);
		GString *s = g_string_new(f->file ? f->file : "--prometheus");
		if (f->line)
			g_string_append_printf(s, ":%d:%d", f->line, f->column);
		if (f->path)
			g_string_append_printf(s, ": %s", f->path);
		g_string_append_printf(s, ": %s: %s [%s]\n", sev_name(f->severity), f->message,
			f->check);
		fputs(s->str, stdout);
		g_string_free(s, TRUE);
	}
}

static void json_str(GString *s, const char *v)
{
	if (!v) {
		g_string_append(s, "null");
		return;
	}
	g_string_append_c(s, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(s, "\\%c", *p);
		else if (*p < 0x20)
			g_string_append_printf(s, "\\u%04x", *p);
		else
			g_string_append_c(s, (char)*p);
	}
	g_string_append_c(s, '"');
}

static void json_finding(GString *s, const struct lint_finding *f)
{
	g_string_append(s, "    {\"file\": ");
	json_str(s, f->file);
	g_string_append(s, ", \"path\": ");
	json_str(s, f->path);
	if (f->line)
		g_string_append_printf(s, ", \"line\": %d, \"column\": %d", f->line, f->column);
	else
		g_string_append(s, ", \"line\": null, \"column\": null");
	g_string_append_printf(s, ", \"severity\": \"%s\", \"check\": \"%s\", \"message\": ",
		sev_name(f->severity), f->check);
	json_str(s, f->message);
	g_string_append_c(s, '}');
}

static void print_json(const struct lint_report *r, int n_files, size_t errors, size_t warnings)
{
	GString *s = g_string_new("{\n");
	g_string_append_printf(s, "  \"files\": %d,\n  \"errors\": %zu,\n  \"warnings\": %zu,\n"
		"  \"findings\": [", n_files, errors, warnings);
	for (guint i = 0; i < r->findings->len; i++) {
		g_string_append(s, i ? ",\n" : "\n");
		json_finding(s, &g_array_index(r->findings, struct lint_finding, i));
	}
	g_string_append(s, r->findings->len ? "\n  ]\n}\n" : "]\n}\n");
	fputs(s->str, stdout);
	g_string_free(s, TRUE);
}

static void finding_clear(void *p)
{
	struct lint_finding *f = p;
	g_free(f->file);
	g_free(f->path);
	g_free(f->message);
}

/* The model's paths start at the dashboard; the file's may not: an API
 * wrapper puts it under "dashboard", and a panel's own JSON (loaded as a
 * one-panel dashboard whose panel is "panel") is the root itself. */
static void file_paths(struct lint_report *r, guint first, const struct cairn_dashboard *d)
{
	bool bare = d->n_panels == 1 && g_strcmp0(d->panels[0].json_path, "panel") == 0;
	if (!d->wrapped && !bare)
		return;
	for (guint i = first; i < r->findings->len; i++) {
		struct lint_finding *f = &g_array_index(r->findings, struct lint_finding, i);
		char *p = f->path;
		if (!p || !f->file || strncmp(p, "$", 1) != 0)
			continue;
		if (bare && (strcmp(p, "$.panel") == 0 || g_str_has_prefix(p, "$.panel.") ||
				g_str_has_prefix(p, "$.panel[")))
			f->path = g_strconcat("$", p + strlen("$.panel"), NULL);
		else if (d->wrapped)
			f->path = g_strconcat("$.dashboard", p + 1, NULL);
		else
			continue;
		g_free(p);
	}
}

/* ---- the run ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends dir's *.json files, and those of its sub-folders (hidden ones
 * left out, as cairn serve's --dashboards), sorted by path. */
static bool add_dir(GPtrArray *files, const char *dir, int depth)
{
	GError *ge = NULL;
	GDir *d = g_dir_open(dir, 0, &ge);
	if (!d) {
		fprintf(stderr, "cairn lint: %s\n", ge->message);
		g_error_free(ge);
		return false;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(d));)
		if (n[0] != '.')
			g_ptr_array_add(names, g_build_filename(dir, n, NULL));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_str);
	bool ok = true;
	for (guint i = 0; i < names->len; i++) {
		const char *p = names->pdata[i];
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			ok = (depth < 16 && add_dir(files, p, depth + 1)) && ok;
		else if (g_str_has_suffix(p, ".json"))
			g_ptr_array_add(files, g_strdup(p));
	}
	g_ptr_array_free(names, TRUE);
	return ok;
}

/* The arguments, folders replaced by their dashboards; false when a
 * folder could not be read. */
static bool expand_args(const struct lint_args *a, GPtrArray *files)
{
	bool ok = true;
	for (int i = 0; i < a->n_files; i++) {
		const char *f = a->files[i];
		if (strcmp(f, "-") != 0 && g_file_test(f, G_FILE_TEST_IS_DIR))
			ok = add_dir(files, f, 0) && ok;
		else
			g_ptr_array_add(files, g_strdup(f));
	}
	return ok;
}

/* Lints one file into r; false when it cannot be read at all. */
static bool lint_file(const struct lint_args *a, lint_prom *lp, struct lint_report *r,
	const char *file)
{
	struct cairn_err err = { 0 };
	struct cairn_dashboard *d = dash_load_file(file, &err);
	if (!d && err.code == CAIRN_EIO) {
		fprintf(stderr, "cairn lint: %s\n", err.msg);
		return false;
	}
	if (!d) {
		load_finding(r, file, err.msg);
		return true;
	}
	guint first = r->findings->len;
	lint_check_model(r, file, d);
	if (!a->offline)
		lint_prom_check(lp, r, file, d);
	file_paths(r, first, d);
	dash_free(d);
	return true;
}

static int run(const struct lint_args *a)
{
	struct lint_report r = { .findings = g_array_new(FALSE, TRUE, sizeof(struct lint_finding)) };
	g_array_set_clear_func(r.findings, finding_clear);
	struct cairn_err err = { 0 };
	lint_prom *lp = NULL;
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	int status = EXIT_OK;
	if (!a->offline &&
		!(lp = lint_prom_new(prom_url(a), a->timeout_s, cli_fonts_dir(a->fonts_dir), &err))) {
		status = bad("%s", err.msg);
		goto done;
	}
	if (!expand_args(a, files))
		status = EXIT_BAD_INPUT;
	for (guint i = 0; i < files->len; i++)
		if (!lint_file(a, lp, &r, files->pdata[i]))
			status = EXIT_BAD_INPUT;
	size_t errors = 0, warnings = 0, failing = 0;
	for (guint i = 0; i < r.findings->len; i++) {
		enum lint_severity s = g_array_index(r.findings, struct lint_finding, i).severity;
		errors += s == LINT_ERROR;
		warnings += s == LINT_WARNING;
		failing += s >= a->fail_on;
	}
	int n_files = (int)files->len;
	if (a->json)
		print_json(&r, n_files, errors, warnings);
	else
		print_text(&r);
	fflush(stdout);
	fprintf(stderr, "cairn lint: %d file%s, %zu error%s, %zu warning%s\n", n_files,
		n_files == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
		warnings == 1 ? "" : "s");
	if (status == EXIT_OK && failing)
		status = EXIT_PANEL_FAILED;
done:
	lint_prom_free(lp);
	g_ptr_array_free(files, TRUE);
	g_array_free(r.findings, TRUE);
	return status;
}

int cmd_lint(int argc, char **argv)
{
	struct lint_args a = { .fail_on = LINT_ERROR, .timeout_s = CAIRN_DEFAULT_TIMEOUT_S };
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = run(&a);
	if (!a.offline)
		prom_global_cleanup();
	return rc;
}
