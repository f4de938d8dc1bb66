"""Check classroom/k8s/config.yaml against Zero to JupyterHub's real schema, and keep the part it uses.

    python tools/z2jh_schema_subset.py PATH/TO/zero-to-jupyterhub-k8s/jupyterhub [VERSION]

PATH is the chart folder of a checkout of https://github.com/jupyterhub/zero-to-jupyterhub-k8s at the
chart's release tag (e.g. `git checkout 4.4.0`), VERSION that tag. The script does what helm does with
our values: it merges the chart's values.yaml, config.yaml and passwords.example.yaml (later files win,
maps merge key by key) and validates the result against values.schema.yaml. It then writes
classroom/k8s/z2jh-values-schema-subset.json: the schema cut down to the keys config.yaml and
passwords.example.yaml set (descriptions dropped, and the `required` lists of the named keys: the chart's
defaults fill those in), which tests/test_scaling_out.py validates the two files against, offline. A key the chart does
not know, or a value of the wrong type, fails there as it would in helm.

Run it again after changing config.yaml's keys or moving to another chart version (and change the version
in config.yaml's and docs/scaling-out.md's helm command).
"""

import json
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "classroom" / "k8s"
VALUES = (K8S / "config.yaml", K8S / "passwords.example.yaml")
SUBSET = K8S / "z2jh-values-schema-subset.json"


def merge(base, over):
    """helm's merge of values files: maps key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{k: merge(base[k], v) if k in base else v for k, v in over.items()}}
    return over


def our_values():
    values = {}
    for path in VALUES:
        values = merge(values, yaml.safe_load(path.read_text()))
    return values


def strip(schema):
    """The schema without its descriptions."""
    if isinstance(schema, dict):
        return {k: strip(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [strip(v) for v in schema]
    return schema


def cut(schema, value):
    """The part of `schema` that `value` uses: named properties only where `value` has them, and no `required`
    list of theirs (the chart's defaults fill those in); what is below patterns and choices is kept whole."""
    node = {k: strip(v) for k, v in schema.items() if k not in ("description", "required", "properties")}
    if "properties" in schema and isinstance(value, dict):
        node["properties"] = {k: cut(schema["properties"][k], v) for k, v in value.items()
                              if k in schema["properties"]}
    return node


def main(argv):
    if not argv or not (Path(argv[0]) / "values.schema.yaml").is_file():
        sys.exit(__doc__)
    chart = Path(argv[0])
    version = argv[1] if len(argv) > 1 else "(version not given)"
    schema = yaml.safe_load((chart / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((chart / "values.yaml").read_text())
    values = our_values()
    jsonschema.validate(merge(defaults, values), schema)
    print(f"{' + '.join(p.name for p in VALUES)} merged over the chart's values.yaml: valid against "
          f"values.schema.yaml of zero-to-jupyterhub-k8s {version}")
    subset = cut(schema, values)
    subset["$comment"] = (f"zero-to-jupyterhub-k8s {version}, jupyterhub/values.schema.yaml, cut to the keys of "
                          f"{' and '.join(p.name for p in VALUES)} by tools/z2jh_schema_subset.py")
    jsonschema.validate(values, subset)
    SUBSET.write_text(json.dumps(subset, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"Wrote {SUBSET.relative_to(ROOT)} ({SUBSET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
