"""Keep the Chinese lessons (notebooks/zh/) in step with the English ones (notebooks/).

A Chinese lesson has the same file name and the same cells, with the same ids, in the same order:

* its first cell is the one extra: a code cell tagged `set-language` that calls
  `nnbook.set_language("zh")`;
* every code cell is the English code cell (only its comments may be translated);
* every Markdown cell is a translation, and records in its metadata the hash of the English cell it
  translates: `"translation": {"en": "<hash>"}`.  When the English cell changes, the hash no longer
  matches and the translation is *stale*.  A cell copied across from English and not yet translated has
  no such record: it is *to translate*.

`sync(root)` brings every Chinese lesson in step (new English cells are copied across, cells the
English dropped are dropped, code cells are replaced where their code differs), records the translations
a translator has just written (`record`) and returns what still needs a translator; `problems(root)`
only reads and returns the same list, for the tests.  `python3 tasks.py zh-sync` runs `sync`;
`python3 tasks.py zh-sync 06 --translated CELL_ID` records a translation by hand.

A translation records the hash of its own text too (`"zh": "<hash>"`), so that `record` can tell a
stale translation the translator has updated (its text changed since it was recorded: record it)
from one nobody has touched yet (still stale).  Standard library only:
tasks.py runs it before any package is installed.
"""

import hashlib
import io
import json
import tokenize
from pathlib import Path

LANGUAGE_TAG = "set-language"
LANGUAGE_CELL = {
    "cell_type": "code",
    "execution_count": None,
    "id": "set-language-zh",
    "metadata": {"tags": [LANGUAGE_TAG]},
    "outputs": [],
    "source": ["import nnbook\n", "\n", 'nnbook.set_language("zh")  # 本课程的文字、图表和练习反馈都用中文'],
}


