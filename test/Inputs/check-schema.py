"""Validates JSON files against a JSON Schema (draft 2020-12); prints
"valid: FILE" for each, or the first violation and exits 1.

    check-schema.py SCHEMA FILE...
"""

import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))),
                    key=lambda error: list(error.path))
    if errors:
        error = errors[0]
        where = "/".join(str(part) for part in error.path) or "(top)"
        print(f"invalid: {path}: {where}: {error.message}")
        sys.exit(1)
    print(f"valid: {path}")
