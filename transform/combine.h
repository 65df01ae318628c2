/*
 * combine.h — joinByField and merge (transform.c's dispatch calls these).
 * Both replace fs's frames with the one they make (or leave fs as it was
 * when there is nothing to combine); CAIRN_ELIMIT with err when the result
 * would pass fs's cell cap.
 */
#ifndef CAIRN_COMBINE_H
#define CAIRN_COMBINE_H

#include "base/err.h"
#include "dashboards/model.h"
#include "transform/tframe.h"

/* joinByField: by x->by_field (a name or display name; NULL: the first time
 * field), outer (keys in first-seen order, numbers sorted) or inner. */
int combine_join(const struct cairn_transform *x, struct tframes *fs, struct cairn_err *err);

/* merge: rows of every frame in one, merged where the fields all frames
 * have hold the same values and no value both have differs. */
int combine_merge(struct tframes *fs, struct cairn_err *err);

#endif
