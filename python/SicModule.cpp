//===- SicModule.cpp - The sic._sic extension: models through the runtime
//--===//
//
// Model opens a compiled model.so through the C runtime and runs it on
// NumPy arrays. Every check is the runtime's: an input is bound as the
// array describes it (dtype, shape, bytes), and a failed call raises
// sic.Error with the runtime's stable status and message. An input array
// that is C-contiguous and aligned as the model asks is bound in place;
// any other is copied once into aligned memory. Outputs are new arrays.
//
//===----------------------------------------------------------------------===//

#include "sic/runtime.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

/// sic.Error, set from Python when the package loads (__init__.py).
py::object errorType;

/// Raises sic.Error(status, name, message).
[[noreturn]] void raise(sic_status_t status, const char *message) {
  PyErr_SetObject(
      errorType.ptr(),
      py::make_tuple(int(status), sic_status_name(status), message).ptr());
  throw py::error_already_set();
}

/// The NumPy dtypes of SIC's dtypes, by sic_dtype_t. NumPy has no bfloat16:
/// a bf16 tensor is exchanged as its bits, in uint16.
const char *const kNumpyNames[] = {
    nullptr, "float32", "int32",  "int64",  "bool",   "float64", "int8",
    "uint8", "int16",   "uint16", "uint32", "uint64", "float16", "uint16"};

/// The NumPy dtype of a SIC dtype.
py::dtype toNumpy(uint32_t dtype) { return py::dtype(kNumpyNames[dtype]); }

/// The SIC dtype of a NumPy dtype for a tensor the model declares `wanted`,
/// or 0 when SIC has none.
uint32_t fromNumpy(const py::dtype &dtype, uint32_t wanted) {
  if (wanted == SIC_DTYPE_BF16 && dtype.equal(py::dtype("uint16")))
    return SIC_DTYPE_BF16;
  for (uint32_t code = SIC_DTYPE_F32; code < SIC_DTYPE_BF16; ++code)
    if (dtype.equal(py::dtype(kNumpyNames[code])))
      return code;
  return 0;
}

/// `bytes` of memory aligned to `alignment`, freed with std::free.
void *allocateAligned(size_t bytes, size_t alignment) {
  size_t size = (bytes + alignment - 1) / alignment * alignment;
  void *data = std::aligned_alloc(alignment, size ? size : alignment);
  if (!data)
    throw std::bad_alloc();
  return data;
}

/// An array of `desc`'s shape and dtype in aligned memory it owns.
py::array makeOutput(const sic_tensor_desc_t &desc) {
  size_t alignment = std::max<uint64_t>(desc.alignment, 64);
  void *data = allocateAligned(desc.byte_size, alignment);
  py::capsule owner(data, [](void *p) { std::free(p); });
  std::vector<py::ssize_t> shape(desc.dims, desc.dims + desc.rank);
  return py::array(toNumpy(desc.dtype), shape, data, owner);
}

/// The signature of one input or output, as Python sees it.
py::dict describe(const sic_tensor_desc_t &desc) {
  py::dict info;
  info["name"] = desc.name;
  info["dtype"] = toNumpy(desc.dtype);
  info["shape"] = py::tuple(
      py::cast(std::vector<int64_t>(desc.dims, desc.dims + desc.rank)));
  return info;
}

