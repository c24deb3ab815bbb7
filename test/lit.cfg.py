# lit configuration for SIC's IR tests.

import os
import shutil
import subprocess
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "SIC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sic_obj_root, "test")
# GoogleTest sources live under unit/ and run through ctest, not lit;
# Inputs/ folders hold helpers and data for the tests beside them.
config.excludes = ["unit", "Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.sic_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["sic-opt", "sic-compile", "sic-run"], tool_dirs)

# Model files in tests are FlatBuffers JSON, turned into binaries by flatc.
config.substitutions.append(("%sic_schema", config.sic_model_schema))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%sic_src_root", config.sic_src_root))
# %npy OUT DESCR SHAPE [VALUE...] writes a .npy file.
config.substitutions.insert(
    0, ("%npy", "%s %s" % (sys.executable, os.path.join(
        config.test_source_root, "Inputs", "npy.py"))))
# %expect-exit CODE runs a command and fails unless it exits with CODE.
config.substitutions.append(
    ("%expect-exit", "%s %s" % (sys.executable, os.path.join(
        config.test_source_root, "Inputs", "expect-exit.py"))))

# ONNX test models are protobuf text; %onnx-encode turns one into a binary.
config.substitutions.append(
    ("%onnx-encode", "%s --encode=onnx.ModelProto -I%s %s"
     % (config.protoc, config.onnx_proto_root, config.onnx_proto)))

# A Python that imports onnx and numpy, for models built by a script.
if config.onnx_python:
    config.available_features.add("onnx-python")
    config.substitutions.append(("%onnx-python", config.onnx_python))

# The benchmark models live in the project's shared folder beside the
# checkout, when it is there.
shared_models = os.path.join(config.sic_src_root, "..", "shared", "models")
if os.path.isdir(shared_models):
    config.available_features.add("shared-models")
    config.substitutions.append(("%shared_models", shared_models))

# Renderers for the pictures sic-compile writes (scripts/dev.sh installs
# graphviz and librsvg2-bin).
for tool, feature in (("dot", "graphviz"), ("rsvg-convert", "rsvg")):
    if shutil.which(tool):
        config.available_features.add(feature)

# %check-schema SCHEMA FILE... validates JSON records (python3-jsonschema).
if config.onnx_python and subprocess.run(
        [config.onnx_python, "-c", "import jsonschema"],
        capture_output=True).returncode == 0:
    config.available_features.add("jsonschema")
    config.substitutions.append(
        ("%check-schema", "%s %s" % (config.onnx_python, os.path.join(
            config.test_source_root, "Inputs", "check-schema.py"))))
