/*
 * curlsym.h — libcurl, loaded when the first Prometheus client is made.
 *
 * `cairn render --data`, `cairn render` on the testdata datasource, `cairn
 * --version` and `cairn lint`-like runs never fetch anything, yet linking
 * libcurl loads it and its dependency tree (TLS, GSSAPI, LDAP, SSH, RTMP:
 * some 25 shared objects, about half of cairn's start-up, measured with
 * hyperfine).  So cairn does not link it: curlsym_load() opens libcurl's
 * runtime library once per process (base/dynlib.h), runs curl_global_init,
 * and fills curlsym with the functions promhttp.c calls.  promhttp.c includes this
 * header and calls them by their usual names (the macros below).
 *
 * Only promhttp.c includes it: the rest of cairn knows nothing of curl.
 */
#ifndef CAIRN_DATASOURCE_CURLSYM_H
#define CAIRN_DATASOURCE_CURLSYM_H

/* The type-checking wrappers of curl's GCC header are macros named like the
 * functions; the names below are macros of ours instead. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include "base/err.h"

/* libcurl's runtime name: ABI 4 since curl 7.16 (Debian's libcurl4). */
#define CURLSYM_LIBRARY "libcurl.so.4"

#define CURLSYM_FUNCTIONS(X) \
	X(curl_global_init) X(curl_global_cleanup) X(curl_free) \
	X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_reset) X(curl_easy_setopt) \
	X(curl_easy_getinfo) X(curl_easy_strerror) \
	X(curl_multi_init) X(curl_multi_cleanup) X(curl_multi_add_handle) \
	X(curl_multi_remove_handle) X(curl_multi_perform) X(curl_multi_poll) \
	X(curl_multi_info_read) X(curl_multi_setopt) \
	X(curl_share_init) X(curl_share_cleanup) X(curl_share_setopt) \
	X(curl_slist_append) X(curl_slist_free_all) \
	X(curl_url) X(curl_url_cleanup) X(curl_url_get) X(curl_url_set)

struct curlsym {
#define CURLSYM_MEMBER(name) __typeof__(name) *name;
	CURLSYM_FUNCTIONS(CURLSYM_MEMBER)
#undef CURLSYM_MEMBER
};

/* Filled by curlsym_load; read-only after it. */
extern struct curlsym curlsym;

/* Loads libcurl (dlopen tried once per process) and runs curl_global_init
 * unless it has run since the last curlsym_unload; any thread, any number
 * of calls.  0, or CAIRN_EIO with a message naming the library and why. */
int curlsym_load(struct cairn_err *err);

/* curl_global_cleanup when curl_global_init ran; the library stays mapped
 * (its atexit handlers and thread keys may still run).  No client may be
 * alive. */
void curlsym_unload(void);

#ifndef CURLSYM_IMPLEMENTATION
/* curl.h's own three-argument macros for these four go first. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#undef curl_share_setopt
#define curl_global_init curlsym.curl_global_init
#define curl_global_cleanup curlsym.curl_global_cleanup
#define curl_free curlsym.curl_free
#define curl_easy_init curlsym.curl_easy_init
#define curl_easy_cleanup curlsym.curl_easy_cleanup
#define curl_easy_reset curlsym.curl_easy_reset
#define curl_easy_setopt curlsym.curl_easy_setopt
#define curl_easy_getinfo curlsym.curl_easy_getinfo
#define curl_easy_strerror curlsym.curl_easy_strerror
#define curl_multi_init curlsym.curl_multi_init
#define curl_multi_cleanup curlsym.curl_multi_cleanup
#define curl_multi_add_handle curlsym.curl_multi_add_handle
#define curl_multi_remove_handle curlsym.curl_multi_remove_handle
#define curl_multi_perform curlsym.curl_multi_perform
#define curl_multi_poll curlsym.curl_multi_poll
#define curl_multi_info_read curlsym.curl_multi_info_read
#define curl_multi_setopt curlsym.curl_multi_setopt
#define curl_share_init curlsym.curl_share_init
#define curl_share_cleanup curlsym.curl_share_cleanup
#define curl_share_setopt curlsym.curl_share_setopt
#define curl_slist_append curlsym.curl_slist_append
#define curl_slist_free_all curlsym.curl_slist_free_all
#define curl_url curlsym.curl_url
#define curl_url_cleanup curlsym.curl_url_cleanup
#define curl_url_get curlsym.curl_url_get
#define curl_url_set curlsym.curl_url_set
#endif

#endif
