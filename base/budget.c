/*
 * budget.c — the per-request account of budget.h.
 */
#include "base/budget.h"

#include <time.h>

static const char *const kind_names[BUDGET_N_KINDS] = {
	[BUDGET_PIXELS] = "pixels",
	[BUDGET_SERIES] = "series",
	[BUDGET_POINTS] = "points",
	[BUDGET_QUERIES] = "queries",
	[BUDGET_BYTES] = "response bytes",
};

void limits_default(struct cairn_limits *l)
{
	*l = (struct cairn_limits){
		.deadline_s = CAIRN_DEFAULT_DEADLINE_S,
		.max_pixels = CAIRN_DEFAULT_MAX_PIXELS,
		.max_series = CAIRN_DEFAULT_MAX_SERIES,
		.max_points = CAIRN_DEFAULT_MAX_POINTS,
		.max_queries = CAIRN_DEFAULT_MAX_QUERIES,
		.max_bytes = CAIRN_DEFAULT_MAX_BYTES,
	};
}

double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t *limit_field(struct cairn_limits *l, enum budget_kind k)
{
	switch (k) {
	case BUDGET_PIXELS: return &l->max_pixels;
	case BUDGET_SERIES: return &l->max_series;
	case BUDGET_POINTS: return &l->max_points;
	case BUDGET_QUERIES: return &l->max_queries;
	case BUDGET_BYTES:
	case BUDGET_N_KINDS: break;
	}
	return &l->max_bytes;
}

void budget_init(struct budget *b, const struct cairn_limits *l)
{
	struct cairn_limits d;
	limits_default(&d);
	b->lim = l ? *l : d;
	if (!(b->lim.deadline_s > 0))
		b->lim.deadline_s = d.deadline_s;
	for (int k = 0; k < BUDGET_N_KINDS; k++) {
		uint64_t *f = limit_field(&b->lim, (enum budget_kind)k);
		if (*f == 0)
			*f = *limit_field(&d, (enum budget_kind)k);
		atomic_init(&b->used[k], 0);
	}
	b->deadline_at = mono_now() + b->lim.deadline_s;
}

int budget_take(struct budget *b, enum budget_kind k, uint64_t n, struct cairn_err *err)
{
	if (!b)
		return 0;
	uint64_t max = *limit_field(&b->lim, k);
	uint64_t cur = atomic_load(&b->used[k]);
	do {
		if (n > max || cur > max - n)
			return cairn_err_set(err, CAIRN_ELIMIT,
				"over the request's budget of %llu %s",
				(unsigned long long)max, kind_names[k]);
	} while (!atomic_compare_exchange_weak(&b->used[k], &cur, cur + n));
	return 0;
}

void budget_give(struct budget *b, enum budget_kind k, uint64_t n)
{
	if (b)
		atomic_fetch_sub(&b->used[k], n);
}

double budget_left_s(const struct budget *b)
{
	return b ? b->deadline_at - mono_now() : 1e9;
}

int budget_check_deadline(const struct budget *b, struct cairn_err *err)
{
	if (!b || mono_now() < b->deadline_at)
		return 0;
	return cairn_err_set(err, CAIRN_ETIMEOUT,
		"the request took longer than its deadline of %g s", b->lim.deadline_s);
}
