/*
 * promparse.h — the parsing half of the Prometheus client (promparse.c):
 * prom.h's prom_parse_* plus what the client needs around a transfer.
 * Internal to datasource/.
 */
#ifndef CAIRN_PROMPARSE_H
#define CAIRN_PROMPARSE_H

#include <stddef.h>

#include "base/budget.h"
#include "base/err.h"
#include "datasource/frame.h"
#include "datasource/prom.h"
#include "datasource/promjson.h"

/* A budget without a deadline of its own (the client's per-transfer timeout
 * still holds), for calls made with b == NULL. */
#define PROMPARSE_NO_DEADLINE_S 1e9

/* b, or — when b is NULL — own, started with the default limits
 * (CAIRN_DEFAULT_*) and no deadline: no answer is ever unbounded. */
struct budget *promparse_budget(struct budget *b, struct budget *own);

/* The step grid q's range answer lands on (g->n == 0: no grid, samples keep
 * their own timestamps).  Checked before asking, so a query whose answer
 * could not be kept is not sent: 0, CAIRN_EINVAL (bad range) or
 * CAIRN_ELIMIT (one series would take more points than b has left). */
int promparse_grid(const struct prom_query *q, struct budget *b, struct promjson_grid *g,
                   struct cairn_err *err);

/* prom_parse_matrix with b never NULL. */
int promparse_query_body(const char *body, size_t len, const struct prom_query *q,
                         struct budget *b, struct cairn_result *r, struct cairn_err *err);

/* Takes an answer's series and points from b together, before they are
 * allocated: both or neither.  0, or CAIRN_ELIMIT ("query A returned N
 * points: over the request's budget of M points"). */
int promparse_take_answer(struct budget *b, const struct prom_query *q, size_t series,
                          size_t points, struct cairn_err *err);

/* Names s as Grafana's Prometheus datasource does: q's legend format over
 * s's labels, else the query text; also sets s's refId and target index.
 * The answer parsers and the testdata source share it. */
void promparse_name_series(struct series *s, const struct prom_query *q);

/* A non-2xx body: CAIRN_EQUERY ("Prometheus: <errorType>: <error>") when it
 * is Prometheus' JSON error answer, else 0 with err untouched. */
int promparse_error_body(const char *body, size_t len, struct cairn_err *err);

#endif
