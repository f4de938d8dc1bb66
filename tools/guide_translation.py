"""Keep the Chinese teacher's guide (docs/teacher-guide.zh-CN.md) in step with the English one (docs/teacher-guide.md).

The same idea as tools/translation.py for the lessons, with a section of the guide in place of a cell:

* a *section* is a `## ` heading and what follows it up to the next one; the text before the first `## ` (the
  title, the introduction and the time table) is the section `top`;
* a section's *key* is its lesson number when its English heading starts with one ("06" for "## 06 · Training: …"),
  else its English heading in lower case with dashes ("before-every-class"); so a lesson keeps its key when its
  title is reworded;
* every Chinese section has, on the line after its heading (for `top`: after the `# ` title), a record

      <!-- translation: key=06 en=<hash of the English section> zh=<hash of this Chinese section> -->

  When the English section changes, its hash no longer matches and the translation is *stale*; a section copied
  across from English and not yet translated records `en=-`: it is *to translate*.

`problems(root)` returns what needs a translator, for the tests; `sync(root)` brings the Chinese guide in step (a new
English section is copied across, in English, at its place; a section the English dropped is dropped; the sections
follow the English order), records the translations just written (a stale section whose Chinese changed since its
record was made, a copied one that no longer reads as the English) and returns what is left.  `report(...)` shows a
stale section's English change as a diff, from the English text the translation was made from (found in git's
history by its hash) to today's.  `python3 tasks.py zh-sync guide` runs it; `python3 tasks.py zh-sync guide
--translated KEY` records a section by hand.  Standard library only: tasks.py runs it before any package is installed.
"""

import difflib
import hashlib
import re
import subprocess
from pathlib import Path

ENGLISH = Path("docs") / "teacher-guide.md"
CHINESE = Path("docs") / "teacher-guide.zh-CN.md"
TOP = "top"
RECORD = re.compile(r"^<!-- translation: key=(\S+) en=(\S+) zh=(\S+) -->[ \t]*\n?", re.MULTILINE)


