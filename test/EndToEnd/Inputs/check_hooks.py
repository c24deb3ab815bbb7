"""Compiles each model at -O2 for release, with --checks=debug, and with
--checks=debug --instrument (also at -O0), runs each on the same seeded
random inputs, compares the checked builds with the reference evaluator
and profiles the instrumented ones, then checks that the -O2 builds'
outputs are bit-identical to release's: hooks and guards change no result.
Exits non-zero, naming the model, at the first failure.

    check_hooks.py SIC_COMPILE SIC_RUN MODEL...
"""

import filecmp
import glob
import os
import subprocess
import sys

BUILDS = {
    "release": ["-O2"],
    "debug": ["-O2", "--checks=debug"],
    "both": ["-O2", "--checks=debug", "--instrument"],
    "both-O0": ["-O0", "--checks=debug", "--instrument"],
}


def main():
    sic_compile, sic_run, *models = sys.argv[1:]
    for model in models:
        stem = os.path.splitext(os.path.basename(model))[0]
        for build, flags in BUILDS.items():
            library = f"{stem}.{build}.so"
            subprocess.run([sic_compile, model, *flags, "-o", library],
                           check=True)
            run = [sic_run, library, "--seed", "7", "--output-dir",
                   f"{stem}.{build}"]
            if build != "release":
                run += ["--reference", model]
            if "--instrument" in flags:
                run += ["--profile-runs", "1"]
            subprocess.run(run, check=True, stdout=subprocess.DEVNULL)
        # -O0 computes in another order: the reference covers it.
        same_level = [build for build, flags in BUILDS.items()
                      if "-O2" in flags]
        for path in sorted(glob.glob(f"{stem}.release/*.npy")):
            for build in same_level:
                other = os.path.join(f"{stem}.{build}", os.path.basename(path))
                if not filecmp.cmp(path, other, shallow=False):
                    sys.exit(f"{stem}: {build} output {other} differs from "
                             f"release")
        print(f"{stem}: checked and instrumented builds match release")


if __name__ == "__main__":
    main()
