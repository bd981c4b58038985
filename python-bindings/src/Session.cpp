//===- Session.cpp - Python bindings of aimc::RunSession ------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// _Session wraps aimc::RunSession: the module is compiled, JIT-compiled and
// programmed onto the simulated chip once; run() then calls entries with
// numpy arrays. aimc.Session (python-bindings/aimc/session.py) adds the
// conversions of input dtypes and the report as Python objects.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "aimc/Runner/RunSession.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace aimc;

namespace {

NpyDType dtypeOf(const py::array &array, size_t index) {
  py::dtype dtype = array.dtype();
  char kind = dtype.kind();
  py::ssize_t size = dtype.itemsize();
  if (dtype.attr("isnative").cast<bool>()) {
    if (kind == 'f' && size == 4)
      return NpyDType::Float32;
    if (kind == 'f' && size == 8)
      return NpyDType::Float64;
    if (kind == 'i' && size == 8)
      return NpyDType::Int64;
    if (kind == 'i' && size == 4)
      return NpyDType::Int32;
  }
  throw py::type_error(llvm::formatv("input {0} has dtype {1}; aimc passes "
                                     "native float32, float64, int64 and "
                                     "int32",
                                     index, std::string(py::str(dtype)))
                           .str());
}

NpyArray toNpy(const py::array &input, size_t index) {
  NpyDType dtype = dtypeOf(input, index);
  std::vector<int64_t> shape(input.shape(), input.shape() + input.ndim());
  NpyArray array(dtype, shape);
  // A C-contiguous copy in host order (forcecast keeps the dtype).
  py::array contiguous =
      py::array::ensure(input, py::array::c_style | py::array::forcecast);
  if (!contiguous)
    throw py::error_already_set();
  if (!array.bytes.empty()) // data() may be null for empty arrays
    std::memcpy(array.bytes.data(), contiguous.data(), array.bytes.size());
  return array;
}

py::array fromNpy(const NpyArray &array) {
  py::dtype dtype;
  switch (array.dtype) {
  case NpyDType::Float32:
    dtype = py::dtype::of<float>();
    break;
  case NpyDType::Float64:
    dtype = py::dtype::of<double>();
    break;
  case NpyDType::Int64:
    dtype = py::dtype::of<int64_t>();
    break;
  case NpyDType::Int32:
    dtype = py::dtype::of<int32_t>();
    break;
  }
  py::array out(dtype, array.shape);
  if (!array.bytes.empty())
    std::memcpy(out.mutable_data(), array.bytes.data(), array.bytes.size());
  return out;
}

/// [(dtype name, shape with None for dynamic sizes)] of arguments/results.
py::list describeSpecs(llvm::ArrayRef<ArraySpec> specs) {
  py::list out;
  for (const ArraySpec &spec : specs) {
    py::list shape;
    for (int64_t size : spec.shape)
      shape.append(size < 0 ? py::object(py::none()) : py::int_(size));
    out.append(py::make_tuple(npyDTypeName(spec.dtype), py::tuple(shape)));
  }
  return out;
}

/// Generated code reaches its chip through its module's own handle
/// (aimc::bindRuntimeChip), so sessions are independent and run in parallel
/// once the GIL is released. One RunSession is not thread-safe: calls on
/// the same session are serialised by its own mutex.
class PySession {
  /// Runs `body` without the GIL while holding this session's mutex.
  template <typename Body> auto withChip(Body body) const {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex);
    return body();
  }

public:
  PySession(const std::string &source, const std::string &name,
            const RunOptions &options) {
    llvm::Expected<std::unique_ptr<RunSession>> created = withChip(
        [&] { return RunSession::createFromSource(source, options, name); });
    if (!created)
      throw python::CompileError(llvm::toString(created.takeError()));
    session = std::move(*created);
  }

  std::vector<std::string> entries() const { return session->getEntryNames(); }

  py::dict signature(const std::string &entry) const {
    llvm::Expected<EntrySignature> signature = session->getSignature(entry);
    if (!signature)
      throw python::RunError(llvm::toString(signature.takeError()));
    py::dict out;
    out["args"] = describeSpecs(signature->args);
    out["results"] = describeSpecs(signature->results);
    return out;
  }

  py::list run(const std::string &entry, const std::vector<py::array> &args) {
    std::vector<NpyArray> inputs;
    inputs.reserve(args.size());
    for (size_t i = 0; i < args.size(); ++i)
      inputs.push_back(toNpy(args[i], i));
    llvm::Expected<std::vector<NpyArray>> results =
        withChip([&] { return session->run(entry, std::move(inputs)); });
    if (!results)
      throw python::RunError(llvm::toString(results.takeError()));
    py::list out;
    for (const NpyArray &result : *results)
      out.append(fromNpy(result));
    return out;
  }

  std::string reportJSON() const {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << withChip([&] { return session->report(); }).toJSON();
    return text;
  }

  std::string reportText() const {
    std::string text;
    llvm::raw_string_ostream os(text);
    withChip([&] { return session->report(); }).printText(os);
    return text;
  }

  void resetStats() {
    withChip([&] { session->resetStats(); });
  }

  void setInferenceTime(double t) {
    llvm::Error error = withChip([&] { return session->setInferenceTime(t); });
    if (error)
      throw py::value_error(llvm::toString(std::move(error)));
  }

  void reprogram(uint64_t seed, double t) {
    llvm::Error error = withChip([&] { return session->reprogram(seed, t); });
    if (error)
      throw py::value_error(llvm::toString(std::move(error)));
  }

  std::map<int64_t, uint64_t> readNoisePositions() const {
    return withChip([&] { return session->getReadNoisePositions(); });
  }

  void setReadNoisePositions(const std::map<int64_t, uint64_t> &positions) {
    llvm::Error error =
        withChip([&] { return session->setReadNoisePositions(positions); });
    if (error)
      throw python::RunError(llvm::toString(std::move(error)));
  }
  int64_t numTiles() const { return session->getNumTiles(); }
  double compileSeconds() const { return session->getCompileSeconds(); }

private:
  std::unique_ptr<RunSession> session;
  mutable std::mutex mutex;
};

} // namespace

void aimc::python::populateSession(py::module_ &m) {
  py::class_<PySession>(m, "_Session")
      .def(py::init([](const std::string &source, const std::string &name,
                       const py::dict &options) {
             return std::make_unique<PySession>(source, name,
                                                makeRunOptions(options));
           }),
           py::arg("source"), py::arg("name"), py::arg("options"))
      .def("entries", &PySession::entries)
      .def("signature", &PySession::signature, py::arg("entry"))
      .def("run", &PySession::run, py::arg("entry"), py::arg("inputs"))
      .def("report_json", &PySession::reportJSON)
      .def("report_text", &PySession::reportText)
      .def("reset_stats", &PySession::resetStats)
      .def("set_inference_time", &PySession::setInferenceTime, py::arg("t"))
      .def("reprogram", &PySession::reprogram, py::arg("seed"), py::arg("t"))
      .def("read_noise_positions", &PySession::readNoisePositions)
      .def("set_read_noise_positions", &PySession::setReadNoisePositions,
           py::arg("positions"))
      .def_property_readonly("num_tiles", &PySession::numTiles)
      .def_property_readonly("compile_seconds", &PySession::compileSeconds);
}
