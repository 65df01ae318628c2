/*
 * qcache.h — the shared query cache of prom.h (prom_cache_*), as prom.c
 * uses it around one batch.  Internal to datasource/.
 *
 * A batch goes through it in three steps, so a thread always finishes
 * what it leads before it waits on anyone (two batches leading each
 * other's queries cannot deadlock):
 *   1. qcache_begin, per query: a hit (a kept span covers the range and is
 *      valid), a wait (the same query is in flight for another caller), or
 *      a send (this caller leads: ticket.fetch says what to ask — the whole
 *      range, or only its tail after the settled part of a kept span);
 *   2. the caller sends every lead's fetch and hands each answer (parsed,
 *      or the error) to qcache_publish, which merges and keeps it and wakes
 *      the waiters;
 *   3. qcache_finish, per query: copies the answer into the caller's result
 *      (taking series and points from its budget; waiting first, within
 *      its deadline, when coalesced) and releases the ticket.
 */
#ifndef CAIRN_QCACHE_H
#define CAIRN_QCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/budget.h"
#include "base/err.h"
#include "datasource/frame.h"
#include "datasource/prom.h"

enum qcache_action { QCACHE_HIT, QCACHE_SEND, QCACHE_WAIT };

struct qspan;
struct qflight;

/* One query's passage through the cache: filled by qcache_begin, released
 * by qcache_finish.  Only action and fetch are the caller's to read. */
struct qcache_ticket {
	enum qcache_action action;
	struct prom_query fetch; /* QCACHE_SEND: what to ask Prometheus */
	/* private */
	struct qspan *span;     /* HIT: the span to copy; SEND: the base to merge into */
	struct qflight *flight; /* SEND and WAIT */
	int64_t is, ie, fi;     /* grid indices: request start and end, fetch start */
	double asked_at;        /* wall clock seconds, when planned */
};

/* The name c knows a client by: a keyed digest (HMAC-SHA256 with a key
 * of the cache's own, random per process) of its name, URL, credentials,
 * CA file and headers.  Two clients that would send the same requests
 * share answers, any difference keeps them apart, and no secret's text —
 * nor a digest one could test guesses against — is in a key.  g_free it. */
char *qcache_ident(prom_cache *c, const struct prom_config *cfg);

/* Plans q (a range query with a valid grid, or an instant one) for the
 * client whose identity is ident (a digest: never a secret's text).  Never
 * fails; t is the caller's until qcache_finish. */
void qcache_begin(prom_cache *c, const char *ident, const struct prom_query *q,
                  struct qcache_ticket *t);

/* The answer to t's fetch (t->action == QCACHE_SEND): fetched holds its
 * series (taken over and reset either way), or err says why it failed
 * (NULL: it did not); own: the failure was the leader's own budget or
 * deadline, so a waiter may ask again rather than share it.  Keeps a good
 * answer, merged into the kept span; never an error. */
void qcache_publish(prom_cache *c, struct qcache_ticket *t, struct cairn_result *fetched,
                    const struct cairn_err *err, bool own);

/* qcache_finish: the leader failed for a reason of its own; plan q again. */
#define QCACHE_AGAIN (-1)

/* Appends q's answer to r and releases t (every ticket exactly once, after
 * its publish when it sent); b is the request's budget (not NULL); shown
 * names the datasource (promhttp_who: "datasource \"vm\" at URL").  A waiter
 * gives up at b's deadline with "<shown> did not answer before the
 * request's deadline (N s)".  0, QCACHE_AGAIN (only when may_retry, nothing in err), or the
 * error r must show (the shared answer's, the budget's, the deadline's);
 * r keeps what it had on failure. */
int qcache_finish(prom_cache *c, struct qcache_ticket *t, const struct prom_query *q,
                  struct budget *b, const char *shown, bool may_retry, struct cairn_result *r,
                  struct cairn_err *err);

/* Tests only: the wall clock the cache reads (what is settled, what is
 * fresh, which starts were asked recently), instead of the real one. */
void qcache_set_clock(prom_cache *c, double (*now)(void *ctx), void *ctx);

/* label_values answers (prom_label_values), kept for 30 s by client,
 * selector, label and range to the minute.  get: true with a copy in
 * *values (free with prom_strv_free) when one is kept and fresh.  put keeps
 * a copy of values (not more than 10,000 of them). */
bool qcache_labels_get(prom_cache *c, const char *ident, const char *selector,
                       const char *label, double start, double end, char ***values, size_t *n);
void qcache_labels_put(prom_cache *c, const char *ident, const char *selector, const char *label,
                       double start, double end, char *const *values, size_t n);

#endif
