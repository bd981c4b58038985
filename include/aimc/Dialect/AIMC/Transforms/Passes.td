//===- Passes.td - Passes of the aimc dialect --------------*- tablegen -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_TD
#define AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AIMCSetChip : Pass<"aimc-set-chip", "::mlir::ModuleOp"> {
  let summary = "Name the chip a module is compiled for";
  let description = [{
    Sets the module's `aimc.chip` to `chip`: a preset name (`hermes`) or a
    full `#aimc.chip<...>` attribute. An empty `chip` keeps the module's
    `aimc.chip` (HERMES when it has none). A module that already targets a
    different chip is refused, since its tiles may have been cut and placed
    for it.
  }];
  let dependentDialects = ["::aimc::AIMCDialect"];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"\"",
           "preset name (hermes) or #aimc.chip<...> attribute">
  ];
}

def AIMCPartition : Pass<"aimc-partition", "::mlir::ModuleOp"> {
  let summary = "Select the constant-weight matrix products that run in analog";
  let description = [{
    Rewrites every linalg contraction with a compile-time constant weight
    (`linalg.matmul` with any transposing indexing maps, `linalg.matvec`,
    `linalg.vecmat`, `linalg.batch_matmul`, `linalg.batch_matvec`,
    `linalg.batch_vecmat`, `linalg.contract` and matmul-like
    `linalg.generic`) that the policy selects into `aimc.matmul`.

    The weight is the constant input operand: an `arith.constant` dense
    tensor, possibly through `linalg.transpose` (folded at compile time). It
    is brought into the K x N layout (inputs x outputs); the other operand
    becomes the B x K batch (transposed, expanded or sliced per batch index
    as needed). A non-zero accumulator (outs) is added back digitally with
    `linalg.add`.

    Policies:
    - `projections` (default): a contraction tagged `ka.role = "projection"`;
      an untagged one (IR from any front end) qualifies when its result,
      through at most four elementwise affine ops (`arith` add, sub, mul,
      div, negf, extf, truncf on tensors, `tensor.cast`, or an all-parallel
      linalg op whose body only has those, e.g. a broadcast bias), feeds an
      elementwise nonlinearity: `math.cos`, `sin`, `exp`, `exp2`, `expm1`,
      `tanh` or `erf`, an `arith.maximumf`/`maxnumf` with a zero operand
      (ReLU), or an all-parallel linalg op whose body contains one of those.
      Contractions tagged with another role (e.g. `readout`) stay digital.
    - `attention`: only contractions tagged `ka.role = "projection"` (the
      lowered `ka.projection`/`ka.linear_attention` products, e.g. the
      FAVOR+ projections Omega of a Performer exported from PyTorch); no
      other linear layer, whatever nonlinearity follows it. The paper's
      "attention-only" mapping.
    - `all`: every constant-weight contraction (the paper's "full" mapping
      of a Transformer: also its Q/K/V, output and FFN weights).

    `min-size` skips weights with fewer than `min-size` elements (K * N).
  }];
  let dependentDialects = [
    "::aimc::AIMCDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"policy", "policy", "std::string", /*default=*/"\"projections\"",
           "which constant-weight matmuls go analog: "
           "projections|attention|all">,
    Option<"minSize", "min-size", "int64_t", /*default=*/"0",
           "minimum number of weights (K*N) of an analog matmul">
  ];
}

