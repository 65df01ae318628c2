/*
 * gstr.h — appending numbers to a GString without printf, for the paths run
 * once a request (the access log line, the image cache key), where
 * g_string_append_printf cost thousands of instructions a call.
 */
#ifndef CAIRN_GSTR_H
#define CAIRN_GSTR_H

#include <glib.h>

/* Appends the decimal digits of v. */
static inline void gstr_append_uint(GString *out, unsigned long long v)
{
	char buf[24];
	size_t i = sizeof buf;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	g_string_append_len(out, buf + i, (gssize)(sizeof buf - i));
}

#endif
