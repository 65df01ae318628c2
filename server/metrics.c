/*
 * metrics.c — counters, gauges and histograms kept in memory and written out
 * in Prometheus text format 0.0.4, plus the process_* family read from
 * /proc/self at render time.
 *
 * Each family has its own pthread mutex around a small hash of its label
 * combinations (series).  An update is a hash lookup and a few additions
 * under that lock; no allocation once the series exists.  Series are never
 * removed, so render copies the values under the lock and formats them
 * after letting go.  pthread rather than GMutex so ThreadSanitizer sees the
 * locking (GLib's futex mutex is invisible to it).
 *
 * Not here: what the server counts, or HTTP.
 */
#include "server/metrics.h"

#include <dirent.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define LABELS_MAX 4
#define SERIES_MAX 1000

static const double default_buckets[] = {
	.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30,
};

/* One label combination.  The values point into the series' own copies;
 * the hash table keys are the series themselves. */
struct series {
	size_t n_labels;
	char *values[LABELS_MAX];
	double value;   /* counter/gauge */
	double sum;     /* histogram */
	double *counts; /* histogram: per bucket, not cumulative; n_buckets + 1 (+Inf) */
	uint64_t count;
};

struct metric {
	char *name, *help;
	enum metric_type type;
	size_t n_labels;
	char *label_names[LABELS_MAX];
	double *buckets;
	size_t n_buckets;

	pthread_mutex_t lock;
	GHashTable *index;   /* struct series * -> itself */
	GPtrArray *series;   /* struct series *, creation order (owns them) */
	size_t n_named;      /* series made under the cap (not the overflow "other") */
	struct metric *next;
};

struct metrics {
	metric *first, *last;
	double start_time;   /* process start, Unix seconds; NAN when /proc is unreadable */
};

/* -- label combinations ---------------------------------------------------- */

static guint series_hash(gconstpointer p)
{
	const struct series *s = p;
	guint h = 5381;
	for (size_t i = 0; i < s->n_labels; i++)
		h = h * 31 + g_str_hash(s->values[i]);
	return h;
}

static gboolean series_equal(gconstpointer a, gconstpointer b)
{
	const struct series *x = a, *y = b;
	for (size_t i = 0; i < x->n_labels; i++)
		if (strcmp(x->values[i], y->values[i]) != 0)
			return FALSE;
	return TRUE;
}

static void series_free(gpointer p)
{
	struct series *s = p;
	for (size_t i = 0; i < s->n_labels; i++)
		g_free(s->values[i]);
	g_free(s->counts);
	g_free(s);
}

static struct series *series_new(metric *f, const char *const *values)
{
	struct series *s = g_new0(struct series, 1);
	s->n_labels = f->n_labels;
	for (size_t i = 0; i < f->n_labels; i++)
		s->values[i] = g_strdup(values[i]);
	if (f->type == METRIC_HISTOGRAM)
		s->counts = g_new0(double, f->n_buckets + 1);
	g_ptr_array_add(f->series, s);
	return s;
}

/* The series for values, created on first use; beyond SERIES_MAX the shared
 * "other" one.  Called with f->lock held. */
static struct series *series_get(metric *f, const char *const *values)
{
	struct series probe = {.n_labels = f->n_labels};
	for (size_t i = 0; i < f->n_labels; i++)
		probe.values[i] = (char *)(values[i] ? values[i] : "");
	struct series *s = g_hash_table_lookup(f->index, &probe);
	if (s)
		return s;
	if (f->n_named >= SERIES_MAX) {
		/* Over the cap: one shared series whose every value is "other" (the
		 * same one a request may already have made by that name). */
		for (size_t i = 0; i < f->n_labels; i++)
			probe.values[i] = (char *)"other";
		s = g_hash_table_lookup(f->index, &probe);
		if (s)
			return s;
	} else {
		f->n_named++;
	}
	s = series_new(f, (const char *const *)probe.values);
	g_hash_table_add(f->index, s);
	return s;
}

/* -- registration ------------------------------------------------------- */

static bool name_ok(const char *name, bool is_label)
{
	if (!name || !*name)
		return false;
	if (g_ascii_isdigit(name[0]))
		return false;
	for (const char *p = name; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '_' && (is_label || *p != ':'))
			return false;
	return !is_label || strcmp(name, "le") != 0;
}

