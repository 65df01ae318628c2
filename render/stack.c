/*
 * stack.c — negative-Y and stacking (stack.h), once per series before any
 * scale is computed, so scales, fills and bars all see the stacked values.
 * Stacks are formed as Grafana 10.4's getStackingGroups forms them: by the
 * series' direction (the sign most of up to 100 sampled values take), its
 * mode, the caller's key (axis, draw style, interpolation) and its
 * custom.stacking.group name; within a
 * stack each series adds all its values, of either sign, onto the sum of
 * the ones before it (preparePlotData2).
 */
#include "render/stack.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define STACK_MAX_SLOTS ((size_t)1 << 22)
#define DIR_SAMPLES     100

static void negate(struct stack_series *s)
{
	if (!s->owned)
		s->owned = g_new(double, s->n ? s->n : 1);
	for (size_t i = 0; i < s->n; i++)
		s->owned[i] = -s->v[i];
	s->v = s->owned;
}

/* -1 when most of up to DIR_SAMPLES evenly strided values between the first
 * and last non-NaN one are negative (or -0), else 1; reversed for
 * negative-Y (the raw values decide, as Grafana's getStackDirection). */
static int direction(const struct stack_series *s)
{
	size_t a = 0, b = s->n;
	while (a < b && isnan(s->v[a]))
		a++;
	while (b > a && isnan(s->v[b - 1]))
		b--;
	size_t stride = (b - a) / DIR_SAMPLES > 1 ? (b - a) / DIR_SAMPLES : 1;
	size_t neg = 0, pos = 0;
	for (size_t i = a; i < b; i += stride) {
		double v = s->v[i];
		if (v < 0 || (v == 0 && signbit(v)))
			neg++;
		else if (v > 0)
			pos++;
	}
	int dir = neg > pos ? -1 : 1;
	return s->negate ? -dir : dir;
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

/* custom.stacking.group: NULL reads as Grafana's default "A" */
static const char *name_of(const struct stack_series *s)
{
	return s->name ? s->name : "A";
}

static bool stacked(const struct stack_series *s)
{
	return !s->hidden && s->mode != STACK_NONE;
}

/* The value drawn for running sum a at slot j: a, or its share of the
 * stack's total there for a percent stack (signed by direction). */
static double drawn(enum stack_mode mode, double a, const double *tot, long j, int dir)
{
	if (mode != STACK_PERCENT)
		return a;
	return tot[j] == 0 ? 0 : dir * a / tot[j];
}

/* Slots where the stack has a value and series s has none: Grafana draws s
 * there at the stack's sum so far (preparePlotData2's groupValsAtX), so
 * a series that starts late or has a gap runs along the one below.  0
 * when s has a sample off the grid (then it keeps its own samples only). */
static size_t missing_slots(const struct stack_series *s, const unsigned char *any, double tmin,
                            double step, size_t slots)
{
	size_t own = 0, k = 0;
	for (size_t j = 0; j < slots; j++) {
		bool has = false;
		while (k < s->n) {
			long sj = slot_of(s->t[k], tmin, step, slots);
			if (sj < 0)
				return 0;
			if ((size_t)sj != j)
				break;
			has = true;
			k++;
		}
		own += !has && any[j];
	}
	return k == s->n ? own : 0;
}

/* Series s stacked onto acc with its missing slots filled in: new times
 * and values (one pass over the slots). */
static void stack_filled(struct stack_series *s, size_t extra, double *acc, const double *tot,
                         const unsigned char *any, double tmin, double step, size_t slots,
                         enum stack_mode mode, int dir)
{
	double *nt = g_new(double, s->n + extra), *nv = g_new(double, s->n + extra);
	size_t m = 0, k = 0;
	for (size_t j = 0; j < slots; j++) {
		bool has = false;
		for (; k < s->n && (size_t)slot_of(s->t[k], tmin, step, slots) == j; k++) {
			double x = s->v[k];
			has = true;
			nt[m] = s->t[k];
			if (!isnan(x))
				acc[j] += x;
			nv[m++] = isnan(x) ? x : drawn(mode, acc[j], tot, (long)j, dir);
		}
		if (!has && any[j]) {
			nt[m] = tmin + (double)j * step;
			nv[m++] = drawn(mode, acc[j], tot, (long)j, dir);
		}
	}
	g_free(s->owned);
	g_free(s->owned_t);
	s->owned = nv;
	s->owned_t = nt;
	s->v = nv;
	s->t = nt;
	s->n = m;
}

/* Stacks the series of group g (their .group set): running sums per
 * timestamp; a percent stack divides each by the stack's total there,
 * signed so that a negative stack runs down to -1. */
static void stack_group(struct stack_series *ss, size_t n, double step, long g, int dir)
{
	double tmin = INFINITY, tmax = -INFINITY;
	enum stack_mode mode = STACK_NONE;
	for (size_t i = 0; i < n; i++) {
		if (ss[i].group != g || ss[i].n == 0)
			continue;
		mode = ss[i].mode;
		tmin = fmin(tmin, ss[i].t[0]);
		tmax = fmax(tmax, ss[i].t[ss[i].n - 1]);
	}
	if (!isfinite(tmin) || !(step > 0) || !((tmax - tmin) / step < (double)STACK_MAX_SLOTS))
		return;
	size_t slots = (size_t)((tmax - tmin) / step) + 1;
	double *acc = g_new0(double, slots * 2);
	double *tot = acc + slots;
	unsigned char *any = g_new0(unsigned char, slots);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; ss[i].group == g && k < ss[i].n; k++) {
			long j = slot_of(ss[i].t[k], tmin, step, slots);
			if (j < 0 || isnan(ss[i].v[k]))
				continue;
			tot[j] += ss[i].v[k];
			any[j] = 1;
		}
	long prev = -1;
	for (size_t i = 0; i < n; i++) {
		struct stack_series *s = &ss[i];
		if (s->group != g)
			continue;
		s->prev = prev;
		prev = (long)i;
		size_t extra = missing_slots(s, any, tmin, step, slots);
		if (extra) {
			stack_filled(s, extra, acc, tot, any, tmin, step, slots, mode, dir);
			continue;
		}
		double *out = s->owned ? s->owned : g_new(double, s->n ? s->n : 1);
		for (size_t k = 0; k < s->n; k++) {
			double x = s->v[k];
			long j = slot_of(s->t[k], tmin, step, slots);
			if (isnan(x) || j < 0) {
				out[k] = x;
				continue;
			}
			acc[j] += x;
			out[k] = drawn(mode, acc[j], tot, j, dir);
		}
		s->owned = out;
		s->v = out;
	}
	g_free(any);
	g_free(acc);
}

size_t stack_apply(struct stack_series *s, size_t n, double step)
{
	int *dir = g_new(int, n ? n : 1);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++) {
		s[i].prev = -1;
		s[i].group = -1;
		if (!stacked(&s[i])) {
			if (s[i].negate)
				negate(&s[i]);
			continue;
		}
		dir[i] = direction(&s[i]);
		if (s[i].negate)
			negate(&s[i]);
		for (size_t k = 0; k < i && s[i].group < 0; k++)
			if (s[k].group >= 0 && dir[k] == dir[i] && s[k].mode == s[i].mode &&
			    s[k].key == s[i].key && strcmp(name_of(&s[k]), name_of(&s[i])) == 0)
				s[i].group = s[k].group;
		if (s[i].group < 0)
			s[i].group = (long)groups++;
	}
	for (size_t g = 0; g < groups; g++)
		for (size_t i = 0; i < n; i++)
			if (s[i].group == (long)g) {
				stack_group(s, n, step, (long)g, dir[i]);
				break;
			}
	g_free(dir);
	return groups;
}
