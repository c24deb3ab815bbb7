"""Validates JSON files against a JSON Schema (draft 2020-12); prints
"valid: FILE" for each, or the first violation and exits 1. References to
other schemas resolve to the *.schema.json files beside SCHEMA, by $id.

    check-schema.py SCHEMA FILE...
"""

import glob
import json
import os
import sys

import jsonschema


def load_schema(path):
    schema = json.load(open(path))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


schema = load_schema(sys.argv[1])
store = {}
for path in glob.glob(os.path.join(os.path.dirname(sys.argv[1]) or ".",
                                   "*.schema.json")):
    other = load_schema(path)
    store[other["$id"]] = other
resolver = jsonschema.RefResolver.from_schema(schema, store=store)
validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))),
                    key=lambda error: list(error.path))
    if errors:
        error = errors[0]
        where = "/".join(str(part) for part in error.path) or "(top)"
        print(f"invalid: {path}: {where}: {error.message}")
        sys.exit(1)
    print(f"valid: {path}")
