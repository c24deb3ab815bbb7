"""Checks what a sic-run-compare/1 record says against the models it names
and against itself: each model's file size and SHA-256, the improvements
computed from the two models' figures, and the accuracy deltas. Prints "ok"
or the first discrepancy and exits 1.

    check-compare.py RECORD
"""

import hashlib
import json
import math
import os
import sys

record = json.load(open(sys.argv[1]))


def fail(message):
    print(f"discrepancy: {message}")
    sys.exit(1)


def check(what, got, expected):
    if expected is None or got is None:
        if got is not expected:
            fail(f"{what} is {got}, expected {expected}")
    elif not math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-15):
        fail(f"{what} is {got}, expected {expected}")


def ratio(numerator, denominator):
    if denominator == 0:
        return 1.0 if numerator == 0 else None
    return numerator / denominator


base, opt = record["baseline"], record["optimized"]
for side in (base, opt):
    model = side["model"]
    data = open(model["path"], "rb").read()
    check(f"{model['path']} file size", side["size_bytes"]["file"], len(data))
    if hashlib.sha256(data).hexdigest() != model["sha256"]:
        fail(f"{model['path']} sha256 differs")
    if side["size_bytes"]["code"] <= 0 or side["size_bytes"]["constants"] <= 0:
        fail(f"{model['path']} has no code or no constants")
    times = side["time_ms"]
    if not times["min"] <= times["p50"] <= times["p90"] <= times["p99"] \
            <= times["max"]:
        fail(f"{model['path']} percentiles out of order: {times}")

improvement = record["improvement"]
check("speedup_p50", improvement["speedup_p50"],
      base["time_ms"]["p50"] / opt["time_ms"]["p50"])
check("speedup_mean", improvement["speedup_mean"],
      base["time_ms"]["mean"] / opt["time_ms"]["mean"])
check("throughput_ratio", improvement["throughput_ratio"],
      opt["calls_per_s"] / base["calls_per_s"])
for key in ("file", "code", "constants", "arena"):
    check(f"size_ratio.{key}", improvement["size_ratio"][key],
          ratio(opt["size_bytes"][key], base["size_bytes"][key]))
delta = improvement["accuracy_delta"]
if base["accuracy"] is None:
    if delta is not None:
        fail("an accuracy delta without accuracies")
else:
    for key in ("max_abs_error", "max_rel_error"):
        check(f"accuracy_delta.{key}", delta[key],
              opt["accuracy"][key] - base["accuracy"][key])
print("ok")
