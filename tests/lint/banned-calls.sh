#!/usr/bin/env bash
# Fails when project C code calls a function STYLE.md bans: unbounded string
# writes (sprintf, strcpy, strcat), hidden global state (strtok, gmtime,
# localtime) or silent parse failures (atoi).  Their replacements are
# snprintf, memcpy/g_strlcpy, strtok_r/g_strsplit, gmtime_r/GDateTime, strtol.
set -euo pipefail
root=${1:?usage: banned-calls.sh SOURCE_ROOT}
cd "$root"
pattern='(^|[^_[:alnum:]])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gmtime|localtime|gets)[[:space:]]*\('
hits=$(grep -rnE "$pattern" --include='*.c' --include='*.h' \
  base dashboards datasource render request cli server bench tests 2>/dev/null | grep -v 'tests/lint/' || true)
if [ -n "$hits" ]; then
  echo "banned calls found (see STYLE.md):"
  echo "$hits"
  exit 1
fi
echo "no banned calls in $(find base dashboards datasource render request cli -name '*.[ch]' | wc -l) files"
