/*
 * transform.h — Grafana's transformations, applied in the panel's order to
 * its frames (tframe.h): merge, joinByField (seriesToColumns), organize,
 * reduce, filterFieldsByName, filterByValue, renameByRegex, calculateField,
 * sortBy, labelsToFields and groupBy, as @grafana/data 10.4 does them, field
 * names included ("Value #A", "Time 1", "Value #A (lastNotNull)").
 */
#ifndef CAIRN_TRANSFORM_H
#define CAIRN_TRANSFORM_H

#include "base/budget.h"
#include "base/err.h"
#include "dashboards/model.h"
#include "transform/tframe.h"

/* Applies x[0..n) to fs in place.  A disabled transformation, or one cairn
 * does not know, is skipped (*note, when not NULL, names the first unknown
 * one by JSON path).  Returns 0, CAIRN_ELIMIT (over fs's cell cap: what
 * and which transformation in err), CAIRN_ETIMEOUT (b's deadline passed).
 * fs stays valid (freeable) whatever the return. */
int transform_apply(const struct cairn_transform *x, size_t n, struct tframes *fs,
                    const struct budget *b, struct cairn_err *note, struct cairn_err *err);

/* One transformation; same contract. */
int transform_one(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err);

#endif
