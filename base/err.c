/*
 * err.c — formatting for struct cairn_err.  Owns nothing else.
 */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cairn_err_set(struct cairn_err *err, enum cairn_errc code, const char *fmt, ...)
{
	if (!err)
		return (int)code;
	/* Callers may pass err->msg itself as an argument ("%s: %s", path,
	 * err->msg): format into a copy so the source and destination of
	 * vsnprintf never overlap. */
	char tmp[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	memcpy(err->msg, tmp, sizeof tmp);
	err->code = code;
	return (int)code;
}

void cairn_err_prefix(struct cairn_err *err, const char *fmt, ...)
{
	if (!err)
		return;
	char old[sizeof err->msg], pre[sizeof err->msg];
	memcpy(old, err->msg, sizeof old);

	/* The prefix goes first, then ": " and the old message, each cut to what
	 * still fits: a long path must not push the cause out of the message.
	 * Formatted into its own buffer: an argument may point into err->msg. */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	size_t used = n < 0 ? 0 : ((size_t)n < sizeof pre ? (size_t)n : sizeof pre - 1);
	memcpy(err->msg, pre, used);
	err->msg[used] = '\0';
	size_t room = sizeof err->msg - 1 - used;
	size_t olen = strnlen(old, sizeof old - 1);
	if (room < 2)
		return;
	memcpy(err->msg + used, ": ", 2);
	used += 2;
	room -= 2;
	if (olen > room)
		olen = room;
	memcpy(err->msg + used, old, olen);
	err->msg[used + olen] = '\0';
}

void cairn_err_clear(struct cairn_err *err)
{
	if (!err)
		return;
	err->code = CAIRN_OK;
	err->msg[0] = '\0';
}
