#!/usr/bin/env bash
# `meson install` lays out a cairn that finds its bundled fonts from where it
# is installed, not from the source tree it was built in.
# usage: install.sh BUILD_DIR SOURCE_ROOT
set -euo pipefail
build=$1 src=$2
dest=$(mktemp -d /tmp/cairn-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --no-rebuild --destdir "$dest" >/dev/null
bin=$(find "$dest" -type f -name cairn -perm -u+x | head -1)
[ -n "$bin" ] || { echo "no installed cairn under $dest"; exit 1; }
want=$(dirname "$(dirname "$bin")")/share/cairn/fonts
for f in Inter-Regular.otf Inter-Medium.otf NotoSansKR-Regular-subset.otf; do
	[ -f "$want/$f" ] || { echo "not installed: $want/$f"; exit 1; }
done
got=$(env -u CAIRN_FONTS_DIR "$bin" --version | sed -n 's/^fonts: //p')
[ "$(realpath "$got")" = "$(realpath "$want")" ] ||
	{ echo "installed cairn looks for fonts in '$got', not '$want'"; exit 1; }
env -u CAIRN_FONTS_DIR "$bin" render "$src/examples/node-overview.json" \
	--prometheus testdata --from 2026-01-01T00:00:00Z --to 2026-01-01T06:00:00Z \
	-o "$dest/x.png"
[ "$(head -c 8 "$dest/x.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
	{ echo "installed cairn wrote no PNG"; exit 1; }
echo "installed cairn at $bin uses $got"
