/*
 * plans.h — the query plans an answer is read under, shared by the parser
 * suite (test_promjson.c) and its fuzz harness (tests/fuzz/fuzz_prom.c): on
 * a grid, raw (a saved answer), an instant query (raw too), and a grid with
 * fractional start and step.
 */
#ifndef CAIRN_TEST_PLANS_H
#define CAIRN_TEST_PLANS_H

#include "datasource/prom.h"

#define T0 1767225600.0

static const struct prom_query QUERIES[] = {
        {.expr = "up", .ref_id = "A", .start = T0, .end = T0 + 60, .step = 15},
        {.expr = "rate(x[5m])", .legend_format = "{{job}}/{{ instance }}", .ref_id = "B"},
        {.expr = "up[1m]", .ref_id = "C", .instant = true, .end = T0},
        {.expr = "",
         .legend_format = "__auto",
         .ref_id = "D",
         .start = T0 - 0.25,
         .end = T0 + 3.1,
         .step = 0.5,
         .target_index = 3},
};

#endif
