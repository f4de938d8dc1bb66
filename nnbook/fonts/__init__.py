"""A font for the Chinese in figures, the same on every machine.

matplotlib's own font, DejaVu Sans, has no Chinese characters: a Chinese title would be drawn
as boxes.  nnbook ships `nnbook-cjk-sc.otf`, a subset of Noto Sans CJK SC (SIL Open Font
License 1.1, see OFL.txt) holding just the characters of nnbook's Chinese text, renamed
"nnbook CJK SC".  `register()` — run when nnbook is imported — adds it to matplotlib and puts
it *after* the usual font in `font.family`: DejaVu Sans still draws every letter, digit and
symbol it has, and only the characters it lacks (the Chinese ones) come from this font.  English
figures are drawn exactly as before.

`characters()` is the set of characters the Chinese text needs, and `build(source)` cuts the
font again from the full Noto Sans CJK font when the Chinese text changes
(`python tasks.py font`); a test checks that the shipped font has every character.
"""

import os
from importlib import resources
from pathlib import Path

#: The font file nnbook ships, and the family name matplotlib knows it by.
FONT = Path(str(resources.files("nnbook") / "fonts" / "nnbook-cjk-sc.otf"))
FAMILY = "nnbook CJK SC"


def register():
    """Add the font to matplotlib and use it for the characters the default font lacks."""
    import matplotlib
    from matplotlib import font_manager

    if not FONT.exists():
        return
    if FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT))
    family = list(matplotlib.rcParams["font.family"])
    if FAMILY not in family:
        matplotlib.rcParams["font.family"] = family + [FAMILY]


def covers(text):
    """The characters of `text` that neither matplotlib's DejaVu Sans nor nnbook's font can draw."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    have = set(TTFont(dejavu).getBestCmap()) | set(TTFont(FONT).getBestCmap())
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


def build(source, out=FONT, index=None):
    """Cut nnbook's font from Noto Sans CJK SC: `source` is NotoSansCJK-Regular.ttc (or the SC .otf).

    Keeps exactly `characters()`, renames the family to "nnbook CJK SC" (the licence asks a
    modified font not to keep the original's name) and writes `out`.  Returns the number of
    characters kept.
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    source = Path(source)
    if source.suffix.lower() == ".ttc":
        fonts = TTCollection(str(source)).fonts
        found = [k for k, f in enumerate(fonts) if f["name"].getDebugName(1) == "Noto Sans CJK SC"]
        if not found:
            raise ValueError(f"{source} holds no 'Noto Sans CJK SC' font; give NotoSansCJK-Regular.ttc.")
        font = TTFont(str(source), fontNumber=found[0] if index is None else index)
    else:
        font = TTFont(str(source))
    wanted = characters()
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in wanted])
    subsetter.subset(font)
    missing = sorted(ch for ch in wanted if ord(ch) not in font.getBestCmap())
    if missing:
        raise ValueError(f"{source} lacks {''.join(missing)!r}: change those characters in the catalogue.")
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 6):
            names.setName("nnbookCJKSC-Regular", record.nameID, record.platformID, record.platEncID, record.langID)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["nnbookCJKSC-Regular"]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY
    out = Path(out)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(out)  # nothing half-written is left where matplotlib looks
    return len(wanted)
