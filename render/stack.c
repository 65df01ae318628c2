/*
 * stack.c — negative-Y and stacking (stack.h), once per series before any
 * scale is computed, so scales, fills and bars all see the stacked values.
 */
#include "render/stack.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define STACK_MAX_SLOTS ((size_t)1 << 22)

static void negate(struct stack_series *s)
{
	if (!s->owned)
		s->owned = g_new(double, s->n ? s->n : 1);
	for (size_t i = 0; i < s->n; i++)
		s->owned[i] = -s->v[i];
	s->v = s->owned;
}

/* Slot of sample time tt on the group's time grid; -1 when off-grid. */
static long slot_of(double tt, double tmin, double step, size_t slots)
{
	double f = (tt - tmin) / step;
	long k = lround(f);
	if (fabs(f - (double)k) > 0.01 || k < 0 || (size_t)k >= slots)
		return -1;
	return k;
}

static const char *group_of(const struct stack_series *s)
{
	return s->group ? s->group : "A";
}

/* Stacked with g: visible, of its mode, group and axis. */
static bool in_group(const struct stack_series *s, const struct stack_series *g)
{
	return !s->hidden && s->mode == g->mode && s->axis == g->axis &&
	       strcmp(group_of(s), group_of(g)) == 0;
}

/* Every timestamp's absolute total, for percent stacks. */
static void percent_totals(const struct stack_series *ss, size_t n, const struct stack_series *g,
                           double tmin, double step, size_t slots, double *tot)
{
	for (size_t i = 0; i < n; i++) {
		const struct stack_series *s = &ss[i];
		if (!in_group(s, g))
			continue;
		for (size_t k = 0; k < s->n; k++) {
			long j = slot_of(s->t[k], tmin, step, slots);
			if (j >= 0 && !isnan(s->v[k]))
				tot[j] += fabs(s->v[k]);
		}
	}
}

/* Stacks every series of g's mode and group: positives and negatives
 * accumulate separately, per timestamp.  g is copied: its v changes. */
static void stack_group(struct stack_series *ss, size_t n, double step, struct stack_series g)
{
	enum stack_mode mode = g.mode;
	double tmin = INFINITY, tmax = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (!in_group(&ss[i], &g) || ss[i].n == 0)
			continue;
		tmin = fmin(tmin, ss[i].t[0]);
		tmax = fmax(tmax, ss[i].t[ss[i].n - 1]);
	}
	if (!isfinite(tmin) || !(step > 0) || !((tmax - tmin) / step < (double)STACK_MAX_SLOTS))
		return;
	size_t slots = (size_t)((tmax - tmin) / step) + 1;
	double *acc = g_new0(double, slots * 3);
	double *pos = acc, *neg = acc + slots, *tot = acc + 2 * slots;
	if (mode == STACK_PERCENT)
		percent_totals(ss, n, &g, tmin, step, slots, tot);
	long prev = -1;
	for (size_t i = 0; i < n; i++) {
		struct stack_series *s = &ss[i];
		if (!in_group(s, &g))
			continue;
		double *out = s->owned ? s->owned : g_new(double, s->n ? s->n : 1);
		for (size_t k = 0; k < s->n; k++) {
			double x = s->v[k];
			long j = slot_of(s->t[k], tmin, step, slots);
			if (isnan(x) || j < 0) {
				out[k] = x;
				continue;
			}
			if (mode == STACK_PERCENT)
				x = tot[j] > 0 ? x / tot[j] : 0;
			double *a = x >= 0 ? pos : neg;
			a[j] += x;
			out[k] = a[j];
		}
		s->owned = out;
		s->v = out;
		s->prev = prev;
		prev = (long)i;
	}
	g_free(acc);
}

void stack_apply(struct stack_series *s, size_t n, double step)
{
	for (size_t i = 0; i < n; i++) {
		s[i].prev = -1;
		if (s[i].negate)
			negate(&s[i]);
	}
	/* each group once, from its first visible series */
	for (size_t i = 0; i < n; i++) {
		bool first = s[i].mode != STACK_NONE && !s[i].hidden;
		for (size_t j = 0; j < i && first; j++)
			first = !in_group(&s[j], &s[i]);
		if (first)
			stack_group(s, n, step, s[i]);
	}
}