static double read_start_time(void);

metrics *metrics_new(void)
{
	metrics *m = g_new0(metrics, 1);
	m->start_time = read_start_time();
	return m;
}

static void metric_free(metric *f)
{
	g_hash_table_destroy(f->index);
	g_ptr_array_free(f->series, TRUE);
	pthread_mutex_destroy(&f->lock);
	for (size_t i = 0; i < f->n_labels; i++)
		g_free(f->label_names[i]);
	g_free(f->buckets);
	g_free(f->name);
	g_free(f->help);
	g_free(f);
}

void metrics_free(metrics *m)
{
	if (!m)
		return;
	for (metric *f = m->first, *next; f; f = next) {
		next = f->next;
		metric_free(f);
	}
	g_free(m);
}

static bool buckets_ok(const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(b[i]) || (i > 0 && b[i] <= b[i - 1]))
			return false;
	return true;
}

metric *metrics_add(metrics *m, const char *name, const char *help, enum metric_type type,
	const char *const *label_names, const double *buckets, size_t n_buckets)
{
	g_return_val_if_fail(m && name_ok(name, false), NULL);
	size_t n_labels = 0;
	while (label_names && label_names[n_labels]) {
		g_return_val_if_fail(n_labels < LABELS_MAX, NULL);
		g_return_val_if_fail(name_ok(label_names[n_labels], true), NULL);
		n_labels++;
	}
	if (type == METRIC_HISTOGRAM && !buckets) {
		buckets = default_buckets;
		n_buckets = G_N_ELEMENTS(default_buckets);
	}
	g_return_val_if_fail(type != METRIC_HISTOGRAM || buckets_ok(buckets, n_buckets), NULL);

	metric *f = g_new0(metric, 1);
	f->name = g_strdup(name);
	f->help = g_strdup(help ? help : "");
	f->type = type;
	f->n_labels = n_labels;
	for (size_t i = 0; i < n_labels; i++)
		f->label_names[i] = g_strdup(label_names[i]);
	if (type == METRIC_HISTOGRAM) {
		f->buckets = g_memdup2(buckets, n_buckets * sizeof *buckets);
		f->n_buckets = n_buckets;
	}
	pthread_mutex_init(&f->lock, NULL);
	f->index = g_hash_table_new(series_hash, series_equal);
	f->series = g_ptr_array_new_with_free_func(series_free);
	/* A family without labels shows its zero from the start, as client
	 * libraries do: a rate() over it has a first sample. */
	if (n_labels == 0)
		series_get(f, NULL);
	if (m->last)
		m->last->next = f;
	else
		m->first = f;
	m->last = f;
	return f;
}

/* -- updates ---------------------------------------------------------------- */

void metric_add(metric *f, const char *const *label_values, double v)
{
	if (!f)
		return;
	g_return_if_fail(f->type != METRIC_HISTOGRAM);
	g_return_if_fail(f->n_labels == 0 || label_values);
	/* A counter only goes up: Prometheus reads a decrease as a restart. */
	g_return_if_fail(f->type != METRIC_COUNTER || v >= 0);
	pthread_mutex_lock(&f->lock);
	series_get(f, label_values)->value += v;
	pthread_mutex_unlock(&f->lock);
}

void metric_set(metric *f, const char *const *label_values, double v)
{
	if (!f)
		return;
	g_return_if_fail(f->type == METRIC_GAUGE);
	g_return_if_fail(f->n_labels == 0 || label_values);
	pthread_mutex_lock(&f->lock);
	series_get(f, label_values)->value = v;
	pthread_mutex_unlock(&f->lock);
}

void metric_observe(metric *f, const char *const *label_values, double v)
{
	if (!f)
		return;
	g_return_if_fail(f->type == METRIC_HISTOGRAM);
	g_return_if_fail(f->n_labels == 0 || label_values);
	size_t b = 0;   /* the first bucket whose bound holds v; NaN lands in +Inf */
	while (b < f->n_buckets && !(v <= f->buckets[b]))
		b++;
	pthread_mutex_lock(&f->lock);
	struct series *s = series_get(f, label_values);
	s->counts[b] += 1;
	s->sum += v;
	s->count++;
	pthread_mutex_unlock(&f->lock);
}

