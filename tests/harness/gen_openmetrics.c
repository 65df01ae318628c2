/*
 * gen_openmetrics.c — writes the integration tests' Prometheus data as
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
 *
 * Everything is a pure function of (series, sample index): a fixed window
 * (2026-01-01T00:00:00Z to 06:00:00Z every 15 s), a stateless hash for
 * noise, no clock, no locale.  So every run writes the same bytes and the
 * images rendered from it are reproducible.
 *
 * Besides three node-exporter nodes shaped like real ones (counters that only
 * grow, CPU modes that add up to wall time), it writes probe series whose
 * pictures the tests predict exactly: cairn_test_flat (constant 50),
 * cairn_test_step (0, then 100 from 03:00), cairn_test_gap (no samples from
 * 02:00 to 03:00), cairn_test_ramp (0 to 100) and cairn_test_counter_total
 * (rate exactly 1/s).
 *
 * usage: gen_openmetrics [--ms] [--corpus] [--end UNIX_SECONDS] [OUT.om]
 * (default: standard output).  --ms writes timestamps in milliseconds
 * (Prometheus' text format, for VictoriaMetrics' import) instead of
 * OpenMetrics' seconds; --corpus adds every other series the dashboards of
 * ../shared/corpus read (gen_corpus: some 2,300 series more, ~250 MB of
 * text), which prom.sh and vm.sh load and the demo and the server
 * acceptance scripts do without.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Start of the window: 2026-01-01T00:00:00Z for the tests; the demo moves it
 * (--end) so the same six hours end now. */
static long T0 = 1767225600L;
#define STEP_S    15
#define N_SAMPLES (6 * 3600 / STEP_S + 1) /* both ends of the window included */
#define N_NODES   3
#define N_CPUS    4
#define GIB       1073741824.0
#define MIB       1048576.0
#define UPTIME_S  864000.0 /* the nodes booted ten days before the window */

#define GAP_FIRST (2 * 3600 / STEP_S) /* cairn_test_gap has no samples in [02:00, 03:00) */
#define GAP_END   (3 * 3600 / STEP_S)

static const char *const node_names[N_NODES] = {"node-1", "node-2", "node-3"};
static const double node_busy[N_NODES] = {0.30, 0.45, 0.15};
static const double node_mem_gib[N_NODES] = {16, 32, 8};

static const char *const cpu_modes[] = {"idle",    "iowait", "irq",    "nice",
                                        "softirq", "steal",  "system", "user"};
/* Share of the busy time each non-idle mode takes; they add up to 1. */
static const double mode_share[] = {0, 0.06, 0.02, 0.03, 0.03, 0.02, 0.22, 0.62};
#define N_MODES (sizeof cpu_modes / sizeof cpu_modes[0])

static const char *const disks[] = {"sda", "nvme0n1"};
#define N_DISKS 2

/* Writes one series at a time so a family's samples stay together, as the
 * OpenMetrics parser requires, and each series' samples are in time order. */
struct sink {
	FILE *out;
	char labels[512];
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Noise in [0, 1) for sample i of the stream `seed`: stateless, so any
 * series can be computed in any order. */
static double noise(uint64_t seed, int i)
{
	return (double)(mix(seed * 1000003ULL + (uint64_t)i) >> 11) / 9007199254740992.0;
}

/* One slow wave over the window, shifted per node: the window's "day". */
static double wave(int i, double phase)
{
	return sin(2.0 * M_PI * i / (N_SAMPLES - 1) + phase);
}

static void family(struct sink *s, const char *name, const char *type)
{
	fprintf(s->out, "# TYPE %s %s\n", name, type);
}

__attribute__((format(printf, 2, 3))) static void labels(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->labels, sizeof s->labels, fmt, ap);
	va_end(ap);
}

/* Timestamps in seconds (OpenMetrics, for promtool), or in milliseconds
 * (Prometheus' text format, for VictoriaMetrics' /api/v1/import/prometheus). */
static bool ts_ms;
/* --corpus: the corpus' clusters too (gen_corpus, gen_up_k8s) */
static bool with_corpus;

static void sample(struct sink *s, const char *name, int i, double v)
{
	long t = T0 + (long)i * STEP_S;
	if (ts_ms)
		fprintf(s->out, "%s{%s} %.12g %ld000\n", name, s->labels, v, t);
	else
		fprintf(s->out, "%s{%s} %.12g %ld\n", name, s->labels, v, t);
}

static void node_labels(struct sink *s, int n, const char *extra)
{
	labels(s, "instance=\"%s:9100\",job=\"node-exporter\"%s%s", node_names[n],
	       extra[0] ? "," : "", extra);
}

static double cpu_busy(int n, int cpu, int i)
{
	double u = node_busy[n] + 0.15 * wave(i, n * 1.3) + 0.03 * (noise(n * 16 + cpu, i) - 0.5) +
	           0.03 * cpu;
	return fmin(0.95, fmax(0.02, u));
}

static double mode_fraction(int n, int cpu, size_t mode, int i)
{
	double u = cpu_busy(n, cpu, i);
	return mode == 0 ? 1.0 - u : u * mode_share[mode];
}

static void gen_cpu(struct sink *s)
{
	family(s, "node_cpu_seconds", "counter");
	for (int n = 0; n < N_NODES; n++)
		for (int cpu = 0; cpu < N_CPUS; cpu++)
			for (size_t m = 0; m < N_MODES; m++) {
				char extra[64];
				snprintf(extra, sizeof extra, "cpu=\"%d\",mode=\"%s\"", cpu,
				         cpu_modes[m]);
				node_labels(s, n, extra);
				double c = UPTIME_S * mode_fraction(n, cpu, m, 0);
				for (int i = 0; i < N_SAMPLES; i++) {
					if (i > 0)
						c += STEP_S * mode_fraction(n, cpu, m, i);
					sample(s, "node_cpu_seconds_total", i, c);
				}
			}
}

static double load1(int n, int i)
{
	double busy = 0;
	for (int cpu = 0; cpu < N_CPUS; cpu++)
		busy += cpu_busy(n, cpu, i);
	return busy * 1.1 + 0.1 * noise(100 + n, i);
}

/* load5 and load15 are load1 averaged the kernel's way: exponentially. */
static void gen_load(struct sink *s)
{
	static const char *const names[] = {"node_load1", "node_load5", "node_load15"};
	static const double period_s[] = {60, 300, 900};
	for (int k = 0; k < 3; k++) {
		family(s, names[k], "gauge");
		double a = 1.0 - exp(-STEP_S / period_s[k]);
		for (int n = 0; n < N_NODES; n++) {
			node_labels(s, n, "");
			double v = load1(n, 0);
			for (int i = 0; i < N_SAMPLES; i++) {
				v = k == 0 ? load1(n, i) : v + a * (load1(n, i) - v);
				sample(s, names[k], i, v);
			}
		}
	}
}

enum mem_kind { MEM_TOTAL, MEM_FREE, MEM_BUFFERS, MEM_CACHED, MEM_AVAILABLE, N_MEM };

static double memory(int n, enum mem_kind k, int i)
{
	double total = node_mem_gib[n] * GIB;
	double used = total * (0.40 + 0.12 * wave(i, 0.7 + n) + 0.02 * noise(200 + n, i));
	double buffers = total * 0.02;
	double cached = total * (0.25 - 0.05 * wave(i, 0.7 + n));
	double free_b = total - used - buffers - cached;
	double v[N_MEM] = {total, free_b, buffers, cached, free_b + buffers + 0.9 * cached};
	return floor(v[k] / 4096) * 4096;
}

static void gen_memory(struct sink *s)
{
	static const char *const names[N_MEM] = {
	        "node_memory_MemTotal_bytes",     "node_memory_MemFree_bytes",
	        "node_memory_Buffers_bytes",      "node_memory_Cached_bytes",
	        "node_memory_MemAvailable_bytes",
	};
	for (int k = 0; k < N_MEM; k++) {
		family(s, names[k], "gauge");
		for (int n = 0; n < N_NODES; n++) {
			node_labels(s, n, "");
			for (int i = 0; i < N_SAMPLES; i++)
				sample(s, names[k], i, memory(n, (enum mem_kind)k, i));
		}
	}
}

/* A counter of `name` per node and per device (no device label when n_devs
 * is 0), growing by rate(n, d, i) * step. */
static void counter_per_device(struct sink *s, const char *name, const char *const *devs,
                               int n_devs, double (*rate)(int, int, int))
{
	/* OpenMetrics names a counter family without its _total; node exporter
	 * exposes some counters (node_vmstat_*) untyped and without it. */
	char fam[128];
	size_t len = strlen(name);
	bool total = len > 6 && strcmp(name + len - 6, "_total") == 0;
	snprintf(fam, sizeof fam, "%.*s", (int)(total ? len - 6 : len), name);
	family(s, fam, total ? "counter" : "unknown");
	for (int n = 0; n < N_NODES; n++)
		for (int d = 0; d < (n_devs ? n_devs : 1); d++) {
			char extra[64] = "";
			if (n_devs)
				snprintf(extra, sizeof extra, "device=\"%s\"", devs[d]);
			node_labels(s, n, extra);
			double c = UPTIME_S * rate(n, d, 0);
			for (int i = 0; i < N_SAMPLES; i++) {
				if (i > 0)
					c += STEP_S * rate(n, d, i);
				sample(s, name, i, floor(c));
			}
		}
}

static double disk_read_rate(int n, int d, int i)
{
	return (d ? 40 : 8) * MIB * (1 + n * 0.5) * (1 + 0.6 * wave(i, 2.0 + d)) *
	       (0.9 + 0.2 * noise(300 + n * 4 + d, i));
}

