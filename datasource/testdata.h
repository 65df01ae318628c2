/*
 * testdata.h — deterministic series from a query's text, so dashboards render
 * offline (examples, docs, golden tests).  Selected explicitly with
 * --prometheus testdata, never as a silent fallback.
 */
#ifndef CAIRN_TESTDATA_H
#define CAIRN_TESTDATA_H

#include "base/budget.h"
#include "base/err.h"
#include "datasource/frame.h"
#include "datasource/prom.h"

/* Generates the series for one query into r (appending), the same bytes for the
 * same (expr, start, end, step) on every machine.  Shape: a smooth,
 * plausible signal whose magnitude follows the metric name (e.g. *_bytes
 * → GiB range, *_seconds_total inside rate() → 0..1, load → 0..4), 1–4 series
 * with labels taken from the selector's equality matchers plus an
 * instance/cpu/device label.  Its series and points are taken from b
 * (NULL: no budget; points per series still at most CAIRN_DEFAULT_MAX_POINTS).
 * Returns 0, or CAIRN_EINVAL (bad range) / CAIRN_ELIMIT (over b) with r as
 * it was. */
int testdata_query(const struct prom_query *q, struct budget *b, struct cairn_result *r,
                   struct cairn_err *err);

#endif
