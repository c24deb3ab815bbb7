"""SIC from Python: compile a model ahead of time, run it on NumPy arrays.

    import sic
    sic.compile("model.onnx", "model.so", opt=2)
    model = sic.Model("model.so")
    outputs = model.run(x=array)    # {output name: numpy.ndarray}

Model(path, contract_hash=sic.ANY_CONTRACT, threads=1) opens a model.so
through SIC's C runtime, refusing one whose contract hash differs (unless
ANY_CONTRACT); `threads` threads share each call's parallel loops (outputs
are the same bits for any count).
`model.inputs` and `model.outputs` list the signature: dicts of name, dtype
(a numpy.dtype) and shape. `model.run(*arrays, **by_name)` binds inputs by
position, then by name, each as its array describes it (dtype, shape); the
runtime checks every binding. An input that is C-contiguous and aligned as
the model asks is used in place, any other is copied once. Outputs are new
arrays. A failed call raises sic.Error with the runtime's stable status code
and message; a Python-level mistake (an unknown input name, a dtype SIC has
no counterpart for) raises TypeError. A Model runs one call at a time: a
second thread calling it meanwhile gets SIC_STATUS_CONTEXT_BUSY.
"""

import os
import shutil
import subprocess


class Error(Exception):
    """A runtime call failed: `status` is the stable sic_status_t code,
    `name` its name (e.g. "SIC_STATUS_DIM_MISMATCH"), `message` the
    runtime's message."""

    def __init__(self, status, name, message):
        super().__init__(f"{name}: {message}")
        self.status = status
        self.name = name
        self.message = message


class CompileError(Exception):
    """sic-compile refused the model: `returncode` is its exit code (1 the
    model is refused, 2 a wrong command line, 3 an internal error) and
    `stderr` its diagnostics."""

    def __init__(self, returncode, stderr):
        super().__init__(stderr.strip() or f"sic-compile exited {returncode}")
        self.returncode = returncode
        self.stderr = stderr


from ._sic import ANY_CONTRACT, Model, _set_error_type  # noqa: E402

_set_error_type(Error)


def _find_sic_compile():
    """$SIC_COMPILE, the sic-compile this package was built with, or the
    first on the PATH."""
    if os.environ.get("SIC_COMPILE"):
        return os.environ["SIC_COMPILE"]
    try:
        from ._tools import SIC_COMPILE
        if os.path.exists(SIC_COMPILE):
            return SIC_COMPILE
    except ImportError:
        pass
    found = shutil.which("sic-compile")
    if not found:
        raise CompileError(2, "sic-compile not found: set SIC_COMPILE or "
                              "put it on the PATH")
    return found


def compile(model, output, opt=2, checks="release", input_shapes=None,
            target_cpu=None, extra_args=()):
    """Compiles `model` (.onnx, .fb or .mlir) into `output` (its extension
    picks what: .so, .o, .h, ...) with sic-compile at -O`opt`;
    `input_shapes` maps ONNX input names to shapes (tuples). Returns
    `output`; raises CompileError with sic-compile's diagnostics."""
    command = [_find_sic_compile(), os.fspath(model), f"-O{int(opt)}",
               f"--checks={checks}", "-o", os.fspath(output)]
    for name, shape in (input_shapes or {}).items():
        command += ["--input-shape",
                    f"{name}={'x'.join(str(int(d)) for d in shape)}"]
    if target_cpu:
        command.append(f"--target-cpu={target_cpu}")
    command += list(extra_args)
    done = subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise CompileError(done.returncode, done.stderr)
    return output


__all__ = ["ANY_CONTRACT", "CompileError", "Error", "Model", "compile"]
