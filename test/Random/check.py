"""Compiles one model at every -O level, runs each build against the
reference evaluator and -O2 against -O0, and classifies the first failure.

A failure has a kind, which shrinking keeps: `crash` (a tool died by a
signal, exited with 128 or more, or printed a sanitizer report), `timeout`,
`refused` (sic-compile exited 1 on a valid graph), `internal error`
(sic-compile exited 3: a pass failed or crashed, caught), `error` (sic-run
exited 1: the runtime or a debug check failed the run), `mismatch` (an
output differs beyond the tolerances), `flatc` (the generator wrote a file
flatc refuses), `exit N` (any other exit code).
"""

import os
import re
import subprocess

# The builds every graph is compiled to: name, sic-compile flags.
BUILDS = (
    ("O0", ["-O0"]),
    ("O1", ["-O1"]),
    ("O2", ["-O2"]),
    ("O2-debug", ["-O2", "--checks=debug"]),
)
# f32 tolerances of every comparison (integers compare exactly): sic-run's
# defaults. Each build is compared with the reference evaluator, which
# sums in double, and -O2 with -O0.
RTOL, ATOL = 1e-4, 1e-5

SANITIZER_REPORT = re.compile(
    r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
    r"UndefinedBehaviorSanitizer")


class Tools:
    """Where the tools and the schema are, and the time limit per step."""

    def __init__(self, sic_compile, sic_run, flatc, schema, timeout):
        self.sic_compile, self.sic_run = sic_compile, sic_run
        self.flatc, self.schema, self.timeout = flatc, schema, timeout


class Failure:
    """What went wrong first: `kind`, the `step` that failed (`-O2
    compile`, `-O1 run`, `-O2 vs -O0`...), a one-line detail and where it
    went wrong (`site`): a crash's innermost frame of SIC or MLIR, an error
    message without names and numbers, or the name of the first output that
    does not match."""

    def __init__(self, kind, step, detail, site=""):
        self.kind, self.step, self.detail, self.site = kind, step, detail, site

    def __str__(self):
        return f"{self.kind} in {self.step}: {self.detail}"


def crash_site(stderr):
    """The innermost stack frame of SIC or MLIR code in a crash's stack
    dump or sanitizer report, without its address and file."""
    for frame in re.findall(r"^\s*#\d+ 0x[0-9a-f]+ (?:in )?(.*)$", stderr,
                            re.MULTILINE):
        if re.match(r"(mlir::|\(anonymous namespace\)|sic)", frame):
            return re.sub(r" \(?/\S+.*$", "", frame)[:120]
    return ""


def message_site(line):
    """An error message without the model's path, node and tensor names and
    numbers, so that two graphs failing the same way share it."""
    line = re.sub(r"^\S*\.fb: ", "", line)
    line = re.sub(r"\b([a-z][a-z0-9_]*?)_\d+\b", r"\1", line)
    # A signal's number tells crashes apart; other numbers do not.
    return re.sub(r"(?<!signal )(?<!\d)\d+(\.\d+)?(e[-+]?\d+)?", "N", line)


def _first_line(text, pattern=None):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if pattern:
        lines = [line for line in lines if re.search(pattern, line)] or lines
    return lines[0] if lines else ""


def run_step(step, command, cwd, tools):
    """Runs one command: a Failure or None, and its stdout."""
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True,
                              text=True, timeout=tools.timeout)
    except subprocess.TimeoutExpired:
        return Failure("timeout", step,
                       f"no exit within {tools.timeout:g} s"), ""
    report = SANITIZER_REPORT.search(done.stderr)
    code = done.returncode
    if code < 0 or code >= 128 or report:
        how = (f"signal {-code}" if code < 0 else f"exit code {code}")
        site = crash_site(done.stderr)
        detail = _first_line(done.stderr, SANITIZER_REPORT.pattern if report
                             else r"error|ERROR|Assert")
        return Failure("crash", step,
                       f"{how} in {site}" if site else f"{how}: {detail}",
                       site), done.stdout
    if code == 0:
        return None, done.stdout
    if step.endswith("flatc"):
        kind = "flatc"
    elif step.endswith("compile"):
        kind = {1: "refused", 3: "internal error"}.get(code, f"exit {code}")
    else:
        kind = {1: "error", 2: "mismatch"}.get(code, f"exit {code}")
    # The reference evaluator is the ground truth: its verdict comes first.
    detail = _first_line(done.stdout + done.stderr,
                         r"reference:.*MISMATCH" if "reference:" in done.stdout
                         and kind == "mismatch" else "MISMATCH|error")
    site = message_site(detail)
    output = re.search(r"output '([^']*)'", detail)
    if kind == "mismatch" and output:
        site = output.group(1)
    return Failure(kind, step, f"exit code {code}: {detail}", site), done.stdout


def output_files(stdout):
    """The `name=file` arguments of --expect for every .npy a run wrote."""
    return re.findall(r"^output '([^']*)' \(#\d+\) [^:]*: wrote (\S+\.npy)$",
                      stdout, re.MULTILINE)


def check(json_path, workdir, tools, seed, builds=None):
    """The first Failure of the model in `json_path` (written to `workdir`),
    or None. `builds` (names from BUILDS) limits the work, for shrinking;
    -O2 is compared with -O0 when both are built."""
    wanted = [b for b in BUILDS if builds is None or b[0] in builds]
    stem = os.path.splitext(os.path.basename(json_path))[0]
    failure, _ = run_step("flatc", [tools.flatc, "-b", "-o", workdir,
                                    tools.schema, json_path], workdir, tools)
    if failure:
        return failure
    model = os.path.join(workdir, stem + ".fb")
    for name, flags in wanted:
        failure, _ = run_step(
            f"-{name} compile",
            [tools.sic_compile, model, *flags, "-o",
             os.path.join(workdir, name + ".so")], workdir, tools)
        if failure:
            return failure
    expects = []
    for name, _ in wanted:
        command = [tools.sic_run, os.path.join(workdir, name + ".so"),
                   "--seed", str(seed), "--reference", model,
                   "--rtol", str(RTOL), "--atol", str(ATOL)]
        if name == "O0":
            command += ["--output-dir", os.path.join(workdir, "O0")]
        if name == "O2":
            command += [arg for pair in expects for arg in ("--expect", pair)]
        failure, stdout = run_step(f"-{name} run", command, workdir, tools)
        if failure and failure.kind == "mismatch":
            failure.step = ("-O2 vs -O0" if "expected:" in failure.detail
                            else f"-{name} vs reference")
        if failure:
            return failure
        if name == "O0":
            expects = [f"{out}={path}" for out, path in output_files(stdout)]
    return None
