/*
 * stat.h — the stat panel; see single_draw.h for what it shares.
 */
#ifndef CAIRN_STAT_H
#define CAIRN_STAT_H

#include "render/single_draw.h"

/* Draws a stat panel's visualization inside content (cannot fail: Cairo
 * errors stay in cr). */
void stat_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
               struct rect content);

#endif
