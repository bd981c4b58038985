//===- KAOps.td - ka dialect operations --------------------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_KA_IR_KAOPS_TD
#define AIMC_DIALECT_KA_IR_KAOPS_TD

include "aimc/Dialect/KA/IR/KABase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Projection
//===----------------------------------------------------------------------===//

def KA_SampleProjectionOp : KA_Op<"sample_projection", [Pure]> {
  let summary = "a seeded random projection matrix Omega";
  let description = [{
    Produces the `s x d` projection `Omega` sampled from `distribution` with
    the 64-bit `seed` (reinterpreted as unsigned) by the `AIMCSampling`
    library (see docs/Sampling.md):
    the same seed gives bit-identical values on every machine. Entries are
    sampled in double precision and rounded to `f32`.

    - `gaussian`: i.i.d. standard normal entries (random Fourier features).
    - `truncated_gaussian`: standard normal, redrawn while `|value| > 3`.
    - `orthogonal`: orthogonal random features (ORF): stacked `d x d` blocks
      of a Haar-random orthogonal matrix whose rows are scaled by chi(d)
      norms, so that rows are marginally standard normal.
    - `structured_orthogonal`: SORF blocks `sqrt(d') H D1 H D2 H D3` with the
      normalised Hadamard `H` (`d'` = next power of two >= d), first `d`
      columns.

    The op folds to a dense constant, so `canonicalize` materialises it as an
    `arith.constant`. Any op that takes `Omega` equally accepts an explicit
    `arith.constant`.

    Example:

    ```mlir
    %omega = ka.sample_projection orthogonal seed(42) : tensor<507x16xf32>
    ```
  }];
  let arguments = (ins KA_ProjectionDistributionAttr:$distribution,
                       I64Attr:$seed);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    `` $distribution `seed` `(` $seed `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The sampled Omega as a dense f32 attribute of the result type.
    ::mlir::DenseElementsAttr sample();
  }];
}

def KA_SamplePhaseOp : KA_Op<"sample_phase", [Pure]> {
  let summary = "seeded random phases b ~ U(0, 2 pi) for ka.rff_cos";
  let description = [{
    Produces `s` phases `b[i] = 2 pi u_i`, `u_i` uniform in `(0, 1)`, drawn
    with the 64-bit `seed` (reinterpreted as unsigned) from a CounterRNG
    stream of their own (`AIMCSampling`, `aimc::samplePhases`), for the
    random-phase cosine features `ka.rff_cos`. Sampled in double precision and
    rounded to `f32`. Folds to a dense constant like `ka.sample_projection`.

    Example:

    ```mlir
    %phase = ka.sample_phase seed(7) : tensor<64xf32>
    ```
  }];
  let arguments = (ins I64Attr:$seed);
  let results = (outs KA_Vector:$result);
  let assemblyFormat = [{
    `seed` `(` $seed `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The sampled phases as a dense f32 attribute of the result type.
    ::mlir::DenseElementsAttr sample();
  }];
}

def KA_ProjectionOp : KA_Op<"projection", [Pure]> {
  let summary = "random projection z = x * Omega^T (+ b)";
  let description = [{
    Projects a batch of `N` rows `x` (`N x d`) on the `s` rows of `Omega`
    (`s x d`): `z[n][i] = sum_k x[n][k] * Omega[i][k] (+ b[i])`, result
    `N x s`. The optional bias `b` has `s` entries. This is the part of a
    random-feature model that aimc maps onto analog crossbars (weights
    `Omega^T`, `d x s`); `Omega` must be a constant (`ka.sample_projection`
    or `arith.constant`) when the op is lowered.

    Example:

    ```mlir
    %z = ka.projection %x, %omega
        : (tensor<4x3xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
    %zb = ka.projection %x, %omega, %b
        : (tensor<4x3xf32>, tensor<8x3xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$x, KA_Matrix:$omega,
                       Optional<KA_Vector>:$bias);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $x `,` $omega (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Feature maps
//===----------------------------------------------------------------------===//

def KA_RFFOp : KA_Op<"rff", [Pure]> {
  let summary = "random Fourier features [cos, sin] for the RBF kernel";
  let description = [{
    Random Fourier features (Rahimi & Recht 2007) of the RBF kernel
    `k(x, y) = exp(-gamma * ||x - y||^2)` from the projection `z = x Omega^T`
    (`N x s`, `Omega` standard normal):

    `phi(z) = s^(-1/2) * [cos(sqrt(2 gamma) z), sin(sqrt(2 gamma) z)]`

    of shape `N x 2s` (the cosines are columns `0 .. s-1`, the sines columns
    `s .. 2s-1`), so that `phi(x) . phi(y) = (1/s) sum_i cos(sqrt(2 gamma)
    omega_i . (x - y))`, an unbiased estimate of `k(x, y)`. `gamma > 0`.

    Example:

    ```mlir
    %phi = ka.rff %z gamma(5.000000e-01) : tensor<4x8xf32> -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$z, F32Attr:$gamma);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $z `gamma` `(` $gamma `)` attr-dict `:` type($z) `->` type($result)
  }];
  let hasVerifier = 1;
}

