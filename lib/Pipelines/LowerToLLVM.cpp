//===- LowerToLLVM.cpp - The aimc-lower-to-llvm pipeline ------------------===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#include "aimc/Pipelines/Pipelines.h"

#include "aimc/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void aimc::buildLowerToLLVMPipeline(OpPassManager &pm,
                                    const LowerToLLVMOptions &options) {
  // Entry points: C wrappers for the host, tensor-level signature recorded.
  if (options.emitCInterface)
    pm.addPass(createEmitCInterfacePass());

  // Tensor level: elementwise arith/math on tensors become linalg.generic.
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  // Transcendentals as inline polynomials: no libm calls in the loops, so
  // LLVM vectorises them.
  if (options.approximateMath)
    pm.addPass(createApproximateMathPass());

  // Bufferization across function boundaries. Public functions take and
  // return memrefs with identity layouts, i.e. plain contiguous arrays.
  // Results assembled with tensor.insert_slice (e.g. [cos | sin] of RFF) are
  // computed in place in the destination instead of being copied into it.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createEmptyTensorToAllocTensorPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Ownership-based deallocation: every buffer allocated inside is freed,
  // except returned ones, whose ownership passes to the caller (a returned
  // argument or constant is cloned first).
  bufferization::buildBufferDeallocationPipeline(pm);
  // The clones that deallocation inserted become alloc + copy.
  pm.addPass(createConvertBufferizationToMemRefPass());
  // Every static buffer fits the memory budget (a failed malloc in the
  // compiled code would crash).
  pm.addPass(createCheckBufferSizesPass());

  // Loops, then control flow. Contractions get a vectorisable loop order
  // first (bit-identical results).
  // Binary readouts (one output column) as vector code over 16x16
  // transposed tiles, contiguous loads instead of strided columns.
  pm.addNestedPass<func::FuncOp>(createVectorizeMatvecPass());
  pm.addNestedPass<func::FuncOp>(createInterchangeContractionsPass());
  // Strided copies become loops rather than calls of memrefCopy, which
  // copies element by element.
  pm.addNestedPass<func::FuncOp>(createLowerStridedCopiesPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Vector ops (aimc-vectorize-matvec): transposes as 16x16 shuffles.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));

  // LLVM dialect. Math ops with an LLVM intrinsic become intrinsics, the
  // rest calls into libm (resolved from the host process by the JIT).
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // memref.alloc becomes aligned_alloc rather than malloc plus pointer
  // arithmetic: the integer round trip of the alignment would hide from
  // LLVM's alias analysis that every buffer is a distinct object, and loops
  // that read a table with a computed index (the exact range reduction of
  // aimc-approximate-math) would stay scalar ("cannot identify array
  // bounds").
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void aimc::registerPipelines() {
  // The registry aborts on a second registration of the same pipeline.
  static bool registered = [] {
    registerAIMCPipelinesPasses();
    PassPipelineRegistration<LowerToLLVMOptions>(
        "aimc-lower-to-llvm",
        "Lower upstream tensor-level IR (func, arith, math, tensor, linalg) "
        "to the LLVM dialect for execution by mlir::ExecutionEngine",
        buildLowerToLLVMPipeline);
    PassPipelineRegistration<CompileOptions>(
        "aimc-compile",
        "Compile a ka, linalg or aimc model for the simulated AIMC chip: "
        "partition, tile, place, analog ops to runtime calls, digital-op "
        "counting, lowering to the LLVM dialect",
        buildCompilePipeline);
    return true;
  }();
  (void)registered;
}