static double disk_write_rate(int n, int d, int i)
{
	return (d ? 25 : 5) * MIB * (1 + n * 0.3) * (1 + 0.5 * wave(i, 3.1 + d)) *
	       (0.9 + 0.2 * noise(400 + n * 4 + d, i));
}

/* Busy fraction of the disk, so rate() of it is a ratio below 1. */
static double disk_io_rate(int n, int d, int i)
{
	return fmin(0.95,
	            (disk_read_rate(n, d, i) + disk_write_rate(n, d, i)) / (d ? 300 : 60) / MIB);
}

/* Seconds spent on I/O weighted by queue depth: a queue of about two. */
static double disk_weighted_rate(int n, int d, int i)
{
	return 2.0 * disk_io_rate(n, d, i);
}

static double pgmajfault_rate(int n, int d, int i)
{
	return 5.0 + 20.0 * noise(600 + n, i);
}

static void gen_disks(struct sink *s)
{
	counter_per_device(s, "node_disk_read_bytes_total", disks, N_DISKS, disk_read_rate);
	counter_per_device(s, "node_disk_written_bytes_total", disks, N_DISKS, disk_write_rate);
	counter_per_device(s, "node_disk_io_time_seconds_total", disks, N_DISKS, disk_io_rate);
	counter_per_device(s, "node_disk_io_time_weighted_seconds_total", disks, N_DISKS,
	                   disk_weighted_rate);
	counter_per_device(s, "node_vmstat_pgmajfault", NULL, 0, pgmajfault_rate);
}

static const char *const netdevs[] = {"eth0", "lo"};

static double net_rx_rate(int n, int d, int i)
{
	if (d == 1)
		return 200e3 * (1 + 0.1 * noise(500 + n, i));
	return 6e6 * (1 + n * 0.4) * (1 + 0.5 * wave(i, 1.0 + n)) *
	       (0.95 + 0.1 * noise(510 + n, i));
}

static double net_tx_rate(int n, int d, int i)
{
	if (d == 1)
		return net_rx_rate(n, d, i); /* loopback sends what it receives */
	return 2.5e6 * (1 + n * 0.3) * (1 + 0.5 * wave(i, 2.5 + n)) *
	       (0.95 + 0.1 * noise(520 + n, i));
}

/* A few dropped packets on eth0 only. */
static double net_drop_rate(int n, int d, int i)
{
	return d == 1 ? 0 : 0.2 * (1 + n) * noise(530 + n, i);
}

static void gen_network(struct sink *s)
{
	counter_per_device(s, "node_network_receive_bytes_total", netdevs, 2, net_rx_rate);
	counter_per_device(s, "node_network_transmit_bytes_total", netdevs, 2, net_tx_rate);
	counter_per_device(s, "node_network_receive_drop_total", netdevs, 2, net_drop_rate);
	counter_per_device(s, "node_network_transmit_drop_total", netdevs, 2, net_drop_rate);
}

struct fs {
	const char *device, *fstype, *mountpoint;
	double size_gib;
	double used_from, used_to; /* fraction used at the window's start and end */
};

/* "/" on node-1 fills from 72 % to 93 %, crossing the 80 and 90 % thresholds. */
static const struct fs filesystems[] = {
        {"/dev/sda1", "ext4", "/", 100, 0.72, 0.93},
        {"/dev/nvme0n1p1", "xfs", "/var/lib", 500, 0.40, 0.48},
        {"tmpfs", "tmpfs", "/run", 1.5, 0.01, 0.012},
};
#define N_FS (sizeof filesystems / sizeof filesystems[0])

static double fs_used(int n, size_t f, int i)
{
	const struct fs *fs = &filesystems[f];
	double scale = 1.0 - 0.15 * n; /* the other nodes are emptier */
	double x = (double)i / (N_SAMPLES - 1);
	return scale * (fs->used_from + (fs->used_to - fs->used_from) * x);
}

static void gen_filesystems(struct sink *s)
{
	static const char *const names[] = {"node_filesystem_size_bytes",
	                                    "node_filesystem_avail_bytes"};
	for (int k = 0; k < 2; k++) {
		family(s, names[k], "gauge");
		for (int n = 0; n < N_NODES; n++)
			for (size_t f = 0; f < N_FS; f++) {
				char extra[160];
				snprintf(extra, sizeof extra,
				         "device=\"%s\",fstype=\"%s\",mountpoint=\"%s\"",
				         filesystems[f].device, filesystems[f].fstype,
				         filesystems[f].mountpoint);
				node_labels(s, n, extra);
				double size = filesystems[f].size_gib * GIB;
				for (int i = 0; i < N_SAMPLES; i++) {
					double v = k == 0 ? size : size * (1 - fs_used(n, f, i));
					sample(s, names[k], i, floor(v / 4096) * 4096);
				}
			}
	}
}

static void gen_up_k8s(struct sink *s);

/* Series whose value is the same at every sample: info metrics, up, totals. */
static void gen_constants(struct sink *s)
{
	family(s, "node_uname_info", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		char extra[256];
		snprintf(extra, sizeof extra,
		         "domainname=\"(none)\",machine=\"x86_64\",nodename=\"%s\","
		         "release=\"6.1.0-18-amd64\",sysname=\"Linux\","
		         "version=\"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\"",
		         node_names[n]);
		node_labels(s, n, extra);
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "node_uname_info", i, 1);
	}
	family(s, "node_exporter_build_info", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		node_labels(s, n,
		            "branch=\"debian/sid\",goversion=\"go1.19.8\","
		            "revision=\"1.5.0-1\",version=\"1.5.0\"");
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "node_exporter_build_info", i, 1);
	}
	family(s, "up", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		node_labels(s, n, "");
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "up", i, 1);
	}
	if (with_corpus)
		gen_up_k8s(s);
	family(s, "node_boot_time_seconds", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		node_labels(s, n, "");
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "node_boot_time_seconds", i, (double)T0 - UPTIME_S);
	}
	family(s, "node_time_seconds", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		node_labels(s, n, "");
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "node_time_seconds", i, (double)(T0 + (long)i * STEP_S));
	}
}

enum probe { PROBE_FLAT, PROBE_STEP, PROBE_GAP, PROBE_RAMP, PROBE_COUNTER };

/* NAN means "no sample here". */
static double probe_value(enum probe p, int i)
{
	switch (p) {
	case PROBE_FLAT:
		return 50;
	case PROBE_STEP:
		return i < (N_SAMPLES - 1) / 2 ? 0 : 100;
	case PROBE_GAP:
		return i >= GAP_FIRST && i < GAP_END ? NAN : 50 + 25 * wave(i, 0);
	case PROBE_RAMP:
		return 100.0 * i / (N_SAMPLES - 1);
	case PROBE_COUNTER:
		return 1000.0 + (double)i * STEP_S;
	}
	return NAN;
}

static void gen_probes(struct sink *s)
{
	static const struct {
		const char *family, *type, *name, *extra;
		enum probe p;
	} probes[] = {
	        {"cairn_test_flat", "gauge", "cairn_test_flat", "level=\"50\"", PROBE_FLAT},
	        {"cairn_test_step", "gauge", "cairn_test_step", "", PROBE_STEP},
	        {"cairn_test_gap", "gauge", "cairn_test_gap", "", PROBE_GAP},
	        {"cairn_test_ramp", "gauge", "cairn_test_ramp", "", PROBE_RAMP},
	        {"cairn_test_counter", "counter", "cairn_test_counter_total", "", PROBE_COUNTER},
	};
	for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
		family(s, probes[k].family, probes[k].type);
		labels(s, "instance=\"probe\",job=\"cairn-test\"%s%s",
		       probes[k].extra[0] ? "," : "", probes[k].extra);
		for (int i = 0; i < N_SAMPLES; i++) {
			double v = probe_value(probes[k].p, i);
			if (!isnan(v))
				sample(s, probes[k].name, i, v);
		}
	}
}

/* ---- the corpus' clusters: what kube-prometheus and Node Exporter Full read ----
 *
 * New families only (the ones above stay as the tests count them): every
 * metric the dashboards of ../shared/corpus query that a real cluster of
 * three nodes would expose — node exporter's other collectors, cAdvisor and
 * the kubelet on each node, kube-state-metrics, two API servers and the
 * cluster's Prometheus.  To keep the backfill small these are sampled every
 * 30 s (two samples in the shortest rate window, $__rate_interval's 1m), and
 * series that never change (info, capacities, limits) every 60 s, within the
 * 5 min lookback. */
#define EVERY_30S 2 /* sample indexes between samples */
#define EVERY_60S 4

enum fkind {
	F_GAUGE,  /* a level that moves: base * (1 + amp * wave) */
	F_CONST,  /* the same value throughout, sampled every 60 s */
	F_COUNTER /* grows by base * (1 + amp * wave) per second */
};

