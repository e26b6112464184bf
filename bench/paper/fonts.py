"""
The page's fonts: Debian's Noto Serif CJK SC and Noto Sans CJK SC, cut to the
characters the pages print and converted to TrueType outlines.

Why not the installed fonts as they are: they are CFF (PostScript) outlines,
and Chromium's PDF backend (Skia) prints CFF fonts as Type 3 fonts, one glyph
procedure each, with no FontFile. A print desk's PDF embeds real font subsets,
and the page reader must be developed against those. Type 3 output is also ten
times larger, and its text extracts wrongly: Noto's cmap maps 十 and the Kangxi
radical ⼗ to one glyph, and Skia's ToUnicode picks the radical. A TrueType
subset holding only the characters printed fixes all three: Skia embeds it as
a CIDFontType2 with FontFile2, and every glyph maps back to one character.

Converting takes about two seconds a face; the result is kept in a cache
directory keyed by the fonts' files and the characters, so it is done once.
"""

import base64
import functools
import hashlib
import io
import os
import subprocess
from pathlib import Path

RECIPE = "truetype-subset-2"
# (CSS family, weight) -> (fontconfig family, style)
FACES = {
    ("PaperSerif", 400): ("Noto Serif CJK SC", "Regular"),
    ("PaperSerif", 700): ("Noto Serif CJK SC", "Bold"),
    ("PaperSans", 400): ("Noto Sans CJK SC", "Regular"),
    ("PaperSans", 700): ("Noto Sans CJK SC", "Bold"),
}
# What the layout prints besides the stories' text.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "　、。，：；！？“”‘’（）《》—…·％０１２３４５６７８９"


class FontsMissing(RuntimeError):
    pass


def cache_dir():
    root = os.environ.get("BULLETIN_FONT_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(root) / "bulletin-paper-fonts"


@functools.cache
def installed_faces():
    """(CSS family, weight) -> (font file, index in the collection), from fontconfig."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}|%{index}|%{family}|%{style}\n", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise FontsMissing("fontconfig (fc-list) is needed to find the Noto CJK fonts") from error
    found = {}
    for line in listing.splitlines():
        path, index, families, styles = (line.split("|") + ["", "", "", ""])[:4]
        for key, (family, style) in FACES.items():
            if family in families.split(",") and style in styles.split(","):
                found.setdefault(key, (path, int(index or 0)))
    missing = [FACES[key] for key in FACES if key not in found]
    if missing:
        raise FontsMissing(f"not installed: {missing} (Debian's fonts-noto-cjk; `make fonts`)")
    return found


def font_face_css(characters):
    """@font-face rules for the four faces, each a TrueType subset of `characters` in a data: URL."""
    characters = "".join(sorted(set(characters) | set(ALWAYS)))
    rules = []
    for (family, weight), (path, index) in sorted(installed_faces().items()):
        data = base64.b64encode(truetype_subset(path, index, characters)).decode()
        rules.append(
            f'@font-face{{font-family:"{family}";font-weight:{weight};'
            f'src:url(data:font/ttf;base64,{data}) format("truetype")}}'
        )
    return "\n".join(rules)


def truetype_subset(path, index, characters):
    """The face's glyphs for `characters` as TrueType (quadratic) outlines; cached."""
    stat = Path(path).stat()
    key = hashlib.sha256(f"{RECIPE}|{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{characters}".encode())
    cached = cache_dir() / f"{key.hexdigest()[:32]}.ttf"
    if cached.exists():
        return cached.read_bytes()
    data = _convert(path, index, characters)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: test workers may convert the same face at once.
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(cached)
    except OSError:
        pass  # no cache here: converted again next time
    return data


def _convert(path, index, characters):
    try:
        from fontTools import subset
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen
        from fontTools.ttLib import TTFont, newTable
    except ImportError as error:
        raise FontsMissing("fontTools is needed to embed the CJK fonts (pip install fonttools)") from error

    font = TTFont(path, fontNumber=index)
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType's clockwise.
        glyphs[name].draw(Cu2QuPen(pen, max_err=2.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID-keyed CFF has none worth keeping
    post.extraNames, post.mapping = [], {}
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