def AIMCTile : Pass<"aimc-tile", "::mlir::ModuleOp"> {
  let summary = "Cut analog weight matrices into crossbar-sized blocks";
  let description = [{
    Splits the K x N weight of every `aimc.matmul` into blocks of at most
    rows x cols of the module's chip (`aimc::ChipModel`): ceil(K/rows) row
    blocks times ceil(N/cols) column blocks, the last ones ragged. Each block
    becomes a constant programmed by `aimc.tile` (ids numbered in the module)
    and read by `aimc.mvm` on the matching column slice of the input. The
    partial sums of the row blocks of a column block are summed by
    `aimc.accumulate` after the ADC; the column blocks are concatenated with
    `tensor.concat`.
  }];
  let dependentDialects = ["::aimc::AIMCDialect", "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def AIMCPlace : Pass<"aimc-place", "::mlir::ModuleOp"> {
  let summary = "Assign crossbar blocks to cores and offsets";
  let description = [{
    Places every `aimc.tile` of the module on a chip, core, row and column
    offset. Blocks are packed 2-D into crossbars with shelf first-fit
    decreasing: sorted by rows then columns (descending), each block goes
    into the first shelf of the first open crossbar where it fits, or opens a
    new shelf (or crossbar). Several small blocks thus share one crossbar and
    no two blocks overlap. Crossbar i is core i mod cores of chip
    i / cores.

    Writes `aimc.crossbars_used`, `aimc.utilization` (programmed cells over
    the cells of the crossbars used) and `aimc.chip_utilization` (programmed
    cells over all cells of the chips) on the module, and sets `aimc.chip`
    (and `aimc.num_chips` for `chips` > 1). `report=true` prints a table
    per crossbar to stderr.

    When the blocks need more crossbars than `chips` x cores, the pass fails
    with a diagnostic giving both numbers. A module whose tiles all have a
    placement already (placed by hand or by an earlier run) is left
    unchanged; if only some do, all are placed anew.
  }];
  let dependentDialects = ["::aimc::AIMCDialect"];
  let options = [
    Option<"chips", "chips", "int64_t", /*default=*/"1",
           "number of chips the placement may spread over">,
    Option<"report", "report", "bool", /*default=*/"false",
           "print a utilization table to stderr">
  ];
}

def AIMCFloatReference : Pass<"aimc-float-reference", "::mlir::ModuleOp"> {
  let summary = "Replace analog ops by the exact float computation they approximate";
  let description = [{
    The float reference of an analog program: every `aimc.matmul` and
    `aimc.mvm` becomes an exact `linalg.matmul` (zero-filled accumulator) on
    the constant weights, every `aimc.accumulate` a chain of `linalg.add`,
    the `aimc.tile` ops disappear and the module's `aimc.*` attributes are
    dropped (the output needs no aimc dialect). No noise, no DAC/ADC quantisation:
    the result is what an ideal chip would compute, at any stage of the
    aimc pipeline (after partition, tile or place). Comparing it with the
    original digital program checks that the aimc passes preserve the
    computation; comparing it with the simulated chip bounds the analog
    error.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def AIMCCountDigitalOps : Pass<"aimc-count-digital-ops", "::mlir::ModuleOp"> {
  let summary = "Account the digital work of a program to the simulated chip";
  let description = [{
    Inserts calls of the runtime function
    `@aimc_rt_count_digital(kind, ops)` (include/aimc-c/RuntimeABI.h) so that
    a run reports the digital operations it executed and the executor charges
    their energy and time. Kinds: 0 add/subtract, 1 multiply/divide/FMA,
    2 transcendental (`math` functions such as cos, exp, tanh, sqrt), 3
    compare/select/min/max/conversion and anything else.

    Counted per execution of the enclosing block:

    - a `linalg` op: its scalar body per iteration times the number of
      iterations (the product of its loop ranges). A multiply whose only use
      is an add or subtract of the same body counts as one FMA (kind 1), the
      add is not counted again; so a matmul counts M * N * K FMAs. Bodies that
      only move data (`linalg.fill`, `transpose`, `broadcast`, `copy`) count
      nothing.
    - an elementwise `arith` or `math` op on a ranked tensor: one operation
      of its kind per element.

    Counts come from static shapes where they are known and are computed
    from `tensor.dim` of the operands where they are dynamic. The calls (one
    per kind with a non-zero count) go before the terminator of each block
    with counted ops, so ops in loops and branches are counted as often as
    they run. Index arithmetic on scalars, tensor data movement (slices,
    concatenation, reshapes) and analog MVMs (`@aimc_rt_mvm`, accounted by the
    executor) are not counted. `@aimc_program_tiles` is left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // AIMC_DIALECT_AIMC_TRANSFORMS_PASSES_TD
