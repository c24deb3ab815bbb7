"""What the benchmark scripts share: running a command, and `sic-run
--bench` on a compiled model with its JSON record."""

import json
import os
import subprocess


class BenchError(Exception):
    pass


def run(command, what, env=None):
    """Runs `command` (in `env`, by default this process's environment); its
    stdout, or a BenchError with its output."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    except OSError as error:
        raise BenchError(f"{what}: cannot run {command[0]}: {error}")
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n  "
                         + " ".join(command) + "\n"
                         + (done.stderr or done.stdout).strip())
    return done.stdout


def bench_sic(sic_run, library, warmup, runs, record, inputs=None,
              threads=1):
    """`sic-run --bench` on `library` with `threads` intra-op threads, its
    record written to `record` and returned; `inputs` maps input names to
    .npy files (the rest are random)."""
    command = [sic_run, library, "--bench", "--warmup", str(warmup), "--runs",
               str(runs), "--threads", str(threads), "--bench-json", record]
    for name, path in (inputs or {}).items():
        command += ["--input", f"{name}={path}"]
    run(command, f"sic-run {library}")
    with open(record) as f:
        return json.load(f)


def find_tools(build_dir):
    """(sic-compile, sic-run) of the build in `build_dir`, or a BenchError
    saying how to get them."""
    tools = tuple(os.path.join(build_dir, "bin", name)
                  for name in ("sic-compile", "sic-run"))
    for tool in tools:
        if not os.access(tool, os.X_OK):
            raise BenchError(f"{tool} not found: build SIC first "
                             "(scripts/dev.sh build) or pass --build-dir")
    return tools
