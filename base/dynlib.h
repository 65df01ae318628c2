/*
 * dynlib.h — a shared library loaded when first needed, its functions
 * looked up by name.
 *
 * cairn links only what every run uses (cairo, pango, glib, jansson,
 * libpng, zlib).  libcurl (datasource/curlsym.h: only runs that fetch) and
 * libwebsockets (server/lwssym.h: only `cairn serve`) each pull in a tree
 * of some 25 shared objects whose loading and relocation was about half of
 * cairn's start-up; they are opened here instead, by the module that needs
 * them, which keeps a struct of typed function pointers and calls through
 * it under the functions' usual names.
 */
#ifndef CAIRN_BASE_DYNLIB_H
#define CAIRN_BASE_DYNLIB_H

#include <stddef.h>
#include "base/err.h"

/* Opens soname (RTLD_NOW | RTLD_LOCAL; never closed) and sets syms[i] to
 * the address of names[i] for i < n.  0, or CAIRN_EIO with a message
 * naming the library, what failed, and `hint` (e.g. the Debian package to
 * install), and syms left unset.  Not thread-safe on its own: callers load
 * once, under their lock. */
int dynlib_load(const char *soname, const char *hint, const char *const *names, void **syms,
	size_t n, struct cairn_err *err);

#endif
