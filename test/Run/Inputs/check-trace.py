"""check-trace.py TRACE RUNS NODE...: checks a Chrome trace written by
sic-run --profile-trace: valid JSON in the Trace Event Format, one complete
("X") event per run and one per op of each run, the ops named NODE... in
order, each inside its run. Exits non-zero saying what is wrong."""

import json
import sys

path, runs, nodes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(path) as file:
    trace = json.load(file)
events = trace["traceEvents"]
assert trace["displayTimeUnit"] == "ms"
assert any(e["ph"] == "M" and e["name"] == "process_name" for e in events)
complete = [e for e in events if e["ph"] == "X"]
for event in complete:
    for key in ("name", "cat", "ts", "dur", "pid", "tid"):
        assert key in event, f"event without {key}: {event}"
    assert event["dur"] >= 0 and event["ts"] >= 0, event
run_events = [e for e in complete if e["cat"] == "run"]
op_events = [e for e in complete if e["cat"] != "run"]
assert [e["name"] for e in run_events] == [f"run {i}" for i in range(runs)]
assert len(op_events) == runs * len(nodes), len(op_events)
for index, run in enumerate(run_events):
    ops = [e for e in op_events if e["args"]["run"] == index]
    assert [e["name"] for e in ops] == nodes, [e["name"] for e in ops]
    assert [e["args"]["op"] for e in ops] == list(range(len(nodes)))
    assert all(e["cat"].startswith("sic.") for e in ops)
    end = run["ts"] + run["dur"]
    last = run["ts"]
    for op in ops:
        # The trace rounds to nanoseconds.
        assert op["ts"] >= last - 1e-3, (op, last)
        assert op["ts"] + op["dur"] <= end + 1e-3, (op, run)
        last = op["ts"] + op["dur"]
print(f"{path}: {runs} runs of {len(nodes)} ops")
