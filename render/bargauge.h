/*
 * bargauge.h — the bargauge panel; see single_draw.h for what it shares.
 */
#ifndef CAIRN_BARGAUGE_H
#define CAIRN_BARGAUGE_H

#include "render/single_draw.h"

/* Draws a bargauge panel's visualization inside content (cannot fail: Cairo
 * errors stay in cr). */
void bargauge_draw(cairo_t *cr, const struct single_env *env, const struct panel_job *job,
                   struct rect content);

#endif
