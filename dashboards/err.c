/*
 * err.c — formatting for struct cairn_err.  Owns nothing else.
 */
#include "dashboards/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cairn_err_set(struct cairn_err *err, enum cairn_errc code, const char *fmt, ...)
{
	if (!err)
		return (int)code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->code = code;
	return (int)code;
}

void cairn_err_prefix(struct cairn_err *err, const char *fmt, ...)
{
	if (!err)
		return;
	char head[256];
	char old[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s: %s", head, old);
}

void cairn_err_clear(struct cairn_err *err)
{
	if (!err)
		return;
	err->code = CAIRN_OK;
	err->msg[0] = '\0';
}