def english_lessons(root, only=()):
    """The English lessons, or only those named (by number, file name or path: "01", "01_perceptron.ipynb")."""
    lessons = sorted((Path(root) / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if only:
        names = {Path(n).name for n in only}
        unknown = {n for n in names if not any(p.name == n or p.name[:2] == n.zfill(2) for p in lessons)}
        if unknown:
            raise SystemExit(f"no English lesson {sorted(unknown)} in notebooks/ (there are {[p.name for p in lessons]})")
        lessons = [p for p in lessons if p.name in names or p.name[:2] in {n.zfill(2) for n in names}]
    return lessons


def chinese_path(english):
    return english.parent / "zh" / english.name


def source(cell):
    s = cell.get("source", "")
    return s if isinstance(s, str) else "".join(s)


def english_hash(cell):
    """The hash a translation records of the English cell it translates (of its text, trailing spaces aside)."""
    text = "\n".join(line.rstrip() for line in source(cell).strip().splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def code_without_comments(text):
    """The code of a cell with its comments and blank lines taken out: what must match between languages."""
    try:
        tokens = [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(text + "\n").readline)
                  if t.type not in (tokenize.COMMENT, tokenize.NL)]
        return tokens
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.split("#")[0].rstrip() for line in text.splitlines() if line.split("#")[0].strip()]


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def save(nb, path):
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _as_lines(text):
    return text.splitlines(keepends=True)


def compare(english_nb, chinese_nb, name):
    """What differs between one English lesson and its Chinese one: a list of (kind, cell id, detail)."""
    found = []
    cells = chinese_nb["cells"]
    if not cells or LANGUAGE_TAG not in cells[0].get("metadata", {}).get("tags", []):
        found.append(("no language cell", "-", f"{name}: the first cell must be the `{LANGUAGE_TAG}` cell"))
    rest = [c for c in cells if LANGUAGE_TAG not in c.get("metadata", {}).get("tags", [])]
    en_ids = [c["id"] for c in english_nb["cells"]]
    zh_ids = [c.get("id") for c in rest]
    if en_ids != zh_ids:
        found.append(("cells differ", "-", f"{name}: cell ids {zh_ids} are not the English {en_ids}; run `python3 tasks.py zh-sync`"))
    zh_by_id = {c.get("id"): c for c in rest}
    for cell in english_nb["cells"]:
        other = zh_by_id.get(cell["id"])
        if other is None:
            continue
        if cell["cell_type"] != other["cell_type"]:
            found.append(("cells differ", cell["id"], f"{name}: a {cell['cell_type']} cell became {other['cell_type']}"))
        elif cell["cell_type"] == "code":
            if code_without_comments(source(cell)) != code_without_comments(source(other)):
                found.append(("code differs", cell["id"], f"{name}: code cell {cell['id']} is not the English code"))
        else:
            recorded = other.get("metadata", {}).get("translation", {}).get("en")
            if recorded is None:
                found.append(("to translate", cell["id"], f"{name}: {source(cell)[:60]!r}"))
            elif recorded != english_hash(cell):
                found.append(("stale", cell["id"], f"{name}: the English changed: {source(cell)[:60]!r}"))
    return found


def problems(root, only=()):
    """Every difference between the English lessons and the Chinese ones (empty when they are in step)."""
    found = []
    for english in english_lessons(root, only):
        chinese = chinese_path(english)
        if not chinese.exists():
            found.append(("missing", "-", f"{chinese.relative_to(root)} does not exist"))
            continue
        found += compare(load(english), load(chinese), english.name)
    return found


def sync_one(english_nb, chinese_nb):
    """The Chinese lesson brought in step with the English one (a new notebook dict)."""
    old = {c.get("id"): c for c in chinese_nb["cells"] if LANGUAGE_TAG not in c.get("metadata", {}).get("tags", [])}
    first = [c for c in chinese_nb["cells"] if LANGUAGE_TAG in c.get("metadata", {}).get("tags", [])]
    cells = [first[0] if first else json.loads(json.dumps(LANGUAGE_CELL))]
    for cell in english_nb["cells"]:
        mine = old.get(cell["id"])
        if mine is not None and mine["cell_type"] == cell["cell_type"]:
            if cell["cell_type"] != "code" or code_without_comments(source(cell)) == code_without_comments(source(mine)):
                cells.append(mine)  # a translation, stale or not, is kept: the translator updates it
                continue
        copy = json.loads(json.dumps(cell))
        copy.get("metadata", {}).pop("translation", None)
        cells.append(copy)
    nb = json.loads(json.dumps(chinese_nb if "metadata" in chinese_nb else english_nb))
    nb["cells"] = cells
    nb.setdefault("nbformat", english_nb["nbformat"])
    nb.setdefault("nbformat_minor", english_nb["nbformat_minor"])
    return nb


def sync(root, only=()):
    """Bring every Chinese lesson (or only those named) in step with its English lesson; return what is left."""
    for english in english_lessons(root, only):
        chinese = chinese_path(english)
        chinese.parent.mkdir(exist_ok=True)
        before = load(chinese) if chinese.exists() else {"cells": []}
        after = sync_one(load(english), before)
        if after != before:
            save(after, chinese)
    record(root, only)
    for orphan in sorted((Path(root) / "notebooks" / "zh").glob("*.ipynb")):
        if not (Path(root) / "notebooks" / orphan.name).exists():
            print(f"{orphan.relative_to(root)} has no English lesson of that name: remove or rename it.")
    return problems(root, only)


def mark_translated(cell, english_cell):
    """Record in a translated Markdown cell which English text it translates (and its own text's hash)."""
    cell.setdefault("metadata", {})["translation"] = {"en": english_hash(english_cell), "zh": english_hash(cell)}
    return cell


def freshly_translated(cell, english_cell, committed=None):
    """Has the translator just written this Markdown cell?  Copied across and since changed from the English,
    or stale with its own text changed since its translation was recorded.  A record made before the
    translation's own hash was kept has none: then its text is compared with `committed`, the same cell as
    git's HEAD has it (None when unknown: not recorded)."""
    record = cell.get("metadata", {}).get("translation")
    if record is None:
        return english_hash(cell) != english_hash(english_cell)
    if record.get("en") == english_hash(english_cell):
        return False  # in step
    if record.get("zh") is not None:
        return record["zh"] != english_hash(cell)
    return committed is not None and english_hash(committed) != english_hash(cell)


def committed_cells(root, path):
    """{cell id: cell} of the notebook at `path` as git's HEAD has it ({} without git or outside a repository)."""
    import subprocess

    try:
        relative = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        shown = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=root, capture_output=True, check=True)
        return {c.get("id"): c for c in json.loads(shown.stdout.decode("utf-8"))["cells"]}
    except (OSError, ValueError, subprocess.CalledProcessError):
        return {}


def record(root, only=(), cells=()):
    """Record the translations just written in the Chinese lessons (or only those named): each Markdown cell
    `freshly_translated`, and each cell named in `cells` (ids) whatever it looks like.  Returns
    [(lesson file name, cell id)] of what it recorded."""
    done = []
    for english in english_lessons(root, only):
        chinese = chinese_path(english)
        if not chinese.exists():
            continue
        zh = load(chinese)
        by_id = {c["id"]: c for c in load(english)["cells"]}
        committed = None
        for cell in zh["cells"]:
            theirs = by_id.get(cell.get("id"))
            if theirs is None or cell["cell_type"] != "markdown" or theirs["cell_type"] != "markdown":
                continue
            record = cell.get("metadata", {}).get("translation") or {}
            if record and "zh" not in record and record.get("en") != english_hash(theirs) and committed is None:
                committed = committed_cells(root, chinese)  # only for an old record, and only once
            if cell["id"] in cells or freshly_translated(cell, theirs, (committed or {}).get(cell["id"])):
                mark_translated(cell, theirs)
                done.append((english.name, cell["id"]))
        if any(name == english.name for name, _ in done):
            save(zh, chinese)
    unknown = set(cells) - {c for _, c in done}
    if unknown:
        raise SystemExit(f"no Markdown cell {sorted(unknown)} in the Chinese lessons {[e.name for e in english_lessons(root, only)]}")
    return done
