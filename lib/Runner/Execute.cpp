//===- Execute.cpp - JIT-compile a model and call its entry ---------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The entry is called through its C interface,
//   void _mlir_ciface_<entry>(Results *results, Desc0 *arg0, Desc1 *arg1, ...)
// where a memref descriptor of rank r is
//   struct { T *allocated; T *aligned; int64_t offset;
//            int64_t sizes[r]; int64_t strides[r]; }
// and `Results` is the descriptor of the single result, or a struct of one
// descriptor per result (all fields are 8 bytes, so the descriptors follow
// each other without padding); the `results` parameter is absent when the
// entry returns nothing. Returned buffers are owned by the caller (the
// ownership-based deallocation ABI of aimc-lower-to-llvm) and come from
// the module's malloc, which the JIT binds to aimc::BufferCache (as its
// free), so they are released with releaseJitBuffer.
//
//===----------------------------------------------------------------------===//

#include "aimc/Runner/BufferCache.h"
#include "aimc/Runner/Runner.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>

using namespace mlir;
using namespace aimc;

#ifndef AIMC_MLIR_C_RUNNER_UTILS
#define AIMC_MLIR_C_RUNNER_UTILS ""
#endif

void aimc::initializeNativeTargetForJIT() {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
}

namespace {

/// Number of 64-bit words of a rank-`rank` memref descriptor.
size_t descriptorWords(size_t rank) { return 3 + 2 * rank; }

/// A memref descriptor viewing `array` as a contiguous row-major buffer.
std::vector<int64_t> describeArray(NpyArray &array) {
  size_t rank = array.shape.size();
  std::vector<int64_t> words(descriptorWords(rank));
  auto base = reinterpret_cast<int64_t>(array.bytes.data());
  words[0] = base; // allocated
  words[1] = base; // aligned
  words[2] = 0;    // offset
  int64_t stride = 1;
  for (size_t d = rank; d-- > 0;) {
    words[3 + d] = array.shape[d];
    words[3 + rank + d] = stride;
    stride *= array.shape[d];
  }
  return words;
}

/// Copies the (possibly strided) memref described by `desc` into an array.
llvm::Expected<NpyArray> copyResult(const ArraySpec &spec, const int64_t *desc,
                                    size_t index) {
  size_t rank = spec.shape.size();
  const char *aligned = reinterpret_cast<const char *>(desc[1]);
  int64_t offset = desc[2];
  const int64_t *sizes = desc + 3;
  const int64_t *strides = desc + 3 + rank;
  std::vector<int64_t> shape(sizes, sizes + rank);
  for (auto [d, size] : llvm::enumerate(shape)) {
    int64_t expected = spec.shape[d];
    if (size < 0 || (!ShapedType::isDynamic(expected) && size != expected))
      return llvm::createStringError(llvm::formatv(
          "result #{0} came back with size {1} in dimension {2}, expected {3}",
          index, size, d, spec.str()));
  }
  NpyArray array(spec.dtype, shape);
  size_t itemSize = npyDTypeSize(spec.dtype);
  int64_t count = array.numElements();
  if (count > 0 && !aligned)
    return llvm::createStringError(
        llvm::formatv("result #{0} came back without a buffer", index));
  // Row-major contiguous (the usual case): one copy.
  bool contiguous = true;
  for (int64_t d = rank, stride = 1; d-- > 0;) {
    if (shape[d] > 1 && strides[d] != stride)
      contiguous = false;
    stride *= shape[d];
  }
  if (contiguous) {
    if (count > 0)
      std::memcpy(array.bytes.data(), aligned + offset * itemSize,
                  array.bytes.size());
    return array;
  }
  llvm::SmallVector<int64_t> position(rank, 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t element = offset;
    for (size_t d = 0; d < rank; ++d)
      element += position[d] * strides[d];
    std::memcpy(array.bytes.data() + linear * itemSize,
                aligned + element * itemSize, itemSize);
    for (size_t d = rank; d-- > 0;) {
      if (++position[d] < shape[d])
        break;
      position[d] = 0;
    }
  }
  return array;
}

/// Frees the buffers of returned memrefs once, whatever happens.
class ReturnedBuffers {
public:
  ReturnedBuffers(llvm::ArrayRef<NpyArray> inputs) {
    for (const NpyArray &input : inputs)
      inputRanges.emplace_back(input.bytes.data(),
                               input.bytes.data() + input.bytes.size());
  }
  ~ReturnedBuffers() {
    for (void *pointer : owned)
      releaseJitBuffer(pointer);
  }
  void adopt(void *allocated) {
    // memref.get_global yields 0xdeadbeef as the allocated pointer of a
    // constant; the ownership ABI copies constants and arguments before
    // returning them, so these checks only guard hand-written modules.
    if (!allocated || reinterpret_cast<uintptr_t>(allocated) == 0xdeadbeef)
      return;
    for (auto [begin, end] : inputRanges)
      if (allocated >= begin && allocated < end)
        return;
    owned.insert(allocated);
  }

private:
  llvm::SmallVector<std::pair<const void *, const void *>> inputRanges;
  llvm::DenseSet<void *> owned;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

bool isRuntimeFunction(llvm::StringRef name) {
  return name.starts_with("aimc_rt_") ||
         name.starts_with("_mlir_ciface_aimc_rt_");
}

} // namespace

llvm::Expected<std::unique_ptr<JitModule>>
aimc::JitModule::create(ModuleOp lowered, RunBackend &backend) {
  // The runtime: every aimc_rt_* function the module declares must come
  // from the backend, every other declared function from the host process
  // (libc, libm) or MLIR's C runner utilities (memrefCopy). Unused
  // declarations need nothing.
  RuntimeSymbolMap symbols;
  backend.addRuntimeSymbols(symbols);
  // Heap buffers of the module: reused across calls (BufferCache.h).
  symbols["malloc"] = reinterpret_cast<void *>(&aimc_jit_malloc);
  symbols["aligned_alloc"] = reinterpret_cast<void *>(&aimc_jit_aligned_alloc);
  symbols["free"] = reinterpret_cast<void *>(&aimc_jit_free);
  bool loadRunnerUtils = lowered.lookupSymbol("memrefCopy") &&
                         std::strlen(AIMC_MLIR_C_RUNNER_UTILS) > 0;
  std::unique_ptr<JitModule> jit(new JitModule());
  for (auto func : lowered.getOps<LLVM::LLVMFuncOp>()) {
    StringRef name = func.getSymName();
    // Only functions with external linkage can be looked up.
    if (!func.isExternal() && func.getLinkage() == LLVM::Linkage::External)
      jit->functions.insert(name);
    if (!func.isExternal() || symbols.count(name) ||
        SymbolTable::symbolKnownUseEmpty(func, lowered))
      continue;
    if (isRuntimeFunction(name))
      return llvm::createStringError(llvm::formatv(
          "the module calls the analog runtime function @{0}, which the {1} "
          "backend does not provide",
          name, backend.describe()));
    if ((name == "memrefCopy" && loadRunnerUtils) ||
        ::dlsym(RTLD_DEFAULT, name.str().c_str()))
      continue;
    return llvm::createStringError(llvm::formatv(
        "the module calls @{0}, which is neither defined in the module nor "
        "provided by the host process or the {1} backend",
        name, backend.describe()));
  }

  // Generated code reaches its chip through the module's own handle.
  bool bound = bindRuntimeChip(lowered);

  initializeNativeTargetForJIT();
  registerBuiltinDialectTranslation(*lowered.getContext());
  registerLLVMDialectTranslation(*lowered.getContext());
  ExecutionEngineOptions engineOptions;
  // Optimise for the host CPU: with its target machine, LLVM's loop
  // vectoriser knows the SIMD width and vectorises the elementwise loops of
  // the digital feature maps (aimc-approximate-math leaves no libm calls in
  // them). The engine then owns the same target machine for code
  // generation.
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> hostBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!hostBuilder)
    return llvm::createStringError(
        "cannot describe the host CPU for the JIT: " +
        llvm::toString(hostBuilder.takeError()));
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> hostMachine =
      hostBuilder->createTargetMachine();
  if (!hostMachine)
    return llvm::createStringError("cannot create the JIT's target machine: " +
                                   llvm::toString(hostMachine.takeError()));
  // ExecutionEngineOptions::transformer is a function_ref: the callable
  // must outlive ExecutionEngine::create.
  std::function<llvm::Error(llvm::Module *)> optimizeForHost =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                hostMachine->get());
  engineOptions.transformer = optimizeForHost;
  // Non-contiguous memref copies call memrefCopy from MLIR's C runner
  // utilities; load them only when needed.
  llvm::SmallVector<llvm::StringRef, 1> libraries;
  if (loadRunnerUtils)
    libraries.push_back(AIMC_MLIR_C_RUNNER_UTILS);
  engineOptions.sharedLibPaths = libraries;
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  // AIMC_JIT_OBJECT=<file>: write the JIT-compiled machine code there, to
  // inspect the generated code (objdump -d <file>).
  const char *objectDump = std::getenv("AIMC_JIT_OBJECT");
  engineOptions.enableObjectDump = objectDump && *objectDump;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(lowered, engineOptions, std::move(*hostMachine));
  if (!engine)
    return llvm::createStringError("JIT compilation failed: " +
                                   llvm::toString(engine.takeError()));
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap map;
    for (const auto &entry : symbols)
      map[interner(entry.getKey())] = llvm::orc::ExecutorSymbolDef(
          llvm::orc::ExecutorAddr::fromPtr(entry.getValue()),
          llvm::JITSymbolFlags::Exported);
    return map;
  });
  (*engine)->initialize();
  jit->engine = std::move(*engine);
  // Looking a function up compiles the whole module, so that calls are
  // timed alone.
  for (const auto &function : jit->functions) {
    llvm::Expected<void (*)(void **)> packed =
        jit->engine->lookupPacked(function.getKey());
    if (!packed)
      return llvm::createStringError("JIT compilation failed: " +
                                     llvm::toString(packed.takeError()));
    break;
  }
  if (bound) {
    llvm::Expected<void *> handle = jit->engine->lookup(kRuntimeChipGlobal);
    if (!handle)
      return llvm::createStringError("JIT lookup of the chip handle failed: " +
                                     llvm::toString(handle.takeError()));
    jit->chipSlot = static_cast<void **>(*handle);
    backend.bindChip(jit->chipSlot);
  }
  if (objectDump && *objectDump)
    jit->engine->dumpToObjectFile(objectDump);
  return std::move(jit);
}

