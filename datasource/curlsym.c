/*
 * curlsym.c — libcurl loaded on first use (curlsym.h says why).
 */
#define CURLSYM_IMPLEMENTATION 1
#include "datasource/curlsym.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

struct curlsym curlsym;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool tried;                  /* dlopen was tried (once per process) */
static struct cairn_err load_err;   /* why it failed; code 0: loaded */
static bool initialised;            /* curl_global_init ran, no cleanup since */

static void load(void)
{
	void *lib = dlopen(CURLSYM_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		cairn_err_set(&load_err, CAIRN_EIO, "cannot load %s, which cairn needs to reach "
			"a Prometheus (Debian: apt-get install libcurl4): %s", CURLSYM_LIBRARY,
			why ? why : "unknown error");
		return;
	}
	/* Each name resolved through a union: ISO C has no conversion from
	 * void * to a function pointer, POSIX guarantees this one works. */
#define CURLSYM_RESOLVE(name)                                                          \
	{                                                                              \
		union { void *p; __typeof__(name) *f; } u = { dlsym(lib, #name) };    \
		if (!u.p) {                                                            \
			cairn_err_set(&load_err, CAIRN_EIO, "%s has no %s: a libcurl "  \
				"older than 7.88?", CURLSYM_LIBRARY, #name);           \
			return;                                                        \
		}                                                                      \
		curlsym.name = u.f;                                                    \
	}
	CURLSYM_FUNCTIONS(CURLSYM_RESOLVE)
#undef CURLSYM_RESOLVE
}

int curlsym_load(struct cairn_err *err)
{
	pthread_mutex_lock(&lock);
	if (!tried) {
		tried = true;
		load();
	}
	/* Again after a curlsym_unload (tests start and stop clients). */
	if (!load_err.code && !initialised) {
		if (curlsym.curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
			initialised = true;
	}
	struct cairn_err e = load_err;
	if (!e.code && !initialised)
		cairn_err_set(&e, CAIRN_EIO, "libcurl failed to initialise (curl_global_init)");
	pthread_mutex_unlock(&lock);
	if (e.code && err)
		*err = e;
	return e.code;
}

void curlsym_unload(void)
{
	pthread_mutex_lock(&lock);
	if (initialised) {
		curlsym.curl_global_cleanup();
		initialised = false;
	}
	pthread_mutex_unlock(&lock);
}
