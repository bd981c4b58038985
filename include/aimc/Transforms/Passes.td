//===- Passes.td - Passes of aimc's lowering pipelines -----*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_TRANSFORMS_PASSES_TD
#define AIMC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EmitCInterfacePass : Pass<"aimc-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Mark the public functions as host entry points";
  let description = [{
    Prepares a tensor-level module for execution from a host (aimc-run, the
    Python bindings): every public `func.func` with a body gets the
    `llvm.emit_c_interface` unit attribute, so that `convert-func-to-llvm`
    emits a `_mlir_ciface_<name>` wrapper taking and returning memref
    descriptors by pointer, and the discardable attribute
    `aimc.entry_type`, a copy of its function type before bufferization. The
    attribute survives the lowering to the LLVM dialect, so a host can check
    its inputs (element types and shapes) against an already lowered module.

    Declarations (e.g. the `@aimc_rt_*` runtime functions or libm functions)
    and private functions are left alone: tagging an external declaration
    would redirect its calls to a non-existent `_mlir_ciface_` symbol.

    Example:

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> { ... }
    ```

    becomes

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32>
        attributes {aimc.entry_type = (tensor<4xf32>) -> tensor<4xf32>,
                    llvm.emit_c_interface} { ... }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def ApproximateMathPass : Pass<"aimc-approximate-math"> {
  let summary = "Replace f32 transcendental functions by inline polynomials";
  let description = [{
    Rewrites `math.sin`, `math.cos` and `math.exp` on `f32` (scalars or
    vectors) into inline polynomial approximations built from `arith` ops,
    `math.fma`, `math.floor` and `math.roundeven` only. Unlike a call into
    libm, the expanded body is plain branch-free arithmetic, so LLVM's loop
    vectoriser turns the elementwise loops of the digital feature maps
    (cos/sin of RFF, exp of FAVOR+) into SIMD code.

    sin/cos on scalars (the bodies of the elementwise loops): an exact
    range reduction for every finite float32 (Payne-Hanek specialised to
    24-bit inputs: x = M * 2^E, x * 2/pi = M * G[E] mod 4 with G read from a
    256-entry table of 2/pi scaled by each exponent, as a 29-bit double,
    whose product with M is exact, and the rest), then the minimax
    polynomials of Cephes' sinf/cosf on [-pi/4, pi/4] and the quadrant
    k mod 4 in float.

    Loops over such scalars are versioned: a `linalg.generic` (on tensors)
    whose body takes sin/cos of values computed from its inputs alone
    becomes a reduction over the same iteration space that recomputes the
    arguments and flags any with |x| >= 2^26 (or NaN, inf), then an
    `scf.if` between the generic with the table reduction (some argument
    flagged) and a copy whose sin/cos are tagged `aimc.small_range`. Below
    2^26 the table is 2/pi scaled by powers of two (G[e] < 4, no "mod 4"),
    so x * G[150] in double replaces M * G[e]: the same products, the same
    roundings, the same bits, without the table lookup, which LLVM turned
    into gathers (a third of the RFF loop's time). `ApproximateMathTest`
    compares both reductions bit for bit on every exponent below 2^26.
    On vectors: k = roundeven(x * 2/pi), r = x - k*C1 - k*C2 (Cody-Waite,
    C1 + C2 = pi/2 to 48 bits), with libm's value selected for lanes with
    |x| > 8192. NaN and inf give NaN. exp: MLIR's approximation
    (`populateMathPolynomialApproximationPatterns`).

    Accuracy (measured by `ApproximateMathTest` against double-precision
    libm): sin and cos within about one float32 ulp of the result (< 2e-7
    absolute) on dense grids of [-64, 64] and [-1e4, 1e4] and on every
    float32 exponent from the subnormals to 3.4e38 (random mantissas); exp
    within 8.2e-8 relative on [-80, 80] (under one ulp), 0 at -100 and +inf
    at 100; NaN stays NaN. Other element types and other math ops are left
    alone (and become LLVM intrinsics or libm calls as before).

    The `ops` option selects which functions are rewritten.

    Example:

    ```mlir
    %c = math.cos %x : f32
    ```

    becomes (abridged)

    ```mlir
    %bits = arith.bitcast %x : f32 to i32
    ...                              // M and the exponent e from the bits
    %g1 = tensor.extract %table[%e, %c0] : tensor<256x2xf64>
    %p1 = arith.mulf %m, %g1 : f64
    %k = math.roundeven ... : f64    // x * 2/pi = k + u, |u| <= 1/2
    %r = arith.truncf ... : f64 to f32 // u * pi/2
    ... math.fma ...                 // sin(r) and cos(r) polynomials in r^2
    %v = arith.select %odd_quadrant, %cos_r, %sin_r : f32
    %c = arith.select %negative_quadrant, %minus_v, %v : f32
    ```
  }];
  let options = [
    ListOption<"ops", "ops", "std::string",
               "Math functions to approximate: any of sin, cos, exp "
               "(default: all three)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def InterchangeContractionsPass
    : Pass<"aimc-interchange-contractions", "::mlir::func::FuncOp"> {
  let summary = "Make an output-contiguous loop innermost in linalg contractions";
  let description = [{
    A digital `linalg.matmul` (the readout `phi W`) lowers to loops
    `(i, j, k)` with the reduction `k` innermost: `y[i, j] += a[i, k] *
    b[k, j]` then accumulates into one scalar, which LLVM cannot vectorise
    without reassociating the sum. This pass reorders the loops of linalg
    ops with a single output, at least one reduction loop and a reduction
    innermost, so that the loop indexing the output's last (contiguous)
    dimension becomes innermost: `(i, k, j)`, `y[i, j:j+16] += a[i, k] *
    b[k, j:j+16]`, which vectorises. Named ops are generalised first.

    Trailing output dimensions of extent 1 are skipped: the binary readout
    `phi W` with `W : 1014x1` (and `linalg.matvec`) gets its rows `i`
    innermost, `(j, k, i)`, `y[i:i+16, 0] += a[i:i+16, k] * b[k, 0]`.
    No input is contiguous along `i` there, so every step of `k` reads a
    strided column of `a`, one cache line per row; that is still several
    times faster than one serial chain of additions per output, as long as
    those lines stay in cache until the next steps of `k` use them: such
    matrix-vector products are reordered only for a static extent of at
    most 4096 rows.

    For every output element the reduction still runs in the same order
    (`k` ascending), so results are bit-identical; only independent
    elements are interleaved. Ops whose output has only dimensions of
    extent 1 (nothing to vectorise over), or with several outputs (the
    argmax value/index pair), are left alone.

    Example:

    ```mlir
    linalg.matmul ins(%phi, %w : memref<256x1014xf32>, memref<1014x26xf32>)
                  outs(%y : memref<256x26xf32>)
    ```

    becomes

    ```mlir
    linalg.generic {indexing_maps = [(d0, d1, d2) -> (d0, d1),
                                     (d0, d1, d2) -> (d1, d2),
                                     (d0, d1, d2) -> (d0, d2)],
                    iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%phi, %w : ...) outs(%y : ...) { mulf, addf }
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def CheckBufferSizesPass : Pass<"aimc-check-buffer-sizes", "::mlir::ModuleOp"> {
  let summary = "Refuse buffers larger than the memory budget before they are allocated";
  let description = [{
    Runs on bufferized IR, before the lowering to the LLVM dialect: every
    `memref.alloc` and `memref.alloca` of a static shape must fit the
    process-wide budget of aimc/Support/Limits.h (the weight budget, 2 GiB
    by default; `--aimc-weight-budget`, `aimc.set_weight_budget()`). A larger
    buffer is an error at the location of the op that asked for it (usually
    a `tensor.empty` of the input), stating its size; without the check, the
    compiled code's `malloc` would fail at run time and the program would
    dereference a null pointer. Sizes are computed with saturating
    arithmetic, so shapes whose element count overflows 64 bits are refused
    too. Buffers of dynamic shapes are sized by the inputs and not checked.

    Example:

    ```mlir
    %e = memref.alloc() : memref<100000x1000000xf32>
    ```

    gives `error: 'memref.alloc' op allocates a buffer of 373 GiB, more than
    the memory budget of 2 GiB (...)`.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def LowerStridedCopiesPass
    : Pass<"aimc-lower-strided-copies", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy with a strided operand into linalg.copy";
  let description = [{
    `finalize-memref-to-llvm` lowers a `memref.copy` between two
    identity-layout buffers to `llvm.memcpy`, but every other copy to a call
    of `memrefCopy` from MLIR's C runner utilities, which walks a generic
    descriptor and copies element by element. Copies into a block of
    columns of a wider buffer are of that kind: bufferization leaves one
    for the sin half of a fused RFF `[cos | sin]` map, and the attention
    models' head slices. This pass replaces every ranked `memref.copy` with
    a non-identity layout on either side by `linalg.copy`, which
    `convert-linalg-to-loops` lowers to a loop nest with a contiguous inner
    loop that LLVM vectorises. Copies between identity-layout buffers are
    left alone (they become `llvm.memcpy`).

    Example:

    ```mlir
    memref.copy %sin, %half : memref<256x507xf32>
        to memref<256x507xf32, strided<[1014, 1], offset: 507>>
    ```

    becomes

    ```mlir
    linalg.copy ins(%sin : memref<256x507xf32>)
        outs(%half : memref<256x507xf32, strided<[1014, 1], offset: 507>>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def VectorizeMatvecPass
    : Pass<"aimc-vectorize-matvec", "::mlir::func::FuncOp"> {
  let summary = "Matrix-vector products on buffers as 16x16 transposed vector tiles";
  let description = [{
    A `linalg.matmul` on buffers with one output column, `y (M x 1) +=
    A (M x K) w (K x 1)` in f32 (the binary readout `phi w`), with M a
    multiple of 16, K >= 16, A's rows contiguous and y of identity layout,
    becomes vector code: for each block of 16 rows, `y[i0:i0+16]` is
    loaded once; for each tile of 16 columns the 16 row segments are loaded
    contiguously, transposed in registers (`vector.transpose`, lowered to
    shuffles) and added column by column, `acc = acc + column * w[k]`, in
    ascending `k`; the last K mod 16 columns one at a time. Every output is
    the same sequence of roundings as the loops of `linalg.matmul` (the
    multiply and the add separate, k ascending), so results are
    bit-identical; the strided column reads (gathers) of the loop order of
    `aimc-interchange-contractions` become contiguous loads. Other matmuls
    are left alone.

    Example:

    ```mlir
    linalg.matmul ins(%phi, %w : memref<256x1014xf32>, memref<1014x1xf32>)
                  outs(%y : memref<256x1xf32>)
    ```

    becomes (abridged)

    ```mlir
    %yv = memref.collapse_shape %y [[0, 1]] : memref<256x1xf32> into memref<256xf32>
    scf.for %i0 = %c0 to %c256 step %c16 {
      %acc0 = vector.load %yv[%i0] : memref<256xf32>, vector<16xf32>
      %acc = scf.for %k0 = %c0 to %c1008 step %c16 iter_args(...) {
        %r0 = vector.load %phi[%i0, %k0] : memref<256x1014xf32>, vector<16xf32>
        ...                                  // 16 rows into a 16x16 tile
        %t = vector.transpose %tile, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
        %c = vector.extract %t[0] : vector<16xf32> from vector<16x16xf32>
        %p = arith.mulf %c, %w0 : vector<16xf32>
        %a = arith.addf %acc_in, %p : vector<16xf32>
        ...                                  // columns 1..15 in order
      }
      ...                                    // columns 1008..1013
      vector.store %acc_out, %yv[%i0] : memref<256xf32>, vector<16xf32>
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // AIMC_TRANSFORMS_PASSES_TD