aimc::JitModule::~JitModule() = default;

bool aimc::JitModule::hasFunction(llvm::StringRef name) const {
  return functions.contains(name);
}

void aimc::JitModule::rebindChip(RunBackend &backend) {
  if (chipSlot)
    backend.bindChip(chipSlot);
}

llvm::Error aimc::JitModule::callVoid(llvm::StringRef name, RunBackend &backend,
                                      RunReport &report) {
  if (!hasFunction(name))
    return llvm::createStringError(
        llvm::formatv("the module defines no function @{0}", name));
  llvm::Expected<void (*)(void **)> packed = engine->lookupPacked(name);
  if (!packed)
    return llvm::createStringError(
        "JIT lookup of @" + name.str() +
        " failed: " + llvm::toString(packed.takeError()));
  if (llvm::Error error = backend.beforeCall())
    return error;
  void *noArgs = nullptr;
  {
    BufferCache::Scope scope(buffers);
    (*packed)(&noArgs);
  }
  return backend.afterCall(report);
}

llvm::Expected<std::vector<NpyArray>>
aimc::JitModule::callEntry(const EntrySignature &signature,
                           std::vector<NpyArray> &inputs, RunBackend &backend,
                           RunReport &report) {
  if (llvm::Error error = checkInputs(signature, inputs, {}))
    return std::move(error);
  std::string cInterface = "_mlir_ciface_" + signature.name;
  if (!hasFunction(cInterface))
    return llvm::createStringError(llvm::formatv(
        "entry function @{0} has no C interface (@{1}); give it the "
        "llvm.emit_c_interface attribute before lowering",
        signature.name, cInterface));
  llvm::Expected<void (*)(void **)> packed = engine->lookupPacked(cInterface);
  if (!packed)
    return llvm::createStringError("JIT compilation failed: " +
                                   llvm::toString(packed.takeError()));

  // Arguments: a pointer to each argument value, the value being a pointer
  // to a memref descriptor; the result storage comes first.
  std::vector<std::vector<int64_t>> argDescriptors;
  for (NpyArray &input : inputs)
    argDescriptors.push_back(describeArray(input));
  size_t resultWords = 0;
  for (const ArraySpec &spec : signature.results)
    resultWords += descriptorWords(spec.shape.size());
  std::vector<int64_t> resultStorage(resultWords, 0);
  std::vector<void *> pointers;
  if (!signature.results.empty())
    pointers.push_back(resultStorage.data());
  for (std::vector<int64_t> &descriptor : argDescriptors)
    pointers.push_back(descriptor.data());
  std::vector<void *> packedArgs;
  for (void *&pointer : pointers)
    packedArgs.push_back(&pointer);

  if (llvm::Error error = backend.beforeCall())
    return std::move(error);
  // The module's heap buffers (and the results) come from `buffers`.
  BufferCache::Scope scope(buffers);
  auto callStart = std::chrono::steady_clock::now();
  (*packed)(packedArgs.data());
  report.wallSeconds = secondsSince(callStart);

  // Take ownership of every returned buffer before anything can fail.
  ReturnedBuffers returned(inputs);
  size_t offset = 0;
  for (const ArraySpec &spec : signature.results) {
    returned.adopt(reinterpret_cast<void *>(resultStorage[offset]));
    offset += descriptorWords(spec.shape.size());
  }
  if (llvm::Error error = backend.afterCall(report))
    return std::move(error);

  std::vector<NpyArray> results;
  offset = 0;
  for (auto [i, spec] : llvm::enumerate(signature.results)) {
    llvm::Expected<NpyArray> array =
        copyResult(spec, resultStorage.data() + offset, i);
    if (!array)
      return array.takeError();
    results.push_back(std::move(*array));
    offset += descriptorWords(spec.shape.size());
  }
  return results;
}

llvm::Expected<std::vector<NpyArray>>
aimc::executeEntry(ModuleOp lowered, const EntrySignature &signature,
                   std::vector<NpyArray> &inputs, RunBackend &backend,
                   RunReport &report) {
  if (llvm::Error error = checkInputs(signature, inputs, {}))
    return std::move(error);
  auto compileStart = std::chrono::steady_clock::now();
  llvm::Expected<std::unique_ptr<JitModule>> jit =
      JitModule::create(lowered, backend);
  if (!jit)
    return jit.takeError();
  report.compileSeconds += secondsSince(compileStart);
  return (*jit)->callEntry(signature, inputs, backend, report);
}
