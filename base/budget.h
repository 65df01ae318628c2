/*
 * budget.h — one budget per request: pixels, series, points, queries,
 * response bytes and a deadline, shared by every stage of the request path
 * (variables, queries, drawing) and by every thread working on it.
 *
 * The limits are configuration (plain values, copied in); a budget is the
 * running account of one request.  Taking from it is thread-safe (C11
 * atomics); hitting a limit is an error with code CAIRN_ELIMIT, the deadline
 * CAIRN_ETIMEOUT, each with a message that names the limit and its value.
 */
#ifndef CAIRN_BUDGET_H
#define CAIRN_BUDGET_H

#include <stdatomic.h>
#include <stdint.h>
#include "base/err.h"

struct cairn_limits {
	double deadline_s;     /* whole request, from budget_init; default 30 */
	uint64_t max_pixels;   /* canvas plus every panel surface, device pixels */
	uint64_t max_series;   /* series across every answer */
	uint64_t max_points;   /* samples across every series */
	uint64_t max_queries;  /* requests to the datasource (variables included) */
	uint64_t max_bytes;    /* response bytes from the datasource, all answers */
};

/* Safe defaults for a server facing dashboards it did not write. */
#define CAIRN_DEFAULT_DEADLINE_S 30.0
#define CAIRN_DEFAULT_TIMEOUT_S 30      /* one datasource request (prom_config.timeout_s);
                                           an integer so usage text can print it */
#define CAIRN_DEFAULT_MAX_PIXELS ((uint64_t)128 << 20)   /* 2 × the largest canvas */
#define CAIRN_DEFAULT_MAX_SERIES ((uint64_t)20000)
#define CAIRN_DEFAULT_MAX_POINTS ((uint64_t)10000000)    /* 160 MB of samples */
#define CAIRN_DEFAULT_MAX_QUERIES ((uint64_t)1000)
#define CAIRN_DEFAULT_MAX_BYTES ((uint64_t)256 << 20)

/* Fills l with the defaults above. */
void limits_default(struct cairn_limits *l);

enum budget_kind { BUDGET_PIXELS, BUDGET_SERIES, BUDGET_POINTS, BUDGET_QUERIES, BUDGET_BYTES,
	BUDGET_N_KINDS };

struct budget {
	struct cairn_limits lim;
	double deadline_at;            /* mono_now() seconds; the deadline */
	_Atomic uint64_t used[BUDGET_N_KINDS];
};

/* Starts a request's account: copies l (a zero field takes its default) and
 * starts the clock.  Nothing to free. */
void budget_init(struct budget *b, const struct cairn_limits *l);

/* Takes n of kind k.  0, or CAIRN_ELIMIT ("over the request's budget of N
 * points") with nothing taken when the total would pass the limit.
 * b may be NULL (no limits). */
int budget_take(struct budget *b, enum budget_kind k, uint64_t n, struct cairn_err *err);

/* Gives back n of kind k (a transient allocation such as a panel surface
 * that is gone).  b may be NULL. */
void budget_give(struct budget *b, enum budget_kind k, uint64_t n);

/* Seconds left before the deadline (<= 0 when past it; a large number when
 * b is NULL). */
double budget_left_s(const struct budget *b);

/* 0, or CAIRN_ETIMEOUT ("the request took longer than its deadline of N s")
 * once the deadline has passed.  b may be NULL. */
int budget_check_deadline(const struct budget *b, struct cairn_err *err);

/* The monotonic clock in seconds. */
double mono_now(void);

#endif
