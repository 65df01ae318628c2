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
for f in Inter-Regular.otf Inter-Medium.otf Inter-Bold.otf Inter-Italic.otf \
	Inter-BoldItalic.otf NotoSansKR-Regular-subset.otf \
	NotoSansCJK-Regular-subset.otf DejaVuSansMono.ttf; do
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

# The systemd unit for cairn serve: installed, starting the installed binary,
# and accepted by systemd-analyze (when systemd is here; else a syntax check).
prefix=${bin#"$dest"}
prefix=${prefix%/bin/cairn}
unit=$(find "$dest" -type f -name cairn.service | head -1)
[ -n "$unit" ] || { echo "no cairn.service installed under $dest"; exit 1; }
[ "${unit#"$dest"}" = "$prefix/lib/systemd/system/cairn.service" ] ||
	{ echo "cairn.service installed at ${unit#"$dest"}, not $prefix/lib/systemd/system"; exit 1; }
grep -qx "ExecStart=$prefix/bin/cairn serve --config /etc/cairn/cairn.json" "$unit" ||
	{ echo "cairn.service does not start $prefix/bin/cairn serve:"; grep ExecStart "$unit"; exit 1; }
for key in DynamicUser=yes ProtectSystem=strict NoNewPrivileges=yes Restart=on-failure; do
	grep -qx "$key" "$unit" || { echo "cairn.service lacks $key"; exit 1; }
done
if command -v systemd-analyze >/dev/null; then
	# The binary is installed under DESTDIR, not at its path yet, and a
	# minimal container may lack kill(1): only those complaints are expected.
	complaints=$(systemd-analyze verify "$unit" 2>&1 |
		grep -vE "Command ($prefix/bin/cairn|/(usr/)?bin/kill|kill) is not executable" || true)
	[ -z "$complaints" ] || { echo "systemd-analyze verify cairn.service:"; echo "$complaints"; exit 1; }
	echo "cairn.service installed and verified by systemd-analyze"
else
	bad=$(grep -vE '^(#.*|\[(Unit|Service|Install)\]|[A-Za-z]+=.*|)$' "$unit" || true)
	[ -z "$bad" ] || { echo "cairn.service: not a unit file line: $bad"; exit 1; }
	echo "cairn.service installed (no systemd-analyze here: syntax checked only)"
fi
