/*
 * gen_openmetrics.h — what gen_openmetrics.c (the probes and the three
 * node-exporter nodes) shares with gen_corpus.c (every other series the
 * corpus dashboards read): the window, the nodes, the writer and the
 * stateless noise.  Test-harness code only.
 */
#ifndef CAIRN_GEN_OPENMETRICS_H
#define CAIRN_GEN_OPENMETRICS_H

#include <stdint.h>
#include <stdio.h>

#define STEP_S    15
#define N_SAMPLES (6 * 3600 / STEP_S + 1) /* both ends of the window included */
#define N_NODES   3
#define N_CPUS    4
#define GIB       1073741824.0
#define MIB       1048576.0

extern const char *const node_names[N_NODES];
extern const double node_mem_gib[N_NODES];

/* Writes one series at a time so a family's samples stay together, as the
 * OpenMetrics parser requires, and each series' samples are in time order. */
struct sink {
	FILE *out;
	char labels[512];
};

uint64_t mix(uint64_t x);
/* Noise in [0, 1) for sample i of the stream `seed`: stateless, so any
 * series can be computed in any order. */
double noise(uint64_t seed, int i);
/* One slow wave over the window: the window's "day". */
double wave(int i, double phase);
/* "# TYPE name type" */
void family(struct sink *s, const char *name, const char *type);
/* The labels of the series written next. */
void labels(struct sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One sample of the current series at index i of the window. */
void sample(struct sink *s, const char *name, int i, double v);

/* gen_corpus.c: the up series of the corpus' scrape jobs (written inside the
 * up family) and every other family the corpus reads. */
void gen_up_k8s(struct sink *s);
void gen_corpus(struct sink *s);

#endif
