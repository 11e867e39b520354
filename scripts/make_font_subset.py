#!/usr/bin/env python3
"""Rebuild assets/fonts/NotoSansSC-GB2312.otf, the CJK fallback font the UI embeds.

Source: Noto Sans CJK SC Regular (face 2 of Debian's fonts-noto-cjk
NotoSansCJK-Regular.ttc), SIL Open Font License 1.1 (assets/fonts/OFL.txt).
Kept: every GB2312 character, CJK punctuation, full-width forms, and any other
character used in the repository's Chinese text (translations, guidance, samples),
so that nothing the app ships can render as a missing glyph.

  apt-get install fonts-noto-cjk fonts-dejavu-core && pip install fonttools
  python3 scripts/make_font_subset.py
"""
import pathlib, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in range(0x3000, 0x3040))
chars.update(chr(c) for c in range(0xFF00, 0xFFF0))
for pattern in ("src/**/*.rs", "assets/**/*.ron", "assets/**/*.tsv", "sample-projects/**/*.ron"):
    for path in root.glob(pattern):
        chars.update(ch for ch in path.read_text(encoding="utf-8") if ord(ch) >= 0x2E80)
text = "".join(sorted(chars))
out = root / "assets/fonts/NotoSansSC-GB2312.otf"
subprocess.run([
    sys.executable, "-m", "fontTools.subset",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "--font-number=2",
    "--text=" + text, "--layout-features=*", "--no-hinting",
    "--name-IDs=*", "--output-file=" + str(out),
], check=True)
print(f"{out.relative_to(root)}: {len(chars)} characters, {out.stat().st_size} bytes")

# Symbols neither egui's default fonts nor Noto Sans CJK have (✔ ⚠ ₂ − …),
# from DejaVu Sans (Debian fonts-dejavu-core; Bitstream Vera licence,
# assets/fonts/LICENSE-DejaVu.txt): every non-ASCII, non-CJK character of the
# UI code and of the data the app shows (library, guidance, samples).
symbols = set()
for pattern in ("src/ui/*.rs", "assets/**/*.ron", "assets/**/*.tsv", "sample-projects/**/*.ron"):
    for path in root.glob(pattern):
        symbols.update(ch for ch in path.read_text(encoding="utf-8")
                       if ord(ch) >= 0x80 and not (0x2E80 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF))
sym_out = root / "assets/fonts/DejaVuSans-symbols.ttf"
subprocess.run([
    sys.executable, "-m", "fontTools.subset",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "--text=" + "".join(sorted(symbols)), "--no-hinting", "--name-IDs=*",
    "--output-file=" + str(sym_out),
], check=True)
print(f"{sym_out.relative_to(root)}: {len(symbols)} characters, {sym_out.stat().st_size} bytes")
