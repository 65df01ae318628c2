/*
 * auth.h — who may ask: bearer tokens and basic users from the
 * configuration, kept only as SHA-256 digests and compared in constant
 * time (every configured credential is compared, equal-length digests, no
 * early exit), and the paths answered without credentials.
 */
#ifndef CAIRN_SERVER_AUTH_H
#define CAIRN_SERVER_AUTH_H

#include <stdbool.h>
#include "server/config.h"

typedef struct auth auth;

/* The credentials of cfg (digested; cfg may go away).  Never NULL: with
 * none configured every request passes. */
auth *auth_new(const struct srv_config *cfg);
void auth_free(auth *a);

/* Whether a request for path with this Authorization header (NULL when
 * absent) may go on. */
bool auth_allows(const auth *a, const char *path, const char *authorization);

/* Whether the Authorization header (NULL when absent) carries a configured
 * credential; true when none is configured.  An open path is answered
 * without one, but may say less to a caller who gave none. */
bool auth_identified(const auth *a, const char *authorization);

/* Whether any credential is configured. */
bool auth_enabled(const auth *a);

#endif
