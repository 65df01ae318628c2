#!/bin/sh
# Regenerates NotoSansCJK-Regular-subset.otf from Debian's fonts-noto-cjk
# (Noto Sans CJK SC, Simplified Chinese glyph forms): the 6,763 hanzi of
# GB 2312 and the 2,965 level-1 kanji of JIS X 0208 (the common ones, the
# Joyo kanji among them; 7,848 together), hiragana, katakana, CJK
# punctuation and full-width forms, without hinting (cairn draws unhinted).  The whole CJK font is 19 MB; this subset keeps the
# repository small while Chinese and Japanese titles render with a real
# glyph on a machine without CJK fonts.  Hangul is NotoSansKR-Regular-subset.otf.
# Needs: apt-get install fonts-noto-cjk fonttools (or NOTO_CJK_TTC=path,
# and fontTools on PYTHONPATH)
set -eu
cd "$(dirname "$0")"
src=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out=NotoSansCJK-Regular-subset.otf
codes=$(/usr/bin/python3 - <<'PY'
def takes(cp, codec):
    try:
        chr(cp).encode(codec)
        return True
    except UnicodeEncodeError:
        return False
def jis_level1(cp):
    if not takes(cp, 'shift_jis'):
        return False
    b = chr(cp).encode('shift_jis')
    return len(b) == 2 and 0x889F <= int.from_bytes(b, 'big') <= 0x9872
cps = [cp for cp in range(0x4E00, 0xA000) if takes(cp, 'gb2312') or jis_level1(cp)]
ranges = ['U+0020-007E', 'U+00A0-00FF', 'U+2010-2027', 'U+2030-203B', 'U+3000-303F',
          'U+3040-309F', 'U+30A0-30FF', 'U+31F0-31FF', 'U+FF01-FF9F']
print(','.join(ranges + ['U+%04X' % c for c in cps]))
PY
)
/usr/bin/python3 -m fontTools.subset "$src" --font-number=2 --unicodes="$codes" \
	--layout-features='*' --name-IDs='*' --no-hinting --output-file="$out"
# Rename the family so it never collides with an installed full Noto CJK.
OUT="$out" /usr/bin/python3 - <<'PY'
import os
from fontTools.ttLib import TTFont
out = os.environ['OUT']
f = TTFont(out)
for rec in f['name'].names:
    if rec.nameID in (1, 4, 16):
        rec.string = 'Cairn Noto Sans CJK'
    elif rec.nameID == 6:
        rec.string = 'CairnNotoSansCJK-Regular'
f.save(out)
PY
