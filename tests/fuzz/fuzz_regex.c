/*
 * fuzz_regex.c — Grafana regex literals (base/jsregex.h): the first line is
 * the pattern ("/x/i" or bare), the rest the subject it is matched against.
 * Compilation may refuse and a match may give up (its limits), but neither
 * may crash, hang past the limits or fail without a message.
 */
#include "tests/fuzz/fuzz.h"

#include "base/jsregex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *pattern = fuzz_cstr(data, size);
	char *subject = fuzz_split(pattern);
	struct cairn_err err = {0};

	GRegex *re = jsregex_new(pattern, &err);
	if (!re) {
		if (!err.msg[0])
			abort();
		free(pattern);
		return 0;
	}
	int rc = jsregex_match(re, subject, &err);
	if (rc < 0 && !err.msg[0])
		abort();
	jsregex_match(re, subject, NULL); /* err may be NULL */
	g_regex_unref(re);
	free(pattern);
	return 0;
}