/* -- exposition --------------------------------------------------------- */

/* A number as Prometheus parses it: +Inf/-Inf/NaN, integers without an
 * exponent while exact, otherwise the shortest %g that reads back the same. */
static void put_number(GString *out, double v)
{
	if (isnan(v)) {
		g_string_append(out, "NaN");
		return;
	}
	if (isinf(v)) {
		g_string_append(out, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {   /* 2^53 */
		g_string_append_printf(out, "%.0f", v);
		return;
	}
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	g_string_append(out, buf);
}

/* HELP text escapes backslash and newline; label values also the quote. */
static void put_escaped(GString *out, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			g_string_append(out, "\\\\");
		else if (*s == '\n')
			g_string_append(out, "\\n");
		else if (quote && *s == '"')
			g_string_append(out, "\\\"");
		else
			g_string_append_c(out, *s);
	}
}

static void put_header(GString *out, const char *name, const char *help, const char *type)
{
	g_string_append_printf(out, "# HELP %s ", name);
	put_escaped(out, help, false);
	g_string_append_printf(out, "\n# TYPE %s %s\n", name, type);
}

/* name{a="x",b="y"[,le="bound"]} value\n */
static void put_sample(GString *out, const metric *f, const char *suffix,
	char *const *values, const double *le, double v)
{
	g_string_append(out, f->name);
	g_string_append(out, suffix);
	if (f->n_labels > 0 || le) {
		g_string_append_c(out, '{');
		for (size_t i = 0; i < f->n_labels; i++) {
			g_string_append_printf(out, "%s%s=\"", i ? "," : "", f->label_names[i]);
			put_escaped(out, values[i], true);
			g_string_append_c(out, '"');
		}
		if (le) {
			g_string_append_printf(out, "%sle=\"", f->n_labels ? "," : "");
			put_number(out, *le);
			g_string_append_c(out, '"');
		}
		g_string_append_c(out, '}');
	}
	g_string_append_c(out, ' ');
	put_number(out, v);
	g_string_append_c(out, '\n');
}

/* Per series, the values copied under the lock: value, or counts[n_buckets
 * + 1], sum, count. */
static size_t snapshot_width(const metric *f)
{
	return f->type == METRIC_HISTOGRAM ? f->n_buckets + 3 : 1;
}

static void put_series(GString *out, const metric *f, const struct series *s, const double *snap)
{
	if (f->type != METRIC_HISTOGRAM) {
		put_sample(out, f, "", s->values, NULL, snap[0]);
		return;
	}
	double cumulative = 0;
	for (size_t b = 0; b <= f->n_buckets; b++) {
		cumulative += snap[b];
		double le = b < f->n_buckets ? f->buckets[b] : INFINITY;
		put_sample(out, f, "_bucket", s->values, &le, cumulative);
	}
	put_sample(out, f, "_sum", s->values, NULL, snap[f->n_buckets + 1]);
	put_sample(out, f, "_count", s->values, NULL, snap[f->n_buckets + 2]);
}

static void put_family(GString *out, metric *f)
{
	static const char *const type_names[] = {"counter", "gauge", "histogram"};
	size_t w = snapshot_width(f);

	pthread_mutex_lock(&f->lock);
	size_t n = f->series->len;
	double *snap = g_new(double, n * w + 1);
	const struct series **list = g_new(const struct series *, n + 1);
	for (size_t i = 0; i < n; i++) {
		const struct series *s = list[i] = g_ptr_array_index(f->series, i);
		double *d = snap + i * w;
		if (f->type != METRIC_HISTOGRAM) {
			d[0] = s->value;
			continue;
		}
		memcpy(d, s->counts, (f->n_buckets + 1) * sizeof *d);
		d[f->n_buckets + 1] = s->sum;
		d[f->n_buckets + 2] = (double)s->count;
	}
	pthread_mutex_unlock(&f->lock);

	/* A series' label values never change and a series lives as long as its
	 * family, so they are read without the lock. */
	put_header(out, f->name, f->help, type_names[f->type]);
	for (size_t i = 0; i < n; i++)
		put_series(out, f, list[i], snap + i * w);
	g_free(list);
	g_free(snap);
}

/* -- process_* from /proc/self ----------------------------------------------- */

struct proc_stat {
	double cpu_seconds;   /* utime + stime */
	double start_ticks;   /* since boot */
};

/* Fields 14 (utime), 15 (stime), 22 (starttime) of /proc/self/stat; the
 * command name (field 2) may hold spaces and parentheses, so counting
 * starts after its last ')'. */
static bool read_proc_stat(struct proc_stat *ps)
{
	char *text = NULL;
	if (!g_file_get_contents("/proc/self/stat", &text, NULL, NULL))
		return false;
	char *p = strrchr(text, ')');
	bool ok = false;
	if (p) {
		gchar **f = g_strsplit(p + 2, " ", 0);   /* f[0] is field 3 */
		if (g_strv_length(f) >= 20) {
			double tck = (double)sysconf(_SC_CLK_TCK);
			ps->cpu_seconds = (g_ascii_strtod(f[11], NULL) + g_ascii_strtod(f[12], NULL)) / tck;
			ps->start_ticks = g_ascii_strtod(f[19], NULL);
			ok = true;
		}
		g_strfreev(f);
	}
	g_free(text);
	return ok;
}

static double read_btime(void)
{
	char *text = NULL;
	if (!g_file_get_contents("/proc/stat", &text, NULL, NULL))
		return NAN;
	double btime = NAN;
	char *p = strstr(text, "\nbtime ");
	if (p)
		btime = g_ascii_strtod(p + 7, NULL);
	g_free(text);
	return btime;
}

static double read_start_time(void)
{
	struct proc_stat ps;
	if (!read_proc_stat(&ps))
		return NAN;
	return read_btime() + ps.start_ticks / (double)sysconf(_SC_CLK_TCK);
}

/* Pages from /proc/self/statm: size (virtual) and resident. */
static bool read_statm(double *virt, double *rss)
{
	char *text = NULL;
	if (!g_file_get_contents("/proc/self/statm", &text, NULL, NULL))
		return false;
	char *end;
	double page = (double)sysconf(_SC_PAGESIZE);
	double size = g_ascii_strtod(text, &end);
	double res = g_ascii_strtod(end, NULL);
	g_free(text);
	*virt = size * page;
	*rss = res * page;
	return true;
}

static double count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return NAN;
	double n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;   /* not the descriptor reading the directory */
}

