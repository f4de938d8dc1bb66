"""Make a freshly executed lesson the same file every time its cells print the same things.

Re-executing a lesson used to rewrite it wholesale, even when no output changed: every widget gets a
random model id (uuid4) and every animation's HTML a random element id, so the ids in the outputs
changed, and the saved widget state (`metadata.widgets`, stored sorted by id) was reshuffled from
top to bottom; nbclient also stamped each cell with the times it ran.  `stabilize(path)` — run by
`tasks.py execute` after each notebook — replaces each such id with one derived from the notebook's
name and where the id is first met (the cell, by its id, and the output that shows it; or the widget that
holds it, and under which attribute), and drops the timing stamps.
The same cells printing the same things now give the same bytes, so a one-word change shows as a
one-line diff (docs/authoring.md).  Standard library only: tasks.py imports it before any package
is installed.
"""

import hashlib
import json
import re
from pathlib import Path

ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
STATE = "application/vnd.jupyter.widget-state+json"
PICTURES = ("image/png", "image/jpeg")  # base64 bytes: never scanned for ids


def _ids_in(value, found, path=""):
    """Append to `found` each (id, where) in `value` (a JSON value), in reading order, pictures and buffers aside;
    `where` is the id's path inside `value` ("children/2", "layout", "data/text/html/0")."""
    if isinstance(value, dict):
        for key in sorted(value):
            if key not in PICTURES and key != "buffers":
                _ids_in(value[key], found, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _ids_in(item, found, f"{path}/{i}")
    elif isinstance(value, str):
        for j, match in enumerate(ID.findall(value)):
            found.append((match, f"{path}/{j}"))


def _renamed(value, names):
    if isinstance(value, dict):
        return {(names.get(k, k)): (v if k in PICTURES or k == "buffers" else _renamed(v, names))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    if isinstance(value, str):
        return ID.sub(lambda m: names.get(m.group(0), m.group(0)), value)
    return value


def stable_ids(nb, name):
    """The notebook dict with its random ids replaced by ones made from `name` and where each id is first met: the
    cell (by its id) and output that shows it, or the widget that holds it and under which attribute.  So an id
    stays the same from run to run, and a change to one cell's widgets renames no id elsewhere."""
    where = {}  # random id -> where it is first met

    def meet(value, place):
        found = []
        _ids_in(value, found)
        for old, inside in found:
            where.setdefault(old, place + inside)

    for index, cell in enumerate(nb.get("cells", [])):
        meet(cell.get("outputs", []), f"cell {cell.get('id', index)}")
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})
    done = set()
    while True:  # each widget's state names the widgets inside it (layouts, styles, children)
        todo = [old for old in where if old in state and old not in done]
        if not todo:
            rest = sorted((k for k in state if k not in where),  # widgets no output shows: by what they hold
                          key=lambda k: json.dumps(_renamed(state[k], dict.fromkeys(ID.findall(json.dumps(state[k])), "")),
                                                   sort_keys=True) + k)
            if not rest:
                break
            where[rest[0]] = f"unshown {len(where)}"
            continue
        for old in todo:
            done.add(old)
            meet(state[old], where[old] + " >")
    names = {old: hashlib.sha256(f"{name}: {place}".encode()).hexdigest()[:32] for old, place in where.items()}
    nb = dict(nb)
    nb["cells"] = [_renamed(cell, names) if cell.get("outputs") else cell for cell in nb.get("cells", [])]
    if "widgets" in nb.get("metadata", {}):
        nb["metadata"] = dict(nb["metadata"], widgets=_renamed(nb["metadata"]["widgets"], names))
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)  # when each cell ran: new every run, of no use to a reader
    return nb


def stabilize(path, folder=None):
    """Rewrite the executed notebook at `path` with stable ids, in nbformat's own layout.  Its ids are made from
    its path inside `folder` (notebooks/: "02_sigmoid_neurons.ipynb", "zh/02_sigmoid_neurons.ipynb")."""
    path = Path(path)
    name = path.resolve().relative_to(Path(folder).resolve()).as_posix() if folder else path.name
    nb = json.loads(path.read_text(encoding="utf-8"))
    after = stable_ids(nb, name)
    if after != nb:
        text = json.dumps(after, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    return path
