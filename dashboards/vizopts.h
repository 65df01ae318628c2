/*
 * vizopts.h — the options of the stat, gauge and bar gauge panels
 * (reduceOptions, orientation, text sizes and each one's own) from a panel's
 * "options", Grafana 10.4's defaults first.  Internal to the dashboard loader.
 */
#ifndef CAIRN_VIZOPTS_H
#define CAIRN_VIZOPTS_H

#include "dashboards/jfield.h"
#include "dashboards/model.h"

/* Grafana's defaults (o's previous contents are overwritten, not freed). */
void vizopts_init(struct single_opts *o);

/* True for the panel types whose options these are. */
bool vizopts_applies(const char *type);

/* options (the panel's "options" object) into o.  0, or L->err set. */
int vizopts_parse(struct loader *L, const json_t *options, const char *path,
                  struct single_opts *o);

/* Frees what o owns. */
void vizopts_fini(struct single_opts *o);

#endif
