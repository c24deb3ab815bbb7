"""Compiles each model at -O0, -O1 and -O2, runs each on the same seeded
random inputs and compares it with the reference evaluator, then compares
the -O1 and -O2 outputs with the -O0 ones, and runs -O2 again on 1, 2 and
3 threads (sic-run --threads) to check that its outputs are bit-identical
every time. Exits non-zero, naming the model, at the first failure.

    check_levels.py SIC_COMPILE SIC_RUN [--rtol R --atol A] MODEL...
"""

import filecmp
import glob
import os
import subprocess
import sys


def main():
    sic_compile, sic_run, *rest = sys.argv[1:]
    tolerances = []
    while rest and rest[0] in ("--rtol", "--atol"):
        tolerances += rest[:2]
        rest = rest[2:]
    for model in rest:
        stem = os.path.splitext(os.path.basename(model))[0]
        for level in ("O0", "O1", "O2"):
            library = f"{stem}.{level}.so"
            subprocess.run([sic_compile, model, f"-{level}", "-o", library],
                           check=True)
            subprocess.run([sic_run, library, "--seed", "7", "--reference",
                            model, "--output-dir", f"{stem}.{level}"]
                           + tolerances, check=True)
        expects = []
        for path in sorted(glob.glob(f"{stem}.O0/*.npy")):
            name = os.path.splitext(os.path.basename(path))[0]
            expects += ["--expect", f"{name}={path}"]
        for level in ("O1", "O2"):
            subprocess.run([sic_run, f"{stem}.{level}.so", "--seed", "7"]
                           + expects + tolerances, check=True)
        for threads in (1, 2, 3):
            again = f"{stem}.O2.threads{threads}"
            subprocess.run([sic_run, f"{stem}.O2.so", "--seed", "7",
                            "--threads", str(threads), "--output-dir", again],
                           check=True)
            for path in sorted(glob.glob(f"{stem}.O2/*.npy")):
                other = os.path.join(again, os.path.basename(path))
                if not filecmp.cmp(path, other, shallow=False):
                    sys.exit(f"{stem}: -O2 output {path} differs in a run on "
                             f"{threads} threads")
        print(f"{stem}: -O0, -O1 and -O2 match the reference and each other")


if __name__ == "__main__":
    main()
