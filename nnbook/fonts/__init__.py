"""A font for the Chinese in figures, the same on every machine.

matplotlib's own font, DejaVu Sans, has no Chinese characters: a Chinese title would be drawn
as boxes.  nnbook ships `nnbook-cjk-sc.otf` and `nnbook-cjk-sc-bold.otf`, subsets of Noto Sans CJK SC (SIL Open Font
License 1.1, see OFL.txt) holding just the characters of nnbook's Chinese text, renamed
"nnbook CJK SC".  `register()` — run when nnbook is imported — adds it to matplotlib and puts
it *after* the usual font in `font.family`: DejaVu Sans still draws every letter, digit and
symbol it has, and only the characters it lacks (the Chinese ones) come from this font.  English
figures are drawn exactly as before.

Both weights are there because figures draw some labels in bold: with one weight only, matplotlib
would log "Failed to find font weight bold" for every bold label, in English figures too.

`characters()` is the set of characters the Chinese text needs, and `build(source)` cuts the
fonts again from the full Noto Sans CJK font when the Chinese text changes
(`python tasks.py font`); a test checks that the shipped font has every character.
"""

import os
from importlib import resources
from pathlib import Path

#: The font files nnbook ships (regular and bold: figures use both weights), and their family name.
FONT = Path(str(resources.files("nnbook") / "fonts" / "nnbook-cjk-sc.otf"))
BOLD = FONT.with_name("nnbook-cjk-sc-bold.otf")
FAMILY = "nnbook CJK SC"


def register():
    """Add the font to matplotlib and use it for the characters the default font lacks."""
    import matplotlib
    from matplotlib import font_manager

    if not (FONT.exists() and BOLD.exists()):
        return
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in (FONT, BOLD):
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    family = list(matplotlib.rcParams["font.family"])
    if FAMILY not in family:
        matplotlib.rcParams["font.family"] = family + [FAMILY]


def covers(text):
    """The characters of `text` that neither matplotlib's DejaVu Sans nor nnbook's font can draw."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    have = set(TTFont(dejavu).getBestCmap()) | (set(TTFont(FONT).getBestCmap()) & set(TTFont(BOLD).getBestCmap()))
    return sorted({ch for ch in text if ord(ch) not in have and not ch.isspace()})


def characters():
    """Every character of nnbook's Chinese catalogue (nnbook/locales/zh) that DejaVu Sans lacks."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    folder = resources.files("nnbook") / "locales" / "zh"
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".toml"))
    text += "，。：；？！、（）“”‘’《》【】—…·"  # Chinese punctuation, whether or not the text has it yet
    dejavu = TTFont(font_manager.findfont("DejaVu Sans", fallback_to_default=False)).getBestCmap()
    return {ch for ch in text if ord(ch) not in dejavu and not ch.isspace()}


def build(source, out=FONT, bold_out=BOLD):
    """Cut nnbook's two fonts from Noto Sans CJK SC: `source` is NotoSansCJK-Regular.ttc (Debian's
    fonts-noto-cjk); NotoSansCJK-Bold.ttc is taken from the same folder.

    Keeps exactly `characters()`, renames the family to "nnbook CJK SC" (the licence asks a
    modified font not to keep the original's name) and writes `out` and `bold_out`.  Returns the
    number of characters kept.
    """
    source = Path(source)
    bold = source.with_name(source.name.replace("Regular", "Bold"))
    if bold == source or not bold.exists():
        raise ValueError(f"{bold} not found: the bold font must lie beside {source.name}.")
    wanted = characters()
    _cut(source, out, wanted, "Regular")
    _cut(bold, bold_out, wanted, "Bold")
    return len(wanted)


def _cut(source, out, wanted, style):
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() == ".ttc":
        fonts = TTCollection(str(source)).fonts
        found = [k for k, f in enumerate(fonts) if f["name"].getDebugName(1) == "Noto Sans CJK SC"]
        if not found:
            raise ValueError(f"{source} holds no 'Noto Sans CJK SC' font; give NotoSansCJK-Regular.ttc.")
        font = TTFont(str(source), fontNumber=found[0])
    else:
        font = TTFont(str(source))
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in wanted])
    subsetter.subset(font)
    missing = sorted(ch for ch in wanted if ord(ch) not in font.getBestCmap())
    if missing:
        raise ValueError(f"{source} lacks {''.join(missing)!r}: change those characters in the catalogue.")
    postscript = f"nnbookCJKSC-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID == 1:
            names.setName(FAMILY, 1, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 6):
            names.setName(postscript, record.nameID, record.platformID, record.platEncID, record.langID)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY if style == "Regular" else f"{FAMILY} {style}"
        top.FamilyName = FAMILY
    out = Path(out)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(out)  # nothing half-written is left where matplotlib looks