def text_hash(text):
    """The hash of a section's text, trailing spaces and blank lines at either end aside (16 hex digits)."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split(text):
    """The sections of a guide as [(heading or None, block)], in order; a block starts with its `## ` line."""
    starts = [m.start() for m in re.finditer(r"^## ", text, flags=re.MULTILINE)]
    bounds = [0] + starts + [len(text)]
    blocks = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    out = [(None, blocks[0])] if blocks[0].strip() or not starts else []
    for block in blocks[1:] if starts else []:
        out.append((block.splitlines()[0][3:].strip(), block))
    return out


def key_of(english_heading):
    """`top`, a lesson number ("06"), or the heading in lower case with dashes ("before-every-class")."""
    if english_heading is None:
        return TOP
    number = re.match(r"(\d\d)\b", english_heading)
    if number:
        return number.group(1)
    return re.sub(r"[^a-z0-9]+", "-", english_heading.lower()).strip("-")


def english_sections(text):
    """{key: block} of the English guide, in its order."""
    return {key_of(heading): block for heading, block in split(text)}


def without_record(block):
    return RECORD.sub("", block, count=1)


def chinese_sections(text):
    """[(key or None, en hash or None, zh hash or None, block)] of the Chinese guide, in its order (None: no record)."""
    out = []
    for _, block in split(text):
        m = RECORD.search(block)
        out.append((m.group(1), m.group(2), m.group(3), block) if m else (None, None, None, block))
    return out


def with_record(block, key, en, zh):
    """The block with its record (replaced, or put after its first line)."""
    line = f"<!-- translation: key={key} en={en} zh={zh} -->\n"
    if RECORD.search(block):
        return RECORD.sub(line.replace("\\", "\\\\"), block, count=1)
    first, _, rest = block.partition("\n")
    return first + "\n" + line + rest


def read(root, path):
    p = Path(root) / path
    return p.read_text(encoding="utf-8") if p.exists() else None


def problems(root):
    """What differs between the English guide and the Chinese one: [(kind, key, detail)] (empty when in step)."""
    english = english_sections(read(root, ENGLISH))
    chinese_text = read(root, CHINESE)
    if chinese_text is None:
        return [("missing", "-", f"{CHINESE.as_posix()} does not exist")]
    found = []
    chinese = chinese_sections(chinese_text)
    for key, _, _, block in chinese:
        if key is None:
            found.append(("no record", "-", f"a section has no translation record: {block.splitlines()[0][:60]!r}"))
        elif key not in english:
            found.append(("orphan", key, f"the English guide has no section {key}: {block.splitlines()[0][:60]!r}"))
    by_key = {key: (en, zh, block) for key, en, zh, block in chinese if key is not None}
    for key, block in english.items():
        heading = block.splitlines()[0] if key != TOP else "(the title, introduction and time table)"
        if key not in by_key:
            found.append(("missing", key, f"no Chinese section for {heading!r}"))
        elif by_key[key][0] == "-":
            found.append(("to translate", key, f"copied across, not yet translated: {heading!r}"))
        elif by_key[key][0] != text_hash(block):
            found.append(("stale", key, f"the English changed: {heading!r}"))
        elif by_key[key][1] != text_hash(without_record(by_key[key][2])):
            found.append(("unrecorded", key, f"the Chinese was edited since its record: run zh-sync guide: {heading!r}"))
    order = [key for key, _, _, _ in chinese if key in english]
    if not found and order != list(english):
        found.append(("order", "-", f"the Chinese sections are in the order {order}, the English {list(english)}"))
    return found


def freshly_translated(zh_hash_recorded, en_recorded, chinese_block, english_block):
    """Has the translator just written this section?  Copied across (en=-) and since changed from the English, or
    stale with its own text changed since its record was made."""
    if en_recorded == text_hash(english_block):
        return False
    if en_recorded == "-":
        return text_hash(without_record(chinese_block)) != text_hash(english_block)
    return zh_hash_recorded != text_hash(without_record(chinese_block))


def sync(root, translated=()):
    """Bring the Chinese guide in step with the English one; record the sections just translated, and those named in
    `translated` (keys) whatever they look like.  Returns (recorded keys, dropped keys, what is left)."""
    english = english_sections(read(root, ENGLISH))
    unknown = set(translated) - set(english)
    if unknown:
        raise SystemExit(f"the English guide has no section {sorted(unknown)} (its sections: {list(english)})")
    text = read(root, CHINESE) or ""
    chinese = {key: (en, zh, block) for key, en, zh, block in chinese_sections(text) if key is not None}
    recorded, blocks = [], []
    for key, block in english.items():
        if key in chinese:
            en, zh, mine = chinese[key]
            if key in translated or freshly_translated(zh, en, mine, block):
                mine = with_record(mine, key, text_hash(block), text_hash(without_record(mine)))
                recorded.append(key)
            elif en == text_hash(block) and zh != text_hash(without_record(mine)):
                # a translation in step, edited (a better word): its own hash follows, so that when the English
                # changes later, the untouched translation shows as stale rather than as just translated
                mine = with_record(mine, key, en, text_hash(without_record(mine)))
        else:
            mine = with_record(block, key, "-", "-")  # in English, to translate
        blocks.append(mine if mine.endswith("\n") else mine + "\n")
    dropped = [key for key in chinese if key not in english]
    new = "".join(b if i == len(blocks) - 1 else b.rstrip("\n") + "\n\n" for i, b in enumerate(blocks))
    if new != text:
        (Path(root) / CHINESE).write_text(new, encoding="utf-8")
    return recorded, dropped, problems(root)


def translated_english(root, key, en_hash, limit=300):
    """The English text of section `key` whose hash is `en_hash`, from git's history of the English guide (None when
    not found: no git, or a record made outside this repository)."""
    try:
        log = subprocess.run(["git", "log", f"-n{limit}", "--format=%H", "--", ENGLISH.as_posix()], cwd=root,
                             capture_output=True, text=True, check=True).stdout.split()
        for commit in log:
            shown = subprocess.run(["git", "show", f"{commit}:{ENGLISH.as_posix()}"], cwd=root, capture_output=True,
                                   check=True).stdout.decode("utf-8")
            block = english_sections(shown).get(key)
            if block is not None and text_hash(block) == en_hash:
                return block
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        return None
    return None


def report(root, left, diffs=True):
    """The lines that tell a translator what to do with each problem: a stale section comes with the diff of its
    English since the translation was made."""
    lines = []
    records = {key: en for key, en, _, _ in chinese_sections(read(root, CHINESE) or "") if key is not None}
    english = english_sections(read(root, ENGLISH))
    for kind, key, detail in left:
        lines.append(f"{kind:>14}  {key}  {detail}")
        if diffs and kind == "stale":
            old = translated_english(root, key, records[key])
            if old is None:
                lines.append("                (the English it was translated from is not in git's history: compare "
                             "the whole section)")
            else:
                lines += ["                " + line.rstrip("\n") for line in difflib.unified_diff(
                    old.splitlines(), english[key].splitlines(), "translated from", "English now", n=0, lineterm="")]
    return lines