static uint64_t name_seed(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The value (or the rate, for counters) of one series at sample i. */
static double shaped(uint64_t seed, enum fkind k, double base, double amp, int i)
{
	if (k == F_CONST)
		return base;
	double phase = (double)(seed % 628) / 100.0;
	double v = base * (1 + amp * wave(i, phase) + 0.2 * amp * (noise(seed, i) - 0.5));
	return v < 0 ? 0 : v;
}

/* One series: `name`{prefix,frag} with the family's shape. */
static void series(struct sink *s, const char *name, const char *prefix, const char *frag,
                   enum fkind k, double base, double amp, uint64_t seed)
{
	labels(s, "%s%s%s", prefix, prefix[0] && frag[0] ? "," : "", frag);
	int every = k == F_CONST ? EVERY_60S : EVERY_30S;
	bool integral = k == F_COUNTER && base >= 1;
	double c = k == F_COUNTER ? base * 86400.0 : 0;
	for (int i = 0; i < N_SAMPLES; i += every) {
		double v = shaped(seed, k, base, amp, i);
		if (k == F_COUNTER) {
			if (i > 0)
				c += STEP_S * every * v;
			v = integral ? floor(c) : c;
		}
		sample(s, name, i, v);
	}
}

/* The TYPE line of a family: OpenMetrics names a counter without its _total;
 * counters exposed without one (node_netstat_*) are untyped. */
static void family_for(struct sink *s, const char *name, enum fkind k)
{
	size_t len = strlen(name);
	bool total = len > 6 && strcmp(name + len - 6, "_total") == 0;
	char famname[160];
	snprintf(famname, sizeof famname, "%.*s", (int)(total ? len - 6 : len), name);
	family(s, famname, k == F_COUNTER ? (total ? "counter" : "unknown") : "gauge");
}

/* A family: its TYPE line, then one series per target prefix and per
 * alternative of `alts` ("frag|frag|...", each a label fragment; NULL: one). */
static void fam(struct sink *s, const char *name, enum fkind k, double base, double amp,
                const char *const *prefixes, int n_prefixes, const char *alts)
{
	family_for(s, name, k);
	for (int p = 0; p < n_prefixes; p++) {
		const char *a = alts ? alts : "";
		int alt = 0;
		for (;;) {
			const char *bar = strchr(a, '|');
			size_t n = bar ? (size_t)(bar - a) : strlen(a);
			char frag[256];
			snprintf(frag, sizeof frag, "%.*s", (int)n, a);
			uint64_t seed = name_seed(name) ^ mix((uint64_t)(p * 64 + alt));
			/* each target and alternative a little apart */
			double scale = 1.0 + 0.25 * p + 0.15 * alt;
			series(s, name, prefixes[p], frag, k, base * scale, amp, seed);
			if (!bar)
				break;
			a = bar + 1;
			alt++;
		}
	}
}

/* A histogram: _bucket per bound, _count and _sum, `rate` observations a
 * second of mean `mean` seconds (exponential), per prefix and alternative. */
static void histogram(struct sink *s, const char *name, const char *const *prefixes,
                      int n_prefixes, const char *alts, double rate, double mean)
{
	static const double les[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, INFINITY};
	const int n_les = (int)(sizeof les / sizeof les[0]);
	char bucket[160], count[160], sum[160];
	snprintf(bucket, sizeof bucket, "%s_bucket", name);
	snprintf(count, sizeof count, "%s_count", name);
	snprintf(sum, sizeof sum, "%s_sum", name);
	family(s, name, "histogram");
	for (int p = 0; p < n_prefixes; p++) {
		const char *a = alts ? alts : "";
		int alt = 0;
		for (;;) {
			const char *bar = strchr(a, '|');
			size_t n = bar ? (size_t)(bar - a) : strlen(a);
			char frag[200], lab[512];
			snprintf(frag, sizeof frag, "%.*s", (int)n, a);
			snprintf(lab, sizeof lab, "%s%s%s", prefixes[p], frag[0] ? "," : "", frag);
			uint64_t seed = name_seed(name) ^ mix((uint64_t)(p * 64 + alt));
			double m = mean * (1.0 + 0.3 * alt + 0.2 * p);
			for (int b = 0; b <= n_les + 1; b++) {
				/* b < n_les: a bucket; n_les: _count; n_les + 1: _sum */
				if (b < n_les) {
					char le[32];
					if (isinf(les[b]))
						snprintf(le, sizeof le, "+Inf");
					else
						snprintf(le, sizeof le, "%g", les[b]);
					labels(s, "%s,le=\"%s\"", lab, le);
				} else {
					labels(s, "%s", lab);
				}
				double cdf = b < n_les ? (isinf(les[b]) ? 1 : 1 - exp(-les[b] / m)) : 1;
				double c = rate * 86400.0;
				for (int i = 0; i < N_SAMPLES; i += EVERY_30S) {
					if (i > 0)
						c += STEP_S * EVERY_30S * shaped(seed, F_GAUGE, rate, 0.4, i);
					double v = b == n_les + 1 ? c * m : floor(c * cdf);
					if (b == n_les)
						v = floor(c);
					sample(s, b < n_les ? bucket : b == n_les ? count : sum, i, v);
				}
			}
			if (!bar)
				break;
			a = bar + 1;
			alt++;
		}
	}
}

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- node exporter: the collectors Node Exporter Full reads ---- */

static const char *const nx[N_NODES] = {
        "instance=\"node-1:9100\",job=\"node-exporter\"",
        "instance=\"node-2:9100\",job=\"node-exporter\"",
        "instance=\"node-3:9100\",job=\"node-exporter\"",
};

#define CPUS4 "cpu=\"0\"|cpu=\"1\"|cpu=\"2\"|cpu=\"3\""
#define DISKS "device=\"sda\"|device=\"nvme0n1\""
#define NICS  "device=\"eth0\"|device=\"lo\""
#define FSES                                                                             \
	"device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"|"                         \
	"device=\"/dev/nvme0n1p1\",fstype=\"xfs\",mountpoint=\"/var/lib\"|"              \
	"device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\""

static const struct nfam {
	const char *name;
	enum fkind k;
	double base, amp;
	const char *alts;
} node_fams[] = {
        {"node_arp_entries", F_GAUGE, 12, 0.2, "device=\"eth0\""},
        {"node_context_switches_total", F_COUNTER, 9000, 0.4, NULL},
        {"node_cooling_device_cur_state", F_CONST, 0, 0, "name=\"0\",type=\"Processor\""},
        {"node_cooling_device_max_state", F_CONST, 10, 0, "name=\"0\",type=\"Processor\""},
        {"node_cpu_guest_seconds_total", F_COUNTER, 0.01, 0.5,
         "cpu=\"0\",mode=\"nice\"|cpu=\"0\",mode=\"user\"|cpu=\"1\",mode=\"user\""},
        {"node_cpu_scaling_frequency_hertz", F_GAUGE, 2.4e9, 0.2, CPUS4},
        {"node_cpu_scaling_frequency_max_hertz", F_CONST, 3.6e9, 0, CPUS4},
        {"node_cpu_scaling_frequency_min_hertz", F_CONST, 8e8, 0, CPUS4},
        {"node_disk_discard_time_seconds_total", F_COUNTER, 0.002, 0.5, DISKS},
        {"node_disk_discarded_sectors_total", F_COUNTER, 40, 0.5, DISKS},
        {"node_disk_discards_completed_total", F_COUNTER, 2, 0.5, DISKS},
        {"node_disk_discards_merged_total", F_COUNTER, 1, 0.5, DISKS},
        {"node_disk_flush_requests_time_seconds_total", F_COUNTER, 0.004, 0.5, DISKS},
        {"node_disk_flush_requests_total", F_COUNTER, 3, 0.5, DISKS},
        {"node_disk_io_now", F_GAUGE, 2, 0.8, DISKS},
        {"node_disk_read_time_seconds_total", F_COUNTER, 0.05, 0.5, DISKS},
        {"node_disk_reads_completed_total", F_COUNTER, 150, 0.5, DISKS},
        {"node_disk_reads_merged_total", F_COUNTER, 20, 0.5, DISKS},
        {"node_disk_write_time_seconds_total", F_COUNTER, 0.08, 0.5, DISKS},
        {"node_disk_writes_completed_total", F_COUNTER, 220, 0.5, DISKS},
        {"node_disk_writes_merged_total", F_COUNTER, 60, 0.5, DISKS},
        {"node_entropy_available_bits", F_GAUGE, 3500, 0.1, NULL},
        {"node_entropy_pool_size_bits", F_CONST, 4096, 0, NULL},
        {"node_filefd_allocated", F_GAUGE, 3200, 0.2, NULL},
        {"node_filefd_maximum", F_CONST, 9223372036854775807.0, 0, NULL},
        {"node_filesystem_device_error", F_CONST, 0, 0, FSES},
        {"node_filesystem_files", F_CONST, 6553600, 0, FSES},
        {"node_filesystem_files_free", F_GAUGE, 5200000, 0.05, FSES},
        {"node_filesystem_free_bytes", F_GAUGE, 3.2e10, 0.1, FSES},
        {"node_filesystem_readonly", F_CONST, 0, 0, FSES},
        {"node_forks_total", F_COUNTER, 25, 0.5, NULL},
        {"node_hwmon_chip_names", F_CONST, 1, 0,
         "chip=\"platform_coretemp_0\",chip_name=\"coretemp\"|"
         "chip=\"platform_nct6775_656\",chip_name=\"nct6775\""},
        {"node_hwmon_fan_min_rpm", F_CONST, 600, 0, "chip=\"platform_nct6775_656\",sensor=\"fan1\""},
        {"node_hwmon_fan_rpm", F_GAUGE, 1200, 0.3, "chip=\"platform_nct6775_656\",sensor=\"fan1\""},
        {"node_hwmon_temp_celsius", F_GAUGE, 48, 0.2,
         "chip=\"platform_coretemp_0\",sensor=\"temp1\"|chip=\"platform_coretemp_0\",sensor=\"temp2\""},
        {"node_hwmon_temp_crit_alarm_celsius", F_CONST, 0, 0,
         "chip=\"platform_coretemp_0\",sensor=\"temp1\""},
        {"node_hwmon_temp_crit_celsius", F_CONST, 100, 0,
         "chip=\"platform_coretemp_0\",sensor=\"temp1\"|chip=\"platform_coretemp_0\",sensor=\"temp2\""},
        {"node_hwmon_temp_crit_hyst_celsius", F_CONST, 95, 0,
         "chip=\"platform_coretemp_0\",sensor=\"temp1\""},
        {"node_hwmon_temp_max_celsius", F_CONST, 84, 0,
         "chip=\"platform_coretemp_0\",sensor=\"temp1\"|chip=\"platform_coretemp_0\",sensor=\"temp2\""},
        {"node_interrupts_total", F_COUNTER, 300, 0.5,
         "cpu=\"0\",devices=\"eth0\",type=\"41\"|cpu=\"1\",devices=\"\",type=\"LOC\"|"
         "cpu=\"0\",devices=\"nvme0q0\",type=\"35\""},
        {"node_intr_total", F_COUNTER, 4000, 0.4, NULL},
        {"node_kernel_hung_tasks", F_CONST, 0, 0, NULL},
        {"node_memory_Active_anon_bytes", F_GAUGE, 2.1e9, 0.2, NULL},
        {"node_memory_Active_bytes", F_GAUGE, 4.2e9, 0.2, NULL},
        {"node_memory_Active_file_bytes", F_GAUGE, 2.1e9, 0.2, NULL},
        {"node_memory_AnonHugePages_bytes", F_GAUGE, 2.0e8, 0.3, NULL},
        {"node_memory_AnonPages_bytes", F_GAUGE, 2.4e9, 0.2, NULL},
        {"node_memory_CommitLimit_bytes", F_CONST, 1.2e10, 0, NULL},
        {"node_memory_Committed_AS_bytes", F_GAUGE, 6.5e9, 0.15, NULL},
        {"node_memory_DirectMap1G_bytes", F_CONST, 1.0737418240e10, 0, NULL},
        {"node_memory_DirectMap2M_bytes", F_CONST, 5.3e9, 0, NULL},
        {"node_memory_DirectMap4k_bytes", F_CONST, 3.4e8, 0, NULL},
        {"node_memory_Dirty_bytes", F_GAUGE, 1.2e6, 0.8, NULL},
        {"node_memory_HardwareCorrupted_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_HugePages_Free", F_CONST, 0, 0, NULL},
        {"node_memory_HugePages_Rsvd", F_CONST, 0, 0, NULL},
        {"node_memory_HugePages_Surp", F_CONST, 0, 0, NULL},
        {"node_memory_HugePages_Total", F_CONST, 0, 0, NULL},
        {"node_memory_Hugepagesize_bytes", F_CONST, 2097152, 0, NULL},
        {"node_memory_Inactive_anon_bytes", F_GAUGE, 3.0e8, 0.2, NULL},
        {"node_memory_Inactive_bytes", F_GAUGE, 2.6e9, 0.2, NULL},
        {"node_memory_Inactive_file_bytes", F_GAUGE, 2.3e9, 0.2, NULL},
        {"node_memory_KernelStack_bytes", F_GAUGE, 1.6e7, 0.1, NULL},
        {"node_memory_Mapped_bytes", F_GAUGE, 6.0e8, 0.2, NULL},
        {"node_memory_Mlocked_bytes", F_CONST, 3.5e7, 0, NULL},
        {"node_memory_NFS_Unstable_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_PageTables_bytes", F_GAUGE, 3.0e7, 0.2, NULL},
        {"node_memory_Percpu_bytes", F_CONST, 5.0e6, 0, NULL},
        {"node_memory_SReclaimable_bytes", F_GAUGE, 4.0e8, 0.1, NULL},
        {"node_memory_SUnreclaim_bytes", F_GAUGE, 1.5e8, 0.1, NULL},
        {"node_memory_ShmemHugePages_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_ShmemPmdMapped_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_Shmem_bytes", F_GAUGE, 9.0e7, 0.1, NULL},
        {"node_memory_Slab_bytes", F_GAUGE, 5.5e8, 0.1, NULL},
        {"node_memory_SwapCached_bytes", F_GAUGE, 1.0e6, 0.3, NULL},
        {"node_memory_SwapFree_bytes", F_GAUGE, 1.9e9, 0.02, NULL},
        {"node_memory_SwapTotal_bytes", F_CONST, 2.0e9, 0, NULL},
        {"node_memory_Unevictable_bytes", F_CONST, 3.5e7, 0, NULL},
        {"node_memory_VmallocChunk_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_VmallocTotal_bytes", F_CONST, 3.5184372087808e13, 0, NULL},
        {"node_memory_VmallocUsed_bytes", F_GAUGE, 4.0e7, 0.05, NULL},
        {"node_memory_WritebackTmp_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_Writeback_bytes", F_GAUGE, 1.0e4, 0.9, NULL},
        {"node_memory_Zswap_bytes", F_CONST, 0, 0, NULL},
        {"node_memory_Zswapped_bytes", F_CONST, 0, 0, NULL},
        {"node_netstat_Icmp_InErrors", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_Icmp_InMsgs", F_COUNTER, 2, 0.5, NULL},
        {"node_netstat_Icmp_OutMsgs", F_COUNTER, 2, 0.5, NULL},
        {"node_netstat_IpExt_InOctets", F_COUNTER, 6e6, 0.5, NULL},
        {"node_netstat_IpExt_OutOctets", F_COUNTER, 2.5e6, 0.5, NULL},
        {"node_netstat_TcpExt_ListenDrops", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_TcpExt_ListenOverflows", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_TcpExt_SyncookiesFailed", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_TcpExt_SyncookiesRecv", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_TcpExt_SyncookiesSent", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_TcpExt_TCPOFOQueue", F_COUNTER, 3, 0.5, NULL},
        {"node_netstat_TcpExt_TCPRcvQDrop", F_COUNTER, 0.02, 0.5, NULL},
        {"node_netstat_TcpExt_TCPSynRetrans", F_COUNTER, 0.3, 0.5, NULL},
        {"node_netstat_TcpExt_TCPTimeouts", F_COUNTER, 0.4, 0.5, NULL},
        {"node_netstat_Tcp_ActiveOpens", F_COUNTER, 12, 0.5, NULL},
        {"node_netstat_Tcp_CurrEstab", F_GAUGE, 180, 0.3, NULL},
        {"node_netstat_Tcp_InErrs", F_COUNTER, 0.02, 0.5, NULL},
        {"node_netstat_Tcp_InSegs", F_COUNTER, 1500, 0.5, NULL},
        {"node_netstat_Tcp_MaxConn", F_CONST, -1, 0, NULL},
        {"node_netstat_Tcp_OutRsts", F_COUNTER, 4, 0.5, NULL},
        {"node_netstat_Tcp_OutSegs", F_COUNTER, 1700, 0.5, NULL},
        {"node_netstat_Tcp_PassiveOpens", F_COUNTER, 9, 0.5, NULL},
        {"node_netstat_Tcp_RetransSegs", F_COUNTER, 1.5, 0.5, NULL},
        {"node_netstat_UdpLite_InErrors", F_COUNTER, 0, 0, NULL},
        {"node_netstat_Udp_InDatagrams", F_COUNTER, 60, 0.5, NULL},
        {"node_netstat_Udp_InErrors", F_COUNTER, 0.01, 0.5, NULL},
        {"node_netstat_Udp_NoPorts", F_COUNTER, 0.2, 0.5, NULL},
        {"node_netstat_Udp_OutDatagrams", F_COUNTER, 60, 0.5, NULL},
        {"node_netstat_Udp_RcvbufErrors", F_COUNTER, 0, 0, NULL},
        {"node_netstat_Udp_SndbufErrors", F_COUNTER, 0, 0, NULL},
        {"node_network_carrier", F_CONST, 1, 0, NICS},
        {"node_network_mtu_bytes", F_CONST, 1500, 0, NICS},
        {"node_network_receive_compressed_total", F_COUNTER, 0, 0, NICS},
        {"node_network_receive_errs_total", F_COUNTER, 0.01, 0.5, NICS},
        {"node_network_receive_fifo_total", F_COUNTER, 0, 0, NICS},
        {"node_network_receive_frame_total", F_COUNTER, 0, 0, NICS},
        {"node_network_receive_multicast_total", F_COUNTER, 0.5, 0.5, NICS},
        {"node_network_receive_nohandler_total", F_COUNTER, 0, 0, NICS},
        {"node_network_receive_packets_total", F_COUNTER, 4500, 0.5, NICS},
        {"node_network_speed_bytes", F_CONST, 125000000, 0, "device=\"eth0\""},
        {"node_network_transmit_carrier_total", F_COUNTER, 0, 0, NICS},
        {"node_network_transmit_colls_total", F_COUNTER, 0, 0, NICS},
        {"node_network_transmit_compressed_total", F_COUNTER, 0, 0, NICS},
        {"node_network_transmit_errs_total", F_COUNTER, 0.01, 0.5, NICS},
        {"node_network_transmit_fifo_total", F_COUNTER, 0, 0, NICS},
        {"node_network_transmit_packets_total", F_COUNTER, 3000, 0.5, NICS},
        {"node_network_up", F_CONST, 1, 0, "device=\"eth0\",operstate=\"up\""},
        {"node_nf_conntrack_entries", F_GAUGE, 1800, 0.3, NULL},
        {"node_nf_conntrack_entries_limit", F_CONST, 262144, 0, NULL},
        {"node_power_supply_online", F_CONST, 1, 0, "power_supply=\"AC\""},
        {"node_pressure_cpu_waiting_seconds_total", F_COUNTER, 0.02, 0.6, NULL},
        {"node_pressure_io_stalled_seconds_total", F_COUNTER, 0.005, 0.6, NULL},
        {"node_pressure_io_waiting_seconds_total", F_COUNTER, 0.01, 0.6, NULL},
        {"node_pressure_irq_stalled_seconds_total", F_COUNTER, 0.001, 0.6, NULL},
        {"node_pressure_memory_stalled_seconds_total", F_COUNTER, 0.001, 0.6, NULL},
        {"node_pressure_memory_waiting_seconds_total", F_COUNTER, 0.002, 0.6, NULL},
        {"node_processes_max_processes", F_CONST, 4194304, 0, NULL},
        {"node_processes_max_threads", F_CONST, 126000, 0, NULL},
        {"node_processes_pids", F_GAUGE, 320, 0.1, NULL},
        {"node_processes_state", F_GAUGE, 60, 0.3,
         "state=\"R\"|state=\"S\"|state=\"D\"|state=\"I\"|state=\"Z\""},
        {"node_processes_threads", F_GAUGE, 900, 0.1, NULL},
        {"node_procs_blocked", F_GAUGE, 0.5, 0.9, NULL},
        {"node_procs_running", F_GAUGE, 3, 0.6, NULL},
        {"node_schedstat_running_seconds_total", F_COUNTER, 0.3, 0.4, CPUS4},
        {"node_schedstat_timeslices_total", F_COUNTER, 800, 0.4, CPUS4},
        {"node_schedstat_waiting_seconds_total", F_COUNTER, 0.02, 0.4, CPUS4},
        {"node_scrape_collector_duration_seconds", F_GAUGE, 0.002, 0.5,
         "collector=\"cpu\"|collector=\"diskstats\"|collector=\"filesystem\"|collector=\"netdev\""},
        {"node_scrape_collector_success", F_CONST, 1, 0,
         "collector=\"cpu\"|collector=\"diskstats\"|collector=\"filesystem\"|collector=\"netdev\""},
        {"node_sockstat_FRAG_inuse", F_CONST, 0, 0, NULL},
        {"node_sockstat_FRAG_memory", F_CONST, 0, 0, NULL},
        {"node_sockstat_RAW_inuse", F_CONST, 1, 0, NULL},
        {"node_sockstat_TCP_alloc", F_GAUGE, 210, 0.3, NULL},
        {"node_sockstat_TCP_inuse", F_GAUGE, 190, 0.3, NULL},
        {"node_sockstat_TCP_mem", F_GAUGE, 60, 0.4, NULL},
        {"node_sockstat_TCP_mem_bytes", F_GAUGE, 245760, 0.4, NULL},
        {"node_sockstat_TCP_orphan", F_GAUGE, 1, 0.9, NULL},
        {"node_sockstat_TCP_tw", F_GAUGE, 40, 0.5, NULL},
        {"node_sockstat_UDPLITE_inuse", F_CONST, 0, 0, NULL},
        {"node_sockstat_UDP_inuse", F_GAUGE, 6, 0.3, NULL},
        {"node_sockstat_UDP_mem", F_GAUGE, 4, 0.4, NULL},
        {"node_sockstat_UDP_mem_bytes", F_GAUGE, 16384, 0.4, NULL},
        {"node_sockstat_sockets_used", F_GAUGE, 420, 0.2, NULL},
        {"node_softnet_dropped_total", F_COUNTER, 0, 0, CPUS4},
        {"node_softnet_flow_limit_count_total", F_COUNTER, 0, 0, CPUS4},
        {"node_softnet_processed_total", F_COUNTER, 700, 0.4, CPUS4},
        {"node_softnet_received_rps_total", F_COUNTER, 0, 0, CPUS4},
        {"node_softnet_times_squeezed_total", F_COUNTER, 0.02, 0.5, CPUS4},
        {"node_systemd_socket_accepted_connections_total", F_COUNTER, 0.05, 0.5,
         "name=\"ssh.socket\"|name=\"dbus.socket\""},
        {"node_systemd_socket_current_connections", F_GAUGE, 1, 0.5,
         "name=\"ssh.socket\"|name=\"dbus.socket\""},
        {"node_systemd_socket_refused_connections_total", F_COUNTER, 0, 0,
         "name=\"ssh.socket\"|name=\"dbus.socket\""},
        {"node_systemd_units", F_CONST, 1, 0,
         "state=\"activating\"|state=\"active\"|state=\"deactivating\"|state=\"failed\"|"
         "state=\"inactive\""},
        {"node_tcp_connection_states", F_GAUGE, 20, 0.5,
         "state=\"close\"|state=\"close_wait\"|state=\"closing\"|state=\"established\"|"
         "state=\"fin_wait1\"|state=\"fin_wait2\"|state=\"last_ack\"|state=\"listen\"|"
         "state=\"rx_queued_bytes\"|state=\"syn_recv\"|state=\"syn_sent\"|state=\"time_wait\"|"
         "state=\"tx_queued_bytes\""},
        {"node_textfile_scrape_error", F_CONST, 0, 0, NULL},
        {"node_timex_estimated_error_seconds", F_GAUGE, 0.0002, 0.3, NULL},
        {"node_timex_frequency_adjustment_ratio", F_GAUGE, 1.00001, 0.000002, NULL},
        {"node_timex_loop_time_constant", F_CONST, 7, 0, NULL},
        {"node_timex_maxerror_seconds", F_GAUGE, 0.3, 0.5, NULL},
        {"node_timex_offset_seconds", F_GAUGE, 0.00002, 0.8, NULL},
        {"node_timex_pps_calibration_total", F_COUNTER, 0, 0, NULL},
        {"node_timex_pps_error_total", F_COUNTER, 0, 0, NULL},
        {"node_timex_pps_frequency_hertz", F_CONST, 0, 0, NULL},
        {"node_timex_pps_jitter_seconds", F_CONST, 0, 0, NULL},
        {"node_timex_pps_jitter_total", F_COUNTER, 0, 0, NULL},
        {"node_timex_pps_shift_seconds", F_CONST, 0, 0, NULL},
        {"node_timex_pps_stability_exceeded_total", F_COUNTER, 0, 0, NULL},
        {"node_timex_pps_stability_hertz", F_CONST, 0, 0, NULL},
        {"node_timex_sync_status", F_CONST, 1, 0, NULL},
        {"node_timex_tai_offset_seconds", F_CONST, 0, 0, NULL},
        {"node_timex_tick_seconds", F_CONST, 0.01, 0, NULL},
        {"node_udp_queues", F_GAUGE, 0.5, 0.9,
         "ip=\"v4\",queue=\"rx\"|ip=\"v4\",queue=\"tx\"|ip=\"v6\",queue=\"rx\"|ip=\"v6\",queue=\"tx\""},
        {"node_vmstat_oom_kill", F_COUNTER, 0, 0, NULL},
        {"node_vmstat_pgfault", F_COUNTER, 3000, 0.5, NULL},
        {"node_vmstat_pgpgin", F_COUNTER, 900, 0.5, NULL},
        {"node_vmstat_pgpgout", F_COUNTER, 1400, 0.5, NULL},
        {"node_vmstat_pswpin", F_COUNTER, 0.1, 0.5, NULL},
        {"node_vmstat_pswpout", F_COUNTER, 0.1, 0.5, NULL},
        {"process_max_fds", F_CONST, 1048576, 0, NULL},
        {"process_open_fds", F_GAUGE, 11, 0.2, NULL},
        {"process_virtual_memory_bytes", F_GAUGE, 7.4e8, 0.05, NULL},
        {"process_virtual_memory_max_bytes", F_CONST, 1.8446744073709552e19, 0, NULL},
};

static void gen_node_collectors(struct sink *s)
{
	for (int f = 0; f < N_OF(node_fams); f++) {
		const struct nfam *n = &node_fams[f];
		fam(s, n->name, n->k, n->base, n->amp, nx, N_NODES, n->alts);
	}
}

/* ---- Kubernetes: three nodes, three namespaces, their pods ---- */

struct pod {
	const char *ns, *name;
	int node;
	const char *owner_kind, *owner, *rs; /* rs: the ReplicaSet between pod and Deployment */
	bool host_network;
	const char *containers; /* "a|b" */
	double cpu_req, mem_req_mib; /* per container */
	bool limits;
	double cpu_use; /* cores used per container, on average */
};

static const struct pod pods[] = {
        {"default", "redis-0", 2, "StatefulSet", "redis", NULL, false, "redis", 0.25, 256, true, 0.08},
        {"default", "web-6c7d8f9b5-k2x7p", 0, "ReplicaSet", "web", "web-6c7d8f9b5", false, "web",
         0.5, 512, true, 0.3},
        {"default", "web-6c7d8f9b5-q8w4n", 1, "ReplicaSet", "web", "web-6c7d8f9b5", false, "web",
         0.5, 512, true, 0.35},
        {"default", "web-6c7d8f9b5-z9m3t", 2, "ReplicaSet", "web", "web-6c7d8f9b5", false, "web",
         0.5, 512, true, 0.25},
        {"kube-system", "coredns-5d78c9869d-8xkqw", 0, "ReplicaSet", "coredns",
         "coredns-5d78c9869d", false, "coredns", 0.1, 70, false, 0.01},
        {"kube-system", "coredns-5d78c9869d-tr4vz", 1, "ReplicaSet", "coredns",
         "coredns-5d78c9869d", false, "coredns", 0.1, 70, false, 0.012},
        {"kube-system", "etcd-node-1", 0, "Node", "node-1", NULL, true, "etcd", 0.1, 100, false, 0.06},
        {"kube-system", "kube-proxy-4gqzn", 0, "DaemonSet", "kube-proxy", NULL, true, "kube-proxy",
         0.05, 64, true, 0.005},
        {"kube-system", "kube-proxy-b7lcx", 1, "DaemonSet", "kube-proxy", NULL, true, "kube-proxy",
         0.05, 64, true, 0.006},
        {"kube-system", "kube-proxy-wv2jd", 2, "DaemonSet", "kube-proxy", NULL, true, "kube-proxy",
         0.05, 64, true, 0.004},
        {"monitoring", "kube-state-metrics-7f6c5d8b4-jx2lp", 2, "ReplicaSet", "kube-state-metrics",
         "kube-state-metrics-7f6c5d8b4", false, "kube-state-metrics", 0.1, 190, true, 0.02},
        {"monitoring", "node-exporter-5fkq8", 0, "DaemonSet", "node-exporter", NULL, true,
         "node-exporter|kube-rbac-proxy", 0.1, 180, true, 0.015},
        {"monitoring", "node-exporter-hx9tm", 1, "DaemonSet", "node-exporter", NULL, true,
         "node-exporter|kube-rbac-proxy", 0.1, 180, true, 0.017},
        {"monitoring", "node-exporter-rm6wd", 2, "DaemonSet", "node-exporter", NULL, true,
         "node-exporter|kube-rbac-proxy", 0.1, 180, true, 0.014},
        {"monitoring", "prometheus-k8s-0", 1, "StatefulSet", "prometheus-k8s", NULL, false,
         "prometheus|config-reloader", 0.2, 400, true, 0.15},
};
#define N_PODS N_OF(pods)

static const char *const namespaces[] = {"default", "kube-system", "monitoring"};

/* Calls fn for each container of pod p with its index. */
static int n_containers(const struct pod *p)
{
	int n = 1;
	for (const char *c = p->containers; *c; c++)
		n += *c == '|';
	return n;
}

static void container_name(const struct pod *p, int k, char *out, size_t cap)
{
	const char *a = p->containers;
	for (int i = 0; i < k; i++)
		a = strchr(a, '|') + 1;
	const char *bar = strchr(a, '|');
	snprintf(out, cap, "%.*s", (int)(bar ? (size_t)(bar - a) : strlen(a)), a);
}

#define KSM "instance=\"10.0.3.5:8080\",job=\"kube-state-metrics\""

static void kubelet_prefix(char *out, size_t cap, int n, const char *path)
{
	snprintf(out, cap,
	         "instance=\"%s:10250\",job=\"kubelet\",metrics_path=\"%s\",node=\"%s\"",
	         node_names[n], path, node_names[n]);
}

/* One series of a family written by hand: `name`{lab} of shape k. */
static void one(struct sink *s, const char *name, const char *lab, enum fkind k, double base,
                double amp)
{
	series(s, name, lab, "", k, base, amp, name_seed(name) ^ name_seed(lab));
}

static void gen_cadvisor(struct sink *s)
{
	static const struct {
		const char *name;
		enum fkind k;
		double base, amp; /* base scaled by the container's CPU use */
	} cfams[] = {
	        {"container_cpu_usage_seconds_total", F_COUNTER, 1, 0.5},
	        {"container_cpu_cfs_periods_total", F_COUNTER, 10, 0.1},
	        {"container_cpu_cfs_throttled_periods_total", F_COUNTER, 1, 0.8},
	        {"container_memory_working_set_bytes", F_GAUGE, 0.7, 0.15},
	        {"container_memory_rss", F_GAUGE, 0.55, 0.15},
	        {"container_memory_cache", F_GAUGE, 0.2, 0.2},
	        {"container_memory_swap", F_CONST, 0, 0},
	        {"container_fs_reads_total", F_COUNTER, 20, 0.6},
	        {"container_fs_writes_total", F_COUNTER, 35, 0.6},
	        {"container_fs_reads_bytes_total", F_COUNTER, 80000, 0.6},
	        {"container_fs_writes_bytes_total", F_COUNTER, 150000, 0.6},
	};
	for (int f = 0; f < N_OF(cfams); f++) {
		const char *name = cfams[f].name;
		bool mem = strncmp(name, "container_memory", 16) == 0;
		bool fs = strncmp(name, "container_fs", 12) == 0;
		family_for(s, name, cfams[f].k);
		for (int p = 0; p < N_PODS; p++)
			for (int c = 0; c < n_containers(&pods[p]); c++) {
				char pre[200], cname[64], lab[512];
				kubelet_prefix(pre, sizeof pre, pods[p].node, "/metrics/cadvisor");
				container_name(&pods[p], c, cname, sizeof cname);
				snprintf(lab, sizeof lab,
				         "%s,container=\"%s\",%simage=\"registry.k8s.io/%s:v1\","
				         "namespace=\"%s\",pod=\"%s\"",
				         pre, cname, fs ? "device=\"/dev/sda\"," : "", cname,
				         pods[p].ns, pods[p].name);
				double base = cfams[f].base;
				if (f == 0)
					base = pods[p].cpu_use * (c ? 0.2 : 1);
				else if (mem)
					base *= pods[p].mem_req_mib * MIB * (c ? 0.2 : 1);
				one(s, name, lab, cfams[f].k, base, cfams[f].amp);
			}
	}
	/* Pod networks (the pod sandbox: no container, no image); host-network
	 * pods share the node's and have none of their own. */
	static const struct {
		const char *name;
		double base;
	} nfams[] = {
	        {"container_network_receive_bytes_total", 40000},
	        {"container_network_transmit_bytes_total", 25000},
	        {"container_network_receive_packets_total", 60},
	        {"container_network_transmit_packets_total", 45},
	        {"container_network_receive_packets_dropped_total", 0.05},
	        {"container_network_transmit_packets_dropped_total", 0.02},
	};
	for (int f = 0; f < N_OF(nfams); f++) {
		family_for(s, nfams[f].name, F_COUNTER);
		for (int p = 0; p < N_PODS; p++) {
			if (pods[p].host_network)
				continue;
			char pre[200], lab[512];
			kubelet_prefix(pre, sizeof pre, pods[p].node, "/metrics/cadvisor");
			snprintf(lab, sizeof lab, "%s,interface=\"eth0\",namespace=\"%s\",pod=\"%s\"",
			         pre, pods[p].ns, pods[p].name);
			one(s, nfams[f].name, lab, F_COUNTER, nfams[f].base * (1 + 8 * pods[p].cpu_use),
			    0.5);
		}
	}
}

static const double node_cpus[N_NODES] = {N_CPUS, N_CPUS, N_CPUS};

static void gen_kube_state(struct sink *s)
{
	char lab[512];
	family(s, "kube_namespace_status_phase", "gauge");
	for (int n = 0; n < N_OF(namespaces); n++)
		for (int ph = 0; ph < 2; ph++) {
			snprintf(lab, sizeof lab, KSM ",namespace=\"%s\",phase=\"%s\"", namespaces[n],
			         ph ? "Terminating" : "Active");
			one(s, "kube_namespace_status_phase", lab, F_CONST, ph ? 0 : 1, 0);
		}
	family(s, "kube_node_info", "gauge");
	for (int n = 0; n < N_NODES; n++) {
		snprintf(lab, sizeof lab,
		         KSM ",container_runtime_version=\"containerd://1.6.20\",internal_ip=\"10.0.1.%d\","
		         "kernel_version=\"6.1.0-18-amd64\",kubelet_version=\"v1.28.4\",node=\"%s\","
		         "os_image=\"Debian GNU/Linux 12 (bookworm)\"",
		         n + 11, node_names[n]);
		one(s, "kube_node_info", lab, F_CONST, 1, 0);
	}
	static const char *const nres[] = {"kube_node_status_allocatable", "kube_node_status_capacity"};
	for (int k = 0; k < 2; k++) {
		family(s, nres[k], "gauge");
		for (int n = 0; n < N_NODES; n++) {
			double cpu = node_cpus[n] - (k ? 0 : 0.1);
			double mem = node_mem_gib[n] * GIB - (k ? 0 : 512 * MIB);
			snprintf(lab, sizeof lab, KSM ",node=\"%s\",resource=\"cpu\",unit=\"core\"",
			         node_names[n]);
			one(s, nres[k], lab, F_CONST, cpu, 0);
			snprintf(lab, sizeof lab, KSM ",node=\"%s\",resource=\"memory\",unit=\"byte\"",
			         node_names[n]);
			one(s, nres[k], lab, F_CONST, mem, 0);
			snprintf(lab, sizeof lab, KSM ",node=\"%s\",resource=\"pods\",unit=\"integer\"",
			         node_names[n]);
			one(s, nres[k], lab, F_CONST, 110, 0);
		}
	}
	family(s, "kube_pod_info", "gauge");
	for (int p = 0; p < N_PODS; p++) {
		snprintf(lab, sizeof lab,
		         KSM ",created_by_kind=\"%s\",created_by_name=\"%s\",host_ip=\"10.0.1.%d\","
		         "host_network=\"%s\",namespace=\"%s\",node=\"%s\",pod=\"%s\","
		         "pod_ip=\"10.244.%d.%d\",priority_class=\"\"",
		         pods[p].owner_kind, pods[p].rs ? pods[p].rs : pods[p].owner,
		         pods[p].node + 11, pods[p].host_network ? "true" : "false", pods[p].ns,
		         node_names[pods[p].node], pods[p].name, pods[p].node, p + 2);
		one(s, "kube_pod_info", lab, F_CONST, 1, 0);
	}
	family(s, "kube_pod_owner", "gauge");
	for (int p = 0; p < N_PODS; p++) {
		snprintf(lab, sizeof lab,
		         KSM ",namespace=\"%s\",owner_is_controller=\"true\",owner_kind=\"%s\","
		         "owner_name=\"%s\",pod=\"%s\"",
		         pods[p].ns, pods[p].owner_kind, pods[p].rs ? pods[p].rs : pods[p].owner,
		         pods[p].name);
		one(s, "kube_pod_owner", lab, F_CONST, 1, 0);
	}
	family(s, "kube_replicaset_owner", "gauge");
	for (int p = 0; p < N_PODS; p++) {
		if (!pods[p].rs || (p > 0 && pods[p - 1].rs && strcmp(pods[p - 1].rs, pods[p].rs) == 0))
			continue;
		snprintf(lab, sizeof lab,
		         KSM ",namespace=\"%s\",owner_is_controller=\"true\",owner_kind=\"Deployment\","
		         "owner_name=\"%s\",replicaset=\"%s\"",
		         pods[p].ns, pods[p].owner, pods[p].rs);
		one(s, "kube_replicaset_owner", lab, F_CONST, 1, 0);
	}
	static const char *const phases[] = {"Failed", "Pending", "Running", "Succeeded", "Unknown"};
	family(s, "kube_pod_status_phase", "gauge");
	for (int p = 0; p < N_PODS; p++)
		for (int ph = 0; ph < N_OF(phases); ph++) {
			snprintf(lab, sizeof lab, KSM ",namespace=\"%s\",phase=\"%s\",pod=\"%s\"",
			         pods[p].ns, phases[ph], pods[p].name);
			one(s, "kube_pod_status_phase", lab, F_CONST, ph == 2, 0);
		}
	static const char *const cres[] = {"kube_pod_container_resource_limits",
	                                   "kube_pod_container_resource_requests"};
	for (int k = 0; k < 2; k++) {
		family(s, cres[k], "gauge");
		for (int p = 0; p < N_PODS; p++) {
			if (k == 0 && !pods[p].limits)
				continue; /* no limits, as many pods have none */
			for (int c = 0; c < n_containers(&pods[p]); c++) {
				char cname[64];
				container_name(&pods[p], c, cname, sizeof cname);
				double share = c ? 0.25 : 1, lim = k == 0 ? 2 : 1;
				snprintf(lab, sizeof lab,
				         KSM ",container=\"%s\",namespace=\"%s\",node=\"%s\",pod=\"%s\","
				         "resource=\"cpu\",unit=\"core\"",
				         cname, pods[p].ns, node_names[pods[p].node], pods[p].name);
				one(s, cres[k], lab, F_CONST, pods[p].cpu_req * share * lim, 0);
				snprintf(lab, sizeof lab,
				         KSM ",container=\"%s\",namespace=\"%s\",node=\"%s\",pod=\"%s\","
				         "resource=\"memory\",unit=\"byte\"",
				         cname, pods[p].ns, node_names[pods[p].node], pods[p].name);
				one(s, cres[k], lab, F_CONST, pods[p].mem_req_mib * MIB * share * lim, 0);
			}
		}
	}
	/* A quota in default only, as namespaces without one have none. */
	static const struct {
		const char *resource;
		double hard, used;
	} quota[] = {
	        {"limits.cpu", 8, 3.5},         {"limits.memory", 16 * GIB, 4 * GIB},
	        {"requests.cpu", 4, 1.75},      {"requests.memory", 8 * GIB, 2 * GIB},
	};
	family(s, "kube_resourcequota", "gauge");
	for (int q = 0; q < N_OF(quota); q++)
		for (int t = 0; t < 2; t++) {
			snprintf(lab, sizeof lab,
			         KSM ",namespace=\"default\",resource=\"%s\",resourcequota=\"compute\","
			         "type=\"%s\"",
			         quota[q].resource, t ? "used" : "hard");
			one(s, "kube_resourcequota", lab, F_CONST, t ? quota[q].used : quota[q].hard, 0);
		}
}

static void gen_kubelet(struct sink *s)
{
	char pre[N_NODES][200];
	const char *pres[N_NODES];
	for (int n = 0; n < N_NODES; n++) {
		kubelet_prefix(pre[n], sizeof pre[n], n, "/metrics");
		pres[n] = pre[n];
	}
	fam(s, "kubelet_node_name", F_CONST, 1, 0, pres, N_NODES, NULL);
	fam(s, "kubelet_running_pods", F_CONST, 5, 0, pres, N_NODES, NULL);
	fam(s, "kubelet_running_containers", F_CONST, 6, 0, pres, N_NODES,
	    "container_state=\"created\"|container_state=\"exited\"|container_state=\"running\"");
	fam(s, "kubelet_node_config_error", F_CONST, 0, 0, pres, N_NODES, NULL);
	fam(s, "volume_manager_total_volumes", F_CONST, 12, 0, pres, N_NODES,
	    "plugin_name=\"kubernetes.io/configmap\",state=\"actual_state_of_world\"|"
	    "plugin_name=\"kubernetes.io/configmap\",state=\"desired_state_of_world\"");
#define OPS "operation_type=\"container_status\"|operation_type=\"list_containers\"|" \
            "operation_type=\"list_podsandbox\""
	fam(s, "kubelet_runtime_operations_total", F_COUNTER, 2, 0.4, pres, N_NODES, OPS);
	fam(s, "kubelet_runtime_operations_errors_total", F_COUNTER, 0.01, 0.8, pres, N_NODES,
	    "operation_type=\"container_status\"");
	histogram(s, "kubelet_runtime_operations_duration_seconds", pres, N_NODES, OPS, 2, 0.01);
	histogram(s, "kubelet_pod_start_duration_seconds", pres, N_NODES, NULL, 0.01, 1.5);
	histogram(s, "kubelet_pod_worker_duration_seconds", pres, N_NODES,
	          "operation_type=\"sync\"", 0.5, 0.05);
	histogram(s, "storage_operation_duration_seconds", pres, N_NODES,
	          "operation_name=\"volume_mount\",volume_plugin=\"kubernetes.io/configmap\"|"
	          "operation_name=\"volume_mount\",volume_plugin=\"kubernetes.io/projected\"",
	          0.05, 0.03);
	fam(s, "storage_operation_errors_total", F_COUNTER, 0.001, 0.8, pres, N_NODES,
	    "operation_name=\"volume_mount\",volume_plugin=\"kubernetes.io/configmap\"");
	histogram(s, "kubelet_cgroup_manager_duration_seconds", pres, N_NODES,
	          "operation_type=\"create\"|operation_type=\"update\"", 0.2, 0.02);
	histogram(s, "kubelet_pleg_relist_duration_seconds", pres, N_NODES, NULL, 1, 0.015);
	histogram(s, "kubelet_pleg_relist_interval_seconds", pres, N_NODES, NULL, 1, 1.0);
	fam(s, "rest_client_requests_total", F_COUNTER, 1.5, 0.4, pres, N_NODES,
	    "code=\"200\",host=\"10.0.0.1:6443\",method=\"GET\"|"
	    "code=\"201\",host=\"10.0.0.1:6443\",method=\"POST\"|"
	    "code=\"404\",host=\"10.0.0.1:6443\",method=\"GET\"|"
	    "code=\"409\",host=\"10.0.0.1:6443\",method=\"PATCH\"|"
	    "code=\"500\",host=\"10.0.0.1:6443\",method=\"GET\"");
	histogram(s, "rest_client_request_duration_seconds", pres, N_NODES,
	          "host=\"10.0.0.1:6443\",verb=\"GET\"|host=\"10.0.0.1:6443\",verb=\"PATCH\"", 1,
	          0.02);
	/* PersistentVolumeClaims, reported by the kubelet of the node mounting them */
	static const struct {
		int node;
		const char *ns, *pvc;
		double gib, used;
	} pvcs[] = {
	        {1, "default", "data-redis-0", 10, 0.35},
	        {2, "monitoring", "prometheus-k8s-db-prometheus-k8s-0", 50, 0.62},
	};
	static const char *const vfams[] = {"kubelet_volume_stats_available_bytes",
	                                    "kubelet_volume_stats_capacity_bytes",
	                                    "kubelet_volume_stats_inodes",
	                                    "kubelet_volume_stats_inodes_used"};
	for (int f = 0; f < N_OF(vfams); f++) {
		family(s, vfams[f], "gauge");
		for (int v = 0; v < N_OF(pvcs); v++) {
			char lab[512];
			snprintf(lab, sizeof lab, "%s,namespace=\"%s\",persistentvolumeclaim=\"%s\"",
			         pre[pvcs[v].node], pvcs[v].ns, pvcs[v].pvc);
			double cap = pvcs[v].gib * GIB, inodes = pvcs[v].gib * 65536;
			switch (f) {
			case 0:
				one(s, vfams[f], lab, F_GAUGE, cap * (1 - pvcs[v].used), 0.05);
				break;
			case 1:
				one(s, vfams[f], lab, F_CONST, cap, 0);
				break;
			case 2:
				one(s, vfams[f], lab, F_CONST, inodes, 0);
				break;
			default:
				one(s, vfams[f], lab, F_GAUGE, inodes * pvcs[v].used * 0.1, 0.05);
			}
		}
	}
}

#define APISERVERS 2
static const char *const apiservers[APISERVERS] = {
        "instance=\"10.0.0.1:6443\",job=\"apiserver\"",
        "instance=\"10.0.0.2:6443\",job=\"apiserver\"",
};

static void gen_apiserver(struct sink *s)
{
	fam(s, "apiserver_request_total", F_COUNTER, 3, 0.5, apiservers, APISERVERS,
	    "code=\"200\",resource=\"pods\",scope=\"namespace\",verb=\"GET\"|"
	    "code=\"404\",resource=\"pods\",scope=\"namespace\",verb=\"GET\"|"
	    "code=\"500\",resource=\"pods\",scope=\"namespace\",verb=\"GET\"|"
	    "code=\"200\",resource=\"nodes\",scope=\"cluster\",verb=\"LIST\"|"
	    "code=\"200\",resource=\"configmaps\",scope=\"namespace\",verb=\"LIST\"|"
	    "code=\"201\",resource=\"pods\",scope=\"namespace\",verb=\"POST\"|"
	    "code=\"409\",resource=\"configmaps\",scope=\"namespace\",verb=\"PUT\"|"
	    "code=\"200\",resource=\"configmaps\",scope=\"namespace\",verb=\"PUT\"|"
	    "code=\"200\",resource=\"nodes\",scope=\"cluster\",verb=\"PATCH\"|"
	    "code=\"500\",resource=\"nodes\",scope=\"cluster\",verb=\"PATCH\"|"
	    "code=\"200\",resource=\"pods\",scope=\"namespace\",verb=\"DELETE\"");
	histogram(s, "apiserver_request_sli_duration_seconds", apiservers, APISERVERS,
	          "resource=\"pods\",scope=\"namespace\",subresource=\"\",verb=\"GET\"|"
	          "resource=\"nodes\",scope=\"cluster\",subresource=\"\",verb=\"LIST\"|"
	          "resource=\"pods\",scope=\"namespace\",subresource=\"\",verb=\"POST\"|"
	          "resource=\"configmaps\",scope=\"namespace\",subresource=\"\",verb=\"PUT\"|"
	          "resource=\"nodes\",scope=\"cluster\",subresource=\"status\",verb=\"PATCH\"",
	          3, 0.04);
#define QUEUES "name=\"APIServiceRegistrationController\"|name=\"AvailableConditionController\"|" \
               "name=\"crd_finalizer\""
	fam(s, "workqueue_adds_total", F_COUNTER, 0.5, 0.6, apiservers, APISERVERS, QUEUES);
	fam(s, "workqueue_depth", F_GAUGE, 2, 0.9, apiservers, APISERVERS, QUEUES);
	histogram(s, "workqueue_queue_duration_seconds", apiservers, APISERVERS, QUEUES, 0.5, 0.004);
}

#define PROM_K8S \
	"instance=\"10.244.1.9:9090\",job=\"prometheus-k8s\",namespace=\"monitoring\",pod=\"prometheus-k8s-0\""

static void gen_prometheus(struct sink *s)
{
	static const char *const pk[] = {PROM_K8S};
	fam(s, "prometheus_build_info", F_CONST, 1, 0, pk, 1,
	    "branch=\"HEAD\",goversion=\"go1.21.5\",revision=\"d4d1ba9\",version=\"2.48.1\"");
	fam(s, "prometheus_target_sync_length_seconds_sum", F_COUNTER, 0.0004, 0.5, pk, 1,
	    "scrape_job=\"serviceMonitor/monitoring/kubelet/0\"|"
	    "scrape_job=\"serviceMonitor/monitoring/node-exporter/0\"");
	fam(s, "prometheus_sd_discovered_targets", F_GAUGE, 40, 0.1, pk, 1,
	    "config=\"serviceMonitor/monitoring/kubelet/0\",name=\"scrape\"|"
	    "config=\"serviceMonitor/monitoring/node-exporter/0\",name=\"scrape\"");
	fam(s, "prometheus_target_interval_length_seconds_count", F_COUNTER, 3, 0.05, pk, 1,
	    "interval=\"30s\"");
	fam(s, "prometheus_target_interval_length_seconds_sum", F_COUNTER, 90, 0.05, pk, 1,
	    "interval=\"30s\"");
	static const char *const zero[] = {
	        "prometheus_target_scrapes_exceeded_body_size_limit_total",
	        "prometheus_target_scrapes_exceeded_sample_limit_total",
	        "prometheus_target_scrapes_sample_duplicate_timestamp_total",
	        "prometheus_target_scrapes_sample_out_of_bounds_total",
	        "prometheus_target_scrapes_sample_out_of_order_total",
	};
	for (int z = 0; z < N_OF(zero); z++)
		fam(s, zero[z], F_COUNTER, 0, 0, pk, 1, NULL);
	fam(s, "prometheus_tsdb_head_samples_appended_total", F_COUNTER, 3500, 0.2, pk, 1, NULL);
	fam(s, "prometheus_tsdb_head_series", F_GAUGE, 120000, 0.1, pk, 1, NULL);
	fam(s, "prometheus_tsdb_head_chunks", F_GAUGE, 240000, 0.15, pk, 1, NULL);
#define SLICES "slice=\"inner_eval\"|slice=\"prepare_time\"|slice=\"queue_time\"|slice=\"result_sort\""
	fam(s, "prometheus_engine_query_duration_seconds_count", F_COUNTER, 1.2, 0.4, pk, 1, SLICES);
	family(s, "prometheus_engine_query_duration_seconds", "gauge");
	static const char *const qs[] = {"0.5", "0.9", "0.99"};
	static const char *const sl[] = {"inner_eval", "prepare_time", "queue_time", "result_sort"};
	for (int q = 0; q < 3; q++)
		for (int k = 0; k < 4; k++) {
			char lab[300];
			snprintf(lab, sizeof lab, PROM_K8S ",quantile=\"%s\",slice=\"%s\"", qs[q], sl[k]);
			one(s, "prometheus_engine_query_duration_seconds", lab, F_GAUGE,
			    0.0005 * (1 + q * 2) * (k == 0 ? 4 : 1), 0.4);
		}
}

/* The up series of the corpus' scrape jobs, in the up family of
 * gen_constants (after the node exporters'). */
static void gen_up_k8s(struct sink *s)
{
	char pre[200];
	for (int n = 0; n < N_NODES; n++) {
		kubelet_prefix(pre, sizeof pre, n, "/metrics");
		one(s, "up", pre, F_CONST, 1, 0);
		kubelet_prefix(pre, sizeof pre, n, "/metrics/cadvisor");
		one(s, "up", pre, F_CONST, 1, 0);
	}
	for (int i = 0; i < APISERVERS; i++)
		one(s, "up", apiservers[i], F_CONST, 1, 0);
	one(s, "up", KSM, F_CONST, 1, 0);
	one(s, "up", PROM_K8S, F_CONST, 1, 0);
}

/* What several exporters share: the process and the Go runtime. */
static void gen_process(struct sink *s)
{
	char kl[N_NODES][200];
	const char *t[N_NODES + APISERVERS + N_NODES];
	int n = 0;
	for (int i = 0; i < N_NODES; i++) {
		kubelet_prefix(kl[i], sizeof kl[i], i, "/metrics");
		t[n++] = kl[i];
	}
	for (int i = 0; i < APISERVERS; i++)
		t[n++] = apiservers[i];
	const int n_k8s = n;
	for (int i = 0; i < N_NODES; i++)
		t[n++] = nx[i];
	fam(s, "process_cpu_seconds_total", F_COUNTER, 0.08, 0.4, t, n, NULL);
	fam(s, "process_resident_memory_bytes", F_GAUGE, 1.2e8, 0.1, t, n_k8s, NULL);
	fam(s, "go_goroutines", F_GAUGE, 300, 0.2, t, n_k8s, NULL);
	static const char *const pk[] = {PROM_K8S};
	fam(s, "process_start_time_seconds", F_CONST, 1767000000, 0, pk, 1, NULL);
}

static void gen_corpus(struct sink *s)
{
	gen_node_collectors(s);
	gen_cadvisor(s);
	gen_kube_state(s);
	gen_kubelet(s);
	gen_apiserver(s);
	gen_prometheus(s);
	gen_process(s);
}

int main(int argc, char **argv)
{
	for (;;) {
		if (argc >= 2 && strcmp(argv[1], "--ms") == 0)
			ts_ms = true;
		else if (argc >= 2 && strcmp(argv[1], "--corpus") == 0)
			with_corpus = true;
		else
			break;
		argc--;
		argv++;
	}
	if (argc >= 3 && strcmp(argv[1], "--end") == 0) {
		char *end;
		long e = strtol(argv[2], &end, 10);
		if (*end || e < 6 * 3600) {
			fputs("gen_openmetrics: --end: expected unix seconds\n", stderr);
			return 2;
		}
		T0 = (e - 6 * 3600) / STEP_S * STEP_S;
		argc -= 2;
		argv += 2;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		fputs("usage: gen_openmetrics [--ms] [--corpus] [--end UNIX_SECONDS] [OUT.om]\n", stderr);
		return 2;
	}
	struct sink s = {.out = stdout};
	if (argc == 2 && strcmp(argv[1], "-") != 0) {
		s.out = fopen(argv[1], "w");
		if (!s.out) {
			perror(argv[1]);
			return 1;
		}
	}
	gen_cpu(&s);
	gen_load(&s);
	gen_memory(&s);
	gen_disks(&s);
	gen_network(&s);
	gen_filesystems(&s);
	gen_constants(&s);
	gen_probes(&s);
	if (with_corpus)
		gen_corpus(&s);
	fputs("# EOF\n", s.out);
	bool ok = !ferror(s.out);
	if (s.out != stdout)
		ok = fclose(s.out) == 0 && ok;
	else
		ok = fflush(stdout) == 0 && ok;
	if (!ok) {
		perror("gen_openmetrics: write");
		return 1;
	}
	return 0;
}