def KA_RFFCosOp : KA_Op<"rff_cos", [Pure]> {
  let summary = "random-phase cosine features for the RBF kernel";
  let description = [{
    The random-phase variant of random Fourier features for the RBF kernel
    `exp(-gamma * ||x - y||^2)`:

    `phi(z)[n][i] = sqrt(2/s) * cos(sqrt(2 gamma) z[n][i] + b[i])`

    with `z = x Omega^T` (`N x s`, `Omega` standard normal) and the phases
    `b` (`s` entries, uniform in `[0, 2 pi)`, e.g. from `ka.sample_phase`).
    The phase is an operand of the
    feature map, not the projection's bias: the bandwidth `sqrt(2 gamma)`
    scales `x Omega^T` but not `b`. Result `N x s`; `gamma > 0`.

    Example:

    ```mlir
    %phi = ka.rff_cos %z, %phase gamma(1.000000e+00)
        : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$z, KA_Vector:$phase, F32Attr:$gamma);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $z `,` $phase `gamma` `(` $gamma `)` attr-dict `:` type($z) `,`
    type($phase) `->` type($result)
  }];
  let hasVerifier = 1;
}

def KA_ArcCosOp : KA_Op<"arccos", [Pure]> {
  let summary = "arc-cosine kernel features of order 0, 1 or 2";
  let description = [{
    Random features of the arc-cosine kernel of order `n` (Cho & Saul 2009,
    `k_n(x, y) = 2 E_w[Theta(w.x) Theta(w.y) (w.x)^n (w.y)^n]`, `w`
    standard normal) from `z = x Omega^T` (`N x s`):

    `phi(z) = sqrt(2/s) * Theta(z) * z^n`

    i.e. the scaled Heaviside step (`n = 0`, `Theta(0) = 0`), ReLU (`n = 1`)
    or squared ReLU (`n = 2`). Result `N x s`; `order` is 0, 1 or 2.

    Example:

    ```mlir
    %phi = ka.arccos %z order(1) : tensor<4x8xf32> -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$z, I64Attr:$order);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $z `order` `(` $order `)` attr-dict `:` type($z) `->` type($result)
  }];
  let hasVerifier = 1;
}

