#!/bin/sh
# Regenerates NotoSansKR-Regular-subset.otf from Debian's fonts-noto-cjk:
# the 2,350 KS X 1001 Hangul syllables (the set Korean text uses in practice),
# compatibility jamo, CJK punctuation and full-width forms.  The whole CJK font
# is 19 MB; this subset keeps the repository small while Korean titles and
# labels render with a real glyph.  Other scripts fall back to system fonts.
# Needs: apt-get install fonts-noto-cjk fonttools
set -eu
cd "$(dirname "$0")"
src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
codes=$(/usr/bin/python3 - <<'PY'
cps = []
for cp in range(0xAC00, 0xD7A4):
    try:
        chr(cp).encode('euc_kr')
        cps.append(cp)
    except UnicodeEncodeError:
        pass
ranges = ['U+0020-007E', 'U+00A0-00FF', 'U+3000-303F', 'U+3131-318E', 'U+FF01-FF60']
print(','.join(ranges + ['U+%04X' % c for c in cps]))
PY
)
pyftsubset "$src" --font-number=1 --unicodes="$codes" --layout-features='*' \
	--name-IDs='*' --output-file=NotoSansKR-Regular-subset.otf
# Rename the family so it never collides with an installed full Noto CJK.
/usr/bin/python3 - <<'PY'
from fontTools.ttLib import TTFont
f = TTFont('NotoSansKR-Regular-subset.otf')
for rec in f['name'].names:
    if rec.nameID in (1, 4, 16):
        rec.string = 'Cairn Noto Sans KR'
    elif rec.nameID == 6:
        rec.string = 'CairnNotoSansKR-Regular'
f.save('NotoSansKR-Regular-subset.otf')
PY
