//===- KABase.td - ka dialect definition and enums ---------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_KA_IR_KABASE_TD
#define AIMC_DIALECT_KA_IR_KABASE_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def KA_Dialect : Dialect {
  let name = "ka";
  let cppNamespace = "::aimc::ka";
  let summary = "Hardware-independent kernel-approximation graphs on tensors";
  let description = [{
    The `ka` dialect describes random-feature kernel approximations as
    graphs on ranked, static-shape `f32` tensors, independently of the
    hardware that will run them: a seeded random projection
    `z = x * Omega^T (+ b)`, a feature map `phi(z)` approximating a kernel
    `k(x, y) ~ phi(x) . phi(y)`, a linear readout `y = phi * W + c` with a
    decision, and kernelized linear attention (Performer).

    Conventions: a batch of `N` rows `x` (`N x d`) is projected by
    `Omega` (`s x d`); feature maps see `z` (`N x s`). The RBF kernel is
    `exp(-gamma * ||x - y||^2)`: `Omega` is always sampled standard normal and
    the bandwidth `sqrt(2 * gamma)` is applied by the feature map, so one
    sampled `Omega` serves every `gamma`.

    `ka-lower` expands every op into upstream `linalg`, `tensor`, `arith`
    and `math` ops; the projections become `linalg.matmul` with the constant
    `Omega^T` as their second operand, tagged `ka.role = "projection"`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
}

def KA_ProjectionDistribution : I32EnumAttr<"ProjectionDistribution",
    "distribution of the rows of a sampled projection", [
      I32EnumAttrCase<"Gaussian", 0, "gaussian">,
      I32EnumAttrCase<"TruncatedGaussian", 1, "truncated_gaussian">,
      I32EnumAttrCase<"Orthogonal", 2, "orthogonal">,
      I32EnumAttrCase<"StructuredOrthogonal", 3, "structured_orthogonal">
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::aimc::ka";
}

def KA_ProjectionDistributionAttr
    : EnumAttr<KA_Dialect, KA_ProjectionDistribution, "distribution">;

def KA_AttentionFeatureMap : I32EnumAttr<"AttentionFeatureMap",
    "feature map of kernelized linear attention", [
      I32EnumAttrCase<"FavorPositive", 0, "favor_positive">,
      I32EnumAttrCase<"Relu", 1, "relu">
    ]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::aimc::ka";
}

def KA_AttentionFeatureMapAttr
    : EnumAttr<KA_Dialect, KA_AttentionFeatureMap, "feature_map">;

// Operand and result types: static-shape f32 matrices and vectors.
def KA_Matrix : RankedTensorOf<[F32], [HasAnyRankOfPred<[2]>,
    HasStaticShapePred], "static-shape 2-D tensor">;
def KA_Vector : RankedTensorOf<[F32], [HasAnyRankOfPred<[1]>,
    HasStaticShapePred], "static-shape 1-D tensor">;
def KA_Labels : RankedTensorOf<[I64], [HasAnyRankOfPred<[1]>,
    HasStaticShapePred], "static-shape 1-D tensor">;

class KA_Op<string mnemonic, list<Trait> traits = []>
    : Op<KA_Dialect, mnemonic, traits>;

#endif // AIMC_DIALECT_KA_IR_KABASE_TD