/// An open model and the context it runs in.
class Model {
public:
  Model(const std::string &path, uint64_t expectedHash, uint32_t threads) {
    sic_error_t error;
    sic_status_t status =
        sic_model_open(path.c_str(), expectedHash, &model, &error);
    if (status != SIC_STATUS_OK)
      raise(status, error.message);
    sic_context_options_t options = {};
    options.threads = threads;
    status = sic_context_create_with_options(model, &options, &context, &error);
    if (status != SIC_STATUS_OK) {
      sic_model_close(model);
      raise(status, error.message);
    }
  }
  ~Model() {
    sic_context_destroy(context);
    sic_model_close(model);
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;

  std::string name() const { return sic_model_name(model); }
  uint64_t contractHash() const { return sic_model_contract_hash(model); }
  py::list inputs() const {
    py::list list;
    for (uint32_t i = 0; i < sic_model_num_inputs(model); ++i)
      list.append(describe(*sic_model_input(model, i)));
    return list;
  }
  py::list outputs() const {
    py::list list;
    for (uint32_t i = 0; i < sic_model_num_outputs(model); ++i)
      list.append(describe(*sic_model_output(model, i)));
    return list;
  }

  /// Runs the model on inputs by position, then by name; returns a dict of
  /// the outputs by name, in signature order.
  py::dict run(const py::args &positional, const py::kwargs &named) {
    uint32_t count = sic_model_num_inputs(model);
    std::vector<py::object> given(count);
    if (positional.size() > count)
      throw py::type_error("model '" + name() + "' takes " +
                           std::to_string(count) + " inputs, got " +
                           std::to_string(positional.size()) + " by position");
    for (size_t i = 0; i < positional.size(); ++i)
      given[i] = positional[i];
    for (auto [key, value] : named) {
      std::string inputName = py::cast<std::string>(key);
      uint32_t index = 0;
      while (index < count && inputName != sic_model_input(model, index)->name)
        ++index;
      if (index == count)
        throw py::type_error("model '" + name() + "' has no input '" +
                             inputName + "'");
      if (given[index])
        throw py::type_error("input '" + inputName + "' is given twice");
      given[index] = py::reinterpret_borrow<py::object>(value);
    }

    std::vector<py::array> arrays;
    std::vector<std::unique_ptr<void, decltype(&std::free)>> copies;
    std::vector<std::vector<int64_t>> dims(count);
    std::vector<sic_tensor_t> inputs(count);
    for (uint32_t i = 0; i < count; ++i) {
      const sic_tensor_desc_t &desc = *sic_model_input(model, i);
      if (!given[i])
        throw py::type_error("input '" + std::string(desc.name) +
                             "' is missing");
      py::array array = py::array::ensure(given[i]);
      if (!array)
        throw py::type_error("input '" + std::string(desc.name) +
                             "' is not an array");
      uint32_t dtype = fromNumpy(array.dtype(), desc.dtype);
      if (!dtype)
        throw py::type_error("input '" + std::string(desc.name) +
                             "' has NumPy dtype " +
                             py::str(array.dtype()).cast<std::string>() +
                             ", which SIC has no dtype for (float16 to "
                             "float64, int8 to int64, uint8 to uint64, "
                             "bool)");
      dims[i].assign(array.shape(), array.shape() + array.ndim());
      size_t bytes = size_t(array.nbytes());
      const void *data = array.data();
      bool inPlace = (array.flags() & py::array::c_style) &&
                     uintptr_t(data) % desc.alignment == 0;
      if (!inPlace) {
        // One copy, C-contiguous and aligned.
        py::array contiguous =
            py::array::ensure(array, py::array::c_style | py::array::forcecast);
        void *copy = allocateAligned(bytes, desc.alignment);
        std::memcpy(copy, contiguous.data(), bytes);
        copies.emplace_back(copy, &std::free);
        data = copy;
      }
      arrays.push_back(array);
      inputs[i] = {const_cast<void *>(data), sic_dtype_t(dtype),
                   uint32_t(array.ndim()), dims[i].data(), bytes};
    }

    uint32_t numOutputs = sic_model_num_outputs(model);
    std::vector<py::array> results;
    std::vector<sic_tensor_t> outputs(numOutputs);
    for (uint32_t i = 0; i < numOutputs; ++i) {
      const sic_tensor_desc_t &desc = *sic_model_output(model, i);
      results.push_back(makeOutput(desc));
      outputs[i] = {results.back().mutable_data(), sic_dtype_t(desc.dtype),
                    desc.rank, desc.dims, size_t(desc.byte_size)};
    }
    sic_status_t status;
    {
      py::gil_scoped_release release;
      status = sic_context_run(context, inputs.data(), count, outputs.data(),
                               numOutputs);
    }
    if (status != SIC_STATUS_OK)
      raise(status, sic_context_last_error(context));
    py::dict result;
    for (uint32_t i = 0; i < numOutputs; ++i)
      result[sic_model_output(model, i)->name] = results[i];
    return result;
  }

private:
  sic_model_t *model = nullptr;
  sic_context_t *context = nullptr;
};

} // namespace

PYBIND11_MODULE(_sic, m) {
  m.doc() = "SIC's runtime: compiled models run on NumPy arrays";
  m.attr("ANY_CONTRACT") = uint64_t(SIC_ANY_CONTRACT);
  m.def("_set_error_type", [](py::object type) { errorType = type; });
  py::class_<Model>(m, "Model")
      .def(py::init<const std::string &, uint64_t, uint32_t>(), py::arg("path"),
           py::arg("contract_hash") = uint64_t(SIC_ANY_CONTRACT),
           py::arg("threads") = uint32_t(1))
      .def_property_readonly("name", &Model::name)
      .def_property_readonly("contract_hash", &Model::contractHash)
      .def_property_readonly("inputs", &Model::inputs)
      .def_property_readonly("outputs", &Model::outputs)
      .def("run", &Model::run);
}
