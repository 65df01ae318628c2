/*
 * gen_corpus.c — every series the dashboards of ../shared/corpus read besides
 * what gen_openmetrics.c writes, for `gen_openmetrics --corpus`: node
 * exporter's other collectors, and a Kubernetes cluster on the three nodes
 * (cAdvisor and the kubelet on each, kube-state-metrics, two API servers, the
 * cluster's Prometheus) as kube-prometheus scrapes it.  New families only:
 * the ones gen_openmetrics.c writes stay as the tests count them (up gains
 * the new jobs' series).  Pure functions of (series, sample index), as there.
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_openmetrics.h"

/* To keep the backfill small these are sampled every 30 s (two samples in
 * the shortest rate window, $__rate_interval's 1m), and series that never
 * change (info, capacities, limits) every 60 s, within the 5 min lookback. */
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
void gen_up_k8s(struct sink *s)
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

void gen_corpus(struct sink *s)
{
	gen_node_collectors(s);
	gen_cadvisor(s);
	gen_kube_state(s);
	gen_kubelet(s);
	gen_apiserver(s);
	gen_prometheus(s);
	gen_process(s);
}

