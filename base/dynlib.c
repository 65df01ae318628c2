/*
 * dynlib.c — dlopen and dlsym, with errors that say what and why.
 */
#include "base/dynlib.h"

#include <dlfcn.h>

int dynlib_load(const char *soname, const char *hint, const char *const *names, void **syms,
	size_t n, struct cairn_err *err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		return cairn_err_set(err, CAIRN_EIO, "cannot load %s (%s): %s", soname, hint,
			why ? why : "unknown error");
	}
	for (size_t i = 0; i < n; i++) {
		dlerror();
		void *p = dlsym(lib, names[i]);
		if (!p)
			return cairn_err_set(err, CAIRN_EIO, "%s has no %s (%s)", soname, names[i],
				hint);
		syms[i] = p;
	}
	return 0;
}
