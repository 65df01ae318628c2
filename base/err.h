/*
 * err.h — the one error shape every fallible cairn function fills.
 *
 * Modelled on jansson's json_error_t: the caller owns the struct (usually on
 * the stack), the callee writes a message a user can act on — file, JSON path,
 * parameter, HTTP status — and returns a non-zero status.  No thread-local
 * error strings anywhere.
 */
#ifndef CAIRN_ERR_H
#define CAIRN_ERR_H

#include <stddef.h>

enum cairn_errc {
	CAIRN_OK = 0,
	CAIRN_EINVAL,   /* unusable input: bad JSON, bad time, unknown panel */
	CAIRN_ENOMEM,   /* allocation failed */
	CAIRN_ELIMIT,   /* a cap was hit (bytes, series, points, pixels) */
	CAIRN_EIO,      /* file or network I/O failed */
	CAIRN_EHTTP,    /* HTTP status other than 2xx */
	CAIRN_EQUERY,   /* the datasource answered with an error */
	CAIRN_ETIMEOUT, /* the datasource did not answer in time */
	CAIRN_EUNSUPPORTED,
};

struct cairn_err {
	enum cairn_errc code;
	char msg[512];
};

/* Sets code and a printf-formatted message (truncated to fit); returns code so
 * callers can write `return cairn_err_set(err, CAIRN_EINVAL, ...)`.  err may be
 * NULL, in which case only the code is returned. */
int cairn_err_set(struct cairn_err *err, enum cairn_errc code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to an already-set message (e.g. the file name). */
void cairn_err_prefix(struct cairn_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void cairn_err_clear(struct cairn_err *err);

#endif
