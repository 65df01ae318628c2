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
 * (rate exactly 1/s), and cairn_test_request_duration_seconds, a histogram
 * whose per-bucket rates are fixed in each half of the window.
 *
 * usage: gen_openmetrics [--ms] [--corpus] [--end UNIX_SECONDS] [OUT.om]
 * (default: standard output).  --ms writes timestamps in milliseconds
 * (Prometheus' text format, for VictoriaMetrics' import) instead of
 * OpenMetrics' seconds; --corpus adds every other series the dashboards of
 * ../shared/corpus read (gen_corpus.c: some 2,300 series more, ~250 MB of
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

#include "gen_openmetrics.h"

/* Start of the window: 2026-01-01T00:00:00Z for the tests; the demo moves it
 * (--end) so the same six hours end now. */
static long T0 = 1767225600L;
#define UPTIME_S  864000.0 /* the nodes booted ten days before the window */

#define GAP_FIRST (2 * 3600 / STEP_S) /* cairn_test_gap has no samples in [02:00, 03:00) */
#define GAP_END   (3 * 3600 / STEP_S)

const char *const node_names[N_NODES] = {"node-1", "node-2", "node-3"};
static const double node_busy[N_NODES] = {0.30, 0.45, 0.15};
const double node_mem_gib[N_NODES] = {16, 32, 8};

static const char *const cpu_modes[] = {"idle",    "iowait", "irq",    "nice",
                                        "softirq", "steal",  "system", "user"};
/* Share of the busy time each non-idle mode takes; they add up to 1. */
static const double mode_share[] = {0, 0.06, 0.02, 0.03, 0.03, 0.02, 0.22, 0.62};
#define N_MODES (sizeof cpu_modes / sizeof cpu_modes[0])

static const char *const disks[] = {"sda", "nvme0n1"};
#define N_DISKS 2

uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

double noise(uint64_t seed, int i)
{
	return (double)(mix(seed * 1000003ULL + (uint64_t)i) >> 11) / 9007199254740992.0;
}

double wave(int i, double phase)
{
	return sin(2.0 * M_PI * i / (N_SAMPLES - 1) + phase);
}

void family(struct sink *s, const char *name, const char *type)
{
	fprintf(s->out, "# TYPE %s %s\n", name, type);
}

void labels(struct sink *s, const char *fmt, ...)
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

void sample(struct sink *s, const char *name, int i, double v)
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

/* cairn_test_request_duration_seconds: a histogram whose buckets grow by a
 * fixed count every sample, one shape in the first half of the window and
 * another, slower one after (per step, per bucket below: rate() is exactly
 * inc/15 per second inside each half).  Cumulative by `le`, as Prometheus
 * stores histograms. */
#define N_LE 10
static const char *const hist_le[N_LE] = {"0.005", "0.01", "0.025", "0.05", "0.1",
                                           "0.25",  "0.5",  "1",     "2.5",  "+Inf"};
static const int hist_inc[2][N_LE] = {{0, 1, 2, 4, 8, 4, 2, 1, 0, 0},
                                      {0, 0, 0, 1, 2, 4, 8, 4, 2, 1}};

/* Events in bucket b (not cumulative) up to sample i. */
static double hist_events(int b, int i)
{
	int half = (N_SAMPLES - 1) / 2;
	int first = i < half - 1 ? i : half - 1, second = i > half - 1 ? i - (half - 1) : 0;
	return (double)first * hist_inc[0][b] + (double)second * hist_inc[1][b];
}

static void gen_histograms(struct sink *s)
{
	static const char *const name = "cairn_test_request_duration_seconds";
	family(s, name, "histogram");
	for (int k = 0; k < N_LE; k++) {
		labels(s, "instance=\"probe\",job=\"cairn-test\",le=\"%s\"", hist_le[k]);
		for (int i = 0; i < N_SAMPLES; i++) {
			double v = 0;
			for (int b = 0; b <= k; b++)
				v += hist_events(b, i);
			sample(s, "cairn_test_request_duration_seconds_bucket", i, v);
		}
	}
	labels(s, "instance=\"probe\",job=\"cairn-test\"");
	for (int i = 0; i < N_SAMPLES; i++) {
		double v = 0;
		for (int b = 0; b < N_LE; b++)
			v += hist_events(b, i);
		sample(s, "cairn_test_request_duration_seconds_count", i, v);
	}
	for (int i = 0; i < N_SAMPLES; i++) {
		double v = 0;
		for (int b = 0; b < N_LE - 1; b++)
			v += hist_events(b, i) * strtod(hist_le[b], NULL);
		sample(s, "cairn_test_request_duration_seconds_sum", i, v);
	}
}

/* cairn_test_share{part="a".."e"}: constant 10, 20, 30, 40 and 0, so a pie
 * chart's slices are 10 %, 20 %, 30 % and 40 % of the whole (and "e" takes
 * none). */
static void gen_shares(struct sink *s)
{
	static const struct {
		const char *part;
		double v;
	} parts[] = {{"a", 10}, {"b", 20}, {"c", 30}, {"d", 40}, {"e", 0}};
	family(s, "cairn_test_share", "gauge");
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		labels(s, "instance=\"probe\",job=\"cairn-test\",part=\"%s\"", parts[k].part);
		for (int i = 0; i < N_SAMPLES; i++)
			sample(s, "cairn_test_share", i, parts[k].v);
	}
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
	gen_histograms(&s);
	gen_shares(&s);
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
