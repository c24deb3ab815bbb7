"""Tests the Python bindings: sic.compile, sic.Model's signature and run
(by position and by name, in place and copied inputs), and every error a
caller can meet, each with the runtime's stable status and message.

    PYTHONPATH=build/python python3 test_bindings.py SOURCE_DIR
"""

import os
import sys
import tempfile
import threading
import unittest

import numpy

import sic

SOURCE = sys.argv.pop(1)
MLP = os.path.join(SOURCE, "examples", "mlp.mlir")


def mlp_reference(x):
    """examples/mlp.mlir in NumPy."""
    b1 = numpy.array([0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4])
    h = numpy.maximum(x.astype(numpy.float64) @ numpy.full((4, 8), 0.25) + b1,
                      0.0)
    logits = h @ numpy.full((8, 3), 0.5) + numpy.array([0.0, 1.0, 2.0])
    e = numpy.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class BindingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.library = sic.compile(MLP, os.path.join(cls.work.name, "mlp.so"))
        cls.model = sic.Model(cls.library)
        cls.x = numpy.array([[0.5, -1.0, 2.0, 0.25]], dtype=numpy.float32)

    @classmethod
    def tearDownClass(cls):
        del cls.model
        cls.work.cleanup()

    def test_signature(self):
        self.assertEqual(self.model.name, "mlp")
        self.assertEqual(self.model.inputs, [
            {"name": "x", "dtype": numpy.dtype(numpy.float32),
             "shape": (1, 4)}])
        self.assertEqual(self.model.outputs, [
            {"name": "probs", "dtype": numpy.dtype(numpy.float32),
             "shape": (1, 3)}])
        self.assertNotEqual(self.model.contract_hash, sic.ANY_CONTRACT)

    def test_run_by_name_and_position(self):
        by_name = self.model.run(x=self.x)
        by_position = self.model.run(self.x)
        self.assertEqual(list(by_name), ["probs"])
        self.assertEqual(by_name["probs"].dtype, numpy.float32)
        numpy.testing.assert_allclose(by_name["probs"],
                                      mlp_reference(self.x), rtol=1e-5)
        numpy.testing.assert_array_equal(by_name["probs"],
                                         by_position["probs"])
        # Each run returns new arrays.
        self.assertFalse(numpy.shares_memory(by_name["probs"],
                                             by_position["probs"]))

    def test_strided_and_misaligned_inputs_are_copied(self):
        wide = numpy.zeros((1, 8), dtype=numpy.float32)
        wide[:, ::2] = self.x
        strided = wide[:, ::2]
        self.assertFalse(strided.flags.c_contiguous)
        raw = numpy.zeros(17, dtype=numpy.uint8)
        misaligned = raw[1:].view(numpy.float32).reshape(1, 4)
        misaligned[...] = self.x
        want = self.model.run(x=self.x)["probs"]
        for x in (strided, misaligned):
            numpy.testing.assert_array_equal(self.model.run(x=x)["probs"],
                                             want)

    def test_runtime_errors(self):
        cases = [
            (dict(x=numpy.zeros((1, 3), numpy.float32)),
             43, "SIC_STATUS_DIM_MISMATCH",
             "model 'mlp': input 'x' (#0) dim 1: expected 4, got 3"),
            (dict(x=numpy.zeros((4,), numpy.float32)),
             42, "SIC_STATUS_RANK_MISMATCH",
             "model 'mlp': input 'x' (#0) rank: expected 2, got 1"),
            (dict(x=numpy.zeros((1, 4), numpy.int32)),
             41, "SIC_STATUS_DTYPE_MISMATCH",
             "model 'mlp': input 'x' (#0) dtype: expected f32, got i32"),
            (dict(x=numpy.zeros((1, 4), numpy.float64)),
             41, "SIC_STATUS_DTYPE_MISMATCH",
             "model 'mlp': input 'x' (#0) dtype: expected f32, got f64"),
        ]
        for inputs, status, name, message in cases:
            with self.assertRaises(sic.Error) as raised:
                self.model.run(**inputs)
            self.assertEqual((raised.exception.status, raised.exception.name,
                              raised.exception.message),
                             (status, name, message))
            self.assertEqual(str(raised.exception), f"{name}: {message}")

    def test_python_errors(self):
        with self.assertRaisesRegex(TypeError, "input 'x' is missing"):
            self.model.run()
        with self.assertRaisesRegex(TypeError,
                                    "model 'mlp' has no input 'y'"):
            self.model.run(self.x, y=self.x)
        with self.assertRaisesRegex(TypeError, "input 'x' is given twice"):
            self.model.run(self.x, x=self.x)
        with self.assertRaisesRegex(
                TypeError, "model 'mlp' takes 1 inputs, got 2 by position"):
            self.model.run(self.x, self.x)
        with self.assertRaisesRegex(
                TypeError, "input 'x' has NumPy dtype complex64, which SIC "
                           r"has no dtype for \(float16 to float64, int8 to "
                           r"int64, uint8 to uint64, bool\)"):
            self.model.run(x=self.x.astype(numpy.complex64))

    def test_open_errors(self):
        with self.assertRaises(sic.Error) as raised:
            sic.Model(self.library, contract_hash=12345)
        self.assertEqual(raised.exception.name, "SIC_STATUS_CONTRACT_MISMATCH")
        self.assertIn("contract hash: expected 0x0000000000003039 "
                      "(application)", raised.exception.message)
        same = sic.Model(self.library, self.model.contract_hash)
        self.assertEqual(same.name, "mlp")
        with self.assertRaises(sic.Error) as raised:
            sic.Model(os.path.join(self.work.name, "missing.so"))
        self.assertEqual(raised.exception.name, "SIC_STATUS_OPEN_FAILED")

    def test_compile_errors(self):
        with self.assertRaises(sic.CompileError) as raised:
            sic.compile(os.path.join(self.work.name, "missing.onnx"),
                        os.path.join(self.work.name, "out.so"))
        self.assertEqual(raised.exception.returncode, 1)
        self.assertIn("missing.onnx", raised.exception.stderr)
        with self.assertRaises(sic.CompileError) as raised:
            sic.compile(MLP, os.path.join(self.work.name, "out.so"), opt=7)
        self.assertEqual(raised.exception.returncode, 2)
        self.assertIn("-O7 is not an optimization level",
                      raised.exception.stderr)

    def test_threads_share_no_call(self):
        # Each thread its own Model: calls run concurrently, results agree.
        models = [sic.Model(self.library) for _ in range(2)]
        results = [None, None]

        def work(i):
            results[i] = models[i].run(x=self.x)["probs"]

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        numpy.testing.assert_array_equal(results[0], results[1])


