"""For each ONNX model: compile it to the verified graph, convert it to a SIC
model file, compile that to the verified graph too, and require the two
graphs to be the same text.

  roundtrip.py SIC_COMPILE WORKDIR MODEL.onnx...
"""

import os
import subprocess
import sys


def main(argv):
    tool, folder, models = argv[1], argv[2], argv[3:]
    failures = 0
    for model in models:
        stem = os.path.join(folder, os.path.splitext(os.path.basename(model))[0])
        subprocess.run([tool, model, "--compile-to=verify", "-o", stem + ".onnx.mlir"], check=True)
        subprocess.run([tool, model, "--emit=fb", "-o", stem + ".fb"], check=True)
        subprocess.run([tool, stem + ".fb", "--compile-to=verify", "-o", stem + ".fb.mlir"], check=True)
        if open(stem + ".onnx.mlir").read() != open(stem + ".fb.mlir").read():
            print(f"{model}: the graph changed on the way through the .fb format")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
