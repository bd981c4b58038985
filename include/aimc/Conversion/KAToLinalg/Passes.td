//===- Passes.td - ka dialect passes -----------------------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_CONVERSION_KATOLINALG_PASSES_TD
#define AIMC_CONVERSION_KATOLINALG_PASSES_TD

include "mlir/Pass/PassBase.td"

def KALower : Pass<"ka-lower"> {
  let summary = "Expand ka ops into upstream linalg/tensor/arith/math ops";
  let description = [{
    Rewrites every `ka` op into upstream ops on tensors, preserving its exact
    semantics:

    - `ka.sample_projection` and `ka.sample_phase` become `arith.constant`s
      (the sampled values);
    - `ka.projection` becomes `linalg.matmul ins(%x, %omega_t)` whose second
      operand is an `arith.constant` holding `Omega^T` (`d x s`), tagged with
      the discardable attribute `ka.role = "projection"`, plus a broadcast
      bias add (`linalg.generic`);
    - feature maps become `linalg.generic` ops with `arith`/`math` bodies
      (and `tensor.insert_slice` to concatenate two halves);
    - `ka.readout` becomes `linalg.matmul` tagged `ka.role = "readout"` plus
      the bias add;
    - decisions become `linalg.generic` (clamp/round, argmax reduction);
    - `ka.linear_attention` becomes two tagged projections sharing one
      `Omega^T` constant, the feature maps, `linalg.transpose`,
      `linalg.matmul`, `linalg.matvec` and a row-wise division.

    The projection matrix of `ka.projection` and `ka.linear_attention` must
    be a constant (`ka.sample_projection` or `arith.constant`); otherwise
    the pass fails with an error at the op.

    Example: `aimc-opt --ka-lower model.mlir`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // AIMC_CONVERSION_KATOLINALG_PASSES_TD
