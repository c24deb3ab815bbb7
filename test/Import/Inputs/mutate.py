"""Writes malformed variants of a model file, or runs a tool on every
single-byte corruption of one and fails if any run crashes.

  mutate.py truncate IN OUT FRACTION   write the first FRACTION of IN
  mutate.py patch IN OUT OFFSET HEX    overwrite bytes at OFFSET
  mutate.py sweep IN TOOL [ARGS...]    flip each byte of IN in turn; TOOL must
                                       exit 0 or 1 (never crash) on each
"""

import os
import subprocess
import sys
import tempfile


def main(argv):
    command, source = argv[1], argv[2]
    data = open(source, "rb").read()
    if command == "truncate":
        open(argv[3], "wb").write(data[: int(len(data) * float(argv[4]))])
    elif command == "patch":
        offset, patch = int(argv[4]), bytes.fromhex(argv[5])
        mutated = data[:offset] + patch + data[offset + len(patch):]
        open(argv[3], "wb").write(mutated)
    elif command == "sweep":
        crashes = []
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mutant.fb")
            for offset in range(len(data)):
                mutated = bytearray(data)
                mutated[offset] ^= 0xFF
                open(path, "wb").write(mutated)
                result = subprocess.run([argv[3], path] + argv[4:],
                                        stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, timeout=60)
                if result.returncode not in (0, 1):
                    crashes.append((offset, result.returncode,
                                    result.stderr.decode()[-500:]))
        for offset, code, stderr in crashes:
            print(f"byte {offset}: exit {code}\n{stderr}")
        print(f"{len(data)} mutants, {len(crashes)} crashes")
        return 1 if crashes else 0
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
