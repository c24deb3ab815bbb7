"""expect-exit.py CODE COMMAND...: runs COMMAND and fails unless it exits
with CODE; its output passes through."""

import subprocess
import sys

code = int(sys.argv[1])
status = subprocess.run(sys.argv[2:]).returncode
if status != code:
    sys.exit(f"expected exit code {code}, got {status}")