def KA_FavorPlusOp : KA_Op<"favor_plus", [Pure]> {
  let summary = "FAVOR+ positive random features of the softmax kernel";
  let description = [{
    Positive (hyperbolic) random features of the softmax kernel
    `exp(x . y)` (Choromanski et al. 2021, "Rethinking attention with
    Performers") from `z = x Omega^T` (`N x s`, `Omega` standard normal or
    orthogonal) and the projected rows `x` themselves (`N x d`, for
    `||x||^2`):

    `phi(x) = (2s)^(-1/2) * exp(-||x||^2 / 2) * [exp(z), exp(-z)]`

    of shape `N x 2s`, so that `E[phi(x) . phi(y)] = exp(x . y)` with
    every feature positive.

    Example:

    ```mlir
    %phi = ka.favor_plus %z, %x
        : tensor<4x8xf32>, tensor<4x3xf32> -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$z, KA_Matrix:$x);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $z `,` $x attr-dict `:` type($z) `,` type($x) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Readout and decisions
//===----------------------------------------------------------------------===//

def KA_ReadoutOp : KA_Op<"readout", [Pure]> {
  let summary = "linear readout y = phi * W (+ c)";
  let description = [{
    The trained linear model on the features: `y = phi * W (+ c)` with
    `phi` (`N x F`), `W` (`F x C`) and the optional bias `c` (`C` entries);
    result `N x C`.

    Example:

    ```mlir
    %y = ka.readout %phi, %w, %c
        : (tensor<4x16xf32>, tensor<16x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$phi, KA_Matrix:$weights,
                       Optional<KA_Vector>:$bias);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $phi `,` $weights (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def KA_BinaryDecisionOp : KA_Op<"binary_decision", [Pure]> {
  let summary = "binary class labels round(clamp(y, 0, 1))";
  let description = [{
    The label of a binary (one-output) classifier trained on targets 0/1:
    `label[n] = round(clamp(y[n][0], 0, 1))`, rounding half away from zero
    (a score of exactly 0.5 gives 1). NaN scores give 0. Input `N x 1`,
    result `N` labels of type `i64`.

    Example:

    ```mlir
    %labels = ka.binary_decision %y : tensor<4x1xf32> -> tensor<4xi64>
    ```
  }];
  let arguments = (ins KA_Matrix:$scores);
  let results = (outs KA_Labels:$result);
  let assemblyFormat = [{
    $scores attr-dict `:` type($scores) `->` type($result)
  }];
  let hasVerifier = 1;
}

def KA_ArgMaxOp : KA_Op<"argmax", [Pure]> {
  let summary = "multi-class labels argmax_c y[n][c]";
  let description = [{
    The label of a multi-class classifier: the index of the largest of the
    `C` scores of each row, the first one on ties; NaN scores are never
    chosen (a row of NaNs gives 0). Input `N x C`, result `N` labels of
    type `i64`.

    Example:

    ```mlir
    %labels = ka.argmax %y : tensor<4x3xf32> -> tensor<4xi64>
    ```
  }];
  let arguments = (ins KA_Matrix:$scores);
  let results = (outs KA_Labels:$result);
  let assemblyFormat = [{
    $scores attr-dict `:` type($scores) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def KA_LinearAttentionOp : KA_Op<"linear_attention", [Pure]> {
  let summary = "kernelized linear attention (Performer)";
  let description = [{
    Attention with the softmax kernel replaced by random features
    (Choromanski et al. 2021):

    `A = D^-1 * phi(Q) * (phi(K)^T * V)`,
    `D = diag(phi(Q) * (phi(K)^T * 1))`

    with queries `Q` (`N x d`), keys `K` (`M x d`), values `V` (`M x e`) and
    one projection `Omega` (`s x d`) shared by `Q` and `K`; result `N x e`.
    The feature map, applied to `z = Q Omega^T` (resp. `K Omega^T`), is

    - `favor_positive`: `(2s)^(-1/2) exp(-||q||^2/2) [exp(z), exp(-z)] + eps`
      (`2s` features, approximates `exp(q . k)`),
    - `relu`: `s^(-1/2) max(z, 0) + eps` (`s` features),

    where `eps` is the attribute `epsilon` (default 0, must be >= 0), added
    to every feature to keep `D` away from zero (Performer's
    `kernel_epsilon`). Scale `Q` and `K` by `d^(-1/4)` beforehand for
    `softmax(Q K^T / sqrt(d))`.

    Example:

    ```mlir
    %a = ka.linear_attention %q, %k, %v, %omega feature_map = favor_positive
        : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>, tensor<16x8xf32>)
        -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins KA_Matrix:$query, KA_Matrix:$key, KA_Matrix:$value,
                       KA_Matrix:$omega,
                       KA_AttentionFeatureMapAttr:$feature_map,
                       DefaultValuedAttr<F32Attr, "0.0f">:$epsilon);
  let results = (outs KA_Matrix:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value `,` $omega `feature_map` `=` `` $feature_map
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // AIMC_DIALECT_KA_IR_KAOPS_TD