STORAGE = """
sic.graph @storage(%a: tensor<3xui8> {sic.name = "a"},
                   %h: tensor<3xf16> {sic.name = "h"},
                   %b: tensor<3xbf16> {sic.name = "b"})
    -> (tensor<3xui8> {sic.name = "a2"}, tensor<3xf16> {sic.name = "h2"},
        tensor<3xbf16> {sic.name = "b2"}) {
  %ai = sic.cast %a {to = i32} : (tensor<3xui8>) -> tensor<3xi32>
  %as = sic.add %ai, %ai : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %a2 = sic.cast %as {to = ui8} : (tensor<3xi32>) -> tensor<3xui8>
  %hf = sic.cast %h {to = f32} : (tensor<3xf16>) -> tensor<3xf32>
  %hs = sic.add %hf, %hf : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %h2 = sic.cast %hs {to = f16} : (tensor<3xf32>) -> tensor<3xf16>
  %bf = sic.cast %b {to = f32} : (tensor<3xbf16>) -> tensor<3xf32>
  %bs = sic.add %bf, %bf : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %b2 = sic.cast %bs {to = bf16} : (tensor<3xf32>) -> tensor<3xbf16>
  sic.output %a2, %h2, %b2 : tensor<3xui8>, tensor<3xf16>, tensor<3xbf16>
}
"""


class StorageTypesTest(unittest.TestCase):
    """The storage-only dtypes: uint8 and float16 as NumPy has them, bf16
    as the uint16 bits of each value."""

    def test_storage_dtypes(self):
        with tempfile.TemporaryDirectory() as work:
            source = os.path.join(work, "storage.mlir")
            with open(source, "w") as f:
                f.write(STORAGE)
            model = sic.Model(sic.compile(source,
                                          os.path.join(work, "storage.so")))
            self.assertEqual([t["dtype"] for t in model.inputs],
                             [numpy.dtype(numpy.uint8),
                              numpy.dtype(numpy.float16),
                              numpy.dtype(numpy.uint16)])
            a = numpy.array([1, 200, 255], numpy.uint8)
            h = numpy.array([1.5, 40000, -0.25], numpy.float16)
            # 1.0, -2.0 and 0.5 in bfloat16.
            b = numpy.array([0x3F80, 0xC000, 0x3F00], numpy.uint16)
            out = model.run(a, h, b)
            numpy.testing.assert_array_equal(out["a2"], a + a)
            numpy.testing.assert_array_equal(out["h2"], h + h)
            numpy.testing.assert_array_equal(
                out["b2"], numpy.array([0x4000, 0xC080, 0x3F80], numpy.uint16))
            del model


if __name__ == "__main__":
    unittest.main(verbosity=2)
