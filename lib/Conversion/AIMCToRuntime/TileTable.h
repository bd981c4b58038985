//===- TileTable.h - Tile programming as a table-driven loop ----*- C++ -*-===//
//
// Part of the aimc project.
//
//===----------------------------------------------------------------------===//
//
// The one-time programming code of any number of tiles is one loop over
// constant tables, so that its size (and the compile time spent on it) does
// not grow with the tile count:
//
//   @aimc_tiles_weights : memref<Wxf32>    all blocks, row-major, one after
//                                          the other
//   @aimc_tiles_table   : memref<Tx9xi64>  id, global core, row offset,
//                                          column offset, rows, columns,
//                                          element offset in the weights,
//                                          mode, calibration
//   @aimc_tiles_params  : memref<Tx3xf64>  percentile, input range, noise
//                                          scale
//
//   scf.for %i = 0 to T {
//     call @aimc_rt_configure_tile(id, mode, calibration, percentile,
//                                  input range, noise scale)
//     %block = memref.reinterpret_cast %weights to offset: [offset],
//         sizes: [rows, cols], strides: [cols, 1]
//     call @aimc_rt_program_tile(id, core, row, col, %block)
//   }
//
//===----------------------------------------------------------------------===//

#ifndef AIMC_LIB_CONVERSION_AIMCTORUNTIME_TILETABLE_H
#define AIMC_LIB_CONVERSION_AIMCTORUNTIME_TILETABLE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

namespace aimc {

/// What programming one tile needs.
struct TileEntry {
  int64_t id = 0;
  /// Global core index (chip * cores + core).
  int64_t core = 0;
  int64_t row = 0, col = 0;
  /// The K x N weights, f32.
  mlir::DenseElementsAttr weights;
  int64_t fourPhase = 0;
  int64_t calibration = 0;
  double percentile = 0, inputRange = 0, noiseScale = 0;
};

/// Emits the tables as private constant globals at `globals` (names made
/// unique in `symbols`) and the loop over them at `body`.
void emitTileTable(mlir::OpBuilder &globals, mlir::OpBuilder &body,
                   mlir::Location loc, llvm::ArrayRef<TileEntry> tiles,
                   mlir::SymbolTable &symbols);

} // namespace aimc

#endif // AIMC_LIB_CONVERSION_AIMCTORUNTIME_TILETABLE_H