static void put_process_one(GString *out, const char *name, const char *help, const char *type,
	double v)
{
	if (isnan(v))
		return;   /* unreadable here: absent rather than a made-up value */
	put_header(out, name, help, type);
	g_string_append_printf(out, "%s ", name);
	put_number(out, v);
	g_string_append_c(out, '\n');
}

static void put_process(GString *out, const metrics *m)
{
	struct proc_stat ps;
	double virt = NAN, rss = NAN;
	if (!read_proc_stat(&ps))
		ps.cpu_seconds = NAN;
	read_statm(&virt, &rss);
	struct rlimit rl;
	double max_fds = NAN;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max_fds = (double)rl.rlim_cur;

	put_process_one(out, "process_cpu_seconds_total",
		"Total user and system CPU time spent in seconds.", "counter", ps.cpu_seconds);
	put_process_one(out, "process_open_fds", "Number of open file descriptors.", "gauge",
		count_fds());
	put_process_one(out, "process_max_fds", "Maximum number of open file descriptors.",
		"gauge", max_fds);
	put_process_one(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
		"gauge", virt);
	put_process_one(out, "process_resident_memory_bytes", "Resident memory size in bytes.",
		"gauge", rss);
	put_process_one(out, "process_start_time_seconds",
		"Start time of the process since unix epoch in seconds.", "gauge", m->start_time);
}

char *metrics_render(metrics *m, size_t *len)
{
	GString *out = g_string_sized_new(4096);
	for (metric *f = m->first; f; f = f->next)
		put_family(out, f);
	put_process(out, m);
	if (len)
		*len = out->len;
	return g_string_free(out, FALSE);
}
